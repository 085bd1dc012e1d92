// Strongly connected components of a dependency graph, over compressed adjacency: the machinery
// behind graph.ts's cycles and plan waves. Iterative (explicit stacks), linear in nodes and edges.
// Pure; never throws.

/** Edges as compressed adjacency over node indexes (successors sorted by node index). */
export interface Adjacency {
  start: Int32Array; // successors of v are succ[start[v] .. start[v + 1])
  succ: Int32Array;
  indegree: Int32Array;
}

export function buildAdjacency(n: number, from: readonly number[], to: readonly number[]): Adjacency {
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

/**
 * Iterative Tarjan over the nodes marked in `open`: each node's component id (-1 for nodes left
 * out) and the components' sizes. Components are numbered in reverse topological order: an edge
 * between two components always goes from a higher id to a lower one.
 */
export function stronglyConnected(n: number, open: Uint8Array, adj: Adjacency): { component: Int32Array; sizes: number[] } {
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
export function cycleOrder(first: number, id: number, size: number, component: Int32Array, adj: Adjacency, seen: Uint8Array, callNode: Int32Array, callEdge: Int32Array): number[] {
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
