// The in-process trigger of the daily synthesis, and of the hourly reconcile. Every walk (hourly by default) it lists the
// coordinations and their repositories' `synthesis.cron` / `synthesis.timezone`, and sets a timer
// for each run that falls before the next walk. Nothing is held between walks but those timers: a
// restart simply walks again, and a second replica's trigger edits the same day's comment.
import { Cron } from "croner";
import type { Logger } from "pino";

export interface CoordinationTarget {
  installationId: number;
  owner: string;
  repo: string;
  number: number;
  cron: string;
  timezone: string;
  /** The coordination's body when the walk read it: tells the run what to read in one request. */
  body?: string;
}

export interface SchedulerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerOptions {
  listTargets: () => Promise<CoordinationTarget[]>;
  trigger: (target: CoordinationTarget) => void;
  /** Called for every coordination at every walk: the periodic reconcile that heals missed webhooks. */
  reconcile?: (target: CoordinationTarget) => void;
  log: Logger;
  now?: () => Date;
  timers?: SchedulerTimers;
  /** How often the coordinations are listed again (and how far ahead runs are scheduled). */
  walkIntervalMs?: number;
  /** Spread of the random delay added to each run, so many repositories do not fire at once. */
  jitterMs?: number;
  random?: () => number;
}

/** The next time `cron` fires in `timezone` after `from`, or null when the expression never fires. */
export function nextRun(cron: string, timezone: string, from: Date): Date | null {
  try {
    return new Cron(cron, { timezone }).nextRun(from) ?? null;
  } catch {
    return null;
  }
}

/**
 * The Team Status runs due before the next walk: each target's next cron time within `intervalMs`
 * of `from`, with its delay from `from` plus a random jitter (so many repositories do not fire at once).
 */
export function runsDue(targets: readonly CoordinationTarget[], from: Date, intervalMs: number, jitter: () => number): Array<{ target: CoordinationTarget; at: Date; delayMs: number }> {
  const until = from.getTime() + intervalMs;
  const due: Array<{ target: CoordinationTarget; at: Date; delayMs: number }> = [];
  for (const target of targets) {
    const at = nextRun(target.cron, target.timezone, from);
    if (!at || at.getTime() > until) continue;
    due.push({ target, at, delayMs: at.getTime() - from.getTime() + jitter() });
  }
  return due;
}

export class Scheduler {
  private walkTimer: unknown = null;
  private runTimers = new Set<unknown>();
  private readonly timers: SchedulerTimers;
  private readonly now: () => Date;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
  }

  /** Walks now and then every interval. */
  start(): void {
    this.stopped = false;
    void this.walk();
  }

  stop(): void {
    this.stopped = true;
    if (this.walkTimer !== null) this.timers.clearTimeout(this.walkTimer);
    for (const t of this.runTimers) this.timers.clearTimeout(t);
    this.runTimers.clear();
  }

  /** One walk: schedules every run due before the next walk. Returns how many it scheduled. */
  async walk(): Promise<number> {
    const interval = this.options.walkIntervalMs ?? 3_600_000;
    const from = this.now();
    let scheduled = 0;
    try {
      const targets = await this.options.listTargets();
      // GitHub does not redeliver a failed webhook by itself: every walk re-reads each coordination.
      for (const target of targets) this.options.reconcile?.(target);
      for (const { target, delayMs } of runsDue(targets, from, interval, () => Math.floor((this.options.random ?? Math.random)() * (this.options.jitterMs ?? 30_000)))) {
        const handle = this.timers.setTimeout(() => {
          this.runTimers.delete(handle);
          this.options.trigger(target);
        }, delayMs);
        this.runTimers.add(handle);
        scheduled++;
      }
      this.options.log.info({ targets: targets.length, scheduled }, "synthesis schedule walked");
    } catch (error) {
      this.options.log.error({ err: error }, "could not list coordinations for the daily synthesis; retrying at the next walk");
    }
    if (!this.stopped) this.walkTimer = this.timers.setTimeout(() => void this.walk(), interval);
    return scheduled;
  }
}
