// The dashboard block in the coordination issue's body: rendering AND parsing live here, with the
// markers defined once, so the two cannot drift. Pure: `now` is a parameter; nothing throws.

import { createHash } from "node:crypto";
import { escapeInline, escapeJsonForComment, quoteLogin } from "./escape.js";
import {
  capped,
  collapsible,
  count,
  formatMinutes,
  formatUtc,
  formatWhen,
  GO_LABEL,
  ISSUE_LABEL,
  link,
  newestFirst,
  percent,
  progressBar,
  refMarkdown,
  REPORT_LABEL,
  table,
  timeOf,
} from "./format.js";
import { isNumber as isNum, isOneOf as oneOf, isRecord as isObj, isString as isStr, isStringArray as isStrArr } from "./guards.js";
import { mermaidGraphSize, renderMermaid } from "./mermaid.js";
import type {
  CoordinationState,
  EdgeSource,
  GateState,
  GoNoGo,
  IssueStatus,
  RefKey,
  ReportStatus,
  StateEdge,
  StateGate,
  StateIssue,
  StateReport,
  StateUrgent,
  StateWorker,
} from "./types.js";

export const DASHBOARD_START = "<!-- coordinator:dashboard:start -->";
export const DASHBOARD_END = "<!-- coordinator:dashboard:end -->";
export const STATE_PREFIX = "<!-- coordinator:state ";
export const STATE_SUFFIX = " -->";
/** GitHub's body limit is 65,536 characters; stay well under it. */
export const DASHBOARD_MAX_CHARS = 60_000;
/** GitHub may answer 200 and keep the old body above this size. */
export const DASHBOARD_MAX_BYTES = 256 * 1024;

// ---------------------------------------------------------------------------
// Locating the block

export interface BodyParts {
  before: string;
  dashboard: string | null;
  after: string;
}

/**
 * Splits a body into the orchestrator's text and our block. The block is the first end marker
 * that follows a start marker, paired with the nearest start before it: an orphaned start (a
 * start with no end, which we treat as "no dashboard") then stays in the user's text even after we
 * append a fresh block below it, instead of swallowing everything in between on the next write.
 * Without a complete block: `{ before: body, dashboard: null, after: "" }`.
 */
export function splitBody(body: string): BodyParts {
  const first = body.indexOf(DASHBOARD_START);
  if (first < 0) return { before: body, dashboard: null, after: "" };
  const end = body.indexOf(DASHBOARD_END, first + DASHBOARD_START.length);
  if (end < 0) return { before: body, dashboard: null, after: "" };
  const start = body.lastIndexOf(DASHBOARD_START, end - DASHBOARD_START.length);
  const stop = end + DASHBOARD_END.length;
  return { before: body.slice(0, start), dashboard: body.slice(start, stop), after: body.slice(stop) };
}

/** Replaces only the marked block; without one, appends it after a blank line. */
export function replaceDashboard(body: string, dashboardMarkdown: string): string {
  const parts = splitBody(body);
  if (parts.dashboard !== null) return parts.before + dashboardMarkdown + parts.after;
  return body + separatorAfter(body) + dashboardMarkdown;
}

/** What to add after `body` so that the next line starts after a blank line. */
function separatorAfter(body: string): string {
  if (body === "") return "";
  let newlines = 0;
  for (let i = body.length - 1; i >= 0 && newlines < 2; i--) {
    const ch = body[i];
    if (ch === "\n") newlines += 1;
    else if (ch !== " " && ch !== "\t" && ch !== "\r") break;
  }
  return newlines >= 2 ? "" : newlines === 1 ? "\n" : "\n\n";
}

// ---------------------------------------------------------------------------
// Parsing the state block

/** The state block of the dashboard (only inside the markers), validated; null when absent or invalid. */
export function parseState(body: string): CoordinationState | null {
  const { dashboard } = splitBody(body);
  if (dashboard === null) return null;
  const at = dashboard.lastIndexOf(STATE_PREFIX);
  if (at < 0) return null;
  const from = at + STATE_PREFIX.length;
  // The escaped JSON holds no `--`, so the first `-->` closes our comment.
  const close = dashboard.indexOf("-->", from);
  if (close < 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(dashboard.slice(from, close));
  } catch {
    return null;
  }
  return validateState(value);
}

type Obj = Record<string, unknown>;

function isStrOrNull(v: unknown): v is string | null {
  return v === null || typeof v === "string";
}
function isNumOrNull(v: unknown): v is number | null {
  return v === null || isNum(v);
}
function isStrArrArr(v: unknown): v is string[][] {
  return Array.isArray(v) && v.every(isStrArr);
}

const ISSUE_STATUSES: readonly IssueStatus[] = ["done", "in_progress", "blocked", "ready", "missing"];
const REPORT_STATUSES: readonly ReportStatus[] = ["complete", "in_progress", "blocked"];
const GO_NO_GO: readonly GoNoGo[] = ["GREEN", "YELLOW", "RED"];
const EDGE_SOURCES: readonly EdgeSource[] = [
  "body",
  "table",
  "arrow",
  "native",
  "sub-issue",
  "report",
  "command",
];

function reportStatusOrNull(v: unknown): v is ReportStatus | null {
  return v === null || oneOf(REPORT_STATUSES, v);
}

function toIssue(v: unknown): StateIssue | null {
  if (!isObj(v)) return null;
  const { ref, number, title, state, stateReason, status, blockedBy, assignees, worker } = v;
  const { estimateMinutes, wave, urgent } = v;
  if (!isStr(ref) || !isNum(number) || !isStr(title)) return null;
  if (!(state === null || state === "open" || state === "closed")) return null;
  if (!isStrOrNull(stateReason) || !oneOf(ISSUE_STATUSES, status)) return null;
  if (!isStrArr(blockedBy) || !isStrArr(assignees) || !isStrOrNull(worker)) return null;
  if (!isNumOrNull(estimateMinutes) || !isNumOrNull(wave) || typeof urgent !== "boolean") return null;
  return {
    ref,
    number,
    title,
    state,
    stateReason,
    status,
    blockedBy: [...blockedBy],
    assignees: [...assignees],
    worker,
    estimateMinutes,
    wave,
    urgent,
  };
}

function toEdge(v: unknown): StateEdge | null {
  if (!isObj(v)) return null;
  const { from, to, source } = v;
  if (!isStr(from) || !isStr(to) || !oneOf(EDGE_SOURCES, source)) return null;
  return { from, to, source };
}

function toWorker(v: unknown): StateWorker | null {
  if (!isObj(v)) return null;
  const { id, login, issue, status, lastReportAt, stale } = v;
  if (!isStr(id) || !isStr(login) || !isStrOrNull(issue) || !reportStatusOrNull(status)) return null;
  if (!isStr(lastReportAt) || typeof stale !== "boolean") return null;
  return { id, login, issue, status, lastReportAt, stale };
}

function toReport(v: unknown): StateReport | null {
  if (!isObj(v)) return null;
  const { commentId, on, url, author, at, kind, worker, phase, issue, status } = v;
  const { durationMinutes, blockers, created, summary } = v;
  if (!isNum(commentId) || !isStr(on) || !isStr(url) || !isStr(author) || !isStr(at)) return null;
  if (!(kind === "report" || kind === "standup") || !isStr(worker) || !isStr(phase)) return null;
  if (!isStrOrNull(issue) || !reportStatusOrNull(status)) return null;
  if (!isNumOrNull(durationMinutes) || !isStrArr(blockers) || !isStrArr(created)) return null;
  if (!isStr(summary)) return null;
  return {
    commentId,
    on,
    url,
    author,
    at,
    kind,
    worker,
    phase,
    issue,
    status,
    durationMinutes,
    blockers: [...blockers],
    created: [...created],
    summary,
  };
}

function toUrgent(v: unknown): StateUrgent | null {
  if (!isObj(v)) return null;
  const { ref, on, commentId, url, author, at, summary } = v;
  if (!isStr(ref) || !isStr(on) || !isNum(commentId) || !isStr(url) || !isStr(author) || !isStr(at)) return null;
  if (!isStr(summary)) return null;
  return { ref, on, commentId, url, author, at, summary };
}

const GO_WORDS = /^(?:go|approved|passed|closed|done)$/i;
const NO_GO_WORDS = /^(?:no-?go|rejected|failed)$/i;

/**
 * A gate entry, from what this and older versions wrote (and what a person may have typed): its
 * `ref` is required; the decision is read from `state` (or `status`, `decision`, `rejected: true`)
 * in any of the words used for it; missing counts are 0. Fields it does not know are kept.
 */
function toGate(v: unknown): StateGate | null {
  if (!isObj(v) || !isStr(v.ref)) return null;
  const word = [v.state, v.status, v.decision].find(isStr) ?? "";
  const state: GateState = v.rejected === true || NO_GO_WORDS.test(word) ? "no-go" : GO_WORDS.test(word) ? "go" : "pending";
  const { approval: _approval, ...rest } = v;
  const gate: StateGate = {
    ...rest,
    ref: v.ref,
    name: isStr(v.name) ? v.name : isStr(v.title) ? v.title : "",
    state,
    done: isNum(v.done) ? v.done : 0,
    total: isNum(v.total) ? v.total : 0,
    unmet: isStrArr(v.unmet) ? [...v.unmet] : [],
  };
  if (isStr(v.approval)) gate.approval = v.approval;
  return gate;
}

function mapAll<T>(v: unknown, f: (item: unknown) => T | null): T[] | null {
  if (!Array.isArray(v)) return null;
  const out: T[] = [];
  for (const item of v) {
    const t = f(item);
    if (t === null) return null;
    out.push(t);
  }
  return out;
}

/**
 * Checks that a parsed value has the shape of a version-1 `CoordinationState` and returns a copy
 * holding only the known fields; null on any mismatch. Gate entries are read leniently (`toGate`).
 */
export function validateState(value: unknown): CoordinationState | null {
  if (!isObj(value) || value.version !== 1) return null;
  const v = value;
  if (!isStr(v.coordination) || !isStr(v.updatedAt) || !oneOf(GO_NO_GO, v.status)) return null;
  if (!isStr(v.statusReason) || !isStr(v.fingerprint)) return null;
  const p = v.progress;
  if (!isObj(p) || !isNum(p.done) || !isNum(p.total)) return null;
  const issues = mapAll(v.issues, toIssue);
  const edges = mapAll(v.edges, toEdge);
  const workers = mapAll(v.workers, toWorker);
  const reports = mapAll(v.reports, toReport);
  const urgent = mapAll(v.urgent, toUrgent);
  if (!issues || !edges || !workers || !reports || !urgent) return null;
  if (!isStrArrArr(v.waves) || !isStrArr(v.criticalPath) || !isStrArrArr(v.cycles)) return null;
  if (!Array.isArray(v.gates)) return null;
  // Unlike the other lists, one odd gate does not void the state: it is left out.
  const gates = v.gates.map(toGate).filter((g): g is StateGate => g !== null);
  if (v.truncated !== undefined && !isStrArr(v.truncated)) return null;
  if (v.lastSynthesisAt !== undefined && !isStr(v.lastSynthesisAt)) return null;
  const state: CoordinationState = {
    version: 1,
    coordination: v.coordination,
    updatedAt: v.updatedAt,
    status: v.status,
    statusReason: v.statusReason,
    progress: { done: p.done, total: p.total },
    issues,
    edges,
    workers,
    waves: v.waves.map((w) => [...w]),
    criticalPath: [...v.criticalPath],
    cycles: v.cycles.map((c) => [...c]),
    gates,
    reports,
    urgent,
    fingerprint: v.fingerprint,
  };
  if (v.truncated !== undefined) state.truncated = [...v.truncated];
  if (v.lastSynthesisAt !== undefined) state.lastSynthesisAt = v.lastSynthesisAt;
  return state;
}

// ---------------------------------------------------------------------------
// Fingerprint

/** Stable hash of the state without `updatedAt`, `fingerprint` and `truncated`. */
export function computeFingerprint(state: CoordinationState): string {
  const { updatedAt: _updatedAt, fingerprint: _fingerprint, truncated: _truncated, ...rest } = state;
  return createHash("sha256").update(canonicalJson(rest, 0)).digest("hex").slice(0, 32);
}

/** JSON with object keys sorted, so key order never changes the hash. */
function canonicalJson(v: unknown, depth: number): string {
  if (depth > 64) return "null"; // gate entries keep fields of later versions; never recurse without bound
  if (v === null || typeof v === "boolean") return JSON.stringify(v);
  if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) {
    return "[" + v.map((x) => (x === undefined ? "null" : canonicalJson(x, depth + 1))).join(",") + "]";
  }
  if (typeof v === "object") {
    const o = v as Obj;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined && typeof o[k] !== "function")
      .sort();
    return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonicalJson(o[k], depth + 1)).join(",") + "}";
  }
  return "null";
}

const MAX = {
  title: 100,
  summary: 200,
  reason: 300,
  worker: 40,
  phase: 60,
  listItems: 50,
  inlineRefs: 20,
  reports: 10,
  reportsDegraded: 3,
  reportsOpen: 3,
  openRows: 20,
} as const;

// ---------------------------------------------------------------------------
// Rendering

export interface RenderOptions {
  now: Date;
  repo: { owner: string; repo: string };
  /** Budget for the whole block; default DASHBOARD_MAX_CHARS. */
  maxChars?: number;
}

interface Ctx {
  now: number;
  repo: { owner: string; repo: string };
  byRef: Map<RefKey, StateIssue>;
}

/**
 * Markdown levels, each smaller than the last: 0 full; 1 fewer latest reports; 2 tracked-issues
 * table shows only issues not done; 3 no titles in tables; 4 sections summarised to counts;
 * 5 headline only.
 */
type Level = 0 | 1 | 2 | 3 | 4 | 5;

/**
 * How the dependency graph is shown: the whole Mermaid diagram, the diagram without done issues,
 * or one line of counts. The graph is the first thing to go when room is short.
 */
type GraphMode = "full" | "open" | "summary";

/** The Markdown steps tried, largest first. */
const STEPS: readonly (readonly [Level, GraphMode])[] = [
  [0, "full"],
  [0, "open"],
  [0, "summary"],
  [1, "summary"],
  [2, "summary"],
  [3, "summary"],
  [4, "summary"],
  [5, "summary"],
];

function ref(ctx: Ctx, r: RefKey): string {
  return refMarkdown(r, ctx.repo);
}

function refs(ctx: Ctx, rs: RefKey[], max: number): string {
  return capped(rs.map((r) => ref(ctx, r)), max);
}

function statusCounts(issues: StateIssue[]): Record<IssueStatus, number> {
  const c: Record<IssueStatus, number> = { done: 0, in_progress: 0, blocked: 0, ready: 0, missing: 0 };
  for (const i of issues) c[i.status] += 1;
  return c;
}

function headline(state: CoordinationState, ctx: Ctx): string {
  const { done, total } = state.progress;
  const lines = [
    `${progressBar(done, total)} **${count(done)}/${count(total)} done (${percent(done, total)}%)**` +
      ` · ${GO_LABEL[state.status]}` +
      (state.statusReason.trim() !== "" ? ` — ${escapeInline(state.statusReason, MAX.reason)}` : "") +
      ` · updated ${formatUtc(timeOf(state.updatedAt) ?? ctx.now)}` +
      (state.lastSynthesisAt !== undefined && timeOf(state.lastSynthesisAt) !== null
        ? ` · last synthesis ${formatUtc(timeOf(state.lastSynthesisAt) ?? ctx.now)}`
        : ""),
  ];
  if (state.issues.length > 0) {
    const c = statusCounts(state.issues);
    const parts = (Object.keys(ISSUE_LABEL) as IssueStatus[])
      .filter((s) => c[s] > 0)
      .map((s) => `${ISSUE_LABEL[s].split(" ")[0] ?? ""} ${c[s]} ${s.replace("_", " ")}`);
    lines.push(parts.join(" · "));
  }
  return lines.join("\n\n");
}

function urgentSection(state: CoordinationState, ctx: Ctx, compact: boolean): string | null {
  if (state.urgent.length === 0) return null;
  const head = "### 🚨 Urgent";
  if (compact) {
    return `${head}\n\n${state.urgent.length} urgent: ${refs(ctx, state.urgent.map((u) => u.ref), 10)}`;
  }
  const items = state.urgent.map((u) => {
    const l = link("comment", u.url);
    return (
      `- ${ref(ctx, u.ref)} — ${escapeInline(u.summary, MAX.summary)} — ${quoteLogin(u.author)}, ` +
      formatWhen(timeOf(u.at), ctx.now) +
      (l ? ` · ${l}` : "")
    );
  });
  return `${head}\n\n${capped(items, MAX.listItems, "\n")}`;
}

type GateView = { name: string; ref: string; state: StateGate["state"]; bar: string };

function gateView(g: StateGate, ctx: Ctx): GateView {
  const bar = `${progressBar(g.done, g.total, 10)} ${count(g.done)}/${count(g.total)}`;
  return { name: escapeInline(g.name, MAX.title), ref: ref(ctx, g.ref), state: g.state, bar };
}

function gatesSection(state: CoordinationState, ctx: Ctx, compact: boolean): string | null {
  if (state.gates.length === 0) return null;
  const views = state.gates.map((g) => gateView(g, ctx));
  const label = { go: "✅ GO", "no-go": "❌ NO-GO", pending: "⏸️ pending" } as const;
  const head = "### 🚦 Gates";
  if (compact) {
    const n = (s: GateView["state"]) => views.filter((v) => v.state === s).length;
    return `${head}\n\n${views.length} gates: ${n("go")} GO, ${n("no-go")} NO-GO, ${n("pending")} pending`;
  }
  return `${head}\n\n${table(
    ["Gate", "Issue", "Progress", "State"],
    views.map((v) => [v.name, v.ref, v.bar, label[v.state]]),
  )}`;
}

function workersSection(state: CoordinationState, ctx: Ctx, compact: boolean): string | null {
  if (state.workers.length === 0) return null;
  const head = "### 👷 Workers";
  if (compact) {
    const stale = state.workers.filter((w) => w.stale).length;
    const by = (s: ReportStatus) => state.workers.filter((w) => w.status === s).length;
    return (
      `${head}\n\n${state.workers.length} workers: ${by("complete")} complete, ` +
      `${by("in_progress")} in progress, ${by("blocked")} blocked; ${stale} stale`
    );
  }
  const rows = state.workers.map((w) => {
    const own: RefKey[] = w.issue !== null ? [w.issue] : [];
    for (const i of state.issues) if (i.worker === w.id && i.ref !== w.issue) own.push(i.ref);
    const name = escapeInline(w.id, MAX.worker) + (w.login !== "" ? ` (${quoteLogin(w.login)})` : "");
    return [
      name,
      refs(ctx, own, 10),
      w.status !== null ? REPORT_LABEL[w.status] : "—",
      formatWhen(timeOf(w.lastReportAt), ctx.now),
      w.stale ? "⏰ stale" : "",
    ];
  });
  return `${head}\n\n${table(["Worker", "Issues", "Status", "Last report", "Stale"], rows)}`;
}

function wavesSection(state: CoordinationState, ctx: Ctx, compact: boolean): string | null {
  if (state.waves.length === 0) return null;
  const head = "### 🌊 Execution waves";
  if (compact) return `${head}\n\n${state.waves.length} waves`;
  const rows = state.waves.map((wave, n) => {
    const st = wave.map((r) => ctx.byRef.get(r)?.status);
    const k = (s: IssueStatus) => String(st.filter((x) => x === s).length);
    return [String(n + 1), refs(ctx, wave, MAX.inlineRefs), k("done"), k("in_progress"), k("blocked")];
  });
  return `${head}\n\n${table(["Wave", "Issues", "✅ Complete", "🔄 In progress", "⚠️ Blocked"], rows)}`;
}

function blockedSection(state: CoordinationState, ctx: Ctx, compact: boolean): string | null {
  const blocked = state.issues.filter((i) => i.status === "blocked");
  if (blocked.length === 0) return null;
  const head = "### ⚠️ Blocked";
  if (compact) return `${head}\n\n${blocked.length} blocked: ${refs(ctx, blocked.map((i) => i.ref), 10)}`;
  const items = blocked.map((i) => {
    // A blocker already done no longer blocks; unknown blockers are shown.
    const open = i.blockedBy.filter((b) => ctx.byRef.get(b)?.status !== "done");
    const by = open.length > 0 ? `← ${refs(ctx, open, 10)}` : "(no open blocker recorded)";
    return `- ${ref(ctx, i.ref)} ${by}`;
  });
  return `${head}\n\n${capped(items, MAX.listItems, "\n")}`;
}

function readySection(state: CoordinationState, ctx: Ctx, compact: boolean): string | null {
  const ready = state.issues.filter((i) => i.status === "ready");
  if (ready.length === 0) return null;
  const head = "### ▶️ Ready to start";
  return `${head}\n\n${compact ? `${ready.length} ready: ` : ""}${refs(
    ctx,
    ready.map((i) => i.ref),
    compact ? 10 : MAX.listItems,
  )}`;
}

function criticalPathSection(state: CoordinationState, ctx: Ctx, compact: boolean): string | null {
  const path = state.criticalPath;
  if (path.length === 0) return null;
  let known = 0;
  let minutes = 0;
  const labels = path.map((r) => {
    const est = ctx.byRef.get(r)?.estimateMinutes ?? null;
    if (est === null) return ref(ctx, r);
    known += 1;
    minutes += est;
    return `${ref(ctx, r)} (${formatMinutes(est)})`;
  });
  const total =
    known === 0
      ? ""
      : known === path.length
        ? ` · ≈ ${formatMinutes(minutes)}`
        : ` · ≈ ${formatMinutes(minutes)} for the ${known} estimated`;
  const summary = `${path.length} issue${path.length === 1 ? "" : "s"}${total}`;
  const chain = capped(labels, compact ? 10 : 30, " → ");
  return `### 🎯 Critical path\n\n${chain}\n\n${summary}`;
}

function cyclesSection(state: CoordinationState, ctx: Ctx, compact: boolean): string | null {
  if (state.cycles.length === 0) return null;
  const head = "### 🔁 Dependency cycles";
  if (compact) return `${head}\n\n${state.cycles.length} cycles`;
  const items = state.cycles.map((c) => {
    const closed = c.length > 0 && c[0] !== undefined ? [...c, c[0]] : c;
    return `- ${capped(closed.map((r) => ref(ctx, r)), MAX.inlineRefs, " → ")}`;
  });
  return `${head}\n\n${capped(items, 20, "\n")}`;
}

function graphSection(state: CoordinationState, ctx: Ctx, mode: GraphMode): string | null {
  const size = mermaidGraphSize(state);
  if (size.nodes === 0) return null;
  const head = "### 🕸️ Dependency graph";
  const counts = `${size.nodes} issues, ${size.edges} dependenc${size.edges === 1 ? "y" : "ies"}`;
  if (mode !== "summary") {
    const drawn = renderMermaid(state, { repo: ctx.repo, hideDone: mode === "open" });
    if (drawn !== null) return `${head}\n\n${drawn}`;
    // Too large even without done issues (more than MERMAID_MAX_NODES, or Mermaid's own limits).
    if (mode === "full") return `${head}\n\n${counts}: too many to draw. The state block below lists them (\`edges\`).`;
  }
  return `${head}\n\n${counts}: not drawn, to keep the dashboard within GitHub's size limit.`;
}

function issueState(i: StateIssue): string {
  if (i.state === null) return "—";
  if (i.state === "closed" && i.stateReason !== null && i.stateReason !== "completed") {
    return `closed (${escapeInline(i.stateReason.replace(/_/g, " "), 30)})`;
  }
  return i.state;
}

function trackedSection(state: CoordinationState, ctx: Ctx, level: Level): string | null {
  const all = state.issues;
  if (all.length === 0) return null;
  const head = "### 📌 Tracked issues";
  if (level >= 4) {
    const c = statusCounts(all);
    return (
      `${head}\n\n${all.length} tracked: ${c.done} done, ${c.in_progress} in progress, ` +
      `${c.blocked} blocked, ${c.ready} ready, ${c.missing} missing`
    );
  }
  const shown = level >= 2 ? all.filter((i) => i.status !== "done") : all;
  const withTitle = level < 3;
  const header = ["Issue", ...(withTitle ? ["Title"] : []), "State", "Status", "Assignees", "Worker"];
  const rows = shown.map((i) => [
    (i.urgent ? "🚨 " : "") + ref(ctx, i.ref),
    ...(withTitle ? [escapeInline(i.title, MAX.title)] : []),
    issueState(i),
    ISSUE_LABEL[i.status],
    capped(i.assignees.map(quoteLogin), 5),
    i.worker !== null ? escapeInline(i.worker, MAX.worker) : "",
  ]);
  const hidden = all.length - shown.length;
  const note = hidden > 0 ? `\n\n${hidden} done issue${hidden === 1 ? "" : "s"} not shown.` : "";
  const body = (rows.length > 0 ? table(header, rows) : "All tracked issues are done.") + note;
  return `${head}\n\n${collapsible(`${all.length} tracked issues`, body, rows.length > MAX.openRows)}`;
}

function reportItem(r: StateReport, ctx: Ctx): string {
  const what = r.kind === "standup" ? "📅 Standup" : r.status !== null ? REPORT_LABEL[r.status] : "";
  const phase = r.phase.trim() !== "" ? ` (${escapeInline(r.phase, MAX.phase)})` : "";
  const parts = [
    formatWhen(timeOf(r.at), ctx.now),
    `Worker ${escapeInline(r.worker, MAX.worker)}${phase}`,
    ...(r.issue !== null ? [ref(ctx, r.issue)] : []),
    ...(what !== "" ? [what] : []),
  ];
  const summary = r.summary.trim() !== "" ? ` — ${escapeInline(r.summary, MAX.summary)}` : "";
  const l = link("comment", r.url);
  return `- ${parts.join(" · ")}${summary}${l ? ` · ${l}` : ""}`;
}

function reportsSection(state: CoordinationState, ctx: Ctx, level: Level): string | null {
  if (state.reports.length === 0) return null;
  const head = "### 📝 Latest reports";
  const sorted = newestFirst(state.reports);
  if (level >= 4) {
    const latest = sorted[0];
    const when = latest ? `, latest ${formatWhen(timeOf(latest.at), ctx.now)}` : "";
    return `${head}\n\n${state.reports.length} reports${when}`;
  }
  const max = level === 0 ? MAX.reports : MAX.reportsDegraded;
  const shown = sorted.slice(0, max).map((r) => reportItem(r, ctx));
  const open = shown.slice(0, MAX.reportsOpen).join("\n");
  const older = shown.slice(MAX.reportsOpen);
  const rest = state.reports.length - shown.length;
  let out = `${head}\n\n${open}`;
  if (older.length > 0) {
    const label = `${older.length} older report${older.length === 1 ? "" : "s"}`;
    out += `\n\n${collapsible(label, older.join("\n"), true)}`;
  }
  if (rest > 0) out += `\n\n${rest} earlier report${rest === 1 ? "" : "s"} not shown.`;
  return out;
}

function renderMarkdown(state: CoordinationState, ctx: Ctx, level: Level, graph: GraphMode): string {
  const parts: (string | null)[] = ["## 📋 Coordination dashboard", headline(state, ctx)];
  if (level < 5) {
    const compact = level >= 4;
    parts.push(
      urgentSection(state, ctx, compact),
      gatesSection(state, ctx, compact),
      workersSection(state, ctx, compact),
      wavesSection(state, ctx, compact),
      blockedSection(state, ctx, compact),
      readySection(state, ctx, compact),
      criticalPathSection(state, ctx, compact),
      cyclesSection(state, ctx, compact),
      graphSection(state, ctx, graph),
      trackedSection(state, ctx, level),
      reportsSection(state, ctx, level),
    );
  }
  return parts.filter((p): p is string => p !== null).join("\n\n");
}

// ---------------------------------------------------------------------------
// State block and budget

function stateLine(state: CoordinationState): string {
  return STATE_PREFIX + escapeJsonForComment(JSON.stringify(state)) + STATE_SUFFIX;
}

function compose(markdown: string, line: string): string {
  return `${DASHBOARD_START}\n${markdown}\n\n${line}\n${DASHBOARD_END}`;
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

function fitsIn(s: string, chars: number, bytes: number): boolean {
  return s.length <= chars && utf8Length(s) <= bytes;
}

function withNotes(state: CoordinationState, notes: string[]): CoordinationState {
  if (notes.length === 0) return state;
  return { ...state, truncated: [...(state.truncated ?? []), ...notes] };
}

const KEPT_REPORTS = 10;

/** State levels 1–4, cumulative: latest reports only; no titles; no done issues; no edges. */
function degradeState(state: CoordinationState, level: 1 | 2 | 3 | 4): CoordinationState {
  const notes: string[] = [];
  let s: CoordinationState = state;
  if (s.reports.length > KEPT_REPORTS) {
    const keep = new Set(newestFirst(s.reports).slice(0, KEPT_REPORTS));
    notes.push(`reports: kept latest ${KEPT_REPORTS} of ${s.reports.length}`);
    s = { ...s, reports: s.reports.filter((r) => keep.has(r)) };
  }
  if (level >= 2 && s.issues.some((i) => i.title !== "")) {
    notes.push("issues.title: dropped");
    s = { ...s, issues: s.issues.map((i) => ({ ...i, title: "" })) };
  }
  if (level >= 3) {
    const open = s.issues.filter((i) => i.status !== "done");
    if (open.length < s.issues.length) {
      notes.push(`issues: dropped ${s.issues.length - open.length} done (counts kept in progress)`);
      s = { ...s, issues: open };
    }
  }
  if (level >= 4 && s.edges.length > 0) {
    notes.push(`edges: dropped ${s.edges.length}`);
    s = { ...s, edges: [] };
  }
  return withNotes(s, notes);
}

/** Every list (and list inside a list item) cut to its first `k` entries. */
function capLists(state: CoordinationState, k: number): CoordinationState {
  const notes: string[] = [];
  let inner = false;
  function cap<T>(name: string, xs: T[]): T[] {
    if (xs.length <= k) return xs;
    notes.push(`${name}: kept ${k} of ${xs.length}`);
    return xs.slice(0, k);
  }
  function capInner<T>(xs: T[]): T[] {
    if (xs.length <= k) return xs;
    inner = true;
    return xs.slice(0, k);
  }
  const s: CoordinationState = {
    ...state,
    issues: cap("issues", state.issues).map((i) => ({
      ...i,
      blockedBy: capInner(i.blockedBy),
      assignees: capInner(i.assignees),
    })),
    edges: cap("edges", state.edges),
    workers: cap("workers", state.workers),
    waves: cap("waves", state.waves).map(capInner),
    criticalPath: cap("criticalPath", state.criticalPath),
    cycles: cap("cycles", state.cycles).map(capInner),
    gates: cap("gates", state.gates),
    reports: cap("reports", state.reports).map((r) => ({
      ...r,
      blockers: capInner(r.blockers),
      created: capInner(r.created),
    })),
    urgent: cap("urgent", state.urgent),
  };
  if (inner) notes.push(`nested lists: kept the first ${k} of each`);
  return withNotes(s, notes);
}

/** The last resort: no lists, bounded strings. Always small. */
function minimalState(state: CoordinationState): CoordinationState {
  const s = capLists(state, 0);
  const notes = (s.truncated ?? []).slice(0, 20).map((n) => n.slice(0, 200));
  return {
    ...s,
    coordination: s.coordination.slice(0, 200),
    updatedAt: s.updatedAt.slice(0, 40),
    statusReason: s.statusReason.slice(0, 500),
    fingerprint: s.fingerprint.slice(0, 128),
    truncated: [...notes, "all lists dropped"],
  };
}

function maxListLength(s: CoordinationState): number {
  let n = Math.max(
    s.issues.length,
    s.edges.length,
    s.workers.length,
    s.waves.length,
    s.criticalPath.length,
    s.cycles.length,
    s.gates.length,
    s.reports.length,
    s.urgent.length,
  );
  for (const i of s.issues) n = Math.max(n, i.blockedBy.length, i.assignees.length);
  for (const w of s.waves) n = Math.max(n, w.length);
  for (const c of s.cycles) n = Math.max(n, c.length);
  for (const r of s.reports) n = Math.max(n, r.blockers.length, r.created.length);
  return n;
}

/** The first state line, degrading step by step, that fits the budget. */
function budgetStateLine(state: CoordinationState, chars: number, bytes: number): string {
  const full = stateLine(state);
  if (fitsIn(full, chars, bytes)) return full;
  let last = state;
  for (const level of [1, 2, 3, 4] as const) {
    last = degradeState(state, level);
    const line = stateLine(last);
    if (fitsIn(line, chars, bytes)) return line;
  }
  // Largest k (binary search) such that every list cut to k entries fits.
  let lo = 0;
  let hi = maxListLength(last) - 1;
  let best: string | null = null;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const line = stateLine(capLists(last, mid));
    if (fitsIn(line, chars, bytes)) {
      best = line;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best ?? stateLine(minimalState(last));
}

/**
 * The whole marked block: start marker, dashboard Markdown, state block, end marker. It stays
 * within `maxChars` (and 256 KiB of UTF-8) by degrading the Markdown and the state step by step;
 * what the state lost is named in its `truncated` list, and `progress` is never changed.
 */
export function renderDashboard(state: CoordinationState, opts: RenderOptions): string {
  const maxChars =
    opts.maxChars !== undefined && Number.isFinite(opts.maxChars) && opts.maxChars > 0
      ? Math.floor(opts.maxChars)
      : DASHBOARD_MAX_CHARS;
  const maxBytes = DASHBOARD_MAX_BYTES;
  const ctx: Ctx = {
    now: opts.now.getTime(),
    repo: { owner: opts.repo.owner, repo: opts.repo.repo },
    byRef: new Map(state.issues.map((i) => [i.ref, i])),
  };
  const mdFull = renderMarkdown(state, ctx, 0, "full");
  const full = compose(mdFull, stateLine(state));
  if (fitsIn(full, maxChars, maxBytes)) return full;

  // The state may use what full Markdown leaves over, and at least half of the budget. The graph
  // does not count here: it is drawn only in the room the state leaves, never at the state's cost.
  const md0 = renderMarkdown(state, ctx, 0, "summary");
  const overhead = compose("", "").length;
  const line = budgetStateLine(
    state,
    Math.max(Math.floor(maxChars / 2), maxChars - md0.length - overhead),
    Math.max(Math.floor(maxBytes / 2), maxBytes - utf8Length(md0) - overhead),
  );
  for (const [level, graph] of STEPS) {
    const md =
      level === 0 && graph === "full"
        ? mdFull
        : level === 0 && graph === "summary"
          ? md0
          : renderMarkdown(state, ctx, level, graph);
    if (!fitsIn(compose(md, line), maxChars, maxBytes)) continue;
    // This Markdown may leave room the state can use; `line` fits, so the state never gets less.
    const roomy = budgetStateLine(state, maxChars - md.length - overhead, maxBytes - utf8Length(md) - overhead);
    const block = compose(md, roomy);
    return fitsIn(block, maxChars, maxBytes) ? block : compose(md, line);
  }
  // Only reachable with a budget of a few thousand characters: the smallest block we can make
  // (about 1,000 characters; below that the budget cannot be met and this is returned anyway).
  return compose(renderMarkdown(state, ctx, 5, "summary"), stateLine(minimalState(degradeState(state, 4))));
}
