// One coordination run without HTTP: the real run (read → plan → apply) against the in-memory
// port over a GitHubWorld, its writes and reads recorded as short strings.
import pino from "pino";
import { parseConfig } from "../../src/config.js";
import type { Config } from "../../src/config-schema.js";
import { runCoordination, type RunOutcome } from "../../src/app/run.js";
import { emptyCoordinationWork, type CoordinationWork } from "../../src/app/queued-work.js";
import { hmacSealer } from "../../src/domain/seal.js";
import { WriteBudget } from "../../src/queue/write-budget.js";
import { FakePort } from "../fakes/port.js";
import { BOT_LOGIN, type GitHubWorld } from "../fakes/github-world.js";

export const NOW = new Date("2026-11-27T10:00:00Z");
export const seal = hmacSealer("run test key");

export interface RunResult {
  outcome: RunOutcome;
  writes: string[];
  reads: string[];
  port: FakePort;
}

/** A coordination run on `number` of acme/app, with `work` filled in over an empty one. */
export async function runOnce(world: GitHubWorld, number: number, work: Partial<CoordinationWork> = {}, options: { config?: unknown; port?: FakePort; budget?: WriteBudget } = {}): Promise<RunResult> {
  const port = options.port ?? new FakePort(world);
  const { config, problems } = parseConfig(options.config ?? {});
  const writes = port.writes.length;
  const reads = port.reads.length;
  const outcome = await runCoordination(
    { ...emptyCoordinationWork(1, "acme", "app", number), hintBody: world.issue(number).body, ...work },
    {
      port,
      seal,
      identity: async () => ({ id: 123, login: BOT_LOGIN }),
      config: config as Config,
      configProblems: problems,
      budget: options.budget ?? new WriteBudget(),
      now: () => NOW,
      log: pino({ level: "silent" }),
    },
  );
  return { outcome, writes: port.writes.slice(writes), reads: port.reads.slice(reads), port };
}

/** A command comment by `author` on issue `on` (of acme/app, coordination #10), run once; its reply. */
export async function runCommand(world: GitHubWorld, author: string, text: string, options: { on?: number; coordination?: number; config?: unknown; port?: FakePort } = {}): Promise<RunResult & { reply: string }> {
  const on = options.on ?? options.coordination ?? 10;
  const comment = world.addComment(on, author, text, "2026-11-27T09:30:00Z");
  const run = await runOnce(
    world,
    options.coordination ?? 10,
    { changed: [comment.id], touched: on === (options.coordination ?? 10) ? [] : [`acme/app#${on}`], commands: [{ commentId: comment.id, on: `acme/app#${on}`, login: author }] },
    options,
  );
  const reply = world.issue(on).comments.find((c) => c.author === BOT_LOGIN && c.body.startsWith(`<!-- coordinator:commands:${comment.id} -->`))?.body ?? "";
  return { ...run, reply };
}

/** A small coordination: #10 tracks #12 and #13; lead may orchestrate, reader may only read. */
export function commandWorld(world: GitHubWorld): GitHubWorld {
  world.addIssue({ number: 10, title: "Coordination", body: "Plan: #12 and #13.\n", labels: ["coordination"] });
  world.addIssue({ number: 12, title: "API" });
  world.addIssue({ number: 13, title: "UI" });
  world.addIssue({ number: 20, title: "Docs" });
  world.permissions.set("lead", "write");
  world.permissions.set("boss", "maintain");
  world.permissions.set("reader", "read");
  return world;
}
