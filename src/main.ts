// `npm start` / `node dist/main.js`: Probot's own runner (environment, `.env`, the setup flow
// without credentials), with the app's logger (secrets redacted), a refusal to run in production
// on the public default webhook secret, and a clean stop on SIGTERM and SIGINT: no new webhooks,
// runs in flight finish (bounded), exit 0. Work still queued is picked up by the reconcile the
// scheduler runs at the next start.
import { run } from "probot";
import { createApp, type Running } from "./index.js";
import { loadDotEnv, productionProblem, shutdownTimeoutMs } from "./environment.js";
import { CoordinatorOctokit } from "./github/octokit.js";
import { createLog, logOptionsFromEnv } from "./logging.js";

loadDotEnv(process.env, process.cwd());
const problem = productionProblem(process.env);
if (problem !== null) {
  console.error(problem);
  process.exit(1);
}

const log = await createLog(logOptionsFromEnv(process.env));
let running: Running | null = null;
const server = await run(createApp({ onReady: (_c, _s, r) => (running = r) }), { Octokit: CoordinatorOctokit, log });

const app = running as Running | null;
if (app !== null) {
  // Probot's own SIGINT handler exits at once; this one drains first.
  process.removeAllListeners("SIGINT");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const timeoutMs = shutdownTimeoutMs(process.env);
    log.info({ signal, timeoutMs }, "stopping: no new webhooks; runs in flight finish first");
    const drained = app.drain().then(() => true);
    await server.stop();
    log.info("stopped listening: webhooks now go unanswered, GitHub marks them failed");
    const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    const finished = await Promise.race([drained, timer]);
    if (finished) log.info("stopped: every run in flight finished");
    else log.warn({ timeoutMs }, "stopped with runs still in flight; the next start's reconcile repairs what they left");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
