// Which issues a coordination tracks (SPEC §1): those its orchestrator's text names, its native
// sub-issues, the issues reports are about, and the blockers of any tracked issue.
import type { IssueRef, RawIssue, RefKey, StateEdge, StateReport } from "./types.js";
import { findRefsInMarkdown, parseRefKey, refKey } from "./refs.js";

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

/** Tracked issue keys in a stable order: text order first, then sub-issues, reports, blockers. */
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
  for (const e of input.edges) {
    add(e.from);
    add(e.to);
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
