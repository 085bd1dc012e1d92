// What the coordinator asks of a queue, whether it lives in this process (KeyedQueue) or in Redis
// and is shared by replicas (cluster/redis-queue.ts): per-key serial runs, bursts merged into one
// next run, failures handed to `onError` for a retry decision.
import type { KeyedQueueOptions } from "./keyed-queue.js";

export interface WorkQueue<W> {
  /** Queues work for `key`; resolves once it is safely queued (Redis: stored, so a crash loses nothing). */
  push(key: string, work: W): void | Promise<void>;
  /** Keys with work pending (this process's view). */
  readonly depth: number;
  /** Keys with work running, pending or waiting to retry (this process's view). */
  readonly size: number;
  /** How long the oldest pending work has waited (ms); `ready`: only work that could run now. */
  oldestWait(nowMs: number, ready?: boolean): number;
  /** Resolves when nothing is running, pending or scheduled. */
  idle(): Promise<void>;
  /** Resolves when nothing runs and nothing is ready to run (retries may wait on timers). */
  settled(): Promise<void>;
  /** Stops taking work; resolves once the runs in flight have finished. */
  close(): Promise<void>;
}

/** Makes the queue for one kind of work: in memory, or shared through Redis. */
export type QueueFactory = <W>(name: string, options: KeyedQueueOptions<W>) => WorkQueue<W>;
