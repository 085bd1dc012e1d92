// The dependency graph (SPEC §3): open blockers, the ready set, execution waves, the critical path,
// cycles, and the unblocked/reblocked diff between two snapshots.
//
// Pure: no I/O, no clock, no logging. Never throws. Every traversal is iterative (explicit stacks),
// so a chain of 100,000 issues is as safe as a chain of three. Roughly linear: O(V + E) apart from
// sorting each wave (O(V log V) overall).
//
// Conventions:
// - Nodes are numbered by their first position in `input.nodes` ("node order"); duplicates are
//   ignored. Every tie is broken by node order, so equal inputs give equal outputs, and the order of
//   `edges` only affects the order inside each `openBlockers` list.
// - Edges with an endpoint outside `nodes` are ignored, and so are self-loops and repeated edges.
// - Only edges between two OPEN nodes take part in waves, cycles and the critical path: a finished
//   blocker no longer blocks, and what a finished issue "waits for" no longer matters. In particular
//   a cycle one of whose members is done is resolved and is not reported.
import type { RefKey } from "./types.js";

export interface GraphInput {
  /** Tracked issues, in display order. */
  nodes: readonly RefKey[];
  /** `from` must finish before `to`. Endpoints not in `nodes` are ignored. */
  edges: ReadonlyArray<{ from: RefKey; to: RefKey }>;
  /** Finished issues (closed, reported complete, approved gates — decided by the caller). */
  done: ReadonlySet<RefKey>;
  /** Estimates in minutes, where known. */
  estimates: ReadonlyMap<RefKey, number>;
}

export interface GraphAnalysis {
  /** For every OPEN node (in node order): its not-done blockers, in edge order; `[]` when none. */
  openBlockers: Map<RefKey, RefKey[]>;
  /** Open nodes with no open blocker, in node order. Nodes in a cycle are never ready. Equals `waves[0] ?? []`. */
  ready: RefKey[];
  /** Layers among open nodes: wave 1 = ready; wave k = open nodes whose open blockers all lie in waves < k. Node order inside a wave. */
  waves: RefKey[][];
  /** 1-based wave of every open node that is neither in a cycle nor downstream of one. */
  waveOf: Map<RefKey, number>;
  /** The heaviest remaining chain among waved open nodes, first to last (see `weights` below). */
  criticalPath: RefKey[];
  /** The total weight of `criticalPath` (0 when it is empty). */
  criticalMinutes: number;
  /** Strongly connected components of more than one open node, each once, ordered by their first node. */
  cycles: RefKey[][];
}

function isKnownEstimate(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

/**
 * Weights for the critical path, per node index.
 *
 * An issue weighs its estimate in minutes when that is known (a finite number ≥ 0). When it is
 * unknown, it weighs the mean of the known estimates of the tracked issues (done ones included:
 * they are the team's sizing), rounded to whole minutes; when no tracked issue has an estimate, every
 * issue weighs 1, so the critical path is then the longest chain by issue count (SPEC §3: "default 1
 * per issue").
 */
function weights(keys: readonly RefKey[], estimates: ReadonlyMap<RefKey, number>): Float64Array {
  const n = keys.length;
  const out = new Float64Array(n);
  const known = new Uint8Array(n);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const value = estimates.get(keys[i] as RefKey);
    if (isKnownEstimate(value)) {
      out[i] = value;
      known[i] = 1;
      sum += value;
      count++;
    }
  }
  const fallback = count > 0 ? Math.round(sum / count) : 1;
  const safeFallback = Number.isFinite(fallback) ? fallback : 1;
  for (let i = 0; i < n; i++) if (known[i] === 0) out[i] = safeFallback;
  return out;
}

/** The open-to-open edges as compressed adjacency (successors sorted by node index). */
interface Adjacency {
  start: Int32Array; // successors of v are succ[start[v] .. start[v + 1])
  succ: Int32Array;
  indegree: Int32Array;
}

function buildAdjacency(n: number, from: readonly number[], to: readonly number[]): Adjacency {
  const m = from.length;
  // Group edges by target (counting sort), then walk targets in increasing order and append each to
  // its source's list: every successor list comes out sorted by node index, in linear time.
  const predStart = new Int32Array(n + 1);
  const indegree = new Int32Array(n);
  const outdegree = new Int32Array(n);
  for (let e = 0; e < m; e++) {
    const t = to[e] as number;
    const f = from[e] as number;
    indegree[t] = (indegree[t] as number) + 1;
    outdegree[f] = (outdegree[f] as number) + 1;
  }
  for (let v = 0; v < n; v++) predStart[v + 1] = (predStart[v] as number) + (indegree[v] as number);
  const fill = predStart.slice(0, n);
  const pred = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const t = to[e] as number;
    const at = fill[t] as number;
    pred[at] = from[e] as number;
    fill[t] = at + 1;
  }
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) start[v + 1] = (start[v] as number) + (outdegree[v] as number);
  const cursor = start.slice(0, n);
  const succ = new Int32Array(m);
  for (let t = 0; t < n; t++) {
    const end = predStart[t + 1] as number;
    for (let p = predStart[t] as number; p < end; p++) {
      const f = pred[p] as number;
      const at = cursor[f] as number;
      succ[at] = t;
      cursor[f] = at + 1;
    }
  }
  return { start, succ, indegree };
}

/** Iterative Tarjan over the open nodes; returns each node's component id and the components' sizes. */
function stronglyConnected(n: number, open: Uint8Array, adj: Adjacency): { component: Int32Array; sizes: number[] } {
  const { start, succ } = adj;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const component = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  const stack = new Int32Array(n);
  let stackTop = 0;
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let depth = 0;
  let counter = 0;

  for (let root = 0; root < n; root++) {
    if (open[root] === 0 || order[root] !== -1) continue;
    order[root] = low[root] = counter++;
    stack[stackTop++] = root;
    onStack[root] = 1;
    callNode[0] = root;
    callEdge[0] = start[root] as number;
    depth = 1;
    while (depth > 0) {
      const v = callNode[depth - 1] as number;
      const p = callEdge[depth - 1] as number;
      if (p < (start[v + 1] as number)) {
        callEdge[depth - 1] = p + 1;
        const w = succ[p] as number;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack[stackTop++] = w;
          onStack[w] = 1;
          callNode[depth] = w;
          callEdge[depth] = start[w] as number;
          depth++;
        } else if (onStack[w] === 1 && (order[w] as number) < (low[v] as number)) {
          low[v] = order[w] as number;
        }
        continue;
      }
      depth--;
      if (depth > 0) {
        const u = callNode[depth - 1] as number;
        if ((low[v] as number) < (low[u] as number)) low[u] = low[v] as number;
      }
      if (low[v] === order[v]) {
        const id = sizes.length;
        let size = 0;
        for (;;) {
          const w = stack[--stackTop] as number;
          onStack[w] = 0;
          component[w] = id;
          size++;
          if (w === v) break;
        }
        sizes.push(size);
      }
    }
  }
  return { component, sizes };
}

/**
 * The members of one cycle (component), as a depth-first walk along dependency edges from its
 * smallest node in node order, successors taken in node order. For a simple cycle this is the cycle
 * itself (a → b → c → back to a); for a tangle it still lists every member once.
 */
function cycleOrder(first: number, id: number, size: number, component: Int32Array, adj: Adjacency, seen: Uint8Array, callNode: Int32Array, callEdge: Int32Array): number[] {
  const { start, succ } = adj;
  const out: number[] = [first];
  seen[first] = 1;
  callNode[0] = first;
  callEdge[0] = start[first] as number;
  let depth = 1;
  while (depth > 0 && out.length < size) {
    const v = callNode[depth - 1] as number;
    const p = callEdge[depth - 1] as number;
    if (p >= (start[v + 1] as number)) {
      depth--;
      continue;
    }
    callEdge[depth - 1] = p + 1;
    const w = succ[p] as number;
    if (component[w] !== id || seen[w] === 1) continue;
    seen[w] = 1;
    out.push(w);
    callNode[depth] = w;
    callEdge[depth] = start[w] as number;
    depth++;
  }
  return out;
}

export function analyseGraph(input: GraphInput): GraphAnalysis {
  // Node numbering (first occurrence wins).
  const keys: RefKey[] = [];
  const index = new Map<RefKey, number>();
  for (const key of input.nodes) {
    if (typeof key !== "string" || index.has(key)) continue;
    index.set(key, keys.length);
    keys.push(key);
  }
  const n = keys.length;
  const open = new Uint8Array(n);
  const blockerLists: RefKey[][] = new Array<RefKey[]>(n);
  for (let i = 0; i < n; i++) {
    if (!input.done.has(keys[i] as RefKey)) {
      open[i] = 1;
      blockerLists[i] = [];
    }
  }

  // Open-to-open edges, deduplicated, in edge order.
  const seen = new Set<number>();
  const from: number[] = [];
  const to: number[] = [];
  for (const edge of input.edges) {
    if (edge === null || typeof edge !== "object") continue;
    const f = index.get(edge.from);
    const t = index.get(edge.to);
    if (f === undefined || t === undefined || f === t || open[f] === 0 || open[t] === 0) continue;
    const code = f * n + t;
    if (seen.has(code)) continue;
    seen.add(code);
    from.push(f);
    to.push(t);
    (blockerLists[t] as RefKey[]).push(keys[f] as RefKey);
  }

  const openBlockers = new Map<RefKey, RefKey[]>();
  for (let i = 0; i < n; i++) if (open[i] === 1) openBlockers.set(keys[i] as RefKey, blockerLists[i] as RefKey[]);

  const adj = buildAdjacency(n, from, to);
  const { start, succ } = adj;

  // Waves: Kahn's algorithm, one layer at a time. Nodes in a cycle, and everything downstream of
  // one, never reach in-degree 0 and so get no wave.
  const remaining = adj.indegree.slice();
  const wave = new Int32Array(n);
  const topo: number[] = [];
  const waves: RefKey[][] = [];
  const waveOf = new Map<RefKey, number>();
  let current: number[] = [];
  for (let v = 0; v < n; v++) if (open[v] === 1 && remaining[v] === 0) current.push(v);
  while (current.length > 0) {
    const number = waves.length + 1;
    const next: number[] = [];
    const layer: RefKey[] = [];
    for (const v of current) {
      wave[v] = number;
      topo.push(v);
      const key = keys[v] as RefKey;
      layer.push(key);
      waveOf.set(key, number);
      const end = start[v + 1] as number;
      for (let p = start[v] as number; p < end; p++) {
        const w = succ[p] as number;
        const left = (remaining[w] as number) - 1;
        remaining[w] = left;
        if (left === 0) next.push(w);
      }
    }
    waves.push(layer);
    next.sort((a, b) => a - b);
    current = next;
  }

  // Cycles: strongly connected components of more than one open node.
  const cycles: RefKey[][] = [];
  if (topo.length < countOpen(open)) {
    const { component, sizes } = stronglyConnected(n, open, adj);
    const visited = new Uint8Array(n);
    const reported = new Uint8Array(sizes.length);
    const callNode = new Int32Array(n);
    const callEdge = new Int32Array(n);
    for (let v = 0; v < n; v++) {
      const id = component[v] as number;
      if (id < 0 || reported[id] === 1) continue;
      const size = sizes[id] as number;
      if (size < 2) continue;
      reported[id] = 1; // v is the component's first node in node order
      cycles.push(cycleOrder(v, id, size, component, adj, visited, callNode, callEdge).map((i) => keys[i] as RefKey));
    }
  }

  // Critical path: DP over reverse topological order. tail[v] = weight(v) + the heaviest tail among
  // v's waved successors; the path starts at the heaviest tail and follows the heaviest successor.
  // Ties go to the smaller node index; a zero-weight successor still extends the chain.
  const weight = weights(keys, input.estimates);
  const tail = new Float64Array(n);
  const nextOnPath = new Int32Array(n).fill(-1);
  for (let k = topo.length - 1; k >= 0; k--) {
    const v = topo[k] as number;
    let best = -1;
    let bestTail = 0;
    const end = start[v + 1] as number;
    for (let p = start[v] as number; p < end; p++) {
      const w = succ[p] as number;
      if (wave[w] === 0) continue;
      const t = tail[w] as number;
      if (best === -1 || t > bestTail) {
        best = w;
        bestTail = t;
      }
    }
    nextOnPath[v] = best;
    tail[v] = (weight[v] as number) + bestTail;
  }
  let first = -1;
  for (const v of topo) {
    if (first === -1 || (tail[v] as number) > (tail[first] as number) || ((tail[v] as number) === (tail[first] as number) && v < first)) first = v;
  }
  const criticalPath: RefKey[] = [];
  let criticalMinutes = 0;
  for (let v = first; v !== -1; v = nextOnPath[v] as number) {
    criticalPath.push(keys[v] as RefKey);
    criticalMinutes += weight[v] as number;
  }

  return { openBlockers, ready: waves[0] ?? [], waves, waveOf, criticalPath, criticalMinutes, cycles };
}

function countOpen(open: Uint8Array): number {
  let count = 0;
  for (const flag of open) count += flag;
  return count;
}

/**
 * Issues whose open-blocker list went from non-empty to empty (`unblocked`) or from empty to
 * non-empty (`reblocked`), among the issues in `open`. An issue counts only when it has a list in
 * both snapshots: an issue newly tracked, or open again after being done, has no transition to
 * announce. Results follow the iteration order of `after` (node order for `analyseGraph` output).
 */
export function unblockedDiff(
  before: ReadonlyMap<RefKey, readonly RefKey[]>,
  after: ReadonlyMap<RefKey, readonly RefKey[]>,
  open: ReadonlySet<RefKey>,
): { unblocked: RefKey[]; reblocked: RefKey[] } {
  const unblocked: RefKey[] = [];
  const reblocked: RefKey[] = [];
  for (const [key, now] of after) {
    if (!open.has(key)) continue;
    const was = before.get(key);
    if (was === undefined) continue;
    if (was.length > 0 && now.length === 0) unblocked.push(key);
    else if (was.length === 0 && now.length > 0) reblocked.push(key);
  }
  return { unblocked, reblocked };
}
