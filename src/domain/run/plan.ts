// One run for one coordination issue, planned (docs/architecture.md): from what was read (facts),
// either what must still be read — or written first because the rest depends on its outcome — or
// the effects to write. Pure: the shell reads, writes early effects, plans again, and applies.
import type { TrackedEdit } from "../body-edit.js";
import { splitBody } from "../dashboard.js";
import { authorsToCheck, ingest, parseWindows, planReplies, type Ingested, type ReplyEffect } from "../report-intake.js";
import { orchestratorMentions } from "../mentions.js";
import { planNotifications } from "../notify.js";
import { meets } from "../permissions.js";
import { writableFrom } from "../reach.js";
import type { RepoContext } from "../refs.js";
import { boundRefusals } from "../refusals.js";
import type { Sealer } from "../seal.js";
import { previousState, strayParts } from "../state-parts.js";
import { buildState, emptyState, type StateConfig } from "../state.js";
import { localDate } from "../calendar.js";
import type { SynthesisThresholds } from "../go-no-go.js";
import { renderSynthesis } from "../synthesis.js";
import { locateSyntheses, parseSynthesisMarker } from "../synthesis-marker.js";
import { graphEdges, trackedRefs } from "../tracking.js";
import { actorOf, type CommentWindow, type CoordinationState, type ParsedComment, type RawComment, type RawIssue, type RefKey, type StateUrgent } from "../types.js";
import { planCommands, type CommandsPlan, type QueuedCommand } from "./commands.js";
import type { Effect, LabelSpec } from "../effects.js";
import { homeOf, Needs, type RunFacts } from "./facts.js";
import { planGates, recordedApprovals } from "./gates.js";
import { listedOnly, verdictOf, type Principals } from "./verdicts.js";

/** Comments read per tracked issue by `/refresh`. */
export const COMMENT_WINDOW_ALL = 100;
/** Comments read on a newly unblocked issue to find an earlier notification. */
export const WATCH_COMMENTS = 30;
/** Rounds of reads for blockers of blockers; deeper chains wait for the next run. */
export const GRAPH_ROUNDS = 3;

/** The configuration a run reads (the shape of `.github/coordinator.yml`, see src/config.ts). */
export interface RunConfig extends Principals {
  coordinationLabel: string;
  commandPrefix: string;
  doneWhen: "closed" | "reported";
  labels: { blocked: string; ready: string; inProgress: string; urgent: string; gate: string; gateApproved: string; gateRejected: string };
  synthesis: { timezone: string; staleAfterHours: number; goNoGo: SynthesisThresholds };
  notifications: { summaryAbove: number };
}

/** What the queued work asks of the run (src/app/queued-work.ts). */
export interface RunWork {
  /** Comment ids created or edited: judged now, and owed a reply. */
  changed: readonly number[];
  deleted: readonly number[];
  commands: readonly QueuedCommand[];
  /** The coordination was just created: ensure the labels exist. */
  setup: boolean;
  /** Post (or update) today's Team Status. */
  synthesize: boolean;
  /** An orchestrator's edit one of our writes overwrote: put back if the text is still ours. */
  restore: { before: string; after: string; expected: string } | null;
}

export interface PlanOptions {
  config: RunConfig;
  now: Date;
  /** Checks the seal of the last state block. */
  seal: Sealer;
  /** The labels the app uses, with colours, created where missing. */
  labelSpecs: readonly LabelSpec[];
  /** The notice for an invalid configuration (one per distinct set of problems), if any. */
  configNotice: { marker: string; body: string } | null;
  /** Parses a comment (the shell memoises it across runs). */
  parse?: (comment: RawComment, context: RepoContext) => ParsedComment;
  /** A digest of the orchestrator's text (what `restore.expected` is). */
  textDigest: (before: string, after: string) => string;
}

export interface RunSummary {
  skipped?: string;
  replies: number;
  notifications: number;
  /** Issues told they are unblocked (one notice each, or named in a summary). */
  unblocked?: number;
  labelChanges: number;
  synthesized: boolean;
  tracked: number;
  reports: number;
}

export type RunPlan =
  /** Read (or write early) what `needs` lists, then plan again; `graph`: the reads are for blockers of blockers. */
  | { kind: "needs"; needs: Needs; graph: boolean }
  | { kind: "done"; effects: Effect[]; summary: RunSummary };

/**
 * The plan of one run. `graphRounds` is how many rounds of reads for blockers of blockers were
 * made already: at `GRAPH_ROUNDS` the plan stops asking and deeper chains wait for the next run.
 */
export function planRun(facts: RunFacts, work: RunWork, options: PlanOptions, graphRounds = 0): RunPlan {
  const { config, now } = options;
  const needs = new Needs();
  const home = homeOf(facts);
  const coordKey = facts.coordination.ref;
  const coordination = { ...home, number: facts.coordination.number };
  const windows = () => [...facts.windows.values()];
  const isCoordination = facts.coordination.labels.includes(config.coordinationLabel);
  const onGitHub = splitBody(facts.coordination.body);
  // Repairing an edit one of our writes overwrote (see Coordinator): that edit is the
  // orchestrator's text from here on, unless a person has edited the text again since.
  const restored = work.restore !== null && work.restore.expected === options.textDigest(onGitHub.before, onGitHub.after) ? work.restore : null;
  const before = restored?.before ?? onGitHub.before;
  const after = restored?.after ?? onGitHub.after;
  // The last state block is the app's cache only when its seal shows the app wrote it for this
  // coordination (and so are the state comments it lists, read with it); an edited or unsealed
  // block or comment is ignored and everything is judged again.
  const last = previousState(facts.coordination.body, coordKey, options.seal, facts.parts);
  if (last.unread.length > 0) {
    for (const node of last.unread) needs.parts.add(node);
    return { kind: "needs", needs, graph: false };
  }
  const previous = last.state;
  const changed = new Set(work.changed);

  // 1. Reports (whose authors may have to be asked about), then the commands against the text and
  // the graph as read (their answers may need reads, or writes whose outcome they report).
  const ingested = ingestReports(facts, work, config, needs, previous, facts.refreshed, options.parse);
  if (!ingested) return { kind: "needs", needs, graph: false };
  const readText = `${before}\n\n${after}`;
  const graph0 = graphEdges({ coordination, orchestratorText: readText, issues: facts.issues, reports: ingested.reports });
  const tracked0 = trackedRefs({ coordination, orchestratorText: readText, subIssues: facts.subIssues, reports: ingested.reports, edges: graph0.edges });
  const commands = planCommands({
    facts,
    needs,
    comments: work.commands,
    prefix: config.commandPrefix,
    principals: config,
    labels: config.labels,
    isCoordination,
    text: before,
    tracked: new Set(tracked0),
    edges: graph0.edges,
    now,
  });
  if (!commands) return { kind: "needs", needs, graph: false };

  if (!isCoordination && !commands.coordinate) {
    // Only `/coordinate` brings a run to an ordinary issue; refused, it gets its reply and no more.
    const replies = commandReplies(commands, emptyState(coordKey, now.toISOString()), facts, config);
    const { effects } = replyEffects(replies, windows(), now);
    return { kind: "done", effects, summary: { skipped: "not a coordination issue", replies: replies.length, notifications: 0, labelChanges: 0, synthesized: false, tracked: 0, reports: 0 } };
  }

  const effects: Effect[] = [...commands.effects];
  if (!isCoordination || work.setup) {
    // Labels the app uses and the repository lacks are created, with colours and descriptions.
    const listed = facts.repoLabels.get(`${home.owner}/${home.repo}`);
    if (listed === undefined) {
      needs.labels.add(`${home.owner}/${home.repo}`);
      return { kind: "needs", needs, graph: false };
    }
    const present = new Set(listed.map((l) => l.toLowerCase()));
    const missing = options.labelSpecs.filter((s) => !present.has(s.name.toLowerCase()));
    if (missing.length > 0) effects.push({ kind: "create-labels", owner: home.owner, repo: home.repo, labels: missing });
  }
  if (!isCoordination) effects.push({ kind: "labels", on: coordKey, add: [config.coordinationLabel], remove: [] });

  // 2. `/refresh`: the latest comments of every tracked issue, and reports rebuilt without the cache.
  if (commands.refresh && !facts.refreshed) {
    needs.refresh = true;
    for (const ref of tracked0) needs.read(ref, COMMENT_WINDOW_ALL);
    return { kind: "needs", needs, graph: false };
  }

  // 3. What is tracked, and the graph, with the commands' text and their writes: read what is not
  // known yet, until the blockers of every tracked issue are known (a few rounds; usually none).
  const issues = new Map(facts.issues);
  for (const [k, v] of commands.projected) issues.set(k, v);
  const text = `${commands.text}\n\n${after}`;
  const graph = graphEdges({ coordination, orchestratorText: text, issues, reports: ingested.reports });
  const tracked = trackedRefs({ coordination, orchestratorText: text, subIssues: facts.subIssues, reports: ingested.reports, edges: graph.edges });
  if (graphRounds < GRAPH_ROUNDS) {
    const missing = [...new Set([...tracked, ...commands.mentioned.filter((k) => k !== coordKey)])].filter((k) => !issues.has(k));
    if (missing.length > 0) {
      for (const ref of missing) needs.read(ref);
      return { kind: "needs", needs, graph: true };
    }
  }

  // 4. Urgent items: the `urgent` label is the record. A new 🚨 URGENT comment sets it (and pings
  // the orchestrators once, in its reply); `/escalate clear` or removing the label clears it.
  const urgentLabel = config.labels.urgent.toLowerCase();
  const labelsOf = (ref: RefKey) => (ref === coordKey ? facts.coordination.labels : (issues.get(ref)?.labels ?? []));
  // Writes nobody asked for by command reach other repositories only where their issues link back.
  const writable = (ref: RefKey) => ref === coordKey || writableFrom(issues.get(ref), home);
  const urgentReplies: ReplyEffect[] = [];
  const labelled = new Set<RefKey>();
  for (const u of ingested.urgent) {
    if (!changed.has(u.commentId) || commands.cleared.includes(u.ref)) continue;
    if (writable(u.ref) && !labelsOf(u.ref).some((l) => l.toLowerCase() === urgentLabel) && !labelled.has(u.ref)) {
      effects.push({ kind: "labels", on: u.ref, add: [config.labels.urgent], remove: [] });
      labelled.add(u.ref);
    }
    const marker = urgentMarker(u.commentId);
    if (!urgentReplies.some((r) => r.marker === marker)) {
      urgentReplies.push({ on: u.on, existingId: null, marker, body: `${marker}\n🚨 Marked urgent on the coordination dashboard${orchestratorMentions(config.orchestrators)}.` });
    }
  }
  const urgent = urgentItems({
    candidates: [...(previous?.urgent ?? []), ...ingested.urgent, ...commands.urgent],
    refs: [coordKey, ...tracked],
    labelled: (ref) => !commands.cleared.includes(ref) && (labelled.has(ref) || commands.urgent.some((u) => u.ref === ref) || labelsOf(ref).some((l) => l.toLowerCase() === urgentLabel)),
    now,
  });

  // 5. State, gates and dashboard. Gates read the issues' statuses, and approvals change what is
  // done: decide them on a first state, then build the state the dashboard shows.
  const ownComments = (facts.windows.get(coordKey)?.comments ?? []).filter((c) => c.viewerDidAuthor);
  const syntheses = locateSyntheses(ownComments, localDate(now, config.synthesis.timezone));
  const synthesize = work.synthesize || commands.synthesize;
  const lastSynthesisAt = synthesize ? now.toISOString() : (latestSynthesisAt(ownComments) ?? previous?.lastSynthesisAt);
  const stateConfig: StateConfig = { doneWhen: config.doneWhen, staleAfterHours: config.synthesis.staleAfterHours, labels: config.labels, thresholds: config.synthesis.goNoGo };
  const trackedIssues = tracked.map((k): [RefKey, RawIssue | null] => [k, issues.get(k) ?? null]);
  const stateInput = { coordination: coordKey, tracked: trackedIssues, edges: graph.edges, estimates: graph.estimates, reports: ingested.reports, urgent, config: stateConfig, now, lastSynthesisAt };
  const previousGates = previous?.gates ?? [];
  const gates = planGates({
    facts,
    needs,
    issues,
    state: buildState({ ...stateInput, approvedGates: recordedApprovals(previousGates, issues, config.labels.gateApproved) }),
    tracked,
    nogo: commands.nogo,
    previous: previousGates,
    labels: config.labels,
    now,
    home,
    approver: (login) => verdictOf(login, "approver", config, facts, needs),
    writable,
  });
  if (!gates) return { kind: "needs", needs, graph: false };
  effects.push(...gates.effects);
  const state = buildState({ ...stateInput, gates: gates.entries, approvedGates: gates.approved });
  const textChanged = commands.text !== onGitHub.before || after !== onGitHub.after;
  const stray = strayParts(facts.windows.get(coordKey)?.comments ?? [], facts.coordination.body, coordKey, options.seal);
  if (onGitHub.dashboard === null || previous?.fingerprint !== state.fingerprint || textChanged || commands.refresh || stray.length > 0) {
    // First: right after the read, the window in which an orchestrator's edit could be overwritten
    // is shortest (the applier reads the body again only when other requests came between).
    effects.unshift({
      kind: "dashboard",
      on: coordKey,
      before: commands.text,
      after,
      state,
      force: commands.refresh || textChanged,
      edits: commands.edits as TrackedEdit[],
      ...(last.reusable.length > 0 ? { parts: last.reusable } : {}),
      ...(stray.length > 0 ? { stray } : {}),
    });
  }

  // 6. Unblock notifications and the blocked/ready labels that record each transition on GitHub.
  const notices = planNotifications({
    state,
    issues,
    labels: { blocked: config.labels.blocked, ready: config.labels.ready },
    windows: windows(),
    repo: home,
    wasBlocked: new Set((previous?.issues ?? []).filter((i) => i.blockedBy.length > 0).map((i) => i.ref)),
    summaryAbove: config.notifications.summaryAbove,
    orchestrators: config.orchestrators,
  });
  const unread = notices.unread.filter((ref) => !facts.windows.has(ref));
  if (unread.length > 0) {
    // Issues that just became unblocked but whose comments were not read: look for an earlier notice.
    for (const ref of unread) needs.read(ref, WATCH_COMMENTS);
    return { kind: "needs", needs, graph: false };
  }
  const notifications = notices.notifications.filter((n) => writable(n.on));
  const labelChanges = notices.labels.filter((l) => writable(l.ref));
  for (const n of notifications) effects.push({ kind: "comment", on: n.on, marker: n.marker, body: n.body, update: false });

  // 7. Today's Team Status: one comment per calendar day in the configured zone, found by its marker.
  if (synthesize) {
    // When each tracked issue closed: an issue closed since the previous synthesis without a
    // Complete report is listed as completed too, as the progress line counts it.
    const closedAt = new Map(tracked.map((k) => [k, issues.get(k)?.closedAt ?? null]));
    const body = renderSynthesis({
      state,
      now,
      timeZone: config.synthesis.timezone,
      staleAfterHours: config.synthesis.staleAfterHours,
      previousAt: syntheses.previousAt,
      closedAt,
      thresholds: config.synthesis.goNoGo,
      repo: home,
    });
    const marker = body.split("\n")[0] ?? "";
    effects.push({ kind: "comment", on: coordKey, marker, body, update: true, ...(syntheses.todayId !== null ? { existing: syntheses.todayId } : {}) });
  }

  // 8. Replies owed (commands, urgent, malformed / fixed / unauthorised reports), and the config notice.
  const replies: ReplyEffect[] = [...commandReplies(commands, state, facts, config), ...urgentReplies, ...planReplies(ingested.judged, windows(), changed)];
  if (options.configNotice) replies.push({ on: coordKey, existingId: null, marker: options.configNotice.marker, body: options.configNotice.body });
  effects.push(...replyEffects(replies, windows(), now).effects);

  // 9. Last, the labels that record each transition: after the notices (while `blocked` stays, a
  // failed notice is retried and found by its marker), and as background writes that may wait for
  // budget without holding anything above (a large fan-out's labels take minutes).
  for (const l of labelChanges) effects.push({ kind: "labels", on: l.ref, add: l.add, remove: l.remove, background: true });

  return {
    kind: "done",
    effects,
    summary: {
      replies: replies.length,
      notifications: notifications.length,
      unblocked: notices.unblocked,
      labelChanges: labelChanges.length,
      synthesized: synthesize,
      tracked: tracked.length,
      reports: ingested.reports.length,
    },
  };
}

/** Reports from the comment windows; a rebuild (no sealed state, or `/refresh`) trusts no cache. */
function ingestReports(
  facts: RunFacts,
  work: RunWork,
  config: RunConfig,
  needs: Needs,
  previous: CoordinationState | null,
  rebuild: boolean,
  parse: PlanOptions["parse"],
): Ingested | undefined {
  const windows = [...facts.windows.values()];
  const fresh = parseWindows(windows, parse);
  const policy = new Map<string, boolean>();
  for (const { comment } of fresh) {
    const login = actorOf(comment).toLowerCase();
    const listed = listedOnly(login, "reporter", config);
    if (listed !== null) policy.set(login, listed);
  }
  const trusted = rebuild ? null : previous;
  const verdicts = new Map<string, boolean>();
  let pending = false;
  for (const login of authorsToCheck(fresh, trusted === null, new Set(work.changed), (l) => listedOnly(l, "reporter", config))) {
    const verdict = verdictOf(login, "reporter", config, facts, needs);
    if (verdict === undefined) pending = true;
    else verdicts.set(login, verdict.allowed);
  }
  if (pending) return undefined;
  return ingest({
    windows,
    fresh,
    previousReports: trusted?.reports ?? [],
    previousUrgent: trusted?.urgent ?? [],
    changed: new Set(work.changed),
    policy,
    deleted: [...work.deleted],
    verdicts,
  });
}

/**
 * Command replies, each marked as a courtesy when it answers someone outside the team: a refusal,
 * or only commands anyone may run from someone GitHub gave no triage permission (as far as the
 * first read said; no request is spent on this).
 */
function commandReplies(commands: CommandsPlan, state: CoordinationState, facts: RunFacts, config: RunConfig): ReplyEffect[] {
  return commands.replies.map((r) => {
    const known = facts.permissions.get(r.login.toLowerCase());
    const listed = (["reporter", "orchestrator", "approver"] as const).some((role) => listedOnly(r.login, role, config) === true);
    const stranger = r.refusal !== undefined || (!r.privileged && !listed && (known === undefined || !meets(known, "triage")));
    return { on: r.on, existingId: null, marker: r.marker, body: r.render(state), ...(r.refusal ? { refusal: r.refusal } : {}), courtesy: stranger };
  });
}

/** Replies as effects: found again by marker, refusals bounded (a 👎 beyond one per person per issue per hour). */
function replyEffects(replies: readonly ReplyEffect[], windows: readonly CommentWindow[], now: Date): { effects: Effect[] } {
  const existing = (on: RefKey, marker: string) => windows.find((w) => w.on === on)?.comments.find((c) => c.viewerDidAuthor && c.body.startsWith(marker))?.id ?? null;
  const bounded = boundRefusals(
    replies.map((r) => ({ ...r, existingId: r.existingId ?? existing(r.on, r.marker) })),
    windows,
    now,
  );
  const effects: Effect[] = bounded.replies.map((r) => ({
    kind: "comment",
    on: r.on,
    marker: r.marker,
    body: r.body,
    update: true,
    ...(r.courtesy ? { courtesy: true } : {}),
    ...(r.refusal ? { refusal: r.refusal } : {}),
  }));
  for (const r of bounded.reactions) effects.push({ kind: "react", on: r.on, commentId: r.commentId, content: "-1" });
  return { effects };
}

/**
 * The urgent items to show: one per issue that carries the `urgent` label, described by the latest
 * comment or command that raised it (from this run or the last state block), or else by the label.
 */
function urgentItems(input: { candidates: StateUrgent[]; refs: RefKey[]; labelled: (ref: RefKey) => boolean; now: Date }): StateUrgent[] {
  const out: StateUrgent[] = [];
  for (const ref of new Set(input.refs)) {
    if (!input.labelled(ref)) continue;
    const raised = input.candidates.filter((u) => u.ref === ref).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.commentId - a.commentId))[0];
    out.push(raised ?? { ref, on: ref, commentId: 0, url: "", author: "", at: input.now.toISOString(), summary: "labelled urgent" });
  }
  return out;
}

/** When our latest Team Status was written, from its marker (or its comment's time). */
function latestSynthesisAt(ownComments: ReadonlyArray<{ body: string; updatedAt: string }>): string | undefined {
  let latest: string | undefined;
  for (const c of ownComments) {
    const marker = parseSynthesisMarker(c.body);
    if (!marker) continue;
    const at = marker.at ?? c.updatedAt;
    if (latest === undefined || at > latest) latest = at;
  }
  return latest;
}

/** The marker of the answer to a 🚨 URGENT comment. */
export function urgentMarker(commentId: number): string {
  return `<!-- coordinator:urgent:${commentId} -->`;
}
