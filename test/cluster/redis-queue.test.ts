// The queue shared by replicas, against a real Redis: two instances of it in one process stand for
// two replicas (each with its own connections).
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { Redis } from "ioredis";
import { afterEach, expect, it } from "vitest";
import { RetryLaterError } from "../../src/github/port.js";
import { RedisKeyedQueue } from "../../src/cluster/redis-queue.js";
import type { KeyedQueueOptions, RetryDecision } from "../../src/queue/keyed-queue.js";
import { describeRedis, dropPrefix, gate, REDIS_URL, silent, testPrefix } from "../helpers/redis.js";

const ROOT = resolve(import.meta.dirname, "../..");

interface Job {
  items: string[];
}

const merge = (a: Job, b: Job): Job => ({ items: [...a.items, ...b.items] });

const opened: Array<{ queue: RedisKeyedQueue<Job>; client: Redis; connection: Redis }> = [];
const prefixes: string[] = [];

function replica(prefix: string, options: Partial<KeyedQueueOptions<Job>> & Pick<KeyedQueueOptions<Job>, "run">, lockMs = 2_000) {
  const client = new Redis(REDIS_URL ?? "", { maxRetriesPerRequest: 1 });
  const connection = new Redis(REDIS_URL ?? "", { maxRetriesPerRequest: null });
  const queue = new RedisKeyedQueue<Job>({
    merge,
    onError: () => ({ delayMs: null }),
    ...options,
    name: "work",
    client,
    connection,
    prefix,
    lockMs,
    concurrency: 4,
    log: silent,
  });
  opened.push({ queue, client, connection });
  return queue;
}

function newPrefix(): string {
  const prefix = testPrefix();
  prefixes.push(prefix);
  return prefix;
}

afterEach(async () => {
  for (const { queue, client, connection } of opened.splice(0)) {
    await queue.close().catch(() => undefined);
    client.disconnect();
    connection.disconnect();
  }
  for (const prefix of prefixes.splice(0)) await dropPrefix(prefix);
});

describeRedis("RedisKeyedQueue (real Redis)", () => {
  it("runs work of one key one run at a time across replicas, and merges what arrived meanwhile", async () => {
    const prefix = newPrefix();
    const runs: string[][] = [];
    let running = 0;
    let overlap = false;
    const first = gate();
    const release = gate();
    const all = gate();
    const run = async (_key: string, job: Job) => {
      running += 1;
      if (running > 1) overlap = true;
      runs.push(job.items);
      if (runs.length === 1) {
        first.open();
        await release.promise;
      }
      running -= 1;
      if (runs.flat().length === 21) all.open();
    };
    const a = replica(prefix, { run });
    const b = replica(prefix, { run });
    await a.push("coord:1", { items: ["0"] });
    await first.promise;
    for (let i = 1; i <= 20; i++) await (i % 2 ? a : b).push("coord:1", { items: [String(i)] });
    release.open();
    await all.promise;
    await a.idle();
    expect(overlap).toBe(false);
    expect(runs.flat().sort((x, y) => Number(x) - Number(y))).toEqual(Array.from({ length: 21 }, (_, i) => String(i)));
    // The first run, then everything that arrived while it ran, merged.
    expect(runs.length).toBe(2);
    expect(runs[1]).toHaveLength(20);
  });

  it("runs different keys at the same time", async () => {
    const prefix = newPrefix();
    const both = gate();
    const started = new Set<string>();
    const run = async (key: string) => {
      started.add(key);
      if (started.size === 2) both.open();
      await both.promise;
    };
    const a = replica(prefix, { run });
    await a.push("coord:1", { items: ["a"] });
    await a.push("coord:2", { items: ["b"] });
    await both.promise;
    await a.idle();
    expect([...started].sort()).toEqual(["coord:1", "coord:2"]);
  });

  it("retries a failed run with what onError decides, and forgets work it drops", async () => {
    const prefix = newPrefix();
    const attempts: number[] = [];
    const done = gate<Job>();
    let calls = 0;
    const a = replica(prefix, {
      run: async (_key, job) => {
        calls += 1;
        if (calls < 3) throw new Error("GitHub 502");
        done.open(job);
      },
      onError: (_key, _job, _error, attempt): RetryDecision<Job> => {
        attempts.push(attempt);
        return { delayMs: 10 };
      },
    });
    await a.push("coord:1", { items: ["x"] });
    expect(await done.promise).toEqual({ items: ["x"] });
    expect(attempts).toEqual([1, 2]);
    await a.idle();

    const dropped = gate();
    const other = newPrefix();
    const b = replica(other, { run: async () => { throw new Error("broken"); }, onError: () => (dropped.open(), { delayMs: null }) });
    await b.push("coord:2", { items: ["y"] });
    await dropped.promise;
    await b.idle();
    const redis = new Redis(REDIS_URL ?? "");
    expect(await redis.llen(`${other}:work:work:coord:2`)).toBe(0);
    redis.disconnect();
  });

  it("holds new work back while GitHub's delay runs, unless the retry gives way to it", async () => {
    const prefix = newPrefix();
    const seen: string[][] = [];
    const firstFailed = gate();
    const second = gate();
    let calls = 0;
    const a = replica(prefix, {
      run: async (_key, job) => {
        calls += 1;
        seen.push(job.items);
        if (calls === 1) {
          firstFailed.open();
          throw new RetryLaterError("rate limited", 1_500);
        }
        second.open();
      },
      onError: (_key, _job, error) => ({ delayMs: error instanceof RetryLaterError ? error.retryAfterMs : null }),
    });
    await a.push("coord:1", { items: ["a"] });
    await firstFailed.promise;
    const pushedAt = Date.now();
    await a.push("coord:1", { items: ["b"] });
    await second.promise;
    // Not before GitHub's delay, and both together.
    expect(Date.now() - pushedAt).toBeGreaterThanOrEqual(1_000);
    expect(seen[1]).toEqual(["a", "b"]);
    await a.idle();

    const interrupted = gate<Job>();
    const failed = gate();
    let n = 0;
    const b = replica(newPrefix(), {
      run: async (_key, job) => {
        n += 1;
        if (n === 1) {
          failed.open();
          throw new Error("budget spent");
        }
        interrupted.open(job);
      },
      // A wait of an hour that new work may interrupt (a fan-out's labels waiting for budget).
      onError: () => ({ delayMs: 3_600_000, work: { items: ["left"] }, interruptible: true }),
    });
    await b.push("coord:9", { items: ["fanout"] });
    await failed.promise;
    await b.push("coord:9", { items: ["news"] });
    expect(await interrupted.promise).toEqual({ items: ["left", "news"] });
  });

  it("a replica killed (SIGKILL) in the middle of a run loses nothing: another one runs its work", async () => {
    const prefix = newPrefix();
    // The dying replica is a real process on the built queue (dist/, built by the global setup).
    const script = `
      import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { Redis } from "ioredis";
      import pino from "pino";
      import { RedisKeyedQueue } from "${ROOT}/dist/cluster/redis-queue.js";
      const url = process.env.REDIS_URL;
      const queue = new RedisKeyedQueue({
        name: "work", prefix: process.env.PREFIX, lockMs: 1000, concurrency: 1, log: pino({ level: "silent" }),
        client: new Redis(url, { maxRetriesPerRequest: 1 }), connection: new Redis(url, { maxRetriesPerRequest: null }),
        merge: (a, b) => ({ items: [...a.items, ...b.items] }), onError: () => ({ delayMs: null }),
        run: async () => { console.log("running"); await new Promise(() => {}); },
      });
      await queue.push("coord:1", { items: ["report"] });`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, env: { ...process.env, PREFIX: prefix }, stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => d.toString().includes("running") && resolve()));
    child.kill("SIGKILL");
    const killedAt = Date.now();
    const finished = gate<Job>();
    replica(prefix, { run: async (_key, job) => finished.open(job) }, 1_000);
    expect(await finished.promise).toEqual({ items: ["report"] });
    // Bounded by the lock time (job lock expiry + stalled check + one busy retry): 1 s here, so well under 10 s.
    expect(Date.now() - killedAt).toBeLessThan(10_000);
  });
});
