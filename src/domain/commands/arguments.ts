// The arguments of each known verb, read by the verb's own module (SPEC §4). Pure, linear, never
// throws: every way to get them wrong yields one precise problem instead of a guess.
import { fail, MAX_ARGUMENTS, show } from "./read.js";
import { moduleFor } from "./registry.js";
import type { RepoContext } from "../refs.js";
import type { ArgumentsResult } from "./types.js";

/** The arguments of a known verb; `rest` is the line after the verb. */
export function parseArguments(verb: string, rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  if (rest.length > MAX_ARGUMENTS) return fail(`the command is too long (${rest.length} characters; at most ${MAX_ARGUMENTS}): split it`);
  const module = moduleFor(verb);
  return module ? module.parse(rest, ctx) : fail(`unknown command ${show(verb)}`);
}
