// Keeps Markdown parsing linear. micromark resolves emphasis with a backwards search per closer
// (quadratic in the delimiters of one paragraph), walks back over the whole document for each
// setext heading, and recurses per container level, so a 64 KiB comment of `*a*a…`, `a\n=\n…`,
// `>>>>…` or `1. 1. 1. …` takes seconds to minutes or overflows the stack. Real documents stay far
// below the budgets here; beyond them the extra markers are backslash-escaped, which keeps their
// characters as plain text.

/** Container markers (`>`, list markers) honoured per line; deeper ones become text. */
export const MAX_CONTAINER_DEPTH = 16;

/** Emphasis/strikethrough runs and brackets honoured per paragraph (counted between blank lines). */
export const MAX_INLINE_DELIMITERS = 128;

/** Setext heading underlines (`===`, `---` under text) honoured per document. */
export const MAX_SETEXT_HEADINGS = 32;

/** Escapes markers beyond the budgets above. One pass, O(length); other text is unchanged. */
export function defuseMarkdown(text: string): string {
  const lines = text.split("\n");
  let budget = MAX_INLINE_DELIMITERS;
  let setext = MAX_SETEXT_HEADINGS;
  let previousHadText = false;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] ?? "";
    const prefix = containerPrefix(line);
    const rest = line.slice(prefix.contentStart);
    const hadText = previousHadText;
    previousHadText = false;
    if (rest.trim() === "") {
      // A blank line (also inside quotes and list items) ends every paragraph.
      budget = MAX_INLINE_DELIMITERS;
      lines[n] = prefix.text;
      continue;
    }
    if (hadText && prefix.shallow && isSetextUnderline(rest)) {
      setext--;
      lines[n] = prefix.text + (setext < 0 ? `\\${rest}` : rest);
      continue;
    }
    if (prefix.thematic || isFence(rest)) {
      lines[n] = prefix.text + rest;
      continue;
    }
    previousHadText = true;
    // A list item or an ATX heading starts a new inline run (only when surely not a lazy line).
    const heading = prefix.shallow && /^#{1,6}(?:[ \t]|$)/.test(rest);
    if (prefix.shallow && (prefix.listItem || heading)) budget = MAX_INLINE_DELIMITERS;
    const content = escapeDelimiters(rest, budget);
    budget = heading ? MAX_INLINE_DELIMITERS : content.budget;
    lines[n] = prefix.text + content.text;
  }
  return lines.join("\n");
}

interface Prefix {
  /** The container prefix as it will be parsed, with markers past the limit escaped. */
  text: string;
  contentStart: number;
  /** The rest of the line is a thematic break (`- - -`, `***`), which must stay one. */
  thematic: boolean;
  /** The line is indented by at most three spaces, so it cannot be a lazy or code line. */
  shallow: boolean;
  /** The last marker opens a list item that can interrupt a paragraph (bullet, `1.`, `1)`). */
  listItem: boolean;
}

function containerPrefix(line: string): Prefix {
  const thematicFrom = thematicSuffixStart(line);
  let i = 0;
  while (line[i] === " ") i++;
  const shallow = i <= 3 && line[i] !== "\t";
  let depth = 0;
  let listItem = false;
  for (;;) {
    while (line[i] === " " || line[i] === "\t") i++;
    const base = { contentStart: i, shallow, listItem };
    if (i >= thematicFrom) return { ...base, text: line.slice(0, i), thematic: true };
    const markerEnd = containerMarkerEnd(line, i);
    if (markerEnd < 0) return { ...base, text: line.slice(0, i), thematic: false };
    depth++;
    if (depth > MAX_CONTAINER_DEPTH) {
      // Escaping the marker's last character turns `>`, `-`, `1.` into text.
      const at = markerEnd - 1;
      const text = `${line.slice(0, at)}\\${line.slice(at, markerEnd)}`;
      return { text, contentStart: markerEnd, thematic: false, shallow, listItem };
    }
    const marker = line.slice(i, markerEnd);
    listItem = marker === "-" || marker === "+" || marker === "*" || marker === "1." || marker === "1)";
    i = markerEnd;
  }
}

/** End of a `>` or list marker (`-`, `+`, `*`, `1.`, `1)` followed by a space) at `i`, or -1. */
function containerMarkerEnd(line: string, i: number): number {
  const c = line[i];
  if (c === ">") return i + 1;
  const spaced = (at: number): boolean => line[at] === " " || line[at] === "\t";
  if ((c === "-" || c === "+" || c === "*") && spaced(i + 1)) return i + 1;
  let j = i;
  while (j - i < 9 && isDigit(line[j])) j++;
  if (j > i && (line[j] === "." || line[j] === ")") && spaced(j + 1)) return j + 1;
  return -1;
}

/** Where the line's thematic break begins (3+ of one of `-*_`, spaces between), or Infinity. */
function thematicSuffixStart(line: string): number {
  let i = line.length - 1;
  while (i >= 0 && (line[i] === " " || line[i] === "\t" || line[i] === "\r")) i--;
  const marker = line[i];
  if (marker !== "-" && marker !== "*" && marker !== "_") return Infinity;
  let count = 0;
  let start = i;
  while (i >= 0 && (line[i] === marker || line[i] === " " || line[i] === "\t")) {
    if (line[i] === marker) {
      count++;
      start = i;
    }
    i--;
  }
  return count >= 3 ? start : Infinity;
}

function isSetextUnderline(rest: string): boolean {
  const c = rest[0];
  if (c !== "=" && c !== "-") return false;
  let i = 0;
  while (rest[i] === c) i++;
  return rest.slice(i).trim() === "";
}

function isFence(rest: string): boolean {
  return rest.startsWith("```") || rest.startsWith("~~~");
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/** Counts emphasis runs and brackets; once the budget is spent, escapes them. */
function escapeDelimiters(text: string, budget: number): { text: string; budget: number } {
  let out = "";
  let from = 0;
  let escaped = false;
  let left = budget;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      i++; // An escaped character is already text.
      continue;
    }
    const bracket = c === "[" || c === "]";
    if (!bracket && c !== "*" && c !== "_" && c !== "~") continue;
    if (bracket || text[i - 1] !== c) left--;
    if (left < 0) {
      out += `${text.slice(from, i)}\\`;
      from = i;
      escaped = true;
    }
  }
  return { text: escaped ? out + text.slice(from) : text, budget: Math.max(left, -1) };
}
