// A per-key serial queue that coalesces: work for one key runs one at a time, and everything that
// arrives while it runs is merged into a single next run. 60 reports in a second cost two runs.

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
}

export interface RetryDecision {
  /** Milliseconds to wait before the work runs again; null drops it (logged by the caller). */
  delayMs: number | null;
}

export interface KeyedQueueOptions<W> {
  run: (key: string, work: W) => Promise<void>;
  merge: (older: W, newer: W) => W;
  /** Called when a run throws; decides whether and when to retry (attempt starts at 1). */
  onError: (key: string, work: W, error: unknown, attempt: number) => RetryDecision;
  timers?: Timers;
}

interface Slot<W> {
  running: boolean;
  pending: W | null;
  /** Failed runs in a row for this key (the backoff grows with it). */
  attempt: number;
  timer: unknown;
}

export class KeyedQueue<W> {
  private readonly slots = new Map<string, Slot<W>>();
  private readonly timers: Timers;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: KeyedQueueOptions<W>) {
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
    };
  }

  push(key: string, work: W): void {
    const slot = this.slots.get(key) ?? { running: false, pending: null, attempt: 0, timer: null };
    this.slots.set(key, slot);
    slot.pending = slot.pending === null ? work : this.options.merge(slot.pending, work);
    // While a retry waits (GitHub asked us to), new work joins it instead of jumping the wait.
    if (!slot.running && slot.timer === null) void this.drain(key, slot);
  }

  /** Number of keys with work running, pending or waiting to retry. */
  get size(): number {
    return this.slots.size;
  }

  /** Resolves when no key has work running, pending or scheduled. */
  idle(): Promise<void> {
    if (this.slots.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(key: string, slot: Slot<W>): Promise<void> {
    slot.running = true;
    while (slot.pending !== null) {
      const work = slot.pending;
      slot.pending = null;
      try {
        await this.options.run(key, work);
        slot.attempt = 0;
      } catch (error) {
        slot.attempt += 1;
        const { delayMs } = this.options.onError(key, work, error, slot.attempt);
        if (delayMs !== null) {
          const merged = slot.pending === null ? work : this.options.merge(work, slot.pending);
          if (delayMs <= 0) {
            slot.pending = merged;
            continue;
          }
          slot.pending = merged;
          slot.running = false;
          slot.timer = this.timers.setTimeout(() => {
            slot.timer = null;
            void this.drain(key, slot);
          }, delayMs);
          return;
        }
        slot.attempt = 0;
      }
    }
    slot.running = false;
    if (slot.timer === null) this.slots.delete(key);
    if (this.slots.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
