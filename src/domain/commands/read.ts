// Reading command arguments strictly (SPEC §4), shared by the command modules. Pure, linear, never
// throws: every way to get them wrong yields one precise problem instead of a guess.
import { cut } from "../markdown.js";
import { findRefs, formatRef, MAX_RANGE, parseRef, refKey, type RepoContext } from "../refs.js";
import type { IssueRef } from "../types.js";
import type { ArgumentsResult } from "./types.js";

/** Issues one command may name (after range expansion), and dependency pairs one command may add. */
export const MAX_ISSUES = 100;
export const MAX_PAIRS = 100;
export const MAX_REASON = 300;
export const MAX_GATE_NAME = 100;
export const MAX_WORKER_ID = 64;
/** Longest argument text read (100 issue URLs fit); a longer command line is refused, not read. */
export const MAX_ARGUMENTS = 20_000;

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

export const fail = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

/** Never used for `#N` (those need a real context): only fully qualified refs and URLs are read with it. */
const NO_CONTEXT: RepoContext = { owner: "_", repo: "_" };

const SHORT = /^#\d{1,10}(?:[-–]#?\d{1,10})?$/;
const QUALIFIED = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}#\d{1,10}(?:[-–]#?\d{1,10})?$/;
const RANGE = /#(\d{1,10})[-–]#?(\d{1,10})$/;
const URL = /^https?:\/\//i;
export const LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
export const WORKER = /^[A-Za-z0-9_-]+$/;

/** User text quoted in a problem: a short code span that cannot break out of itself. */
export function show(text: string): string {
  const clean = text.slice(0, 200).replace(/[`|<>\p{Cc}]/gu, "");
  const short = clean.length > 40 || text.length > 200 ? `${cut(clean, 39)}…` : clean;
  return "`" + (short === "" ? "?" : short) + "`";
}

export const words = (text: string, separators: RegExp = /[\s,]+/): string[] => text.split(separators).filter((w) => w !== "");

const EXPECTED_REF = "expected #N, owner/repo#N or an issue URL";

/** One token: `#N`, `#N-M`, `owner/repo#N`, `owner/repo#N-M` or an issue URL. */
export function readRefToken(token: string, ctx: RepoContext | undefined): Read<IssueRef[]> {
  if (URL.test(token)) {
    const ref = parseRef(token, ctx ?? NO_CONTEXT);
    return ref ? { ok: true, value: [ref] } : fail(`${show(token)} is not an issue URL (expected https://github.com/owner/repo/issues/N)`);
  }
  const short = SHORT.test(token);
  if (!short && !QUALIFIED.test(token)) return fail(`${show(token)} is not an issue reference (${EXPECTED_REF})`);
  if (short && !ctx) return fail(`${show(token)} needs its repository here: write owner/repo${token}`);
  const range = RANGE.exec(token);
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (to < from) return fail(`the range ${show(token)} runs backwards: write the lower number first`);
    if (to - from > MAX_RANGE) return fail(`the range ${show(token)} spans ${to - from + 1} issues; at most ${MAX_RANGE + 1} per range`);
  }
  const refs = findRefs(token, ctx ?? NO_CONTEXT);
  return refs.length > 0 ? { ok: true, value: refs } : fail(`${show(token)} is not an issue reference (${EXPECTED_REF})`);
}

/** Exactly one issue. */
export function readOne(token: string, ctx: RepoContext | undefined): Read<IssueRef> {
  const read = readRefToken(token, ctx);
  if (!read.ok) return read;
  const [ref] = read.value;
  if (read.value.length !== 1 || !ref) return fail(`${show(token)} names ${read.value.length} issues; this command takes one`);
  return { ok: true, value: ref };
}

/** One or more issues, without duplicates, at most `MAX_ISSUES`. */
export function readList(tokens: string[], ctx: RepoContext | undefined): Read<IssueRef[]> {
  const out: IssueRef[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    const read = readRefToken(token, ctx);
    if (!read.ok) return read;
    for (const ref of read.value) {
      const key = refKey(ref);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(ref);
    }
    if (out.length > MAX_ISSUES) return fail(`too many issues in one command (more than ${MAX_ISSUES}); split it`);
  }
  return { ok: true, value: out };
}

export function showRef(ref: IssueRef, ctx: RepoContext | undefined): string {
  return "`" + (ctx ? formatRef(ref, ctx) : `${ref.owner}/${ref.repo}#${ref.number}`) + "`";
}

export function noArguments(verb: "help" | "coordinate" | "status" | "refresh" | "synthesize", rest: string): ArgumentsResult {
  const extra = rest.trim();
  return extra === "" ? { ok: true, command: { verb } } : fail(`this command takes no arguments (found ${show(extra)})`);
}

/** Free text: whitespace runs become one space, at most `MAX_REASON` characters (an ellipsis marks a cut). */
export function reasonText(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_REASON ? `${cut(flat, MAX_REASON - 1)}…` : flat;
}
