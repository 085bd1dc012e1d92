import { describe, expect, it } from "vitest";
import { parseCriteria, syncChecklist } from "../../src/domain/gate-checklist.js";
import { evaluateCriteria } from "../../src/domain/gate-evaluation.js";
import type { StateIssue } from "../../src/domain/types.js";
import { criterion, CTX, issue, key, stateOf } from "./gate-fixtures.js";

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
