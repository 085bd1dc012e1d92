// Wiring only: one handler per delivery feeds the coordinator; the synthesis endpoint, health,
// readiness and metrics are mounted on the app's server; the scheduler triggers runs too.
import type { ApplicationFunction, ApplicationFunctionOptions, Probot } from "probot";
import { Coordinator, type CoordinatorOptions } from "./app/coordinator.js";
import { stateKeyFromEnv } from "./app/state-key.js";
import { hmacSealer } from "./domain/seal.js";
import { probotAppPort } from "./github/app-port.js";
import { onGitHubRequest } from "./github/octokit.js";
import { normalize } from "./handlers/normalize.js";
import { Metrics } from "./metrics.js";
import { synthesisEndpoint } from "./schedule/endpoint.js";
import { Scheduler, type SchedulerTimers } from "./schedule/scheduler.js";
import { listCoordinations } from "./schedule/targets.js";
import { redisCluster, type RedisCluster } from "./cluster/redis-cluster.js";
import { RedisScheduler } from "./cluster/redis-scheduler.js";
import { healthEndpoints, readinessOf } from "./server/health.js";

/** What `npm start` needs to stop the app cleanly. */
export interface Running {
  coordinator: Coordinator;
  scheduler: Scheduler | RedisScheduler;
  metrics: Metrics;
  /**
   * Stops taking work: readiness turns false, the scheduler stops, queued runs do not start; resolves
   * when the runs in flight have finished (the caller bounds the wait).
   */
  drain(): Promise<void>;
}

export interface AppOptions extends Partial<Pick<CoordinatorOptions, "now" | "timers" | "maxAttempts" | "budget">> {
  /** The key that seals state blocks; default: derived from the app's private key (PRIVATE_KEY / PRIVATE_KEY_PATH). */
  stateKey?: Buffer | string;
  /** Receives the coordinator once the app is loaded (tests await its queue; `npm start` drains it). */
  onReady?: (coordinator: Coordinator, scheduler: Scheduler | RedisScheduler, running: Running) => void;
  /**
   * Redis shared by replicas; default: the REDIS_URL environment variable (unset or "": one process,
   * in memory). REDIS_PREFIX (default `coordinator`) and REDIS_LOCK_MS (default 30000) tune it.
   */
  redisUrl?: string;
  /** The synthesis endpoint's shared secret; default: the SYNTHESIS_SECRET environment variable. */
  synthesisSecret?: string;
  /** The bearer token of /metrics; default: the METRICS_TOKEN environment variable (unset: open). */
  metricsToken?: string;
  /** Start the in-process scheduler; default: on, unless SYNTHESIS_SCHEDULER=off. */
  scheduler?: boolean;
  schedulerTimers?: SchedulerTimers;
  /** Node's process metrics (memory, event loop, …) in /metrics; default on. */
  processMetrics?: boolean;
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot, appOptions?: ApplicationFunctionOptions) => {
    const github = probotAppPort(app);
    const now = options.now ?? (() => new Date());
    let coordinator: Coordinator | null = null;
    const metrics = new Metrics(
      {
        queue: () => ({ depth: coordinator?.queue.depth ?? 0, oldestMs: coordinator?.queue.oldestWait(now().getTime()) ?? 0 }),
        budget: () => coordinator?.budgetLeft() ?? { minute: 0, hour: 0 },
      },
      options.processMetrics ?? true,
    );
    const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
    const cluster: RedisCluster | undefined = redisUrl
      ? redisCluster({ url: redisUrl, log: app.log, prefix: process.env.REDIS_PREFIX || undefined, lockMs: positive(process.env.REDIS_LOCK_MS) })
      : undefined;
    if (cluster) app.log.info({ prefix: cluster.prefix, lockMs: cluster.lockMs }, "replicas share Redis: deliveries, runs, budget and schedule are shared");
    coordinator = new Coordinator({
      cluster,
      github,
      seal: hmacSealer(options.stateKey ?? stateKeyFromEnv(process.env, app.log)),
      log: app.log,
      now,
      timers: options.timers,
      maxAttempts: options.maxAttempts,
      budget: options.budget,
      metrics,
    });
    const c = coordinator;
    let lastGitHubStatus = 0;
    const stopListening = onGitHubRequest((method, status) => {
      lastGitHubStatus = status;
      metrics.githubRequests.inc({ method, status: String(status) });
    });

    // One listener for every event: Probot runs matching listeners concurrently, and two of them
    // racing on one coordination body is what the queue exists to prevent.
    app.onAny(async (context) => {
      metrics.webhooks.inc({ event: context.name });
      const event = normalize(context.name, context.id, context.payload);
      if (!event) return;
      try {
        await c.receive(event);
      } catch (error) {
        // Not queued (Redis unreachable): 503, so GitHub records the delivery as failed and it can be redelivered.
        app.log.error({ err: error, delivery: context.id }, "webhook not queued");
        throw Object.assign(new Error("not queued: the shared queue is unreachable; redeliver this webhook"), { status: 503 });
      }
    });

    const synthesizeAll = async (only: string | null) => {
      const targets = await listCoordinations({ github, configs: c.configs, log: app.log }, only);
      for (const target of targets) await c.synthesize(target);
      return targets.length;
    };
    let draining = false;
    try {
      appOptions?.addHandler?.(synthesisEndpoint({ secret: options.synthesisSecret ?? process.env.SYNTHESIS_SECRET, run: synthesizeAll }));
      appOptions?.addHandler?.(
        healthEndpoints({
          readiness: () => readinessOf({ draining, oldestReadyMs: c.queue.oldestWait(now().getTime(), true), lastGitHubStatus, ...(cluster ? { redisConnected: cluster.connected() } : {}) }),
          metrics,
          metricsToken: options.metricsToken ?? process.env.METRICS_TOKEN,
        }),
      );
    } catch (error) {
      // A Probot loaded without its server (handler tests, serverless adapters) has no HTTP routes.
      app.log.debug({ err: error }, "no server: the HTTP endpoints are not mounted");
    }

    // SYNTHESIS_JITTER_MS: the spread of random delays added to each Team Status (default 30 s).
    const jitter = Number(process.env.SYNTHESIS_JITTER_MS);
    const jitterMs = process.env.SYNTHESIS_JITTER_MS !== undefined && Number.isFinite(jitter) && jitter >= 0 ? jitter : undefined;
    const listTargets = () => listCoordinations({ github, configs: c.configs, log: app.log });
    const schedulerLog = app.log.child({ name: "scheduler" });
    const scheduler = cluster
      ? new RedisScheduler({ connection: cluster.connection, prefix: cluster.prefix, lockMs: cluster.lockMs, listTargets, trigger: (t) => c.synthesize(t), reconcile: (t) => c.reconcile(t), log: schedulerLog, jitterMs })
      : new Scheduler({
          listTargets,
          trigger: (target) => void c.synthesize(target).catch((error: unknown) => app.log.error({ err: error }, "could not queue the Team Status")),
          reconcile: (target) => void c.reconcile(target).catch((error: unknown) => app.log.error({ err: error }, "could not queue the reconcile")),
          log: schedulerLog,
          now: options.now,
          timers: options.schedulerTimers,
          jitterMs,
        });
    const schedulerOn = options.scheduler ?? process.env.SYNTHESIS_SCHEDULER !== "off";
    if (schedulerOn) scheduler.start();
    if (cluster && scheduler instanceof RedisScheduler && schedulerOn) {
      cluster.onReconnect(() => void scheduler.recover().catch((error: unknown) => app.log.error({ err: error }, "could not walk again after Redis came back")));
    }
    const running: Running = {
      coordinator: c,
      scheduler,
      metrics,
      drain: async () => {
        draining = true;
        await scheduler.stop();
        stopListening();
        await c.close();
        await cluster?.close();
      },
    };
    options.onReady?.(c, scheduler, running);
  };
}

export default createApp();

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}
