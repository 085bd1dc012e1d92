// Unblock notifications (SPEC §3): when the last open blocker of an issue is done, the issue's
// people are told and `blocked` swapped for `ready`; when a blocker reopens, the labels swap back.
//
// "Exactly once" rests on GitHub, not on memory: the `blocked` label records that an issue was
// waiting, and each transition has a marker naming it (the blockers and when each finished). A
// redelivered or repeated run finds the marker and posts nothing; a reopened and re-closed blocker
// is a new transition with a new marker.
//
// A small fan-out (at most `summaryAbove` issues, default 10) gets one comment on each issue, which
// its assignees follow. A larger one gets one summary on the coordination issue instead, naming
// every issue and mentioning its assignees (or the orchestrators, for an issue nobody is assigned),
// with every issue's marker in it: 1 write for the news, then 1 label write per issue (docs/graph.md).
import type { CommentWindow, CoordinationState, RawIssue, RefKey } from "./types.js";
import { escapeInline, quoteLogin } from "./escape.js";
import { parseRefKey, formatRef } from "./refs.js";
import { fnv1a } from "./hash.js";
import { mention } from "./mentions.js";

export interface NotifyInput {
  state: CoordinationState;
  issues: ReadonlyMap<RefKey, RawIssue | null>;
  labels: { blocked: string; ready: string };
  /** Comment windows read this run: where earlier notifications are looked for. */
  windows: readonly CommentWindow[];
  /** The coordination's repository, for short references. */
  repo: { owner: string; repo: string };
  /** Issues the last state showed waiting: their `blocked` label is ours to lift when their edges go. */
  wasBlocked?: ReadonlySet<RefKey>;
  /** Fan-outs larger than this are told in a summary on the coordination issue (default 10). */
  summaryAbove?: number;
  /** Mentioned in a summary for an issue nobody is assigned to (configured logins and teams). */
  orchestrators?: readonly string[];
}

/** Default of `notifications.summaryAbove`. */
export const SUMMARY_ABOVE = 10;
/** Issues named in one summary comment (about 200 characters each: far below GitHub's 65,536). */
export const SUMMARY_MAX_ISSUES = 100;
/** Distinct people mentioned in one summary comment: GitHub may not notify everyone in a mass mention. */
export const SUMMARY_MAX_MENTIONS = 50;
/** Finished blockers listed in a summary before "and N more". */
const SUMMARY_MAX_BLOCKERS = 20;

export interface LabelEffect {
  ref: RefKey;
  add: string[];
  remove: string[];
}

/** The first line of a summary of unblocked issues (its digest names the transitions it announces). */
export const SUMMARY_PREFIX = "<!-- coordinator:unblocked-summary:";

export interface NotificationEffect {
  on: RefKey;
  marker: string;
  body: string;
}

export interface NotifyPlan {
  labels: LabelEffect[];
  notifications: NotificationEffect[];
  /** Transitions whose issue's comments were not read: read them, then plan again. */
  unread: RefKey[];
  /** Issues told they are unblocked by this plan's notifications. */
  unblocked: number;
}

interface Transition {
  ref: RefKey;
  marker: string;
  blockers: RefKey[];
}

/** The marker of the notification for one transition of `ref`. Render and search use this. */
export function unblockMarker(ref: RefKey, digest: string): string {
  return `<!-- coordinator:unblocked:${ref}:${digest} -->`;
}


export function planNotifications(input: NotifyInput): NotifyPlan {
  const { state, issues, labels } = input;
  const incoming = new Map<RefKey, RefKey[]>();
  for (const e of state.edges) {
    const list = incoming.get(e.to);
    if (list) list.push(e.from);
    else incoming.set(e.to, [e.from]);
  }
  const inCycle = new Set(state.cycles.flat());
  const windows = new Map(input.windows.map((w) => [w.on, w]));
  const ours = (on: RefKey) => (windows.get(on)?.comments ?? []).filter((c) => c.viewerDidAuthor);
  // Our summaries on the coordination issue carry the markers of the transitions they announce.
  const summaries = ours(state.coordination).filter((c) => c.body.startsWith(SUMMARY_PREFIX));
  const plan: NotifyPlan = { labels: [], notifications: [], unread: [], unblocked: 0 };
  const pending: Transition[] = [];

  for (const issue of state.issues) {
    const raw = issues.get(issue.ref);
    const blockers = [...new Set(incoming.get(issue.ref) ?? [])];
    if (!raw || raw.state !== "open" || inCycle.has(issue.ref)) continue;
    const has = (label: string) => raw.labels.some((l) => l.toLowerCase() === label.toLowerCase());
    if (blockers.length === 0) {
      // Its last dependency was removed (not finished): lift the label we set, without a notice.
      if (input.wasBlocked?.has(issue.ref) && has(labels.blocked)) plan.labels.push({ ref: issue.ref, add: has(labels.ready) ? [] : [labels.ready], remove: [labels.blocked] });
      continue;
    }
    const add: string[] = [];
    const remove: string[] = [];
    if (issue.blockedBy.length > 0) {
      if (!has(labels.blocked)) add.push(labels.blocked);
      if (has(labels.ready)) remove.push(labels.ready);
    } else {
      if (!has(labels.ready)) add.push(labels.ready);
      if (has(labels.blocked)) {
        // It was waiting and now waits for nothing: this is the transition to announce.
        const evidence = blockers.map((b) => `${b}@${issues.get(b)?.closedAt ?? "done"}`).sort();
        const marker = unblockMarker(issue.ref, fnv1a(evidence.join(" ")));
        if (!windows.has(issue.ref)) {
          plan.unread.push(issue.ref);
          continue;
        }
        const told = ours(issue.ref).some((c) => c.body.startsWith(marker)) || summaries.some((c) => c.body.includes(marker));
        if (!told) pending.push({ ref: issue.ref, marker, blockers });
        remove.push(labels.blocked);
      }
    }
    if (add.length > 0 || remove.length > 0) plan.labels.push({ ref: issue.ref, add, remove });
  }
  if (plan.unread.length > 0) return plan;

  plan.unblocked = pending.length;
  if (pending.length > (input.summaryAbove ?? SUMMARY_ABOVE)) plan.notifications = summaryNotices(pending, input);
  else plan.notifications = pending.map((t) => ({ on: t.ref, marker: t.marker, body: notificationBody(t.marker, t.ref, t.blockers, input) }));
  return plan;
}

/** A reference as the coordination's repository shows it (`#12`, `other/lib#3`). */
function shortIn(input: NotifyInput, key: RefKey): string {
  const r = parseRefKey(key);
  return r ? formatRef(r, input.repo) : escapeInline(key, 120);
}

/** How a finished blocker finished, in a few words. */
function howDone(raw: RawIssue | null | undefined): string {
  return !raw ? "done" : raw.state === "closed" ? (raw.stateReason === "not_planned" ? "closed as not planned ⚠️" : "closed") : "reported complete";
}

/**
 * The summaries of a large fan-out: the transitions in reference order, cut into comments of at
 * most SUMMARY_MAX_ISSUES issues and SUMMARY_MAX_MENTIONS people. Each names its issues, mentions
 * who should start them, and carries their markers, which later runs look for.
 */
function summaryNotices(pending: Transition[], input: NotifyInput): NotificationEffect[] {
  const byRef = new Map(input.state.issues.map((i) => [i.ref, i]));
  const orchestrators = (input.orchestrators ?? []).map(mention);
  const who = (t: Transition) => {
    const assignees = byRef.get(t.ref)?.assignees ?? [];
    return assignees.length > 0 ? assignees.map(mention) : orchestrators;
  };
  const sorted = [...pending].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  const chunks: Transition[][] = [];
  let chunk: Transition[] = [];
  let people = new Set<string>();
  for (const t of sorted) {
    const more = who(t).filter((p) => !people.has(p));
    if (chunk.length > 0 && (chunk.length >= SUMMARY_MAX_ISSUES || people.size + more.length > SUMMARY_MAX_MENTIONS)) {
      chunks.push(chunk);
      chunk = [];
      people = new Set();
    }
    chunk.push(t);
    for (const p of who(t)) people.add(p);
  }
  if (chunk.length > 0) chunks.push(chunk);

  return chunks.map((part, i) => {
    const marker = `${SUMMARY_PREFIX}${fnv1a(part.map((t) => t.marker).join(" "))} -->`;
    const lines = part.map((t) => {
      const issue = byRef.get(t.ref);
      const title = issue ? ` ${escapeInline(issue.title, 80)}` : "";
      const people = who(t);
      const worker = issue?.worker ? ` (worker ${quoteLogin(issue.worker)})` : "";
      const assigned = (issue?.assignees.length ?? 0) > 0 ? people.join(" ") : people.length > 0 ? `nobody assigned: ${people.join(" ")}` : "nobody assigned";
      return `- ${shortIn(input, t.ref)}${title} — ${assigned}${worker}`;
    });
    const finished = [...new Set(part.flatMap((t) => t.blockers))].sort();
    const shown = finished.slice(0, SUMMARY_MAX_BLOCKERS).map((b) => {
      const raw = input.issues.get(b);
      return `${shortIn(input, b)}${raw ? ` ${escapeInline(raw.title, 60)}` : ""} (${howDone(raw)})`;
    });
    const rest = finished.length - shown.length;
    const count = part.length === 1 ? "1 issue is" : `${part.length} issues are`;
    const of = chunks.length > 1 ? ` (part ${i + 1} of ${chunks.length})` : "";
    return {
      on: input.state.coordination,
      marker,
      body: [
        marker,
        `🟢 **Unblocked**: ${count} ready to start${of}: every blocker of each is done.`,
        "",
        ...lines,
        "",
        `Finished: ${shown.join(", ")}${rest > 0 ? ` and ${rest} more` : ""}.`,
        "",
        "Post a report with **Status**: 🔄 In Progress on an issue when work on it starts.",
        "",
        ...part.map((t) => t.marker),
      ].join("\n"),
    };
  });
}

function notificationBody(marker: string, ref: RefKey, blockers: RefKey[], input: NotifyInput): string {
  const short = (key: RefKey) => shortIn(input, key);
  const lines = blockers.map((b) => {
    const raw = input.issues.get(b);
    return `- ${short(b)} ${raw ? escapeInline(raw.title, 80) : ""} — ${howDone(raw)}`;
  });
  const issue = input.state.issues.find((i) => i.ref === ref);
  const who: string[] = [];
  if (issue && issue.assignees.length > 0) who.push(`assigned to ${issue.assignees.map(quoteLogin).join(", ")}`);
  if (issue?.worker) who.push(`worker ${quoteLogin(issue.worker)}`);
  return [
    marker,
    `🟢 **Unblocked**: every blocker of this issue is done, so it is ready to start${who.length > 0 ? ` (${who.join(", ")})` : ""}.`,
    "",
    ...lines,
    "",
    `Coordination: ${short(input.state.coordination)}. Post a report with **Status**: 🔄 In Progress when work starts.`,
  ].join("\n");
}
