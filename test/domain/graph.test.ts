import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyseGraph,
  downstreamOf,
  linksOf,
  nearestDownstream,
  stableWaves,
  unblockedDiff,
  type GraphAnalysis,
  type GraphInput,
} from "../../src/domain/graph.js";
import type { RefKey } from "../../src/domain/types.js";

const k = (n: number | string): RefKey => `acme/app#${n}`;
const ks = (...ns: (number | string)[]): RefKey[] => ns.map(k);

interface Case {
  name: string;
  nodes: (number | string)[];
  edges: [number | string, number | string][];
  done?: (number | string)[];
  estimates?: [number | string, number][];
  waves: (number | string)[][];
  criticalPath: (number | string)[];
  criticalMinutes: number;
  cycles?: (number | string)[][];
  blockers?: [number | string, (number | string)[]][];
}

function inputOf(c: Pick<Case, "nodes" | "edges" | "done" | "estimates">): GraphInput {
  return {
    nodes: c.nodes.map(k),
    edges: c.edges.map(([from, to]) => ({ from: k(from), to: k(to) })),
    done: new Set((c.done ?? []).map(k)),
    estimates: new Map((c.estimates ?? []).map(([n, m]) => [k(n), m])),
  };
}

const seedPhase1: Pick<Case, "nodes" | "edges" | "estimates"> = {
  nodes: [972, 973, 974, 975, 976],
  edges: [
    [972, 973],
    [973, 974],
    [973, 975],
    [975, 976],
  ],
  estimates: [
    [972, 30],
    [973, 60],
    [974, 45],
    [975, 60],
    [976, 45],
  ],
};

const cases: Case[] = [
  {
    name: "seed Phase 1",
    ...seedPhase1,
    waves: [[972], [973], [974, 975], [976]],
    criticalPath: [972, 973, 975, 976],
    criticalMinutes: 195,
    blockers: [
      [972, []],
      [973, [972]],
      [974, [973]],
      [975, [973]],
      [976, [975]],
    ],
  },
  {
    name: "seed Phase 1 after #972 is done",
    ...seedPhase1,
    done: [972],
    waves: [[973], [974, 975], [976]],
    criticalPath: [973, 975, 976],
    criticalMinutes: 165,
    blockers: [
      [973, []],
      [974, [973]],
      [975, [973]],
      [976, [975]],
    ],
  },
  {
    name: "seed Phase 1 after #972, #973 and #975 are done",
    ...seedPhase1,
    done: [972, 973, 975],
    waves: [[974, 976]],
    criticalPath: [974],
    criticalMinutes: 45,
  },
  {
    name: "a diamond without estimates (ties go to node order)",
    nodes: ["a", "b", "c", "d"],
    edges: [
      ["a", "b"],
      ["a", "c"],
      ["b", "d"],
      ["c", "d"],
    ],
    waves: [["a"], ["b", "c"], ["d"]],
    criticalPath: ["a", "b", "d"],
    criticalMinutes: 3,
    blockers: [
      ["a", []],
      ["b", ["a"]],
      ["c", ["a"]],
      ["d", ["b", "c"]],
    ],
  },
  {
    name: "a diamond whose unknown estimates weigh the mean of the known ones",
    nodes: ["a", "b", "c", "d"],
    edges: [
      ["a", "b"],
      ["a", "c"],
      ["b", "d"],
      ["c", "d"],
    ],
    estimates: [
      ["b", 10],
      ["c", 21],
    ],
    // mean 15.5 → 16 for a and d
    waves: [["a"], ["b", "c"], ["d"]],
    criticalPath: ["a", "c", "d"],
    criticalMinutes: 16 + 21 + 16,
  },
  {
    name: "disconnected nodes",
    nodes: ["x", "y", "z"],
    edges: [],
    waves: [["x", "y", "z"]],
    criticalPath: ["x"],
    criticalMinutes: 1,
  },
  {
    name: "disconnected nodes, some estimated",
    nodes: ["x", "y", "z"],
    edges: [],
    estimates: [
      ["x", 10],
      ["y", 90],
    ],
    // z weighs the mean, 50
    waves: [["x", "y", "z"]],
    criticalPath: ["y"],
    criticalMinutes: 90,
  },
  {
    name: "a longer chain beats a heavier single issue only when it weighs more",
    nodes: ["solo", "a", "b", "c"],
    edges: [
      ["a", "b"],
      ["b", "c"],
    ],
    estimates: [
      ["solo", 100],
      ["a", 30],
      ["b", 30],
      ["c", 30],
    ],
    waves: [["solo", "a"], ["b"], ["c"]],
    criticalPath: ["solo"],
    criticalMinutes: 100,
  },
  {
    name: "a 2-cycle and a 3-cycle, each once, plus a node downstream of a cycle",
    nodes: ["free", "b", "a", 3, 1, 2, "down", "after-free"],
    edges: [
      ["a", "b"],
      ["b", "a"],
      ["a", "b"],
      [1, 2],
      [2, 3],
      [3, 1],
      [2, "down"],
      ["free", "after-free"],
    ],
    waves: [["free"], ["after-free"]],
    criticalPath: ["free", "after-free"],
    criticalMinutes: 2,
    cycles: [
      ["b", "a"],
      [3, 1, 2],
    ],
    blockers: [
      ["free", []],
      ["b", ["a"]],
      ["a", ["b"]],
      [3, [2]],
      [1, [3]],
      [2, [1]],
      ["down", [2]],
      ["after-free", ["free"]],
    ],
  },
  {
    name: "a cycle with a done member is resolved",
    nodes: ["a", "b", "c"],
    edges: [
      ["a", "b"],
      ["b", "a"],
      ["b", "c"],
    ],
    done: ["a"],
    waves: [["b"], ["c"]],
    criticalPath: ["b", "c"],
    criticalMinutes: 2,
  },
  {
    name: "duplicate edges, self-loops, duplicate nodes and unknown endpoints",
    nodes: ["a", "b", "a", "c"],
    edges: [
      ["a", "b"],
      ["a", "b"],
      ["b", "b"],
      ["a", "a"],
      ["ghost", "b"],
      ["b", "ghost"],
      ["c", "b"],
      ["a", "b"],
    ],
    waves: [["a", "c"], ["b"]],
    criticalPath: ["a", "b"],
    criticalMinutes: 2,
    blockers: [
      ["a", []],
      ["b", ["a", "c"]],
      ["c", []],
    ],
  },
  {
    name: "an empty graph",
    nodes: [],
    edges: [],
    waves: [],
    criticalPath: [],
    criticalMinutes: 0,
  },
  {
    name: "everything done",
    ...seedPhase1,
    done: [972, 973, 974, 975, 976],
    waves: [],
    criticalPath: [],
    criticalMinutes: 0,
    blockers: [],
  },
];

describe("analyseGraph — hand-checked graphs", () => {
  it.each(cases)("$name", (c) => {
    const a = analyseGraph(inputOf(c));
    expect(a.waves).toEqual(c.waves.map((w) => w.map(k)));
    expect(a.ready).toEqual((c.waves[0] ?? []).map(k));
    expect(a.criticalPath).toEqual(ks(...c.criticalPath));
    expect(a.criticalMinutes).toBe(c.criticalMinutes);
    expect(a.cycles).toEqual((c.cycles ?? []).map((cycle) => cycle.map(k)));
    const waveOf = new Map<RefKey, number>();
    c.waves.forEach((w, i) => w.forEach((n) => waveOf.set(k(n), i + 1)));
    expect(a.waveOf).toEqual(waveOf);
    if (c.blockers) expect([...a.openBlockers]).toEqual(c.blockers.map(([n, bs]) => [k(n), bs.map(k)]));
  });

  it("keeps cycle members and downstream nodes out of waves and the critical path, but lists their blockers", () => {
    const a = analyseGraph(inputOf(cases.find((c) => c.name.startsWith("a 2-cycle")) as Case));
    for (const n of ["a", "b", 1, 2, 3, "down"]) {
      expect(a.waveOf.has(k(n))).toBe(false);
      expect(a.criticalPath).not.toContain(k(n));
      expect(a.openBlockers.has(k(n))).toBe(true);
    }
  });

  it("handles very deep graphs without recursion", () => {
    const n = 100_000;
    const nodes = Array.from({ length: n }, (_, i) => k(i));
    const chain = nodes.slice(1).map((to, i) => ({ from: nodes[i] as RefKey, to }));
    const a = analyseGraph({ nodes, edges: chain, done: new Set(), estimates: new Map() });
    expect(a.waves).toHaveLength(n);
    expect(a.criticalPath).toHaveLength(n);
    expect(a.criticalMinutes).toBe(n);
    const ring = [...chain, { from: nodes[n - 1] as RefKey, to: nodes[0] as RefKey }];
    const b = analyseGraph({ nodes, edges: ring, done: new Set(), estimates: new Map() });
    expect(b.cycles).toHaveLength(1);
    expect(b.cycles[0]).toEqual(nodes);
    expect(b.waves).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Brute-force references on small graphs.

interface Small {
  n: number;
  edges: [number, number][];
  done: number[];
  estimates: [number, number][];
}

function toInput(g: Small): GraphInput {
  return {
    nodes: Array.from({ length: g.n }, (_, i) => k(i)),
    edges: g.edges.map(([f, t]) => ({ from: k(f), to: k(t) })),
    done: new Set(g.done.map(k)),
    estimates: new Map(g.estimates.map(([i, m]) => [k(i), m])),
  };
}

interface Reference {
  open: boolean[];
  adjacent: boolean[][]; // open → open, no self-loops
  reach: boolean[][]; // reach[u][v]: a non-empty path u → … → v among open nodes
  inCycle: boolean[];
  waved: boolean[];
  level: number[];
  weight: number[];
}

function reference(g: Small): Reference {
  const { n } = g;
  const doneSet = new Set(g.done);
  const open = Array.from({ length: n }, (_, i) => !doneSet.has(i));
  const adjacent = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
  for (const [f, t] of g.edges) if (f !== t && f < n && t < n && open[f] && open[t]) (adjacent[f] as boolean[])[t] = true;
  const reach = adjacent.map((row) => [...row]);
  for (let m = 0; m < n; m++)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (reach[i]?.[m] && reach[m]?.[j]) (reach[i] as boolean[])[j] = true;
  const inCycle = Array.from({ length: n }, (_, u) => Array.from({ length: n }, (_, v) => v !== u && reach[u]?.[v] && reach[v]?.[u]).some(Boolean));
  const waved = Array.from({ length: n }, (_, v) => open[v] === true && !inCycle[v] && !Array.from({ length: n }, (_, u) => inCycle[u] && reach[u]?.[v]).some(Boolean));
  // level(v) = 1 + max level over blockers, by fixed point (the waved subgraph is acyclic).
  const level = Array<number>(n).fill(0);
  for (let round = 0; round <= n; round++)
    for (let v = 0; v < n; v++) {
      if (!waved[v]) continue;
      let l = 1;
      for (let u = 0; u < n; u++) if (adjacent[u]?.[v]) l = Math.max(l, (level[u] ?? 0) + 1);
      level[v] = l;
    }
  const known = new Map<number, number>();
  for (const [i, m] of g.estimates) if (i < n) known.set(i, m); // as \`new Map(entries)\`: the last one wins
  const all = [...known.values()];
  const fallback = all.length > 0 ? Math.round(all.reduce((s, m) => s + m, 0) / all.length) : 1;
  const weight = Array.from({ length: n }, (_, i) => known.get(i) ?? fallback);
  return { open, adjacent, reach, inCycle, waved, level, weight };
}

/** The heaviest chain among waved nodes, by enumerating every chain. */
function bruteMaxChain(n: number, r: Reference): number {
  let best = 0;
  const stack: { v: number; w: number }[] = [];
  for (let v = 0; v < n; v++) if (r.waved[v]) stack.push({ v, w: r.weight[v] ?? 0 });
  while (stack.length > 0) {
    const { v, w } = stack.pop() as { v: number; w: number };
    best = Math.max(best, w);
    for (let t = 0; t < n; t++) if (r.adjacent[v]?.[t] && r.waved[t]) stack.push({ v: t, w: w + (r.weight[t] ?? 0) });
  }
  return best;
}

const idx = (key: RefKey): number => Number(key.slice("acme/app#".length));

/** A random graph on up to 9 nodes: arbitrary edges (cycles, self-loops, duplicates), some done, some estimated. */
const smallAny: fc.Arbitrary<Small> = fc.integer({ min: 0, max: 9 }).chain((n) => {
  if (n === 0) return fc.constant<Small>({ n, edges: [], done: [], estimates: [] });
  const node = fc.integer({ min: 0, max: n - 1 });
  return fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(node, node), { maxLength: 3 * n }),
    done: fc.uniqueArray(node, { maxLength: n }),
    estimates: fc.array(fc.tuple(node, fc.integer({ min: 0, max: 240 })), { maxLength: n }),
  });
});

/** A random DAG: edges go from lower to higher rank under a random permutation of the nodes. */
const smallDag: fc.Arbitrary<Small> = fc.integer({ min: 0, max: 9 }).chain((n) =>
  n === 0
    ? fc.constant<Small>({ n, edges: [], done: [], estimates: [] })
    : fc
        .record({
          rank: fc.shuffledSubarray(
            Array.from({ length: n }, (_, i) => i),
            { minLength: n, maxLength: n },
          ),
          pairs: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: 3 * n }),
          done: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }),
          estimates: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: 240 })), { maxLength: n }),
        })
        .map(({ rank, pairs, done, estimates }) => ({
          n,
          edges: pairs.filter(([a, b]) => a !== b).map(([a, b]): [number, number] => (a < b ? [rank[a] as number, rank[b] as number] : [rank[b] as number, rank[a] as number])),
          done,
          estimates,
        })),
);

function checkAgainstReference(g: Small, a: GraphAnalysis): void {
  const r = reference(g);
  const { n } = g;
  const openNodes = Array.from({ length: n }, (_, i) => i).filter((i) => r.open[i]);

  // openBlockers: every open node, its distinct open blockers in first-edge order.
  const blockers = new Map<RefKey, RefKey[]>(openNodes.map((i) => [k(i), []]));
  for (const [f, t] of g.edges) {
    if (f === t || !r.open[f] || !r.open[t]) continue;
    const list = blockers.get(k(t)) as RefKey[];
    if (!list.includes(k(f))) list.push(k(f));
  }
  expect([...a.openBlockers]).toEqual([...blockers]);

  // Every open non-cycle node (and not downstream of one) has a wave, and only those.
  expect(openNodes.filter((i) => a.waveOf.has(k(i)))).toEqual(openNodes.filter((i) => r.waved[i]));
  // Waves are the longest-path layering.
  for (const i of openNodes) if (r.waved[i]) expect(a.waveOf.get(k(i))).toBe(r.level[i]);
  expect(a.waves.flat()).toHaveLength(a.waveOf.size);
  a.waves.forEach((wave, w) => {
    expect(wave.map(idx)).toEqual([...wave.map(idx)].sort((x, y) => x - y));
    for (const key of wave) expect(a.waveOf.get(key)).toBe(w + 1);
  });
  // Every edge between two waved open nodes goes from a lower wave to a higher one.
  for (const [f, t] of g.edges) {
    const wf = a.waveOf.get(k(f));
    const wt = a.waveOf.get(k(t));
    if (f !== t && wf !== undefined && wt !== undefined) expect(wf).toBeLessThan(wt);
  }
  // ready == wave 1 == open nodes without open blockers that are not in a cycle.
  expect(a.ready).toEqual(a.waves[0] ?? []);
  expect(a.ready).toEqual(openNodes.filter((i) => (blockers.get(k(i)) ?? []).length === 0).map(k));
  for (const key of a.ready) expect(r.inCycle[idx(key)]).toBe(false);

  // Critical path: a real chain of waved nodes whose weight is the maximum chain weight.
  const path = a.criticalPath.map(idx);
  for (let i = 0; i + 1 < path.length; i++) expect(r.adjacent[path[i] as number]?.[path[i + 1] as number]).toBe(true);
  for (const v of path) expect(r.waved[v]).toBe(true);
  expect(path.reduce((s, v) => s + (r.weight[v] ?? 0), 0)).toBe(a.criticalMinutes);
  expect(a.criticalMinutes).toBe(bruteMaxChain(n, r));
  expect(path.length > 0).toBe(a.waveOf.size > 0);

  // Cycles: exactly the strongly connected components of more than one open node, each once,
  // starting at its smallest node, ordered by that node.
  const members = a.cycles.flat().map(idx);
  expect(new Set(members).size).toBe(members.length);
  expect([...members].sort((x, y) => x - y)).toEqual(openNodes.filter((i) => r.inCycle[i]));
  for (const cycle of a.cycles) {
    const c = cycle.map(idx);
    expect(c.length).toBeGreaterThan(1);
    expect(c[0]).toBe(Math.min(...c));
    for (const u of c) for (const v of c) if (u !== v) expect(r.reach[u]?.[v]).toBe(true);
  }
  const firsts = a.cycles.map((c) => idx(c[0] as RefKey));
  expect(firsts).toEqual([...firsts].sort((x, y) => x - y));
}

describe("analyseGraph — properties", () => {
  it("matches brute force on random DAGs", () => {
    fc.assert(
      fc.property(smallDag, (g) => {
        const a = analyseGraph(toInput(g));
        expect(a.cycles).toEqual([]);
        checkAgainstReference(g, a);
      }),
      { numRuns: 400 },
    );
  });

  it("matches brute force on random graphs (cycles, self-loops, duplicates)", () => {
    fc.assert(
      fc.property(smallAny, (g) => checkAgainstReference(g, analyseGraph(toInput(g)))),
      { numRuns: 400 },
    );
  });

  it("is deterministic, and the order of edges only changes the order inside blocker lists", () => {
    fc.assert(
      fc.property(
        smallAny.chain((g) => fc.tuple(fc.constant(g), fc.shuffledSubarray(g.edges, { minLength: g.edges.length, maxLength: g.edges.length }))),
        ([g, shuffled]) => {
          const a = analyseGraph(toInput(g));
          expect(analyseGraph(toInput(g))).toEqual(a);
          const b = analyseGraph(toInput({ ...g, edges: shuffled }));
          expect(b.waves).toEqual(a.waves);
          expect(b.waveOf).toEqual(a.waveOf);
          expect(b.ready).toEqual(a.ready);
          expect(b.cycles).toEqual(a.cycles);
          expect(b.criticalPath).toEqual(a.criticalPath);
          expect(b.criticalMinutes).toBe(a.criticalMinutes);
          expect([...b.openBlockers.keys()]).toEqual([...a.openBlockers.keys()]);
          for (const [key, list] of a.openBlockers) expect([...(b.openBlockers.get(key) ?? [])].sort()).toEqual([...list].sort());
        },
      ),
      { numRuns: 200 },
    );
  });

  it("never throws on arbitrary inputs", () => {
    const key = fc.oneof(fc.constantFrom("a", "b", "c", "d", "ghost", ""), fc.string({ maxLength: 4 }));
    const estimate = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, Infinity, -Infinity, -5, 0, Number.MAX_VALUE));
    fc.assert(
      fc.property(
        fc.record({
          nodes: fc.array(key, { maxLength: 12 }),
          edges: fc.array(fc.record({ from: key, to: key }), { maxLength: 30 }),
          done: fc.array(key, { maxLength: 6 }),
          estimates: fc.array(fc.tuple(key, estimate), { maxLength: 8 }),
        }),
        ({ nodes, edges, done, estimates }) => {
          const a = analyseGraph({ nodes, edges, done: new Set(done), estimates: new Map(estimates) });
          expect(a.ready).toEqual(a.waves[0] ?? []);
          for (let i = 0; i + 1 < a.criticalPath.length; i++) {
            const from = a.criticalPath[i];
            const to = a.criticalPath[i + 1];
            expect(edges.some((e) => e.from === from && e.to === to)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("unblockedDiff", () => {
  it("reports the seed's #973 as unblocked once #972 is done", () => {
    const before = analyseGraph(inputOf(seedPhase1));
    const after = analyseGraph(inputOf({ ...seedPhase1, done: [972] }));
    const open = new Set(after.openBlockers.keys());
    expect(unblockedDiff(before.openBlockers, after.openBlockers, open)).toEqual({ unblocked: [k(973)], reblocked: [] });
    // and reblocked when #972 reopens
    expect(unblockedDiff(after.openBlockers, before.openBlockers, new Set(before.openBlockers.keys()))).toEqual({ unblocked: [], reblocked: [k(973)] });
    // nothing when nothing changed
    expect(unblockedDiff(after.openBlockers, after.openBlockers, open)).toEqual({ unblocked: [], reblocked: [] });
  });

  it("ignores issues that are not open now or have no list on one side", () => {
    const before = new Map<RefKey, RefKey[]>([
      [k(1), [k(9)]],
      [k(2), [k(9)]],
      [k(4), []],
    ]);
    const after = new Map<RefKey, RefKey[]>([
      [k(1), []],
      [k(2), []],
      [k(3), []],
      [k(5), [k(9)]],
    ]);
    expect(unblockedDiff(before, after, new Set([k(1), k(3), k(4), k(5)]))).toEqual({ unblocked: [k(1)], reblocked: [] });
  });

  it("is exact against the brute-force definition", () => {
    const universe = ks(0, 1, 2, 3, 4, 5, 6, 7);
    const lists = fc.array(fc.tuple(fc.constantFrom(...universe), fc.array(fc.constantFrom(...universe), { maxLength: 3 })), { maxLength: 10 });
    fc.assert(
      fc.property(lists, lists, fc.subarray(universe), (b, a, o) => {
        const before = new Map(b);
        const after = new Map(a);
        const open = new Set(o);
        const unblocked: RefKey[] = [];
        const reblocked: RefKey[] = [];
        for (const key of after.keys()) {
          const was = before.get(key);
          const now = after.get(key);
          if (!open.has(key) || was === undefined || now === undefined) continue;
          if (was.length > 0 && now.length === 0) unblocked.push(key);
          if (was.length === 0 && now.length > 0) reblocked.push(key);
        }
        expect(unblockedDiff(before, after, open)).toEqual({ unblocked, reblocked });
      }),
      { numRuns: 500 },
    );
  });

  it("after more issues are done: exactly the open issues whose blockers all finished are unblocked, none reblocked", () => {
    fc.assert(
      fc.property(
        smallAny.chain((g) => fc.tuple(fc.constant(g), fc.subarray(Array.from({ length: g.n }, (_, i) => i)))),
        ([g, finishing]) => {
          const before = analyseGraph(toInput(g));
          const doneAfter = new Set([...g.done, ...finishing]);
          const after = analyseGraph(toInput({ ...g, done: [...doneAfter] }));
          const open = new Set(after.openBlockers.keys());
          const expected = [...after.openBlockers.keys()].filter((key) => {
            const was = before.openBlockers.get(key) ?? [];
            return was.length > 0 && was.every((b) => doneAfter.has(idx(b)));
          });
          expect(unblockedDiff(before.openBlockers, after.openBlockers, open)).toEqual({ unblocked: expected, reblocked: [] });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("stableWaves", () => {
  const waves = (nodes: number[], edges: [number, number][]) =>
    Object.fromEntries([...stableWaves(nodes.map(k), edges.map(([f, t]) => ({ from: k(f), to: k(t) })))].map(([key, w]) => [idx(key), w]));

  it("layers every edge, finished or not, and gives a cycle's members one wave", () => {
    expect(waves([1, 2, 3, 4], [[1, 2], [2, 3], [1, 3]])).toEqual({ 1: 1, 2: 2, 3: 3, 4: 1 });
    expect(waves([1, 2, 3, 4], [[1, 2], [2, 3], [3, 2], [3, 4]])).toEqual({ 1: 1, 2: 2, 3: 2, 4: 3 });
    expect(waves([1, 2], [[1, 1], [1, 9], [9, 2]])).toEqual({ 1: 1, 2: 1 });
    expect(waves([], [])).toEqual({});
  });

  it("layers a chain of 100,000 issues without recursion", () => {
    const n = 100_000;
    const result = stableWaves(
      Array.from({ length: n }, (_, i) => k(i)),
      Array.from({ length: n - 1 }, (_, i) => ({ from: k(i), to: k(i + 1) })),
    );
    expect(result.get(k(n - 1))).toBe(n);
  });

  it("equals the longest chain of components into each node, by brute force (property)", () => {
    fc.assert(
      fc.property(smallAny, (g) => {
        const r = reference({ ...g, done: [] });
        const got = stableWaves(toInput(g).nodes, toInput(g).edges);
        // A node's component: the nodes it reaches and is reached by. Component depth: 1 + the
        // deepest component with an edge into it, to a fixed point (the condensation is acyclic).
        const comp = Array.from({ length: g.n }, (_, v) => Array.from({ length: g.n }, (_, u) => u).find((u) => u === v || (r.reach[u]?.[v] && r.reach[v]?.[u])) ?? v);
        const depth = Array<number>(g.n).fill(1);
        for (let round = 0; round <= g.n; round++)
          for (let u = 0; u < g.n; u++)
            for (let v = 0; v < g.n; v++) {
              const cu = comp[u] ?? u;
              const cv = comp[v] ?? v;
              if (r.adjacent[u]?.[v] && cu !== cv) depth[cv] = Math.max(depth[cv] ?? 1, (depth[cu] ?? 1) + 1);
            }
        expect(Array.from({ length: g.n }, (_, v) => got.get(k(v)))).toEqual(Array.from({ length: g.n }, (_, v) => depth[comp[v] ?? v]));
      }),
      { numRuns: 500 },
    );
  });
});

describe("links", () => {
  const edges = [
    { from: k(1), to: k(2) },
    { from: k(1), to: k(3) },
    { from: "ACME/app#1", to: k(2) },
    { from: k(2), to: k(2) },
    { from: k(3), to: k(4) },
    { from: k(4), to: k(5) },
  ];

  it("keeps each edge once, in the order first seen, refs as written; self-loops dropped", () => {
    const exact = linksOf(edges);
    expect(exact.into.get(k(2))).toEqual([k(1), "ACME/app#1"]);
    const folded = linksOf(edges, (r) => r.toLowerCase());
    expect(folded.into.get(k(2))).toEqual([k(1)]);
    expect(folded.out.get(k(1))).toEqual([k(2), k(3)]);
    expect(folded.out.has(k(2))).toBe(false);
  });

  it("walks downstream, and stops at the nearest issues it is told to", () => {
    const links = linksOf(edges);
    expect([...downstreamOf(links, k(3))].sort()).toEqual([k(3), k(4), k(5)]);
    expect([...downstreamOf(links, k(9))]).toEqual([k(9)]);
    expect(nearestDownstream(links, k(1), (key) => key === k(3) || key === k(5), 10)).toEqual([k(3)]);
    expect(nearestDownstream(links, k(1), (key) => key === k(4) || key === k(5), 10)).toEqual([k(4)]);
    expect(nearestDownstream(links, k(1), () => true, 1)).toEqual([k(2), k(3)]);
  });

  it("costs one pass over 10,000 edges into one issue", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ from: k(i + 10), to: k(1) }));
    const start = performance.now();
    const links = linksOf([...many, ...many], (r) => r.toLowerCase());
    expect(links.into.get(k(1))).toHaveLength(10_000);
    expect(performance.now() - start).toBeLessThan(500);
  });
});
