// The arguments of each known verb, read strictly (SPEC §4). Pure, linear, never throws: every
// way to get them wrong yields one precise problem instead of a guess.
import { cut } from "../markdown.js";
import { findRefs, formatRef, MAX_RANGE, parseRef, refKey, type RepoContext } from "../refs.js";
import type { IssueRef } from "../types.js";
import type { Assignee, ParsedCommand } from "./types.js";

/** Issues one command may name (after range expansion), and dependency pairs one command may add. */
export const MAX_ISSUES = 100;
export const MAX_PAIRS = 100;
export const MAX_REASON = 300;
export const MAX_GATE_NAME = 100;
export const MAX_WORKER_ID = 64;
/** Longest argument text read (100 issue URLs fit); a longer command line is refused, not read. */
export const MAX_ARGUMENTS = 20_000;

export type ArgumentsResult =
  | { ok: true; command: ParsedCommand }
  /** `usage`: the arguments synopsis when it differs from the verb's (the `escalate clear` form). */
  | { ok: false; problem: string; usage?: string };

type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

const fail = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

/** Never used for `#N` (those need a real context): only fully qualified refs and URLs are read with it. */
const NO_CONTEXT: RepoContext = { owner: "_", repo: "_" };

const SHORT = /^#\d{1,10}(?:[-–]#?\d{1,10})?$/;
const QUALIFIED = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}#\d{1,10}(?:[-–]#?\d{1,10})?$/;
const RANGE = /#(\d{1,10})[-–]#?(\d{1,10})$/;
const URL = /^https?:\/\//i;
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const WORKER = /^[A-Za-z0-9_-]+$/;

/** User text quoted in a problem: a short code span that cannot break out of itself. */
export function show(text: string): string {
  const clean = text.slice(0, 200).replace(/[`|<>\p{Cc}]/gu, "");
  const short = clean.length > 40 || text.length > 200 ? `${cut(clean, 39)}…` : clean;
  return "`" + (short === "" ? "?" : short) + "`";
}

const words = (text: string, separators: RegExp = /[\s,]+/): string[] => text.split(separators).filter((w) => w !== "");

const EXPECTED_REF = "expected #N, owner/repo#N or an issue URL";

/** One token: `#N`, `#N-M`, `owner/repo#N`, `owner/repo#N-M` or an issue URL. */
function readRefToken(token: string, ctx: RepoContext | undefined): Read<IssueRef[]> {
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
function readOne(token: string, ctx: RepoContext | undefined): Read<IssueRef> {
  const read = readRefToken(token, ctx);
  if (!read.ok) return read;
  const [ref] = read.value;
  if (read.value.length !== 1 || !ref) return fail(`${show(token)} names ${read.value.length} issues; this command takes one`);
  return { ok: true, value: ref };
}

/** One or more issues, without duplicates, at most `MAX_ISSUES`. */
function readList(tokens: string[], ctx: RepoContext | undefined): Read<IssueRef[]> {
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

function showRef(ref: IssueRef, ctx: RepoContext | undefined): string {
  return "`" + (ctx ? formatRef(ref, ctx) : `${ref.owner}/${ref.repo}#${ref.number}`) + "`";
}

function noArguments(verb: "help" | "coordinate" | "status" | "refresh" | "synthesize", rest: string): ArgumentsResult {
  const extra = rest.trim();
  return extra === "" ? { ok: true, command: { verb } } : fail(`this command takes no arguments (found ${show(extra)})`);
}

function context(rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  const tokens = words(rest);
  const [first, second] = tokens;
  if (first === undefined) return { ok: true, command: { verb: "context", issue: null } };
  if (second !== undefined) return fail(`one issue at most (found ${show(second)} after ${show(first)})`);
  const issue = readOne(first, ctx);
  return issue.ok ? { ok: true, command: { verb: "context", issue: issue.value } } : issue;
}

function track(verb: "track" | "untrack", rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  const tokens = words(rest);
  if (tokens.length === 0) return fail(`missing the issues to ${verb}`);
  const issues = readList(tokens, ctx);
  return issues.ok ? { ok: true, command: { verb, issues: issues.value } } : issues;
}

/** `#A on #B #C`, `#A #B on #C`, clauses separated by `,` or `;`; after a `,`, issues without `on` add blockers to the clause before. */
function depends(verb: "depends" | "undepends", rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  const pairs: Array<{ dependent: IssueRef; blocker: IssueRef }> = [];
  const seen = new Set<string>();
  let dependents: IssueRef[] | null = null;
  let separator = "";
  const add = (waiting: IssueRef[], blockers: IssueRef[]): string | null => {
    if (pairs.length + waiting.length * blockers.length > MAX_PAIRS) return `too many dependencies in one command (more than ${MAX_PAIRS}); split it`;
    for (const dependent of waiting) {
      for (const blocker of blockers) {
        const a = refKey(dependent);
        const b = refKey(blocker);
        if (a === b) return `${showRef(dependent, ctx)} cannot depend on itself`;
        if (seen.has(`${a} ${b}`)) continue;
        seen.add(`${a} ${b}`);
        pairs.push({ dependent, blocker });
      }
    }
    return null;
  };
  for (const part of rest.split(/([,;])/)) {
    if (part === "," || part === ";") {
      separator = part;
      continue;
    }
    const tokens = words(part, /\s+/);
    if (tokens.length === 0) continue;
    const clause = tokens.join(" ");
    const ons = tokens.flatMap((t, i) => (t.toLowerCase() === "on" ? [i] : []));
    let waiting: IssueRef[];
    let blockerTokens: string[];
    if (ons.length === 0) {
      if (!dependents || separator !== ",") return fail(`missing \`on\` in ${show(clause)}: write #A on #B`);
      waiting = dependents;
      blockerTokens = tokens;
    } else {
      const [on] = ons;
      if (ons.length > 1 || on === undefined) return fail(`\`on\` appears twice in ${show(clause)}; separate clauses with \`,\` or \`;\``);
      if (on === 0) return fail(`no issue before \`on\` in ${show(clause)}`);
      if (on === tokens.length - 1) return fail(`no issue after \`on\` in ${show(clause)}`);
      const left = readList(tokens.slice(0, on), ctx);
      if (!left.ok) return left;
      waiting = left.value;
      blockerTokens = tokens.slice(on + 1);
    }
    const blockers = readList(blockerTokens, ctx);
    if (!blockers.ok) return blockers;
    const problem = add(waiting, blockers.value);
    if (problem) return fail(problem);
    dependents = waiting;
  }
  if (pairs.length === 0) return fail("missing the dependencies: which issue waits for which (#A on #B)");
  return { ok: true, command: { verb, pairs } };
}

function readAssignee(token: string): Read<Assignee> {
  if (token.startsWith("@")) {
    const login = token.slice(1);
    if (login.includes("/")) return fail(`${show(token)} is a team; assign one GitHub user (@login) or a worker id`);
    return LOGIN.test(login) ? { ok: true, value: { kind: "user", login } } : fail(`${show(token)} is not a GitHub login`);
  }
  if (token.startsWith("#")) return fail(`${show(token)} is not an assignee: write @login for a GitHub user or a worker id`);
  if (!WORKER.test(token)) return fail(`${show(token)} is not a worker id (letters, digits, \`-\` and \`_\`); write @login for a GitHub user`);
  if (token.length > MAX_WORKER_ID) return fail(`the worker id is too long (${token.length} characters; at most ${MAX_WORKER_ID})`);
  return { ok: true, value: { kind: "worker", id: token } };
}

function assign(rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  const [first, second, third] = words(rest);
  if (first === undefined) return fail("missing the issue and the assignee");
  if (first.startsWith("@") && second !== undefined && readRefToken(second, ctx).ok) return fail(`the issue comes first, then the assignee: ${show(`${second} ${first}`)}`);
  const issue = readOne(first, ctx);
  if (!issue.ok) return issue;
  if (second === undefined) return fail("missing the assignee: @login for a GitHub user, or a worker id");
  if (third !== undefined) return fail(`one assignee per command (found ${show(third)} after ${show(second)})`);
  const assignee = readAssignee(second);
  return assignee.ok ? { ok: true, command: { verb: "assign", issue: issue.value, assignee: assignee.value } } : assignee;
}

function unassign(rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  const [first, second] = words(rest);
  if (first === undefined) return fail("missing the issue to unassign");
  if (second !== undefined) return fail(`this command takes one issue (found ${show(second)} after ${show(first)})`);
  const issue = readOne(first, ctx);
  return issue.ok ? { ok: true, command: { verb: "unassign", issue: issue.value } } : issue;
}

/** Free text: whitespace runs become one space, at most `MAX_REASON` characters (an ellipsis marks a cut). */
function reasonText(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_REASON ? `${cut(flat, MAX_REASON - 1)}…` : flat;
}

const CLEAR_USAGE = "clear #N";

function escalate(rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  const head = /^\s*(\S+)/.exec(rest);
  const first = head?.[1];
  if (!head || first === undefined) return fail("missing the issue and the reason");
  const after = rest.slice(head[0].length);
  if (first.toLowerCase() === "clear") {
    const [issueToken, extra] = words(after);
    if (issueToken === undefined) return { ok: false, problem: "missing the issue to clear", usage: CLEAR_USAGE };
    if (extra !== undefined) return { ok: false, problem: `this command takes one issue (found ${show(extra)} after ${show(issueToken)})`, usage: CLEAR_USAGE };
    const issue = readOne(issueToken, ctx);
    return issue.ok ? { ok: true, command: { verb: "escalate-clear", issue: issue.value } } : { ...issue, usage: CLEAR_USAGE };
  }
  // `#12: reason` and `#12, reason` read as `#12 reason`.
  const issue = readOne(first.replace(/[:,]$/, ""), ctx);
  if (!issue.ok) return issue;
  const reason = reasonText(after);
  if (reason === "") return fail(`missing the reason: say why ${showRef(issue.value, ctx)} is urgent`);
  return { ok: true, command: { verb: "escalate", issue: issue.value, reason } };
}

const OPEN_QUOTES = new Set(['"', "“"]);
const CLOSE_QUOTE = /["”]/;

function gate(rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  const text = rest.trimStart();
  if (text === "") return fail("missing the gate name");
  let name: string;
  let after: string;
  const quoted = OPEN_QUOTES.has(text[0] ?? "");
  if (quoted) {
    const close = text.slice(1).search(CLOSE_QUOTE);
    if (close < 0) return fail("the gate name has no closing quote");
    name = text.slice(1, close + 1).replace(/\s+/g, " ").trim();
    after = text.slice(close + 2);
  } else {
    const head = /^\S+/.exec(text)?.[0] ?? "";
    if (head.toLowerCase() === "after") return fail("missing the gate name before `after`");
    name = head;
    after = text.slice(head.length);
  }
  if (name === "") return fail("the gate name is empty");
  if (name.length > MAX_GATE_NAME) return fail(`the gate name is too long (${name.length} characters; at most ${MAX_GATE_NAME})`);
  const tokens = words(after);
  const [keyword] = tokens;
  if (keyword === undefined) return { ok: true, command: { verb: "gate", name, after: [] } };
  if (keyword.toLowerCase() !== "after") {
    if (quoted) return fail(`expected \`after\` after the gate name, found ${show(keyword)}`);
    if (readRefToken(keyword, ctx).ok) return fail(`missing \`after\` before the issues: ${show(`${name} after ${keyword}`)}`);
    const at = tokens.findIndex((t) => t.toLowerCase() === "after");
    const nameWords = at < 0 ? tokens : tokens.slice(0, at);
    return fail(`a gate name with spaces must be in quotes: ${show(`"${[name, ...nameWords].join(" ")}"`)}`);
  }
  if (tokens.length === 1) return fail("no issue after `after`");
  const issues = readList(tokens.slice(1), ctx);
  return issues.ok ? { ok: true, command: { verb: "gate", name, after: issues.value } } : issues;
}

/** The arguments of a known verb; `rest` is the line after the verb. */
export function parseArguments(verb: string, rest: string, ctx: RepoContext | undefined): ArgumentsResult {
  if (rest.length > MAX_ARGUMENTS) return fail(`the command is too long (${rest.length} characters; at most ${MAX_ARGUMENTS}): split it`);
  switch (verb) {
    case "help":
    case "coordinate":
    case "status":
    case "refresh":
    case "synthesize":
      return noArguments(verb, rest);
    case "context":
      return context(rest, ctx);
    case "track":
    case "untrack":
      return track(verb, rest, ctx);
    case "depends":
    case "undepends":
      return depends(verb, rest, ctx);
    case "assign":
      return assign(rest, ctx);
    case "unassign":
      return unassign(rest, ctx);
    case "escalate":
      return escalate(rest, ctx);
    case "gate":
      return gate(rest, ctx);
    case "nogo":
      return { ok: true, command: { verb: "nogo", reason: reasonText(rest) } };
    default:
      return fail(`unknown command ${show(verb)}`);
  }
}
