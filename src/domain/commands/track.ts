// `/track #N …` and `/untrack #N …`: the `### Tracked` list of the coordination's own text.
import { removeFromTrackedList } from "../body-edit.js";
import { formatRef, refKey, type RepoContext } from "../refs.js";
import { fail, readList, words } from "./read.js";
import type { ArgumentsResult, CommandModule } from "./types.js";

function parse(verb: "track" | "untrack", rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  const tokens = words(rest);
  if (tokens.length === 0) return fail(`missing the issues to ${verb}`);
  const issues = readList(tokens, ctx);
  return issues.ok ? { ok: true, command: { verb, issues: issues.value } } : issues;
}

export const track: CommandModule = {
  spec: { verb: "track", usage: "#N …", description: "Add issues to the tracked list (ranges like #20-24 work).", who: "orchestrator", examples: ["#12 #13", "#20-24"] },
  parse: (rest, ctx) => parse("track", rest, ctx),
  plan(command, env) {
    if (command.verb !== "track") return undefined;
    const short = (r: (typeof command.issues)[number]) => formatRef(r, env.home);
    // Tracked already: by the text, a sub-issue, a report, an edge, or a `/track` earlier in this run.
    const fresh = command.issues.filter((r) => !env.tracked.has(refKey(r)) && refKey(r) !== env.coordination);
    if (fresh.length === 0) return { reply: "↩️ already tracked" };
    return { edits: [{ add: fresh.map(short) }], mention: fresh.map(refKey), reply: `✅ now tracking ${fresh.map(short).join(", ")}` };
  },
};

export const untrack: CommandModule = {
  spec: { verb: "untrack", usage: "#N …", description: "Remove issues from the tracked list.", who: "orchestrator", examples: ["#13"] },
  parse: (rest, ctx) => parse("untrack", rest, ctx),
  plan(command, env) {
    if (command.verb !== "untrack") return undefined;
    const named = command.issues.map((r) => formatRef(r, env.home));
    const { removed } = removeFromTrackedList(env.text, named);
    const still = named.filter((r) => !removed.includes(r));
    const parts: string[] = [];
    if (removed.length > 0) parts.push(`✅ removed ${removed.join(", ")} from the Tracked list`);
    if (still.length > 0) parts.push(`↩️ ${still.join(", ")} ${still.length === 1 ? "is" : "are"} not in the Tracked list (named elsewhere in the description, a sub-issue, a report's issue or a blocker: remove it there)`);
    return { ...(removed.length > 0 ? { edits: [{ remove: removed }] } : {}), reply: parts.join("; ") };
  },
};
