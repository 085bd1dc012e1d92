import { describe, expect, it } from "vitest";
import { renderContext } from "../../src/domain/status-replies.js";
import { contextFacts, type ContextFacts } from "../../src/domain/issue-context.js";
import type { CoordinationState, IssueStatus, RefKey } from "../../src/domain/types.js";
import { ago, emptyState, issue, NOW, r, report, REPO, seedState } from "./context-fixtures.js";

// ---------------------------------------------------------------------------
// contextFacts

describe("contextFacts", () => {
  const state = seedState();

  const cases: Array<{
    name: string;
    ref: RefKey;
    status: IssueStatus;
    next: string | RegExp;
    blockers: Array<[number, IssueStatus, boolean]>;
    dependants: number[];
    gates: number[];
    reports: number;
  }> = [
    {
      name: "a blocked issue waits for its open blocker",
      ref: r(976),
      status: "blocked",
      next: "Wait for #975 (in progress, worker 8)",
      blockers: [[975, "in_progress", false]],
      dependants: [993],
      gates: [993],
      reports: 0,
    },
    {
      name: "a ready issue whose blockers are all done",
      ref: r(983),
      status: "ready",
      next: "Start work: all blockers are done",
      blockers: [[973, "done", true]],
      dependants: [],
      gates: [],
      reports: 0,
    },
    {
      name: "a ready issue without blockers",
      ref: r(990),
      status: "ready",
      next: "Start work: it has no blockers",
      blockers: [],
      dependants: [],
      gates: [],
      reports: 0,
    },
    {
      name: "a done issue",
      ref: r(973),
      status: "done",
      next: "Done — nothing to do",
      blockers: [[972, "done", true]],
      dependants: [974, 975, 983],
      gates: [993],
      reports: 1,
    },
    {
      name: "a done issue closed as not planned",
      ref: r(992),
      status: "done",
      next: "Done (closed as not planned) — nothing to do",
      blockers: [],
      dependants: [],
      gates: [],
      reports: 0,
    },
    {
      name: "an issue in a cycle",
      ref: r(988),
      status: "blocked",
      next: /^Blocked by a cycle: #988 → #989 → #988 — .*\/undepends$/,
      blockers: [[989, "blocked", false]],
      dependants: [989],
      gates: [],
      reports: 0,
    },
    {
      name: "an issue downstream of a cycle waits for the cycle",
      ref: r(991),
      status: "blocked",
      next: "Wait for #989 (blocked, in a dependency cycle)",
      blockers: [[989, "blocked", false]],
      dependants: [],
      gates: [],
      reports: 0,
    },
    {
      name: "an issue behind a gate waits for the gate's approval",
      ref: r(978),
      status: "blocked",
      next: "Wait for #993 (gate, awaiting approval, blocked)",
      blockers: [[993, "blocked", false]],
      dependants: [],
      gates: [993],
      reports: 0,
    },
    {
      name: "an urgent issue in progress with a fresh report",
      ref: r(975),
      status: "in_progress",
      next: "Urgent: Continue work (worker 8, last report 1h ago), then post a report with Status: Complete",
      blockers: [[973, "done", true]],
      dependants: [976],
      gates: [993],
      reports: 5,
    },
    {
      name: "an issue in progress whose last report is old",
      ref: r(987),
      status: "in_progress",
      next: "Report your progress: last report 30h ago",
      blockers: [],
      dependants: [],
      gates: [],
      reports: 1,
    },
    {
      name: "an issue Phase 1 feeds reaches the gate through its dependants",
      ref: r(972),
      status: "done",
      next: "Done — nothing to do",
      blockers: [],
      dependants: [973],
      gates: [993],
      reports: 1,
    },
  ];

  it.each(cases)("$name", (c) => {
    const facts = contextFacts(state, c.ref, NOW);
    expect(facts).not.toBeNull();
    if (facts === null) return;
    expect(facts.issue.ref).toBe(c.ref);
    expect(facts.issue.status).toBe(c.status);
    expect(facts.coordination).toBe(r(977));
    if (typeof c.next === "string") expect(facts.next).toBe(c.next);
    else expect(facts.next).toMatch(c.next);
    expect(facts.blockers.map((b) => [Number(b.ref.split("#")[1]), b.status, b.done])).toEqual(c.blockers);
    expect(facts.dependants.map((d) => d.ref)).toEqual(c.dependants.map(r));
    expect(facts.gates.map((g) => g.ref)).toEqual(c.gates.map(r));
    expect(facts.reports).toHaveLength(c.reports);
  });

  it("returns null for an untracked issue", () => {
    expect(contextFacts(state, r(999), NOW)).toBeNull();
    expect(contextFacts(state, "other/lib#5", NOW)).toBeNull();
    expect(contextFacts(emptyState(), r(972), NOW)).toBeNull();
  });

  it("matches refs case-insensitively and keeps the state's canonical ref", () => {
    expect(contextFacts(state, "Owner/Repo#976", NOW)?.issue.ref).toBe(r(976));
  });

  it("describes the issue itself", () => {
    const facts = contextFacts(state, r(975), NOW);
    expect(facts?.issue).toEqual({
      ref: r(975),
      title: "Phase 1.4 - RBAC Implementation",
      state: "open",
      status: "in_progress",
      urgent: true,
      wave: 1,
      estimateMinutes: 60,
      assignees: ["frank"],
      worker: "8",
      onCriticalPath: true,
    });
  });

  it("keeps the latest 5 reports, newest first", () => {
    const facts = contextFacts(state, r(975), NOW);
    expect(facts?.reports.map((x) => x.summary)).toEqual([
      "guards wired",
      "role list received",
      "waiting on @alice for the role list",
      "policy engine",
      "permission matrix",
    ]);
    expect(facts?.reports[0]).toEqual({
      at: ago(1),
      worker: "8",
      status: "in_progress",
      summary: "guards wired",
      url: expect.stringMatching(/^https:\/\/github\.com\/owner\/repo\/issues\/975#issuecomment-\d+$/),
    });
  });

  it("lists open blockers before done ones, and finds blockers known only from blockedBy", () => {
    const s = seedState();
    // Edges dropped to fit the body: blockedBy still names the open blockers (done ones need an edge).
    s.issues = s.issues.map((i) => (i.ref === r(982) ? { ...i, blockedBy: [r(979), r(981)] } : i));
    s.edges = [{ from: r(972), to: r(982), source: "table" }];
    const facts = contextFacts(s, r(982), NOW);
    expect(facts?.blockers.map((b) => [b.ref, b.done])).toEqual([
      [r(979), false],
      [r(981), false],
      [r(972), true],
    ]);
    expect(facts?.next).toBe("Wait for #979 (ready, not started) and #981 (ready, not started)");
  });

  it("names at most three open blockers and counts the rest", () => {
    const s = seedState();
    s.edges = [...s.edges, ...[979, 980, 981, 984].map((n) => ({ from: r(n), to: r(982), source: "table" as const }))];
    expect(contextFacts(s, r(982), NOW)?.next).toBe(
      "Wait for #979 (ready, not started), #980 (ready, not started), #981 (ready, not started) and 1 more",
    );
  });

  it("says what a blocked report says when no open blocker is recorded", () => {
    const s = seedState();
    s.reports.push(report(982, 2, "9", "blocked", "waiting for AWS credentials"));
    expect(contextFacts(s, r(982), NOW)?.next).toBe(
      "Blocked as reported by worker 9 (2h ago): clear the blocker, then report; or /escalate #982 <reason>",
    );
    expect(contextFacts(seedState(), r(982), NOW)?.next).toBe(
      "Blocked, but no open blocker is recorded: ask an orchestrator to run /refresh",
    );
  });

  it("treats an issue named in state.gates as a gate", () => {
    const s: CoordinationState = { ...seedState(), gates: [] };
    s.issues = s.issues.map((i) => (i.ref === r(993) ? { ...i, title: "Phase 1 sign-off" } : i));
    expect(contextFacts(s, r(976), NOW)?.gates).toEqual([]);
    s.gates = [{ ref: r(993), name: "Phase 1", state: "pending" as const, done: 0, total: 2, unmet: [] }];
    expect(contextFacts(s, r(976), NOW)?.gates).toEqual([{ ref: r(993), title: "Phase 1 sign-off", status: "blocked" }]);
  });

  it("does not mistake a title starting with Gateway for a gate", () => {
    const s = { ...seedState(), gates: [] };
    s.issues = s.issues.map((i) => (i.ref === r(993) ? { ...i, title: "Gateway timeout handling" } : i));
    expect(contextFacts(s, r(976), NOW)?.gates).toEqual([]);
  });

  it("does not take a title starting with the word Gate for a gate: only the state's gates are gates (issue 11)", () => {
    const s = { ...seedState(), gates: [] };
    s.issues = s.issues.map((i) => (i.ref === r(993) ? { ...i, title: "Gate keeper service" } : i));
    const facts = contextFacts(s, r(978), NOW);
    expect(facts?.gates).toEqual([]);
    expect(facts?.next).toBe("Wait for #993 (blocked)");
    expect(contextFacts(s, r(976), NOW)?.gates).toEqual([]);
  });

  it("is pure: the same input gives the same facts and the state is not changed", () => {
    const s = seedState();
    const before = JSON.stringify(s);
    expect(contextFacts(s, r(976), NOW)).toEqual(contextFacts(s, r(976), NOW));
    expect(JSON.stringify(s)).toBe(before);
  });

  it("never throws on an invalid clock or odd report times", () => {
    const s = seedState();
    s.reports = s.reports.map((x) => ({ ...x, at: "not a date" }));
    expect(() => contextFacts(s, r(987), new Date(Number.NaN))).not.toThrow();
    expect(contextFacts(s, r(987), NOW)?.next).toBe("Report your progress: last report at an unknown time");
  });
});

// ---------------------------------------------------------------------------
// renderContext

describe("contextFacts on a large graph (issue 9)", () => {
  // One issue waits for 10,000 (gates among them), every edge given twice (as an edge and in blockedBy). The old per-edge scan of the list made this quadratic:
  // 17 s of CPU for 20 /context replies.
  function wide(n: number): CoordinationState {
    const blockers = Array.from({ length: n }, (_, i) => issue(2000 + i, i % 100 === 0 ? `Gate ${i}` : `Task ${i}`, i % 2 === 0 ? "done" : "in_progress"));
    const target = issue(1, "Waits for everything", "blocked", { blockedBy: blockers.map((b) => b.ref) });
    return {
      ...emptyState(),
      issues: [target, ...blockers],
      edges: blockers.map((b) => ({ from: b.ref, to: target.ref, source: "table" as const })),
      gates: blockers
        .filter((b) => b.title.startsWith("Gate "))
        .map((b) => ({ ref: b.ref, name: b.title, state: "pending" as const, done: 0, total: 1, unmet: [] })),
    };
  }

  it("answers 20 /context on an issue with 10,000 incoming edges in well under a second", () => {
    const state = wide(10_000);
    const start = performance.now();
    let facts: ContextFacts | null = null;
    for (let i = 0; i < 20; i++) {
      facts = contextFacts(state, r(1), NOW);
      renderContext(facts, r(1), { repo: REPO, now: NOW });
    }
    expect(performance.now() - start).toBeLessThan(1_500);
    expect(facts?.blockers).toHaveLength(25);
    expect(facts?.blockers.filter((b) => !b.done)).toHaveLength(25);
    expect(facts?.gates.length).toBeGreaterThan(0);
  });

  it("keeps each blocker once, in the order first seen, whatever its case", () => {
    const state = {
      ...emptyState(),
      issues: [issue(1, "A", "blocked", { blockedBy: [r(2), "OWNER/repo#3"] }), issue(2, "B", "ready"), issue(3, "C", "ready")],
      edges: [
        { from: r(3), to: r(1), source: "table" as const },
        { from: "owner/REPO#2", to: r(1), source: "body" as const },
      ],
    };
    expect(contextFacts(state, r(1), NOW)?.blockers.map((b) => b.ref.toLowerCase())).toEqual([r(3), r(2)]);
  });
});
