// The key that seals state blocks. Derived from the app's private key, the one secret every running
// replica of the app holds and nobody editing an issue can know; the same key on every replica, so
// any replica can check any other's seal. Rotating the private key makes old seals invalid: each
// coordination is then rebuilt once from GitHub, nothing is lost.
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Logger } from "pino";

/** The private key as Probot reads it (PRIVATE_KEY, with `\n` escapes, or PRIVATE_KEY_PATH). */
function privateKeyFromEnv(env: NodeJS.ProcessEnv): string | null {
  if (env.PRIVATE_KEY) return env.PRIVATE_KEY.replace(/\\n/g, "\n").trim();
  if (env.PRIVATE_KEY_PATH) return readFileSync(env.PRIVATE_KEY_PATH, "utf8").trim();
  return null;
}

/** A key for sealing, never the private key itself (a different purpose, a derived secret). */
export function stateKey(privateKey: string): Buffer {
  return createHmac("sha256", privateKey).update("coordinator state seal v1").digest();
}

export function stateKeyFromEnv(env: NodeJS.ProcessEnv, log: Logger): Buffer {
  const privateKey = privateKeyFromEnv(env);
  if (privateKey !== null && privateKey !== "") return stateKey(privateKey);
  // Only reachable without a private key, where Probot cannot talk to GitHub anyway (tests that
  // load the app without credentials): a key for this process alone.
  log.warn("no private key in the environment: state blocks are sealed with a key that dies with this process");
  return randomBytes(32);
}
