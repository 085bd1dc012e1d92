import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseCriteria, syncChecklist, type Criterion, type CriterionVerdict } from "../../src/domain/gate-checklist.js";
import { evaluateCriteria } from "../../src/domain/gate-evaluation.js";
import { CTX, issue, key, one, splitLines, stateOf } from "./gate-fixtures.js";

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
