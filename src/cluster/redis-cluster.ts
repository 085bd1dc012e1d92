// What replicas share, in Redis (REDIS_URL). Three connections: `client` for plain commands (a
// command waits for at most one reconnection attempt, about a second: while Redis is unreachable a
// webhook is answered 5xx and GitHub shows the delivery as failed, instead of the app hanging on
// it), `connection` for BullMQ, `subscriber` for configuration changes.
import { deserialize, serialize } from "node:v8";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { BodyWrite } from "../app/apply.js";
import type { KeyedQueueOptions } from "../queue/keyed-queue.js";
import type { WorkQueue } from "../queue/work-queue.js";
import type { Cluster, ConfigChange } from "./cluster.js";
import { RedisWriteBudget } from "./redis-budget.js";
import { RedisKeyedQueue } from "./redis-queue.js";

/** Deliveries are remembered this long (GitHub lets people redeliver for days; the reconcile covers older ones). */
const DELIVERY_TTL_S = 3 * 24 * 3600;
/** A body write is remembered this long: our own `issues.edited` arrives within seconds. */
const WRITE_TTL_S = 3600;

export interface RedisClusterOptions {
  url: string;
  log: Logger;
  /** Key prefix; default `coordinator`. */
  prefix?: string;
  /** Lock time of a run (a replica killed mid-run is replaced within about twice this); default 30 s. */
  lockMs?: number;
  /** Runs of different coordinations at once in this replica; default 8. */
  concurrency?: number;
}

export interface RedisCluster extends Cluster {
  readonly mode: "redis";
  /** BullMQ's connection (the scheduler's queue uses it too). */
  readonly connection: Redis;
  readonly prefix: string;
  readonly lockMs: number;
  /** Called when Redis is back after a disconnection (what it held may be gone: walk again). */
  onReconnect(listener: () => void): void;
  /** True while the command connection is up (readiness). */
  connected(): boolean;
}

export function redisCluster(options: RedisClusterOptions): RedisCluster {
  const { url, log } = options;
  const prefix = options.prefix ?? "coordinator";
  const lockMs = options.lockMs ?? 30_000;
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectionName: "coordinator" });
  const connection = new Redis(url, { maxRetriesPerRequest: null, connectionName: "coordinator-bullmq" });
  const subscriber = new Redis(url, { connectionName: "coordinator-config" });
  const channel = `${prefix}:config`;
  const configListeners: Array<(change: ConfigChange) => void> = [];
  const reconnectListeners: Array<() => void> = [];
  for (const c of [client, connection, subscriber]) c.on("error", (error) => log.warn({ err: error }, "Redis connection error"));

  let readyBefore = false;
  client.on("ready", () => {
    if (readyBefore) {
      log.warn("Redis is back: walking every coordination again to repair what the outage may have lost");
      for (const listener of reconnectListeners) listener();
    }
    readyBefore = true;
  });
  subscriber.on("message", (_channel, message) => {
    try {
      const change = JSON.parse(message) as ConfigChange;
      for (const listener of configListeners) listener(change);
    } catch (error) {
      log.warn({ err: error }, "unreadable configuration notice");
    }
  });
  const subscribed = subscriber.subscribe(channel).then(
    () => undefined,
    (error: unknown) => log.error({ err: error }, "could not subscribe to configuration changes; the cache's 5 minutes bound them"),
  );

  const budget = new RedisWriteBudget(client, prefix);
  return {
    mode: "redis",
    connection,
    prefix,
    lockMs,
    budget,
    queue: <W>(name: string, queueOptions: KeyedQueueOptions<W>): WorkQueue<W> => {
      return new RedisKeyedQueue<W>({ ...queueOptions, name, client, connection, prefix, lockMs, concurrency: options.concurrency ?? 8, log });
    },
    claimDelivery: async (id) => (await client.set(`${prefix}:delivery:${id}`, "1", "EX", DELIVERY_TTL_S, "NX")) === "OK",
    forgetDelivery: async (id) => {
      await client.del(`${prefix}:delivery:${id}`);
    },
    rememberWrite: async (write) => {
      await client.set(`${prefix}:write:${write.coordination}`, serialize(write), "EX", WRITE_TTL_S);
    },
    recallWrite: async (coordination) => {
      const raw = await client.getBuffer(`${prefix}:write:${coordination}`);
      return raw ? (deserialize(raw) as BodyWrite) : null;
    },
    // Every replica hears it, this one included (it is subscribed too).
    announceConfigChange: async (change) => {
      await client.publish(channel, JSON.stringify(change));
    },
    onConfigChange: (listener) => {
      configListeners.push(listener);
    },
    onReconnect: (listener) => {
      reconnectListeners.push(listener);
    },
    connected: () => client.status === "ready",
    ready: () => subscribed,
    close: async () => {
      await Promise.all([client.quit(), connection.quit(), subscriber.quit()].map((p) => p.catch(() => undefined)));
    },
  };
}
