// Tests of what replicas share run against a real Redis (REDIS_URL; .ci/run sets it). Without it
// they are skipped, and the run says so once.
import { randomUUID } from "node:crypto";
import pino from "pino";
import { describe } from "vitest";
import { dropPrefix as dropKeys } from "./redis-keys.js";

export const REDIS_URL = process.env.REDIS_URL;

if (!REDIS_URL) console.warn("REDIS_URL is not set: the Redis tests (replicas) are skipped. Run them with REDIS_URL=redis://127.0.0.1:6379 npm test.");

/** `describe` that runs only with a Redis to talk to. */
export const describeRedis = describe.skipIf(!REDIS_URL);

export const silent = pino({ level: "silent" });

/** A key prefix of its own per test, so tests never see each other's keys. */
export function testPrefix(): string {
  return `coordinator-test-${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under `prefix` in the tests' Redis. */
export function dropPrefix(prefix: string): Promise<void> {
  return dropKeys(REDIS_URL ?? "", prefix);
}

/** A promise with its resolver, for runs a test lets finish when it wants. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
