// The schedule shared by replicas, against a real Redis: one walk per period whatever the number
// of replicas, and one Team Status job per coordination and cron time however often it is walked.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterEach, expect, it } from "vitest";
import { RedisScheduler } from "../../src/cluster/redis-scheduler.js";
import type { CoordinationTarget } from "../../src/schedule/scheduler.js";
import { describeRedis, dropPrefix, gate, REDIS_URL, silent, testPrefix } from "../helpers/redis.js";

const target: CoordinationTarget = { installationId: 1, owner: "acme", repo: "app", number: 1, cron: "* * * * *", timezone: "UTC" };
const open: Array<{ scheduler: RedisScheduler; connection: Redis }> = [];
const prefixes: string[] = [];

function replica(prefix: string, hooks: { walked?: () => void; reconciled?: () => void }) {
  const connection = new Redis(REDIS_URL ?? "", { maxRetriesPerRequest: null });
  const scheduler = new RedisScheduler({
    connection,
    prefix,
    lockMs: 2_000,
    listTargets: async () => {
      hooks.walked?.();
      return [target];
    },
    trigger: async () => {},
    reconcile: async () => hooks.reconciled?.(),
    log: silent,
    random: () => 0,
  });
  open.push({ scheduler, connection });
  return scheduler;
}

afterEach(async () => {
  for (const { scheduler, connection } of open.splice(0)) {
    await scheduler.stop();
    connection.disconnect();
  }
  for (const p of prefixes.splice(0)) await dropPrefix(p);
});

describeRedis("RedisScheduler (real Redis)", () => {
  it("walks once per period whatever the number of replicas started", async () => {
    const prefix = testPrefix();
    prefixes.push(prefix);
    let walks = 0;
    let reconciles = 0;
    const walked = gate();
    const replicas = [0, 1, 2].map(() => replica(prefix, { walked: () => (walks += 1), reconciled: () => ((reconciles += 1), walked.open()) }));
    for (const r of replicas) r.start();
    await walked.promise;
    // Every replica's set-up is in Redis once all three have planned; the walk jobs have run.
    await Promise.all(replicas.map((r) => r.plan()));
    const connection = new Redis(REDIS_URL ?? "", { maxRetriesPerRequest: null });
    const queue = new Queue("schedule", { connection, prefix });
    // Until the walk job has finished (BullMQ answers only when asked).
    const busy = async () => {
      const counts = await queue.getJobCounts("wait", "active");
      return (counts.wait ?? 0) + (counts.active ?? 0) > 0;
    };
    while (await busy()) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(walks).toBe(1);
    expect(reconciles).toBe(1);
    expect(await queue.getJobSchedulersCount()).toBe(1);
    // A replica restarted within the period does not walk again.
    await replicas[0]!.stop();
    replicas[0]!.start();
    await replicas[0]!.plan();
    expect(await busy()).toBe(false);
    expect(walks).toBe(1);
    await queue.close();
    connection.disconnect();
  });

  it("adds one Team Status job per coordination and cron time, however many walks find it due", async () => {
    const prefix = testPrefix();
    prefixes.push(prefix);
    const a = replica(prefix, {});
    const b = replica(prefix, {});
    a.start();
    b.start();
    expect(await a.walk()).toBe(1);
    expect(await b.walk()).toBe(1);
    expect(await a.walk()).toBe(1);
    const connection = new Redis(REDIS_URL ?? "", { maxRetriesPerRequest: null });
    const queue = new Queue("schedule", { connection, prefix });
    const delayed = await queue.getDelayed();
    expect(delayed.filter((j) => j.name === "synthesize")).toHaveLength(1);
    await queue.close();
    connection.disconnect();
  });
});
