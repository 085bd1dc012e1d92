// The command registry (SPEC §4, in its order) and the help table built from it. Each command is a
// module with its spec (usage, who, examples), its argument reader and its plan.
import { assign, unassign } from "./assign.js";
import { context } from "./context.js";
import { coordinate } from "./coordinate.js";
import { depends, undepends } from "./depends.js";
import { escalate } from "./escalate.js";
import { gate } from "./gate.js";
import { help } from "./help.js";
import { nogo } from "./nogo.js";
import { refresh } from "./refresh.js";
import { status } from "./status.js";
import { synthesize } from "./synthesize.js";
import { track, untrack } from "./track.js";
import type { CommandModule, CommandSpec, Who } from "./types.js";

/** Every command, one module each, in SPEC §4's order (the help table's order). */
export const MODULES: readonly CommandModule[] = [help, coordinate, status, context, refresh, track, untrack, depends, undepends, assign, unassign, gate, nogo, escalate, synthesize];

export const COMMANDS: readonly CommandSpec[] = MODULES.map((m) => m.spec);

/** Verbs this version understands; any other verb belongs to someone else and is left alone. */
export const KNOWN_VERBS: ReadonlySet<string> = new Set(COMMANDS.map((c) => c.verb));

const BY_VERB = new Map(COMMANDS.map((c) => [c.verb, c]));
const MODULE_BY_VERB = new Map(MODULES.map((m) => [m.spec.verb, m]));

/** The module of a verb as typed (`escalate` for `/escalate clear` too). */
export function moduleFor(verb: string): CommandModule | undefined {
  return MODULE_BY_VERB.get(verb);
}

/** How the verb is typed: `/verb` with the default prefix, `/coord verb` with commandPrefix "/coord". */
export function commandText(prefix: string, verb: string): string {
  return prefix === "/" ? `/${verb}` : `${prefix} ${verb}`;
}

/** The command followed by its arguments. */
function joined(prefix: string, verb: string, args: string): string {
  return args === "" ? commandText(prefix, verb) : `${commandText(prefix, verb)} ${args}`;
}

/** The full usage of a verb, with the prefix: `/depends #A on #B …`. */
export function usageText(prefix: string, verb: string): string {
  return joined(prefix, verb, BY_VERB.get(verb)?.usage ?? "");
}

/** One example of a verb, with the prefix. */
export function exampleText(prefix: string, verb: string, example: string): string {
  return joined(prefix, verb, example);
}

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

/** The command list as a Markdown table: command (with the prefix), who, what, example. */
export function renderHelp(prefix: string): string {
  const rows = COMMANDS.map((c) => {
    const examples = c.examples.map((e) => code(exampleText(prefix, c.verb, e))).join("<br>");
    return `| ${code(usageText(prefix, c.verb))} | ${WHO_LABEL[c.who]} | ${cell(c.description)} | ${examples} |`;
  });
  return ["| command | who | what | example |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
