// Dependency-graph figures for `npm run bench`: analyseGraph and unblockedDiff on 10,000 issues and
// 50,000 edges. The graph is seeded (same graph every run) and layered like a real plan: issues in
// 100 phases of 100, each issue blocked by ~5 issues of the few phases before it, the first phases
// partly done. A second variant adds a handful of back edges, so a few cycles (and everything
// downstream of them) fall out of the waves. Times are wall-clock medians of 11 runs.
import { performance } from "node:perf_hooks";
import { analyseGraph, unblockedDiff, type GraphInput } from "../src/domain/graph.js";
import type { RefKey } from "../src/domain/types.js";

const ISSUES = 10_000;
const EDGES = 50_000;
const PHASES = 100;
const RUNS = 11;

/** mulberry32: a small seeded PRNG, so the benchmark graph is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function timeMedian(fn: () => void): number {
  fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

interface Plan {
  input: GraphInput;
  /** The same plan after one more phase of issues is done. */
  later: GraphInput;
}

function layeredPlan(backEdges: number): Plan {
  const random = prng(972 + backEdges);
  const perPhase = ISSUES / PHASES;
  const nodes: RefKey[] = Array.from({ length: ISSUES }, (_, i) => `acme/app#${1000 + i}`);
  const key = (i: number): RefKey => nodes[i] as RefKey;
  const edges: { from: RefKey; to: RefKey }[] = [];
  const seen = new Set<number>();
  while (edges.length < EDGES) {
    // A blocked issue in phase ≥ 1, blocked by an issue one to three phases earlier.
    const to = perPhase + Math.floor(random() * (ISSUES - perPhase));
    const toPhase = Math.floor(to / perPhase);
    const fromPhase = Math.max(0, toPhase - 1 - Math.floor(random() * 3));
    const from = fromPhase * perPhase + Math.floor(random() * perPhase);
    const code = from * ISSUES + to;
    if (seen.has(code)) continue;
    seen.add(code);
    edges.push({ from: key(from), to: key(to) });
  }
  // Back edges: an issue deep in the plan "blocks" one of its own blockers' blockers' blockers,
  // found by walking the forward edges backwards, so each back edge closes a cycle.
  const blockersOf = new Map<number, number[]>();
  for (const code of seen) {
    const to = code % ISSUES;
    const list = blockersOf.get(to) ?? [];
    list.push(Math.floor(code / ISSUES));
    blockersOf.set(to, list);
  }
  for (let c = 0; c < backEdges; c++) {
    const from = (40 + c * 10) * perPhase + Math.floor(random() * perPhase);
    let to = from;
    for (let step = 0; step < 3; step++) {
      const list = blockersOf.get(to) ?? [];
      to = list[Math.floor(random() * list.length)] ?? to;
    }
    if (to !== from) edges.push({ from: key(from), to: key(to) });
  }
  const estimates = new Map<RefKey, number>();
  for (let i = 0; i < ISSUES; i++) if (random() < 0.7) estimates.set(key(i), 15 * (1 + Math.floor(random() * 16)));
  const doneUpTo = (phases: number): Set<RefKey> => {
    const done = new Set<RefKey>();
    for (let i = 0; i < phases * perPhase; i++) if (random() < 0.95) done.add(key(i));
    return done;
  };
  return { input: { nodes, edges, done: doneUpTo(10), estimates }, later: { nodes, edges, done: doneUpTo(11), estimates } };
}

const fmt = (n: number): string => n.toLocaleString("en-US");

export async function benchGraph(): Promise<string[]> {
  const lines: string[] = [];
  for (const backEdges of [0, 5]) {
    const { input, later } = layeredPlan(backEdges);
    const analyse = timeMedian(() => void analyseGraph(input));
    const before = analyseGraph(input);
    const after = analyseGraph(later);
    const open = new Set(after.openBlockers.keys());
    const diff = timeMedian(() => void unblockedDiff(before.openBlockers, after.openBlockers, open));
    const { unblocked } = unblockedDiff(before.openBlockers, after.openBlockers, open);
    const shape =
      backEdges === 0
        ? `${fmt(before.waves.length)} waves, critical path ${fmt(before.criticalPath.length)} issues`
        : `${fmt(backEdges)} back edges → ${fmt(before.cycles.length)} cycles, ${fmt(before.openBlockers.size - before.waveOf.size)} open issues without a wave`;
    lines.push(
      `graph ${fmt(input.nodes.length)} issues / ${fmt(input.edges.length)} edges (${shape}): analyse ${analyse.toFixed(2)} ms, unblocked diff ${diff.toFixed(3)} ms (median; ${fmt(unblocked.length)} unblocked)`,
    );
  }
  return lines;
}
