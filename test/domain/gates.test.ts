import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { emptyState } from "../../src/domain/state.js";
import {
  decideApproval,
  evaluateCriteria,
  GATE_MARKER,
  gateDecisionMarker,
  parseCriteria,
  renderGateBody,
  summariseGate,
  syncChecklist,
  type Criterion,
  type CriterionVerdict,
} from "../../src/domain/gates.js";
import type { CoordinationState, IssueRef, StateIssue } from "../../src/domain/types.js";

const CTX = { owner: "acme", repo: "app" };
const key = (n: number) => `acme/app#${n}`;
const LABELS = { approved: "gate:approved", rejected: "gate:rejected" };

function issue(n: number, status: StateIssue["status"], extra: Partial<StateIssue> = {}): StateIssue {
  const closed = status === "done";
  return {
    ref: key(n),
    number: n,
    title: `Issue ${n}`,
    state: status === "missing" ? null : closed ? "closed" : "open",
    stateReason: closed ? "completed" : null,
    status,
    blockedBy: [],
    assignees: [],
    worker: null,
    estimateMinutes: null,
    wave: null,
    urgent: false,
    ...extra,
  };
}

function stateOf(issues: StateIssue[], edges: Array<[number, number]> = []): CoordinationState {
  return {
    ...emptyState("acme/app#1", "2026-11-27T10:00:00.000Z"),
    progress: { done: issues.filter((i) => i.status === "done").length, total: issues.length },
    issues,
    edges: edges.map(([from, to]) => ({ from: key(from), to: key(to), source: "table" as const })),
  };
}

function criterion(extra: Partial<Criterion>): Criterion {
  return { line: 0, text: "", checked: false, kind: "manual", issues: [], wave: null, ...extra };
}

const one = (body: string) => {
  const parsed = parseCriteria(body, CTX);
  expect(parsed).toHaveLength(1);
  return parsed[0] as Criterion;
};

const splitLines = (text: string) => text.split(/\r\n|\r|\n/);

describe("parseCriteria", () => {
  it.each([
    ["- [ ] #972 closed", "issue", false, [key(972)], null],
    ["- [ ] #972", "issue", false, [key(972)], null],
    ["- [x] #972 and #973", "issue", true, [key(972), key(973)], null],
    ["* [X] other/repo#5 merged", "issue", true, ["other/repo#5"], null],
    ["+ [ ] https://github.com/acme/app/issues/12 done", "issue", false, [key(12)], null],
    ["- [ ] #972-974 closed", "issue", false, [key(972), key(973), key(974)], null],
    ["1. [ ] #9", "issue", false, [key(9)], null],
    ["2) [x] #9", "issue", true, [key(9)], null],
    ["- [ ] all of wave 1", "wave", false, [], 1],
    ["- [x] All of Wave 12", "wave", true, [], 12],
    ["- [ ] wave 2 complete", "wave", false, [], 2],
    ["- [ ] Wave 3 done", "wave", false, [], 3],
    ["- [ ] WAVE 4 IS FINISHED", "wave", false, [], 4],
    ["- [ ] all of wave 2 (see #5)", "issue", false, [key(5)], null],
    ["- [ ] Load test signed off", "manual", false, [], null],
    ["- [x] Load test signed off", "manual", true, [], null],
    ["- [X] Load test signed off", "manual", true, [], null],
    ["- [ ] wave 2", "manual", false, [], null],
    ["- [ ] see `#12` for details", "manual", false, [], null],
    ["- [ ] all of phase 1", "phase", false, [], null],
    ["- [ ] Phase 2.1 complete", "phase", false, [], null],
  ])("%s", (body, kind, checked, issues, wave) => {
    const c = one(body);
    expect(c).toMatchObject({ line: 0, kind, checked, issues, wave });
  });

  it.each([
    ["a plain item", "- #972 closed"],
    ["a quoted item", "> - [ ] #972"],
    ["a fenced item", "```\n- [ ] #972\n```"],
    ["an indented code block", "    - [ ] #972"],
    ["an HTML comment", "<!--\n- [ ] #972\n-->"],
    ["a nested item", "- parent\n  - [ ] #972"],
    ["a box without text", "- [ ]"],
    ["a box glued to text", "- [ ]#972"],
    ["another box", "- [y] #972"],
    ["a heading item", "- [ ] #972\n  ---"],
    ["a paragraph", "[ ] #972"],
  ])("ignores %s", (_what, body) => {
    expect(parseCriteria(body, CTX)).toEqual([]);
  });

  it("gives the line of each checkbox, in order, across line-break styles", () => {
    const body = "# Gate\r\n\r\nIntro\n\n- [ ] #1\r- [x] manual\n-\n  [ ] #2\n\n```\n- [ ] #3\n```\n1. [ ] all of wave 1";
    const parsed = parseCriteria(body, CTX);
    const lines = splitLines(body);
    expect(parsed.map((c) => [c.line, c.kind, c.checked])).toEqual([
      [4, "issue", false],
      [5, "manual", true],
      [7, "issue", false],
      [12, "wave", false],
    ]);
    for (const c of parsed) expect(lines[c.line]).toMatch(/\[[ xX]\]/);
  });

  it("keeps the text plain and bounded", () => {
    const c = one(`- [ ] **Load** *test* [signed](https://x.y) off <!-- hidden --> ${"y".repeat(500)}`);
    expect(c.text.startsWith("Load test signed off")).toBe(true);
    expect(c.text.length).toBeLessThanOrEqual(200);
    expect(one("- [ ] first line\n  second line").text).toBe("first line second line");
  });

  it("reads only the item's first paragraph for issues", () => {
    expect(one("- [ ] Backend signed off\n\n  Notes: see #12").kind).toBe("manual");
  });

  it("never throws and stays bounded on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (body) => {
        const parsed = parseCriteria(body, CTX);
        expect(Array.isArray(parsed)).toBe(true);
      }),
    );
    expect(parseCriteria(undefined as unknown as string, CTX)).toEqual([]);
    expect(parseCriteria("- [ ] x\n".repeat(1000), CTX)).toHaveLength(200);
  });
});

describe("evaluateCriteria", () => {
  const ic = (...numbers: number[]) => criterion({ kind: "issue", issues: numbers.map(key), text: numbers.map((n) => `#${n}`).join(" ") });
  const wc = (wave: number) => criterion({ kind: "wave", wave, text: `all of wave ${wave}` });

  it.each<[string, StateIssue[], number[], boolean, string]>([
    ["closed", [issue(972, "done")], [972], true, "#972 closed"],
    ["closed as not planned", [issue(972, "done", { stateReason: "not_planned" })], [972], true, "#972 closed as not planned"],
    ["reported complete", [issue(972, "done", { state: "open", stateReason: null })], [972], true, "#972 done"],
    ["in progress", [issue(972, "in_progress")], [972], false, "#972 open (in progress)"],
    ["blocked", [issue(972, "blocked")], [972], false, "#972 open (blocked)"],
    ["ready", [issue(972, "ready")], [972], false, "#972 open (ready)"],
    ["missing", [issue(972, "missing")], [972], false, "#972 is missing or unreadable"],
    ["untracked", [], [972], false, "#972 is not tracked by the coordination"],
    ["partly done", [issue(1, "done"), issue(2, "ready")], [1, 2], false, "#1 closed; #2 open (ready)"],
    ["all done", [issue(1, "done"), issue(2, "done")], [1, 2], true, "#1 closed; #2 closed"],
  ])("issue criterion: %s", (_what, issues, named, met, evidence) => {
    const [v] = evaluateCriteria([ic(...named)], stateOf(issues));
    expect(v).toMatchObject({ met, evidence });
  });

  it("names issues of other repositories in full", () => {
    const [v] = evaluateCriteria([criterion({ kind: "issue", issues: ["other/repo#5"] })], stateOf([]));
    expect(v?.evidence).toBe("other/repo#5 is not tracked by the coordination");
  });

  it("bounds the evidence of a criterion naming many issues", () => {
    const numbers = Array.from({ length: 30 }, (_, i) => i + 1);
    const [v] = evaluateCriteria([ic(...numbers)], stateOf(numbers.map((n) => issue(n, n === 30 ? "ready" : "done"))));
    expect(v?.met).toBe(false);
    expect(v?.evidence).toContain("20 more, 1 not done");
  });

  it.each([
    [true, "ticked by a person"],
    [false, "not ticked"],
  ])("manual criterion ticked=%s", (checked, evidence) => {
    const [v] = evaluateCriteria([criterion({ checked, text: "signed off" })], stateOf([]));
    expect(v).toMatchObject({ met: checked, evidence });
  });

  // The plan: 1, 2 (wave 1) → 3 after 1 (wave 2) → 4 after 3 (wave 3); 5 after 2 (wave 2).
  const plan = (done: number[]) =>
    stateOf(
      [1, 2, 3, 4, 5].map((n) => issue(n, done.includes(n) ? "done" : "ready", { wave: 99 })),
      [
        [1, 3],
        [3, 4],
        [2, 5],
      ],
    );

  it.each<[string, number, number[], boolean, string]>([
    ["wave 1, nothing done", 1, [], false, "wave 1: 0 of 2 done (not done: #1, #2)"],
    ["wave 1, half done", 1, [1], false, "wave 1: 1 of 2 done (not done: #2)"],
    ["wave 1 done, later waves open", 1, [1, 2], true, "wave 1: 2 of 2 done"],
    ["wave 2 with wave 2 open", 2, [1, 2], false, "waves 1–2: 2 of 4 done (not done: #3, #5)"],
    ["wave 2 done but wave 1 not", 2, [1, 3, 5], false, "waves 1–2: 3 of 4 done (not done: #2)"],
    ["wave 3 done", 3, [1, 2, 3, 4, 5], true, "waves 1–3: 5 of 5 done"],
    ["a wave the plan does not have", 4, [1, 2, 3, 4, 5], false, "wave 4: no such wave (the plan has 3)"],
  ])("wave criterion: %s", (_what, wave, done, met, evidence) => {
    const [v] = evaluateCriteria([wc(wave)], plan(done));
    expect(v).toMatchObject({ met, evidence });
  });

  it("numbers waves over the whole plan, so finishing wave 1 does not renumber wave 2", () => {
    // The state's own `wave` field (open issues only) would now put #3 and #5 in wave 1.
    const state = plan([1, 2]);
    state.issues = state.issues.map((i) => (i.ref === key(3) || i.ref === key(5) ? { ...i, wave: 1 } : i));
    state.waves = [[key(3), key(5)], [key(4)]];
    const [w1, w2] = evaluateCriteria([wc(1), wc(2)], state);
    expect(w1?.met).toBe(true);
    expect(w2?.met).toBe(false);
  });

  it("leaves the gate and what waits for it out of its wave criteria", () => {
    // 1 (wave 1) → gate 10 (wave 2) → 11 (wave 3); 2 (wave 1) → 3 (wave 2).
    const state = stateOf([issue(1, "done"), issue(2, "done"), issue(3, "done"), issue(10, "blocked"), issue(11, "blocked")], [
      [1, 10],
      [10, 11],
      [2, 3],
    ]);
    const [alone] = evaluateCriteria([wc(3)], state);
    expect(alone?.met).toBe(false);
    const [withGate] = evaluateCriteria([wc(2)], state, { gate: key(10) });
    expect(withGate).toMatchObject({ met: true, evidence: "waves 1–2: 3 of 3 done" });
    const [past] = evaluateCriteria([wc(3)], state, { gate: key(10) });
    expect(past).toMatchObject({ met: false, evidence: "wave 3: no such wave (the plan has 2)" });
  });

  it("puts the issues of a dependency cycle in one wave", () => {
    const state = stateOf([issue(1, "done"), issue(2, "ready"), issue(3, "ready")], [
      [1, 2],
      [2, 1],
      [2, 3],
    ]);
    const [w1, w2] = evaluateCriteria([wc(1), wc(2)], state);
    expect(w1).toMatchObject({ met: false, evidence: "wave 1: 1 of 2 done (not done: #2)" });
    expect(w2?.evidence).toBe("waves 1–2: 1 of 3 done (not done: #2, #3)");
  });

  it("is unmet when nothing is tracked", () => {
    const [v] = evaluateCriteria([wc(1)], stateOf([]));
    expect(v).toMatchObject({ met: false, evidence: "wave 1: no tracked issues" });
  });

  it("layers a long chain without recursion", () => {
    const n = 20_000;
    const issues = Array.from({ length: n }, (_, i) => issue(i + 1, i < n - 1 ? "done" : "ready"));
    const edges = Array.from({ length: n - 1 }, (_, i): [number, number] => [i + 1, i + 2]);
    const [before, last] = evaluateCriteria([wc(n - 1), wc(n)], stateOf(issues, edges));
    expect(before?.met).toBe(true);
    expect(last).toMatchObject({ met: false });
    expect(last?.evidence).toContain(`${n - 1} of ${n} done`);
  });
});

describe("syncChecklist", () => {
  const body = [
    "## Gate",
    "",
    "- [ ] #1 closed",
    "- [x] #2",
    "- [ ] Security review signed off",
    "- [x] Docs reviewed",
    "- [ ] all of wave 1",
    "",
    "```",
    "- [ ] #1",
    "```",
    "> - [ ] #1",
  ].join("\n");

  it("ticks and unticks issue and wave criteria only", () => {
    const state = stateOf([issue(1, "done"), issue(2, "ready")]);
    const out = syncChecklist(body, evaluateCriteria(parseCriteria(body, CTX), state));
    expect(splitLines(out)).toEqual([
      "## Gate",
      "",
      "- [x] #1 closed",
      "- [ ] #2",
      "- [ ] Security review signed off",
      "- [x] Docs reviewed",
      "- [ ] all of wave 1",
      "",
      "```",
      "- [ ] #1",
      "```",
      "> - [ ] #1",
    ]);
  });

  it("keeps a person's ticks across edits and repeated syncs", () => {
    let current = body;
    const states = [stateOf([issue(1, "done"), issue(2, "done")]), stateOf([issue(1, "ready"), issue(2, "done")]), stateOf([issue(1, "done"), issue(2, "ready")])];
    for (const [i, state] of states.entries()) {
      current = syncChecklist(current, evaluateCriteria(parseCriteria(current, CTX), state));
      if (i === 0) current = current.replace("- [ ] Security review signed off", "- [x] Security review signed off");
      if (i === 1) current = current.replace("- [x] Docs reviewed", "- [ ] Docs reviewed\n- [X] New item added by a person");
    }
    const manual = parseCriteria(current, CTX).filter((c) => c.kind === "manual");
    expect(manual.map((c) => [c.text, c.checked])).toEqual([
      ["Security review signed off", true],
      ["Docs reviewed", false],
      ["New item added by a person", true],
    ]);
  });

  it("keeps `X` when already met, and line breaks as written", () => {
    const crlf = "- [X] #1\r\n- [x] #2\r\n- [ ] #3\r\n";
    const out = syncChecklist(crlf, evaluateCriteria(parseCriteria(crlf, CTX), stateOf([issue(1, "done"), issue(2, "ready"), issue(3, "done")])));
    expect(out).toBe("- [X] #1\r\n- [ ] #2\r\n- [x] #3\r\n");
  });

  it("writes nothing over a body edited since it was parsed", () => {
    const old = "- [ ] #1\n- [ ] #2";
    const verdicts = evaluateCriteria(parseCriteria(old, CTX), stateOf([issue(1, "done"), issue(2, "done")]));
    const edited = "- [ ] a new manual item\n- [ ] #1\n- [ ] #2";
    expect(syncChecklist(edited, verdicts)).toBe(edited);
  });

  it("ignores manual verdicts and returns the body itself when nothing changes", () => {
    const manualBody = "- [ ] sign off";
    const verdicts: CriterionVerdict[] = [{ criterion: one(manualBody), met: true, evidence: "" }];
    expect(syncChecklist(manualBody, verdicts)).toBe(manualBody);
    expect(syncChecklist(manualBody, [])).toBe(manualBody);
  });

  const fragment = fc.oneof(
    fc.tuple(
      fc.constantFrom("", " ", "   "),
      fc.constantFrom("-", "*", "+", "1.", "2)"),
      fc.constantFrom("[ ]", "[x]", "[X]"),
      fc.constantFrom("#12", "#12 closed", "o/r#7 merged", "all of wave 1", "Wave 2 done", "manual thing", "sign-off by @bob", "`#13` in code", "#3-5"),
    ).map(([indent, marker, box, text]) => `${indent}${marker} ${box} ${text}`),
    fc.constantFrom("", "```", "~~~", "> - [ ] #12", "  - [x] #12", "    - [ ] #12", "<!-- x", "-->", "## Criteria", "- plain #12", "text", "-", "  [ ] #4", "- [ ]", "|a|b|", "|-|-|"),
    fc.string({ maxLength: 12 }),
  );
  const bodies = fc
    .tuple(fc.array(fragment, { maxLength: 25 }), fc.array(fc.constantFrom("\n", "\r\n", "\r"), { minLength: 1, maxLength: 25 }))
    .map(([lines, breaks]) => lines.map((l, i) => l + (breaks[i % breaks.length] ?? "\n")).join(""));
  const verdictsFor = (criteria: Criterion[], flags: boolean[]): CriterionVerdict[] =>
    criteria.map((c, i) => ({ criterion: c, met: flags.length === 0 ? false : flags[i % flags.length] === true, evidence: "" }));

  it("changes only the boxes of issue and wave criteria, keeps manual ticks, and is idempotent", () => {
    fc.assert(
      fc.property(bodies, fc.array(fc.boolean(), { maxLength: 10 }), fc.array(fc.boolean(), { maxLength: 10 }), (text, flags, later) => {
        const criteria = parseCriteria(text, CTX);
        const verdicts = verdictsFor(criteria, flags);
        const out = syncChecklist(text, verdicts);

        // Every other byte is kept; a changed byte is a box of an issue or wave criterion.
        expect(out.length).toBe(text.length);
        const automatic = new Set(criteria.filter((c) => c.kind !== "manual").map((c) => c.line));
        let line = 0;
        for (let i = 0; i < text.length; i++) {
          if (text[i] !== out[i]) {
            expect(" xX").toContain(text[i]);
            expect(" x").toContain(out[i]);
            expect(text[i - 1]).toBe("[");
            expect(text[i + 1]).toBe("]");
            expect(automatic.has(line)).toBe(true);
          }
          if (text[i] === "\n" || (text[i] === "\r" && text[i + 1] !== "\n")) line++;
        }

        // The same criteria, with issue/wave boxes at their verdicts and manual boxes as they were.
        const after = parseCriteria(out, CTX);
        expect(after.map((c) => [c.line, c.text, c.kind])).toEqual(criteria.map((c) => [c.line, c.text, c.kind]));
        after.forEach((c, i) => {
          const v = verdicts[i];
          expect(c.checked).toBe(c.kind === "manual" ? criteria[i]?.checked : v?.met);
        });

        // Idempotent, with the same verdicts or with verdicts re-derived from the synced body.
        expect(syncChecklist(out, verdicts)).toBe(out);
        expect(syncChecklist(out, verdictsFor(after, flags))).toBe(out);

        // A later sync with other verdicts still keeps every manual tick.
        const again = parseCriteria(syncChecklist(out, verdictsFor(after, later)), CTX);
        expect(again.filter((c) => c.kind === "manual").map((c) => c.checked)).toEqual(criteria.filter((c) => c.kind === "manual").map((c) => c.checked));
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary bodies and stale verdicts", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), bodies, fc.boolean(), (text, other, met) => {
        const verdicts = parseCriteria(other, CTX).map((c) => ({ criterion: c, met, evidence: "" }));
        expect(syncChecklist(text, verdicts).length).toBe(text.length);
      }),
    );
  });
});

describe("renderGateBody", () => {
  const refs: IssueRef[] = [
    { owner: "acme", repo: "app", number: 972 },
    { owner: "Other", repo: "Repo", number: 5 },
    { owner: "acme", repo: "app", number: 972 },
  ];

  it("writes the marker, one unticked criterion per issue, and the hint", () => {
    const body = renderGateBody("Phase 1: Database Ready", refs, CTX);
    expect(body.startsWith(GATE_MARKER)).toBe(true);
    expect(body).toContain("Phase 1: Database Ready");
    expect(body).toContain("- [ ] #972\n- [ ] Other/Repo#5\n");
    expect(body).toContain("for people to tick");
    expect(body).toContain("`gate:approved`");
  });

  it("round-trips: each issue becomes an issue criterion, and the hint adds none", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ owner: fc.constantFrom("acme", "other"), repo: fc.constantFrom("app", "lib"), number: fc.integer({ min: 1, max: 99_999 }) }), { maxLength: 30 }),
        fc.string({ maxLength: 120 }),
        (after, name) => {
          const criteria = parseCriteria(renderGateBody(name, after, CTX), CTX);
          const unique = [...new Set(after.map((r) => `${r.owner}/${r.repo}#${r.number}`))];
          expect(criteria.map((c) => c.issues)).toEqual(unique.map((k) => [k]));
          expect(criteria.every((c) => c.kind === "issue" && !c.checked)).toBe(true);
        },
      ),
    );
  });

  it("escapes the name: no pings, no markup, no marker breaking", () => {
    const body = renderGateBody("@team <!-- x --> | `y`\n- [ ] #9", [], CTX);
    expect(body).not.toMatch(/@(?!\u200D)/);
    expect(body).not.toContain("<!-- x");
    expect(parseCriteria(body, CTX)).toEqual([]);
  });
});

describe("summariseGate", () => {
  const verdicts: CriterionVerdict[] = [
    { criterion: criterion({ kind: "issue", issues: [key(1)], text: "#1" }), met: true, evidence: "#1 closed" },
    { criterion: criterion({ text: "Docs reviewed" }), met: false, evidence: "not ticked" },
  ];

  it.each<[string[], boolean, string]>([
    [[], false, "pending"],
    [["gate"], true, "pending"],
    [["gate", "gate:approved"], true, "go"],
    [["gate", "Gate:Approved"], false, "go"],
    [["gate", "gate:rejected"], false, "no-go"],
  ])("labels %j closed=%s → %s", (labels, closed, state) => {
    expect(summariseGate(key(5), "Gate: Phase 2 exit", labels, closed, verdicts, LABELS)).toEqual({
      ref: key(5),
      name: "Phase 2 exit",
      state,
      met: 1,
      total: 2,
      unmet: ["Docs reviewed — not ticked"],
    });
  });

  it("keeps a title without the Gate prefix", () => {
    expect(summariseGate(key(5), "  Release   sign-off ", [], false, [], LABELS).name).toBe("Release sign-off");
  });
});

describe("decideApproval", () => {
  const met: CriterionVerdict[] = [
    { criterion: criterion({ kind: "issue", issues: [key(972)], text: "#972 closed" }), met: true, evidence: "#972 closed" },
    { criterion: criterion({ kind: "wave", wave: 1, text: "all of wave 1" }), met: true, evidence: "wave 1: 3 of 3 done" },
    { criterion: criterion({ checked: true, text: "Reviewed by @carol" }), met: true, evidence: "ticked by a person" },
  ];
  const unmet: CriterionVerdict[] = [met[0] as CriterionVerdict, { criterion: criterion({ text: "Docs reviewed" }), met: false, evidence: "not ticked" }];
  const base = {
    gate: key(980),
    approver: "alice",
    approverAllowed: true,
    approverReason: "maintain permission",
    verdicts: met,
    now: new Date("2026-11-27T10:30:00.000Z"),
    repo: CTX,
  };
  const markerOf = (body: string) => body.split("\n")[0] ?? "";

  it("refuses someone who is not an approver", () => {
    const d = decideApproval({ ...base, approver: "@mallory", approverAllowed: false, approverReason: "needs maintain permission (has write), ask @admins" });
    expect(d.kind).toBe("refused");
    expect(d.body).toContain("`mallory` is not an approver: needs maintain permission (has write), ask @\u200Dadmins, label removed");
    expect(markerOf(d.body)).toMatch(/^<!-- coordinator:gate-decision:acme\/app#980:refused:[0-9a-f]{8} -->$/);
  });

  it("says NO-GO with each unmet criterion and its evidence", () => {
    const d = decideApproval({ ...base, verdicts: unmet });
    expect(d.kind).toBe("no-go");
    expect(d.body).toContain("NO-GO");
    expect(d.body).toContain("1 of 2 criteria are unmet");
    expect(d.body).toContain("- ❌ Docs reviewed — not ticked");
    expect(d.body).not.toContain("#972 closed — #972 closed");
    expect(markerOf(d.body)).toMatch(/:no-go:[0-9a-f]{8} -->$/);
  });

  it("says GO with who, when and every criterion with its evidence", () => {
    const d = decideApproval(base);
    expect(d.kind).toBe("go");
    expect(d.body).toContain("approved by `alice` at 2026-11-27T10:30:00.000Z");
    expect(d.body).toContain("- ✅ #972 closed — #972 closed");
    expect(d.body).toContain("- ✅ all of wave 1 — wave 1: 3 of 3 done");
    expect(d.body).toContain("- ✅ Reviewed by @\u200Dcarol — ticked by a person");
    expect(d.body).toContain("gate #980");
  });

  it("approves a gate without criteria", () => {
    expect(decideApproval({ ...base, verdicts: [] }).kind).toBe("go");
  });

  it("gives the same marker for the same decision, and another for another approver or other criteria", () => {
    const first = markerOf(decideApproval(base).body);
    expect(markerOf(decideApproval({ ...base, now: new Date("2026-12-01T00:00:00Z"), verdicts: [...met].reverse() }).body)).toBe(first);
    expect(markerOf(decideApproval({ ...base, approver: "Alice" }).body)).toBe(first);
    expect(markerOf(decideApproval({ ...base, approver: "bob" }).body)).not.toBe(first);
    const flipped = met.map((v, i) => (i === 2 ? { ...v, criterion: { ...v.criterion, text: "Reviewed by carol" } } : v));
    expect(markerOf(decideApproval({ ...base, verdicts: flipped }).body)).not.toBe(first);
    expect(first).toBe(gateDecisionMarker(key(980), "go", first.split(":").pop()?.replace(" -->", "") ?? ""));
  });

  it("never pings and never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), fc.boolean(), fc.boolean(), (approver, reason, text, allowed, ok) => {
        const verdicts: CriterionVerdict[] = [{ criterion: criterion({ text }), met: ok, evidence: text }];
        const d = decideApproval({ ...base, approver, approverReason: reason, approverAllowed: allowed, verdicts, now: new Date(Number.NaN) });
        expect(d.body).not.toMatch(/@(?!\u200D)/);
        expect(d.body.indexOf("-->")).toBe(d.body.split("\n")[0]?.indexOf("-->"));
      }),
    );
  });

  it("keeps markers to safe characters", () => {
    expect(gateDecisionMarker("Acme/App#1 -->", "GO:x", "ab<>")).toBe("<!-- coordinator:gate-decision:acme/app#1--:gox:ab -->");
  });
});

describe("phase criteria", () => {
  const report = (n: number, phase: string, at = "2026-11-27T08:00:00Z") => ({
    commentId: n,
    on: "acme/app#1",
    url: "",
    author: "w",
    at,
    kind: "report" as const,
    worker: "3",
    phase,
    issue: key(n),
    status: "complete" as const,
    durationMinutes: null,
    blockers: [],
    created: [],
    summary: "",
  });
  it.each([
    ["all of its issues done", ["done", "done"], true, "phase 1: 2 of 2 done"],
    ["one still open", ["done", "in_progress"], false, "phase 1: 1 of 2 done"],
  ])("all of phase 1, %s", (_name, statuses, met, evidence) => {
    const state = { ...stateOf([issue(5, statuses[0] as StateIssue["status"]), issue(6, statuses[1] as StateIssue["status"]), issue(7, "in_progress")]), reports: [report(5, "Phase 1.1"), report(6, "Phase 1.2 - Schema"), report(7, "Phase 2")] };
    const [verdict] = evaluateCriteria(parseCriteria("- [ ] all of phase 1", CTX), state);
    expect(verdict?.met).toBe(met);
    expect(verdict?.evidence.startsWith(evidence)).toBe(true);
  });

  it("a phase nobody reported under is unmet", () => {
    const [verdict] = evaluateCriteria(parseCriteria("- [ ] Phase 9 done", CTX), stateOf([issue(5, "done")]));
    expect(verdict).toMatchObject({ met: false, evidence: "phase 9: no issue reported under it yet" });
  });

  it("is ticked by syncChecklist like issue and wave criteria", () => {
    const body = "- [ ] all of phase 1\n- [ ] people item\n";
    const state = { ...stateOf([issue(5, "done")]), reports: [report(5, "Phase 1")] };
    expect(syncChecklist(body, evaluateCriteria(parseCriteria(body, CTX), state))).toBe("- [x] all of phase 1\n- [ ] people item\n");
  });
});
