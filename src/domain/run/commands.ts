// The slash commands of a run (SPEC §4), planned: each command comment gets one reply listing the
// outcome of each of its commands; an edit re-runs it and updates that reply. Commands run in
// order as the person GitHub records as the comment's last writer; each sees the orchestrator's
// text and the issues as the commands before it left them. Pure: what a command lacks is asked
// for (the plan is made again once the run has read it).
import { applyTrackedEdits } from "../body-edit.js";
import { commandText, moduleFor, parseCommands, type CommandEnv, type CommandResult } from "../commands.js";
import { codeSpan, escapeInline, quoteLogin } from "../escape.js";
import { permissionVerdict } from "../permissions.js";
import { refusalMarker } from "../refusals.js";
import { parseRefKey, refKey } from "../refs.js";
import { actorOf, type CoordinationState, type IssueRef, type Permission, type RawComment, type RawIssue, type RefKey, type StateEdge, type StateUrgent } from "../types.js";
import { effectKey, type Effect } from "../effects.js";
import { homeOf, markerKey, type Needs, type RunFacts } from "./facts.js";
import { permissionIn, verdictOf, type Principals, type Role } from "./verdicts.js";
import type { TrackedEdit } from "../body-edit.js";

/** A command comment to run: which comment, on which issue (who wrote it is read from GitHub). */
export interface QueuedCommand {
  commentId: number;
  on: RefKey;
}

export interface CommandsInput {
  facts: RunFacts;
  needs: Needs;
  comments: readonly QueuedCommand[];
  prefix: string;
  principals: Principals;
  labels: { gate: string; gateApproved: string; urgent: string };
  isCoordination: boolean;
  /** The orchestrator's text before the commands. */
  text: string;
  tracked: ReadonlySet<RefKey>;
  edges: readonly StateEdge[];
  now: Date;
}

/** One command comment's reply, rendered once the run's final state is known. */
export interface CommandReply {
  on: RefKey;
  commentId: number;
  login: string;
  marker: string;
  /** Whether its author passed a permission check (orchestrator, reporter or approver) for one of them. */
  privileged: boolean;
  /** Set when every command of the comment was refused. */
  refusal?: { login: string; commentId: number };
  render(state: CoordinationState): string;
}

export interface CommandsPlan {
  /** The text after the commands' Tracked-list edits, and the edits themselves. */
  text: string;
  edits: TrackedEdit[];
  effects: Effect[];
  mentioned: RefKey[];
  urgent: StateUrgent[];
  cleared: RefKey[];
  refresh: boolean;
  coordinate: boolean;
  synthesize: boolean;
  nogo: Array<{ gate: RefKey; login: string; reason: string }>;
  replies: CommandReply[];
  /** Issues as the commands' writes will leave them: what the rest of the run shows. */
  projected: Map<RefKey, RawIssue>;
}

/** The marker of the reply to a command comment. Render and search use this one function. */
export function commandsMarker(commentId: number): string {
  return `<!-- coordinator:commands:${commentId} -->`;
}

const ROLE: Record<string, Role | null> = { anyone: null, orchestrator: "orchestrator", reporter: "reporter", approver: "approver" };

/** The plan of every queued command comment, or undefined while facts are still being read. */
export function planCommands(input: CommandsInput): CommandsPlan | undefined {
  const { facts, needs } = input;
  const home = homeOf(facts);
  const coordination = facts.coordination.ref;
  const projected = new Map<RefKey, RawIssue>();
  const plan: CommandsPlan = { text: input.text, edits: [], effects: [], mentioned: [], urgent: [], cleared: [], refresh: false, coordinate: false, synthesize: false, nogo: [], replies: [], projected };
  const tracked = new Set(input.tracked);
  let pending = false;

  const issueOf = (ref: IssueRef): RawIssue | null | undefined => {
    const key = refKey(ref);
    const seen = projected.get(key);
    if (seen) return seen;
    if (!facts.issues.has(key)) {
      needs.read(key);
      return undefined;
    }
    return facts.issues.get(key) ?? null;
  };

  for (const queued of input.comments) {
    const raw = findComment(facts, queued);
    // Commands run as whoever GitHub says last wrote the comment (its editor, else its author);
    // bots (ours included) never run commands.
    if (raw === null || raw.viewerDidAuthor || raw.authorType === "Bot") continue;
    const login = actorOf(raw);
    const onRef = parseRefKey(queued.on);
    const lines = parseCommands(raw.body, input.prefix, onRef ? { owner: onRef.owner, repo: onRef.repo } : home);
    if (lines.length === 0) continue;
    const asked = new Map<string, Permission>();
    const env: CommandEnv = {
      prefix: input.prefix,
      home,
      coordination,
      comment: { id: queued.commentId, on: queued.on, login },
      isCoordination: input.isCoordination,
      labels: input.labels,
      orchestrators: input.principals.orchestrators,
      now: input.now,
      tracked,
      edges: input.edges,
      text: plan.text,
      issue: issueOf,
      findIssue: (test) => [...projected.values(), ...facts.issues.values()].find((i): i is RawIssue => i !== null && test(i)),
      refusedIn(ref, minimum, what) {
        if (ref.owner.toLowerCase() === home.owner && ref.repo.toLowerCase() === home.repo) return null;
        const key = `${ref.owner}/${ref.repo}`.toLowerCase();
        const permission = asked.get(key) ?? permissionIn(ref.owner, ref.repo, login, facts, needs);
        if (permission === undefined) return undefined;
        asked.set(key, permission);
        if (permissionVerdict(permission, minimum).allowed) return null;
        const has = permission === "none" ? "has no access there" : `has ${permission} permission there`;
        return `🚫 refused: ${what} in ${codeSpan(`${ref.owner}/${ref.repo}`, 140)} needs ${minimum} permission or higher, and ${quoteLogin(login)} ${has}`;
      },
      findByMarker(owner, repo, label, marker) {
        const key = markerKey(owner, repo, label, marker);
        if (!facts.markers.has(key)) {
          needs.markers.set(key, { owner, repo, label, marker });
          return undefined;
        }
        return facts.markers.get(key) ?? null;
      },
      outcome(effect) {
        const out = facts.outcomes.get(effectKey(effect));
        if (out === undefined) needs.effects.push(effect);
        return out;
      },
      written: (effect) => facts.outcomes.get(effectKey(effect)),
    };

    const outcomes: Array<{ line: string; text: string | ((s: CoordinationState) => string); refused: boolean; privileged: boolean }> = [];
    let helped = false;
    for (const line of lines) {
      const shown = codeSpan(line.line, 120);
      if (!line.ok) {
        outcomes.push({ line: shown, text: `⚠️ ${line.problem}. Usage: ${codeSpan(line.usage, 200)}`, refused: false, privileged: false });
        continue;
      }
      const module = moduleFor(line.verb);
      if (!module) continue;
      const role = ROLE[module.spec.who] ?? null;
      if (role !== null) {
        const verdict = verdictOf(login, role, input.principals, facts, needs);
        if (verdict === undefined) {
          pending = true;
          continue;
        }
        if (!verdict.allowed) {
          outcomes.push({ line: shown, text: `🚫 refused: ${escapeInline(verdict.reason, 200)}`, refused: true, privileged: false });
          continue;
        }
      }
      // One command list per comment, however many times it asks.
      if (line.command.verb === "help" && helped) {
        outcomes.push({ line: shown, text: "↩️ the list is above", refused: false, privileged: false });
        continue;
      }
      helped ||= line.command.verb === "help";
      const result = module.plan(line.command, { ...env, text: plan.text });
      if (result === undefined) {
        pending = true;
        continue;
      }
      absorb(plan, result, projected, facts, tracked);
      outcomes.push({ line: shown, text: result.reply, refused: result.refused === true, privileged: role !== null && result.refused !== true });
    }
    const marker = commandsMarker(queued.commentId);
    const refused = outcomes.length > 0 && outcomes.every((o) => o.refused);
    plan.replies.push({
      on: queued.on,
      commentId: queued.commentId,
      login,
      marker,
      privileged: outcomes.some((o) => o.privileged),
      ...(refused ? { refusal: { login, commentId: queued.commentId } } : {}),
      render(state) {
        const rows = outcomes.map((o) => `- ${o.line}: ${typeof o.text === "function" ? o.text(state) : o.text}`);
        const count = outcomes.length === 1 ? "1 command" : `${outcomes.length} commands`;
        const lines = [marker, `**Coordinator** ran ${count} (\`${commandText(input.prefix, "help")}\` lists them all):`, "", ...rows];
        if (refused) lines.push(refusalMarker(login));
        return lines.join("\n");
      },
    });
  }
  return pending ? undefined : plan;
}

function findComment(facts: RunFacts, queued: QueuedCommand): RawComment | null {
  return facts.windows.get(queued.on)?.comments.find((c) => c.id === queued.commentId) ?? null;
}

/** Folds one command's result into the plan, and its writes into the issues later commands see. */
function absorb(plan: CommandsPlan, result: CommandResult, projected: Map<RefKey, RawIssue>, facts: RunFacts, tracked: Set<RefKey>): void {
  if (result.edits && result.edits.length > 0) {
    plan.text = applyTrackedEdits(plan.text, result.edits);
    plan.edits.push(...result.edits);
    for (const edit of result.edits) if ("add" in edit) for (const r of result.mention ?? []) tracked.add(r);
  }
  plan.mentioned.push(...(result.mention ?? []));
  plan.urgent.push(...(result.urgent ?? []));
  plan.cleared.push(...(result.clear ?? []));
  plan.refresh ||= result.refresh === true;
  plan.coordinate ||= result.coordinate === true;
  plan.synthesize ||= result.synthesize === true;
  if (result.nogo) plan.nogo.push(result.nogo);
  for (const effect of result.effects ?? []) {
    plan.effects.push(effect);
    if (!("on" in effect)) continue;
    const base = projected.get(effect.on) ?? facts.issues.get(effect.on);
    if (!base) continue;
    const issue: RawIssue = { ...base, labels: [...base.labels], assignees: [...base.assignees], blockedBy: [...base.blockedBy] };
    if (effect.kind === "labels") issue.labels = [...issue.labels.filter((l) => !effect.remove.includes(l)), ...effect.add.filter((l) => !issue.labels.includes(l))];
    if (effect.kind === "assignees") issue.assignees = [...issue.assignees.filter((a) => !effect.remove.includes(a)), ...effect.add];
    if (effect.kind === "blocked-by") issue.blockedBy = effect.present ? [...issue.blockedBy, effect.blocker] : issue.blockedBy.filter((b) => b !== effect.blocker);
    if (effect.kind === "issue-body") issue.body = effect.body;
    projected.set(effect.on, issue);
  }
}
