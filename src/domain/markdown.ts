// Markdown as GitHub reads it, at block level: a CommonMark parser (markdown-it, with GFM tables)
// decides what is a heading, a paragraph, a list or a table, and what is code, a `>` quote or
// HTML — text there is quoted or hidden, not said, and is skipped. Inline syntax is read by the
// few linear helpers in inline-markdown.ts. Block-level parsing of a 64 KiB comment takes milliseconds.
import MarkdownIt from "markdown-it";

/**
 * GitHub refuses comments and bodies longer than 65,536 characters, so nothing longer is a
 * real document: anything beyond is cut before parsing, which also bounds the parser's work.
 */
export const MAX_MARKDOWN_LENGTH = 65_536;

/**
 * Lines read from a document (line breaks: `\n`, `\r\n` or `\r`, as the parser counts them). The
 * parser's work and memory grow with lines more than with characters — five tokens for a list
 * item, eight for a table row — so 65,536 characters of `- x` lines (16,384 list items) took
 * 20–30 ms, most of it collecting the garbage. 4,096 lines is 16 characters a line at GitHub's
 * limit: prose, plans and reports are far from it (a tracked list of 2,000 issues is 2,000 lines);
 * what follows the last line read is ignored, like text beyond GitHub's limit.
 */
export const MAX_MARKDOWN_LINES = 4_096;

export type Block =
  | { type: "heading"; depth: number; text: string }
  | { type: "paragraph"; text: string }
  /** Each item's raw inline text; nested paragraphs and lists of an item are joined by "\n". */
  | { type: "list"; items: string[] }
  | { type: "table"; header: string[]; rows: string[][] };

const parser = new MarkdownIt("commonmark", { html: true }).enable("table");
// Inline parsing is what makes Markdown parsers slow on long comments; blocks are all we need.
parser.core.ruler.disable(["inline", "text_join"]);

/** Cuts `text` to at most `max` UTF-16 units without leaving half a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** `text` up to (not including) the line break that ends its `max`th line. */
function firstLines(text: string, max: number): string {
  let lines = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) continue;
    if (lines === max) return text.slice(0, i);
    lines += 1;
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i += 1;
  }
  return text;
}

export type BlockToken = ReturnType<typeof parser.parse>[number];

/**
 * The block tokens of a document (cut at GitHub's limit) and the source they were read from;
 * `map` gives each block's lines. For parsers that need more than `liveBlocks` (gate checklists).
 */
export function blockTokens(text: string): { source: string; tokens: BlockToken[] } {
  const source = typeof text === "string" ? firstLines(cut(text, MAX_MARKDOWN_LENGTH), MAX_MARKDOWN_LINES) : "";
  try {
    return { source, tokens: parser.parse(source, {}) };
  } catch {
    return { source, tokens: [] };
  }
}

/** The live top-level blocks of a document, in order. Never throws. */
export function liveBlocks(text: string): Block[] {
  const { tokens } = blockTokens(text);
  const blocks: Block[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (!t) break;
    if (t.level !== 0 || t.nesting === -1) {
      i++;
      continue;
    }
    const end = closing(tokens, i);
    if (t.type === "heading_open") {
      blocks.push({ type: "heading", depth: Number(t.tag.slice(1)) || 1, text: tokens[i + 1]?.content ?? "" });
    } else if (t.type === "paragraph_open") {
      blocks.push({ type: "paragraph", text: tokens[i + 1]?.content ?? "" });
    } else if (t.type === "bullet_list_open" || t.type === "ordered_list_open") {
      blocks.push({ type: "list", items: listItems(tokens, i, end) });
    } else if (t.type === "table_open") {
      blocks.push(table(tokens, i, end));
    }
    // blockquote, fence, code_block, html_block, hr: skipped whole.
    i = end + 1;
  }
  return blocks;
}

/** Index of the token closing the one at `open` (itself for self-contained tokens). */
function closing(tokens: ReturnType<typeof parser.parse>, open: number): number {
  const t = tokens[open];
  if (!t || t.nesting !== 1) return open;
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const u = tokens[j];
    if (!u) break;
    depth += u.nesting;
    if (depth === 0) return j;
  }
  return tokens.length - 1;
}

function listItems(tokens: ReturnType<typeof parser.parse>, open: number, end: number): string[] {
  const items: string[] = [];
  const level = (tokens[open]?.level ?? 0) + 1;
  // The item being read: its first text, and an array only when it has more than one.
  let inItem = false;
  let first: string | null = null;
  let more: string[] | null = null;
  for (let j = open + 1; j < end; j++) {
    const t = tokens[j];
    if (!t) break;
    if (t.type === "list_item_open" && t.level === level) {
      inItem = true;
      first = null;
      more = null;
    } else if (t.type === "list_item_close" && t.level === level && inItem) {
      items.push(more ? more.join("\n") : (first ?? ""));
      inItem = false;
    } else if (t.type === "blockquote_open") j = closing(tokens, j);
    else if (t.type === "inline" && inItem) {
      if (first === null) first = t.content;
      else (more ??= [first]).push(t.content);
    }
  }
  return items;
}

function table(tokens: ReturnType<typeof parser.parse>, open: number, end: number): Block {
  const header: string[] = [];
  const rows: string[][] = [];
  let row: string[] | null = null;
  let inHead = false;
  for (let j = open + 1; j < end; j++) {
    const t = tokens[j];
    if (!t) break;
    if (t.type === "thead_open") inHead = true;
    else if (t.type === "thead_close") inHead = false;
    else if (t.type === "tr_open") row = [];
    else if (t.type === "tr_close" && row) {
      if (inHead) header.push(...row);
      else rows.push(row);
      row = null;
    } else if (t.type === "inline" && row) row.push(t.content);
  }
  return { type: "table", header, rows };
}
