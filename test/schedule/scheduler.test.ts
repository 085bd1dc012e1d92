import pino from "pino";
import { describe, expect, it } from "vitest";
import { nextRun, Scheduler, type CoordinationTarget } from "../../src/schedule/scheduler.js";

const log = pino({ level: "silent" });

class ManualTimers {
  pending = new Map<number, { fn: () => void; ms: number }>();
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
}

const target = (repo: string, cron: string, timezone: string): CoordinationTarget => ({ installationId: 1, owner: "acme", repo, number: 1, cron, timezone });

describe("nextRun", () => {
  it.each([
    ["09:00 UTC, asked at 08:30 UTC", "0 9 * * *", "UTC", "2025-11-18T08:30:00Z", "2025-11-18T09:00:00.000Z"],
    ["09:00 in Tokyo is 00:00 UTC", "0 9 * * *", "Asia/Tokyo", "2025-11-17T23:30:00Z", "2025-11-18T00:00:00.000Z"],
    ["09:00 in New York the day before the DST change (EDT, UTC-4)", "0 9 * * *", "America/New_York", "2025-11-01T12:00:00Z", "2025-11-01T13:00:00.000Z"],
    ["09:00 in New York on the DST change day (EST, UTC-5)", "0 9 * * *", "America/New_York", "2025-11-02T12:00:00Z", "2025-11-02T14:00:00.000Z"],
    ["09:00 in New York after the DST change (EST, UTC-5)", "0 9 * * *", "America/New_York", "2025-11-02T15:00:00Z", "2025-11-03T14:00:00.000Z"],
    ["weekdays only, asked on a Saturday", "0 9 * * 1-5", "UTC", "2025-11-15T10:00:00Z", "2025-11-17T09:00:00.000Z"],
  ])("%s", (_name, cron, zone, from, expected) => {
    expect(nextRun(cron, zone, new Date(from))?.toISOString()).toBe(expected);
  });

  it("is null for an expression that cannot be read", () => {
    expect(nextRun("not a cron", "UTC", new Date())).toBeNull();
  });
});

describe("Scheduler", () => {
  it("times each repository's run in its own zone, within the next walk, and fires the trigger", async () => {
    const timers = new ManualTimers();
    const fired: string[] = [];
    const reconciled: string[] = [];
    const scheduler = new Scheduler({
      listTargets: async () => [target("utc", "0 9 * * *", "UTC"), target("tokyo", "0 9 * * *", "Asia/Tokyo"), target("later", "0 18 * * *", "UTC")],
      trigger: (t) => fired.push(t.repo),
      reconcile: (t) => reconciled.push(t.repo),
      log,
      now: () => new Date("2025-11-18T08:30:00Z"),
      timers,
      walkIntervalMs: 3_600_000,
      jitterMs: 0,
    });
    expect(await scheduler.walk()).toBe(1);
    // Every coordination is re-read at every walk (the reconcile), whatever its schedule.
    expect(reconciled).toEqual(["utc", "tokyo", "later"]);
    const delays = [...timers.pending.values()].map((t) => t.ms).sort((a, b) => a - b);
    // The UTC run in 30 minutes, and the next walk in an hour; Tokyo (00:00 UTC) and 18:00 wait for later walks.
    expect(delays).toEqual([1_800_000, 3_600_000]);
    const run = [...timers.pending.values()].find((t) => t.ms === 1_800_000);
    run?.fn();
    expect(fired).toEqual(["utc"]);
    scheduler.stop();
    expect(timers.pending.size).toBe(1);
  });

  it("a failed walk is logged and walked again at the next interval", async () => {
    const timers = new ManualTimers();
    const scheduler = new Scheduler({
      listTargets: async () => {
        throw new Error("GitHub is down");
      },
      trigger: () => undefined,
      log,
      now: () => new Date("2025-11-18T08:30:00Z"),
      timers,
    });
    expect(await scheduler.walk()).toBe(0);
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([3_600_000]);
  });
});
