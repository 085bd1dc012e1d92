// `/assign #N @login|worker-id` and `/unassign #N`: a GitHub assignee, or a `worker:<id>` label.
import { codeSpan } from "../escape.js";
import { formatRef, refKey, type RepoContext } from "../refs.js";
import type { Assignee } from "./types.js";
import { fail, LOGIN, MAX_WORKER_ID, readOne, readRefToken, show, WORKER, words, type Read } from "./read.js";
import type { ArgumentsResult, CommandModule } from "./types.js";

function readAssignee(token: string): Read<Assignee> {
  if (token.startsWith("@")) {
    const login = token.slice(1);
    if (login.includes("/")) return fail(`${show(token)} is a team; assign one GitHub user (@login) or a worker id`);
    return LOGIN.test(login) ? { ok: true, value: { kind: "user", login } } : fail(`${show(token)} is not a GitHub login`);
  }
  if (token.startsWith("#")) return fail(`${show(token)} is not an assignee: write @login for a GitHub user or a worker id`);
  if (!WORKER.test(token)) return fail(`${show(token)} is not a worker id (letters, digits, \`-\` and \`_\`); write @login for a GitHub user`);
  if (token.length > MAX_WORKER_ID) return fail(`the worker id is too long (${token.length} characters; at most ${MAX_WORKER_ID})`);
  return { ok: true, value: { kind: "worker", id: token } };
}

function parseAssign(rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  const [first, second, third] = words(rest);
  if (first === undefined) return fail("missing the issue and the assignee");
  if (first.startsWith("@") && second !== undefined && readRefToken(second, ctx).ok) return fail(`the issue comes first, then the assignee: ${show(`${second} ${first}`)}`);
  const issue = readOne(first, ctx);
  if (!issue.ok) return issue;
  if (second === undefined) return fail("missing the assignee: @login for a GitHub user, or a worker id");
  if (third !== undefined) return fail(`one assignee per command (found ${show(third)} after ${show(second)})`);
  const assignee = readAssignee(second);
  return assignee.ok ? { ok: true, command: { verb: "assign", issue: issue.value, assignee: assignee.value } } : assignee;
}

function parseUnassign(rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  const [first, second] = words(rest);
  if (first === undefined) return fail("missing the issue to unassign");
  if (second !== undefined) return fail(`this command takes one issue (found ${show(second)} after ${show(first)})`);
  const issue = readOne(first, ctx);
  return issue.ok ? { ok: true, command: { verb: "unassign", issue: issue.value } } : issue;
}

export const assign: CommandModule = {
  spec: {
    verb: "assign",
    usage: "#N @login|worker-id",
    description: "Assign #N to a GitHub user (`@login`) or to a named worker (a bare id).",
    who: "orchestrator",
    examples: ["#12 @octocat", "#13 worker-3"],
  },
  parse: (rest, ctx) => parseAssign(rest, ctx),
  plan(command, env) {
    if (command.verb !== "assign") return undefined;
    const short = formatRef(command.issue, env.home);
    const refused = env.refusedIn(command.issue, "triage", "assigning");
    if (refused === undefined) return undefined;
    if (refused !== null) return { reply: refused, refused: true };
    const issue = env.issue(command.issue);
    if (issue === undefined) return undefined;
    if (issue === null) return { reply: `⚠️ ${short} cannot be read` };
    const on = refKey(command.issue);
    if (command.assignee.kind === "user") {
      const login = command.assignee.login;
      if (issue.assignees.some((a) => a.toLowerCase() === login.toLowerCase())) return { mention: [on], reply: `↩️ ${short} is already assigned to ${codeSpan(login, 100)}` };
      return { mention: [on], effects: [{ kind: "assignees", on, add: [login], remove: [] }], reply: `✅ ${short} assigned to ${codeSpan(login, 100)}` };
    }
    const label = `worker:${command.assignee.id}`;
    const others = issue.labels.filter((l) => l.toLowerCase().startsWith("worker:") && l.toLowerCase() !== label.toLowerCase());
    if (issue.labels.some((l) => l.toLowerCase() === label.toLowerCase()) && others.length === 0) return { mention: [on], reply: `↩️ ${short} is already assigned to worker ${codeSpan(command.assignee.id, 60)}` };
    return {
      mention: [on],
      effects: [{ kind: "labels", on, add: [label], remove: others }],
      reply: `✅ ${short} assigned to worker ${codeSpan(command.assignee.id, 60)} (label ${codeSpan(label, 70)})`,
    };
  },
};

export const unassign: CommandModule = {
  spec: { verb: "unassign", usage: "#N", description: "Remove the assignment of #N.", who: "orchestrator", examples: ["#12"] },
  parse: (rest, ctx) => parseUnassign(rest, ctx),
  plan(command, env) {
    if (command.verb !== "unassign") return undefined;
    const short = formatRef(command.issue, env.home);
    const refused = env.refusedIn(command.issue, "triage", "unassigning");
    if (refused === undefined) return undefined;
    if (refused !== null) return { reply: refused, refused: true };
    const issue = env.issue(command.issue);
    if (issue === undefined) return undefined;
    if (issue === null) return { reply: `⚠️ ${short} cannot be read` };
    const workers = issue.labels.filter((l) => l.toLowerCase().startsWith("worker:"));
    if (issue.assignees.length === 0 && workers.length === 0) return { reply: `↩️ ${short} has nobody assigned` };
    const on = refKey(command.issue);
    return {
      effects: [
        ...(issue.assignees.length > 0 ? [{ kind: "assignees" as const, on, add: [], remove: [...issue.assignees] }] : []),
        ...(workers.length > 0 ? [{ kind: "labels" as const, on, add: [], remove: workers }] : []),
      ],
      reply: `✅ ${short} unassigned`,
    };
  },
};
