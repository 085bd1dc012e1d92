// `/help`: the command list as a Markdown table, one list per comment, however often asked. The
// list is the registry's, handed in by the registry (which lists this module too).
import { commandWith } from "./command-text.js";
import { noArguments } from "./read.js";
import type { CommandModule, CommandSpec, Who } from "./types.js";

const WHO_LABEL: Record<Who, string> = {
  anyone: "anyone",
  orchestrator: "orchestrators",
  reporter: "allowed reporters",
  approver: "approvers",
};

/** A code span that holds `text` whatever backticks it contains, safe in a table cell. */
function code(text: string): string {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === "`" ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`.replace(/\|/g, "\\|");
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s+/g, " ");

/** `commands` as a Markdown table: command (with the prefix and its usage), who, what, example. */
export function helpTable(prefix: string, commands: readonly CommandSpec[]): string {
  const rows = commands.map((c) => {
    const examples = c.examples.map((e) => code(commandWith(prefix, c.verb, e))).join("<br>");
    return `| ${code(commandWith(prefix, c.verb, c.usage))} | ${WHO_LABEL[c.who]} | ${cell(c.description)} | ${examples} |`;
  });
  return ["| command | who | what | example |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/** The `/help` module listing `commands()` (asked when it runs: the list includes this module). */
export function helpCommand(commands: () => readonly CommandSpec[]): CommandModule {
  return {
    spec: { verb: "help", usage: "", description: "This list of commands.", who: "anyone", examples: [""] },
    parse: (rest) => noArguments("help", rest),
    plan: (_command, env) => ({ reply: `\n\n${helpTable(env.prefix, commands())}` }),
  };
}
