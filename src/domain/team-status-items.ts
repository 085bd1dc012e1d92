// The lists of the Team Status (synthesis.ts): urgent items, what was completed, in progress
// (with ETAs from standups), blocked (stuck before waiting), stale workers, next goals and
// phases, one line per item, uncapped (synthesis.ts caps them to fit).
//
// Pure: the clock comes in the context. Every piece of user text goes through `escapeInline`,
// every login through `quoteLogin`, so nothing pings.

import { wallClock } from "./calendar.js";
import { formatDuration } from "./duration.js";
import { escapeInline, quoteLogin } from "./escape.js";
import { link, progressBar, refMarkdown, timeOf } from "./format.js";
import { isStuck, openBlockers, openUrgentRefs, type Facts } from "./go-no-go.js";
import type { RepoContext } from "./refs.js";
import type { CoordinationState, RefKey, StateIssue, StateReport, StateWorker } from "./types.js";

export const MAX = { title: 80, worker: 40, phase: 60, summary: 160, rule: 500, refs: 8 } as const;

/** What every list of the Team Status reads besides the state. */
export interface Ctx extends Facts {
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

export function when(ctx: Ctx, t: number): string {
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

/** Critical-path issues first (in path order), then by wave, then in tracking order. */
export function planOrder(issues: StateIssue[], pathIndex: Map<RefKey, number>): StateIssue[] {
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

export function urgentItems(ctx: Ctx, state: CoordinationState): string[] {
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

/**
 * What was completed after `since`, newest first (a capped list keeps the latest): the latest
 * Complete report per issue, and every done issue closed since without one (by `closedAt`), so
 * the list names every issue the progress line newly counts.
 */
export function completedItems(ctx: Ctx, state: CoordinationState, since: number, closedAt: ReadonlyMap<RefKey, string | null>): string[] {
  const items: { t: number; id: number; line: string }[] = [];
  const reported = new Set<RefKey>();
  for (const r of ctx.reports) {
    if (r.kind !== "report" || r.status !== "complete" || r.issue === null) continue;
    const t = timeOf(r.at);
    if (t === null || t <= since || reported.has(r.issue)) continue;
    reported.add(r.issue);
    const took = effort(r.durationMinutes);
    const parts = [workerLabel(r.worker), issueLabel(ctx, r.issue), ...(took !== null ? [took] : []), when(ctx, t)];
    items.push({ t, id: r.commentId, line: `- ✅ ${parts.join(" · ")}` });
  }
  for (const i of state.issues) {
    if (i.status !== "done" || i.state !== "closed" || reported.has(i.ref)) continue;
    const t = timeOf(closedAt.get(i.ref));
    if (t === null || t <= since) continue;
    reported.add(i.ref);
    const how = i.stateReason !== null && i.stateReason !== "completed" ? `closed as ${escapeInline(i.stateReason.replace(/_/g, " "), 30)}` : "closed";
    const parts = [...(i.worker !== null ? [workerLabel(i.worker)] : []), issueLabel(ctx, i.ref), `${how}, no Complete report`, when(ctx, t)];
    items.push({ t, id: -1, line: `- ✅ ${parts.join(" · ")}` });
  }
  return items.sort((a, b) => b.t - a.t || b.id - a.id).map((x) => x.line);
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

export function inProgressItems(ctx: Ctx, state: CoordinationState, pathIndex: Map<RefKey, number>): string[] {
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

export function blockedItems(ctx: Ctx, state: CoordinationState): string[] {
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

export function staleItems(ctx: Ctx, workers: StateWorker[]): string[] {
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

export function nextItems(ctx: Ctx, state: CoordinationState, pathIndex: Map<RefKey, number>): string[] {
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

export function phaseItems(ctx: Ctx, state: CoordinationState): { items: string[]; unphased: number } {
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
