// A per-key serial queue that coalesces: work for one key runs one at a time, and everything that
// arrives while it runs is merged into a single next run. 60 reports in a second cost two runs.

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout?(handle: unknown): void;
}

export interface RetryDecision<W = unknown> {
  /** Milliseconds to wait before the work runs again; null drops it (logged by the caller). */
  delayMs: number | null;
  /**
   * What runs again instead of the failed work (what it left to do; its count of failures starts
   * over); default: the same work.
   */
  work?: W;
  /**
   * New work for the key need not wait for this retry: it runs at once, merged with the retry's
   * work (for work that waits on a budget of its own, not on GitHub's word to back off).
   */
  interruptible?: boolean;
}

export interface KeyedQueueOptions<W> {
  run: (key: string, work: W) => Promise<void>;
  merge: (older: W, newer: W) => W;
  /** Called when a run throws; decides whether and when to retry (attempt starts at 1). */
  onError: (key: string, work: W, error: unknown, attempt: number) => RetryDecision<W>;
  timers?: Timers;
}

interface Slot<W> {
  running: boolean;
  pending: W | null;
  /** When the oldest work now pending arrived (ms since epoch; null when nothing is pending). */
  since: number | null;
  /** Failed runs in a row for this key (the backoff grows with it). */
  attempt: number;
  /** The retry waiting, if any: a token holding the Timers handle. */
  timer: { timer?: unknown } | null;
  /** The retry waiting on `timer` gives way to new work (see RetryDecision.interruptible). */
  interruptible: boolean;
}

export class KeyedQueue<W> {
  private readonly slots = new Map<string, Slot<W>>();
  private readonly timers: Timers;
  private idleWaiters: Array<() => void> = [];
  private settledWaiters: Array<() => void> = [];
  private closed = false;
  private stoppedWaiters: Array<() => void> = [];

  constructor(
    private readonly options: KeyedQueueOptions<W>,
    private readonly clock: () => number = Date.now,
  ) {
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
  }

  push(key: string, work: W): void {
    const slot = this.slots.get(key) ?? { running: false, pending: null, since: null, attempt: 0, timer: null, interruptible: false };
    this.slots.set(key, slot);
    slot.pending = slot.pending === null ? work : this.options.merge(slot.pending, work);
    slot.since ??= this.clock();
    if (slot.timer !== null && slot.interruptible && !this.closed) {
      this.timers.clearTimeout?.(slot.timer.timer);
      slot.timer = null;
    }
    // While a retry waits (GitHub asked us to), new work joins it instead of jumping the wait.
    if (!this.closed && !slot.running && slot.timer === null) void this.drain(key, slot);
  }

  /** Keys with work pending (not running): how much is waiting. */
  get depth(): number {
    let n = 0;
    for (const slot of this.slots.values()) if (slot.pending !== null) n++;
    return n;
  }

  /**
   * How long the oldest pending work has waited (ms; 0 when none). With `ready` set, only work
   * that could run now counts: a retry waiting for GitHub's delay is not a stuck queue.
   */
  oldestWait(nowMs: number, ready = false): number {
    let oldest = 0;
    for (const slot of this.slots.values()) {
      if (slot.since === null || (ready && slot.timer !== null)) continue;
      oldest = Math.max(oldest, nowMs - slot.since);
    }
    return oldest;
  }

  /**
   * Stops taking work: runs in flight finish, nothing new starts, retries waiting are dropped (the
   * periodic reconcile recovers what was queued). Resolves once no run is in flight.
   */
  close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots.values()) {
      if (slot.timer !== null) this.timers.clearTimeout?.(slot.timer.timer);
      slot.timer = null;
    }
    if (![...this.slots.values()].some((s) => s.running)) return Promise.resolve();
    return new Promise((resolve) => this.stoppedWaiters.push(resolve));
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

  /**
   * Resolves when no run is in flight and nothing is ready to run: only retries waiting on their
   * timers, if any (tests drive those timers by hand).
   */
  settled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private isSettled(): boolean {
    return ![...this.slots.values()].some((s) => s.running || (s.pending !== null && s.timer === null && !this.closed));
  }

  private tellSettled(): void {
    if (this.settledWaiters.length === 0 || !this.isSettled()) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async drain(key: string, slot: Slot<W>): Promise<void> {
    slot.running = true;
    while (slot.pending !== null && !this.closed) {
      const work = slot.pending;
      slot.pending = null;
      slot.since = null;
      try {
        await this.options.run(key, work);
        slot.attempt = 0;
      } catch (error) {
        slot.attempt += 1;
        const decision = this.options.onError(key, work, error, slot.attempt);
        const { delayMs } = decision;
        // Work handed back is what is left of work that made progress: its failures start over.
        if (decision.work !== undefined) slot.attempt = 0;
        if (delayMs !== null) {
          const again = decision.work ?? work;
          const merged = slot.pending === null ? again : this.options.merge(again, slot.pending);
          slot.since ??= this.clock();
          if (this.closed) {
            slot.pending = merged;
            break;
          }
          if (delayMs <= 0) {
            slot.pending = merged;
            continue;
          }
          slot.pending = merged;
          slot.running = false;
          slot.interruptible = decision.interruptible === true;
          // A timer cleared where Timers cannot clear (an interrupted wait) finds itself replaced and does nothing.
          const handle: { timer?: unknown } = {};
          handle.timer = this.timers.setTimeout(() => {
            if (slot.timer !== handle) return;
            slot.timer = null;
            void this.drain(key, slot);
          }, delayMs);
          slot.timer = handle;
          this.tellSettled();
          return;
        }
        slot.attempt = 0;
      }
    }
    slot.running = false;
    this.tellSettled();
    if (this.closed) {
      if (![...this.slots.values()].some((s) => s.running)) {
        const waiters = this.stoppedWaiters;
        this.stoppedWaiters = [];
        for (const resolve of waiters) resolve();
      }
      return;
    }
    if (slot.timer === null) this.slots.delete(key);
    if (this.slots.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
