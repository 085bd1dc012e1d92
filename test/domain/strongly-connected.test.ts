import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildAdjacency, cycleOrder, stronglyConnected } from "../../src/domain/strongly-connected.js";

/** A random graph on up to 10 nodes, as edge lists of node indexes. */
const graph = fc.integer({ min: 1, max: 10 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 })), { maxLength: 3 * n }),
  }),
);

function reach(n: number, edges: [number, number][]): boolean[][] {
  const r = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => i === j));
  for (const [f, t] of edges) (r[f] as boolean[])[t] = true;
  for (let m = 0; m < n; m++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (r[i]?.[m] && r[m]?.[j]) (r[i] as boolean[])[j] = true;
  return r;
}

describe("buildAdjacency", () => {
  it("lists each node's successors sorted, and counts in-degrees", () => {
    const adj = buildAdjacency(3, [2, 0, 0], [1, 2, 1]);
    expect([...adj.succ.slice(adj.start[0], adj.start[1])]).toEqual([1, 2]);
    expect([...adj.succ.slice(adj.start[2], adj.start[3])]).toEqual([1]);
    expect([...adj.indegree]).toEqual([0, 2, 1]);
  });
});

describe("stronglyConnected", () => {
  it("puts mutually reachable nodes together and numbers components in reverse topological order (property)", () => {
    fc.assert(
      fc.property(graph, ({ n, edges }) => {
        const adj = buildAdjacency(n, edges.map((e) => e[0]), edges.map((e) => e[1]));
        const { component, sizes } = stronglyConnected(n, new Uint8Array(n).fill(1), adj);
        const r = reach(n, edges);
        for (let u = 0; u < n; u++)
          for (let v = 0; v < n; v++) expect(component[u] === component[v]).toBe(Boolean(r[u]?.[v] && r[v]?.[u]));
        for (const [f, t] of edges) expect(component[f] as number).toBeGreaterThanOrEqual(component[t] as number);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves out the nodes not marked open", () => {
    const adj = buildAdjacency(3, [0, 1], [1, 0]);
    const { component } = stronglyConnected(3, Uint8Array.from([1, 1, 0]), adj);
    expect([...component]).toEqual([0, 0, -1]);
  });
});

describe("cycleOrder", () => {
  it("walks a simple cycle from its first node along its edges", () => {
    const adj = buildAdjacency(3, [0, 2, 1], [2, 1, 0]);
    const { component, sizes } = stronglyConnected(3, new Uint8Array(3).fill(1), adj);
    const id = component[0] as number;
    const order = cycleOrder(0, id, sizes[id] as number, component, adj, new Uint8Array(3), new Int32Array(3), new Int32Array(3));
    expect(order).toEqual([0, 2, 1]);
  });
});
