// The shared write budget against a real Redis: it answers exactly as the in-memory WriteBudget
// does for any sequence of writes, and two replicas together never take more than the limits.
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, expect, it } from "vitest";
import { RedisWriteBudget } from "../../src/cluster/redis-budget.js";
import { WriteBudget } from "../../src/queue/write-budget.js";
import { describeRedis, dropPrefix, REDIS_URL, testPrefix } from "../helpers/redis.js";

const clients: Redis[] = [];
const prefixes: string[] = [];
function budget(prefix: string, limits = { perMinute: 5, perHour: 12 }, courtesy = { perMinute: 2, perHour: 3 }, background = { perMinute: 3, perHour: 8 }) {
  const client = new Redis(REDIS_URL ?? "");
  clients.push(client);
  return new RedisWriteBudget(client, prefix, limits, courtesy, background);
}
function newPrefix(): string {
  const p = testPrefix();
  prefixes.push(p);
  return p;
}

afterAll(async () => {
  for (const c of clients) c.disconnect();
  for (const p of prefixes) await dropPrefix(p);
});

describeRedis("RedisWriteBudget (real Redis)", () => {
  it("answers as the in-memory budget for any sequence of writes, courtesy and background writes", async () => {
    const step = fc.record({ gapMs: fc.integer({ min: 0, max: 20_000 }), kind: fc.constantFrom("write", "background", "courtesy"), installation: fc.constantFrom("1", "2") });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 60 }), async (steps) => {
        const shared = budget(newPrefix());
        const local = new WriteBudget({ perMinute: 5, perHour: 12 }, { perMinute: 2, perHour: 3 }, { perMinute: 3, perHour: 8 });
        let now = Date.UTC(2026, 11, 1);
        for (const s of steps) {
          now += s.gapMs;
          if (s.kind === "courtesy") expect(await shared.takeCourtesy(s.installation, now)).toBe(local.takeCourtesy(s.installation, now));
          else expect(await shared.take(s.installation, now, s.kind === "background")).toBe(local.take(s.installation, now, s.kind === "background"));
        }
      }),
      { numRuns: 25 },
    );
  });

  it("is one budget for every replica: together they take at most the limit", async () => {
    const prefix = newPrefix();
    const replicas = [budget(prefix), budget(prefix), budget(prefix)];
    const now = Date.UTC(2026, 11, 1);
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => replicas[i % 3]!.take("7", now)));
    expect(answers.filter((w) => w === 0)).toHaveLength(5);
    // The next write fits a minute after the first ones.
    expect(Math.min(...answers.filter((w) => w > 0))).toBe(60_000);
    expect(replicas[0]!.remaining()).toEqual({ minute: 0, hour: 7 });
  });
});
