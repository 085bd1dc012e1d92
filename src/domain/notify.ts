// Unblock notifications (SPEC §3): when the last open blocker of an issue is done, one comment on
// that issue and `blocked` swapped for `ready`; when a blocker reopens, the labels swap back.
//
// "Exactly once" rests on GitHub, not on memory: the `blocked` label records that an issue was
// waiting, and each notification carries a marker naming its transition (the blockers and when
// each finished). A redelivered or repeated run finds the marker and posts nothing; a reopened
// and re-closed blocker is a new transition with a new marker.
import type { CommentWindow, CoordinationState, RawIssue, RefKey } from "./types.js";
import { escapeInline, quoteLogin } from "./escape.js";
import { parseRefKey, formatRef } from "./refs.js";
import { fnv1a } from "./hash.js";

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
}

export interface LabelEffect {
  ref: RefKey;
  add: string[];
  remove: string[];
}

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
  const plan: NotifyPlan = { labels: [], notifications: [], unread: [] };

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
        const window = windows.get(issue.ref);
        if (!window) {
          plan.unread.push(issue.ref);
          continue;
        }
        const posted = window.comments.some((c) => c.viewerDidAuthor && c.body.startsWith(marker));
        if (!posted) plan.notifications.push({ on: issue.ref, marker, body: notificationBody(marker, issue.ref, blockers, input) });
        remove.push(labels.blocked);
      }
    }
    if (add.length > 0 || remove.length > 0) plan.labels.push({ ref: issue.ref, add, remove });
  }
  return plan;
}

function notificationBody(marker: string, ref: RefKey, blockers: RefKey[], input: NotifyInput): string {
  const short = (key: RefKey) => {
    const r = parseRefKey(key);
    return r ? formatRef(r, input.repo) : escapeInline(key, 120);
  };
  const lines = blockers.map((b) => {
    const raw = input.issues.get(b);
    const how = !raw ? "done" : raw.state === "closed" ? (raw.stateReason === "not_planned" ? "closed as not planned ⚠️" : "closed") : "reported complete";
    return `- ${short(b)} ${raw ? escapeInline(raw.title, 80) : ""} — ${how}`;
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
