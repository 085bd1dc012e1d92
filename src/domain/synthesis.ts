// The daily synthesis (SPEC §6): the body of the day's `## Team Status - YYYY-MM-DD` comment —
// progress, the Go/No-Go colour with its rule (go-no-go.ts), urgent items, what was completed,
// in progress, blocked, stale workers, next goals and phases. The marker that starts it is in
// synthesis-marker.ts, the calendar in calendar.ts.
//
// Pure: the clock (`now`) and the time zone are parameters; nothing here throws on a state of the
// documented shape. Every piece of user text goes through `escapeInline`, every login through
// `quoteLogin`, so nothing pings.

import { localDate, wallClock, zoneOrUtc } from "./calendar.js";
import { formatDuration } from "./duration.js";
import { escapeInline, quoteLogin } from "./escape.js";
import { DAY_MS, GO_LABEL, HOUR_MS, link, newestFirst, plural, progressBar, refMarkdown, timeOf } from "./format.js";
import {
  DEFAULT_THRESHOLDS,
  factsOf,
  goNoGoRules,
  isStuck,
  openBlockers,
  openUrgentRefs,
  rulesNote,
  verdictOf,
  type Facts,
  type SynthesisThresholds,
  type Verdict,
} from "./go-no-go.js";
import type { RepoContext } from "./refs.js";
import { synthesisMarker } from "./synthesis-marker.js";
import type { CoordinationState, RefKey, StateIssue, StateReport, StateWorker } from "./types.js";

// The Team Status's callers in src/app and src/domain/run find these here.
export { localDate } from "./calendar.js";
export type { SynthesisThresholds } from "./go-no-go.js";
export { locateSyntheses, parseSynthesisMarker } from "./synthesis-marker.js";

/** GitHub's comment limit is 65,536 characters; stay well under it. */
export const SYNTHESIS_MAX_CHARS = 60_000;

export interface SynthesisInput {
  state: CoordinationState;
  now: Date;
  /** IANA time zone of the date in the heading and of the times shown; unknown zones count as UTC. */
  timeZone: string;
  /** A worker whose latest report is older than this (and not Complete) is stale; ≤ 0 or NaN → 24. */
  staleAfterHours: number;
  /** Time of the previous synthesis (from its marker), or null: then the last 24 hours. */
  previousAt: string | null;
  thresholds?: SynthesisThresholds;
  /** The coordination's repository: references in it are written `#12`. */
  repo: { owner: string; repo: string };
}

const MAX = { title: 80, worker: 40, phase: 60, summary: 160, rule: 500, refs: 8 } as const;
/** Items per list at each level of detail, most first; the last level lists counts only. */
const LIST_CAPS = [25, 10, 3, 0] as const;

interface Ctx extends Facts {
  home: RepoContext;
  now: number;
  zone: string;
  reports: StateReport[];
}

function ref(ctx: Ctx, key: RefKey): string {
  return refMarkdown(key, ctx.home);
}

function refs(ctx: Ctx, keys: RefKey[], max: number = MAX.refs): string {
  const shown = keys.slice(0, max).map((k) => ref(ctx, k));
  return keys.length > max ? `${shown.join(", ")} and ${keys.length - max} more` : shown.join(", ");
}

/** `#12 Title` (the title when the issue is tracked and has one). */
function issueLabel(ctx: Ctx, key: RefKey): string {
  const title = ctx.byRef.get(key)?.title ?? "";
  const t = escapeInline(title, MAX.title);
  return t !== "" ? `${ref(ctx, key)} ${t}` : ref(ctx, key);
}

function workerLabel(id: string): string {
  const w = escapeInline(id, MAX.worker);
  return w !== "" ? `Worker ${w}` : "Worker ?";
}

function when(ctx: Ctx, t: number): string {
  const w = wallClock(t, ctx.zone);
  return `${w.date} ${w.time}`;
}

/** Elapsed wall-clock time: `40m`, `5h`, `3d 4h`. */
function elapsed(ms: number): string {
  const mins = Math.max(0, Math.floor(ms / 60_000));
  if (mins < 60) return `${mins}m`;
  const hours = Math.floor(mins / 60);
  if (hours < 48) return `${hours}h`;
  const rest = hours % 24;
  return rest === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d ${rest}h`;
}

function effort(minutes: number | null | undefined): string | null {
  return typeof minutes === "number" && Number.isFinite(minutes) && minutes > 0 ? formatDuration(minutes) : null;
}

/** A list capped at the level's item count, with "and N more"; `none` when empty (null: omit). */
function section(title: string, items: string[], cap: number, none: string | null, more = "more"): string | null {
  if (items.length === 0) return none === null ? null : `**${title}**: ${none}`;
  const head = `**${title}** (${items.length}):`;
  if (cap <= 0) return `${head} not listed, to keep this comment within GitHub's size limit.`;
  const shown = items.slice(0, cap);
  const rest = items.length - shown.length;
  return [head, "", ...shown, ...(rest > 0 ? [`- … and ${rest} ${more}`] : [])].join("\n");
}

/** Critical-path issues first (in path order), then by wave, then in tracking order. */
function planOrder(issues: StateIssue[], pathIndex: Map<RefKey, number>): StateIssue[] {
  return issues
    .map((issue, n) => ({ issue, n }))
    .sort((a, b) => {
      const pa = pathIndex.get(a.issue.ref) ?? Infinity;
      const pb = pathIndex.get(b.issue.ref) ?? Infinity;
      if (pa !== pb) return pa < pb ? -1 : 1;
      const wa = a.issue.wave ?? Infinity;
      const wb = b.issue.wave ?? Infinity;
      if (wa !== wb) return wa < wb ? -1 : 1;
      return a.n - b.n;
    })
    .map((x) => x.issue);
}

function headline(state: CoordinationState, verdict: Verdict): string {
  const done = state.issues.filter((i) => i.status === "done").length;
  const total = state.issues.length;
  const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
  const progress =
    total > 0
      ? `${progressBar(done, total)} ${pct}% complete (${done}/${total} done)`
      : "no tracked issues yet";
  return [
    `**Overall Progress**: ${progress}`,
    `**Go/No-Go Status**: ${GO_LABEL[verdict.status]} — ${escapeInline(verdict.reason, MAX.rule)}`,
  ].join("\n\n");
}

function urgentItems(ctx: Ctx, state: CoordinationState): string[] {
  const open = new Set(openUrgentRefs(state, ctx));
  const seen = new Set<string>();
  const items: string[] = [];
  for (const u of state.urgent) {
    if (!open.has(u.ref) || seen.has(`${u.ref} ${u.commentId}`)) continue;
    seen.add(`${u.ref} ${u.commentId}`);
    const t = timeOf(u.at);
    const parts = [
      `- 🚨 ${issueLabel(ctx, u.ref)}`,
      escapeInline(u.summary, MAX.summary),
      `${quoteLogin(u.author)}${t !== null ? `, ${when(ctx, t)}` : ""}`,
    ].filter((p) => p !== "");
    const l = link("comment", u.url);
    items.push(parts.join(" — ") + (l !== null ? ` · ${l}` : ""));
  }
  // Issues flagged urgent without a kept comment.
  const commented = new Set(state.urgent.map((u) => u.ref));
  for (const key of open) {
    if (!commented.has(key)) items.push(`- 🚨 ${issueLabel(ctx, key)}`);
  }
  return items;
}

function completedItems(ctx: Ctx, since: number): string[] {
  // The latest Complete report per issue posted after `since`, newest first (a capped list keeps the latest).
  const latest = new Map<RefKey, { r: StateReport; t: number }>();
  for (const r of ctx.reports) {
    if (r.kind !== "report" || r.status !== "complete" || r.issue === null) continue;
    const t = timeOf(r.at);
    if (t === null || t <= since || latest.has(r.issue)) continue;
    latest.set(r.issue, { r, t });
  }
  return [...latest.values()]
    .sort((a, b) => b.t - a.t || b.r.commentId - a.r.commentId)
    .map(({ r, t }) => {
      const took = effort(r.durationMinutes);
      const parts = [workerLabel(r.worker), issueLabel(ctx, r.issue ?? ""), ...(took !== null ? [took] : []), when(ctx, t)];
      return `- ✅ ${parts.join(" · ")}`;
    });
}

interface Standups {
  /** The latest standup with an ETA naming the issue. */
  byIssue: Map<RefKey, StateReport>;
  /** The latest standup with an ETA naming no issue, per worker (lower-case). */
  byWorker: Map<string, StateReport>;
}

function indexStandups(ctx: Ctx): Standups {
  const byIssue = new Map<RefKey, StateReport>();
  const byWorker = new Map<string, StateReport>();
  for (const r of ctx.reports) {
    if (r.kind !== "standup" || r.durationMinutes === null) continue;
    if (r.issue !== null) {
      if (!byIssue.has(r.issue)) byIssue.set(r.issue, r);
    } else if (!byWorker.has(r.worker.toLowerCase())) byWorker.set(r.worker.toLowerCase(), r);
  }
  return { byIssue, byWorker };
}

/** The latest standup that speaks for `issue`: naming it, or by its worker naming no issue. */
function standupFor(standups: Standups, issue: StateIssue): StateReport | null {
  const named = standups.byIssue.get(issue.ref) ?? null;
  const general = issue.worker !== null ? (standups.byWorker.get(issue.worker.toLowerCase()) ?? null) : null;
  if (named === null || general === null) return named ?? general;
  return (timeOf(general.at) ?? -Infinity) > (timeOf(named.at) ?? -Infinity) ? general : named;
}

function inProgressItems(ctx: Ctx, state: CoordinationState, pathIndex: Map<RefKey, number>): string[] {
  const issues = planOrder(state.issues.filter((i) => i.status === "in_progress"), pathIndex);
  const standups = indexStandups(ctx);
  return issues.map((i) => {
    const who =
      i.worker !== null
        ? workerLabel(i.worker)
        : i.assignees.length > 0
          ? i.assignees.slice(0, 3).map(quoteLogin).join(", ")
          : "no worker yet";
    const standup = standupFor(standups, i);
    const eta = standup !== null ? effort(standup.durationMinutes) : null;
    const st = standup !== null ? timeOf(standup.at) : null;
    let etaText: string;
    if (standup !== null && eta !== null) etaText = `ETA ${eta} (standup ${st !== null ? when(ctx, st) : "of unknown time"})`;
    else if (effort(i.estimateMinutes) !== null) etaText = `no ETA reported, estimate ${effort(i.estimateMinutes) ?? ""}`;
    else etaText = "no ETA reported";
    const path = ctx.onPath.has(i.ref) ? " · 🎯 critical path" : "";
    return `- 🔄 ${who} · ${issueLabel(ctx, i.ref)} · ${etaText}${path}`;
  });
}

/** The oldest report of the newest unbroken run of Blocked reports on an issue. */
function blockedSince(ctx: Ctx, key: RefKey): StateReport | null {
  let since: StateReport | null = null;
  for (const r of ctx.reportsByIssue.get(key) ?? []) {
    if (r.status !== "blocked") break;
    since = r;
  }
  return since;
}

function blockedItems(ctx: Ctx, state: CoordinationState): string[] {
  const rows = state.issues
    .map((issue, n) => {
      if (issue.status !== "blocked") return null;
      const stuck = isStuck(issue, ctx);
      const since = blockedSince(ctx, issue.ref);
      const t = since !== null ? timeOf(since.at) : null;
      return { issue, n, stuck, since, t, path: ctx.onPath.has(issue.ref) };
    })
    .filter((x) => x !== null)
    // Stuck before waiting, critical path first, longest blocked first, then tracking order.
    .sort(
      (a, b) =>
        Number(b.stuck) - Number(a.stuck) ||
        Number(b.path) - Number(a.path) ||
        (a.t ?? Infinity) - (b.t ?? Infinity) ||
        a.n - b.n,
    );
  return rows.map(({ issue, stuck, since, t, path }) => {
    const open = openBlockers(issue, ctx);
    const missing = open.filter((b) => ctx.byRef.get(b)?.status === "missing");
    const parts = [issueLabel(ctx, issue.ref)];
    if (stuck) {
      parts.push(open.length > 0 ? `blocked by ${refs(ctx, open)}` : "blocked (no blocking issue named)");
      if (missing.length > 0) parts.push(`${refs(ctx, missing)} missing`);
      if (t !== null) parts.push(`blocked for ${elapsed(ctx.now - t)} (since ${when(ctx, t)})`);
      if (since !== null) {
        parts.push(workerLabel(since.worker));
        const l = link("report", since.url);
        if (l !== null) parts.push(l);
      }
    } else {
      parts.push(`waiting on ${refs(ctx, open)}`);
    }
    if (path) parts.push("🎯 critical path");
    return `- ${stuck ? "⚠️" : "⏳"} ${parts.join(" · ")}`;
  });
}

function staleItems(ctx: Ctx, workers: StateWorker[]): string[] {
  return workers
    .filter((w) => w.stale)
    .map((w) => ({ w, t: timeOf(w.lastReportAt) }))
    .sort((a, b) => (a.t ?? -Infinity) - (b.t ?? -Infinity))
    .map(({ w, t }) => {
      const login = w.login !== "" ? ` (${quoteLogin(w.login)})` : "";
      const last = t !== null ? `last report ${when(ctx, t)} (${elapsed(ctx.now - t)} ago)` : "last report at an unknown time";
      const on = w.issue !== null ? ` · on ${issueLabel(ctx, w.issue)}` : "";
      return `- ⏰ ${workerLabel(w.id)}${login} · ${last}${on}`;
    });
}

function nextItems(ctx: Ctx, state: CoordinationState, pathIndex: Map<RefKey, number>): string[] {
  const ready = planOrder(state.issues.filter((i) => i.status === "ready"), pathIndex);
  return ready.map((i) => {
    const parts = [issueLabel(ctx, i.ref)];
    const est = effort(i.estimateMinutes);
    if (est !== null) parts.push(`estimate ${est}`);
    if (i.wave !== null && Number.isFinite(i.wave)) parts.push(`wave ${i.wave}`);
    if (i.assignees.length > 0) parts.push(i.assignees.slice(0, 3).map(quoteLogin).join(", "));
    const path = ctx.onPath.has(i.ref);
    if (path) parts.push("critical path");
    return `- ${path ? "🎯" : "▶️"} ${parts.join(" · ")}`;
  });
}

function phaseItems(ctx: Ctx, state: CoordinationState): { items: string[]; unphased: number } {
  const phases = new Map<string, { name: string; done: number; total: number }>();
  let unphased = 0;
  for (const i of state.issues) {
    const phase = (ctx.reportsByIssue.get(i.ref)?.[0]?.phase ?? "").trim();
    if (phase === "") {
      unphased += 1;
      continue;
    }
    const key = phase.toLowerCase();
    const p = phases.get(key) ?? { name: phase, done: 0, total: 0 };
    p.total += 1;
    if (i.status === "done") p.done += 1;
    phases.set(key, p);
  }
  const items = [...phases.values()]
    .sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }))
    .map((p) => {
      const pct = Math.floor((p.done / p.total) * 100);
      return `- ${escapeInline(p.name, MAX.phase)}: ${progressBar(p.done, p.total, 10)} ${p.done}/${p.total} (${pct}%)`;
    });
  return { items, unphased };
}

function renderAt(input: SynthesisInput, cap: number): string {
  const now = input.now instanceof Date && Number.isFinite(input.now.getTime()) ? input.now.getTime() : 0;
  const zone = zoneOrUtc(input.timeZone);
  const state = input.state;
  const hours = typeof input.staleAfterHours === "number" && input.staleAfterHours > 0 ? input.staleAfterHours : 24;
  const workers = state.workers.map((w) => {
    const t = timeOf(w.lastReportAt);
    return { ...w, stale: t !== null && now - t > hours * HOUR_MS && w.status !== "complete" };
  });
  const current: CoordinationState = { ...state, workers };
  const home: RepoContext = { owner: String(input.repo?.owner ?? ""), repo: String(input.repo?.repo ?? "") };
  const ctx: Ctx = { ...factsOf(current, home), home, now, zone, reports: newestFirst(state.reports) };
  const rules = goNoGoRules(input.thresholds ?? DEFAULT_THRESHOLDS);
  const verdict = verdictOf(current, rules, ctx);
  const pathIndex = new Map<RefKey, number>();
  state.criticalPath.forEach((k, n) => {
    if (!pathIndex.has(k)) pathIndex.set(k, n);
  });

  const date = localDate(new Date(now), zone);
  const previous = timeOf(input.previousAt);
  const since = previous ?? now - DAY_MS;
  const completedTitle =
    previous !== null ? `Completed since the previous synthesis (${when(ctx, previous)})` : "Completed in the last 24h";
  const phases = phaseItems(ctx, current);
  const phaseSection = section("Phases", phases.items, cap, null, "phases");
  const phaseNote =
    phaseSection !== null && phases.unphased > 0
      ? `\n\n${plural(phases.unphased, "issue")} without a reported phase.`
      : "";

  const parts: (string | null)[] = [
    synthesisMarker(date, new Date(now).toISOString()),
    `## Team Status - ${date}`,
    `As of ${when(ctx, now)} ${escapeInline(zone, 60)}.`,
    headline(current, verdict),
    section("🚨 Urgent", urgentItems(ctx, current), cap, null),
    section(completedTitle, completedItems(ctx, since), cap, "None"),
    section("In Progress", inProgressItems(ctx, current, pathIndex), cap, "None"),
    section("Blocked", blockedItems(ctx, current), cap, "None"),
    section(`Stale workers (no report for ${Math.round(hours * 10) / 10}h)`, staleItems(ctx, workers), cap, null, "workers"),
    section("Next 24h Goals", nextItems(ctx, current, pathIndex), cap, "no issue is ready to start", "ready issues"),
    phaseSection !== null ? phaseSection + phaseNote : null,
    rulesNote(rules),
  ];
  return parts.filter((p): p is string => p !== null).join("\n\n") + "\n";
}

/**
 * The whole body of the day's Team Status comment: the marker (with the date in `timeZone` and
 * `now`) on the first line, then `## Team Status - YYYY-MM-DD`, overall progress, the Go/No-Go
 * colour with its rule, urgent items, completed since `previousAt`, in progress (with ETAs from
 * standups), blocked, stale workers, next 24h goals (critical path first) and per-phase progress.
 * Lists are capped ("… and N more") and shortened further until the body fits in
 * `SYNTHESIS_MAX_CHARS`. Never throws on a state of the documented shape: a programming error
 * is not turned into a degraded body, it reaches the caller (and the shell's log).
 */
export function renderSynthesis(input: SynthesisInput): string {
  for (const cap of LIST_CAPS) {
    const body = renderAt(input, cap);
    if (body.length <= SYNTHESIS_MAX_CHARS) return body;
  }
  // Even counts alone do not fit (a rule or a zone name of absurd length): the heading only.
  const now = input.now instanceof Date && Number.isFinite(input.now.getTime()) ? input.now : new Date(0);
  const date = localDate(now, input.timeZone);
  return `${synthesisMarker(date, now.toISOString())}\n\n## Team Status - ${date}\n\nThe status does not fit in a comment; see the dashboard.\n`;
}
