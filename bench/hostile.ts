// "Hostile input" figures for `npm run bench` (issue 9): for every function that sees user text,
// its slowest 64 KiB input among the adversarial families of test/domain/hostile-inputs.ts (all of
// them, not only the ones the linear-time test times), with the time it takes. Target: < 20 ms.
// Each time is the median of 7 runs after 2 warm-up runs, starting from a collected heap (so no
// function pays for the garbage another left).
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { FAMILIES, LARGE, SUBJECTS } from "../test/domain/hostile-inputs.js";

/** A full garbage collection (Node's `--expose-gc`, switched on for this process). */
function collect(): () => void {
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    if (typeof gc === "function") return gc as () => void;
  } catch {
    // No collector to call: the times then include whatever collection happens to fall in them.
  }
  return () => undefined;
}

export const HOSTILE_TARGET_MS = 20;
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export interface HostileRow {
  name: string;
  family: string;
  ms: number;
}

/** The slowest family of each function at 64 KiB. */
export function hostileRows(): HostileRow[] {
  const inputs = FAMILIES.map((f) => ({ name: f.name, text: f.build(LARGE) }));
  const gc = collect();
  return SUBJECTS.map((subject) => {
    let worst: HostileRow = { name: subject.name, family: "", ms: -1 };
    for (const family of inputs) {
      const input = subject.prepare ? subject.prepare(family.text) : family.text;
      gc();
      subject.run(input);
      subject.run(input);
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        subject.run(input);
        samples.push(performance.now() - start);
      }
      const ms = median(samples);
      if (ms > worst.ms) worst = { name: subject.name, family: family.name, ms };
    }
    return worst;
  });
}

export async function benchHostile(): Promise<string[]> {
  const rows = hostileRows();
  const over = rows.filter((r) => r.ms >= HOSTILE_TARGET_MS);
  return [
    `hostile input: the slowest of ${FAMILIES.length} adversarial 64 KiB inputs per function (median of ${RUNS} runs; target < ${HOSTILE_TARGET_MS} ms)`,
    "| function | worst family | ms at 64 KiB |",
    "| --- | --- | --- |",
    ...rows.map((r) => `| \`${r.name}\` | ${r.family} | ${r.ms.toFixed(2)}${r.ms >= HOSTILE_TARGET_MS ? " ✗" : ""} |`),
    over.length === 0 ? `every function under ${HOSTILE_TARGET_MS} ms` : `${over.length} over ${HOSTILE_TARGET_MS} ms: ${over.map((r) => r.name).join(", ")}`,
  ];
}
