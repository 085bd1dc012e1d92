// Linear on any input (issue 9, SPEC §8): every function that sees user text takes time
// proportional to its input on adversarial families (long runs of one Markdown character, deep
// nesting, mis-encoded emoji, report and command prefixes followed by long runs, no newline at
// all). For each (function, family): time(64 KiB) / time(8 KiB) ≤ 22 — linear is about 8,
// quadratic about 64; 22 is their geometric middle, so a busy machine (the whole suite runs in
// parallel, and 64 KiB of data misses caches 8 KiB hits) cannot push a linear pair over it.
//
// Robust by construction: inputs are built once; each function is warmed up on them first; the
// 8 KiB time is the mean over 8 equal copies (so both sizes read as much memory); each time is
// the minimum of several repetitions of a loop of about a millisecond; a pair that looks slow is
// measured again before it fails. A pair whose 64 KiB input takes under FLOOR_MS passes whatever
// its ratio: at that size the ratio measures the memory caches (8 KiB of text fits in the
// fastest one, 64 KiB of UTF-16 does not) rather than growth — a quadratic function needs at
// least tens of milliseconds on 64 KiB — and GitHub's limit keeps every input at 64 KiB or less. The families and functions are in hostile-inputs.ts (the
// benchmark in bench/hostile.ts times the same ones at 64 KiB). `LINEAR_TIME_REPORT=1` prints
// every ratio.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { contextFacts } from "../../src/domain/issue-context.js";
import { escapeInline } from "../../src/domain/escape.js";
import { emptyState } from "../../src/domain/state.js";
import type { CoordinationState, StateIssue } from "../../src/domain/types.js";
import { FAMILIES, LARGE, SMALL, SUBJECTS, type Subject } from "./hostile-inputs.js";

const LIMIT = 22;
/** 64 KiB in less than this (milliseconds) is too fast to be super-linear in any way that matters. */
const FLOOR_MS = 0.5;
/** Below this a pair is clearly linear: no more repetitions. */
const CLEAR = 9;
const REPETITIONS = 5;
/** Each timed loop lasts about this long (milliseconds), so the timer's grain does not matter. */
const SAMPLE_MS = 1;

function timed(run: (x: unknown) => unknown, inputs: readonly unknown[], loops: number): number {
  const start = performance.now();
  for (let i = 0; i < loops; i++) for (const x of inputs) run(x);
  return (performance.now() - start) / (loops * inputs.length);
}

interface Ratio {
  ratio: number;
  small: number;
  large: number;
}

/** Loops of `inputs` that take about SAMPLE_MS. */
function loopsFor(run: (x: unknown) => unknown, inputs: readonly unknown[]): number {
  const once = timed(run, inputs, 1) * inputs.length;
  return Math.min(2_000, Math.max(1, Math.ceil(SAMPLE_MS / Math.max(once, 1e-4))));
}

/** time(large) / time(small): the smallest times of a few repetitions, stopping early when clearly linear. */
function measure(run: (x: unknown) => unknown, small: readonly unknown[], large: unknown): Ratio {
  for (const x of small) run(x);
  run(large);
  const smallLoops = loopsFor(run, small);
  const largeLoops = loopsFor(run, [large]);
  let s = Number.POSITIVE_INFINITY;
  let l = Number.POSITIVE_INFINITY;
  for (let r = 0; r < REPETITIONS; r++) {
    s = Math.min(s, timed(run, small, smallLoops));
    l = Math.min(l, timed(run, [large], largeLoops));
    if (r >= 1 && l / s <= CLEAR) break;
  }
  return { ratio: l / s, small: s, large: l };
}

/** The ratio of one pair, measured twice more if it looks super-linear (a busy machine, a GC). */
function ratioOf(run: (x: unknown) => unknown, small: readonly unknown[], large: unknown): Ratio {
  let best = measure(run, small, large);
  for (let retry = 0; retry < 2 && best.ratio > LIMIT && best.large >= FLOOR_MS; retry++) {
    const again = measure(run, small, large);
    if (again.ratio < best.ratio) best = again;
  }
  return best;
}

const fmt = (r: Ratio) => `${r.ratio.toFixed(1)} (8 KiB ${r.small.toFixed(3)} ms, 64 KiB ${r.large.toFixed(3)} ms)`;
const report = process.env.LINEAR_TIME_REPORT !== undefined;

/** Every core family's inputs, built once: 8 copies at 8 KiB (distinct strings) and one at 64 KiB. */
const inputs = FAMILIES.filter((f) => f.core).map((f) => {
  const small = f.build(SMALL);
  return { name: f.name, small: Array.from({ length: 8 }, () => ` ${small}`.slice(1)), large: f.build(LARGE) };
});

function checkSubject(subject: Subject): void {
  const slow: string[] = [];
  for (const family of inputs) {
    const prepare = subject.prepare ?? ((s: string) => s);
    const r = ratioOf(subject.run, family.small.map(prepare), prepare(family.large));
    if (report) console.log(`${subject.name} | ${family.name} | ${fmt(r)}`);
    if (r.ratio > LIMIT && r.large >= FLOOR_MS) slow.push(`${family.name}: ${fmt(r)}`);
  }
  expect(slow, `${subject.name}: time(64 KiB) / time(8 KiB) above ${LIMIT}`).toEqual([]);
}

describe("linear time on adversarial families: time(64 KiB) / time(8 KiB) ≤ 22", () => {
  it("the inputs have the sizes they claim", () => {
    for (const f of FAMILIES) {
      expect(f.build(SMALL), f.name).toHaveLength(SMALL);
      expect(f.build(LARGE), f.name).toHaveLength(LARGE);
    }
  });

  it.each(SUBJECTS.map((s) => [s.name, s] as const))("%s", (_name, subject) => checkSubject(subject), 60_000);

  it("families generated at random from hostile pieces (property)", () => {
    // A few more shapes than the table: a random unit of Markdown-significant pieces, repeated.
    const piece = fc.constantFrom(" ", "\t", "\n", "#", ">", "[", "]", "(", ")", "`", "<!--", "-->", "|", "-", "*", "_", "\\", "@", "✅", "âœ…", "## ", "- ", "> ", "**Issue**: ", "#1", "/track ", "x");
    const subjects = SUBJECTS.filter((s) => ["parseComment", "liveBlocks", "plainInline", "parseCommands", "bodyEdges", "escapeInline", "parseCriteria"].includes(s.name));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (pieces) => {
        const unit = pieces.join("");
        const build = (n: number) => unit.repeat(Math.floor(n / unit.length)) + "x".repeat(n % unit.length);
        const small = build(SMALL);
        const large = build(LARGE);
        for (const subject of subjects) {
          const prepare = subject.prepare ?? ((s: string) => s);
          const r = ratioOf(subject.run, Array.from({ length: 8 }, () => prepare(` ${small}`.slice(1))), prepare(large));
          if (r.large >= FLOOR_MS) expect(r.ratio, `${subject.name} on ${JSON.stringify(unit)}: ${fmt(r)}`).toBeLessThanOrEqual(LIMIT);
        }
      }),
      { numRuns: 6 },
    );
  }, 60_000);
});

describe("linear time in the size of a configuration or a coordination", () => {
  it("parseConfig: 64 KiB of unknown keys costs 8 times what 8 KiB costs", () => {
    const keys = (bytes: number) => Object.fromEntries(Array.from({ length: bytes / 16 }, (_, i) => [`unknown-key-${String(i).padStart(4, "0")}`, i]));
    const small = Array.from({ length: 8 }, () => keys(SMALL));
    const r = ratioOf((x) => parseConfig(x), small, keys(LARGE));
    expect(r.ratio, fmt(r)).toBeLessThanOrEqual(LIMIT);
  });

  it("contextFacts: 8 times the incoming edges cost 8 times as much", () => {
    const state = (edges: number): CoordinationState => {
      const issue = (n: number, blockedBy: string[] = []): StateIssue => ({
        ref: `o/r#${n}`, number: n, title: `Gate ${n}`, state: "open", stateReason: null, status: "blocked",
        blockedBy, assignees: [], worker: null, estimateMinutes: null, wave: null, urgent: false,
      });
      const blockers = Array.from({ length: edges }, (_, i) => issue(10 + i));
      return {
        ...emptyState("o/r#1"),
        progress: { done: 0, total: edges + 1 },
        issues: [issue(2, blockers.map((b) => b.ref)), ...blockers],
        edges: blockers.map((b) => ({ from: b.ref, to: "o/r#2", source: "table" as const })),
        gates: blockers.map((b) => ({ ref: b.ref, name: b.title, state: "pending" as const, done: 0, total: 1, unmet: [] })),
      };
    };
    const now = new Date(0);
    const r = ratioOf((s) => contextFacts(s as CoordinationState, "o/r#2", now), Array.from({ length: 8 }, () => state(1_250)), state(10_000));
    expect(r.ratio, fmt(r)).toBeLessThanOrEqual(LIMIT);
  });

  it("escapeInline with a small maximum reads a bounded prefix: 64 KiB costs what 8 KiB costs", () => {
    const text = (n: number) => "[x](https://e.example) @a ".repeat(n / 26 + 1).slice(0, n);
    const r = ratioOf((s) => escapeInline(s as string, 100), Array.from({ length: 8 }, () => text(SMALL)), text(LARGE));
    expect(r.ratio, fmt(r)).toBeLessThanOrEqual(3);
  });
});
