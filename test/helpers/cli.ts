// The built `coordinator` command (bin/coordinator.js → dist/cli/main.js, built once for all tests
// by test/global-setup.ts), spawned as a user runs it: arguments, standard input, environment.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./e2e.js";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCoordinator(args: string[], options: { stdin?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "bin/coordinator.js"), ...args], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}
