// The per-key serial queue shared by replicas, built on BullMQ and a Redis mutex: the same contract
// as KeyedQueue (one run per key at a time, everything that arrived meanwhile merged into the next
// run, failures handed to `onError`), across processes.
//
//   push ──► RPUSH work:<key> (the key's mailbox) ──► a BullMQ job "run <key>"
//   job  ──► holds the mutex lock:<key> (redis-semaphore, refreshed while held) ──► runs what the
//            mailbox holds, merged; removes exactly those items (LREM by value) once the run ended;
//            again until the mailbox is empty
//
// Guarantees, and which primitive gives them:
// - Nothing queued is lost when a replica dies: work leaves the mailbox only after its run ended,
//   and the job of a replica killed mid-run is found stalled by BullMQ (its lock not renewed) and
//   run by another replica: within lockMs (job lock) + lockMs (stalled check) + BUSY_RETRY_MS.
// - One run per key at a time: the mutex. A job that finds it held retries shortly (delayed job);
//   the holder drains whatever arrived meanwhile, so a burst costs two runs, as in one process.
// - A retry GitHub asked for (not interruptible) holds the key: `hold:<key>` until then.
import { randomUUID } from "node:crypto";
import { deserialize, serialize } from "node:v8";
import { DelayedError, Queue, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { Mutex } from "redis-semaphore";
import type { KeyedQueueOptions } from "../queue/keyed-queue.js";
import type { WorkQueue } from "../queue/work-queue.js";

/** A job that finds its key's lock held looks again after this long (the holder drains its work anyway). */
export const BUSY_RETRY_MS = 1_000;
/** Most items one run takes from a mailbox. */
const BATCH = 500;

export interface RedisQueueOptions<W> extends KeyedQueueOptions<W> {
  /** The queue's name (BullMQ queue and key prefix). */
  name: string;
  /** For the mailbox, the locks and holds: fails soon while Redis is unreachable. */
  client: Redis;
  /** For BullMQ (its worker duplicates it for blocking reads). */
  connection: Redis;
  /** Key prefix of everything this app keeps in Redis. */
  prefix: string;
  /** Lock time of a run (mutex and BullMQ job lock), renewed while the run lives. */
  lockMs: number;
  /** Runs of different keys at once in this process. */
  concurrency: number;
  log: Logger;
}

interface Item<W> {
  id: string;
  work: W;
}

export class RedisKeyedQueue<W> implements WorkQueue<W> {
  private readonly queue: Queue;
  private readonly worker: Worker;
  private readonly active = new Map<string, number>();
  private closed = false;

  constructor(private readonly options: RedisQueueOptions<W>) {
    const { name, connection, prefix, lockMs, concurrency } = options;
    this.queue = new Queue(name, { connection, prefix });
    this.worker = new Worker(name, (job, token) => this.process(job as Job<{ key: string }>, token), {
      connection,
      prefix,
      concurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      // A job whose replica died is run again; only a job that keeps killing its replicas gives up.
      maxStalledCount: 10,
    });
    this.worker.on("error", (error) => options.log.warn({ err: error }, "queue worker: Redis error"));
    this.queue.on("error", (error) => options.log.warn({ err: error }, "queue: Redis error"));
    this.lockClient = lockClient(options.client);
  }

  private readonly lockClient: Redis;

  private key(kind: "work" | "hold" | "lock" | "attempt", key: string): string {
    return `${this.options.prefix}:${this.options.name}:${kind}:${key}`;
  }

  async push(key: string, work: W): Promise<void> {
    const item: Item<W> = { id: randomUUID(), work };
    await this.options.client.rpush(this.key("work", key), serialize(item));
    await this.signal(key, 0);
  }

  private async signal(key: string, delayMs: number): Promise<void> {
    await this.queue.add("run", { key }, { delay: Math.max(0, delayMs), removeOnComplete: true, removeOnFail: 1_000, attempts: 10, backoff: { type: "exponential", delay: 1_000 } });
  }

  private async later(job: Job, token: string | undefined, at: number): Promise<never> {
    await job.moveToDelayed(at, token);
    throw new DelayedError();
  }

  private async process(job: Job<{ key: string }>, token: string | undefined): Promise<void> {
    const { key } = job.data;
    const { client, lockMs, log } = this.options;
    const hold = Number((await client.get(this.key("hold", key))) ?? 0);
    if (hold > Date.now()) return this.later(job, token, hold);
    const mutex = new Mutex(this.lockClient, this.key("lock", key), {
      lockTimeout: lockMs,
      refreshInterval: Math.floor(lockMs / 3),
      acquireAttemptsLimit: 1,
      onLockLost: (error) => log.error({ err: error, key }, "lost the lock of a run (Redis unreachable or restarted): another replica may run this key too"),
    });
    if (!(await mutex.tryAcquire())) return this.later(job, token, Date.now() + BUSY_RETRY_MS);
    this.active.set(key, Date.now());
    try {
      await this.drainKey(key);
    } finally {
      this.active.delete(key);
      await mutex.release().catch((error: unknown) => log.warn({ err: error, key }, "could not release a run's lock; it expires by itself"));
    }
  }

  private async drainKey(key: string): Promise<void> {
    const { client, merge, run, onError } = this.options;
    const mailbox = this.key("work", key);
    const attempts = this.key("attempt", key);
    while (!this.closed) {
      const raw = await client.lrangeBuffer(mailbox, 0, BATCH - 1);
      if (raw.length === 0) return;
      const work = raw.map((r) => (deserialize(r) as Item<W>).work).reduce((older, newer) => merge(older, newer));
      // Exactly the items this run took leave the mailbox, and only once it has ended.
      const done = client.multi();
      for (const r of raw) done.lrem(mailbox, 1, r);
      try {
        await run(key, work);
        await done.del(attempts).exec();
        continue;
      } catch (error) {
        const attempt = await client.incr(attempts);
        const decision = onError(key, work, error, attempt);
        if (decision.work !== undefined || decision.delayMs === null) done.del(attempts);
        if (decision.delayMs === null) {
          await done.exec();
          continue;
        }
        done.lpush(mailbox, serialize({ id: randomUUID(), work: decision.work ?? work } satisfies Item<W>));
        if (decision.delayMs <= 0) {
          await done.exec();
          continue;
        }
        // New work waits for GitHub's delay, unless the retry gives way to it.
        if (decision.interruptible === true) done.del(this.key("hold", key));
        else done.set(this.key("hold", key), String(Date.now() + decision.delayMs), "PX", decision.delayMs);
        await done.exec();
        await this.signal(key, decision.delayMs);
        return;
      }
    }
    // Stopping with work left: another replica takes it.
    if ((await client.llen(mailbox)) > 0) await this.signal(key, 0);
  }

  get depth(): number {
    return 0;
  }

  get size(): number {
    return this.active.size;
  }

  /** This replica's runs in flight: how long the oldest has been running (work waiting in Redis is not counted). */
  oldestWait(nowMs: number, ready = false): number {
    if (ready) return 0;
    let oldest = 0;
    for (const since of this.active.values()) oldest = Math.max(oldest, nowMs - since);
    return oldest;
  }

  /** Resolves when no job of this queue is waiting, delayed or running, on any replica. */
  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.queue.getJobCounts("wait", "active", "delayed", "prioritized");
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  settled(): Promise<void> {
    return this.idle();
  }

  /** Stops taking jobs; runs in flight finish (their leftovers are signalled for another replica). */
  async close(): Promise<void> {
    this.closed = true;
    await this.worker.close();
    await this.queue.close();
  }
}

/**
 * The client the mutex talks through. redis-semaphore refreshes a lock from a timer and does not
 * catch a failed command there (an unhandled rejection would end the process while Redis is
 * away): a failed command reads as "not held" instead, so the lock is reported lost. NOSCRIPT
 * still reaches the library, which answers it by loading its script.
 */
function lockClient(client: Redis): Redis {
  const soft = (error: unknown) => {
    if (String((error as Error | null)?.message).includes("NOSCRIPT")) throw error;
    return 0;
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || !["eval", "evalsha", "get", "set", "zrem"].includes(String(property))) return value;
      return (...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch(soft);
    },
  });
}
