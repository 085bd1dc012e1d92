// The daily synthesis (SPEC §6): the body of the day's `## Team Status - YYYY-MM-DD` comment —
// progress, the Go/No-Go colour with its rule (go-no-go.ts), then the lists (team-status-items.ts:
// urgent items, what was completed, in progress, blocked, stale workers, next goals and phases),
// capped until the comment fits. The marker that starts it is in synthesis-marker.ts, the
// calendar in calendar.ts.
//
// Pure: the clock (`now`) and the time zone are parameters; nothing here throws on a state of the
// documented shape. Every piece of user text goes through `escapeInline`, every login through
// `quoteLogin`, so nothing pings.

import { localDate, zoneOrUtc } from "./calendar.js";
import { escapeInline } from "./escape.js";
import { DAY_MS, GO_LABEL, HOUR_MS, newestFirst, plural, progressBar, timeOf } from "./format.js";
import { DEFAULT_THRESHOLDS, factsOf, goNoGoRules, rulesNote, verdictOf, type SynthesisThresholds, type Verdict } from "./go-no-go.js";
import type { RepoContext } from "./refs.js";
import { synthesisMarker } from "./synthesis-marker.js";
import {
  blockedItems,
  completedItems,
  inProgressItems,
  MAX,
  nextItems,
  phaseItems,
  staleItems,
  urgentItems,
  when,
  type Ctx,
} from "./team-status-items.js";
import type { CoordinationState, RefKey } from "./types.js";

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
  /**
   * When tracked issues were last closed (`RawIssue.closedAt`): an issue closed since the previous
   * synthesis without a Complete report is listed as completed by it. Absent: reports only.
   */
  closedAt?: ReadonlyMap<RefKey, string | null>;
  thresholds?: SynthesisThresholds;
  /** The coordination's repository: references in it are written `#12`. */
  repo: { owner: string; repo: string };
}

/** Items per list at each level of detail, most first; the last level lists counts only. */
const LIST_CAPS = [25, 10, 3, 0] as const;

/** A list capped at the level's item count, with "and N more"; `none` when empty (null: omit). */
function section(title: string, items: string[], cap: number, none: string | null, more = "more"): string | null {
  if (items.length === 0) return none === null ? null : `**${title}**: ${none}`;
  const head = `**${title}** (${items.length}):`;
  if (cap <= 0) return `${head} not listed, to keep this comment within GitHub's size limit.`;
  const shown = items.slice(0, cap);
  const rest = items.length - shown.length;
  return [head, "", ...shown, ...(rest > 0 ? [`- … and ${rest} ${more}`] : [])].join("\n");
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
    section(completedTitle, completedItems(ctx, current, since, input.closedAt ?? new Map()), cap, "None"),
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
