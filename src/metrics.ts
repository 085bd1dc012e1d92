// Prometheus metrics (prom-client), one registry per app instance. Labels never carry a
// repository, user or issue name: those would leak private names to whoever scrapes /metrics.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export interface MetricsSources {
  /** Keys waiting in the queue, and how long the oldest has waited (ms). */
  queue: () => { depth: number; oldestMs: number };
  /** The write budget left in the tightest installation, per window. */
  budget: () => { minute: number; hour: number };
}

export class Metrics {
  readonly registry = new Registry();
  readonly webhooks = new Counter({ name: "coordinator_webhooks_total", help: "Webhook deliveries received, by event.", labelNames: ["event"], registers: [this.registry] });
  readonly runs = new Counter({ name: "coordinator_runs_total", help: "Queued runs by kind (route, coordination) and outcome (ok, retried, dropped).", labelNames: ["kind", "outcome"], registers: [this.registry] });
  readonly runSeconds = new Histogram({
    name: "coordinator_run_duration_seconds",
    help: "Time a run took, by kind.",
    labelNames: ["kind"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly githubRequests = new Counter({ name: "coordinator_github_requests_total", help: "Requests to GitHub by method and status (0: no answer).", labelNames: ["method", "status"], registers: [this.registry] });
  readonly rateLimitWaits = new Counter({ name: "coordinator_rate_limit_waits_total", help: "Runs put back to wait for GitHub's rate limits or the write budget.", registers: [this.registry] });
  readonly syntheses = new Counter({ name: "coordinator_syntheses_total", help: "Team Status comments posted or updated.", registers: [this.registry] });

  constructor(sources: MetricsSources, defaults = true) {
    const registers = [this.registry];
    new Gauge({
      name: "coordinator_queue_depth",
      help: "Coordinations and repositories with work waiting.",
      registers,
      collect() {
        this.set(sources.queue().depth);
      },
    });
    new Gauge({
      name: "coordinator_queue_oldest_seconds",
      help: "How long the oldest waiting work has waited.",
      registers,
      collect() {
        this.set(sources.queue().oldestMs / 1000);
      },
    });
    new Gauge({
      name: "coordinator_write_budget_remaining",
      help: "Content writes left in the installation closest to GitHub's limits, per window (minute, hour).",
      labelNames: ["window"],
      registers,
      collect() {
        const left = sources.budget();
        this.set({ window: "minute" }, left.minute);
        this.set({ window: "hour" }, left.hour);
      },
    });
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: "coordinator_" });
  }
}
