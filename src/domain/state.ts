// The coordination's state from what was read: issue statuses, workers, progress, Go/No-Go.
// Pure: the clock comes in as `now`.
import type {
  CoordinationState,
  GoNoGo,
  IssueStatus,
  RawIssue,
  RefKey,
  StateEdge,
  StateGate,
  StateIssue,
  StateReport,
  StateUrgent,
  StateWorker,
} from "./types.js";
import { parseRefKey } from "./refs.js";
import { computeFingerprint } from "./state-block.js";
import { analyseGraph } from "./graph.js";
import { DEFAULT_THRESHOLDS, goNoGoVerdict, type SynthesisThresholds } from "./go-no-go.js";

export interface StateConfig {
  doneWhen: "closed" | "reported";
  staleAfterHours: number;
  /** `gate` / `gateApproved` are optional so callers without gates need not name them. */
  labels: { blocked: string; inProgress: string; gate?: string; gateApproved?: string };
  /** The Go/No-Go rules (configurable under `synthesis.goNoGo`); the synthesis uses the same ones. */
  thresholds?: SynthesisThresholds;
}

export interface StateInput {
  coordination: RefKey;
  /** Tracked issues in display order; null = missing or unreadable. */
  tracked: Array<[RefKey, RawIssue | null]>;
  /** Every edge found (bodies, tables, arrows, native, sub-issues, reports); `from` finishes before `to`. */
  edges: StateEdge[];
  /** Planned estimates in minutes (the coordination's tables); reports' durations fill the gaps. */
  estimates: ReadonlyMap<RefKey, number>;
  /** Accepted reports and standups, newest first. */
  reports: StateReport[];
  urgent: StateUrgent[];
  config: StateConfig;
  now: Date;
  /** When the latest Team Status was written, shown in the dashboard's headline. */
  lastSynthesisAt?: string;
  /** Gate summaries (ref, name, state pending/go/no-go, done/total criteria met). */
  gates?: StateGate[];
  /**
   * Gates approved by an approval the app judged and recorded (SPEC §5): the only gates that are
   * done. Without it (callers that have no gates), a gate counts as done by its approved label.
   */
  approvedGates?: ReadonlySet<RefKey>;
}

/** A state with nothing in it: a coordination before its first run, or an issue that is not one. */
export function emptyState(coordination: RefKey, updatedAt = ""): CoordinationState {
  return {
    version: 1,
    coordination,
    updatedAt,
    status: "GREEN",
    statusReason: "",
    progress: { done: 0, total: 0 },
    issues: [],
    edges: [],
    workers: [],
    waves: [],
    criticalPath: [],
    cycles: [],
    gates: [],
    reports: [],
    urgent: [],
    fingerprint: "",
  };
}

/** The worker id of a `worker:<id>` label (set by `/assign #N <worker-id>`), if any. */
function workerLabel(labels: readonly string[]): string | null {
  const label = labels.find((l) => /^worker:\S/i.test(l));
  return label ? label.slice("worker:".length) : null;
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

function isDone(ref: RefKey, raw: RawIssue, latest: StateReport | undefined, config: StateConfig, approvedGates: ReadonlySet<RefKey> | undefined): boolean {
  const has = (label: string | undefined) => label !== undefined && raw.labels.some((l) => l.toLowerCase() === label.toLowerCase());
  // A gate is done only when approved (SPEC §3, §5): closing it by hand does not release its
  // dependants, and neither does a label nobody judged.
  if (has(config.labels.gate)) return approvedGates ? approvedGates.has(ref) : has(config.labels.gateApproved);
  // Closed as not planned still releases what waits on it (flagged by its stateReason).
  if (raw.state === "closed") return true;
  return config.doneWhen === "reported" && latest?.status === "complete";
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
    if (raw && isDone(ref, raw, latest.get(ref), config, input.approvedGates)) doneSet.add(ref);
  }

  const seenEdges = new Set<string>();
  const edges: StateEdge[] = [];
  for (const e of input.edges) {
    const id = `${e.from} ${e.to}`;
    if (e.from === e.to || seenEdges.has(id)) continue;
    seenEdges.add(id);
    edges.push(e);
  }
  const estimates = new Map<RefKey, number>();
  for (const [ref] of input.tracked) {
    const planned = input.estimates.get(ref);
    const reported = latest.get(ref)?.durationMinutes;
    if (planned !== undefined) estimates.set(ref, planned);
    else if (reported !== null && reported !== undefined) estimates.set(ref, reported);
  }
  const graph = analyseGraph({ nodes: input.tracked.map(([ref]) => ref), edges, done: doneSet, estimates });

  const issues: StateIssue[] = input.tracked.map(([ref, raw]) => {
    const report = latest.get(ref);
    const number = parseRefKey(ref)?.number ?? 0;
    const blockedBy = graph.openBlockers.get(ref) ?? [];
    let status: IssueStatus;
    if (!raw) status = "missing";
    else if (doneSet.has(ref)) status = "done";
    // The blocked label is Coordinator's own output (it follows the graph), so it is not an input.
    else if (blockedBy.length > 0 || report?.status === "blocked") status = "blocked";
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
      // The latest report names the worker; before any report, `/assign #N <worker>`'s label does.
      worker: report?.worker ?? workerLabel(raw?.labels ?? []),
      estimateMinutes: estimates.get(ref) ?? null,
      wave: graph.waveOf.get(ref) ?? null,
      urgent: urgentRefs.has(ref),
    };
  });

  const workers = buildWorkers(input.reports, now, config.staleAfterHours);
  const done = issues.filter((i) => i.status === "done").length;
  const { status, reason } = verdictFor({ issues, workers, urgent: input.urgent, criticalPath: graph.criticalPath, cycles: graph.cycles, coordination: input.coordination, gates: input.gates ?? [] }, config.thresholds);
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
    waves: graph.waves,
    criticalPath: graph.criticalPath,
    cycles: graph.cycles,
    gates: input.gates ?? [],
    reports: input.reports,
    urgent: input.urgent,
    fingerprint: "",
  };
  if (input.lastSynthesisAt !== undefined) state.lastSynthesisAt = input.lastSynthesisAt;
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

/**
 * The headline colour and the rule that set it: the synthesis's verdict, so the dashboard and the
 * daily Team Status never disagree. The rule is stored without its leading "RED: " (the dashboard
 * shows the colour beside it).
 */
function verdictFor(
  parts: Pick<CoordinationState, "issues" | "workers" | "urgent" | "criticalPath" | "cycles" | "coordination" | "gates">,
  thresholds: SynthesisThresholds = DEFAULT_THRESHOLDS,
): { status: GoNoGo; reason: string } {
  const probe: CoordinationState = { ...emptyState(parts.coordination), progress: { done: 0, total: parts.issues.length }, ...parts };
  const { status, rule } = goNoGoVerdict(probe, thresholds);
  return { status, reason: rule.replace(/^(?:RED|YELLOW|GREEN):\s*/, "") };
}
