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
import { buildAdjacency, cycleOrder, stronglyConnected } from "./strongly-connected.js";
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

/** Nodes numbered by their first position ("node order"); duplicates and non-strings ignored. */
function numberNodes(nodes: readonly RefKey[]): { keys: RefKey[]; index: Map<RefKey, number> } {
  const keys: RefKey[] = [];
  const index = new Map<RefKey, number>();
  for (const key of nodes) {
    if (typeof key !== "string" || index.has(key)) continue;
    index.set(key, keys.length);
    keys.push(key);
  }
  return { keys, index };
}

export function analyseGraph(input: GraphInput): GraphAnalysis {
  const { keys, index } = numberNodes(input.nodes);
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

// ---------------------------------------------------------------------------
// The plan's waves, stable as work finishes

/**
 * Waves over EVERY edge between `nodes`, finished ones included: wave 1 holds the nodes that wait
 * for no other node, wave k those whose blockers lie in waves < k. Nodes in a dependency cycle
 * share one wave (layers of the strongly connected components), so every node has a wave. Unlike
 * `analyseGraph`'s waves (open nodes only, which shift as work finishes), these stay put: what
 * "all of wave 2" means does not change once wave 1 is done. Linear.
 */
export function stableWaves(nodes: readonly RefKey[], edges: ReadonlyArray<{ from: RefKey; to: RefKey }>): Map<RefKey, number> {
  const { keys, index } = numberNodes(nodes);
  const n = keys.length;
  const from: number[] = [];
  const to: number[] = [];
  for (const edge of edges) {
    if (edge === null || typeof edge !== "object") continue;
    const f = index.get(edge.from);
    const t = index.get(edge.to);
    if (f === undefined || t === undefined || f === t) continue;
    from.push(f);
    to.push(t);
  }
  const adj = buildAdjacency(n, from, to);
  const { component, sizes } = stronglyConnected(n, new Uint8Array(n).fill(1), adj);
  // Members of each component, then components from the highest id down: a topological order, so
  // every component's blockers are layered before it.
  const count = sizes.length;
  const first = new Int32Array(count + 1);
  for (let v = 0; v < n; v++) first[(component[v] as number) + 1] = (first[(component[v] as number) + 1] as number) + 1;
  for (let c = 0; c < count; c++) first[c + 1] = (first[c + 1] as number) + (first[c] as number);
  const fill = first.slice(0, count);
  const members = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const c = component[v] as number;
    members[fill[c] as number] = v;
    fill[c] = (fill[c] as number) + 1;
  }
  const layer = new Int32Array(count).fill(1);
  for (let c = count - 1; c >= 0; c--) {
    const next = (layer[c] as number) + 1;
    for (let m = first[c] as number; m < (first[c + 1] as number); m++) {
      const v = members[m] as number;
      for (let p = adj.start[v] as number; p < (adj.start[v + 1] as number); p++) {
        const w = component[adj.succ[p] as number] as number;
        if (w !== c && (layer[w] as number) < next) layer[w] = next;
      }
    }
  }
  const waves = new Map<RefKey, number>();
  keys.forEach((key, v) => waves.set(key, layer[component[v] as number] as number));
  return waves;
}

// ---------------------------------------------------------------------------
// Links: who waits for whom, for walking the graph

/** For each issue (by `keyOf` its ref), what it waits for (`into`) and what waits for it (`out`). */
export interface Links {
  keyOf: (ref: RefKey) => string;
  into: Map<string, RefKey[]>;
  out: Map<string, RefKey[]>;
}

/**
 * The links of `edges`, each edge once, in the order first seen, refs as written; self-loops
 * dropped. `keyOf` decides which refs are the same issue (`/context` compares them ignoring case).
 * Linear: a set of edge keys, never a scan of a list.
 */
export function linksOf(edges: Iterable<{ from: RefKey; to: RefKey }>, keyOf: (ref: RefKey) => string = (ref) => ref): Links {
  const into = new Map<string, RefKey[]>();
  const out = new Map<string, RefKey[]>();
  const seen = new Set<string>();
  const push = (map: Map<string, RefKey[]>, key: string, value: RefKey) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [value]);
    else list.push(value);
  };
  for (const { from, to } of edges) {
    const f = keyOf(from);
    const t = keyOf(to);
    if (f === t || seen.has(`${f}\n${t}`)) continue;
    seen.add(`${f}\n${t}`);
    push(into, t, from);
    push(out, f, to);
  }
  return { keyOf, into, out };
}

/** The keys of `start` and of everything downstream of it (everything that waits for it, transitively). */
export function downstreamOf(links: Links, start: RefKey): Set<string> {
  const first = links.keyOf(start);
  const found = new Set<string>([first]);
  const stack = [first];
  for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
    for (const next of links.out.get(at) ?? []) {
      const k = links.keyOf(next);
      if (found.has(k)) continue;
      found.add(k);
      stack.push(k);
    }
  }
  return found;
}

/**
 * The nearest issues downstream of `start` that `stop` accepts, breadth-first, never walking past
 * one; at most `max`, in visit order.
 */
export function nearestDownstream(links: Links, start: RefKey, stop: (key: string) => boolean, max: number): RefKey[] {
  const found: RefKey[] = [];
  const first = links.keyOf(start);
  const seen = new Set<string>([first]);
  const queue: string[] = [first];
  for (let head = 0; head < queue.length && found.length < max; head++) {
    for (const next of links.out.get(queue[head] ?? "") ?? []) {
      const k = links.keyOf(next);
      if (seen.has(k)) continue;
      seen.add(k);
      if (stop(k)) found.push(next);
      else queue.push(k);
    }
  }
  return found;
}
