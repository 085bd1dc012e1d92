// The coordination's state from what was read: issue statuses, workers, progress, Go/No-Go.
// Pure: the clock comes in as `now`.
import type {
  CoordinationState,
  GoNoGo,
  IssueStatus,
  RawIssue,
  RefKey,
  StateEdge,
  StateIssue,
  StateReport,
  StateUrgent,
  StateWorker,
} from "./types.js";
import { parseRefKey } from "./refs.js";
import { computeFingerprint } from "./dashboard.js";

export interface StateConfig {
  doneWhen: "closed" | "reported";
  staleAfterHours: number;
  labels: { blocked: string; inProgress: string };
}

export interface StateInput {
  coordination: RefKey;
  /** Tracked issues in display order; null = missing or unreadable. */
  tracked: Array<[RefKey, RawIssue | null]>;
  /** Edges known so far (reports, sub-issues); `from` finishes before `to`. */
  edges: StateEdge[];
  /** Accepted reports and standups, newest first. */
  reports: StateReport[];
  urgent: StateUrgent[];
  config: StateConfig;
  now: Date;
}

/** Latest report (not standup) per issue: what a worker last said about it. */
function latestByIssue(reports: StateReport[]): Map<RefKey, StateReport> {
  const out = new Map<RefKey, StateReport>();
  for (const r of reports) {
    if (r.kind !== "report" || r.issue === null) continue;
    const current = out.get(r.issue);
    if (!current || r.at > current.at || (r.at === current.at && r.commentId > current.commentId)) out.set(r.issue, r);
  }
  return out;
}

function isDone(raw: RawIssue, latest: StateReport | undefined, doneWhen: StateConfig["doneWhen"]): boolean {
  // Closed as not planned still releases what waits on it (flagged by its stateReason).
  if (raw.state === "closed") return true;
  return doneWhen === "reported" && latest?.status === "complete";
}

/** Edges from reports: `Blockers` while the issue is reported blocked, and `Dependencies Created`. */
export function reportEdges(reports: StateReport[]): StateEdge[] {
  const edges: StateEdge[] = [];
  for (const r of latestByIssue(reports).values()) {
    if (r.issue === null) continue;
    if (r.status === "blocked") for (const b of r.blockers) edges.push({ from: b, to: r.issue, source: "report" });
    for (const c of r.created) edges.push({ from: r.issue, to: c, source: "report" });
  }
  return edges;
}

export function buildState(input: StateInput): CoordinationState {
  const { config, now } = input;
  const latest = latestByIssue(input.reports);
  const urgentRefs = new Set(input.urgent.map((u) => u.ref));
  const doneSet = new Set<RefKey>();
  for (const [ref, raw] of input.tracked) {
    if (raw && isDone(raw, latest.get(ref), config.doneWhen)) doneSet.add(ref);
  }

  const blockersOf = new Map<RefKey, RefKey[]>();
  const seenEdges = new Set<string>();
  const edges: StateEdge[] = [];
  for (const e of input.edges) {
    const id = `${e.from} ${e.to}`;
    if (e.from === e.to || seenEdges.has(id)) continue;
    seenEdges.add(id);
    edges.push(e);
    if (!doneSet.has(e.from)) blockersOf.set(e.to, [...(blockersOf.get(e.to) ?? []), e.from]);
  }

  const issues: StateIssue[] = input.tracked.map(([ref, raw]) => {
    const report = latest.get(ref);
    const number = parseRefKey(ref)?.number ?? 0;
    const blockedBy = blockersOf.get(ref) ?? [];
    let status: IssueStatus;
    if (!raw) status = "missing";
    else if (doneSet.has(ref)) status = "done";
    else if (blockedBy.length > 0 || report?.status === "blocked" || raw.labels.includes(config.labels.blocked)) status = "blocked";
    else if (report?.status === "in_progress" || report?.status === "complete" || raw.labels.includes(config.labels.inProgress)) status = "in_progress";
    else status = "ready";
    return {
      ref,
      number,
      title: raw?.title ?? "",
      state: raw?.state ?? null,
      stateReason: raw?.state === "closed" ? raw.stateReason : null,
      status,
      blockedBy,
      assignees: raw?.assignees ?? [],
      worker: report?.worker ?? null,
      estimateMinutes: report?.durationMinutes ?? null,
      wave: null,
      urgent: urgentRefs.has(ref),
    };
  });

  const workers = buildWorkers(input.reports, now, config.staleAfterHours);
  const done = issues.filter((i) => i.status === "done").length;
  const { status, reason } = goNoGo(issues, workers, input.urgent);
  const state: CoordinationState = {
    version: 1,
    coordination: input.coordination,
    updatedAt: now.toISOString(),
    status,
    statusReason: reason,
    progress: { done, total: issues.length },
    issues,
    edges,
    workers,
    waves: [],
    criticalPath: [],
    cycles: [],
    gates: [],
    reports: input.reports,
    urgent: input.urgent,
    fingerprint: "",
  };
  state.fingerprint = computeFingerprint(state);
  return state;
}

export function buildWorkers(reports: StateReport[], now: Date, staleAfterHours: number): StateWorker[] {
  const byWorker = new Map<string, StateReport>();
  for (const r of reports) {
    const key = r.worker.toLowerCase();
    const current = byWorker.get(key);
    if (!current || r.at > current.at || (r.at === current.at && r.commentId > current.commentId)) byWorker.set(key, r);
  }
  const staleMs = staleAfterHours * 3_600_000;
  return [...byWorker.values()]
    .map((r) => ({
      id: r.worker,
      login: r.author,
      issue: r.issue,
      status: r.status,
      lastReportAt: r.at,
      stale: now.getTime() - Date.parse(r.at) > staleMs && r.status !== "complete",
    }))
    .sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
}

/** The headline colour and the rule that set it. */
export function goNoGo(issues: StateIssue[], workers: StateWorker[], urgent: StateUrgent[]): { status: GoNoGo; reason: string } {
  if (urgent.length > 0) return { status: "RED", reason: `${urgent.length} urgent item${urgent.length === 1 ? "" : "s"} open` };
  const stale = workers.filter((w) => w.stale).length;
  const blocked = issues.filter((i) => i.status === "blocked").length;
  if (stale > 0 || blocked > 0) {
    const parts = [];
    if (blocked > 0) parts.push(`${blocked} blocked issue${blocked === 1 ? "" : "s"}`);
    if (stale > 0) parts.push(`${stale} stale worker${stale === 1 ? "" : "s"}`);
    return { status: "YELLOW", reason: parts.join(", ") };
  }
  return { status: "GREEN", reason: "no urgent items, blocked issues or stale workers" };
}
