// The Markdown comment that explains an invalid configuration file (SPEC §7): each problem made
// safe, whoever wrote its message. Pure.
import { escapeCode, escapeInline } from "./domain/escape.js";
import { segments } from "./domain/inline-markdown.js";
import { MAX_PROBLEMS, codeSpan } from "./config-rules.js";
import type { ConfigProblem } from "./config-schema.js";
// ---------------------------------------------------------------------------------------------
// The explanatory comment
// ---------------------------------------------------------------------------------------------

/** Longest message read from a problem (ours are far shorter; others are cut, then made safe). */
const MAX_MESSAGE = 2_000;

/**
 * A problem's message, made safe whoever wrote it, on one line. The message is Markdown whose
 * values sit in code spans; it is not trusted to be well formed (a message from the config
 * loader may echo a YAML error with a lone backtick, which flipped the old odd/even reading of
 * backticks and let `@team` outside a span ping). So it is written again, span by span, as
 * CommonMark reads it: each code span through `escapeCode` in a span of ours, everything else
 * through `escapeInline` (a lone backtick becomes `` \` ``; `@`, links, images, URLs and HTML are
 * broken). The result holds only well-formed spans of ours and escaped text.
 */
function safeMessage(markdown: string): string {
  const source = markdown.length > MAX_MESSAGE ? `${markdown.slice(0, MAX_MESSAGE)}…` : markdown;
  const out: string[] = [];
  for (const part of segments(source)) {
    if (part.code) {
      const text = escapeCode(part.text, MAX_MESSAGE);
      out.push(text === "" ? '`""`' : `\`${text}\``);
      continue;
    }
    // escapeInline trims; the spaces around a piece of text are kept (as one space).
    const text = escapeInline(part.text, Number.POSITIVE_INFINITY);
    const before = /^\s/u.test(part.text) ? " " : "";
    const after = /\s$/u.test(part.text) ? " " : "";
    out.push(text === "" ? (before || after) : before + text + after);
  }
  return out.join("").replace(/ {2,}/g, " ").trim();
}

/**
 * The Markdown comment body explaining an invalid configuration file: each bad key, what is
 * wrong and what is expected, that the defaults are in force, and where the keys are
 * documented. Values are shown in code spans (nobody is mentioned). Finding and updating an
 * earlier copy of this comment (hidden marker) is the caller's business.
 */
export function renderConfigProblems(problems: readonly ConfigProblem[], path = ".github/coordinator.yml"): string {
  const file = codeSpan(path);
  if (problems.length === 0) {
    return `### ✅ Coordinator configuration\n\n${file} is valid; its settings are in force.\n`;
  }
  const shown = problems.slice(0, MAX_PROBLEMS + 1);
  const items = shown.map((p) => {
    const where = p.key === "(file)" ? "The file" : codeSpan(p.key);
    return `- ${where}: ${safeMessage(p.message)}`;
  });
  if (problems.length > shown.length) items.push(`- …and ${problems.length - shown.length} more.`);
  const count = problems.length === 1 ? "a problem" : `${problems.length} problems`;
  // One line per paragraph: GitHub renders a line break inside a comment as a break.
  return [
    `### ⚠️ Coordinator configuration: ${count} in ${file}`,
    "",
    `Coordinator could not use ${file}, so **the default configuration is in force**: none of the file's settings apply, not even the valid ones, until every problem below is fixed.`,
    "",
    ...items,
    "",
    "A problem may also come from a file this one extends (`_extends`) or, when the repository has no file of its own, from the organisation's `.github` repository. Every key, its default and an example file are described in `docs/configuration.md` in Coordinator's documentation.",
    "",
  ].join("\n");
}
