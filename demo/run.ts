// `npm run demo`: the real app replays a coordination on a simulated GitHub inside this process,
// one line per event, then writes demo-out/ (every issue as Markdown, index.html as GitHub shows
// the coordination issue). docs/demo.md describes it and the scenario format.
//
//   npm run demo                       the Miyabi master coordination (demo/seeds/miyabi.yml)
//   npm run demo -- --seed file.yml    another scenario
//   npm run demo -- --step             wait for Enter before each event
//   npm run demo -- --out dir          write somewhere else than ./demo-out
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { DemoRun, type DemoResult, type EventOutcome } from "./engine.js";
import { writeOutput } from "./output.js";
import { parseArgs, progressBar, USAGE } from "./cli-args.js";
import { loadScenario, ScenarioError } from "./scenario.js";

/** The repository's root: the nearest folder above this file with a package.json. */
function projectRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function eventLine(outcome: EventOutcome, total: number): string {
  const width = String(total).length;
  const when = outcome.event.at.toISOString().slice(5, 16).replace("T", " ");
  const wrote = outcome.effects.length > 0 ? outcome.effects.join(", ") : "nothing to write";
  return `${progressBar(outcome.index + 1, total)} ${String(outcome.index + 1).padStart(width)}/${total}  ${when}  ${outcome.line}  → ${wrote}`;
}

/**
 * Enter presses on stdin, one per `next()`: lines typed (or piped) ahead are kept for the next
 * pauses; once stdin ends, `next()` no longer waits.
 */
function enterPresses(): { next: () => Promise<void>; close: () => void } {
  const lines = createInterface({ input: process.stdin, terminal: false });
  let buffered = 0;
  let ended = false;
  let waiting: (() => void) | null = null;
  const wake = () => {
    const resolve = waiting;
    waiting = null;
    resolve?.();
  };
  lines.on("line", () => {
    buffered += 1;
    if (waiting) {
      buffered -= 1;
      wake();
    }
  });
  lines.on("close", () => {
    ended = true;
    wake();
  });
  return {
    next: () => {
      if (buffered > 0) {
        buffered -= 1;
        return Promise.resolve();
      }
      if (ended) return Promise.resolve();
      return new Promise<void>((resolve) => (waiting = resolve));
    },
    close: () => lines.close(),
  };
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed === "help") {
    console.log(USAGE);
    return 0;
  }
  if ("error" in parsed) {
    console.error(`${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const seed = parsed.seed ?? join(projectRoot(), "demo", "seeds", "miyabi.yml");
  let run: DemoRun;
  try {
    run = new DemoRun(loadScenario(seed));
  } catch (error) {
    if (error instanceof ScenarioError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const scenario = run.scenario;
  const total = scenario.events.length;
  console.log(`Coordinator demo: ${scenario.title}`);
  console.log(`The real app (Probot + createApp) on a simulated ${scenario.owner}/${scenario.repo} in this process: ${total} events (times in UTC), signed webhooks, no network.\n`);

  const enter = parsed.step ? enterPresses() : null;
  const started = performance.now();
  let result: DemoResult;
  try {
    result = await run.run({
      before: async (index, _event, line) => {
        if (!enter) return;
        console.log(`next ${index + 1}/${total}: ${line} — press Enter`);
        await enter.next();
      },
      after: (outcome) => console.log(eventLine(outcome, total)),
    });
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    console.error(`${seed}: ${error.message}`);
    return 1;
  } finally {
    enter?.close();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const out = resolve(parsed.out);
  const written = writeOutput(result, out);
  const requests = result.outcomes.reduce((n, o) => n + o.requests, 0);
  console.log(`\nDone in ${seconds} s: ${total} events, ${requests} GitHub requests by the app.`);
  if (result.problems.length > 0) console.log(`The app logged ${result.problems.length} warning(s) or error(s): see ${join(out, "app.log")}`);
  console.log(`Every issue and comment as Markdown: ${join(out, "issues")}/`);
  console.log(`Open the coordination issue as GitHub shows it:\n  ${pathToFileURL(written.index).href}`);
  return 0;
}

process.exitCode = await main();
