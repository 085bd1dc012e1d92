// The environment `npm start` runs in: `.env` read as Probot reads it, and the settings without
// which Coordinator refuses to start in production.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/** Reads `.env` from the working directory into `env`, its values winning, as Probot's runner does. */
export function loadDotEnv(env: NodeJS.ProcessEnv, cwd: string): void {
  let text: string;
  try {
    text = readFileSync(join(cwd, ".env"), "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return;
    throw error;
  }
  Object.assign(env, parseEnv(text));
}

/**
 * Why the app must not start, or null. In production, Probot would otherwise verify webhooks with
 * the public default secret "development": anyone could send the app forged events.
 */
export function productionProblem(env: NodeJS.ProcessEnv): string | null {
  if (env.NODE_ENV !== "production") return null;
  const secret = env.WEBHOOK_SECRET ?? "";
  if (secret === "" || secret === "development") {
    return (
      `Coordinator will not start: WEBHOOK_SECRET is ${secret === "" ? "not set" : 'the public default "development"'} and NODE_ENV is production. ` +
      "Without a secret of your own, anyone could send forged webhooks. Set WEBHOOK_SECRET to the webhook secret in your GitHub App's settings (docs/setup.md)."
    );
  }
  return null;
}

/** How long a stop waits for runs in flight (SHUTDOWN_TIMEOUT_MS; default 25 s, under Compose's 30 s grace). */
export function shutdownTimeoutMs(env: NodeJS.ProcessEnv): number {
  const value = Number(env.SHUTDOWN_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : 25_000;
}
