import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_THRESHOLDS, goNoGoVerdict, type SynthesisThresholds } from "../../src/domain/go-no-go.js";
import { validateState } from "../../src/domain/state-block.js";
import type { CoordinationState, StateGate, StateIssue, StateWorker } from "../../src/domain/types.js";
import { oddStateArb } from "./state-arbitraries.js";
import { ago, done, issue, key, report, state, urgent, worker } from "./synthesis-fixtures.js";

const gate = (n: number, state: StateGate["state"], over: Partial<StateGate> = {}): StateGate => ({
  ref: key(n),
  name: "",
  state,
  done: 0,
  total: 0,
  unmet: [],
  ...over,
});

const verdict = (s: CoordinationState, t: Partial<SynthesisThresholds> = {}) =>
  goNoGoVerdict(s, { ...DEFAULT_THRESHOLDS, ...t });

describe("Go/No-Go", () => {
  const calm = () =>
    state({
      issues: [done(1), issue(2, { status: "in_progress", worker: "1" }), issue(3, { status: "blocked", blockedBy: [key(2)] })],
      criticalPath: [key(2), key(3)],
      workers: [worker("1")],
    });

  it("defaults to the documented thresholds", () => {
    expect(DEFAULT_THRESHOLDS).toEqual({
      redOnUrgent: true,
      redOnBlockedCriticalPath: true,
      yellowOnStaleWorkers: 1,
      yellowOnBlocked: 1,
      yellowOnCycles: true,
      redOnRejectedGate: true,
    });
  });

  it("is GREEN when issues only wait on open dependencies, and says what it checked", () => {
    const v = verdict(calm());
    expect(v.status).toBe("GREEN");
    expect(v.rule).toBe(
      "GREEN: no open urgent item, critical path not blocked, no NO-GO gate, no stale worker, no blocked issue off the critical path, no dependency cycle",
    );
  });

  it("is RED on an open urgent item, unless switched off; a done issue's urgent item is over", () => {
    const s = { ...calm(), urgent: [urgent(2)] };
    expect(verdict(s)).toEqual({ status: "RED", rule: "RED: urgent item open on #2" });
    expect(verdict({ ...s, urgent: [urgent(2), urgent(3)] }).rule).toBe("RED: 2 urgent items open (#2, #3)");
    expect(verdict(s, { redOnUrgent: false }).status).toBe("GREEN");
    expect(verdict({ ...calm(), urgent: [urgent(1)] }).status).toBe("GREEN");
  });

  it("is RED when a critical-path issue is reported blocked; switched off, it counts as YELLOW", () => {
    const base = calm();
    const s: CoordinationState = {
      ...base,
      criticalPath: [key(2), key(973)],
      issues: [...base.issues, issue(973, { status: "blocked", blockedBy: [key(2)] })],
      reports: [report({ issue: key(973), status: "blocked", blockers: [key(2)] })],
    };
    expect(verdict(s)).toEqual({ status: "RED", rule: "RED: #973 on the critical path is blocked" });
    expect(verdict(s, { redOnBlockedCriticalPath: false })).toEqual({
      status: "YELLOW",
      rule: "YELLOW: #973 on the critical path is blocked",
    });
    expect(verdict(s, { redOnBlockedCriticalPath: false, yellowOnBlocked: 0 }).status).toBe("GREEN");
    // Blocked with no open blocker recorded is stuck too.
    const bare = { ...base, issues: [...base.issues, issue(974, { status: "blocked" })], criticalPath: [key(974)] };
    expect(verdict(bare).rule).toBe("RED: #974 on the critical path is blocked");
    // A blocker that does not exist can never finish.
    const missing = {
      ...base,
      issues: [...base.issues, issue(975, { status: "missing", state: null }), issue(976, { status: "blocked", blockedBy: [key(975)] })],
      criticalPath: [key(976)],
    };
    expect(verdict(missing).status).toBe("RED");
  });

  it("is RED on a NO-GO gate, unless switched off", () => {
    const s = { ...calm(), gates: [gate(980, "no-go", { name: "Phase 1 Gate" }), gate(981, "pending", { name: "Phase 2" })] };
    expect(verdict(s)).toEqual({ status: "RED", rule: 'RED: gate "Phase 1 Gate" (#980) is NO-GO' });
    expect(verdict({ ...calm(), gates: [gate(982, "no-go", { name: "G" }), gate(981, "no-go")] }).rule).toBe(
      'RED: 2 gates are NO-GO ("G" (#982), #981)',
    );
    expect(verdict(s, { redOnRejectedGate: false }).status).toBe("GREEN");
    expect(verdict({ ...calm(), gates: [gate(983, "go"), gate(984, "pending")] }).status).toBe("GREEN");
  });

  it("reads the NO-GO of older and hand-written gate entries once the state block is validated", () => {
    const read = (gates: unknown[]) => {
      const s = validateState({ ...calm(), gates });
      expect(s).not.toBeNull();
      return verdict(s as CoordinationState);
    };
    expect(read([{ title: "G", status: "rejected", ref: key(982) }, { ref: key(981), rejected: true }]).rule).toBe(
      'RED: 2 gates are NO-GO ("G" (#982), #981)',
    );
    expect(read([{ name: "Phase 1 Gate", ref: key(980), state: "nogo" }]).rule).toBe('RED: gate "Phase 1 Gate" (#980) is NO-GO');
    expect(read([null, 3, "nogo", { state: "go" }, { state: "no-go" }]).status).toBe("GREEN");
  });

  it("names every RED rule that fired", () => {
    const s = {
      ...calm(),
      urgent: [urgent(2)],
      issues: [...calm().issues, issue(9, { status: "blocked" })],
      criticalPath: [key(9)],
      gates: [gate(980, "no-go")],
    };
    expect(verdict(s).rule).toBe("RED: urgent item open on #2; #9 on the critical path is blocked; gate #980 is NO-GO");
  });

  it("is YELLOW from the configured number of stale workers; 0 disables", () => {
    const s = { ...calm(), workers: [worker("1", { stale: true }), worker("2", { stale: true }), worker("3")] };
    expect(verdict(s)).toEqual({ status: "YELLOW", rule: "YELLOW: 2 stale workers (Worker 1, Worker 2)" });
    expect(verdict(s, { yellowOnStaleWorkers: 2 }).status).toBe("YELLOW");
    const below = verdict(s, { yellowOnStaleWorkers: 3 });
    expect(below.status).toBe("GREEN");
    expect(below.rule).toContain("2 stale workers (YELLOW from 3)");
    expect(verdict(s, { yellowOnStaleWorkers: 0 }).rule).toContain("2 stale workers (not counted)");
    expect(verdict(s, { yellowOnStaleWorkers: -1 }).status).toBe("GREEN");
    expect(verdict(s, { yellowOnStaleWorkers: Number.NaN }).status).toBe("GREEN");
  });

  it("is YELLOW from the configured number of blocked issues off the critical path; 0 disables", () => {
    const s = {
      ...calm(),
      issues: [...calm().issues, issue(7, { status: "blocked" }), issue(8, { status: "blocked", blockedBy: [key(2)] })],
      reports: [report({ issue: key(8), status: "blocked", blockers: [key(2)] })],
    };
    expect(verdict(s)).toEqual({ status: "YELLOW", rule: "YELLOW: 2 issues blocked off the critical path (#7, #8)" });
    expect(verdict(s, { yellowOnBlocked: 2 }).status).toBe("YELLOW");
    expect(verdict(s, { yellowOnBlocked: 3 }).rule).toContain("2 blocked issues off the critical path (YELLOW from 3)");
    expect(verdict(s, { yellowOnBlocked: 0 }).status).toBe("GREEN");
    // An issue that only waits (#3) never counts.
    expect(verdict(s, { yellowOnBlocked: 3 }).status).toBe("GREEN");
  });

  it("is YELLOW on a dependency cycle, unless switched off", () => {
    const s = { ...calm(), cycles: [[key(5), key(6)]] };
    expect(verdict(s)).toEqual({ status: "YELLOW", rule: "YELLOW: 1 dependency cycle (#5 → #6 → #5)" });
    expect(verdict(s, { yellowOnCycles: false })).toMatchObject({ status: "GREEN" });
    expect(verdict(s, { yellowOnCycles: false }).rule).toContain("1 dependency cycle (not counted)");
  });

  it("puts RED before YELLOW and joins YELLOW reasons", () => {
    const s = {
      ...calm(),
      workers: [worker("1", { stale: true })],
      cycles: [[key(5), key(6)]],
    };
    expect(verdict(s).rule).toBe("YELLOW: 1 stale worker (Worker 1); 1 dependency cycle (#5 → #6 → #5)");
    expect(verdict({ ...s, urgent: [urgent(2)] }).status).toBe("RED");
  });

  it("takes thresholds that are missing or unusable", () => {
    expect(goNoGoVerdict(calm(), null as unknown as SynthesisThresholds).status).toBe("GREEN");
    expect(goNoGoVerdict(calm(), {} as SynthesisThresholds).status).toBe("GREEN");
  });

  it("lets a programming error through instead of turning it into a colour", () => {
    // Not a state (issues is null): no shape the core produces or accepts. The error reaches the
    // shell's log; it is not hidden behind a YELLOW.
    const broken = { ...calm(), issues: null } as unknown as CoordinationState;
    expect(() => goNoGoVerdict(broken, DEFAULT_THRESHOLDS)).toThrow(TypeError);
  });

  it("never throws on a state of the documented shape, however odd its values (property)", () => {
    fc.assert(
      fc.property(oddStateArb, fc.record({ yellowOnStaleWorkers: fc.double(), yellowOnBlocked: fc.integer() }), (s, t) => {
        const v = verdict(s, t);
        expect(["GREEN", "YELLOW", "RED"]).toContain(v.status);
        expect(v.rule.startsWith(`${v.status}: `)).toBe(true);
        expect(v.rule.length).toBeLessThanOrEqual(500);
        expect(v.rule).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 300 },
    );
  });
});

// The cases of the second rule set `state.ts` used to carry (goNoGo, called only by its test),
// under the one rule set: the same colours, with the rule's own words.
describe("Go/No-Go: the cases of the former second rule set", () => {
  const open = (n: number, status: StateIssue["status"]): StateIssue => issue(n, { status, title: "" });
  const staleness = (id: string, stale: boolean): StateWorker => worker(id, { stale, lastReportAt: ago(1) });

  it.each<[string, Partial<CoordinationState>, string, string]>([
    ["one urgent item beats everything", { issues: [open(1, "blocked")], workers: [staleness("1", true)], urgent: [urgent(1)] }, "RED", "RED: urgent item open on #1"],
    ["urgent items are counted", { urgent: [urgent(1), urgent(2)] }, "RED", "RED: 2 urgent items open (#1, #2)"],
    ["a blocked issue", { issues: [open(1, "blocked"), open(2, "ready")], workers: [staleness("1", false)] }, "YELLOW", "YELLOW: #1 is blocked off the critical path"],
    ["a stale worker", { issues: [open(1, "ready")], workers: [staleness("1", true), staleness("2", true)] }, "YELLOW", "YELLOW: 2 stale workers (Worker 1, Worker 2)"],
    [
      "blocked and stale",
      { issues: [open(1, "blocked"), open(2, "blocked")], workers: [staleness("1", true)] },
      "YELLOW",
      "YELLOW: 1 stale worker (Worker 1); 2 issues blocked off the critical path (#1, #2)",
    ],
    [
      "nothing wrong",
      { issues: [open(1, "ready"), open(2, "done"), open(3, "in_progress"), open(4, "missing")], workers: [staleness("1", false)] },
      "GREEN",
      "GREEN: no open urgent item, critical path not blocked, no NO-GO gate, no stale worker, no blocked issue off the critical path, no dependency cycle",
    ],
  ])("%s", (_name, parts, status, rule) => {
    expect(verdict(state(parts))).toEqual({ status, rule });
  });
});
