// The demo's command line: its options and the progress bar it prints (docs/demo.md).

export const USAGE = `Usage: npm run demo -- [--seed <file.yml|file.json>] [--step] [--out <dir>]

  --seed <file>  the scenario to replay (default: demo/seeds/miyabi.yml; format: docs/demo.md)
  --step         pause before each event until Enter is pressed
  --out <dir>    where to write the output (default: ./demo-out)
  --help         this text`;

export interface DemoArgs {
  seed: string | null;
  step: boolean;
  out: string;
}

/** The command line, or a usage error. */
export function parseArgs(argv: string[]): DemoArgs | { error: string } | "help" {
  const args: DemoArgs = { seed: null, step: false, out: "demo-out" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return "help";
    if (arg === "--step") args.step = true;
    else if (arg === "--seed" || arg === "--out") {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) return { error: `${arg} needs a value` };
      if (arg === "--seed") args.seed = value;
      else args.out = value;
      i += 1;
    } else return { error: `unknown argument ${arg}` };
  }
  return args;
}

/** `[████░░░░]`: `done` of `total` in `cells` cells, rounded down (full only when all is done). */
export function progressBar(done: number, total: number, cells = 20): string {
  const filled = total === 0 ? cells : Math.floor((done / total) * cells);
  return `[${"█".repeat(filled)}${"░".repeat(cells - filled)}]`;
}
