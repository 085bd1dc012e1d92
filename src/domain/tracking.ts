// Which issues a coordination tracks (SPEC §1): those its orchestrator's text names, its native
// sub-issues, the issues reports are about, and the blockers of any tracked issue.
import type { IssueRef, RawIssue, RefKey, StateEdge, StateReport } from "./types.js";
import { findRefsInMarkdown, parseRefKey, refKey } from "./refs.js";
import { bodyEdges, coordinationEdges, dedupeEdges } from "./edges.js";
import { reportEdges } from "./state.js";

/** At most this many issues are tracked by one coordination; the rest are ignored (and said so). */
export const MAX_TRACKED = 2000;

export interface TrackingInput {
  coordination: IssueRef;
  /** The orchestrator's text: the body outside the dashboard markers. */
  orchestratorText: string;
  subIssues: RawIssue[];
  reports: StateReport[];
  edges: StateEdge[];
}

/**
 * Tracked issue keys in a stable order: text order first, then sub-issues, reports, then the
 * blockers of tracked issues (transitively). What a tracked issue blocks is not pulled in.
 */
export function trackedRefs(input: TrackingInput): RefKey[] {
  const self = refKey(input.coordination);
  const out = new Set<RefKey>();
  const add = (key: RefKey | null) => {
    if (key && key !== self && out.size < MAX_TRACKED) out.add(key);
  };
  const ctx = { owner: input.coordination.owner, repo: input.coordination.repo };
  for (const ref of findRefsInMarkdown(input.orchestratorText, ctx)) add(refKey(ref));
  for (const sub of input.subIssues) add(sub.ref);
  for (const r of input.reports) add(r.issue);
  for (let grew = true; grew; ) {
    const before = out.size;
    for (const e of input.edges) if (out.has(e.to)) add(e.from);
    grew = out.size > before && out.size < MAX_TRACKED;
  }
  return [...out];
}

export function toRefs(keys: Iterable<RefKey>): IssueRef[] {
  const out: IssueRef[] = [];
  for (const key of keys) {
    const ref = parseRefKey(key);
    if (ref) out.push(ref);
  }
  return out;
}

export interface GraphSources {
  coordination: IssueRef;
  orchestratorText: string;
  /** Issues read so far (tracked and candidates); null = missing. */
  issues: ReadonlyMap<RefKey, RawIssue | null>;
  reports: StateReport[];
}

/**
 * Every edge SPEC §3 names, from what was read: the coordination's tables, arrows and "X depends
 * on Y" lines; each issue's body lines; native blocked-by dependencies; sub-issues (a parent waits
 * for its children; the coordination's own sub-issues are tracked, not edges); reports.
 */
export function graphEdges(input: GraphSources): { edges: StateEdge[]; estimates: Map<RefKey, number> } {
  const ctx = { owner: input.coordination.owner, repo: input.coordination.repo };
  const self = refKey(input.coordination);
  const planned = coordinationEdges(input.orchestratorText, ctx);
  const edges: StateEdge[] = [...planned.edges];
  for (const [key, raw] of input.issues) {
    const ref = parseRefKey(key);
    if (!raw || !ref || key === self) continue;
    edges.push(...bodyEdges(raw.body, ref));
    for (const blocker of raw.blockedBy) edges.push({ from: blocker, to: key, source: "native" });
    for (const child of raw.subIssues) edges.push({ from: child, to: key, source: "sub-issue" });
  }
  edges.push(...reportEdges(input.reports));
  return { edges: dedupeEdges(edges.filter((e) => e.from !== self && e.to !== self)), estimates: planned.estimates };
}
