// What replicas of the app share. One process keeps it in memory (`localCluster`); several
// replicas behind one webhook URL keep it in Redis (`redisCluster`, chosen by REDIS_URL), so that
// together they behave as one process: each delivery processed once, one run per coordination at
// a time, one write budget per installation, configuration changes seen by all.
import type { BodyWrite } from "../app/apply.js";
import type { RefKey } from "../domain/types.js";
import { KeyedQueue, type KeyedQueueOptions, type Timers } from "../queue/keyed-queue.js";
import { WriteBudget, type ContentBudget } from "../queue/write-budget.js";
import type { WorkQueue } from "../queue/work-queue.js";

/** A repository's configuration may have changed (`repo: null`: every repository of the owner). */
export interface ConfigChange {
  installationId: number;
  owner: string;
  repo: string | null;
}

export interface Cluster {
  readonly mode: "memory" | "redis";
  /** The queue for one kind of work (per-key serial, bursts merged). */
  queue<W>(name: string, options: KeyedQueueOptions<W>): WorkQueue<W>;
  /** True the first time any replica sees this delivery; false for a redelivery. */
  claimDelivery(id: string): Promise<boolean>;
  /** Forgets a delivery (its work was dropped: a redelivery by hand runs it again). */
  forgetDelivery(id: string): Promise<void>;
  readonly budget: ContentBudget;
  /** The latest body write of a coordination, for the repair of an overwritten edit. */
  rememberWrite(write: BodyWrite): Promise<void>;
  recallWrite(coordination: RefKey): Promise<BodyWrite | null>;
  /** Tells every replica, this one included, that configuration may have changed. */
  announceConfigChange(change: ConfigChange): Promise<void>;
  onConfigChange(listener: (change: ConfigChange) => void): void;
  /** Resolves once this replica hears configuration changes. */
  ready(): Promise<void>;
  /** Releases connections (after the queues are closed). */
  close(): Promise<void>;
}

/** Deliveries remembered to drop GitHub's redeliveries (a bounded window, oldest forgotten first). */
const SEEN_DELIVERIES = 5_000;
/** The latest body write of each coordination (bounded). */
const REMEMBERED_WRITES = 10_000;

/** One process: everything in memory. */
export function localCluster(options: { budget?: WriteBudget; timers?: Timers; clock?: () => number } = {}): Cluster {
  const seen = new Set<string>();
  const writes = new Map<RefKey, BodyWrite>();
  const listeners: Array<(change: ConfigChange) => void> = [];
  return {
    mode: "memory",
    queue: <W>(_name: string, queueOptions: KeyedQueueOptions<W>) => new KeyedQueue<W>({ ...queueOptions, timers: queueOptions.timers ?? options.timers }, options.clock),
    claimDelivery: async (id) => {
      if (seen.has(id)) return false;
      seen.add(id);
      if (seen.size > SEEN_DELIVERIES) {
        const oldest = seen.values().next().value;
        if (oldest !== undefined) seen.delete(oldest);
      }
      return true;
    },
    forgetDelivery: async (id) => {
      seen.delete(id);
    },
    budget: options.budget ?? new WriteBudget(),
    rememberWrite: async (write) => {
      writes.delete(write.coordination);
      writes.set(write.coordination, write);
      if (writes.size > REMEMBERED_WRITES) writes.delete(writes.keys().next().value ?? "");
    },
    recallWrite: async (coordination) => writes.get(coordination) ?? null,
    announceConfigChange: async (change) => {
      for (const listener of listeners) listener(change);
    },
    onConfigChange: (listener) => {
      listeners.push(listener);
    },
    ready: async () => {},
    close: async () => {},
  };
}
