// Routing: which coordination issues an event concerns, and what each must take into account.
import type { Config } from "../config-schema.js";
import { splitBody, parseState } from "../domain/dashboard.js";
import { parseCommands } from "../domain/commands.js";
import { parseComment } from "../domain/report.js";
import { refKey } from "../domain/refs.js";
import { trackedRefs } from "../domain/tracking.js";
import type { RepoEvent } from "../handlers/normalize.js";
import { emptyCoordinationWork, type CoordinationWork } from "./queued-work.js";

/** Whether an event may have been caused by an app, so that asking who we are is worth it. */
export function mayBeOwnEvent(event: RepoEvent): boolean {
  return event.sender.type === "Bot" || event.comment?.authorType === "Bot" || (event.comment?.viaApp ?? null) !== null;
}

/**
 * Events Coordinator caused itself come back as webhooks; they must cause nothing. They are
 * recognised by GitHub's record of who acted (the app that wrote a comment, the sender of a
 * change), never by their text: anyone can write our markers.
 */
export function isOwnEvent(event: RepoEvent, self: { id: number; login: string }): boolean {
  const us = (login: string) => login.toLowerCase() === self.login.toLowerCase();
  if (event.comment) return event.comment.viaApp === self.id || us(event.comment.author);
  return us(event.sender.login);
}

/** Whether the event's issue is itself a coordination issue (by label). */
export function isCoordinationEvent(event: RepoEvent, config: Config): boolean {
  return event.issue !== null && event.issue.labels.includes(config.coordinationLabel);
}

/** Does a coordination (by its body) track the event's issue, or for a link event either end? */
export function tracks(body: string, coordinationNumber: number, event: RepoEvent): boolean {
  const keys = [event.issue, event.name.startsWith("issue_dependencies.") || event.name.startsWith("sub_issues.") ? event.parent : null]
    .filter((i): i is NonNullable<typeof i> => i !== null)
    .map((i) => refKey({ owner: event.owner, repo: event.repo, number: i.number }));
  const state = parseState(body);
  if (state?.issues.some((i) => keys.includes(i.ref))) return true;
  const { before, after } = splitBody(body);
  const coordination = { owner: event.owner, repo: event.repo, number: coordinationNumber };
  const tracked = trackedRefs({ coordination, orchestratorText: `${before}\n\n${after}`, subIssues: [], reports: [], edges: [] });
  return keys.some((k) => tracked.includes(k));
}

/** Work for the coordination issue the event is on (comments, edits, labels, `/coordinate`). */
export function workOnCoordination(event: RepoEvent, config: Config): CoordinationWork | null {
  const issue = event.issue;
  if (!issue) return null;
  const work = emptyCoordinationWork(event.installationId, event.owner, event.repo, issue.number);
  work.hintBody = issue.body;
  work.deliveries = [event.delivery];
  const c = event.comment;
  if (c && event.name === "issue_comment.deleted") work.deleted = [c.id];
  else if (c) {
    work.changed = [c.id];
    // Whoever caused the change answers for it: the sender, which for an edit is the editor.
    if (parseComment(c.body, { owner: event.owner, repo: event.repo }).kind !== "none") work.authors = [event.sender.login];
    if (hasCommands(event, config)) work.commands = [{ commentId: c.id, on: refKey({ owner: event.owner, repo: event.repo, number: issue.number }), login: event.sender.login }];
  }
  if (event.name === "issues.labeled" && event.label === config.coordinationLabel) work.setup = true;
  if (event.name === "issues.opened") work.setup = true;
  return work;
}

/** Whether a (non-deleted) comment by a person holds slash commands. Bots never run commands. */
export function hasCommands(event: RepoEvent, config: Config, verb?: string): boolean {
  const c = event.comment;
  if (!c || event.name === "issue_comment.deleted" || c.authorType === "Bot" || event.sender.type === "Bot") return false;
  const lines = parseCommands(c.body, config.commandPrefix, { owner: event.owner, repo: event.repo });
  return verb === undefined ? lines.length > 0 : lines.some((l) => l.verb === verb);
}

/** `/coordinate` on an issue that is not (yet) a coordination: work that makes it one, if allowed. */
export function coordinateCommand(event: RepoEvent, config: Config): CoordinationWork | null {
  if (!event.issue || !hasCommands(event, config, "coordinate")) return null;
  return workOnCoordination(event, config);
}

/** Whether an event on an ordinary issue can change a coordination that tracks it. */
export function mattersToTracker(event: RepoEvent, config?: Config): boolean {
  if (!event.issue) return false;
  if (event.comment) {
    if (event.name === "issue_comment.deleted") return true;
    if (config && hasCommands(event, config)) return true;
    return parseComment(event.comment.body, { owner: event.owner, repo: event.repo }).kind !== "none";
  }
  if (event.name.startsWith("issue_dependencies.") || event.name.startsWith("sub_issues.")) return true;
  // `blocked` and `ready` are Coordinator's output, not its input (statuses come from the graph):
  // their changes — most of them Coordinator's own — change nothing and cost no run.
  if ((event.name === "issues.labeled" || event.name === "issues.unlabeled") && config && event.label) {
    const label = event.label.toLowerCase();
    if (label === config.labels.blocked.toLowerCase() || label === config.labels.ready.toLowerCase()) return false;
  }
  return [
    "issues.closed",
    "issues.reopened",
    "issues.edited",
    "issues.labeled",
    "issues.unlabeled",
    "issues.assigned",
    "issues.unassigned",
    "issues.deleted",
    "issues.transferred",
  ].includes(event.name);
}

/** Work for a coordination that tracks the event's (ordinary) issue. */
export function workForTracker(event: RepoEvent, coordination: { number: number; body: string }, config?: Config): CoordinationWork {
  const work = emptyCoordinationWork(event.installationId, event.owner, event.repo, coordination.number);
  work.hintBody = coordination.body;
  work.deliveries = [event.delivery];
  const issue = event.issue;
  const c = event.comment;
  if (issue && c) {
    work.touched = [refKey({ owner: event.owner, repo: event.repo, number: issue.number })];
    if (event.name === "issue_comment.deleted") work.deleted = [c.id];
    else {
      work.changed = [c.id];
      work.authors = [event.sender.login];
      if (config && hasCommands(event, config)) work.commands = [{ commentId: c.id, on: work.touched[0] ?? "", login: event.sender.login }];
    }
  }
  const gateLabels = config ? [config.labels.gate, config.labels.gateApproved, config.labels.gateRejected].map((l) => l.toLowerCase()) : [];
  if (issue && event.label && gateLabels.includes(event.label.toLowerCase()) && (event.name === "issues.labeled" || event.name === "issues.unlabeled")) {
    // The run decides from GitHub's record (who added the label), read with the gate in the first request.
    work.gates = [refKey({ owner: event.owner, repo: event.repo, number: issue.number })];
    work.labellers = [event.sender.login];
  }
  return work;
}
