// `coordinator state`, `context` and `preview`: the live coordination read with GITHUB_TOKEN (and
// GITHUB_API_URL for GitHub Enterprise Server), as the app reads it. Nothing is posted.
import { contextFacts } from "../domain/issue-context.js";
import { refKey } from "../domain/refs.js";
import { renderContext } from "../domain/status-replies.js";
import { explainGitHubError } from "../github/token-client.js";
import { parseArgs, UsageError } from "./args.js";
import { clientFromEnv, readCoordinationView, type CoordinationView } from "./coordination.js";
import { EXIT, type Io } from "./io.js";
import { previewCommand } from "./preview.js";
import { summariseState } from "./state-summary.js";
import { readIssue, readRelativeIssue } from "./targets.js";

export const STATE_USAGE = "coordinator state <owner/repo#N> [--json]";
export const CONTEXT_USAGE = "coordinator context <owner/repo#N> <issue> [--json]";
export const PREVIEW_USAGE = 'coordinator preview "<command>" --on <owner/repo#N> [--json]';

/** Runs `fn`; GitHub's errors become one line on stderr and exit 1. */
async function withGitHub(io: Io, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const problem = explainGitHubError(error, io.now().getTime());
    io.err(`${problem.code}: ${problem.message}`);
    return EXIT.problems;
  }
}

function noState(view: CoordinationView): string {
  return `${view.key} has no state block: the app has not written a dashboard there yet (is the issue labelled as a coordination, and the app installed?)`;
}

export async function stateCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { flags: ["json"] });
  if (args.positional.length !== 1) throw new UsageError("name one coordination");
  const ref = readIssue(args.positional[0]);
  const client = clientFromEnv(io.env);
  return withGitHub(io, async () => {
    const view = await readCoordinationView(client.port, ref);
    if (!view.state) {
      io.err(noState(view));
      return EXIT.problems;
    }
    if (args.flags.has("json")) io.out(JSON.stringify(view.state, null, 2));
    else {
      io.out(summariseState(view.state, view.repo, io.now(), view.issue.title));
      io.out(view.seal ? "(state block sealed by the app; the seal is checked by the app, which holds the key)" : "(the state block carries no seal: the app will not trust it and rebuilds it on its next run)");
      if (!view.complete) io.out("(the state comments the block lists could not be read as listed: the graph lists above are the body's part only)");
    }
    return EXIT.ok;
  });
}

export async function contextCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { flags: ["json"] });
  if (args.positional.length !== 2) throw new UsageError("name a coordination and an issue");
  const ref = readIssue(args.positional[0]);
  const issue = readRelativeIssue(args.positional[1], { owner: ref.owner, repo: ref.repo });
  const client = clientFromEnv(io.env);
  return withGitHub(io, async () => {
    const view = await readCoordinationView(client.port, ref);
    if (!view.state) {
      io.err(noState(view));
      return EXIT.problems;
    }
    const now = io.now();
    const key = refKey(issue);
    const facts = contextFacts(view.state, key, now);
    if (args.flags.has("json")) io.out(JSON.stringify({ issue: key, tracked: facts !== null, context: facts }, null, 2));
    else io.out(renderContext(facts, key, { repo: view.repo, now }));
    return facts === null ? EXIT.problems : EXIT.ok;
  });
}

export async function previewSubcommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { options: ["on"], flags: ["json"] });
  if (args.positional.length !== 1) throw new UsageError('give the command as one argument, quoted: "/track #12"');
  const command = args.positional[0] ?? "";
  if (!command.trim().startsWith("/")) throw new UsageError(`"${command}" is not a slash command`);
  const on = args.options.get("on");
  if (on === undefined) throw new UsageError("--on <owner/repo#N> names the coordination");
  const ref = readIssue(on);
  const client = clientFromEnv(io.env);
  return withGitHub(io, async () => {
    const login = await client.viewer();
    const preview = await previewCommand(client.port, ref, command, login, io.now());
    if (args.flags.has("json")) {
      io.out(JSON.stringify(preview, null, 2));
      return preview.reply === null ? EXIT.problems : EXIT.ok;
    }
    io.out(`Preview of ${JSON.stringify(command)} on ${preview.coordination} as ${login}: nothing was written.`);
    if (preview.configProblems.length > 0) io.out(`Note: the repository's configuration has ${preview.configProblems.length} problem(s); the app runs on the defaults (coordinator check-config).`);
    io.out("");
    if (preview.reply === null) io.out("The app would not answer: no command it knows in this text (check the command prefix, `commandPrefix`).");
    else io.out(`The app would reply:\n\n${preview.reply}`);
    io.out("");
    if (preview.writes.length === 0) io.out("It would change nothing else.");
    else {
      io.out(`It would also make ${preview.writes.length} change${preview.writes.length === 1 ? "" : "s"}:`);
      for (const w of preview.writes) io.out(`- ${w.target}: ${w.detail}`);
    }
    io.out("\n(The preview trusts the state block as published: the app checks its seal with its own key.)");
    return preview.reply === null ? EXIT.problems : EXIT.ok;
  });
}
