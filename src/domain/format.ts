// The formatting the dashboard, the Team Status and the replies share: times and ages, links and
// references, tables and capped lists, progress bars, the status labels, and the order reports
// are shown in. Pure: `now` is a parameter; nothing here throws.

import { escapeInline } from "./escape.js";
import { formatRef, parseRefKey, type RepoContext } from "./refs.js";
import type { GoNoGo, IssueStatus, RefKey, ReportStatus, StateReport } from "./types.js";

// ---------------------------------------------------------------------------
// Times

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Milliseconds since the epoch of an ISO time; null for anything `Date.parse` cannot read. */
export function timeOf(iso: unknown): number | null {
  if (typeof iso !== "string") return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

/** The clock as milliseconds; NaN for anything that is not a valid `Date`. */
export function nowMs(now: Date): number {
  const t = now instanceof Date ? now.getTime() : Number.NaN;
  return Number.isFinite(t) ? t : Number.NaN;
}

/** `YYYY-MM-DD HH:MM UTC`. */
export function formatUtc(t: number | null): string {
  if (t === null) return "unknown time";
  const d = new Date(t);
  if (!Number.isFinite(d.getTime())) return "unknown time";
  const iso = d.toISOString();
  if (!/^\d{4}-/.test(iso)) return "unknown time";
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

const UNKNOWN_AGE = "at an unknown time";

/** `just now`, `5m ago`, `3h ago` (under 48 hours), `4d ago`; a time from the future is "just now". */
export function formatAge(t: number | null, now: number): string {
  if (t === null || !Number.isFinite(now)) return UNKNOWN_AGE;
  const mins = Math.floor((now - t) / 60_000);
  if (mins < 1) return "just now"; // includes small clock skew into the future
  if (mins < 60) return `${mins}m ago`;
  const hours = Math.floor(mins / 60);
  if (hours < 48) return `${hours}h ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

/** `2025-11-18 09:00 UTC (3h ago)`; without a readable time, `at an unknown time`. */
export function formatWhen(t: number | null, now: number): string {
  if (t === null) return UNKNOWN_AGE;
  return Number.isFinite(now) ? `${formatUtc(t)} (${formatAge(t, now)})` : formatUtc(t);
}

/** `45m`, `2h 30m`, `1d 3h`: durations as the dashboard and replies show them. */
export function formatMinutes(minutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  if (total < 60) return `${total}m`;
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  return [d ? `${d}d` : "", h ? `${h}h` : "", m ? `${m}m` : ""].filter((x) => x !== "").join(" ");
}

// ---------------------------------------------------------------------------
// Order

/** Newest first: time descending, unparseable times last, then comment id descending. Stable. */
export function newestFirst(reports: readonly StateReport[]): StateReport[] {
  return reports
    .map((r) => ({ r, t: timeOf(r.at) ?? -Infinity }))
    .sort((a, b) => (b.t === a.t ? b.r.commentId - a.r.commentId : b.t > a.t ? 1 : -1))
    .map((x) => x.r);
}

// ---------------------------------------------------------------------------
// Links and references

/** Only plain https links without characters that could end the Markdown link early. */
export function safeUrl(url: unknown): string | null {
  return typeof url === "string" && url.length <= 500 && /^https:\/\/[^\s()<>`"'\\|[\]]+$/.test(url) ? url : null;
}

/** `[text](url)` for a safe URL; null otherwise (leave the link out). */
export function link(text: string, url: unknown): string | null {
  const u = safeUrl(url);
  return u === null ? null : `[${text}](${u})`;
}

/** `#12` in `home`'s repository, `owner/repo#12` elsewhere; anything else as it is. Plain text. */
export function shortRef(key: RefKey, home: RepoContext | null): string {
  const parsed = parseRefKey(key);
  if (parsed === null) return key;
  return home === null ? `${parsed.owner}/${parsed.repo}#${parsed.number}` : formatRef(parsed, home);
}

/**
 * A reference for Markdown: short in `home`'s repository; anything that is not a reference (the
 * state block can be edited by others) is escaped text.
 */
export function refMarkdown(key: RefKey, home: RepoContext): string {
  return parseRefKey(key) === null ? escapeInline(key, 120) : shortRef(key, home);
}

// ---------------------------------------------------------------------------
// Text

/** At most `max` UTF-16 units, never splitting a surrogate pair; an ellipsis marks a cut. */
export function clip(text: string, max: number): string {
  const s = typeof text === "string" ? text : String(text);
  if (s.length <= max) return s;
  let end = Math.max(0, max - 1);
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return s.slice(0, end) + "…";
}

// ---------------------------------------------------------------------------
// Lists and tables

/** `1 issue`, `2 issues`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** At most `max` items joined, then how many were left out. */
export function capped(items: string[], max: number, sep = ", "): string {
  if (items.length <= max) return items.join(sep);
  return `${items.slice(0, max).join(sep)}${sep}… (+${items.length - max} more)`;
}

export function row(cells: string[]): string {
  return "| " + cells.join(" | ") + " |";
}

export function table(header: string[], rows: string[][]): string {
  return [row(header), row(header.map(() => "---")), ...rows.map(row)].join("\n");
}

export function collapsible(summary: string, content: string, collapse: boolean): string {
  if (!collapse) return content;
  return `<details><summary>${summary}</summary>\n\n${content}\n\n</details>`;
}

// ---------------------------------------------------------------------------
// Counts and progress

function finite(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** A whole count ≥ 0; 0 for anything that is not a finite number. */
export function count(n: number): number {
  return finite(n) ? Math.max(0, Math.trunc(n)) : 0;
}

/** Whole percent, rounded down (99.6% is not 100%). */
export function percent(done: number, total: number): number {
  if (!finite(done) || !finite(total) || total <= 0) return 0;
  return Math.floor(Math.min(1, Math.max(0, done / total)) * 100);
}

/** `cells` cells of `█` (done) and `░`, rounded down so the bar is full only when all is done. */
export function progressBar(done: number, total: number, cells = 20): string {
  const n = Number.isFinite(cells) ? Math.max(0, Math.floor(cells)) : 20;
  const ratio = finite(done) && finite(total) && total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.floor(ratio * n);
  return "█".repeat(filled) + "░".repeat(n - filled);
}

// ---------------------------------------------------------------------------
// Labels

export const GO_LABEL: Record<GoNoGo, string> = { GREEN: "🟢 GREEN", YELLOW: "🟡 YELLOW", RED: "🔴 RED" };

/** How statuses read in the dashboard and in replies (`/context`, `/status`). */
export const REPORT_LABEL: Record<ReportStatus, string> = {
  complete: "✅ Complete",
  in_progress: "🔄 In Progress",
  blocked: "⚠️ Blocked",
};

export const ISSUE_LABEL: Record<IssueStatus, string> = {
  done: "✅ Done",
  in_progress: "🔄 In progress",
  blocked: "⚠️ Blocked",
  ready: "▶️ Ready",
  missing: "❓ Missing",
};
