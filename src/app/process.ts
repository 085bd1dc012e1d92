// One run for one coordination issue: read it from GitHub, plan (pure), write only differences.
import type { Logger } from "pino";
import type { Config, ConfigProblem } from "../config.js";
import { renderConfigProblems } from "../config.js";
import { parseState, renderDashboard, replaceDashboard, splitBody, DASHBOARD_MAX_CHARS } from "../domain/dashboard.js";
import { authorsToCheck, ingest, parseWindows, planReplies, type ReplyEffect } from "../domain/ingest.js";
import { listedVerdict, meets, permissionVerdict, splitPrincipals } from "../domain/permissions.js";
import { parseRefKey, refKey } from "../domain/refs.js";
import { configMarker } from "../domain/replies.js";
import { buildState } from "../domain/state.js";
import { SEAL_LINE_LENGTH, sealBlock, sealedState, type Sealer } from "../domain/seal.js";
import type { Who } from "../domain/commands.js";
import type { Verdict } from "../domain/permissions.js";
import { runCommands, type CommandRun } from "./commands-run.js";
import { boundRefusals } from "../domain/refusals.js";
import { gateEntries, recordedApprovals, runGates } from "./gates-run.js";
import { runPort } from "./run-port.js";
import { applyTrackedEdits, type TrackedEdit } from "../domain/body-edit.js";
import { writableFrom } from "../domain/reach.js";
import { localDate, locateSyntheses, parseSynthesisMarker, renderSynthesis } from "../domain/synthesis.js";
import { graphEdges, trackedRefs, toRefs } from "../domain/tracking.js";
import { planNotifications } from "../domain/notify.js";
import type { RepoContext } from "../domain/refs.js";
import { actorOf, type ParsedComment, type RawComment, type CommentWindow, type CoordinationState, type IssueRef, type RawIssue, type RefKey, type StateUrgent } from "../domain/types.js";
import { BodyNotKeptError, RetryLaterError, type GitHubPort, type Permission } from "../github/port.js";
import type { WriteBudget } from "../queue/write-budget.js";
import type { AppIdentity } from "../github/app-port.js";
import { labelSpecs } from "./labels.js";
import type { CoordinationWork } from "./work.js";
import { fnv1a } from "../domain/hash.js";

/** Rounds of follow-up reads for blockers of blockers; deeper chains wait for the next run. */
const MAX_READ_ROUNDS = 3;
/** Comments read per tracked issue by `/refresh`. */
const COMMENT_WINDOW_ALL = 100;
/** Comments read on a newly unblocked issue to find an earlier notification. */
const WATCH_COMMENTS = 30;

export interface RunDeps {
  port: GitHubPort;
  /** Seals the state block with the app's key, and checks the last one. */
  seal: Sealer;
  /** Who the app is (asked of GitHub once per process, only when needed). */
  identity: () => Promise<AppIdentity>;
  /** Told of every body write: what was written, on which text, with which Tracked-list edits. */
  onBodyWritten?: (write: BodyWrite) => void;
  /** Parses a comment (memoised across runs by the Coordinator). */
  parse?: (comment: RawComment, context: RepoContext) => ParsedComment;
  config: Config;
  configProblems: ConfigProblem[];
  budget: WriteBudget;
  now: () => Date;
  log: Logger;
}

export interface BodyWrite {
  coordination: RefKey;
  body: string;
  /** `textDigest` of the orchestrator's text the write was based on. */
  base: string;
  edits: TrackedEdit[];
}

export interface RunOutcome {
  skipped?: string;
  bodyWritten: boolean;
  replies: number;
  notifications?: number;
  labelChanges?: number;
  synthesized?: boolean;
  tracked: number;
  reports: number;
}


export async function runCoordination(work: CoordinationWork, deps: RunDeps): Promise<RunOutcome> {
  const { config, budget } = deps;
  const coordination: IssueRef = { owner: work.owner, repo: work.repo, number: work.number };
  const home = { owner: work.owner, repo: work.repo };
  // Issues of repositories this coordination may not show come back redacted, whoever reads them.
  const { port, calls } = runPort(deps.port, home, config.labels.gate);
  const coordKey = refKey(coordination);
  const installation = String(work.installationId);
  const spend = () => {
    const wait = budget.take(installation, deps.now().getTime());
    if (wait > 0) throw new RetryLaterError("content write budget spent for this installation", wait);
  };
  const courtesy = () => budget.takeCourtesy(installation, deps.now().getTime());

  // 1. Read: the coordination, its comments, what the last state block says it tracks, permissions.
  const hint = knownFromHint(coordination, work.hintBody);
  const known = toRefs(hint.known);
  const workers = config.workers;
  const unlisted = (login: string) => listedVerdict(login, workers, "workers") === null;
  // Command authors and gate approvers are asked about in the first read: a live answer, no extra request.
  const commanders = [...work.commands.map((c) => c.login), ...work.labellers].map((l) => l.toLowerCase());
  const askLogins = [...new Set([...work.authors.map((l) => l.toLowerCase()), ...commanders])].filter((l) => unlisted(l) || commanders.includes(l));
  const read = await port.readCoordination({
    coordination,
    known,
    touched: toRefs(work.touched),
    watched: toRefs(hint.blocked),
    logins: askLogins,
    gates: toRefs([...new Set([...work.gates, ...hint.gates])]),
  });

  const permissionOf = async (login: string): Promise<Permission> => {
    const key = login.toLowerCase();
    const cached = read.permissions.get(key);
    if (cached) return cached;
    const value = await port.permission(work.owner, work.repo, login);
    read.permissions.set(key, value);
    return value;
  };
  const verdict = (login: string, who: Who): Promise<Verdict> =>
    who === "reporter"
      ? reporterVerdict(login, config, port, permissionOf)
      : who === "approver"
        ? approverVerdict(login, config, port, permissionOf)
        : orchestratorVerdict(login, config, port, permissionOf);
  /**
   * Command replies, each marked as a courtesy when it answers someone outside the team: a refusal,
   * or only commands anyone may run from someone GitHub gave no triage permission (as far as the
   * first read said; no request is spent on this).
   */
  const commandReplies = (list: ReturnType<CommandRun["replies"]>): ReplyEffect[] =>
    list.map((r) => {
      const known = read.permissions.get(r.login.toLowerCase());
      const listed = [config.workers, config.orchestrators, config.approvers].some((l) => listedVerdict(r.login, l, "")?.allowed === true);
      const stranger = r.refusal !== undefined || (!r.privileged && !listed && (known === undefined || !meets(known, "triage")));
      return { on: r.on, existingId: null, marker: r.marker, body: r.body, ...(r.refusal ? { refusal: r.refusal } : {}), courtesy: stranger };
    });

  // 2. Reports: parse the windows, decide who may report, merge with the cached older reports.
  const isCoordination = read.coordination.labels.includes(config.coordinationLabel);
  const onGitHub = splitBody(read.coordination.body);
  // Repairing an edit one of our writes overwrote (see Coordinator): that edit is the orchestrator's
  // text from here on, unless a person has edited the text again since.
  const restored = work.restore !== null && work.restore.expected === textDigest(onGitHub.before, onGitHub.after) ? work.restore : null;
  const before = restored?.before ?? onGitHub.before;
  const after = restored?.after ?? onGitHub.after;
  // The last state block is the app's cache only when its seal shows the app wrote it for this
  // coordination; an edited or unsealed block is ignored and everything is judged again.
  const previous = sealedState(read.coordination.body, coordKey, deps.seal);
  const isListed = (login: string) => {
    const v = listedVerdict(login, workers, "workers");
    return v === null ? null : v.allowed;
  };
  /** Reports from the comment windows; a rebuild trusts no cache and judges every author again. */
  const ingestFrom = async (windows: CommentWindow[], rebuild: boolean) => {
    const fresh = parseWindows(windows, deps.parse);
    const verdicts = new Map<string, boolean>();
    const policy = new Map<string, boolean>();
    for (const { comment } of fresh) {
      const login = actorOf(comment).toLowerCase();
      const listed = isListed(login);
      if (listed !== null) policy.set(login, listed);
    }
    const trusted = rebuild ? null : previous;
    for (const login of authorsToCheck(fresh, trusted === null, new Set(work.changed), isListed)) {
      verdicts.set(login, (await reporterVerdict(login, config, port, permissionOf)).allowed);
    }
    return ingest({
      windows,
      fresh,
      previousReports: trusted?.reports ?? [],
      previousUrgent: trusted?.urgent ?? [],
      changed: new Set(work.changed),
      policy,
      deleted: work.deleted,
      verdicts,
    });
  };
  let ingested = await ingestFrom(read.windows, false);

  // 3. What is tracked, and the graph: read what the first request did not know about, until the
  // blockers of every tracked issue are known (a few rounds at most; usually none).
  const issues = new Map<RefKey, RawIssue | null>(read.issues);
  for (const sub of read.subIssues) issues.set(sub.ref, sub);
  const windows = [...read.windows];
  const settle = async (orchestratorText: string, extra: RefKey[]) => {
    let graph = graphEdges({ coordination, orchestratorText, issues, reports: ingested.reports });
    let tracked = trackedRefs({ coordination, orchestratorText, subIssues: read.subIssues, reports: ingested.reports, edges: graph.edges });
    for (let round = 0; round < MAX_READ_ROUNDS; round++) {
      const missing = [...new Set([...tracked, ...extra])].filter((k) => !issues.has(k));
      if (missing.length === 0) break;
      const more = await port.readIssues(toRefs(missing));
      for (const [k, v] of more.issues) issues.set(k, v);
      graph = graphEdges({ coordination, orchestratorText, issues, reports: ingested.reports });
      tracked = trackedRefs({ coordination, orchestratorText, subIssues: read.subIssues, reports: ingested.reports, edges: graph.edges });
    }
    return { graph, tracked };
  };
  let { graph, tracked } = await settle(`${before}\n\n${after}`, []);

  // 4. Slash commands: run them against what was read; what they change feeds the rest of the run.
  const commands = await runCommands(
    {
      comments: work.commands,
      windows,
      before,
      issues,
      edges: graph.edges,
      tracked: new Set(tracked),
      isCoordination,
      now: deps.now(),
    },
    { port, config, coordination, spend, verdict },
  );
  const m = commands.mutations;
  if (!isCoordination && !m.coordinate) {
    // Only `/coordinate` brings a run to an ordinary issue; refused, it gets its reply and no more.
    const replies = commandReplies(commands.replies(emptyState(coordKey, deps.now())));
    await writeReplies(replies, windows, deps.now(), port, spend, courtesy, deps.log);
    return { skipped: "not a coordination issue", bodyWritten: false, replies: replies.length, tracked: 0, reports: 0 };
  }
  if (!isCoordination || work.setup) await ensureLabels(port, config, work.owner, work.repo, spend);
  if (!isCoordination) {
    spend();
    await port.addLabels(coordination, [config.coordinationLabel]);
  }
  if (m.refresh) {
    // `/refresh`: read the latest comments of every tracked issue and rebuild the reports without
    // the state block's cache, so whatever a missed webhook left behind is repaired.
    const more = await port.readIssues(toRefs(tracked), COMMENT_WINDOW_ALL);
    for (const [k, v] of more.issues) issues.set(k, v);
    windows.push(...more.windows.filter((w) => !windows.some((x) => x.on === w.on)));
    ingested = await ingestFrom(windows, true);
  }
  if (m.refresh || m.before !== before || m.mentioned.length > 0) {
    ({ graph, tracked } = await settle(`${m.before}\n\n${after}`, m.mentioned.filter((k) => k !== coordKey)));
  }

  const now = deps.now();

  // 5. Urgent items: the `urgent` label is the record. A new 🚨 URGENT comment sets it (and pings
  // the orchestrators once, in its reply); `/escalate clear` or removing the label clears it.
  const changed = new Set(work.changed);
  const urgentLabel = config.labels.urgent.toLowerCase();
  const labelsOf = (ref: RefKey) => (ref === coordKey ? read.coordination.labels : (issues.get(ref)?.labels ?? []));
  // Writes nobody asked for by command reach other repositories only where their issues link back.
  const writable = (ref: RefKey) => ref === coordKey || writableFrom(issues.get(ref), home);
  const urgentReplies: ReplyEffect[] = [];
  for (const u of ingested.urgent) {
    if (!changed.has(u.commentId) || m.cleared.includes(u.ref)) continue;
    const target = parseRefKey(u.ref);
    const labels = labelsOf(u.ref);
    if (target && writable(u.ref) && !labels.some((l) => l.toLowerCase() === urgentLabel)) {
      spend();
      await port.addLabels(target, [config.labels.urgent]);
      labels.push(config.labels.urgent);
    }
    const marker = urgentMarker(u.commentId);
    if (!urgentReplies.some((r) => r.marker === marker)) {
      urgentReplies.push({ on: u.on, existingId: null, marker, body: `${marker}\n🚨 Marked urgent on the coordination dashboard${escalationMentions(config)}` });
    }
  }
  const urgent = urgentItems({
    candidates: [...(previous?.urgent ?? []), ...ingested.urgent, ...m.urgent],
    refs: [coordKey, ...tracked],
    labelled: (ref) => !m.cleared.includes(ref) && labelsOf(ref).some((l) => l.toLowerCase() === urgentLabel),
    now,
  });

  // 6. State and dashboard: write only when something other than the clock changed.
  const ownComments = windows.filter((w) => w.on === coordKey).flatMap((w) => w.comments.filter((c) => c.viewerDidAuthor));
  const today = localDate(now, config.synthesis.timezone);
  const syntheses = locateSyntheses(ownComments, today);
  const synthesize = work.synthesize || m.synthesize;
  const lastSynthesisAt = synthesize ? now.toISOString() : (latestSynthesisAt(ownComments) ?? previous?.lastSynthesisAt);
  const stateInput = {
    coordination: coordKey,
    tracked: tracked.map((k): [RefKey, RawIssue | null] => [k, issues.get(k) ?? null]),
    edges: graph.edges,
    estimates: graph.estimates,
    reports: ingested.reports,
    urgent,
    config: { doneWhen: config.doneWhen, staleAfterHours: config.synthesis.staleAfterHours, labels: config.labels, thresholds: config.synthesis.goNoGo },
    now,
    lastSynthesisAt,
  };
  // Gates read the issues' statuses, and approvals change what is done: decide them on a first
  // state, then build the state the dashboard shows.
  const previousGates = gateEntries(previous?.gates);
  const gates = await runGates(
    {
      state: buildState({ ...stateInput, approvedGates: recordedApprovals(previousGates, issues, config.labels.gateApproved) }),
      tracked,
      issues,
      windows,
      nogo: m.nogo,
      previous: previousGates,
      config,
      now,
      repo: { owner: work.owner, repo: work.repo },
      writable,
    },
    { port, spend, approver: (login) => approverVerdict(login, config, port, permissionOf), self: async () => (await deps.identity()).login },
  );
  const state = buildState({ ...stateInput, tracked: tracked.map((k): [RefKey, RawIssue | null] => [k, issues.get(k) ?? null]), gates: gates.entries, approvedGates: gates.approved });
  // The orchestrator's text to keep around the dashboard: as read (or restored), with the commands' edits.
  const dashboard = onGitHub.dashboard;
  let text = { before: m.before, after };
  let bodyWritten = false;
  const textChanged = text.before !== onGitHub.before || text.after !== onGitHub.after;
  if (dashboard === null || previous?.fingerprint !== state.fingerprint || textChanged || m.refresh) {
    // GitHub has no conditional write. When the run made other requests since its read (so time
    // passed), the body is read again and an orchestrator's edit made meanwhile is kept.
    let base = { before: onGitHub.before, after: onGitHub.after };
    if (calls() > 1) {
      const fresh = splitBody(await port.readBody(coordination));
      if (fresh.before !== onGitHub.before || fresh.after !== onGitHub.after) {
        base = { before: fresh.before, after: fresh.after };
        text = { before: applyTrackedEdits(fresh.before, m.edits), after: fresh.after };
      }
    }
    const written = await writeBody(port, coordination, text.before + (dashboard ?? "") + text.after, state, deps, spend, m.refresh || text.before !== base.before || text.after !== base.after);
    if (written !== null) {
      bodyWritten = true;
      deps.onBodyWritten?.({ coordination: coordKey, body: written, base: textDigest(base.before, base.after), edits: m.edits });
    }
  }

  // 7. Unblock notifications and the blocked/ready labels that record each transition on GitHub.
  const notify = (w: typeof windows) =>
    planNotifications({
      state,
      issues,
      labels: { blocked: config.labels.blocked, ready: config.labels.ready },
      windows: w,
      repo: { owner: work.owner, repo: work.repo },
      wasBlocked: new Set((previous?.issues ?? []).filter((i) => i.blockedBy.length > 0).map((i) => i.ref)),
    });
  let plan = notify(windows);
  if (plan.unread.length > 0) {
    // Issues that just became unblocked but whose comments were not read: look for an earlier notice.
    windows.push(...(await port.readIssues(toRefs(plan.unread), WATCH_COMMENTS)).windows);
    plan = notify(windows);
  }
  for (const n of plan.notifications) {
    const target = parseRefKey(n.on);
    if (!target || !writable(n.on)) continue;
    spend();
    await port.createComment(target, n.body);
  }
  // Labels after notifications: while `blocked` stays, a failed notification is retried and found by its marker.
  for (const change of plan.labels) {
    const target = parseRefKey(change.ref);
    if (!target || !writable(change.ref)) continue;
    if (change.add.length > 0) {
      spend();
      await port.addLabels(target, change.add);
    }
    for (const label of change.remove) {
      spend();
      await port.removeLabel(target, label);
    }
  }

  // 8. Today's Team Status: one comment per calendar day in the configured zone, found by its marker.
  let synthesized = false;
  if (synthesize) {
    const body = renderSynthesis({
      state,
      now,
      timeZone: config.synthesis.timezone,
      staleAfterHours: config.synthesis.staleAfterHours,
      previousAt: syntheses.previousAt,
      thresholds: config.synthesis.goNoGo,
      repo: { owner: work.owner, repo: work.repo },
    });
    spend();
    if (syntheses.todayId !== null) await port.updateComment(work.owner, work.repo, syntheses.todayId, body);
    else await port.createComment(coordination, body);
    synthesized = true;
  }

  // 9. Replies owed (commands, urgent, malformed / fixed / unauthorised reports), and the config notice.
  const replies: ReplyEffect[] = [
    ...(commandReplies(commands.replies(state))),
    ...urgentReplies,
    ...planReplies(ingested.judged, windows, changed),
  ];
  if (deps.configProblems.length > 0) {
    // One notice per distinct set of problems: writeReplies finds an earlier one by its marker.
    const marker = configMarker(fnv1a(JSON.stringify(deps.configProblems)));
    replies.push({ on: coordKey, existingId: null, marker, body: `${marker}\n${renderConfigProblems(deps.configProblems)}` });
  }
  await writeReplies(replies, windows, now, port, spend, courtesy, deps.log);

  return {
    bodyWritten,
    synthesized,
    replies: replies.length,
    notifications: plan.notifications.length,
    labelChanges: plan.labels.length,
    tracked: tracked.length,
    reports: ingested.reports.length,
  };
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
function urgentMarker(commentId: number): string {
  return `<!-- coordinator:urgent:${commentId} -->`;
}

function escalationMentions(config: Config): string {
  const list = config.orchestrators.map((o) => (o.startsWith("@") ? o : `@${o}`));
  return list.length > 0 ? `; ${list.join(" ")} please take a look.` : ".";
}

/** A state with nothing in it: what `/status` sees on an issue that is not a coordination. */
function emptyState(coordination: RefKey, now: Date): CoordinationState {
  return {
    version: 1,
    coordination,
    updatedAt: now.toISOString(),
    status: "GREEN",
    statusReason: "",
    progress: { done: 0, total: 0 },
    issues: [],
    edges: [],
    workers: [],
    waves: [],
    criticalPath: [],
    cycles: [],
    gates: [],
    reports: [],
    urgent: [],
    fingerprint: "",
  };
}

/**
 * What the body an event carried says: the issues its state block and text track (read in the
 * first request), and those it showed blocked (their comments too: they may be owed a notice).
 */
function knownFromHint(coordination: IssueRef, body: string | null): { known: RefKey[]; blocked: RefKey[]; gates: RefKey[] } {
  if (body === null) return { known: [], blocked: [], gates: [] };
  const { before, after } = splitBody(body);
  const state = parseState(body);
  const fromText = trackedRefs({ coordination, orchestratorText: `${before}\n\n${after}`, subIssues: [], reports: [], edges: [] });
  return {
    known: [...new Set([...fromText, ...(state?.issues.map((i) => i.ref) ?? [])])],
    blocked: (state?.issues ?? []).filter((i) => i.status === "blocked").map((i) => i.ref),
    gates: gateEntries(state?.gates).map((g) => g.ref),
  };
}

/** Writes the body with a fresh dashboard, unless nothing would change; returns what was written. */
async function writeBody(
  port: GitHubPort,
  coordination: IssueRef,
  body: string,
  state: CoordinationState,
  deps: RunDeps,
  spend: () => void,
  force = false,
): Promise<string | null> {
  const repo = { owner: coordination.owner, repo: coordination.repo };
  const { before, after } = splitBody(body);
  // The orchestrator's own text counts against GitHub's limit too: the dashboard gets what is left.
  const room = Math.max(2_000, Math.min(DASHBOARD_MAX_CHARS, 65_000 - before.length - after.length));
  let maxChars = room;
  for (let attempt = 0; attempt < 2; attempt++) {
    const next = replaceDashboard(body, sealBlock(renderDashboard(state, { now: deps.now(), repo, maxChars: maxChars - SEAL_LINE_LENGTH }), deps.seal));
    if (next === body && !force) return null;
    spend();
    try {
      await port.updateIssueBody(coordination, next);
      return next;
    } catch (error) {
      if (!(error instanceof BodyNotKeptError) || attempt === 1) throw error;
      // GitHub kept the old body: the last good dashboard stays; try once more, much smaller.
      deps.log.warn({ sent: next.length }, "GitHub kept the previous body; retrying with a smaller dashboard");
      maxChars = Math.floor(room / 2);
    }
  }
  return null;
}

/** A digest of the orchestrator's text around the dashboard (what a body write was based on). */
export function textDigest(before: string, after: string): string {
  return fnv1a(`${before}\u0000${after}`);
}

/** Our earlier reply on `on` carrying `marker`: a POST that failed with a 5xx may have landed. */
function existingReply(windows: readonly CommentWindow[], on: RefKey, marker: string): number | null {
  return windows.find((w) => w.on === on)?.comments.find((c) => c.viewerDidAuthor && c.body.startsWith(marker))?.id ?? null;
}

/**
 * Writes the replies owed, found again by marker and skipped when unchanged. Refusals are bounded
 * (one per person per issue per hour, a 👎 beyond); answers to people without permission use only
 * the courtesy share of the write budget, and are dropped when it is spent.
 */
async function writeReplies(
  owed: ReplyEffect[],
  windows: readonly CommentWindow[],
  now: Date,
  port: GitHubPort,
  spend: () => void,
  courtesy: () => boolean,
  log: Logger,
): Promise<void> {
  const { replies, reactions } = boundRefusals(
    owed.map((r) => ({ ...r, existingId: r.existingId ?? existingReply(windows, r.on, r.marker) })),
    windows,
    now,
  );
  for (const reply of replies) {
    const target = parseRefKey(reply.on);
    if (!target) continue;
    const existing = reply.existingId;
    if (existing !== null && windows.flatMap((w) => w.comments).find((c) => c.id === existing)?.body === reply.body) continue;
    if (reply.courtesy) {
      if (!courtesy()) {
        log.info({ on: reply.on }, "courtesy budget spent: an answer to someone without permission is not written");
        continue;
      }
    } else spend();
    if (existing !== null) await port.updateComment(target.owner, target.repo, existing, reply.body);
    else await port.createComment(target, reply.body);
  }
  for (const r of reactions) {
    const target = parseRefKey(r.on);
    if (!target || !courtesy()) continue;
    await port.react(target.owner, target.repo, r.commentId, "-1");
  }
}

/**
 * Creates the labels Coordinator uses that the repository lacks, with colours and descriptions.
 * Done when a coordination starts; later, adding a label that was deleted re-creates it plainly.
 */
async function ensureLabels(port: GitHubPort, config: Config, owner: string, repo: string, spend: () => void): Promise<void> {
  const present = new Set((await port.listLabels(owner, repo)).map((l) => l.toLowerCase()));
  for (const spec of labelSpecs(config)) {
    if (present.has(spec.name.toLowerCase())) continue;
    spend();
    await port.createLabel(owner, repo, spec);
  }
}

type PermissionOf = (login: string) => Promise<Permission>;

async function teamVerdict(login: string, list: readonly string[], port: GitHubPort): Promise<boolean> {
  for (const team of splitPrincipals(list).teams) {
    if (await port.isTeamMember(team.org, team.slug, login)) return true;
  }
  return false;
}

/**
 * Who may do something: the configured list (logins, `@org/team`s) when there is one, else a
 * minimum repository permission. Each verdict carries its reason; asking GitHub may throw, which
 * retries the run rather than deciding.
 */
async function principalVerdict(login: string, list: readonly string[], role: string, minimum: Permission, port: GitHubPort, permissionOf: PermissionOf): Promise<Verdict> {
  const listed = listedVerdict(login, list, role);
  if (listed) return listed;
  if (list.length > 0) {
    return (await teamVerdict(login, list, port)) ? { allowed: true, reason: `member of a team listed in ${role}` } : { allowed: false, reason: `not listed in ${role}` };
  }
  return permissionVerdict(await permissionOf(login), minimum);
}

export const reporterVerdict = (login: string, config: Config, port: GitHubPort, permissionOf: PermissionOf) =>
  principalVerdict(login, config.workers, "workers", "triage", port, permissionOf);

export const approverVerdict = (login: string, config: Config, port: GitHubPort, permissionOf: PermissionOf) =>
  principalVerdict(login, config.approvers, "approvers", "maintain", port, permissionOf);

export const orchestratorVerdict = (login: string, config: Config, port: GitHubPort, permissionOf: PermissionOf) =>
  principalVerdict(login, config.orchestrators, "orchestrators", "write", port, permissionOf);
