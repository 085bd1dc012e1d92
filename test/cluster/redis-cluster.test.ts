// What replicas share besides the queue, against a real Redis: delivery claims, configuration
// changes heard by every replica, the latest body write.
import { afterEach, expect, it } from "vitest";
import { redisCluster, type RedisCluster } from "../../src/cluster/redis-cluster.js";
import type { ConfigChange } from "../../src/cluster/cluster.js";
import { describeRedis, dropPrefix, gate, REDIS_URL, silent, testPrefix } from "../helpers/redis.js";

const open: RedisCluster[] = [];
const prefixes: string[] = [];
function replica(prefix: string): RedisCluster {
  const c = redisCluster({ url: REDIS_URL ?? "", log: silent, prefix });
  open.push(c);
  return c;
}
function newPrefix(): string {
  const p = testPrefix();
  prefixes.push(p);
  return p;
}

afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  for (const p of prefixes.splice(0)) await dropPrefix(p);
});

describeRedis("redisCluster (real Redis)", () => {
  it("lets exactly one replica claim a delivery, and claim it again once forgotten", async () => {
    const prefix = newPrefix();
    const [a, b, c] = [replica(prefix), replica(prefix), replica(prefix)];
    const claims = await Promise.all([a, b, c, a, b, c].map((r) => r.claimDelivery("d-1")));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await b.forgetDelivery("d-1");
    expect(await c.claimDelivery("d-1")).toBe(true);
    expect(await a.claimDelivery("d-2")).toBe(true);
  });

  it("tells every replica, the announcing one too, of a configuration change", async () => {
    const prefix = newPrefix();
    const replicas = [replica(prefix), replica(prefix), replica(prefix)];
    const heard = replicas.map((r) => {
      const g = gate<ConfigChange>();
      r.onConfigChange((change) => g.open(change));
      return g.promise;
    });
    await Promise.all(replicas.map((r) => r.ready()));
    const change: ConfigChange = { installationId: 1, owner: "acme", repo: null };
    await replicas[1]!.announceConfigChange(change);
    expect(await Promise.all(heard)).toEqual([change, change, change]);
  });

  it("remembers the latest body write of a coordination for every replica", async () => {
    const prefix = newPrefix();
    const [a, b] = [replica(prefix), replica(prefix)];
    expect(await b.recallWrite("acme/app#1")).toBeNull();
    await a.rememberWrite({ coordination: "acme/app#1", body: "first", base: "x", edits: [] });
    await a.rememberWrite({ coordination: "acme/app#1", body: "second", base: "y", edits: [] });
    expect(await b.recallWrite("acme/app#1")).toEqual({ coordination: "acme/app#1", body: "second", base: "y", edits: [] });
  });
});
