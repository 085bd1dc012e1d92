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
  addBlockers(input.edges, out, add);
  return [...out];
}

/**
 * The blockers of tracked issues, transitively, in the order of repeated passes over the edges
 * (each pass adds, in edge order, the `from` of every edge whose `to` is tracked, including issues
 * the same pass added earlier; passes repeat until one adds nothing) — computed in one go: each
 * edge is looked at once, when its `to` becomes tracked, at the pass and position where a pass
 * would meet it. The passes themselves cost edges × passes: quadratic on a long chain.
 */
function addBlockers(edges: readonly StateEdge[], out: Set<RefKey>, add: (key: RefKey) => void): void {
  const into = new Map<RefKey, number[]>(); // to → indexes of its edges, ascending
  edges.forEach((e, i) => {
    const list = into.get(e.to);
    if (list) list.push(i);
    else into.set(e.to, [i]);
  });
  // Edges waiting to be met, ordered by (pass, index): a binary heap of pass × edges + index.
  const heap: number[] = [];
  const n = Math.max(1, edges.length);
  const pushEdge = (pass: number, index: number) => {
    heap.push(pass * n + index);
    for (let c = heap.length - 1; c > 0; ) {
      const parent = (c - 1) >> 1;
      if ((heap[parent] ?? 0) <= (heap[c] ?? 0)) break;
      [heap[parent], heap[c]] = [heap[c] ?? 0, heap[parent] ?? 0];
      c = parent;
    }
  };
  const popEdge = (): number | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      for (let c = 0; ; ) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < heap.length && (heap[l] ?? 0) < (heap[m] ?? 0)) m = l;
        if (r < heap.length && (heap[r] ?? 0) < (heap[m] ?? 0)) m = r;
        if (m === c) break;
        [heap[m], heap[c]] = [heap[c] ?? 0, heap[m] ?? 0];
        c = m;
      }
    }
    return top;
  };
  /** `key` became tracked while pass `pass` was at edge `at`: its edges later in that pass, the rest in the next. */
  const schedule = (key: RefKey, pass: number, at: number) => {
    for (const i of into.get(key) ?? []) pushEdge(i > at ? pass : pass + 1, i);
  };
  for (const key of out) schedule(key, 0, -1);
  for (let next = popEdge(); next !== undefined && out.size < MAX_TRACKED; next = popEdge()) {
    const pass = Math.floor(next / n);
    const index = next % n;
    const from = edges[index]?.from;
    if (from === undefined || out.has(from)) continue;
    add(from);
    if (out.has(from)) schedule(from, pass, index);
  }
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
