// Wiring only: one handler per delivery feeds the coordinator; everything else lives elsewhere.
import type { ApplicationFunction, Probot } from "probot";
import { Coordinator, type CoordinatorOptions } from "./app/coordinator.js";
import { OctokitPort, type Octokit } from "./github/octokit-port.js";
import { normalize } from "./handlers/normalize.js";

export interface AppOptions extends Partial<Pick<CoordinatorOptions, "now" | "timers" | "maxAttempts">> {
  /** Receives the coordinator once the app is loaded (tests await its queue). */
  onReady?: (coordinator: Coordinator) => void;
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const coordinator = new Coordinator({
      portFor: async (installationId) => new OctokitPort((await app.auth(installationId)) as Octokit),
      log: app.log,
      now: options.now,
      timers: options.timers,
      maxAttempts: options.maxAttempts,
    });
    // One listener for every event: Probot runs matching listeners concurrently, and two of them
    // racing on one coordination body is what the queue exists to prevent.
    app.onAny(async (context) => {
      const event = normalize(context.name, context.id, context.payload);
      if (event) coordinator.receive(event);
    });
    options.onReady?.(coordinator);
  };
}

export default createApp();
