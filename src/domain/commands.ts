// Slash commands in a comment (SPEC §4): a line of live Markdown that starts with the prefix and a
// known verb (`/verb`, or `/coord verb` with commandPrefix "/coord"). Quoted, fenced or
// HTML-commented lines never run; unknown verbs belong to other bots and are not returned.
// Known verbs are read strictly: bad arguments give `ok: false` with one precise problem.
import { plainInline, referenceText } from "./inline-markdown.js";
import { cut, liveBlocks } from "./markdown.js";
import type { RepoContext } from "./refs.js";
import { parseArguments } from "./commands/arguments.js";
import { exampleText, KNOWN_VERBS, usageText } from "./commands/registry.js";
import type { CommandLine } from "./commands/types.js";

export type { Assignee, CommandEnv, CommandLine, CommandModule, CommandResult, CommandSpec, ParsedCommand, Who } from "./commands/types.js";
export { commandText } from "./commands/command-text.js";
export { COMMANDS, KNOWN_VERBS, exampleText, moduleFor, renderHelp, usageText } from "./commands/registry.js";
export { MAX_GATE_NAME, MAX_ISSUES, MAX_PAIRS, MAX_REASON, MAX_WORKER_ID } from "./commands/read.js";

/** Commands read from one comment; the rest are ignored. */
export const MAX_COMMANDS = 20;
const MAX_LINE = 200;
const MAX_ARGS = 49;

/**
 * Every command line of a comment, in order (at most `MAX_COMMANDS`). `ctx` is the repository
 * the comment is in: `#N` means an issue there; without it only `owner/repo#N` and URLs parse.
 * Linear in the body; never throws.
 */
export function parseCommands(body: string, prefix: string = "/", ctx?: RepoContext): CommandLine[] {
  const out: CommandLine[] = [];
  // Markup is only ever dropped, never added: a comment without a `/` holds no command.
  if (typeof body !== "string" || !body.includes("/")) return out;
  const lead = prefix === "/" ? "/" : `${prefix} `;
  for (const block of liveBlocks(body)) {
    if (block.type !== "paragraph" || !block.text.includes("/")) continue;
    // A command written as inline code (`` `/verb` ``) is shown, not said: the line must start
    // with the prefix outside code spans too. Both readings keep the block's line breaks.
    const live = referenceText(block.text).split("\n");
    for (const [i, rawLine] of plainInline(block.text).split("\n").entries()) {
      const line = rawLine.trim();
      if (!line.startsWith(lead) || !(live[i] ?? "").trim().startsWith(lead)) continue;
      const afterLead = line.slice(lead.length);
      // `/verb` is glued to the slash; `/coord  verb` may have more spaces after the prefix.
      const head = (prefix === "/" ? /^()(\S+)/ : /^(\s*)(\S+)/).exec(afterLead);
      const verb = (head?.[2] ?? "").toLowerCase();
      if (!head || !KNOWN_VERBS.has(verb)) continue;
      const rest = afterLead.slice(head[0].length);
      const shown = { verb, line: cut(line, MAX_LINE), args: rest.slice(0, 4_000).split(/\s+/).filter((w) => w !== "").slice(0, MAX_ARGS) };
      const parsed = parseArguments(verb, rest, ctx);
      out.push(
        parsed.ok
          ? { ...shown, ok: true, command: parsed.command }
          : { ...shown, ok: false, problem: parsed.problem, usage: parsed.usage === undefined ? usageText(prefix, verb) : exampleText(prefix, verb, parsed.usage) },
      );
      if (out.length >= MAX_COMMANDS) return out;
    }
  }
  return out;
}
