// GitHub's content-creation limits per installation (about 80 a minute, 500 an hour). Octokit's
// throttling spaces writes about a second apart but does not count them; this does.

export interface BudgetLimits {
  perMinute: number;
  perHour: number;
}

export const GITHUB_CONTENT_LIMITS: BudgetLimits = { perMinute: 80, perHour: 500 };

export class WriteBudget {
  private readonly writes = new Map<string, number[]>();

  constructor(private readonly limits: BudgetLimits = GITHUB_CONTENT_LIMITS) {}

  /**
   * Takes one write for `installation` at `nowMs` and returns 0, or returns how many
   * milliseconds to wait (and takes nothing) when the budget is spent.
   */
  take(installation: string, nowMs: number): number {
    const hourAgo = nowMs - 3_600_000;
    const list = (this.writes.get(installation) ?? []).filter((t) => t > hourAgo);
    this.writes.set(installation, list);
    const minuteAgo = nowMs - 60_000;
    const inMinute = list.filter((t) => t > minuteAgo);
    if (list.length >= this.limits.perHour) {
      return (list[list.length - this.limits.perHour] ?? nowMs) + 3_600_000 - nowMs;
    }
    if (inMinute.length >= this.limits.perMinute) {
      return (inMinute[inMinute.length - this.limits.perMinute] ?? nowMs) + 60_000 - nowMs;
    }
    list.push(nowMs);
    return 0;
  }
}
