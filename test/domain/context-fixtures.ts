// A seed-sized coordination for the tests of /context and /status.
import { emptyState as emptyCoordination } from "../../src/domain/state.js";
import type { CoordinationState, IssueStatus, RefKey, StateEdge, StateIssue, StateReport } from "../../src/domain/types.js";



// ---------------------------------------------------------------------------
// A seed-sized coordination: issues #970–#992 of owner/repo (#977 is the coordination issue),
// the seed's Phase 1 table (972→973, 973→974, 973→975, 975→976), a gate after Phase 1 (#993),
// and a cycle (#988 ↔ #989).

export const NOW = new Date("2025-11-18T09:00:00Z");
export const REPO = { owner: "owner", repo: "repo" };
export const HOUR = 3_600_000;
export const ago = (hours: number): string => new Date(NOW.getTime() - hours * HOUR).toISOString();
export const r = (n: number): RefKey => `owner/repo#${n}`;

export function issue(number: number, title: string, status: IssueStatus, extra: Partial<StateIssue> = {}): StateIssue {
  const done = status === "done";
  return {
    ref: r(number),
    number,
    title,
    state: done ? "closed" : "open",
    stateReason: done ? "completed" : null,
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

let nextComment = 5000;
export function report(
  about: number,
  hoursAgo: number,
  worker: string,
  status: StateReport["status"],
  summary: string,
  extra: Partial<StateReport> = {},
): StateReport {
  const commentId = nextComment++;
  return {
    commentId,
    on: r(about),
    url: `https://github.com/owner/repo/issues/${about}#issuecomment-${commentId}`,
    author: `worker-${worker}`,
    at: ago(hoursAgo),
    kind: "report",
    worker,
    phase: "Phase 1",
    issue: r(about),
    status,
    durationMinutes: null,
    blockers: [],
    created: [],
    summary,
    ...extra,
  };
}

export function emptyState(): CoordinationState {
  return {
    ...emptyCoordination(r(977), NOW.toISOString()),
    statusReason: "nothing tracked yet",
    fingerprint: "0123456789abcdef0123456789abcdef",
  };
}

export function seedState(): CoordinationState {
  const edgePairs: Array<[number, number]> = [
    [972, 973],
    [973, 974],
    [973, 975],
    [975, 976],
    [974, 993],
    [976, 993],
    [993, 978],
    [973, 983],
    [988, 989],
    [989, 988],
    [989, 991],
  ];
  const edges: StateEdge[] = edgePairs.map(([from, to]) => ({ from: r(from), to: r(to), source: "table" }));
  const issues: StateIssue[] = [
    issue(970, "Ultra-detailed reconstruction plan (5 phases)", "done", { worker: "1" }),
    issue(971, "Master dependency graph", "done", { worker: "2" }),
    issue(972, "Phase 1.1 - PostgreSQL Connection", "done", { estimateMinutes: 30, worker: "6" }),
    issue(973, "Phase 1.2 - Base Schema Migration", "done", { estimateMinutes: 60, worker: "6" }),
    issue(974, "Phase 1.3 - Organization Schema", "in_progress", {
      estimateMinutes: 45,
      assignees: ["erin"],
      worker: "7",
      wave: 1,
    }),
    issue(975, "Phase 1.4 - RBAC Implementation", "in_progress", {
      estimateMinutes: 60,
      assignees: ["frank"],
      worker: "8",
      wave: 1,
      urgent: true,
    }),
    issue(976, "Phase 1.5 - JWT Authentication", "blocked", { estimateMinutes: 45, blockedBy: [r(975)], wave: 2 }),
    issue(993, "Gate: Phase 1 complete", "blocked", { blockedBy: [r(974), r(976)], wave: 3 }),
    issue(978, "Phase 2.1 - Organization Management API", "blocked", { blockedBy: [r(993)], wave: 4 }),
    issue(979, "Phase 2.2 - User Authentication API", "ready", { wave: 1 }),
    issue(980, "Phase 2.3 - Permission & RBAC API", "ready", { wave: 1 }),
    issue(981, "Phase 2.4 - Agent Management API", "ready", { wave: 1 }),
    issue(982, "Phase 2.5 - Backend Integration Tests", "blocked", { wave: null }),
    issue(983, "Phase 3.1 - Auth UI Components", "ready", { wave: 1 }),
    issue(984, "Phase 3.2 - Organization Management UI", "ready", { wave: 1 }),
    issue(985, "Phase 3.3 - Admin Dashboard", "ready", { wave: 1 }),
    issue(986, "Phase 3.4 - Frontend Integration Tests", "ready", { wave: 1 }),
    issue(987, "Phase 4.1 - AWS RDS Production Setup", "in_progress", {
      assignees: ["dave"],
      worker: "5",
      wave: 1,
    }),
    issue(988, "Phase 4.2 - Migration Execution", "blocked", { blockedBy: [r(989)] }),
    issue(989, "Phase 4.3 - End-to-End Testing", "blocked", { blockedBy: [r(988)] }),
    issue(990, "Phase 4.4 - Performance Benchmarking", "ready", { wave: 1 }),
    issue(991, "Phase 4.5 - Production Deployment", "blocked", { blockedBy: [r(989)] }),
    issue(992, "Phase 4.6 - Monitoring & Rollback Plan", "done", { stateReason: "not_planned" }),
  ];
  const done = issues.filter((i) => i.status === "done").length;
  return {
    ...emptyState(),
    status: "YELLOW",
    statusReason: "1 dependency cycle, 6 blocked issues, 1 stale worker",
    progress: { done, total: issues.length },
    issues,
    edges,
    workers: [
      { id: "5", login: "dave", issue: r(987), status: "in_progress", lastReportAt: ago(30), stale: true },
      { id: "6", login: "grace", issue: r(973), status: "complete", lastReportAt: ago(20), stale: false },
      { id: "7", login: "erin", issue: r(974), status: "in_progress", lastReportAt: ago(0.25), stale: false },
      { id: "8", login: "frank", issue: r(975), status: "in_progress", lastReportAt: ago(1), stale: false },
    ],
    waves: [
      [r(974), r(975), r(979), r(980), r(981), r(983), r(984), r(985), r(986), r(987), r(990)],
      [r(976)],
      [r(993)],
      [r(978)],
    ],
    criticalPath: [r(975), r(976), r(993), r(978)],
    cycles: [[r(988), r(989)]],
    gates: [{ ref: r(993), name: "Phase 1 complete", state: "pending", done: 0, total: 2, unmet: ["#974 closed — #974 open (in progress)"] }],
    reports: [
      report(972, 26, "6", "complete", "src/db/pool.ts"),
      report(973, 20, "6", "complete", "prisma/migrations/0001_base.sql"),
      report(974, 3, "7", "in_progress", "org tables drafted"),
      report(974, 0.25, "7", "in_progress", "org tables migrated, tests next"),
      report(975, 6, "8", "in_progress", "roles table"),
      report(975, 5, "8", "in_progress", "permission matrix"),
      report(975, 4, "8", "in_progress", "policy engine"),
      report(975, 3, "8", "blocked", "waiting on @alice for the role list"),
      report(975, 2, "8", "in_progress", "role list received"),
      report(975, 1, "8", "in_progress", "guards wired"),
      report(987, 30, "5", "in_progress", "RDS instance requested"),
    ],
    urgent: [
      {
        ref: r(975),
        on: r(975),
        commentId: 4000,
        url: "https://github.com/owner/repo/issues/975#issuecomment-4000",
        author: "frank",
        at: ago(2),
        summary: "RBAC spec conflicts with ADR-004, cc @bob",
      },
    ],
  };
}
