// References to issues: `#12`, `owner/repo#12`, issue URLs on any GitHub host, and the seeds'
// ranges `#972-976`. One scanner, linear in the text, used by every parser that needs issues.
import type { IssueRef, RefKey } from "./types.js";
import { liveBlocks } from "./markdown.js";
import { referenceText } from "./inline-markdown.js";

export interface RepoContext {
  owner: string;
  repo: string;
}

/** A range wider than this is not a list of issues someone meant: only its endpoints count. */
export const MAX_RANGE = 50;
const MAX_NUMBER = 1_000_000_000;

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

export function refKey(ref: IssueRef): RefKey {
  return `${ref.owner}/${ref.repo}#${ref.number}`.toLowerCase();
}

export function parseRefKey(key: string): IssueRef | null {
  const hash = key.lastIndexOf("#");
  const slash = key.indexOf("/");
  if (hash < 0 || slash <= 0 || slash > hash) return null;
  const owner = key.slice(0, slash);
  const repo = key.slice(slash + 1, hash);
  const digits = key.slice(hash + 1);
  // Digits only: `Number` would also read `1e3`, `0x10`, ` 12` or `12.0`.
  const number = /^\d{1,16}$/.test(digits) ? Number(digits) : Number.NaN;
  if (!OWNER.test(owner) || !REPO.test(repo) || !Number.isSafeInteger(number) || number <= 0) return null;
  return { owner, repo, number };
}

/** `#12` within the same repository, `owner/repo#12` otherwise. */
export function formatRef(ref: IssueRef, context: RepoContext): string {
  const same = ref.owner.toLowerCase() === context.owner.toLowerCase() && ref.repo.toLowerCase() === context.repo.toLowerCase();
  return same ? `#${ref.number}` : `${ref.owner}/${ref.repo}#${ref.number}`;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
const isNameChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9._-]/.test(c);

function readNumber(text: string, start: number): { value: number; end: number } | null {
  let end = start;
  while (end < text.length && end - start < 10 && isDigit(text[end])) end++;
  if (end === start || isDigit(text[end])) return null;
  const value = Number(text.slice(start, end));
  return value > 0 && value < MAX_NUMBER ? { value, end } : null;
}

/**
 * Every issue reference in free text, in order, without duplicates. Not references: `#123abc`,
 * `abc#12`, `#0`, HTML entities like `&#64;`, and pull-request or other non-issue URLs.
 */
export function findRefs(text: string, context: RepoContext): IssueRef[] {
  const out: IssueRef[] = [];
  const seen = new Set<string>();
  const push = (ref: IssueRef) => {
    const key = refKey(ref);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(ref);
    }
  };
  const source = typeof text === "string" ? text : "";
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === "#") {
      const hit = readHashRef(source, i, context);
      if (hit) {
        hit.refs.forEach(push);
        i = hit.end;
        continue;
      }
    } else if (c === "/" && source.startsWith("/issues/", i)) {
      const hit = readUrlRef(source, i);
      if (hit) {
        push(hit.ref);
        i = hit.end;
        continue;
      }
    }
    i++;
  }
  return out;
}

function readHashRef(text: string, hashAt: number, context: RepoContext): { refs: IssueRef[]; end: number } | null {
  const prev = text[hashAt - 1];
  // `&#64;` is an entity; `abc#12` is an anchor; both are not references.
  if (prev === "&") return null;
  let owner = context.owner;
  let repo = context.repo;
  if (prev !== undefined && isNameChar(prev)) {
    // `owner/repo#12`: walk back over the repository and owner names (bounded by their limits).
    let start = hashAt;
    while (start > 0 && hashAt - start < 100 && isNameChar(text[start - 1])) start--;
    const slash = start - 1;
    if (text[slash] !== "/") return null;
    let ownerStart = slash;
    while (ownerStart > 0 && slash - ownerStart < 39 && /[A-Za-z0-9-]/.test(text[ownerStart - 1] ?? "")) ownerStart--;
    const before = text[ownerStart - 1];
    if (ownerStart === slash || (before !== undefined && (isNameChar(before) || before === "/" || before === ":"))) return null;
    owner = text.slice(ownerStart, slash);
    repo = text.slice(start, hashAt);
    if (!OWNER.test(owner) || !REPO.test(repo)) return null;
  }
  const first = readNumber(text, hashAt + 1);
  if (!first || isWordChar(text[first.end])) {
    // `#12-14` is a range; `#12abc` is nothing.
    if (!first || text[first.end] !== "-") return null;
  }
  let end = first.end;
  const refs: IssueRef[] = [{ owner, repo, number: first.value }];
  if (text[end] === "-" || text[end] === "–") {
    const second = readNumber(text, end + 1 + (text[end + 1] === "#" ? 1 : 0));
    if (second && !isWordChar(text[second.end])) {
      end = second.end;
      const span = second.value - first.value;
      if (span > 0 && span <= MAX_RANGE) {
        for (let n = first.value + 1; n <= second.value; n++) refs.push({ owner, repo, number: n });
      } else if (span !== 0) {
        refs.push({ owner, repo, number: second.value });
      }
    } else if (isWordChar(text[end + 1])) {
      return null;
    }
  }
  return { refs, end };
}

/** `http(s)://host/owner/repo/issues/12`, with `i` at `/issues/`. */
function readUrlRef(text: string, i: number): { ref: IssueRef; end: number } | null {
  const repoEnd = i;
  let repoStart = repoEnd;
  while (repoStart > 0 && repoEnd - repoStart < 100 && isNameChar(text[repoStart - 1])) repoStart--;
  if (text[repoStart - 1] !== "/") return null;
  const ownerEnd = repoStart - 1;
  let ownerStart = ownerEnd;
  while (ownerStart > 0 && ownerEnd - ownerStart < 39 && /[A-Za-z0-9-]/.test(text[ownerStart - 1] ?? "")) ownerStart--;
  if (text[ownerStart - 1] !== "/") return null;
  // The host: `https://host` right before the owner (a bounded look-back keeps the scan linear).
  if (!/https?:\/\/[A-Za-z0-9.:-]{1,255}$/.test(text.slice(Math.max(0, ownerStart - 270), ownerStart - 1))) return null;
  const owner = text.slice(ownerStart, ownerEnd);
  const repo = text.slice(repoStart, repoEnd);
  const num = readNumber(text, i + "/issues/".length);
  if (!num || isWordChar(text[num.end]) || !OWNER.test(owner) || !REPO.test(repo)) return null;
  return { ref: { owner, repo, number: num.value }, end: num.end };
}

/** Exactly one reference, and nothing else but spaces: the `Issue` field of a report. */
export function parseRef(text: string, context: RepoContext): IssueRef | null {
  const trimmed = text.trim();
  const refs = findRefs(trimmed, context);
  if (refs.length !== 1) return null;
  const hash = /^(?:[A-Za-z0-9-]+\/[A-Za-z0-9._-]+)?#\d+$/.test(trimmed);
  const url = /^https?:\/\/[^\s/]+\/[^\s/]+\/[^\s/]+\/issues\/\d+\/?$/.test(trimmed);
  return hash || url ? (refs[0] ?? null) : null;
}

/**
 * References in the live text of a document: not in code blocks, quotes, HTML or inline code
 * (GitHub does not link those either). Link targets count, as GitHub links them.
 */
export function findRefsInMarkdown(text: string, context: RepoContext): IssueRef[] {
  const parts: string[] = [];
  for (const block of liveBlocks(text)) {
    if (block.type === "heading" || block.type === "paragraph") parts.push(block.text);
    else if (block.type === "list") parts.push(...block.items);
    else parts.push(...block.header, ...block.rows.flat());
  }
  return findRefs(parts.map(referenceText).join("\n"), context);
}
