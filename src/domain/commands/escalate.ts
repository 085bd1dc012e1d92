// `/escalate #N <reason>` marks #N urgent and mentions the orchestrators; `/escalate clear #N` lifts it.
import { orchestratorMentions } from "../mentions.js";
import { formatRef, refKey, type RepoContext } from "../refs.js";
import { fail, readOne, reasonText, show, showRef, words } from "./read.js";
import type { ArgumentsResult, CommandModule } from "./types.js";

const CLEAR_USAGE = "clear #N";

function parse(rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  const head = /^\s*(\S+)/.exec(rest);
  const first = head?.[1];
  if (!head || first === undefined) return fail("missing the issue and the reason");
  const after = rest.slice(head[0].length);
  if (first.toLowerCase() === "clear") {
    const [issueToken, extra] = words(after);
    if (issueToken === undefined) return { ok: false, problem: "missing the issue to clear", usage: CLEAR_USAGE };
    if (extra !== undefined) return { ok: false, problem: `this command takes one issue (found ${show(extra)} after ${show(issueToken)})`, usage: CLEAR_USAGE };
    const issue = readOne(issueToken, ctx);
    return issue.ok ? { ok: true, command: { verb: "escalate-clear", issue: issue.value } } : { ...issue, usage: CLEAR_USAGE };
  }
  // `#12: reason` and `#12, reason` read as `#12 reason`.
  const issue = readOne(first.replace(/[:,]$/, ""), ctx);
  if (!issue.ok) return issue;
  const reason = reasonText(after);
  if (reason === "") return fail(`missing the reason: say why ${showRef(issue.value, ctx)} is urgent`);
  return { ok: true, command: { verb: "escalate", issue: issue.value, reason } };
}

export const escalate: CommandModule = {
  spec: {
    verb: "escalate",
    usage: "#N <reason>",
    description: "Mark #N urgent and mention the orchestrators; an orchestrator lifts it with `clear #N`.",
    who: "reporter",
    examples: ["#12 CI has been red since Monday", "clear #12"],
  },
  parse,
  plan(command, env) {
    if (command.verb !== "escalate" && command.verb !== "escalate-clear") return undefined;
    const short = formatRef(command.issue, env.home);
    const key = refKey(command.issue);
    const urgent = env.labels.urgent.toLowerCase();
    const refused = env.refusedIn(command.issue, "triage", command.verb === "escalate" ? "labelling an issue urgent" : "removing the urgent label");
    if (refused === undefined) return undefined;
    if (refused !== null) return { reply: refused, refused: true };
    const issue = env.issue(command.issue);
    if (issue === undefined) return undefined;
    const labelled = issue?.labels.some((l) => l.toLowerCase() === urgent) === true;
    if (command.verb === "escalate-clear") {
      if (!labelled) return { clear: [key], reply: `↩️ ${short} was not urgent` };
      return { clear: [key], effects: [{ kind: "labels", on: key, add: [], remove: [env.labels.urgent] }], reply: `✅ ${short} is no longer urgent` };
    }
    if (issue === null) return { reply: `⚠️ ${short} cannot be read` };
    return {
      mention: [key],
      urgent: [{ ref: key, on: env.comment.on, commentId: env.comment.id, url: "", author: env.comment.login, at: env.now.toISOString(), summary: command.reason.slice(0, 200) }],
      effects: labelled ? [] : [{ kind: "labels", on: key, add: [env.labels.urgent], remove: [] }],
      reply: `🚨 ${short} is urgent${orchestratorMentions(env.orchestrators)}`,
    };
  },
};
