// State comments: where the complete graph lists of a coordination too large for its body live
// (docs/state.md). The body's state block lists them (`parts`: comment ids and a digest of each
// one's line); each comment holds one slice of `issues`, `edges`, `waves`, `criticalPath` or
// `cycles` on a sealed line. Written, found, checked and merged here, side by side, so the two
// cannot drift. Pure; nothing here throws.
//
// Slices have fixed lengths (from a ladder, the largest whose every slice fits one comment), so a
// change to one issue changes one comment; a comment whose text is unchanged is not written, and
// comments are reused by content, then in order, before any is created or deleted.
import { createHash } from "node:crypto";
import { PARTS_NOTE, type PartList } from "./dashboard-budget.js";
import { escapeJsonForComment } from "./escape.js";
import { isRecord, isString, isStringArray } from "./guards.js";
import { parseState } from "./dashboard.js";
import { SEAL_PREFIX, sealedState, type Sealer } from "./seal.js";
import { isStrArrArr, MAX_PARTS, mapAll, toEdge, toIssue } from "./state-block.js";
import type { CoordinationState, RawComment, RawPartComment, RefKey, StateEdge, StateIssue, StatePartRef } from "./types.js";

export const PART_PREFIX = "<!-- coordinator:state-part ";
const PART_SUFFIX = " -->";
const SEAL_SUFFIX = " -->";

/**
 * Characters of one part's state line. GitHub keeps comments of up to 65,536 characters; the
 * seal and the visible line take under 300, the rest is margin.
 */
export const PART_MAX_CHARS = 64_000;

/** What a reader sees of a state comment: one line saying what it is. */
export const PART_NOTE = "_Coordinator's state for programs, continued from the dashboard's state block (docs/state.md). Written by the app; edits are ignored._";

/** Slice lengths tried, largest first: each list uses the largest whose every slice fits. */
const LADDER = [
  10_000, 8000, 6000, 5000, 4000, 3500, 3000, 2500, 2000, 1750, 1500, 1250, 1000, 900, 800, 700, 600, 500, 450, 400, 350, 300, 250, 200, 175, 150, 125, 100, 80,
  60, 50, 40, 30, 25, 20, 15, 10, 8, 6, 5, 4, 3, 2, 1,
];

/** One state comment's content: the coordination it belongs to and one slice of one or more lists. */
export interface StatePart {
  coordination: RefKey;
  issues?: StateIssue[];
  edges?: StateEdge[];
  waves?: RefKey[][];
  criticalPath?: RefKey[];
  cycles?: RefKey[][];
}

/** A part as written: its state line, the whole comment body, and the line's digest. */
export interface PartText {
  line: string;
  body: string;
  digest: string;
}

// ---------------------------------------------------------------------------
// The line, written and found
//
// The line is compact (a 2,000-issue, 10,000-edge state takes about 8 comments, not 30): a ref in
// the coordination's repository is written `#N`; issues are rows under one list of keys; edges
// are runs of consecutive edges into one issue from one source, `[to, source, [from, …]]`. Read
// back, a part is the version-1 objects again, in the same order (docs/state.md).

/** The keys of an issue row, in order (StateIssue's fields). */
export const ISSUE_KEYS = ["ref", "number", "title", "state", "stateReason", "status", "blockedBy", "assignees", "worker", "estimateMinutes", "wave", "urgent"] as const;

/** A part's line as written (docs/state.schema.json, `statePart`). */
interface PartLine {
  coordination: RefKey;
  issues?: { keys: string[]; rows: unknown[][] };
  edges?: Array<[string, string, string[]]>;
  waves?: string[][];
  criticalPath?: string[];
  cycles?: string[][];
}

/** `owner/repo` of a ref (`owner/repo#N`). */
function repoOf(ref: RefKey): string {
  const at = ref.lastIndexOf("#");
  return at < 0 ? ref : ref.slice(0, at);
}

function shortener(coordination: RefKey): (ref: RefKey) => string {
  const home = repoOf(coordination) + "#";
  return (ref) => (ref.startsWith(home) ? ref.slice(home.length - 1) : ref);
}

function lengthener(coordination: RefKey): (ref: string) => RefKey {
  const home = repoOf(coordination);
  return (ref) => (ref.startsWith("#") ? home + ref : ref);
}

function encode(part: StatePart): PartLine {
  const short = shortener(part.coordination);
  const line: PartLine = { coordination: part.coordination };
  if (part.issues) {
    const rows = part.issues.map((i) => ISSUE_KEYS.map((k) => (k === "ref" ? short(i.ref) : k === "blockedBy" ? i.blockedBy.map(short) : i[k])));
    line.issues = { keys: [...ISSUE_KEYS], rows };
  }
  if (part.edges) {
    const runs: Array<[string, string, string[]]> = [];
    for (const e of part.edges) {
      const last = runs[runs.length - 1];
      if (last && last[0] === short(e.to) && last[1] === e.source) last[2].push(short(e.from));
      else runs.push([short(e.to), e.source, [short(e.from)]]);
    }
    line.edges = runs;
  }
  if (part.waves) line.waves = part.waves.map((w) => w.map(short));
  if (part.criticalPath) line.criticalPath = part.criticalPath.map(short);
  if (part.cycles) line.cycles = part.cycles.map((c) => c.map(short));
  return line;
}

export function renderPartLine(part: StatePart): string {
  return PART_PREFIX + escapeJsonForComment(JSON.stringify(encode(part))) + PART_SUFFIX;
}

export function partDigest(line: string): string {
  return createHash("sha256").update(line, "utf8").digest("hex").slice(0, 32);
}

/** The comment: the sealed state line first (its marker), then one visible line. */
export function partText(part: StatePart, seal: Sealer): PartText {
  const line = renderPartLine(part);
  return { line, body: `${line}\n${SEAL_PREFIX}${seal(line)}${SEAL_SUFFIX}\n${PART_NOTE}`, digest: partDigest(line) };
}

/** Whether a comment body is a state comment (by its first line; anyone can type it: trust is checked apart). */
export function isPartComment(body: string): boolean {
  return body.startsWith(PART_PREFIX);
}

/** The version-1 objects a part's line holds, validated; null on any mismatch. */
function toPart(v: unknown): StatePart | null {
  if (!isRecord(v) || !isString(v.coordination)) return null;
  const long = lengthener(v.coordination);
  const part: StatePart = { coordination: v.coordination };
  if (v.issues !== undefined) {
    const table = v.issues;
    if (!isRecord(table) || !isStringArray(table.keys) || !Array.isArray(table.rows)) return null;
    const keys = table.keys;
    const issues = mapAll(table.rows, (row) => {
      if (!Array.isArray(row)) return null;
      const o: Record<string, unknown> = Object.fromEntries(keys.map((k, i) => [k, row[i]]));
      if (isString(o.ref)) o.ref = long(o.ref);
      if (isStringArray(o.blockedBy)) o.blockedBy = o.blockedBy.map(long);
      return toIssue(o);
    });
    if (issues === null) return null;
    part.issues = issues;
  }
  if (v.edges !== undefined) {
    if (!Array.isArray(v.edges)) return null;
    const edges: StateEdge[] = [];
    for (const run of v.edges) {
      if (!Array.isArray(run) || !isString(run[0]) || !isStringArray(run[2])) return null;
      for (const from of run[2]) {
        const edge = toEdge({ from: long(from), to: long(run[0]), source: run[1] });
        if (edge === null) return null;
        edges.push(edge);
      }
    }
    part.edges = edges;
  }
  for (const key of ["waves", "cycles"] as const) {
    const value = v[key];
    if (value === undefined) continue;
    if (!isStrArrArr(value)) return null;
    part[key] = value.map((w) => w.map(long));
  }
  if (v.criticalPath !== undefined) {
    if (!isStringArray(v.criticalPath)) return null;
    part.criticalPath = v.criticalPath.map(long);
  }
  return part;
}

/**
 * The part a comment holds, when its line is sealed with the app's key, its digest is the one the
 * body listed, and it names this coordination; null otherwise.
 */
export function readPart(body: string, digest: string, coordination: RefKey, seal: Sealer): StatePart | null {
  if (!isPartComment(body)) return null;
  const close = body.indexOf("-->", PART_PREFIX.length);
  if (close < 0) return null;
  const line = body.slice(0, close + 3);
  if (partDigest(line) !== digest) return null;
  const sealLine = `\n${SEAL_PREFIX}${seal(line)}${SEAL_SUFFIX}`;
  if (body.slice(close + 3, close + 3 + sealLine.length) !== sealLine) return null;
  let value: unknown;
  try {
    value = JSON.parse(line.slice(PART_PREFIX.length, line.length - PART_SUFFIX.length));
  } catch {
    return null;
  }
  const part = toPart(value);
  return part !== null && part.coordination === coordination ? part : null;
}

// ---------------------------------------------------------------------------
// Splitting a state into parts, and merging them back

function sliceAll<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** The slices of one list: the largest ladder length whose every slice fits; null when one item alone does not. */
function slicesOf(coordination: RefKey, key: PartList, items: readonly unknown[]): StatePart[] | null {
  if (items.length === 0) return [];
  let whole = false;
  for (const size of LADDER) {
    // Every length from the list's own up makes the same single slice: try it once.
    if (size >= items.length) {
      if (whole) continue;
      whole = true;
    }
    const parts = sliceAll(items, size).map((slice) => ({ coordination, [key]: slice }) as StatePart);
    if (parts.every((p) => renderPartLine(p).length <= PART_MAX_CHARS)) return parts;
  }
  return null;
}

/**
 * The parts of a state: `issues` and `edges` in slices of their own; `waves`, `criticalPath` and
 * `cycles` together when they fit one comment. Null when a single item exceeds a comment (an issue
 * with thousands of open blockers): the body's block then keeps what fits, as without parts.
 */
export function splitState(state: CoordinationState): StatePart[] | null {
  const c = state.coordination;
  const issues = slicesOf(c, "issues", state.issues);
  const edges = slicesOf(c, "edges", state.edges);
  if (issues === null || edges === null) return null;
  const graph: StatePart = { coordination: c };
  if (state.waves.length > 0) graph.waves = state.waves;
  if (state.criticalPath.length > 0) graph.criticalPath = state.criticalPath;
  if (state.cycles.length > 0) graph.cycles = state.cycles;
  let rest: StatePart[] = [];
  if (Object.keys(graph).length > 1) {
    if (renderPartLine(graph).length <= PART_MAX_CHARS) rest = [graph];
    else {
      const sliced = (["waves", "criticalPath", "cycles"] as const).map((k) => slicesOf(c, k, state[k]));
      if (sliced.some((s) => s === null)) return null;
      rest = sliced.flatMap((s) => s ?? []);
    }
  }
  const parts = [...issues, ...edges, ...rest];
  return parts.length <= MAX_PARTS ? parts : null;
}

/**
 * The complete state: the body's, with each graph list the concatenation of that list across the
 * parts in order, and the note that sent them there (and the listing) taken out.
 */
export function mergeParts(body: CoordinationState, parts: readonly StatePart[]): CoordinationState {
  const { parts: _listing, truncated, ...rest } = body;
  const merged: CoordinationState = { ...rest, issues: [], edges: [], waves: [], criticalPath: [], cycles: [] };
  for (const p of parts) {
    if (p.issues) merged.issues.push(...p.issues);
    if (p.edges) merged.edges.push(...p.edges);
    if (p.waves) merged.waves.push(...p.waves);
    if (p.criticalPath) merged.criticalPath.push(...p.criticalPath);
    if (p.cycles) merged.cycles.push(...p.cycles);
  }
  const notes = (truncated ?? []).filter((n) => n !== PARTS_NOTE);
  if (notes.length > 0) merged.truncated = notes;
  return merged;
}

// ---------------------------------------------------------------------------
// The previous state, trusted

/** A state comment the app may write over: its own, found through a listing. */
export interface ExistingPart {
  id: number;
  node: string;
  body: string;
}

export interface PreviousState {
  /** Listed state comments not read yet (the hint named others, or there was none): read them, then look again. */
  unread: string[];
  /** The app's state (the body's sealed block merged with its parts), or null: rebuild from GitHub. */
  state: CoordinationState | null;
  /** The app's own state comments for this coordination, in listed order: reused before any is created. */
  reusable: ExistingPart[];
}

/** Whether a comment's first line is sealed with the app's key and names this coordination. */
function sealedFor(body: string, coordination: RefKey, seal: Sealer): boolean {
  const close = body.indexOf("-->", PART_PREFIX.length);
  if (!isPartComment(body) || close < 0) return false;
  const line = body.slice(0, close + 3);
  return readPart(body, partDigest(line), coordination, seal) !== null;
}

/**
 * What the last write left: the state the app last wrote, as the run's cache — the body's sealed
 * block, and when it lists state comments, each of them read by node id, written by this
 * installation (GitHub's `viewerDidAuthor`), sealed with the app's key, and holding the line whose
 * digest the block lists. Anything else (a comment edited, forged, deleted, or left stale by a
 * failed write) voids the cache, as an edited body does: the run rebuilds from GitHub and writes
 * the parts again. Who last edited a comment is not asked: an edit that changed the text breaks
 * its seal and digest, and one that put back the app's exact text left what the seal vouches for
 * (rewriting identical text would not change GitHub's record of the editor anyway). Also the comments a new write may reuse: those of a sealed listing written by the app, or
 * of any listing when sealed for this coordination (a forged listing cannot point the app at a
 * comment of another coordination).
 */
export function previousState(bodyText: string, coordination: RefKey, seal: Sealer, read: ReadonlyMap<string, RawPartComment | null> | undefined): PreviousState {
  const body = sealedState(bodyText, coordination, seal);
  const trustedListing = body?.parts !== undefined;
  const listing = (trustedListing ? body?.parts : parseState(bodyText)?.parts) ?? [];
  const unread = listing.map((p) => p.node).filter((node) => !read?.has(node));
  if (unread.length > 0) return { unread, state: null, reusable: [] };
  const reusable: ExistingPart[] = [];
  for (const ref of listing) {
    const c = read?.get(ref.node) ?? null;
    if (c === null || !c.viewerDidAuthor || c.id !== ref.id || !isPartComment(c.body)) continue;
    if (trustedListing || sealedFor(c.body, coordination, seal)) reusable.push({ id: c.id, node: c.node, body: c.body });
  }
  if (body === null || body.parts === undefined) return { unread, state: body, reusable };
  const parts: StatePart[] = [];
  for (const ref of body.parts) {
    const c = read?.get(ref.node) ?? null;
    const ours = c !== null && c.viewerDidAuthor && c.id === ref.id;
    const part = ours ? readPart(c.body, ref.digest, coordination, seal) : null;
    if (part === null) return { unread, state: null, reusable };
    parts.push(part);
  }
  return { unread, state: mergeParts(body, parts), reusable };
}

/**
 * The app's state comments for this coordination that no listing names: posted by a write whose
 * body never made it (GitHub refused it, or the run failed in between). Found among the
 * coordination's latest comments (read anyway), they are deleted by the next write.
 */
export function strayParts(comments: readonly RawComment[], bodyText: string, coordination: RefKey, seal: Sealer): number[] {
  const listed = new Set((parseState(bodyText)?.parts ?? []).map((p) => p.id));
  return comments.filter((c) => c.viewerDidAuthor && !listed.has(c.id) && sealedFor(c.body, coordination, seal)).map((c) => c.id);
}

// ---------------------------------------------------------------------------
// Which comment holds which part

export interface PartAssignment {
  /** Per wanted part, in order: the comment that will hold it (null: to be created). */
  slots: Array<{ text: PartText; comment: ExistingPart | null }>;
  /** Comments no part needs any more: deleted. */
  surplus: ExistingPart[];
}

/**
 * Comments for the wanted parts: first those already holding a part's exact text (no write), then
 * the others in order (edited), then new ones; comments left over are surplus.
 */
export function assignParts(wanted: readonly PartText[], existing: readonly ExistingPart[]): PartAssignment {
  const free = [...existing];
  const slots: PartAssignment["slots"] = wanted.map((text) => {
    const at = free.findIndex((c) => c.body === text.body);
    if (at < 0) return { text, comment: null };
    const [comment] = free.splice(at, 1);
    return { text, comment: comment ?? null };
  });
  for (const slot of slots) {
    if (slot.comment === null && free.length > 0) slot.comment = free.shift() ?? null;
  }
  return { slots, surplus: free };
}

/** The listing the body's block carries for parts held by these comments. */
export function partListing(slots: ReadonlyArray<{ text: PartText; comment: { id: number; node: string } }>): StatePartRef[] {
  return slots.map((s) => ({ id: s.comment.id, node: s.comment.node, digest: s.text.digest }));
}
