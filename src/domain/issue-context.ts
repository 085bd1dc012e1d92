// What Coordinator knows about one tracked issue, for `/context [#N]` (SPEC §4): its blockers
// and their state, its dependants, the gates it belongs to, the latest reports on it, the worker
// assigned and what to do next. Computed from the state block alone; status-replies.ts renders it.
//
// Gates are the issues the state's `gates` list names (tracked issues labelled `gate`), never
// guessed from a title. The gates of an issue are the nearest gates downstream of it (following
// edges out of the issue, not past a gate: the gate its work feeds) followed by the gates it
// directly waits for (its blockers that are gates).
//
// Pure: `now` is a parameter; nothing here throws. Linear in the state.

import { clip, formatAge, HOUR_MS, newestFirst, nowMs, shortRef, timeOf } from "./format.js";
import { linksOf, nearestDownstream, type Links } from "./graph.js";
import { parseRefKey, type RepoContext } from "./refs.js";
import type { CoordinationState, IssueStatus, RefKey, ReportStatus, StateIssue, StateReport } from "./types.js";

export interface ContextFacts {
  issue: {
    ref: RefKey;
    title: string;
    state: "open" | "closed" | null;
    status: IssueStatus;
    urgent: boolean;
    wave: number | null;
    estimateMinutes: number | null;
    assignees: string[];
    worker: string | null;
    onCriticalPath: boolean;
  };
  /** Every issue with an edge into this one (done or not), open blockers first; at most MAX_LIST. */
  blockers: Array<{ ref: RefKey; title: string; status: IssueStatus; done: boolean }>;
  /** Every issue with an edge out of this one; at most MAX_LIST. */
  dependants: Array<{ ref: RefKey; title: string; status: IssueStatus }>;
  /** Nearest gates downstream, then gates this issue waits for (see the file comment). */
  gates: Array<{ ref: RefKey; title: string; status: IssueStatus }>;
  /** The latest reports and standups about this issue, newest first. */
  reports: Array<{ at: string; worker: string; status: ReportStatus | null; summary: string; url: string }>;
  /** One sentence: what to do next. */
  next: string;
  coordination: RefKey;
}

/** Bounds that keep a `/context` reply far below GitHub's 65,536-character comment limit. */
const MAX_LIST = 25;
const MAX_GATES = 10;
const MAX_REPORTS = 5;
const MAX_ASSIGNEES = 10;
export const MAX_TITLE = 100;
const MAX_SUMMARY = 200;
export const MAX_WORKER = 40;
const MAX_URL = 500;
/** SPEC §6 default `synthesis.staleAfterHours`: the state block does not carry the config. */
const STALE_HOURS = 24;

const STATUS_WORDS: Record<IssueStatus, string> = {
  done: "done",
  in_progress: "in progress",
  blocked: "blocked",
  ready: "ready, not started",
  missing: "missing",
};

interface Graph {
  byRef: Map<string, StateIssue>;
  /** Refs compared ignoring case: a ref typed into the state block may differ in case. */
  links: Links;
  gateRefs: Set<string>;
}

const lower = (ref: RefKey): string => ref.toLowerCase();

function buildGraph(state: CoordinationState): Graph {
  const byRef = new Map<string, StateIssue>();
  for (const i of state.issues) if (!byRef.has(lower(i.ref))) byRef.set(lower(i.ref), i);
  // `blockedBy` survives when the state had to drop its edges to fit the body.
  const blockedBy = state.issues.flatMap((i) => i.blockedBy.map((b) => ({ from: b, to: i.ref })));
  const links = linksOf([...state.edges, ...blockedBy], lower);
  const gateRefs = new Set(state.gates.map((g) => lower(g.ref)));
  return { byRef, links, gateRefs };
}

function gateTitle(state: CoordinationState, ref: string): string {
  return state.gates.find((g) => g.ref.toLowerCase() === ref)?.name ?? "";
}

function cycleOf(state: CoordinationState, key: string): RefKey[] | null {
  for (const c of state.cycles) if (c.some((r) => r.toLowerCase() === key)) return c;
  return null;
}

function describeBlocker(state: CoordinationState, g: Graph, ref: RefKey): string {
  const k = ref.toLowerCase();
  const issue = g.byRef.get(k);
  const parts: string[] = [];
  if (g.gateRefs.has(k)) parts.push("gate, awaiting approval");
  parts.push(issue ? STATUS_WORDS[issue.status] : "not tracked");
  if (issue?.worker) parts.push(`worker ${clip(issue.worker, MAX_WORKER)}`);
  if (cycleOf(state, k) !== null) parts.push("in a dependency cycle");
  return parts.join(", ");
}

function listRefs(refs: string[]): string {
  if (refs.length <= 1) return refs.join("");
  return `${refs.slice(0, -1).join(", ")} and ${refs[refs.length - 1] ?? ""}`;
}

function nextStep(
  state: CoordinationState,
  g: Graph,
  issue: StateIssue,
  openBlockers: RefKey[],
  about: StateReport[],
  home: RepoContext | null,
  now: number,
): string {
  const me = shortRef(issue.ref, home);
  if (issue.status === "done") {
    const reason = issue.state === "closed" && issue.stateReason && issue.stateReason !== "completed"
      ? ` (closed as ${clip(issue.stateReason.replace(/_/g, " "), 30)})`
      : "";
    return `Done${reason} — nothing to do`;
  }
  const urgent = issue.urgent ? "Urgent: " : "";
  if (issue.status === "missing") {
    return `${urgent}Check the issue: Coordinator cannot read ${me} (deleted, transferred or not visible to the app)`;
  }
  const cycle = cycleOf(state, issue.ref.toLowerCase());
  if (cycle !== null && cycle.length > 0) {
    const shown = cycle.slice(0, 10).map((r) => shortRef(r, home));
    const first = shown[0] ?? me;
    const more = cycle.length > shown.length ? ` → … (+${cycle.length - shown.length} more)` : "";
    return (
      `${urgent}Blocked by a cycle: ${[...shown, ...(more ? [] : [first])].join(" → ")}${more}` +
      " — ask an orchestrator to remove one of these dependencies with /undepends"
    );
  }
  if (openBlockers.length > 0) {
    const shown = openBlockers.slice(0, 3).map((r) => `${shortRef(r, home)} (${describeBlocker(state, g, r)})`);
    const rest = openBlockers.length - shown.length;
    return `${urgent}Wait for ${rest > 0 ? `${shown.join(", ")} and ${rest} more` : listRefs(shown)}`;
  }
  const latest = about.find((r) => r.kind === "report") ?? about[0];
  const latestAt = latest ? timeOf(latest.at) : null;
  if (issue.status === "blocked") {
    const blockedReport = about.find((r) => r.kind === "report" && r.status === "blocked");
    if (blockedReport) {
      return (
        `${urgent}Blocked as reported by worker ${clip(blockedReport.worker, MAX_WORKER)} ` +
        `(${formatAge(timeOf(blockedReport.at), now)}): clear the blocker, then report; or /escalate ${me} <reason>`
      );
    }
    return `${urgent}Blocked, but no open blocker is recorded: ask an orchestrator to run /refresh`;
  }
  if (issue.status === "in_progress") {
    if (!latest) return `${urgent}Continue work and post a progress report: none is recorded yet`;
    const stale = latestAt === null || (Number.isFinite(now) && now - latestAt > STALE_HOURS * HOUR_MS);
    if (stale) return `${urgent}Report your progress: last report ${formatAge(latestAt, now)}`;
    const who = issue.worker ? `worker ${clip(issue.worker, MAX_WORKER)}` : "in progress";
    return (
      `${urgent}Continue work (${who}, last report ${formatAge(latestAt, now)}), ` +
      "then post a report with Status: Complete"
    );
  }
  // ready
  const hasBlockers = (g.links.into.get(issue.ref.toLowerCase()) ?? []).length > 0;
  return `${urgent}Start work: ${hasBlockers ? "all blockers are done" : "it has no blockers"}`;
}

/** What Coordinator knows about `ref`; null when this coordination does not track it. */
export function contextFacts(state: CoordinationState, ref: RefKey, now: Date): ContextFacts | null {
  const key = String(ref).trim().toLowerCase();
  const g = buildGraph(state);
  const issue = g.byRef.get(key);
  if (issue === undefined) return null;
  const home = parseRefKey(state.coordination);
  const t = nowMs(now);

  const titleOf = (r: RefKey) => clip(g.byRef.get(r.toLowerCase())?.title ?? gateTitle(state, r.toLowerCase()), MAX_TITLE);
  const statusOf = (r: RefKey): IssueStatus => g.byRef.get(r.toLowerCase())?.status ?? "missing";

  const allBlockers = (g.links.into.get(key) ?? []).map((r) => {
    const status = statusOf(r);
    return { ref: r, title: titleOf(r), status, done: status === "done" };
  });
  const open = allBlockers.filter((b) => !b.done);
  const blockers = [...open, ...allBlockers.filter((b) => b.done)].slice(0, MAX_LIST);
  const dependants = (g.links.out.get(key) ?? [])
    .slice(0, MAX_LIST)
    .map((r) => ({ ref: r, title: titleOf(r), status: statusOf(r) }));

  const gateList: RefKey[] = nearestDownstream(g.links, key, (k) => g.gateRefs.has(k), MAX_GATES);
  const listed = new Set(gateList.map((x) => x.toLowerCase()));
  for (const b of allBlockers) {
    const k = b.ref.toLowerCase();
    if (g.gateRefs.has(k) && !listed.has(k)) {
      listed.add(k);
      gateList.push(b.ref);
    }
  }
  const gates = gateList.slice(0, MAX_GATES).map((r) => ({ ref: r, title: titleOf(r), status: statusOf(r) }));

  const about = newestFirst(state.reports.filter((r) => r.issue !== null && r.issue.toLowerCase() === key));
  const reports = about.slice(0, MAX_REPORTS).map((r) => ({
    at: r.at,
    worker: clip(r.worker, MAX_WORKER),
    status: r.status,
    summary: clip(r.summary, MAX_SUMMARY),
    url: clip(r.url, MAX_URL),
  }));

  const onPath = state.criticalPath.some((r) => r.toLowerCase() === key);
  return {
    issue: {
      ref: issue.ref,
      title: clip(issue.title, MAX_TITLE),
      state: issue.state,
      status: issue.status,
      urgent: issue.urgent,
      wave: issue.wave,
      estimateMinutes: issue.estimateMinutes,
      assignees: issue.assignees.slice(0, MAX_ASSIGNEES).map((a) => clip(a, MAX_WORKER)),
      worker: issue.worker === null ? null : clip(issue.worker, MAX_WORKER),
      onCriticalPath: onPath,
    },
    blockers,
    dependants,
    gates,
    reports,
    next: nextStep(state, g, issue, open.map((b) => b.ref), about, home, t),
    coordination: state.coordination,
  };
}
