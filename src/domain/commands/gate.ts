// `/gate "<name>" after #A #B …`: open a gate issue whose checklist waits for #A #B … (SPEC §5).
// Created at most once per command line: the gate carries a marker naming the command comment and
// the name, and a retried or redelivered run finds it among the repository's latest gates.
import { codeSpan } from "../escape.js";
import { renderGateBody } from "../gates.js";
import { fnv1a } from "../hash.js";
import { formatRef, refKey, type RepoContext } from "../refs.js";
import { fail, MAX_GATE_NAME, readList, readRefToken, show, words } from "./read.js";
import type { Effect } from "../effects.js";
import type { ArgumentsResult, CommandModule } from "./types.js";

/** The marker a gate created by `/gate` carries: which command comment and which gate name. */
export function gateOriginMarker(commentId: number, name: string): string {
  return `<!-- coordinator:gate-from:${commentId}:${fnv1a(name)} -->`;
}

const OPEN_QUOTES = new Set(['"', "“"]);
const CLOSE_QUOTE = /["”]/;

function parse(rest: string, ctx: RepoContext | undefined): ArgumentsResult {
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

export const gate: CommandModule = {
  spec: {
    verb: "gate",
    usage: '"<name>" after #A #B …',
    description: "Create a gate that waits for #A #B …; quote a name with spaces, omit `after` for a gate checked by people.",
    who: "orchestrator",
    examples: ['"Phase 1 exit" after #12 #13', "beta"],
  },
  parse,
  plan(command, env) {
    if (command.verb !== "gate") return undefined;
    const title = `Gate: ${command.name}`;
    const { owner, repo } = env.home;
    const marker = gateOriginMarker(env.comment.id, command.name);
    const create: Effect = {
      kind: "create-issue",
      owner,
      repo,
      marker,
      title,
      body: `${renderGateBody(command.name, command.after, env.home, env.labels.gateApproved)}${marker}\n`,
      labels: [env.labels.gate],
    };
    // Made by this command (in this run, or a failed earlier attempt of it): its own gate.
    let number: number | null | undefined = Number(env.written(create)) || undefined;
    if (number === undefined) {
      const gateLabel = env.labels.gate.toLowerCase();
      const existing = env.findIssue((i) => i.title === title && i.labels.some((l) => l.toLowerCase() === gateLabel) && !i.body.includes(marker));
      if (existing) return { reply: `↩️ the gate already exists: ${formatRef({ owner, repo, number: existing.number }, env.home)}` };
      number = env.findByMarker(owner, repo, env.labels.gate, marker);
      if (number === undefined) return undefined;
      if (number === null) {
        const created = env.outcome(create);
        if (created === undefined) return undefined;
        number = Number(created);
      }
    }
    const ref = { owner, repo, number };
    const short = formatRef(ref, env.home);
    return {
      // A retried command finds its gate tracked already.
      ...(env.tracked.has(refKey(ref)) ? {} : { edits: [{ add: [short] }] }),
      mention: [refKey(ref)],
      reply: `✅ gate ${short} created with ${command.after.length} criteria; an approver adds ${codeSpan(env.labels.gateApproved, 50)} to decide`,
    };
  },
};
