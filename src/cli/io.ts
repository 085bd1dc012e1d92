// What a subcommand may touch: its output streams, its input, the environment and the clock.
// The real process in main.ts; tests may pass their own.
import { readFile } from "node:fs/promises";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, read to the end. */
  stdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  env: Readonly<Record<string, string | undefined>>;
  now(): Date;
}

export function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => void process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    stdin: async () => {
      if (process.stdin.isTTY) process.stderr.write("Reading from standard input (end with Ctrl-D)…\n");
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    readFile: (path) => readFile(path, "utf8"),
    env: process.env,
    now: () => new Date(),
  };
}

/** Exit codes: 0 valid / done, 1 problems found, 2 usage error (or input that cannot be read). */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;
