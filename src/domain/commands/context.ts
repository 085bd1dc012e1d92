// `/context [#N]`: context recovery for one issue (default: the issue it is commented on).
import { renderContext } from "../status-replies.js";
import { contextFacts } from "../issue-context.js";
import { parseRefKey, refKey, type RepoContext } from "../refs.js";
import { commandText } from "./command-text.js";
import { fail, readOne, show, words } from "./read.js";
import type { ArgumentsResult, CommandModule } from "./types.js";

function parse(rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  const tokens = words(rest);
  const [first, second] = tokens;
  if (first === undefined) return { ok: true, command: { verb: "context", issue: null } };
  if (second !== undefined) return fail(`one issue at most (found ${show(second)} after ${show(first)})`);
  const issue = readOne(first, ctx);
  return issue.ok ? { ok: true, command: { verb: "context", issue: issue.value } } : issue;
}

export const context: CommandModule = {
  spec: {
    verb: "context",
    usage: "[#N]",
    description: "Context recovery for #N (default: this issue): its blockers and their state, latest reports, gate, what to do next.",
    who: "anyone",
    examples: ["", "#12"],
  },
  parse,
  plan(command, env) {
    if (command.verb !== "context") return undefined;
    const target = command.issue ?? parseRefKey(env.comment.on);
    if (!target || (command.issue === null && env.comment.on === env.coordination)) {
      const verb = commandText(env.prefix, "context");
      return { reply: `⚠️ name the issue: \`${verb} #N\` (on a tracked issue, \`${verb}\` alone gives its own)` };
    }
    const key = refKey(target);
    return { reply: (state) => `\n\n${renderContext(contextFacts(state, key, env.now), key, { repo: env.home, now: env.now })}` };
  },
};
