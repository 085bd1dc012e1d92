// The daily synthesis (SPEC §6): one `## Team Status - YYYY-MM-DD` comment per calendar day in the
// configured time zone, found again by a hidden marker that carries the date and the time it was
// written, plus the Go/No-Go verdict with the rule that set it (SPEC §1).
//
// Pure: the clock (`now`) and the time zone are parameters; nothing here throws. Every piece of
// user text goes through `escapeInline`, every login through `quoteLogin`, so nothing pings.

import { escapeInline, quoteLogin } from "./escape.js";
import { formatDuration } from "./duration.js";
import { DAY_MS, GO_LABEL, link, newestFirst, plural, progressBar, refMarkdown, timeOf } from "./format.js";
import { formatRef, parseRefKey, type RepoContext } from "./refs.js";
import type { CoordinationState, GoNoGo, RawComment, RefKey, StateIssue, StateReport, StateWorker } from "./types.js";

// ---------------------------------------------------------------------------
// Go/No-Go

/**
 * What sets the Go/No-Go colour. The first rule that fires decides, RED before YELLOW:
 *
 * - RED when `redOnUrgent` and an urgent item is open (an urgent comment whose issue is not done);
 * - RED when `redOnBlockedCriticalPath` and an issue on the critical path is *stuck* (below);
 * - RED when `redOnRejectedGate` (default on) and a gate carries a NO-GO;
 * - YELLOW when at least `yellowOnStaleWorkers` workers are stale (0 disables);
 * - YELLOW when at least `yellowOnBlocked` issues off the critical path are stuck (0 disables);
 *   with `redOnBlockedCriticalPath` off, stuck critical-path issues count here instead;
 * - YELLOW when `yellowOnCycles` and the dependency graph has a cycle;
 * - GREEN otherwise.
 *
 * An issue is *stuck* when its status is blocked and either the latest report on it says Blocked,
 * or it has no open blocker recorded, or one of its blockers is missing (cannot finish). An issue
 * that only waits for open dependencies is the plan at work, not a problem: it is listed under
 * Blocked ("waiting on …") but does not change the colour — what it waits for does, if stuck.
 */
export interface SynthesisThresholds {
  redOnUrgent: boolean;
  redOnBlockedCriticalPath: boolean;
  /** At least this many stale workers → YELLOW; 0 disables. */
  yellowOnStaleWorkers: number;
  /** At least this many stuck issues off the critical path → YELLOW; 0 disables. */
  yellowOnBlocked: number;
  yellowOnCycles: boolean;
  /** A gate with a NO-GO (rejected) → RED. Absent means true. */
  redOnRejectedGate?: boolean;
}

export const DEFAULT_THRESHOLDS: SynthesisThresholds = Object.freeze({
  redOnUrgent: true,
  redOnBlockedCriticalPath: true,
  yellowOnStaleWorkers: 1,
  yellowOnBlocked: 1,
  yellowOnCycles: true,
  redOnRejectedGate: true,
});

interface Rules {
  redOnUrgent: boolean;
  redOnBlockedCriticalPath: boolean;
  redOnRejectedGate: boolean;
  yellowOnStaleWorkers: number;
  yellowOnBlocked: number;
  yellowOnCycles: boolean;
}

/** Thresholds with anything missing or unusable replaced: booleans default, counts < 1 or NaN disable. */
function normalise(t: SynthesisThresholds | undefined | null): Rules {
  const o: Partial<SynthesisThresholds> = typeof t === "object" && t !== null ? t : {};
  const flag = (v: unknown, d: boolean) => (typeof v === "boolean" ? v : d);
  const count = (v: unknown, d: number) => {
    if (v === undefined) return d;
    return typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.ceil(v) : 0;
  };
  return {
    redOnUrgent: flag(o.redOnUrgent, true),
    redOnBlockedCriticalPath: flag(o.redOnBlockedCriticalPath, true),
    redOnRejectedGate: flag(o.redOnRejectedGate, true),
    yellowOnStaleWorkers: count(o.yellowOnStaleWorkers, 1),
    yellowOnBlocked: count(o.yellowOnBlocked, 1),
    yellowOnCycles: flag(o.yellowOnCycles, true),
  };
}

/** Facts about a state that the verdict and the comment share. */
interface Facts {
  home: RepoContext | null;
  byRef: Map<RefKey, StateIssue>;
  onPath: Set<RefKey>;
  /** Reports (not standups) per issue, newest first. */
  reportsByIssue: Map<RefKey, StateReport[]>;
}

function factsOf(state: CoordinationState, home: RepoContext | null): Facts {
  const byRef = new Map<RefKey, StateIssue>();
  for (const i of state.issues) if (!byRef.has(i.ref)) byRef.set(i.ref, i);
  const reportsByIssue = new Map<RefKey, StateReport[]>();
  for (const r of newestFirst(state.reports)) {
    if (r.kind !== "report" || r.issue === null) continue;
    const list = reportsByIssue.get(r.issue);
    if (list) list.push(r);
    else reportsByIssue.set(r.issue, [r]);
  }
  return { home, byRef, onPath: new Set(state.criticalPath), reportsByIssue };
}

function homeOf(state: CoordinationState): RepoContext | null {
  const ref = typeof state.coordination === "string" ? parseRefKey(state.coordination) : null;
  return ref ? { owner: ref.owner, repo: ref.repo } : null;
}

function openBlockers(issue: StateIssue, f: Facts): RefKey[] {
  return issue.blockedBy.filter((b) => f.byRef.get(b)?.status !== "done");
}

/** Blocked for a reason other than waiting for open dependencies (see `SynthesisThresholds`). */
function isStuck(issue: StateIssue, f: Facts): boolean {
  if (issue.status !== "blocked") return false;
  if (f.reportsByIssue.get(issue.ref)?.[0]?.status === "blocked") return true;
  const open = openBlockers(issue, f);
  return open.length === 0 || open.some((b) => f.byRef.get(b)?.status === "missing");
}

/** Urgent items whose issue is not done, one per issue, oldest first. */
function openUrgentRefs(state: CoordinationState, f: Facts): RefKey[] {
  const out: RefKey[] = [];
  const seen = new Set<RefKey>();
  const add = (ref: RefKey) => {
    if (seen.has(ref) || f.byRef.get(ref)?.status === "done") return;
    seen.add(ref);
    out.push(ref);
  };
  for (const u of state.urgent) add(u.ref);
  for (const i of state.issues) if (i.urgent) add(i.ref);
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** Gates have no fixed shape yet (`unknown[]`): a NO-GO is read from `state`, `status` or `decision`. */
function rejectedGateNames(gates: readonly unknown[], home: RepoContext | null): string[] {
  const out: string[] = [];
  for (const g of gates) {
    if (!isObj(g)) continue;
    const word = (str(g.state) ?? str(g.status) ?? str(g.decision) ?? "").trim();
    if (!(g.rejected === true || /^(?:no-?go|rejected|failed)$/i.test(word))) continue;
    const name = str(g.name) ?? str(g.title);
    const ref = str(g.ref);
    const refLabel = ref !== null ? plainRef(ref, home) : null;
    out.push(
      name !== null && name.trim() !== ""
        ? `"${plain(name, 60)}"${refLabel !== null ? ` (${refLabel})` : ""}`
        : (refLabel ?? "(unnamed)"),
    );
  }
  return out;
}

/** One line of plain text (the rule is plain text: whoever renders it escapes it). */
function plain(text: string, max: number): string {
  let s = "";
  for (const ch of String(text)) {
    const c = ch.codePointAt(0) ?? 0;
    const blank = c <= 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || /\s/.test(ch);
    if (!blank) s += ch;
    else if (s !== "" && !s.endsWith(" ")) s += " ";
    if (s.length > max + 1) break;
  }
  s = s.trimEnd();
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** `#12` in the coordination's repository, `owner/repo#12` elsewhere; odd keys as bounded text. */
function plainRef(key: string, home: RepoContext | null): string {
  const ref = parseRefKey(key);
  if (!ref) return plain(key, 120);
  return home ? formatRef(ref, home) : `${ref.owner}/${ref.repo}#${ref.number}`;
}

/** A few names, then how many more. */
function few(names: string[], max = 5): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

interface Verdict {
  status: GoNoGo;
  /** Why, without the colour prefix. */
  reason: string;
}

function verdictOf(state: CoordinationState, rules: Rules, f: Facts): Verdict {
  const ref = (k: RefKey) => plainRef(k, f.home);
  const red: string[] = [];
  if (rules.redOnUrgent) {
    const urgent = openUrgentRefs(state, f);
    if (urgent.length === 1) red.push(`urgent item open on ${few(urgent.map(ref))}`);
    else if (urgent.length > 1) red.push(`${urgent.length} urgent items open (${few(urgent.map(ref))})`);
  }
  const stuck = state.issues.filter((i) => isStuck(i, f));
  const stuckOnPath = stuck.filter((i) => f.onPath.has(i.ref));
  if (rules.redOnBlockedCriticalPath && stuckOnPath.length > 0) {
    red.push(
      stuckOnPath.length === 1
        ? `${few(stuckOnPath.map((i) => ref(i.ref)))} on the critical path is blocked`
        : `${stuckOnPath.length} critical-path issues are blocked (${few(stuckOnPath.map((i) => ref(i.ref)))})`,
    );
  }
  if (rules.redOnRejectedGate) {
    const gates = rejectedGateNames(Array.isArray(state.gates) ? state.gates : [], f.home);
    if (gates.length === 1) red.push(`gate ${few(gates)} is NO-GO`);
    else if (gates.length > 1) red.push(`${gates.length} gates are NO-GO (${few(gates, 3)})`);
  }
  if (red.length > 0) return { status: "RED", reason: red.join("; ") };

  const yellow: string[] = [];
  const calm: string[] = [];
  const staleWorkers = state.workers.filter((w) => w.stale);
  const staleNames = staleWorkers.map((w) => `Worker ${plain(w.id, 40)}`);
  if (rules.yellowOnStaleWorkers > 0 && staleWorkers.length >= rules.yellowOnStaleWorkers) {
    yellow.push(`${plural(staleWorkers.length, "stale worker")} (${few(staleNames)})`);
  } else if (staleWorkers.length > 0) {
    const note = rules.yellowOnStaleWorkers > 0 ? `YELLOW from ${rules.yellowOnStaleWorkers}` : "not counted";
    calm.push(`${plural(staleWorkers.length, "stale worker")} (${note})`);
  } else calm.push("no stale worker");

  const counted = rules.redOnBlockedCriticalPath ? stuck.filter((i) => !f.onPath.has(i.ref)) : stuck;
  const where = rules.redOnBlockedCriticalPath ? " off the critical path" : "";
  const blockedNames = counted.map((i) => ref(i.ref) + (f.onPath.has(i.ref) ? " on the critical path" : ""));
  if (rules.yellowOnBlocked > 0 && counted.length >= rules.yellowOnBlocked) {
    yellow.push(
      counted.length === 1
        ? `${few(blockedNames)} is blocked${where}`
        : `${counted.length} issues blocked${where} (${few(blockedNames)})`,
    );
  } else if (counted.length > 0) {
    const note = rules.yellowOnBlocked > 0 ? `YELLOW from ${rules.yellowOnBlocked}` : "not counted";
    calm.push(`${plural(counted.length, "blocked issue")}${where} (${note})`);
  } else calm.push(`no blocked issue${where}`);

  const cycles = Array.isArray(state.cycles) ? state.cycles.filter((c) => Array.isArray(c) && c.length > 0) : [];
  const firstCycle = cycles[0];
  if (rules.yellowOnCycles && firstCycle !== undefined) {
    const shown = firstCycle.slice(0, 6).map(ref);
    const loop = firstCycle.length <= 6 ? [...shown, ref(firstCycle[0] ?? "")] : [...shown, "…"];
    yellow.push(`${plural(cycles.length, "dependency cycle")} (${loop.join(" → ")})`);
  } else if (cycles.length > 0) calm.push(`${plural(cycles.length, "dependency cycle")} (not counted)`);
  else calm.push("no dependency cycle");

  if (yellow.length > 0) return { status: "YELLOW", reason: yellow.join("; ") };
  const checked: string[] = [];
  if (rules.redOnUrgent) checked.push("no open urgent item");
  if (rules.redOnBlockedCriticalPath) checked.push("critical path not blocked");
  if (rules.redOnRejectedGate) checked.push("no NO-GO gate");
  return { status: "GREEN", reason: [...checked, ...calm].join(", ") };
}

/**
 * The Go/No-Go colour of a state and the rule that set it, in words, as plain text starting with
 * the colour (`RED: #973 on the critical path is blocked`). Names in it are bounded and on one
 * line but not Markdown-escaped: escape the rule when rendering it (the dashboard escapes
 * `statusReason`). Refs are short in the coordination's repository. Stale flags are taken from
 * `state.workers` as they are (`renderSynthesis` recomputes them for its clock first).
 */
export function goNoGoVerdict(state: CoordinationState, t: SynthesisThresholds): { status: GoNoGo; rule: string } {
  try {
    const v = verdictOf(state, normalise(t), factsOf(state, homeOf(state)));
    return { status: v.status, rule: plain(`${v.status}: ${v.reason}`, 500) };
  } catch {
    return { status: "YELLOW", rule: "YELLOW: the state could not be read to set the colour" };
  }
}

// ---------------------------------------------------------------------------
// Dates in a time zone

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
  } catch {
    return null;
  }
  if (formatters.size >= 64) formatters.clear();
  formatters.set(timeZone, f);
  return f;
}

/** The zone if `Intl` knows it, `UTC` otherwise. */
function zoneOrUtc(timeZone: unknown): string {
  return typeof timeZone === "string" && timeZone !== "" && formatterFor(timeZone) !== null ? timeZone : "UTC";
}

/** Wall-clock date and time of `t` in `timeZone` (`YYYY-MM-DD`, `HH:MM`). */
function wallClock(t: number, timeZone: string): { date: string; time: string } {
  const f = formatterFor(zoneOrUtc(timeZone));
  const d = new Date(Number.isFinite(t) ? t : 0);
  if (f !== null) {
    try {
      const p: Record<string, string> = {};
      for (const part of f.formatToParts(d)) p[part.type] = part.value;
      const year = Number(p.year);
      if (Number.isInteger(year) && p.month && p.day && p.hour && p.minute) {
        const hour = p.hour === "24" ? "00" : p.hour;
        return { date: `${String(year).padStart(4, "0")}-${p.month}-${p.day}`, time: `${hour}:${p.minute}` };
      }
    } catch {
      // fall through to UTC
    }
  }
  const iso = Number.isFinite(d.getTime()) ? d.toISOString() : new Date(0).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/**
 * The ISO calendar date (`YYYY-MM-DD`) of `now` in `timeZone` (an IANA name; DST and dates on
 * either side of midnight come from `Intl`). An unknown zone counts as UTC; an invalid `now` as
 * the epoch.
 */
export function localDate(now: Date, timeZone: string): string {
  const t = now instanceof Date ? now.getTime() : Number.NaN;
  return wallClock(Number.isFinite(t) ? t : 0, timeZone).date;
}

// ---------------------------------------------------------------------------
// The marker

const MARKER_PREFIX = "<!-- coordinator:synthesis:";
const AT_PREFIX = "<!-- coordinator:synthesis-at:";
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

function isCalendarDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(2000, mo, 0)).getUTCDate(); // month length in a leap year
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (mo === 2 && !leap ? 28 : days);
}

function normaliseAt(at: string): string | null {
  if (!ISO_RE.test(at)) return null;
  const t = Date.parse(at);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/**
 * The hidden marker of the synthesis of `date`: `<!-- coordinator:synthesis:2025-11-18 -->`. With
 * `at` (an ISO time), the marker is followed on the same line by
 * `<!-- coordinator:synthesis-at:2025-11-18T09:00:00.000Z -->`, so a body always starts with
 * `synthesisMarker(date)` (find today's comment with `body.startsWith(synthesisMarker(date))`, as
 * the other replies are found) and `parseSynthesisMarker` reads both. A bad date or time is not
 * written into a marker: an invalid `date` gives the marker of `0000-00-00`, an invalid `at` is left out.
 */
export function synthesisMarker(date: string, at?: string | null): string {
  const d = typeof date === "string" && isCalendarDate(date) ? date : "0000-00-00";
  const iso = typeof at === "string" ? normaliseAt(at) : null;
  return `${MARKER_PREFIX}${d} -->` + (iso !== null ? ` ${AT_PREFIX}${iso} -->` : "");
}

/**
 * Reads our marker from the start of a body: the date, and the time the synthesis was written
 * when the body carries it (null otherwise, e.g. a marker written by hand). Also accepts the
 * one-comment form `<!-- coordinator:synthesis:2025-11-18 at=2025-11-18T09:00:00.000Z -->`.
 * Null when the body does not start with a synthesis marker or the date is not a calendar date.
 */
export function parseSynthesisMarker(body: string): { date: string; at: string | null } | null {
  if (typeof body !== "string") return null;
  const head = body.replace(/^\uFEFF/, "").trimStart().slice(0, 200);
  const line = head.split(/\r?\n/, 1)[0] ?? "";
  const m = /^<!-- coordinator:synthesis:(\d{4}-\d{2}-\d{2})(?: at=(\S{1,40}))? -->(?:[ \t]*<!-- coordinator:synthesis-at:(\S{1,40}) -->)?/.exec(
    line,
  );
  if (!m || m[1] === undefined || !isCalendarDate(m[1])) return null;
  const rawAt = m[3] ?? m[2];
  return { date: m[1], at: rawAt !== undefined ? normaliseAt(rawAt) : null };
}

/**
 * Among an issue's comments, our synthesis of `today` (to edit instead of posting a second one;
 * the oldest if there are several) and the time of the latest earlier synthesis (its marker's
 * time, else when the comment was last edited): `previousAt` for `renderSynthesis`. Only comments
 * this installation wrote count. Give it enough of the issue's comments to reach yesterday's
 * synthesis; when none is found the synthesis falls back to the last 24 hours.
 */
export function locateSyntheses(
  comments: ReadonlyArray<Pick<RawComment, "id" | "body" | "viewerDidAuthor" | "createdAt" | "updatedAt">>,
  today: string,
): { todayId: number | null; previousAt: string | null } {
  let todayId: number | null = null;
  let previous: { date: string; at: string } | null = null;
  for (const c of Array.isArray(comments) ? comments : []) {
    if (!c || c.viewerDidAuthor !== true) continue;
    const marker = parseSynthesisMarker(c.body);
    if (marker === null) continue;
    if (marker.date === today) {
      if (todayId === null || c.id < todayId) todayId = c.id;
      continue;
    }
    if (marker.date > today) continue; // written under another time zone or clock: not "previous"
    const at = marker.at ?? normaliseAt(c.updatedAt) ?? normaliseAt(c.createdAt);
    if (at === null) continue;
    if (previous === null || marker.date > previous.date || (marker.date === previous.date && at > previous.at)) {
      previous = { date: marker.date, at };
    }
  }
  return { todayId, previousAt: previous?.at ?? null };
}

// ---------------------------------------------------------------------------
// Rendering

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

function rulesNote(rules: Rules): string {
  const red: string[] = [];
  if (rules.redOnUrgent) red.push("an open urgent item");
  if (rules.redOnBlockedCriticalPath) red.push("a blocked issue on the critical path");
  if (rules.redOnRejectedGate) red.push("a NO-GO gate");
  const yellow: string[] = [];
  if (rules.yellowOnStaleWorkers > 0) yellow.push(`${plural(rules.yellowOnStaleWorkers, "stale worker")} or more`);
  if (rules.yellowOnBlocked > 0) {
    yellow.push(
      `${plural(rules.yellowOnBlocked, "blocked issue")} or more${rules.redOnBlockedCriticalPath ? " off the critical path" : ""}`,
    );
  }
  if (rules.yellowOnCycles) yellow.push("a dependency cycle");
  const redText = red.length > 0 ? `RED on ${red.join(", ")}` : "RED never";
  const yellowText = yellow.length > 0 ? `YELLOW on ${yellow.join(", ")}` : "YELLOW never";
  return (
    `<sub>${redText}; ${yellowText}; GREEN otherwise. Blocked counts an issue reported Blocked ` +
    `or blocked with no open blocking issue; issues waiting on open dependencies do not count.</sub>`
  );
}

function renderAt(input: SynthesisInput, cap: number): string {
  const now = input.now instanceof Date && Number.isFinite(input.now.getTime()) ? input.now.getTime() : 0;
  const zone = zoneOrUtc(input.timeZone);
  const state = input.state;
  const hours = typeof input.staleAfterHours === "number" && input.staleAfterHours > 0 ? input.staleAfterHours : 24;
  const workers = state.workers.map((w) => {
    const t = timeOf(w.lastReportAt);
    return { ...w, stale: t !== null && now - t > hours * 3_600_000 && w.status !== "complete" };
  });
  const current: CoordinationState = { ...state, workers };
  const home: RepoContext = { owner: String(input.repo?.owner ?? ""), repo: String(input.repo?.repo ?? "") };
  const ctx: Ctx = { ...factsOf(current, home), home, now, zone, reports: newestFirst(state.reports) };
  const rules = normalise(input.thresholds ?? DEFAULT_THRESHOLDS);
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
 * `SYNTHESIS_MAX_CHARS`. Never throws.
 */
export function renderSynthesis(input: SynthesisInput): string {
  try {
    for (const cap of LIST_CAPS) {
      const body = renderAt(input, cap);
      if (body.length <= SYNTHESIS_MAX_CHARS) return body;
    }
  } catch {
    // fall through to the minimal body
  }
  const now = input?.now instanceof Date ? input.now : new Date(0);
  const date = localDate(now, input?.timeZone ?? "UTC");
  const at = Number.isFinite(now.getTime()) ? now.toISOString() : null;
  return `${synthesisMarker(date, at)}\n\n## Team Status - ${date}\n\nThe status could not be summarised from the coordination's state; see the dashboard.\n`;
}
