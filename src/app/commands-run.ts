// Slash commands in a coordination run (SPEC §4). Each command comment gets one reply listing the
// outcome of each command; an edit re-runs it and updates that reply. Effects persist on GitHub
// (the body's Tracked list, native dependencies or `Depends on` lines, assignees and labels), so a
// rebuild finds them, and every effect is checked first so running a command twice changes nothing.
import type { Config } from "../config.js";
import { commandText, parseCommands, renderHelp, type CommandLine, type ParsedCommand, type Who } from "../domain/commands.js";
import { renderContext, contextFacts, renderStatus } from "../domain/context.js";
import { renderGateBody } from "../domain/gates.js";
import { codeSpan, escapeInline, quoteLogin } from "../domain/escape.js";
import { formatRef, parseRefKey, refKey } from "../domain/refs.js";
import { addToTrackedList, appendLine, removeFromTrackedList, type TrackedEdit } from "../domain/body-edit.js";
import { actorOf, type CommentWindow, type CoordinationState, type IssueRef, type RawComment, type RawIssue, type RefKey, type StateEdge, type StateUrgent } from "../domain/types.js";
import { permissionVerdict, type Verdict } from "../domain/permissions.js";
import type { Permission } from "../domain/types.js";
import type { GitHubPort } from "../github/port.js";
import { fnv1a } from "../domain/hash.js";
import { refusalMarker } from "../domain/refusals.js";

/** A command comment to run: which comment, on which issue, by whom. */
export interface CommandComment {
  commentId: number;
  on: RefKey;
  login: string;
}

export interface CommandEnv {
  port: GitHubPort;
  config: Config;
  coordination: IssueRef;
  spend: () => void;
  /** Orchestrator, reporter and approver verdicts (read live in this run). */
  verdict: (login: string, who: Who) => Promise<Verdict>;
}

/** What the commands changed that the rest of the run must see. */
export interface CommandMutations {
  /** The orchestrator's text before the dashboard, after `/track` and `/untrack`. */
  before: string;
  /** The Tracked-list edits that made `before`, replayable on a text edited meanwhile. */
  edits: TrackedEdit[];
  /** Issues named by `/track`, `/depends`, … that the run should read if it does not know them. */
  mentioned: RefKey[];
  /** Urgent items raised by `/escalate`. */
  urgent: StateUrgent[];
  /** Issues whose urgency `/escalate clear` removed. */
  cleared: RefKey[];
  /** `/refresh`: rebuild everything and write the dashboard even if nothing seems changed. */
  refresh: boolean;
  /** `/coordinate` accepted. */
  coordinate: boolean;
  /** `/synthesize`: post or update today's Team Status now. */
  synthesize: boolean;
  /** `/nogo` on a gate issue: the NO-GO to record. */
  nogo: Array<{ gate: RefKey; login: string; reason: string }>;
}

interface Outcome {
  line: string;
  text: string | null;
  /** The author may not run this command. */
  refused?: boolean;
  /** The author passed a permission check for it (orchestrator, reporter or approver). */
  privileged?: boolean;
  /** Filled after the state is built (`/status`, `/context`). */
  later?: (state: CoordinationState) => string;
}

export interface CommandRun {
  mutations: CommandMutations;
  /**
   * Renders each command comment's reply once the coordination's new state is known; `login` is
   * who ran it, `refusal` set when every command of the comment was refused.
   */
  replies(state: CoordinationState): Array<{ on: RefKey; marker: string; body: string; login: string; commentId: number; privileged: boolean; refusal?: { login: string; commentId: number } }>;
}

/** The marker a gate created by `/gate` carries: which command comment and which gate name. */
export function gateOriginMarker(commentId: number, name: string): string {
  return `<!-- coordinator:gate-from:${commentId}:${fnv1a(name)} -->`;
}

/** The marker of the reply to a command comment. Render and search use this one function. */
export function commandsMarker(commentId: number): string {
  return `<!-- coordinator:commands:${commentId} -->`;
}

function commentOf(windows: readonly CommentWindow[], c: CommandComment): RawComment | null {
  for (const w of windows) {
    if (w.on !== c.on) continue;
    const found = w.comments.find((x) => x.id === c.commentId);
    if (found) return found;
  }
  return null;
}

export interface RunCommandsInput {
  comments: CommandComment[];
  windows: readonly CommentWindow[];
  before: string;
  /** Every issue read so far. */
  issues: Map<RefKey, RawIssue | null>;
  /** Edges known before the commands ran. */
  edges: readonly StateEdge[];
  /** Keys tracked before the commands ran. */
  tracked: ReadonlySet<RefKey>;
  isCoordination: boolean;
  now: Date;
}

export async function runCommands(input: RunCommandsInput, env: CommandEnv): Promise<CommandRun> {
  const { config, port, coordination } = env;
  const prefix = config.commandPrefix;
  const ctxRepo = { owner: coordination.owner, repo: coordination.repo };
  const short = (ref: IssueRef) => formatRef(ref, ctxRepo);
  const mutations: CommandMutations = { before: input.before, edits: [], mentioned: [], urgent: [], cleared: [], refresh: false, coordinate: false, synthesize: false, nogo: [] };
  const perComment: Array<{ comment: CommandComment; outcomes: Outcome[] }> = [];
  const helped = new Set<number>();

  // In another repository, a command writes only what its author could write there themselves
  // (GitHub's live answer, asked once per repository and person in a run).
  const asked = new Map<string, Permission>();
  const refusedIn = async (target: IssueRef, login: string, minimum: Permission, what: string): Promise<string | null> => {
    if (target.owner.toLowerCase() === coordination.owner.toLowerCase() && target.repo.toLowerCase() === coordination.repo.toLowerCase()) return null;
    const key = `${target.owner}/${target.repo} ${login}`.toLowerCase();
    let permission = asked.get(key);
    if (permission === undefined) {
      permission = await port.permission(target.owner, target.repo, login);
      asked.set(key, permission);
    }
    if (permissionVerdict(permission, minimum).allowed) return null;
    const has = permission === "none" ? "has no access there" : `has ${permission} permission there`;
    return `🚫 refused: ${what} in ${codeSpan(`${target.owner}/${target.repo}`, 140)} needs ${minimum} permission or higher, and ${quoteLogin(login)} ${has}`;
  };

  const readIssue = async (ref: IssueRef): Promise<RawIssue | null> => {
    const key = refKey(ref);
    if (!input.issues.has(key)) {
      const more = await port.readIssues([ref]);
      for (const [k, v] of more.issues) input.issues.set(k, v);
    }
    return input.issues.get(key) ?? null;
  };

  for (const queued of input.comments) {
    const raw = commentOf(input.windows, queued);
    // Commands run as whoever GitHub says last wrote the comment (its editor, else its author),
    // whatever the webhook claimed; bots (ours included) never run commands.
    if (raw === null || raw.viewerDidAuthor || raw.authorType === "Bot") continue;
    const comment = { ...queued, login: actorOf(raw) };
    const on = parseRefKey(comment.on);
    const lines = parseCommands(raw.body, prefix, on ? { owner: on.owner, repo: on.repo } : ctxRepo);
    if (lines.length === 0) continue;
    const outcomes: Outcome[] = [];
    for (const line of lines) {
      const outcome = await runOne(line, comment);
      if (line.ok && whoFor(line.command) !== "anyone" && outcome.refused !== true) outcome.privileged = true;
      outcomes.push(outcome);
    }
    perComment.push({ comment, outcomes });
  }

  async function runOne(line: CommandLine, comment: CommandComment): Promise<Outcome> {
    const shown = codeSpan(line.line, 120);
    if (!line.ok) return { line: shown, text: `⚠️ ${line.problem}. Usage: ${codeSpan(line.usage, 200)}` };
    const cmd: ParsedCommand = line.command;
    const who = whoFor(cmd);
    if (who !== "anyone") {
      const verdict = await env.verdict(comment.login, who);
      if (!verdict.allowed) return { line: shown, text: `🚫 refused: ${escapeInline(verdict.reason, 200)}`, refused: true };
    }
    switch (cmd.verb) {
      case "help":
        // One command list per comment, however many times it asks.
        if (helped.has(comment.commentId)) return { line: shown, text: "↩️ the list is above" };
        helped.add(comment.commentId);
        return { line: shown, text: `\n\n${renderHelp(prefix)}` };
      case "coordinate":
        mutations.coordinate = true;
        return { line: shown, text: input.isCoordination ? "↩️ this issue already is a coordination issue" : "✅ this issue is now a coordination issue; the dashboard is below the description" };
      case "status":
        return { line: shown, text: null, later: (state) => `\n\n${renderStatus(state, { repo: ctxRepo, now: input.now })}` };
      case "context": {
        const target = cmd.issue ?? parseRefKey(comment.on);
        if (!target || (cmd.issue === null && comment.on === refKey(coordination))) {
          return { line: shown, text: `⚠️ name the issue: \`${commandText(prefix, "context")} #N\` (on a tracked issue, \`${commandText(prefix, "context")}\` alone gives its own)` };
        }
        const key = refKey(target);
        return { line: shown, text: null, later: (state) => `\n\n${renderContext(contextFacts(state, key, input.now), key, { repo: ctxRepo, now: input.now })}` };
      }
      case "refresh":
        mutations.refresh = true;
        return { line: shown, text: "✅ the dashboard is rebuilt from GitHub" };
      case "gate": {
        const title = `Gate: ${cmd.name}`;
        const existing = [...input.issues.values()].find((i) => i && i.title === title && i.labels.some((l) => l.toLowerCase() === config.labels.gate.toLowerCase()));
        if (existing) return { line: shown, text: `↩️ the gate already exists: ${short({ owner: coordination.owner, repo: coordination.repo, number: existing.number })}` };
        // Created at most once per command line: a retried or redelivered run finds it by its marker.
        const marker = gateOriginMarker(comment.commentId, cmd.name);
        const found = await port.findIssueByMarker(coordination.owner, coordination.repo, config.labels.gate, marker);
        let number = found;
        if (number === null) {
          env.spend();
          number = (
            await port.createIssue(coordination.owner, coordination.repo, {
              title,
              body: `${renderGateBody(cmd.name, cmd.after, ctxRepo, config.labels.gateApproved)}${marker}\n`,
              labels: [config.labels.gate],
            })
          ).number;
        }
        const ref = { owner: coordination.owner, repo: coordination.repo, number };
        mutations.before = addToTrackedList(mutations.before, [short(ref)]);
        mutations.edits.push({ add: [short(ref)] });
        mutations.mentioned.push(refKey(ref));
        return { line: shown, text: `✅ gate ${short(ref)} created with ${cmd.after.length} criteria; an approver adds ${codeSpan(config.labels.gateApproved, 50)} to decide` };
      }
      case "nogo": {
        const gate = input.issues.get(comment.on);
        if (!gate || !gate.labels.some((l) => l.toLowerCase() === config.labels.gate.toLowerCase())) {
          return { line: shown, text: `⚠️ \`${commandText(prefix, "nogo")}\` belongs on a gate issue (labelled ${codeSpan(config.labels.gate, 50)})` };
        }
        mutations.nogo.push({ gate: comment.on, login: comment.login, reason: cmd.reason });
        return { line: shown, text: "❌ NO-GO recorded on this gate" };
      }
      case "synthesize":
        mutations.synthesize = true;
        return { line: shown, text: "✅ today's Team Status is posted (or updated) on the coordination issue" };
      case "track": {
        const fresh = cmd.issues.filter((r) => !input.tracked.has(refKey(r)) && !mutations.mentioned.includes(refKey(r)) && refKey(r) !== refKey(coordination));
        if (fresh.length === 0) return { line: shown, text: "↩️ already tracked" };
        mutations.before = addToTrackedList(mutations.before, fresh.map(short));
        mutations.edits.push({ add: fresh.map(short) });
        mutations.mentioned.push(...fresh.map(refKey));
        return { line: shown, text: `✅ now tracking ${fresh.map(short).join(", ")}` };
      }
      case "untrack": {
        const { text, removed } = removeFromTrackedList(mutations.before, cmd.issues.map(short));
        mutations.before = text;
        if (removed.length > 0) mutations.edits.push({ remove: removed });
        const still = cmd.issues.map(short).filter((r) => !removed.includes(r));
        const parts: string[] = [];
        if (removed.length > 0) parts.push(`✅ removed ${removed.join(", ")} from the Tracked list`);
        if (still.length > 0) parts.push(`↩️ ${still.join(", ")} ${still.length === 1 ? "is" : "are"} not in the Tracked list (named elsewhere in the description, a sub-issue, a report's issue or a blocker: remove it there)`);
        return { line: shown, text: parts.join("; ") };
      }
      case "depends":
      case "undepends": {
        const results: string[] = [];
        for (const { dependent, blocker } of cmd.pairs) {
          results.push(cmd.verb === "depends" ? await addDependency(dependent, blocker, comment.login) : await removeDependency(dependent, blocker, comment.login));
        }
        return { line: shown, text: results.join("; "), ...(results.every((r) => r.startsWith("🚫")) ? { refused: true } : {}) };
      }
      case "assign": {
        const refused = await refusedIn(cmd.issue, comment.login, "triage", "assigning");
        if (refused) return { line: shown, text: refused, refused: true };
        const issue = await readIssue(cmd.issue);
        if (!issue) return { line: shown, text: `⚠️ ${short(cmd.issue)} cannot be read` };
        mutations.mentioned.push(refKey(cmd.issue));
        if (cmd.assignee.kind === "user") {
          const login = cmd.assignee.login;
          if (issue.assignees.some((a) => a.toLowerCase() === login.toLowerCase())) return { line: shown, text: `↩️ ${short(cmd.issue)} is already assigned to ${codeSpan(login, 100)}` };
          env.spend();
          await port.addAssignees(cmd.issue, [login]);
          issue.assignees.push(login);
          return { line: shown, text: `✅ ${short(cmd.issue)} assigned to ${codeSpan(login, 100)}` };
        }
        const label = `worker:${cmd.assignee.id}`;
        const others = issue.labels.filter((l) => l.toLowerCase().startsWith("worker:") && l.toLowerCase() !== label.toLowerCase());
        if (issue.labels.some((l) => l.toLowerCase() === label.toLowerCase()) && others.length === 0) return { line: shown, text: `↩️ ${short(cmd.issue)} is already assigned to worker ${codeSpan(cmd.assignee.id, 60)}` };
        for (const old of others) {
          env.spend();
          await port.removeLabel(cmd.issue, old);
        }
        env.spend();
        await port.addLabels(cmd.issue, [label]);
        issue.labels = [...issue.labels.filter((l) => !others.includes(l)), label];
        return { line: shown, text: `✅ ${short(cmd.issue)} assigned to worker ${codeSpan(cmd.assignee.id, 60)} (label ${codeSpan(label, 70)})` };
      }
      case "unassign": {
        const refused = await refusedIn(cmd.issue, comment.login, "triage", "unassigning");
        if (refused) return { line: shown, text: refused, refused: true };
        const issue = await readIssue(cmd.issue);
        if (!issue) return { line: shown, text: `⚠️ ${short(cmd.issue)} cannot be read` };
        const workers = issue.labels.filter((l) => l.toLowerCase().startsWith("worker:"));
        if (issue.assignees.length === 0 && workers.length === 0) return { line: shown, text: `↩️ ${short(cmd.issue)} has nobody assigned` };
        if (issue.assignees.length > 0) {
          env.spend();
          await port.removeAssignees(cmd.issue, issue.assignees);
        }
        for (const label of workers) {
          env.spend();
          await port.removeLabel(cmd.issue, label);
        }
        issue.assignees = [];
        issue.labels = issue.labels.filter((l) => !workers.includes(l));
        return { line: shown, text: `✅ ${short(cmd.issue)} unassigned` };
      }
      case "escalate": {
        const refused = await refusedIn(cmd.issue, comment.login, "triage", "labelling an issue urgent");
        if (refused) return { line: shown, text: refused, refused: true };
        const issue = await readIssue(cmd.issue);
        if (!issue) return { line: shown, text: `⚠️ ${short(cmd.issue)} cannot be read` };
        const key = refKey(cmd.issue);
        mutations.mentioned.push(key);
        mutations.urgent.push({ ref: key, on: comment.on, commentId: comment.commentId, url: "", author: comment.login, at: input.now.toISOString(), summary: cmd.reason.slice(0, 200) });
        if (!issue.labels.some((l) => l.toLowerCase() === config.labels.urgent.toLowerCase())) {
          env.spend();
          await port.addLabels(cmd.issue, [config.labels.urgent]);
          issue.labels.push(config.labels.urgent);
        }
        return { line: shown, text: `🚨 ${short(cmd.issue)} is urgent${orchestratorMentions(config)}` };
      }
      case "escalate-clear": {
        const refused = await refusedIn(cmd.issue, comment.login, "triage", "removing the urgent label");
        if (refused) return { line: shown, text: refused, refused: true };
        const issue = await readIssue(cmd.issue);
        const key = refKey(cmd.issue);
        mutations.cleared.push(key);
        if (issue?.labels.some((l) => l.toLowerCase() === config.labels.urgent.toLowerCase())) {
          env.spend();
          await port.removeLabel(cmd.issue, config.labels.urgent);
          issue.labels = issue.labels.filter((l) => l.toLowerCase() !== config.labels.urgent.toLowerCase());
          return { line: shown, text: `✅ ${short(cmd.issue)} is no longer urgent` };
        }
        return { line: shown, text: `↩️ ${short(cmd.issue)} was not urgent` };
      }
      default:
        return { line: shown, text: null };
    }
  }

  async function addDependency(dependent: IssueRef, blocker: IssueRef, login: string): Promise<string> {
    const d = refKey(dependent);
    const b = refKey(blocker);
    const refused = (await refusedIn(dependent, login, "triage", "adding a dependency")) ?? (await refusedIn(blocker, login, "read", "naming a blocker"));
    if (refused) return refused;
    mutations.mentioned.push(d, b);
    if (input.edges.some((e) => e.from === b && e.to === d)) return `↩️ ${short(dependent)} already waits for ${short(blocker)}`;
    const target = await readIssue(dependent);
    const source = await readIssue(blocker);
    if (!target) return `⚠️ ${short(dependent)} cannot be read`;
    if (!source) return `⚠️ ${short(blocker)} cannot be read`;
    if (target.blockedBy.includes(b)) return `↩️ ${short(dependent)} already waits for ${short(blocker)}`;
    if (source.databaseId !== null) {
      try {
        env.spend();
        await port.addBlockedBy(dependent, source.databaseId);
        target.blockedBy.push(b);
        return `✅ ${short(dependent)} now waits for ${short(blocker)} (GitHub dependency)`;
      } catch (error) {
        // Dependencies GitHub will not hold (another organisation, the 50-per-issue limit, the
        // feature off on this server) fall back to a line in the body, which the graph reads too.
        const status = (error as { status?: number }).status;
        if (status === undefined || ![403, 404, 410, 422].includes(status)) throw error;
      }
    }
    const line = `Depends on ${formatRef(blocker, { owner: dependent.owner, repo: dependent.repo })}`;
    if (!target.body.split("\n").some((l) => l.trim() === line)) {
      // Editing someone's description is a write: GitHub asks write permission of a person for it.
      const noEdit = await refusedIn(dependent, login, "write", "editing the description");
      if (noEdit) return noEdit;
      const body = appendLine(target.body, line);
      env.spend();
      target.body = await port.updateIssueBody(dependent, body);
    }
    return `✅ ${short(dependent)} now waits for ${short(blocker)} (a \`Depends on\` line in its description)`;
  }

  async function removeDependency(dependent: IssueRef, blocker: IssueRef, login: string): Promise<string> {
    const d = refKey(dependent);
    const b = refKey(blocker);
    const refused = await refusedIn(dependent, login, "triage", "removing a dependency");
    if (refused) return refused;
    const target = await readIssue(dependent);
    const source = await readIssue(blocker);
    if (!target) return `⚠️ ${short(dependent)} cannot be read`;
    let removed = false;
    if (target.blockedBy.includes(b) && source?.databaseId) {
      env.spend();
      await port.removeBlockedBy(dependent, source.databaseId);
      target.blockedBy = target.blockedBy.filter((x) => x !== b);
      removed = true;
    }
    const line = `Depends on ${formatRef(blocker, { owner: dependent.owner, repo: dependent.repo })}`;
    if (target.body.split("\n").some((l) => l.trim() === line)) {
      const noEdit = await refusedIn(dependent, login, "write", "editing the description");
      if (noEdit) return noEdit;
      const body = target.body
        .split("\n")
        .filter((l) => l.trim() !== line)
        .join("\n");
      env.spend();
      target.body = await port.updateIssueBody(dependent, body);
      removed = true;
    }
    if (removed) return `✅ ${short(dependent)} no longer waits for ${short(blocker)}`;
    const elsewhere = input.edges.find((e) => e.from === b && e.to === d);
    return elsewhere
      ? `↩️ ${short(dependent)} waits for ${short(blocker)} because of a ${elsewhere.source} edge: change it there`
      : `↩️ ${short(dependent)} did not wait for ${short(blocker)}`;
  }

  return {
    mutations,
    replies(state) {
      return perComment.map(({ comment, outcomes }) => {
        const marker = commandsMarker(comment.commentId);
        const rows = outcomes.map((o) => `- ${o.line}: ${o.later ? o.later(state) : (o.text ?? "")}`);
        const refused = outcomes.every((o) => o.refused === true);
        const lines = [marker, `**Coordinator** ran ${outcomes.length === 1 ? "1 command" : `${outcomes.length} commands`} (\`${commandText(prefix, "help")}\` lists them all):`, "", ...rows];
        if (refused) lines.push(refusalMarker(comment.login));
        const privileged = outcomes.some((o) => o.privileged === true);
        return { on: comment.on, marker, body: lines.join("\n"), login: comment.login, commentId: comment.commentId, privileged, ...(refused ? { refusal: { login: comment.login, commentId: comment.commentId } } : {}) };
      });
    },
  };
}

function whoFor(cmd: ParsedCommand): Who {
  switch (cmd.verb) {
    case "help":
    case "status":
    case "context":
      return "anyone";
    case "escalate":
      return "reporter";
    case "nogo":
      return "approver";
    default:
      return "orchestrator";
  }
}

/** Orchestrators to ping about an escalation: the configured logins and teams (the one place we mention on purpose). */
function orchestratorMentions(config: Config): string {
  const list = config.orchestrators.map((o) => (o.startsWith("@") ? o : `@${o}`));
  return list.length > 0 ? `; ${list.join(" ")} please take a look` : " (set `orchestrators` in the configuration to have them mentioned)";
}
