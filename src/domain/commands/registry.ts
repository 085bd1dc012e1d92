// The command registry (SPEC §4, in its order) and the help table built from it. Each command is a
// module with its spec (usage, who, examples), its argument reader and its plan.
import { assign, unassign } from "./assign.js";
import { commandWith } from "./command-text.js";
import { context } from "./context.js";
import { coordinate } from "./coordinate.js";
import { depends, undepends } from "./depends.js";
import { escalate } from "./escalate.js";
import { gate } from "./gate.js";
import { helpCommand, helpTable } from "./help.js";
import { nogo } from "./nogo.js";
import { refresh } from "./refresh.js";
import { status } from "./status.js";
import { synthesize } from "./synthesize.js";
import { track, untrack } from "./track.js";
import type { CommandModule, CommandSpec } from "./types.js";

/** `/help` lists this registry (read when it runs, so it may list itself). */
const help = helpCommand(() => COMMANDS);

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

/** The full usage of a verb, with the prefix: `/depends #A on #B …`. */
export function usageText(prefix: string, verb: string): string {
  return commandWith(prefix, verb, BY_VERB.get(verb)?.usage ?? "");
}

/** One example of a verb, with the prefix. */
export function exampleText(prefix: string, verb: string, example: string): string {
  return commandWith(prefix, verb, example);
}

/** The command list as a Markdown table: command (with the prefix), who, what, example. */
export function renderHelp(prefix: string): string {
  return helpTable(prefix, COMMANDS);
}
