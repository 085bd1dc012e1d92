// The size budget of the dashboard: GitHub keeps a body of at most 65,536 characters (and may
// answer 200 and keep the old body above 256 KiB). The state block gives way step by step —
// fewer reports, no titles, no done issues, no edges, then every list cut to the longest length
// that fits — and each step is named in the state's `truncated` list; `progress` never changes.
// Pure; nothing here throws.

import { newestFirst } from "./format.js";
import { renderStateLine } from "./state-block.js";
import type { CoordinationState, StatePartRef } from "./types.js";

/** GitHub's body limit is 65,536 characters; stay well under it. */
export const DASHBOARD_MAX_CHARS = 60_000;
/** GitHub may answer 200 and keep the old body above this size. */
export const DASHBOARD_MAX_BYTES = 256 * 1024;

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

export function fitsIn(s: string, chars: number, bytes: number): boolean {
  return s.length <= chars && utf8Length(s) <= bytes;
}

function withNotes(state: CoordinationState, notes: string[]): CoordinationState {
  if (notes.length === 0) return state;
  return { ...state, truncated: [...(state.truncated ?? []), ...notes] };
}

const KEPT_REPORTS = 10;

/** State levels 1–4, cumulative: latest reports only; no titles; no done issues; no edges. */
export function degradeState(state: CoordinationState, level: 1 | 2 | 3 | 4): CoordinationState {
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
export function minimalState(state: CoordinationState): CoordinationState {
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
export function budgetStateLine(state: CoordinationState, chars: number, bytes: number): string {
  const full = renderStateLine(state);
  if (fitsIn(full, chars, bytes)) return full;
  let last = state;
  for (const level of [1, 2, 3, 4] as const) {
    last = degradeState(state, level);
    const line = renderStateLine(last);
    if (fitsIn(line, chars, bytes)) return line;
  }
  // Largest k (binary search) such that every list cut to k entries fits.
  let lo = 0;
  let hi = maxListLength(last) - 1;
  let best: string | null = null;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const line = renderStateLine(capLists(last, mid));
    if (fitsIn(line, chars, bytes)) {
      best = line;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best ?? renderStateLine(minimalState(last));
}

// ---------------------------------------------------------------------------
// With state comments: the graph lists live in them, complete (docs/state.md)

/** The lists state comments hold, complete, when the body cannot (state-parts.ts writes them). */
export const PART_LISTS = ["issues", "edges", "waves", "criticalPath", "cycles"] as const;
export type PartList = (typeof PART_LISTS)[number];

/** The `truncated` note of a body whose graph lists are in state comments; a reader merging them removes it. */
export const PARTS_NOTE = "issues, edges, waves, criticalPath, cycles: complete in the state comments listed in parts";

/**
 * The body's state line when the complete graph lists are in state comments (`parts`): everything
 * else complete, and as many issues as still fit (without titles) as a preview, so that the next
 * run and the router know the coordination's issues from the body alone. Reports and the other
 * lists give way only if even that does not fit (`budgetStateLine`'s steps, noted as usual).
 */
export function partsStateLine(state: CoordinationState, parts: StatePartRef[], chars: number, bytes: number): string {
  const base: CoordinationState = {
    ...state,
    issues: [],
    edges: [],
    waves: [],
    criticalPath: [],
    cycles: [],
    truncated: [...(state.truncated ?? []), PARTS_NOTE],
    parts,
  };
  const bare = renderStateLine(base);
  if (!fitsIn(bare, chars, bytes)) return budgetStateLine(base, chars, bytes);
  const preview = state.issues.map((i) => ({ ...i, title: "" }));
  // Largest k (binary search) such that the first k issues of the preview fit.
  let lo = 1;
  let hi = preview.length;
  let best = bare;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const line = renderStateLine({ ...base, issues: preview.slice(0, mid) });
    if (fitsIn(line, chars, bytes)) {
      best = line;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}
