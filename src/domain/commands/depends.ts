// `/depends #A on #B …` and `/undepends …`: dependencies kept on GitHub, so a rebuild finds them:
// a native "blocked by" where GitHub holds one, else a `Depends on` line in the waiting issue's
// description (another organisation, the 50-per-issue limit, the feature off on a server).
import { appendLine } from "../body-edit.js";
import { formatRef, refKey, type RepoContext } from "../refs.js";
import type { IssueRef } from "../types.js";
import { fail, MAX_PAIRS, readList, show, showRef, words } from "./read.js";
import type { ArgumentsResult, CommandEnv, CommandModule, CommandResult } from "./types.js";
import type { Effect } from "../effects.js";

/** GitHub refusals of a native dependency that a `Depends on` line stands in for. */
const UNSUPPORTED = ["403", "404", "410", "422"];

/** `#A on #B #C`, `#A #B on #C`, clauses separated by `,` or `;`; after a `,`, issues without `on` add blockers to the clause before. */
function parse(verb: "depends" | "undepends", rest: string, ctx: RepoContext | undefined): ArgumentsResult {
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

/** The answer of one pair; undefined while the run reads or writes what it needs first. */
type PairResult = { text: string; effects: Effect[]; refused?: boolean } | undefined;

function add(dependent: IssueRef, blocker: IssueRef, env: CommandEnv): PairResult {
  const short = (r: IssueRef) => formatRef(r, env.home);
  const d = refKey(dependent);
  const b = refKey(blocker);
  const refusedHere = env.refusedIn(dependent, "triage", "adding a dependency");
  const refusedThere = env.refusedIn(blocker, "read", "naming a blocker");
  if (refusedHere === undefined || refusedThere === undefined) return undefined;
  const refused = refusedHere ?? refusedThere;
  if (refused !== null) return { text: refused, effects: [], refused: true };
  const target = env.issue(dependent);
  const source = env.issue(blocker);
  if (target === undefined || source === undefined) return undefined;
  const native = source?.databaseId ? ({ kind: "blocked-by", on: d, blocker: b, blockerId: source.databaseId, present: true } as const) : null;
  // Written earlier in this run (the issues now show it): say so, not "already".
  if (native && env.written(native) === "ok") return { text: `✅ ${short(dependent)} now waits for ${short(blocker)} (GitHub dependency)`, effects: [] };
  if (env.edges.some((e) => e.from === b && e.to === d)) return { text: `↩️ ${short(dependent)} already waits for ${short(blocker)}`, effects: [] };
  if (!target) return { text: `⚠️ ${short(dependent)} cannot be read`, effects: [] };
  if (!source) return { text: `⚠️ ${short(blocker)} cannot be read`, effects: [] };
  if (target.blockedBy.includes(b)) return { text: `↩️ ${short(dependent)} already waits for ${short(blocker)}`, effects: [] };
  if (native) {
    // Written before the reply, which says how the dependency is kept.
    const outcome = env.outcome(native);
    if (outcome === undefined) return undefined;
    if (outcome === "ok") return { text: `✅ ${short(dependent)} now waits for ${short(blocker)} (GitHub dependency)`, effects: [] };
    if (!UNSUPPORTED.includes(outcome.replace(/^failed:/, ""))) return { text: `⚠️ GitHub refused the dependency (${outcome})`, effects: [] };
  }
  const line = `Depends on ${formatRef(blocker, { owner: dependent.owner, repo: dependent.repo })}`;
  if (target.body.split("\n").some((l) => l.trim() === line)) return { text: `✅ ${short(dependent)} now waits for ${short(blocker)} (a \`Depends on\` line in its description)`, effects: [] };
  // Editing someone's description is a write: GitHub asks write permission of a person for it.
  const noEdit = env.refusedIn(dependent, "write", "editing the description");
  if (noEdit === undefined) return undefined;
  if (noEdit !== null) return { text: noEdit, effects: [], refused: true };
  return {
    text: `✅ ${short(dependent)} now waits for ${short(blocker)} (a \`Depends on\` line in its description)`,
    effects: [{ kind: "issue-body", on: d, body: appendLine(target.body, line) }],
  };
}

function remove(dependent: IssueRef, blocker: IssueRef, env: CommandEnv): PairResult {
  const short = (r: IssueRef) => formatRef(r, env.home);
  const d = refKey(dependent);
  const b = refKey(blocker);
  const refused = env.refusedIn(dependent, "triage", "removing a dependency");
  if (refused === undefined) return undefined;
  if (refused !== null) return { text: refused, effects: [], refused: true };
  const target = env.issue(dependent);
  const source = env.issue(blocker);
  if (target === undefined || source === undefined) return undefined;
  if (!target) return { text: `⚠️ ${short(dependent)} cannot be read`, effects: [] };
  const effects: Effect[] = [];
  if (target.blockedBy.includes(b) && source?.databaseId) effects.push({ kind: "blocked-by", on: d, blocker: b, blockerId: source.databaseId, present: false });
  const line = `Depends on ${formatRef(blocker, { owner: dependent.owner, repo: dependent.repo })}`;
  if (target.body.split("\n").some((l) => l.trim() === line)) {
    const noEdit = env.refusedIn(dependent, "write", "editing the description");
    if (noEdit === undefined) return undefined;
    if (noEdit !== null) return { text: noEdit, effects, refused: true };
    effects.push({ kind: "issue-body", on: d, body: target.body.split("\n").filter((l) => l.trim() !== line).join("\n") });
  }
  if (effects.length > 0) return { text: `✅ ${short(dependent)} no longer waits for ${short(blocker)}`, effects };
  const elsewhere = env.edges.find((e) => e.from === b && e.to === d);
  return {
    text: elsewhere ? `↩️ ${short(dependent)} waits for ${short(blocker)} because of a ${elsewhere.source} edge: change it there` : `↩️ ${short(dependent)} did not wait for ${short(blocker)}`,
    effects: [],
  };
}

function planPairs(pairs: Array<{ dependent: IssueRef; blocker: IssueRef }>, env: CommandEnv, each: typeof add): CommandResult | undefined {
  const results = pairs.map(({ dependent, blocker }) => each(dependent, blocker, env));
  if (results.some((r) => r === undefined)) return undefined;
  const done = results.filter((r): r is NonNullable<PairResult> => r !== undefined);
  return {
    reply: done.map((r) => r.text).join("; "),
    effects: done.flatMap((r) => r.effects),
    // Refused pairs are not read: nothing about them is shown.
    mention: pairs.flatMap((p, i) => (results[i]?.refused ? [] : [refKey(p.dependent), refKey(p.blocker)])),
    ...(done.every((r) => r.refused === true) ? { refused: true } : {}),
  };
}

export const depends: CommandModule = {
  spec: {
    verb: "depends",
    usage: "#A on #B …",
    description: "Add dependencies: each issue before `on` waits for each issue after it; separate clauses with `,` or `;`.",
    who: "orchestrator",
    examples: ["#13 on #12", "#14 #15 on #13", "#2 on #1, #3 on #2"],
  },
  parse: (rest, ctx) => parse("depends", rest, ctx),
  plan: (command, env) => (command.verb === "depends" ? planPairs(command.pairs, env, add) : undefined),
};

export const undepends: CommandModule = {
  spec: { verb: "undepends", usage: "#A on #B …", description: "Remove dependencies (same form as depends).", who: "orchestrator", examples: ["#13 on #12"] },
  parse: (rest, ctx) => parse("undepends", rest, ctx),
  plan: (command, env) => (command.verb === "undepends" ? planPairs(command.pairs, env, remove) : undefined),
};
