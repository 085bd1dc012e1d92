// Arbitrary states for property tests: hostile text in every string, refs that may not be refs.
import fc from "fast-check";
import { DASHBOARD_END, DASHBOARD_START } from "../../src/domain/dashboard.js";
import { STATE_PREFIX } from "../../src/domain/state-block.js";
import type { CoordinationState, StateGate, StateIssue, StateReport, StateUrgent, StateWorker } from "../../src/domain/types.js";

export const hostileText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom(
    "-->",
    "<!--",
    "--",
    "@x",
    "|",
    "`",
    "\\@alice",
    "&#64;bob",
    "a\nb\r\nc",
    "👨‍👩‍👧 ünïcödé",
    "\u202Eevil",
    "\uD800",
    DASHBOARD_START,
    DASHBOARD_END,
    `${STATE_PREFIX}{"version":1} -->`,
  ),
);
export const refArb = fc.oneof(
  fc
    .tuple(fc.constantFrom("owner/repo", "other/lib", "Owner/Repo"), fc.integer({ min: 1, max: 99_999 }))
    .map(([repo, n]) => `${repo}#${n}`),
  hostileText,
);
export const isoArb = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString());
export const reportStatusArb = fc.constantFrom("complete", "in_progress", "blocked", null) as fc.Arbitrary<
  StateReport["status"]
>;

export const issueArb: fc.Arbitrary<StateIssue> = fc.record({
  ref: refArb,
  number: fc.nat(),
  title: hostileText,
  state: fc.constantFrom("open", "closed", null) as fc.Arbitrary<StateIssue["state"]>,
  stateReason: fc.option(fc.constantFrom("completed", "not_planned", "duplicate")),
  status: fc.constantFrom("done", "in_progress", "blocked", "ready", "missing") as fc.Arbitrary<
    StateIssue["status"]
  >,
  blockedBy: fc.array(refArb, { maxLength: 3 }),
  assignees: fc.array(hostileText, { maxLength: 2 }),
  worker: fc.option(hostileText),
  estimateMinutes: fc.option(fc.nat({ max: 10_000 })),
  wave: fc.option(fc.nat({ max: 20 })),
  urgent: fc.boolean(),
});

export const workerArb: fc.Arbitrary<StateWorker> = fc.record({
  id: hostileText,
  login: hostileText,
  issue: fc.option(refArb),
  status: reportStatusArb,
  lastReportAt: fc.oneof(isoArb, hostileText),
  stale: fc.boolean(),
});

export const reportArb: fc.Arbitrary<StateReport> = fc.record({
  commentId: fc.nat(),
  on: refArb,
  url: fc.oneof(fc.constant("https://github.com/owner/repo/issues/1#issuecomment-2"), hostileText),
  author: hostileText,
  at: fc.oneof(isoArb, hostileText),
  kind: fc.constantFrom("report", "standup") as fc.Arbitrary<StateReport["kind"]>,
  worker: hostileText,
  phase: hostileText,
  issue: fc.option(refArb),
  status: reportStatusArb,
  durationMinutes: fc.option(fc.nat({ max: 10_000 })),
  blockers: fc.array(refArb, { maxLength: 2 }),
  created: fc.array(refArb, { maxLength: 2 }),
  summary: hostileText,
});

export const urgentArb: fc.Arbitrary<StateUrgent> = fc.record({
  ref: refArb,
  on: refArb,
  commentId: fc.nat(),
  url: hostileText,
  author: hostileText,
  at: isoArb,
  summary: hostileText,
});

export const stateArb: fc.Arbitrary<CoordinationState> = fc
  .record({
    coordination: refArb,
    updatedAt: isoArb,
    status: fc.constantFrom("GREEN", "YELLOW", "RED") as fc.Arbitrary<CoordinationState["status"]>,
    statusReason: hostileText,
    done: fc.nat({ max: 100 }),
    total: fc.nat({ max: 100 }),
    issues: fc.array(issueArb, { maxLength: 8 }),
    edges: fc.array(
      fc.record({
        from: refArb,
        to: refArb,
        source: fc.constantFrom("body", "table", "arrow", "native", "sub-issue", "report", "command") as fc.Arbitrary<
          CoordinationState["edges"][number]["source"]
        >,
      }),
      { maxLength: 5 },
    ),
    workers: fc.array(workerArb, { maxLength: 4 }),
    waves: fc.array(fc.array(refArb, { maxLength: 3 }), { maxLength: 3 }),
    criticalPath: fc.array(refArb, { maxLength: 4 }),
    cycles: fc.array(fc.array(refArb, { maxLength: 3 }), { maxLength: 2 }),
    gates: fc.array(
      fc.record({
        name: hostileText,
        ref: refArb,
        state: fc.constantFrom("pending", "go", "no-go") as fc.Arbitrary<StateGate["state"]>,
        done: fc.nat({ max: 20 }),
        total: fc.nat({ max: 20 }),
        unmet: fc.array(hostileText, { maxLength: 2 }),
      }),
      { maxLength: 2 },
    ),
    reports: fc.array(reportArb, { maxLength: 6 }),
    urgent: fc.array(urgentArb, { maxLength: 3 }),
    fingerprint: hostileText,
    truncated: fc.option(fc.array(hostileText, { maxLength: 2 }), { nil: undefined }),
    /** Edges between tracked issues (index pairs), so that the graph is drawn. */
    links: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
  })
  .map(({ done, total, truncated, links, ...rest }) => {
    const n = rest.issues.length;
    const linked = links.map(([a, b]) => ({
      from: rest.issues[a % n]?.ref ?? "",
      to: rest.issues[b % n]?.ref ?? "",
      source: "body" as const,
    }));
    const edges = n === 0 ? rest.edges : [...rest.edges, ...linked];
    const s: CoordinationState = { version: 1, ...rest, edges, progress: { done, total } };
    if (truncated !== undefined) s.truncated = truncated;
    return s;
  });

/** Orchestrator text: anything except our own markers. */
export const userText = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 80 }),
    fc.constantFrom(
      "",
      "\n",
      "# Plan\r\n\r\n- #972 → #973\r\n",
      `${STATE_PREFIX}{"version":1,"coordination":"fake"} -->`,
      "<!-- coordinator:dashboard -->",
      "trailing spaces   \n\n  ",
    ),
  )
  .filter((s) => !s.includes(DASHBOARD_START) && !s.includes(DASHBOARD_END));

/** A number as a damaged or hand-edited state may carry one. */
const oddNumber = fc.oneof(fc.integer({ min: -5, max: 100 }), fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e308, -0, 0.5));

/**
 * States of the documented shape with odd values in it: numbers that are NaN, infinite or negative,
 * times that are not times, refs that are not refs, cycles and paths naming untracked issues,
 * reports about issues nobody tracks. What a renderer or the Go/No-Go rule must take without throwing.
 */
export const oddStateArb: fc.Arbitrary<CoordinationState> = fc
  .tuple(stateArb, fc.array(oddNumber, { minLength: 8, maxLength: 8 }), fc.array(hostileText, { minLength: 3, maxLength: 3 }))
  .map(([s, n, t]) => ({
    ...s,
    progress: { done: n[0] ?? 0, total: n[1] ?? 0 },
    issues: s.issues.map((i, k) => ({
      ...i,
      number: n[2] ?? 0,
      estimateMinutes: k % 2 === 0 ? (n[3] ?? null) : i.estimateMinutes,
      wave: k % 3 === 0 ? (n[4] ?? null) : i.wave,
    })),
    workers: s.workers.map((w) => ({ ...w, lastReportAt: t[0] ?? "" })),
    reports: s.reports.map((r, k) => ({ ...r, commentId: n[5] ?? 0, durationMinutes: k % 2 === 0 ? (n[6] ?? null) : r.durationMinutes })),
    criticalPath: [...s.criticalPath, t[1] ?? ""],
    cycles: [...s.cycles, [], [t[2] ?? ""]],
    gates: s.gates.map((g) => ({ ...g, done: n[7] ?? 0, total: n[0] ?? 0 })),
  }));
