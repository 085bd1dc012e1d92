// The scheduler when replicas share Redis: one walk per period across replicas, and each Team
// Status triggered once. The walk is a BullMQ job scheduler (BullMQ makes one job per period,
// taken by one replica; a replica killed mid-walk has its job run again elsewhere); each run the
// walk finds due becomes a delayed job whose id names the coordination and the cron time, so a
// second walk of the same period adds nothing. Everything waits in Redis, not in a replica's timers.
import { Queue, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { runsDue, type CoordinationTarget } from "../schedule/scheduler.js";

export interface RedisSchedulerOptions {
  connection: Redis;
  prefix: string;
  lockMs: number;
  listTargets: () => Promise<CoordinationTarget[]>;
  trigger: (target: CoordinationTarget) => Promise<void>;
  reconcile: (target: CoordinationTarget) => Promise<void>;
  log: Logger;
  walkIntervalMs?: number;
  jitterMs?: number;
  random?: () => number;
}

const QUEUE = "schedule";

/** BullMQ job ids cannot hold ':'. */
const jobId = (...parts: Array<string | number>) => parts.join("|").replace(/:/g, ";");

export class RedisScheduler {
  private queue: Queue | null = null;
  private worker: Worker | null = null;

  constructor(private readonly options: RedisSchedulerOptions) {}

  private get interval(): number {
    return this.options.walkIntervalMs ?? 3_600_000;
  }

  /** Sets up the periodic walk (idempotent: every replica does it) and walks once for this period. */
  start(): void {
    const { connection, prefix, lockMs, log } = this.options;
    this.queue ??= new Queue(QUEUE, { connection, prefix });
    this.worker ??= new Worker(QUEUE, (job) => this.process(job), { connection, prefix, concurrency: 4, lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 10 });
    this.worker.on("error", (error) => log.warn({ err: error }, "scheduler worker: Redis error"));
    this.queue.on("error", (error) => log.warn({ err: error }, "scheduler queue: Redis error"));
    void this.plan().catch((error: unknown) => log.error({ err: error }, "could not set up the schedule in Redis; trying again when Redis is back"));
  }

  /**
   * The periodic walk (BullMQ makes its first job at once when the job scheduler is new, so a first
   * start walks now; a replica started later in the period finds it in place and adds nothing).
   */
  async plan(): Promise<void> {
    await this.queue?.upsertJobScheduler("walk", { every: this.interval }, { name: "walk", opts: { removeOnComplete: true, removeOnFail: 100 } });
  }

  /** After Redis lost what it held (a restart without persistence), the job scheduler is new again: it walks at once. */
  recover(): Promise<void> {
    return this.plan();
  }

  private async process(job: Job): Promise<void> {
    if (job.name === "synthesize") return this.options.trigger(job.data as CoordinationTarget);
    await this.walk();
  }

  /** One walk: a reconcile of every coordination, and a delayed job for each Team Status due before the next walk. */
  async walk(): Promise<number> {
    const { listTargets, reconcile, log } = this.options;
    const from = new Date();
    const targets = await listTargets();
    for (const target of targets) await reconcile(target);
    const jitter = () => Math.floor((this.options.random ?? Math.random)() * (this.options.jitterMs ?? 30_000));
    const due = runsDue(targets, from, this.interval, jitter);
    for (const { target, at, delayMs } of due) {
      const id = jobId("synthesize", target.installationId, target.owner, target.repo, target.number, at.getTime());
      await this.queue?.add("synthesize", target, { jobId: id, delay: delayMs, removeOnComplete: true, removeOnFail: 100 });
    }
    log.info({ targets: targets.length, scheduled: due.length }, "synthesis schedule walked");
    return due.length;
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    this.worker = null;
    this.queue = null;
  }
}
