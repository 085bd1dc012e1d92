// Tests of what replicas share run against a real Redis (REDIS_URL; .ci/run sets it). Without it
// they are skipped, and the run says so once.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import pino from "pino";
import { describe } from "vitest";

export const REDIS_URL = process.env.REDIS_URL;

if (!REDIS_URL) console.warn("REDIS_URL is not set: the Redis tests (replicas) are skipped. Run them with REDIS_URL=redis://127.0.0.1:6379 npm test.");

/** `describe` that runs only with a Redis to talk to. */
export const describeRedis = describe.skipIf(!REDIS_URL);

export const silent = pino({ level: "silent" });

/** A key prefix of its own per test, so tests never see each other's keys. */
export function testPrefix(): string {
  return `coordinator-test-${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under `prefix`. */
export async function dropPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL ?? "");
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/** A promise with its resolver, for runs a test lets finish when it wants. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
