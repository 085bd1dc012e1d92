// The state block: the line `<!-- coordinator:state {json} -->` that carries the coordination's
// state (docs/state.schema.json) inside the dashboard. Written and read here, side by side, so the
// two cannot drift (as Renovate keeps a marker's render and parse together): the line, finding it
// again, checking what it holds, and the fingerprint that says whether anything changed.
// Pure; nothing here throws.

import { createHash } from "node:crypto";
import { escapeJsonForComment } from "./escape.js";
import { isNumber as isNum, isOneOf as oneOf, isRecord as isObj, isString as isStr, isStringArray as isStrArr } from "./guards.js";
import type {
  CoordinationState,
  EdgeSource,
  GateState,
  GoNoGo,
  IssueStatus,
  ReportStatus,
  StateEdge,
  StateGate,
  StateIssue,
  StatePartRef,
  StateReport,
  StateUrgent,
  StateWorker,
} from "./types.js";

export const STATE_PREFIX = "<!-- coordinator:state ";
export const STATE_SUFFIX = " -->";

// ---------------------------------------------------------------------------
// The line, written and found

/** The state as one hidden comment; the JSON escaped so that nothing in it can close the comment. */
export function renderStateLine(state: CoordinationState): string {
  return STATE_PREFIX + escapeJsonForComment(JSON.stringify(state)) + STATE_SUFFIX;
}

/**
 * The last state line in a dashboard block: the whole line (prefix through `-->`), its JSON text,
 * and the offset just after it. Null when there is none.
 */
export function findStateLine(dashboard: string): { line: string; json: string; end: number } | null {
  const at = dashboard.lastIndexOf(STATE_PREFIX);
  if (at < 0) return null;
  const from = at + STATE_PREFIX.length;
  // The escaped JSON holds no `--`, so the first `-->` closes our comment.
  const close = dashboard.indexOf("-->", from);
  if (close < 0) return null;
  return { line: dashboard.slice(at, close + 3), json: dashboard.slice(from, close), end: close + 3 };
}

/** The state a dashboard block carries, validated; null when absent or invalid. */
export function readStateLine(dashboard: string): CoordinationState | null {
  const found = findStateLine(dashboard);
  if (found === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(found.json);
  } catch {
    return null;
  }
  return validateState(value);
}

// ---------------------------------------------------------------------------
// Validation

function isStrOrNull(v: unknown): v is string | null {
  return v === null || typeof v === "string";
}
function isNumOrNull(v: unknown): v is number | null {
  return v === null || isNum(v);
}
export function isStrArrArr(v: unknown): v is string[][] {
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

/** An issue entry, validated; null on any mismatch (state parts read them too). */
export function toIssue(v: unknown): StateIssue | null {
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

/** An edge entry, validated; null on any mismatch. */
export function toEdge(v: unknown): StateEdge | null {
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

/** Every item of a list converted by `f`; null when `v` is not a list or any item fails. */
export function mapAll<T>(v: unknown, f: (item: unknown) => T | null): T[] | null {
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
  const parts = v.parts === undefined ? undefined : mapAll(v.parts, toPartRef);
  if (parts === null || (parts !== undefined && parts.length > MAX_PARTS)) return null;
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
  if (parts !== undefined) state.parts = parts;
  return state;
}

/**
 * At most this many state comments are listed: 2,000 issues and 10,000 edges take about 25 of
 * 60,000 characters; a listing longer than this was not written by the app.
 */
export const MAX_PARTS = 100;

function toPartRef(v: unknown): StatePartRef | null {
  if (!isObj(v)) return null;
  const { id, node, digest } = v;
  if (!isNum(id) || !isStr(node) || !isStr(digest)) return null;
  return { id, node, digest };
}

// ---------------------------------------------------------------------------
// Fingerprint

/** Stable hash of the state without `updatedAt`, `fingerprint`, `truncated` and `parts` (where it is kept). */
export function computeFingerprint(state: CoordinationState): string {
  const { updatedAt: _updatedAt, fingerprint: _fingerprint, truncated: _truncated, parts: _parts, ...rest } = state;
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
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined && typeof o[k] !== "function")
      .sort();
    return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonicalJson(o[k], depth + 1)).join(",") + "}";
  }
  return "null";
}
