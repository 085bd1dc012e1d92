// Wiring only: one handler per delivery feeds the coordinator; the synthesis endpoint and the
// scheduler trigger it too. Everything else lives elsewhere.
import type { ApplicationFunction, ApplicationFunctionOptions, Probot } from "probot";
import { Coordinator, type CoordinatorOptions } from "./app/coordinator.js";
import { probotAppPort } from "./github/app-port.js";
import { hmacSealer } from "./domain/seal.js";
import { stateKeyFromEnv } from "./app/state-key.js";
import { normalize } from "./handlers/normalize.js";
import { synthesisEndpoint } from "./schedule/endpoint.js";
import { SynthesisScheduler, type SchedulerTimers } from "./schedule/scheduler.js";
import { listSynthesisTargets } from "./schedule/targets.js";

export interface AppOptions extends Partial<Pick<CoordinatorOptions, "now" | "timers" | "maxAttempts" | "budget">> {
  /** The key that seals state blocks; default: derived from the app's private key (PRIVATE_KEY / PRIVATE_KEY_PATH). */
  stateKey?: Buffer | string;
  /** Receives the coordinator once the app is loaded (tests await its queue). */
  onReady?: (coordinator: Coordinator, scheduler: SynthesisScheduler) => void;
  /** The synthesis endpoint's shared secret; default: the SYNTHESIS_SECRET environment variable. */
  synthesisSecret?: string;
  /** Start the in-process scheduler; default: on, unless SYNTHESIS_SCHEDULER=off. */
  scheduler?: boolean;
  schedulerTimers?: SchedulerTimers;
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot, appOptions?: ApplicationFunctionOptions) => {
    const github = probotAppPort(app);
    const coordinator = new Coordinator({
      github,
      seal: hmacSealer(options.stateKey ?? stateKeyFromEnv(process.env, app.log)),
      log: app.log,
      now: options.now,
      timers: options.timers,
      maxAttempts: options.maxAttempts,
      budget: options.budget,
    });
    // One listener for every event: Probot runs matching listeners concurrently, and two of them
    // racing on one coordination body is what the queue exists to prevent.
    app.onAny(async (context) => {
      const event = normalize(context.name, context.id, context.payload);
      if (event) coordinator.receive(event);
    });

    const synthesizeAll = async (only: string | null) => {
      const targets = await listSynthesisTargets({ github, configs: coordinator.configs, log: app.log }, only);
      for (const target of targets) coordinator.synthesize(target);
      return targets.length;
    };
    try {
      appOptions?.addHandler?.(synthesisEndpoint({ secret: options.synthesisSecret ?? process.env.SYNTHESIS_SECRET, run: synthesizeAll }));
    } catch (error) {
      // A Probot loaded without its server (handler tests, serverless adapters) has no HTTP routes.
      app.log.debug({ err: error }, "no server: the synthesis endpoint is not mounted");
    }

    const scheduler = new SynthesisScheduler({
      listTargets: () => listSynthesisTargets({ github, configs: coordinator.configs, log: app.log }),
      trigger: (target) => coordinator.synthesize(target),
      reconcile: (target) => coordinator.reconcile(target),
      log: app.log.child({ name: "scheduler" }),
      now: options.now,
      timers: options.schedulerTimers,
    });
    if (options.scheduler ?? process.env.SYNTHESIS_SCHEDULER !== "off") scheduler.start();
    options.onReady?.(coordinator, scheduler);
  };
}

export default createApp();
