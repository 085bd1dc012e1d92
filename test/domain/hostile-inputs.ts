// Adversarial input families and the functions that see user text, shared by
// test/domain/linear-time.test.ts (time(64 KiB) / time(8 KiB) stays linear) and bench/hostile.ts
// (the worst 64 KiB input of each function, docs/benchmarks.md "Hostile input").
//
// A family builds a string of exactly `n` UTF-16 units (a surrogate pair is never split) from a
// short prefix, a repeated unit and nothing else: long runs of one Markdown-significant character,
// nested structures, mis-encoded emoji, and the prefixes that make the report and command parsers
// look further (`## Worker`, `**Issue**:`, `/depends`), with and without newlines.
import { DASHBOARD_END, DASHBOARD_START, parseState, replaceDashboard, splitBody } from "../../src/domain/dashboard.js";
import { STATE_PREFIX } from "../../src/domain/state-block.js";
import { addToTrackedList, appendLine, removeFromTrackedList } from "../../src/domain/body-edit.js";
import { parseCommands } from "../../src/domain/commands.js";
import { parseArguments } from "../../src/domain/commands/arguments.js";
import { parseDuration } from "../../src/domain/duration.js";
import { bodyEdges, coordinationEdges } from "../../src/domain/edges.js";
import { escapeInline, escapeJsonForComment, quoteLogin } from "../../src/domain/escape.js";
import { parseCriteria, syncChecklist, type CriterionVerdict } from "../../src/domain/gate-checklist.js";
import { decideApproval, renderGateBody, summariseGate } from "../../src/domain/gates.js";
import { plainInline, referenceText } from "../../src/domain/inline-markdown.js";
import { liveBlocks } from "../../src/domain/markdown.js";
import { mermaidText } from "../../src/domain/mermaid.js";
import { findRefs, findRefsInMarkdown, parseRef, parseRefKey } from "../../src/domain/refs.js";
import { isOwnArtefact, repliedCommentId } from "../../src/domain/replies.js";
import { parseComment, parseStatus } from "../../src/domain/report.js";
import { parseSynthesisMarker } from "../../src/domain/synthesis-marker.js";
import { trackedRefs } from "../../src/domain/tracking.js";
import { parseConfig } from "../../src/config.js";
import { renderConfigProblems } from "../../src/config-notice.js";

export const SMALL = 8 * 1024;
export const LARGE = 64 * 1024;

const CTX = { owner: "acme", repo: "app" };
const SELF = { owner: "acme", repo: "app", number: 1 };

/**
 * `prefix`, whole copies of `unit`, `x` up to `n - suffix.length`, then `suffix`: exactly `n` UTF-16
 * units, and the same structure at every size (a unit is never cut, so 8 and 64 KiB inputs differ
 * only in how many units they hold).
 */
function fill(n: number, unit: string, prefix = "", suffix = ""): string {
  const room = Math.max(0, n - prefix.length - suffix.length);
  const body = unit.repeat(Math.floor(room / Math.max(1, unit.length)));
  return prefix + body + "x".repeat(room - body.length) + suffix;
}

/** Lines of `unit` indented by 0, 1, 2, … levels (`step` each), as far as `n` allows, padded with `x`. */
function growing(n: number, step: string, unit: string): string {
  const lines: string[] = [];
  let length = 0;
  for (let depth = 0; ; depth++) {
    const line = step.repeat(depth) + unit + "\n";
    if (length + line.length > n) break;
    lines.push(line);
    length += line.length;
  }
  return lines.join("") + "x".repeat(n - length);
}

/** Line `i` of `line(i)` for i = 1, 2, …, as far as `n` allows, after `prefix`, padded with `x`. */
function numbered(n: number, line: (i: number) => string, prefix = ""): string {
  const parts = [prefix];
  let length = prefix.length;
  for (let i = 1; ; i++) {
    const next = line(i);
    if (length + next.length > n) break;
    parts.push(next);
    length += next.length;
  }
  return parts.join("") + "x".repeat(n - length);
}

export interface Family {
  name: string;
  /** In test/domain/linear-time.test.ts (the families issue 9 names, and the costliest others); the benchmark runs all. */
  core: boolean;
  build: (n: number) => string;
}

/** Runs of one character (or a short unit) that Markdown or our regexes treat specially; `true`: core. */
const RUNS: Array<[string, string, boolean]> = [
  ["spaces", " ", true],
  ["tabs", "\t", true],
  ["newlines", "\n", true],
  ["CRs", "\r", false],
  ["#", "#", true],
  [">", ">", true],
  ["[", "[", true],
  ["]", "]", false],
  ["(", "(", false],
  ["`", "`", true],
  ["``` `", "``` `", false],
  ["` ` code spans", "` ", true],
  ["<!--", "<!--", true],
  ["-->", "-->", false],
  ["<", "<", false],
  ["|", "|", true],
  ["-", "-", true],
  ["*", "*", true],
  ["_", "_", true],
  ["~", "~", false],
  ["\\", "\\", true],
  ["@", "@", true],
  ["&#64;", "&#64;", false],
  [":", ":", false],
  ["!", "!", false],
  ["emoji", "✅🔄⚠️❌🚨", true],
  ["mis-encoded emoji", "âœ…ðŸ”„âš ï¸ðŸš¨", true],
  ["ZWJ", "\u200d", false],
  ["bidi", "\u202e", false],
  ["#1 refs", "#1 ", true],
  ["#1-2 ranges", "#1-2", false],
  ["owner/repo#", "a/b#", false],
  ["/issues/", "/issues/", false],
  ["https://", "https://", false],
  ["www.", "www.", false],
  ["a: fields", "a: ", false],
  ["[x](y) links", "[x](y)", false],
  ["![x](y) images", "![x](y)", false],
  ["<a b> tags", "<a b>", false],
  ["*x* emphasis", "*x* ", false],
  ["depends on", "depends on ", false],
  ["→ arrows", "#1 → ", false],
  ["(note) #1", "(n) #1 ", false],
  ["- [ ] on one line", "- [ ] ", false],
  ["/track", "/track ", false],
  ["words", "lorem ipsum ", false],
];

export const FAMILIES: Family[] = [
  ...RUNS.map(([name, unit, core]): Family => ({ name: `run of ${name}`, core, build: (n) => fill(n, unit) })),
  // The known report pre-filter blow-up and its relatives: a heading or field prefix, then a run.
  { name: "## + tabs + x", core: true, build: (n) => fill(n, "\t", "## ", "x") },
  { name: "## + spaces + x", core: true, build: (n) => fill(n, " ", "## ", "x") },
  { name: "### x + tabs", core: false, build: (n) => fill(n, "\t", "### x") },
  { name: "## Worker + tabs", core: true, build: (n) => fill(n, "\t", "## Worker ") },
  { name: "## Worker 1 Report - + spaces", core: true, build: (n) => fill(n, " ", "## Worker 1 Report - ", "x") },
  { name: "## Worker + x", core: false, build: (n) => fill(n, "x", "## Worker ") },
  { name: "🚨 + spaces", core: true, build: (n) => fill(n, " ", "🚨") },
  { name: "**Issue**: + spaces", core: true, build: (n) => fill(n, " ", "## Worker 1 Report - p\n\n**Issue**: ", "x") },
  { name: "**Issue**: + #", core: false, build: (n) => fill(n, "#", "## Worker 1 Report - p\n\n**Issue**: ") },
  { name: "**Status**: + emoji", core: true, build: (n) => fill(n, "✅ ", "## Worker 1 Report - p\n\n**Status**: ") },
  { name: "report fields, no newline", core: false, build: (n) => fill(n, "**Issue**: #1 **Status**: ✅ ", "## Worker 1 Report - p\n\n") },
  { name: "report fields per line", core: true, build: (n) => fill(n, "**Deliverables**: a\n- b\n", "## Worker 1 Report - p\n\n") },
  { name: "report headings", core: false, build: (n) => fill(n, "## Worker 1 Report - x\n") },
  { name: "field name + spaces per line", core: false, build: (n) => fill(n, `Issue${" ".repeat(1_990)}x\n`, "## Worker 1 Report - p\n\n") },
  { name: "/depends + #1", core: false, build: (n) => fill(n, " #1", "/depends #2 on") },
  { name: "/gate + quote", core: false, build: (n) => fill(n, " a", '/gate "') },
  { name: "Depends on: + lines", core: false, build: (n) => fill(n, "#1\n", "Depends on:\n") },
  { name: "keyword gap lines", core: false, build: (n) => fill(n, `Depends on${" ".repeat(285)}x #1\n`) },
  { name: "sentence gap lines", core: false, build: (n) => fill(n, `#1${" ".repeat(285)}x blocks #2\n`) },
  // Nesting and many blocks.
  { name: "nested lists (growing indent)", core: true, build: (n) => growing(n, "  ", "- x") },
  { name: "nested lists (one line)", core: true, build: (n) => fill(n, "- ") },
  { name: "list items", core: true, build: (n) => fill(n, "- x\n") },
  { name: "task items", core: true, build: (n) => fill(n, "- [ ] #1\n") },
  { name: "ordered items", core: false, build: (n) => fill(n, "1. x\n") },
  { name: "nested blockquotes", core: true, build: (n) => fill(n, "> ") },
  { name: "nested quotes (growing)", core: true, build: (n) => growing(n, ">", " x") },
  { name: "quoted lines", core: false, build: (n) => fill(n, "> x\n") },
  { name: "paragraphs", core: false, build: (n) => fill(n, "x\n\n") },
  // A `/` in every block, so command parsing cannot skip any.
  { name: "paragraphs with /", core: true, build: (n) => fill(n, "a/b\n\n") },
  { name: "lines with / and markup", core: false, build: (n) => fill(n, "/x *a* `b` [c](d)\n") },
  { name: "indented code lines", core: false, build: (n) => fill(n, "    x\n") },
  { name: "HTML block lines", core: false, build: (n) => fill(n, "<div>\n") },
  { name: "link definitions", core: false, build: (n) => fill(n, "[a]: b\n") },
  { name: "[[[ ]]]", core: false, build: (n) => fill(n / 2, "[") + fill(n / 2, "]") },
  { name: "``` fences", core: false, build: (n) => fill(n, "```\n") },
  { name: "code span runs 1..n", core: false, build: (n) => growing(n, "`", "a").replace(/\n/g, " ") },
  { name: "table rows", core: true, build: (n) => fill(n, "| #1 | #2 |\n", "| Issue | Blocked by |\n| --- | --- |\n") },
  { name: "table, one wide row", core: false, build: (n) => fill(n, "|#1", "| Issue | Blocked by |\n| --- | --- |\n") },
  // Distinct issues everywhere: every reference is new (tracked lists, edges and their keys grow).
  // Not in the ratio test: a table of 2,900 rows keeps its parser's tokens alive while young
  // collections copy them, which costs this machine's V8 about 1.4 times more per row than 380
  // rows (ratio 11–13); plain linear otherwise, and timed by the benchmark.
  { name: "table rows, distinct issues", core: false, build: (n) => numbered(n, (i) => `| #${i} | #${i + 500_000} |\n`, "| Issue | Blocked by |\n| --- | --- |\n") },
  { name: "list items, distinct issues", core: false, build: (n) => numbered(n, (i) => `- #${i}\n`) },
  { name: "arrows, distinct issues", core: false, build: (n) => numbered(n, (i) => `#${i} → `) },
  { name: "Depends on lines, distinct issues", core: false, build: (n) => numbered(n, (i) => `Depends on #${i}, #${i + 500_000}\n`) },
  // No newline at all, mixed syntax.
  { name: "mixed, no newline", core: true, build: (n) => fill(n, "## [a](b) *x* `c` <!-- @x #1 &#64;y > - | \\ _u_ ~~s~~ âœ… ") },
  { name: "mixed, lines", core: true, build: (n) => fill(n, "- [ ] #1 `x` <b> @y\n> q\n## h\n") },
];

export interface Subject<T = unknown> {
  name: string;
  /** Turns a family's string into this function's argument (not timed). */
  prepare?: (s: string) => T;
  run: (input: T) => unknown;
}

function subject<T>(name: string, prepare: (s: string) => T, run: (input: T) => unknown): Subject {
  return { name, prepare, run: run as (input: unknown) => unknown };
}

const direct = (name: string, run: (s: string) => unknown): Subject => ({ name, run: run as (input: unknown) => unknown });

/** Verdicts that flip every criterion, so syncChecklist has work on every line. */
function flipped(body: string): { body: string; verdicts: CriterionVerdict[] } {
  const verdicts = parseCriteria(body, CTX).map((criterion) => ({ criterion: { ...criterion, kind: "issue" as const }, met: !criterion.checked, evidence: "" }));
  return { body, verdicts };
}

const VERBS = ["context", "track", "depends", "assign", "escalate", "gate", "nogo", "help"];

/** Every exported function that sees user text (comments, bodies, titles, config values). */
export const SUBJECTS: Subject[] = [
  direct("parseComment", (s) => parseComment(s, CTX)),
  direct("parseStatus", (s) => parseStatus(s)),
  direct("liveBlocks", (s) => liveBlocks(s)),
  direct("plainInline", (s) => plainInline(s)),
  direct("referenceText", (s) => referenceText(s)),
  direct("findRefs", (s) => findRefs(s, CTX)),
  direct("findRefsInMarkdown", (s) => findRefsInMarkdown(s, CTX)),
  direct("parseRef", (s) => parseRef(s, CTX)),
  direct("parseRefKey", (s) => parseRefKey(s)),
  direct("bodyEdges", (s) => bodyEdges(s, SELF)),
  direct("coordinationEdges", (s) => coordinationEdges(s, CTX)),
  direct("trackedRefs", (s) => trackedRefs({ coordination: SELF, orchestratorText: s, subIssues: [], reports: [], edges: [] })),
  direct("parseCommands", (s) => parseCommands(s, "/", CTX)),
  direct("parseCommands (/coord)", (s) => parseCommands(s, "/coord", CTX)),
  ...VERBS.map((verb) => direct(`parseArguments ${verb}`, (s) => parseArguments(verb, s, CTX))),
  direct("parseCriteria", (s) => parseCriteria(s, CTX)),
  subject("syncChecklist", flipped, (x) => syncChecklist(x.body, x.verdicts)),
  direct("summariseGate", (s) => summariseGate("acme/app#2", s, [s], false, [], { approved: "gate:approved", rejected: "gate:rejected" })),
  direct("renderGateBody", (s) => renderGateBody(s, [], CTX, s)),
  subject(
    "decideApproval",
    (s) => [{ criterion: { line: 0, text: s, checked: false, kind: "manual" as const, issues: [], wave: null }, met: false, evidence: s }],
    (verdicts) => decideApproval({ gate: "acme/app#2", approver: "x", approverAllowed: true, approverReason: "", verdicts, now: new Date(0), repo: CTX }),
  ),
  direct("escapeInline", (s) => escapeInline(s, Number.POSITIVE_INFINITY)),
  direct("escapeInline (max 100)", (s) => escapeInline(s, 100)),
  subject("escapeJsonForComment", (s) => JSON.stringify({ s }), (json) => escapeJsonForComment(json)),
  direct("quoteLogin", (s) => quoteLogin(s)),
  direct("mermaidText", (s) => mermaidText(s, 40)),
  direct("parseDuration", (s) => parseDuration(s)),
  direct("addToTrackedList", (s) => addToTrackedList(s, ["#1"])),
  direct("removeFromTrackedList", (s) => removeFromTrackedList(`### Tracked\n${s}`, ["#1"])),
  direct("appendLine", (s) => appendLine(s, "Depends on #1")),
  direct("splitBody", (s) => splitBody(s)),
  direct("replaceDashboard", (s) => replaceDashboard(s, "x")),
  direct("parseState", (s) => parseState(s)),
  direct("parseState (in markers)", (s) => parseState(`${DASHBOARD_START}\n${STATE_PREFIX}${s} -->\n${DASHBOARD_END}`)),
  direct("parseSynthesisMarker", (s) => parseSynthesisMarker(s)),
  direct("isOwnArtefact / repliedCommentId", (s) => [isOwnArtefact(s), repliedCommentId(s)]),
  subject(
    "parseConfig (values)",
    (s) => ({ coordinationLabel: s, labels: { blocked: s }, orchestrators: [s], commandPrefix: s, synthesis: { cron: s, timezone: s }, [s]: 1 }),
    (raw) => parseConfig(raw),
  ),
  direct("renderConfigProblems", (s) => renderConfigProblems([{ key: s, message: s }], s)),
];
