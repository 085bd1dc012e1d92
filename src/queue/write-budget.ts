// GitHub's content-creation limits per installation (about 80 a minute, 500 an hour). Octokit's
// throttling spaces writes about a second apart but does not count them; this does.

export interface BudgetLimits {
  perMinute: number;
  perHour: number;
}

export const GITHUB_CONTENT_LIMITS: BudgetLimits = { perMinute: 80, perHour: 500 };

/**
 * What writes for people without permission may use (refusals, reactions, answers to strangers'
 * commands): a small share, so that nobody can spend the installation's budget by commenting.
 */
export const COURTESY_LIMITS: BudgetLimits = { perMinute: 10, perHour: 60 };

/**
 * What background writes (the labels of a large fan-out) may fill the installation's windows up to:
 * the rest (20 a minute, 100 an hour) stays for dashboards and replies, of this coordination and others.
 */
export const BACKGROUND_LIMITS: BudgetLimits = { perMinute: 60, perHour: 400 };

/**
 * The installation's content-write budget as runs use it: this process's WriteBudget, or one shared
 * by every replica through Redis (cluster/redis-budget.ts).
 */
export interface ContentBudget {
  /** 0: one write taken; otherwise milliseconds to wait (nothing taken). */
  take(installation: string, nowMs: number, background?: boolean): number | Promise<number>;
  /** Takes one courtesy write when its share and the whole budget allow; false otherwise. */
  takeCourtesy(installation: string, nowMs: number): boolean | Promise<boolean>;
  /** Writes left in the installation closest to its limits (for the metrics). */
  remaining(nowMs: number): { minute: number; hour: number };
}

export class WriteBudget implements ContentBudget {
  private readonly writes = new Map<string, number[]>();
  private readonly courtesy = new Map<string, number[]>();

  constructor(
    private readonly limits: BudgetLimits = GITHUB_CONTENT_LIMITS,
    private readonly courtesyLimits: BudgetLimits = COURTESY_LIMITS,
    private readonly backgroundLimits: BudgetLimits = BACKGROUND_LIMITS,
  ) {}

  /**
   * Takes one courtesy write for `installation` when both the courtesy share and the whole budget
   * allow it; otherwise takes nothing and returns false (courtesy is skipped, never waited for).
   */
  takeCourtesy(installation: string, nowMs: number): boolean {
    if (waitFor(this.courtesy, installation, nowMs, this.courtesyLimits) > 0) return false;
    if (this.take(installation, nowMs) > 0) return false;
    this.courtesy.get(installation)?.push(nowMs);
    return true;
  }

  /** Writes left now in the installation closest to its limits, per window (for the metrics). */
  remaining(nowMs: number): { minute: number; hour: number } {
    let minute = this.limits.perMinute;
    let hour = this.limits.perHour;
    for (const list of this.writes.values()) {
      const inHour = list.filter((t) => t > nowMs - 3_600_000).length;
      const inMinute = list.filter((t) => t > nowMs - 60_000).length;
      minute = Math.min(minute, Math.max(0, this.limits.perMinute - inMinute));
      hour = Math.min(hour, Math.max(0, this.limits.perHour - inHour));
    }
    return { minute, hour };
  }

  /**
   * Takes one write for `installation` at `nowMs` and returns 0, or returns how many
   * milliseconds to wait (and takes nothing) when the budget is spent. A background write counts
   * against the same windows but only up to the background limits.
   */
  take(installation: string, nowMs: number, background = false): number {
    const wait = waitFor(this.writes, installation, nowMs, background ? this.backgroundLimits : this.limits);
    if (wait === 0) this.writes.get(installation)?.push(nowMs);
    return wait;
  }
}

/** How long until one more write fits in `limits` (0: now), dropping times older than an hour. */
function waitFor(writes: Map<string, number[]>, installation: string, nowMs: number, limits: BudgetLimits): number {
  const hourAgo = nowMs - 3_600_000;
  const list = (writes.get(installation) ?? []).filter((t) => t > hourAgo);
  writes.set(installation, list);
  const minuteAgo = nowMs - 60_000;
  const inMinute = list.filter((t) => t > minuteAgo);
  if (list.length >= limits.perHour) return (list[list.length - limits.perHour] ?? nowMs) + 3_600_000 - nowMs;
  if (inMinute.length >= limits.perMinute) return (inMinute[inMinute.length - limits.perMinute] ?? nowMs) + 60_000 - nowMs;
  return 0;
}
