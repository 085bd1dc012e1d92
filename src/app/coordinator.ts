// The running app's shell: de-duplicates deliveries, routes events, and runs queued work.
import type { Logger } from "pino";
import type { RepoEvent } from "../handlers/normalize.js";
import type { AppPort } from "../github/app-port.js";
import type { GitHubPort } from "../github/port.js";
import { RetryLaterError } from "../github/port.js";
import type { Timers } from "../queue/keyed-queue.js";
import type { WriteBudget } from "../queue/write-budget.js";
import type { WorkQueue } from "../queue/work-queue.js";
import { localCluster, type Cluster } from "../cluster/cluster.js";
import type { Sealer } from "../domain/seal.js";
import type { Metrics } from "../metrics.js";
import { ConfigCache } from "./config-cache.js";
import { Deferred, runCoordination, textDigest } from "./run.js";
import { ParseCache } from "./parse-cache.js";
import { applyTrackedEdits } from "../domain/body-edit.js";
import { splitBody } from "../domain/dashboard.js";
import { refKey } from "../domain/refs.js";
import type { Config } from "../config-schema.js";
import { coordinateCommand, isCoordinationEvent, isOwnEvent, mattersToTracker, mayBeOwnEvent, tracks, workForTracker, workOnCoordination } from "./route.js";
import { emptyCoordinationWork, mergeWork, workKey, type CoordinationWork, type RouteWork, type Work } from "./queued-work.js";

export interface CoordinatorOptions {
  /** GitHub as the app sees it: who the app is, and a port per installation. */
  github: Pick<AppPort, "identity" | "port">;
  /** Seals state blocks with a key only the app holds (see domain/seal.ts). */
  seal: Sealer;
  log: Logger;
  now?: () => Date;
  timers?: Timers;
  /** The in-memory budget (tests); ignored when `cluster` is given. */
  budget?: WriteBudget;
  /** What replicas share (Redis); default: this process alone, in memory. */
  cluster?: Cluster;
  /** Failed runs of one key before its work is dropped (the periodic reconcile heals later). */
  maxAttempts?: number;
  metrics?: Metrics;
}

/** Runs counted by how they ended (read by tests and the metrics). */
export interface RunCounts {
  ok: number;
  /** Failed and retried later (GitHub errors, rate limits, budget). */
  retried: number;
  /** Failed for good after the last attempt. */
  dropped: number;
}

export class Coordinator {
  readonly queue: WorkQueue<Work>;
  readonly runs: RunCounts = { ok: 0, retried: 0, dropped: 0 };
  readonly configs: ConfigCache;
  readonly cluster: Cluster;
  /** Comments parsed in earlier runs, by revision. */
  readonly parsed = new ParseCache();
  private readonly now: () => Date;

  constructor(private readonly options: CoordinatorOptions) {
    this.now = options.now ?? (() => new Date());
    this.cluster = options.cluster ?? localCluster({ budget: options.budget, timers: options.timers, clock: () => this.now().getTime() });
    this.configs = new ConfigCache(() => this.now().getTime());
    this.cluster.onConfigChange((change) => {
      // An organisation's `.github` repository configures all of its repositories.
      if (change.repo === null) this.configs.invalidateOwner(change.installationId, change.owner);
      else this.configs.invalidate(change.installationId, change.owner, change.repo);
    });
    const maxAttempts = options.maxAttempts ?? 5;
    const started = new Map<Work, number>();
    const finished = (work: Work, outcome: keyof RunCounts) => {
      this.runs[outcome] += 1;
      const t0 = started.get(work);
      started.delete(work);
      options.metrics?.runs.inc({ kind: work.kind, outcome });
      if (t0 !== undefined) options.metrics?.runSeconds.observe({ kind: work.kind }, (performance.now() - t0) / 1000);
    };
    this.queue = this.cluster.queue<Work>("work", {
      run: async (_key, work) => {
        started.set(work, performance.now());
        await this.run(work);
        finished(work, "ok");
      },
      merge: mergeWork,
      timers: options.timers,
      onError: (key, work, error, attempt) => {
        const log = this.options.log.child({ key, deliveries: deliveriesOf(work) });
        if (error instanceof Deferred && work.kind === "coordination") {
          // Everything else is written; the fan-out's labels wait for budget, or for any new work after
          // a slice of them, and then continue as planned (no re-read).
          finished(work, error.retryAfterMs > 0 ? "retried" : "ok");
          if (error.retryAfterMs > 0) options.metrics?.rateLimitWaits.inc();
          log.info({ retryInMs: error.retryAfterMs, waiting: error.resume.effects.length }, error.retryAfterMs > 0 ? "background writes wait for the write budget" : "background writes continue after any new work");
          const resume = { ...emptyCoordinationWork(work.installationId, work.owner, work.repo, work.number), deliveries: work.deliveries, resume: error.resume };
          // New work for this coordination need not wait: its full run plans these writes again.
          return { delayMs: error.retryAfterMs, work: resume, interruptible: true };
        }
        if (error instanceof RetryLaterError) {
          finished(work, "retried");
          options.metrics?.rateLimitWaits.inc();
          log.warn({ retryInMs: error.retryAfterMs, attempt }, error.message);
          return { delayMs: error.retryAfterMs };
        }
        if (attempt >= maxAttempts) {
          finished(work, "dropped");
          log.error({ err: error, attempt }, "giving up on this work; the next event for this coordination repairs it");
          // Forgotten, so that redelivering one of them by hand from GitHub runs it again.
          for (const delivery of deliveriesOf(work)) void this.cluster.forgetDelivery(delivery).catch(() => undefined);
          return { delayMs: null };
        }
        finished(work, "retried");
        const delayMs = 1000 * 2 ** (attempt - 1);
        log.warn({ err: error, attempt, retryInMs: delayMs }, "run failed; retrying");
        return { delayMs };
      },
    });
  }

  /**
   * Takes one webhook delivery: cheap; the work runs from the queue. Resolves once the work is
   * queued (with Redis: stored, so the delivery is answered only when no crash can lose it).
   */
  async receive(event: RepoEvent): Promise<void> {
    if (!(await this.cluster.claimDelivery(event.delivery))) {
      this.options.log.info({ delivery: event.delivery, event: event.name }, "redelivered webhook ignored");
      return;
    }
    try {
      if (event.name === "push") {
        if (event.touchesConfig) await this.cluster.announceConfigChange({ installationId: event.installationId, owner: event.owner, repo: event.repo === ".github" ? null : event.repo });
        return;
      }
      const work: RouteWork = { kind: "route", installationId: event.installationId, owner: event.owner, repo: event.repo, events: [event] };
      await this.queue.push(workKey(work), work);
    } catch (error) {
      // Not queued: GitHub's redelivery (or the reconcile) must be able to bring it again.
      await this.cluster.forgetDelivery(event.delivery).catch(() => undefined);
      throw error;
    }
  }

  private async mayReceipt(event: RepoEvent): Promise<boolean> {
    const installation = String(event.installationId);
    const now = this.now().getTime();
    const team = ["OWNER", "MEMBER", "COLLABORATOR"].includes(event.comment?.association ?? "");
    return team ? (await this.cluster.budget.take(installation, now)) === 0 : this.cluster.budget.takeCourtesy(installation, now);
  }

  /** Queues today's Team Status for one coordination issue (scheduler, HTTP endpoint). */
  synthesize(target: { installationId: number; owner: string; repo: string; number: number; body?: string }): Promise<void> {
    const work = {
      ...emptyCoordinationWork(target.installationId, target.owner, target.repo, target.number),
      hintBody: target.body ?? null,
      synthesize: true,
      deliveries: ["synthesis"],
    };
    return Promise.resolve(this.queue.push(workKey(work), work));
  }

  /** Queues a plain run of one coordination (the periodic reconcile: it repairs what missed webhooks left). */
  reconcile(target: { installationId: number; owner: string; repo: string; number: number; body?: string }): Promise<void> {
    const work = { ...emptyCoordinationWork(target.installationId, target.owner, target.repo, target.number), hintBody: target.body ?? null, deliveries: ["reconcile"] };
    return Promise.resolve(this.queue.push(workKey(work), work));
  }

  /** Resolves when every queued run has finished (tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Resolves when no run is in flight and nothing is ready to run (retries may wait on timers). */
  settled(): Promise<void> {
    return this.queue.settled();
  }

  /** Stops taking work (shutdown): runs in flight finish, nothing new starts. */
  close(): Promise<void> {
    return this.queue.close();
  }

  /** Writes left in the installation closest to GitHub's limits (metrics). */
  budgetLeft(): { minute: number; hour: number } {
    return this.cluster.budget.remaining(this.now().getTime());
  }

  private async run(work: Work): Promise<void> {
    const port = await this.options.github.port(work.installationId);
    const loaded = await this.configs.get(work.installationId, work.owner, work.repo, () => port.loadConfigFile(work.owner, work.repo));
    if (work.kind === "route") return this.route(work, port, loaded.config);
    const log = this.options.log.child({ repo: `${work.owner}/${work.repo}`, issue: work.number, deliveries: work.deliveries });
    const outcome = await runCoordination(work, {
      port,
      seal: this.options.seal,
      parse: this.parsed.parse,
      identity: () => this.options.github.identity(),
      onBodyWritten: (write) => {
        void this.cluster.rememberWrite(write).catch((error: unknown) => log.warn({ err: error }, "could not remember the body write"));
      },
      config: loaded.config,
      configProblems: loaded.problems,
      budget: this.cluster.budget,
      now: this.now,
      log,
    });
    if (outcome.synthesized) this.options.metrics?.syntheses.inc();
    log.info({ outcome }, outcome.skipped ? `skipped: ${outcome.skipped}` : "coordination processed");
  }

  /**
   * GitHub has no conditional write: an orchestrator's edit saved between a run's read and its body
   * write is overwritten. Our own `issues.edited` webhook carries the body it replaced; if that is
   * not the text the write was based on, someone's edit was lost, and a run puts it back (with the
   * Tracked-list edits of our write replayed), unless a person has edited the text again since.
   */
  private async repairLostEdit(event: RepoEvent, config: Config): Promise<void> {
    if (event.name !== "issues.edited" || event.previousBody === null || !event.issue || !event.issue.labels.includes(config.coordinationLabel)) return;
    const key = refKey({ owner: event.owner, repo: event.repo, number: event.issue.number });
    const write = await this.cluster.recallWrite(key);
    if (!write || write.body !== event.issue.body) return;
    const replaced = splitBody(event.previousBody);
    if (textDigest(replaced.before, replaced.after) === write.base) return;
    const ours = splitBody(write.body);
    this.options.log.warn({ repo: `${event.owner}/${event.repo}`, issue: event.issue.number, delivery: event.delivery }, "an edit of the coordination's text was overwritten by our write; putting it back");
    const work: CoordinationWork = {
      ...emptyCoordinationWork(event.installationId, event.owner, event.repo, event.issue.number),
      hintBody: event.issue.body,
      deliveries: [event.delivery],
      restore: { before: applyTrackedEdits(replaced.before, write.edits), after: replaced.after, expected: textDigest(ours.before, ours.after) },
    };
    await this.queue.push(workKey(work), work);
  }

  private async route(work: RouteWork, port: GitHubPort, config: Parameters<typeof workOnCoordination>[1]): Promise<void> {
    let coordinations: Array<{ number: number; body: string }> | null = null;
    for (const event of work.events) {
      // Our own changes come back as webhooks; GitHub's record of who acted tells them apart.
      if (mayBeOwnEvent(event) && isOwnEvent(event, await this.options.github.identity())) {
        await this.repairLostEdit(event, config);
        this.options.log.debug({ delivery: event.delivery, event: event.name }, "own event ignored");
        continue;
      }
      const out: CoordinationWork[] = [];
      if (isCoordinationEvent(event, config)) {
        const w = coordinateCommand(event, config) ?? workOnCoordination(event, config);
        if (w) out.push(w);
      } else if (event.name.startsWith("sub_issues.") && event.parent?.labels.includes(config.coordinationLabel)) {
        const w = workOnCoordination({ ...event, issue: event.parent, comment: null }, config);
        if (w) out.push({ ...w, setup: false });
      } else {
        const command = coordinateCommand(event, config);
        if (command) out.push(command);
        else if (mattersToTracker(event, config) && event.issue) {
          // One look-up per routing run, shared by every event of the burst.
          coordinations ??= await port.findCoordinations(event.owner, event.repo, config.coordinationLabel);
          const number = event.issue.number;
          for (const c of coordinations) if (c.number !== number && tracks(c.body, c.number, event)) out.push(workForTracker(event, c, config));
        }
      }
      for (const w of out) await this.queue.push(workKey(w), w);
      // 👀 says "received" at once; the run (permission checks, reads, writes) answers after. For
      // someone GitHub does not count as a member or collaborator it uses only the courtesy share of
      // the write budget; either way it is skipped, never waited for, when the budget is spent.
      if (event.comment && event.name === "issue_comment.created" && out.some((w) => w.commands.length > 0) && (await this.mayReceipt(event))) {
        await port.react(event.owner, event.repo, event.comment.id, "eyes").catch((error: unknown) => {
          this.options.log.warn({ err: error, delivery: event.delivery }, "could not add the 👀 reaction");
        });
      }
    }
    this.options.log.debug({ repo: `${work.owner}/${work.repo}`, events: work.events.length }, "routed");
  }
}

function deliveriesOf(work: Work): string[] {
  return work.kind === "route" ? work.events.map((e) => e.delivery) : work.deliveries;
}
