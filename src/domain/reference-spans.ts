// A line of Markdown as spans of issue references and arrows, and the lists of references on
// either side of a point in it (`#1, #2 and #3 → #4`): what edges.ts reads dependencies from.
// Each reference is one GitHub would link (findRefs decides). Pure, never throws, linear in the
// line.
import { findRefs, type RepoContext } from "./refs.js";
import type { IssueRef } from "./types.js";

/** At most this many references on one side of an arrow or keyword (a range counts each issue). */
export const MAX_LIST = 50;
/** Text between two references longer than this joins nothing. */
const MAX_GAP = 300;

export interface Span {
  kind: "ref" | "arrow";
  start: number;
  end: number;
  refs: IssueRef[];
}

const NUM = String.raw`\d{1,10}`;
/** After a number: not a word character, and not a dash leading into one (`#12-abc`), as findRefs. */
const NUM_END = String.raw`(?:[-–]#?\d{1,10}(?!\w))?(?!\w|[-–]\w)`;
const URL_REF = String.raw`https?:\/\/[A-Za-z0-9.:-]{1,255}\/[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}\/issues\/${NUM}(?!\w)(?:\/|#[\w-]{0,100})?`;
const REPO_REF = String.raw`(?<![A-Za-z0-9._\/:-])[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}#${NUM}${NUM_END}`;
const HASH_REF = String.raw`(?<![A-Za-z0-9._&-])#${NUM}${NUM_END}`;
/**
 * Arrows, longest first, and their UTF-8 read as Windows-1252 (`â†’` for `→`, as in the seeds) or
 * as Latin-1 (`â` and two C1 controls).
 */
const ARROWS = [
  "-->",
  "->",
  "—>",
  "–>",
  "=>",
  "→",
  "⟶",
  "⇒",
  "➔",
  "➜",
  "➡\uFE0F",
  "➡",
  "â†’",
  "âŸ¶",
  "â‡’",
  "âž¡",
  "â\u0086\u0092",
];
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
/** Any arrow, as a regular expression source. */
export const ARROW_PATTERN = ARROWS.map(escapeRe).join("|");
const TOKEN = new RegExp(`(${URL_REF})|(${REPO_REF})|(${HASH_REF})|(${ARROW_PATTERN})`, "g");

const SIMPLE_HASH = /^#\d{1,10}$/;

/** `#N` in the context's repository, as findRefs reads it (a number from 1 to 999,999,999). */
function simpleHash(token: string, ctx: RepoContext): IssueRef[] {
  const number = Number(token.slice(1));
  return number > 0 && number < 1_000_000_000 ? [{ owner: ctx.owner, repo: ctx.repo, number }] : [];
}

/**
 * The references and arrows of one line, in order. Each reference is read again by findRefs with
 * the characters around it, so nothing here is a reference that GitHub would not link.
 */
export function tokenize(line: string, ctx: RepoContext): Span[] {
  const spans: Span[] = [];
  if (!line.includes("#") && !line.includes("/issues/")) return spans;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(line); m; m = TOKEN.exec(line)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[4] !== undefined) {
      spans.push({ kind: "arrow", start, end, refs: [] });
      continue;
    }
    // A plain `#N` (the lookarounds above already rule out `&#N`, `a#N`, `#Nabc`) is read here;
    // anything else by findRefs, with one character before and two after, which decide.
    const refs = SIMPLE_HASH.test(m[0]) ? simpleHash(m[0], ctx) : findRefs(line.slice(Math.max(0, start - 1), end + 2), ctx);
    if (refs.length > 0) spans.push({ kind: "ref", start, end, refs });
  }
  return spans;
}

/** Between two references of one list: spaces, a `(note)` after the first, then `,` `+` `&` `and`. */
const SEPARATOR = /^\s*(?:\([^()\n]{0,200}\)\s*)?(?:(?:,|\+|&|and|plus)\s*)?$/i;

export function gapMatches(line: string, from: number, to: number, re: RegExp): boolean {
  return to >= from && to - from <= MAX_GAP && re.test(line.slice(from, to));
}

/**
 * The list of references starting right after `from` (the text between matching `first`): the
 * spans from index `k` on. Returns the refs, or an empty list.
 */
export function leadingList(line: string, spans: Span[], k: number, from: number, first: RegExp): IssueRef[] {
  const out: IssueRef[] = [];
  let prevEnd = from;
  let gap = first;
  for (let j = k; j < spans.length && out.length < MAX_LIST; j++) {
    const span = spans[j];
    if (!span || span.kind !== "ref" || !gapMatches(line, prevEnd, span.start, gap)) break;
    out.push(...span.refs.slice(0, MAX_LIST - out.length));
    prevEnd = span.end;
    gap = SEPARATOR;
  }
  return out;
}

/** The list of references ending right before `to` (the text between matching `last`): spans up to index `k`. */
export function trailingList(line: string, spans: Span[], k: number, to: number, last: RegExp): IssueRef[] {
  let count = 0;
  let nextStart = to;
  let gap = last;
  let first = k + 1; // the earliest span of the list
  for (let j = k; j >= 0 && count < MAX_LIST; j--) {
    const span = spans[j];
    if (!span || span.kind !== "ref" || !gapMatches(line, span.end, nextStart, gap)) break;
    count += span.refs.length;
    nextStart = span.start;
    gap = SEPARATOR;
    first = j;
  }
  // One span (the usual case): its refs as they are, no copy.
  if (first === k) {
    const refs = spans[k]?.refs ?? [];
    return refs.length > MAX_LIST ? refs.slice(-MAX_LIST) : refs;
  }
  const out: IssueRef[] = [];
  for (let j = first; j <= k; j++) out.push(...(spans[j]?.refs ?? []));
  return out.slice(-MAX_LIST);
}
