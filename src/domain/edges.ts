// Dependency edges written in Markdown (SPEC §3): `Depends on #12` lines in an issue body, and in
// the coordination issue its tables (an issue column and a `Blocking`/`Blocked by` column),
// arrows (`#972 → #973`) and sentences naming both ends (`#976 (depends on #975)`), over the
// references and arrows of each line (reference-spans.ts). Everything is read through liveBlocks, so code blocks, quotes and HTML comments never count. Pure, never
// throws, linear in the input: one tokenising pass per line, and every list of references is
// walked a bounded number of times.
import { liveBlocks, type Block } from "./markdown.js";
import { plainInline, referenceText } from "./inline-markdown.js";
import { findRefs, refKey, type RepoContext } from "./refs.js";
import { parseDuration } from "./duration.js";
import { ARROW_PATTERN, gapMatches, leadingList, MAX_LIST, tokenize, trailingList, type Span } from "./reference-spans.js";
import type { EdgeSource, IssueRef, RefKey, StateEdge } from "./types.js";

/** At most this many edges from one text: fan-in × fan-out cannot blow up the output. */
export const MAX_EDGES = 10_000;

// ---------------------------------------------------------------------------
// Keywords.

/** `before`: the listed references finish before the issue itself; `after`: after it. */
type Direction = "before" | "after";

/**
 * `forward`: the refs after the keyword finish first (`X depends on Y`: Y → X).
 * `reverse`: the refs before the keyword finish first (`Y blocks X`: Y → X).
 */
const FORWARD = String.raw`depends\s+(?:on|upon)|depend\s+on|blocked\s+(?:by|on)|requires|after`;
const REVERSE = String.raw`blocks|blocking|required\s+by`;
/** Only at the start of a body line, and only with a colon: `Dependencies: #12`. */
const FORWARD_LABELS = String.raw`(?:dependencies|dependency|prerequisites|prerequisite|prereqs)(?=\s*:)`;

/** A line of the coordination issue is read only when it has an arrow or a keyword. */
const TRIGGER = new RegExp(`${ARROW_PATTERN}|${FORWARD}|${REVERSE}`, "i");
const LINE_KEYWORD = new RegExp(`(?:(${FORWARD}|${FORWARD_LABELS})|(${REVERSE}))(?![\\w-])`, "iy");
const INNER_KEYWORD = new RegExp(`(?<![\\w-])(?:(${FORWARD})|(${REVERSE}))(?![\\w-])`, "gi");

/** What may come before the keyword at the start of a line: bullets, task boxes, emoji, punctuation. */
const LINE_PREFIX = /^[\s\p{P}\p{S}\p{M}\u200d]*(?:\[[ xX]\][\s\p{P}\p{S}\p{M}\u200d]*)?/u;
/** Between a keyword and its first reference: `Depends on: #12`, `Blocked by issue #12`. */
// Gap patterns are written so that no two quantifiers can trade the same characters (`\s*:?\s*`
// could: quadratic on a long gap of spaces that ends in the wrong character).
const AFTER_KEYWORD = /^\s*(?:[:\-–—]\s*)?(?:(?:issues?|tickets?)\s*(?::\s*)?)?$/i;
/** A keyword line with nothing after it: the list that follows names the references. */
const BARE_REST = /^\s*(?::\s*)?$/;
/** Between a reference and the keyword naming it: `#976 (depends on`, `#12 is blocked by`, `#974 (parallel after`. */
const BEFORE_KEYWORD =
  /^(?:\s*\([^()\n]{0,200}\))?[\s(\[:,\-–—]*(?:(?:is|are|was|were|also|still|must|should|can|only|then|parallel|sequential|sequentially|starts?|runs?|comes?|goes?)[\s(\[:,\-–—]+)*$/i;
/** A line continuing a bare keyword line: it starts with its references (`#12`, `[ ] #12`). */
const CONTINUATION = /^[\s\p{P}\p{S}\p{M}\u200d]*(?:\[[ xX]\]\s*)?$/u;
/** Next to an arrow: only spaces, and a `(note)` after the reference before it. */
const BEFORE_ARROW = /^\s*(?:\([^()\n]{0,200}\)\s*)?$/;
const AFTER_ARROW = /^\s*$/;

// ---------------------------------------------------------------------------
// Collecting edges.

class EdgeSink {
  readonly edges: StateEdge[] = [];
  /** `source` + `from` → the `to`s already emitted. */
  private readonly seen = new Map<string, Set<RefKey>>();

  get full(): boolean {
    return this.edges.length >= MAX_EDGES;
  }

  /** Every `from` before every `to`. */
  all(froms: IssueRef[], tos: IssueRef[], source: EdgeSource): void {
    if (froms.length === 0 || tos.length === 0 || this.full) return;
    const [f] = froms;
    const [t] = tos;
    // One issue on each side, the same one (`#1 → #1`): a self-loop, dropped without building keys.
    if (froms.length === 1 && tos.length === 1 && f && t && f.number === t.number && f.owner.toLowerCase() === t.owner.toLowerCase() && f.repo.toLowerCase() === t.repo.toLowerCase()) return;
    const toKeys = tos.map(refKey);
    for (const f of froms) {
      const from = refKey(f);
      const bucket = `${source}\n${from}`;
      let seen = this.seen.get(bucket);
      if (!seen) {
        seen = new Set();
        this.seen.set(bucket, seen);
      }
      for (const to of toKeys) {
        if (to === from || seen.has(to)) continue;
        if (this.full) return;
        seen.add(to);
        this.edges.push({ from, to, source });
      }
    }
  }
}

/** The lines of a block's text where references count (code spans and HTML comments gone). */
function blockLines(block: Block): string[][] {
  switch (block.type) {
    case "heading":
    case "paragraph":
      return [referenceText(block.text).split(/\r?\n/)];
    case "list":
      return block.items.map((item) => referenceText(item).split(/\r?\n/));
    case "table":
      return block.rows.map((row) => row.map((cell) => referenceText(cell)));
  }
}

function isRef(self: unknown): self is IssueRef {
  if (typeof self !== "object" || self === null) return false;
  const r = self as Partial<Record<keyof IssueRef, unknown>>;
  return typeof r.owner === "string" && typeof r.repo === "string" && typeof r.number === "number";
}

function isContext(ctx: unknown): ctx is RepoContext {
  if (typeof ctx !== "object" || ctx === null) return false;
  const c = ctx as Partial<Record<keyof RepoContext, unknown>>;
  return typeof c.owner === "string" && typeof c.repo === "string";
}

// ---------------------------------------------------------------------------
// 1. Issue bodies.

/**
 * Edges stated in an issue body (source "body"): a line starting with `Depends on`, `Blocked by`,
 * `Requires`, `After` (or `Dependencies:`/`Prerequisites:`) followed by references makes them
 * finish before `self`; `Blocks`, `Blocking`, `Required by` make `self` finish before them. The
 * keyword must open the line (after bullets, task boxes, bold, emoji); the references must follow
 * it directly, as a list (`#12, #13 and o/r#14`, each with an optional `(note)`). A keyword line
 * with nothing after it (`Depends on:`) takes the references opening the lines that follow, in
 * the same block or the list right after it.
 */
export function bodyEdges(body: string, self: IssueRef): StateEdge[] {
  if (typeof body !== "string" || !isRef(self)) return [];
  const ctx: RepoContext = { owner: self.owner, repo: self.repo };
  const sink = new EdgeSink();
  const emit = (direction: Direction, refs: IssueRef[]) => {
    if (direction === "before") sink.all(refs, [self], "body");
    else sink.all([self], refs, "body");
  };
  let pending: Direction | null = null;
  for (const block of liveBlocks(body)) {
    if (block.type === "table") {
      pending = null;
      continue;
    }
    if (block.type !== "list") pending = null;
    for (const lines of blockLines(block)) {
      for (const line of lines) {
        // Tokenise only the lines that can say something: most lines of a body do not.
        if (pending !== null) {
          const refs = leadingList(line, tokenize(line, ctx), 0, 0, CONTINUATION);
          if (refs.length > 0) {
            emit(pending, refs);
            continue;
          }
          pending = null;
        }
        const prefix = LINE_PREFIX.exec(line)?.[0].length ?? 0;
        LINE_KEYWORD.lastIndex = prefix;
        const m = LINE_KEYWORD.exec(line);
        if (!m) continue;
        const direction: Direction = m[1] !== undefined ? "before" : "after";
        const end = m.index + m[0].length;
        if (gapMatches(line, end, line.length, BARE_REST)) {
          pending = direction;
          continue;
        }
        const spans = tokenize(line, ctx);
        const k = spans.findIndex((s) => s.start >= end);
        if (k >= 0) emit(direction, leadingList(line, spans, k, end, AFTER_KEYWORD));
      }
    }
  }
  return sink.edges;
}

// ---------------------------------------------------------------------------
// 2. The coordination issue.

const norm = (header: string) =>
  plainInline(header)
    .toLowerCase()
    .replace(/\([^()]*\)/g, " ")
    .replace(/[^a-z0-9#]+/g, " ")
    .trim();

const ISSUE_HEADER = /^(?:issues?|tickets?|#|(?:issue|task|ticket) ?(?:#|no|number|id))$/;
const DEPENDS_HEADER =
  /^(?:blocking|blocked by|blocked on|blockers?|depends on|depends|dependencies|dependency|deps|prerequisites?|prereqs?|requires|after)$/;
const ESTIMATE_HEADER = /^(?:duration|est|estimate[sd]?|estimated (?:time|duration|effort)|effort|time estimate)$/;

/** A cell that is one issue reference and nothing else (bold or a link allowed). */
function singleRef(cell: string, ctx: RepoContext): IssueRef | null {
  const text = plainInline(cell).trim();
  if (!/^(?:[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100})?#\d{1,10}$|^https?:\/\/\S{1,500}\/issues\/\d{1,10}\/?$/.test(text)) return null;
  const refs = findRefs(text, ctx);
  return refs.length === 1 ? (refs[0] ?? null) : null;
}

function tableEdges(block: Extract<Block, { type: "table" }>, ctx: RepoContext, sink: EdgeSink, estimates: Map<RefKey, number>): void {
  const headers = block.header.map(norm);
  const depends = headers.flatMap((h, i) => (DEPENDS_HEADER.test(h) ? [i] : []));
  const estimate = headers.findIndex((h) => ESTIMATE_HEADER.test(h));
  let issue = headers.findIndex((h) => ISSUE_HEADER.test(h));
  if (issue < 0) {
    issue = headers.findIndex(
      (h, i) =>
        !depends.includes(i) && i !== estimate && block.rows.length > 0 && block.rows.every((row) => singleRef(row[i] ?? "", ctx) !== null),
    );
  }
  if (issue < 0 || (depends.length === 0 && estimate < 0)) return;
  for (const row of block.rows) {
    const issues = findRefs(referenceText(row[issue] ?? ""), ctx).slice(0, MAX_LIST);
    if (issues.length === 0) continue;
    for (const d of depends) {
      const blockers = findRefs(referenceText(row[d] ?? ""), ctx).slice(0, MAX_LIST);
      sink.all(blockers, issues, "table");
    }
    const only = issues.length === 1 ? issues[0] : undefined;
    if (only && estimate >= 0) {
      const minutes = parseDuration(plainInline(row[estimate] ?? "").trim());
      const key = refKey(only);
      if (minutes !== null && !estimates.has(key)) estimates.set(key, minutes);
    }
  }
}

/** `#1 → #2 → #3`, `#1 → #2, #3`, `#1, #2 → #3`: references directly on both sides of each arrow. */
function arrowEdges(line: string, spans: Span[], sink: EdgeSink): void {
  for (let k = 0; k < spans.length; k++) {
    const arrow = spans[k];
    if (!arrow || arrow.kind !== "arrow") continue;
    const before = trailingList(line, spans, k - 1, arrow.start, BEFORE_ARROW);
    if (before.length === 0) continue;
    const after = leadingList(line, spans, k + 1, arrow.end, AFTER_ARROW);
    sink.all(before, after, "arrow");
  }
}

/** `#976 (depends on #975)`, `#12 is blocked by #11`, `#974 + #975 after #973`, `#975 blocks #976`. */
function sentenceEdges(line: string, spans: Span[], sink: EdgeSink): void {
  if (spans.length < 2) return;
  INNER_KEYWORD.lastIndex = 0;
  let k = 0;
  for (let m = INNER_KEYWORD.exec(line); m; m = INNER_KEYWORD.exec(line)) {
    const start = m.index;
    const end = start + m[0].length;
    while (k < spans.length && (spans[k]?.end ?? 0) <= start) k++;
    // A keyword inside a reference (an owner named `blocks`) is not one.
    if ((spans[k]?.start ?? Infinity) < end) continue;
    const before = trailingList(line, spans, k - 1, start, BEFORE_KEYWORD);
    if (before.length === 0) continue;
    const after = leadingList(line, spans, k, end, AFTER_KEYWORD);
    if (m[1] !== undefined) sink.all(after, before, "body");
    else sink.all(before, after, "body");
  }
}

/**
 * Edges and estimates in the orchestrator's text of a coordination issue:
 * - tables (source "table") with an issue column (`Issue`, `Issues`, `#`, `Ticket`, `Task #`, or
 *   else the first column whose cells are each one reference) and `Blocking` / `Blocked by` /
 *   `Depends on` / `Dependencies` / `Prerequisites` columns listing what finishes before the row's
 *   issues; `Duration` / `Est.` / `Estimate` / `Effort` give minutes, for rows naming one issue;
 * - arrows (source "arrow") with references directly on both sides, chained and fanned out/in;
 * - sentences naming both ends (source "body"): `X depends on Y`, `X (blocked by Y)`,
 *   `X requires Y`, `X after Y`, `Y blocks X`. Body lines without a left-hand reference
 *   (`Depends on #12`) are not applied: the coordination issue depends on nothing.
 * Edges are unique per (from, to, source), in document order; self-loops are dropped. Merge
 * sources with dedupeEdges. The first estimate given for an issue wins.
 */
export function coordinationEdges(text: string, ctx: RepoContext): { edges: StateEdge[]; estimates: Map<RefKey, number> } {
  const sink = new EdgeSink();
  const estimates = new Map<RefKey, number>();
  if (typeof text !== "string" || !isContext(ctx)) return { edges: sink.edges, estimates };
  for (const block of liveBlocks(text)) {
    if (block.type === "table") tableEdges(block, ctx, sink, estimates);
    for (const lines of blockLines(block)) {
      for (const line of lines) {
        if (!TRIGGER.test(line)) continue;
        const spans = tokenize(line, ctx);
        arrowEdges(line, spans, sink);
        sentenceEdges(line, spans, sink);
      }
    }
  }
  return { edges: sink.edges, estimates };
}

/** Unique edges by (from, to): the first one's source wins; self-loops dropped. */
export function dedupeEdges(edges: readonly StateEdge[]): StateEdge[] {
  const out: StateEdge[] = [];
  const seen = new Set<string>();
  for (const e of Array.isArray(edges) ? edges : []) {
    if (!e || typeof e.from !== "string" || typeof e.to !== "string" || e.from === e.to) continue;
    const key = `${e.from}\n${e.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}
