// Inline Markdown, read linearly: code spans (CommonMark's backtick rule), links, emphasis
// markers and escapes. Enough to read fields and references as GitHub renders them.

/** Index of `char` in `text` from `from`, or Infinity. */
function find(text: string, char: string, from: number): number {
  const k = text.indexOf(char, from);
  return k < 0 ? Number.POSITIVE_INFINITY : k;
}

/**
 * Walks text as CommonMark reads its code spans, left to right, handing each code span's content
 * to `code` and each stretch of other text to `other`: a backslash escapes the character after it
 * (so `` \` `` opens nothing); a run of n backticks opens a span that closes at the next run of
 * exactly n, whatever precedes that run (backslashes are literal inside code); a run with no such
 * closer is literal text. Linear: the runs are found once, and for each length one pointer only
 * moves forward. Code content is given raw (see `codeText`).
 */
function walk(text: string, code: (raw: string) => void, other: (text: string) => void): void {
  // Maximal backtick runs over the raw text: the only possible closers. Starts and lengths in
  // two flat arrays; for each length, the indexes of its runs.
  const at: number[] = [];
  const length: number[] = [];
  const byLength = new Map<number, number[]>();
  for (let i = text.indexOf("`"); i >= 0; i = text.indexOf("`", i)) {
    let j = i;
    while (text.charCodeAt(j) === 0x60) j++;
    const list = byLength.get(j - i);
    if (list) list.push(at.length);
    else byLength.set(j - i, [at.length]);
    at.push(i);
    length.push(j - i);
    i = j;
  }
  if (at.length === 0) {
    if (text !== "") other(text);
    return;
  }
  const cursor = new Map<number, number>();
  /** Index of the first run of exactly `n` backticks starting at or after `from` (`from` never decreases), or -1. */
  const closer = (n: number, from: number): number => {
    const list = byLength.get(n);
    if (!list) return -1;
    let c = cursor.get(n) ?? 0;
    while (c < list.length && (at[list[c] ?? 0] ?? Infinity) < from) c++;
    cursor.set(n, c);
    return c < list.length ? (list[c] ?? -1) : -1;
  };
  let pos = 0;
  let i = 0;
  // The next backtick and the next backslash at or after i: each searched for again only once i
  // has passed it, so no stretch of text is scanned twice.
  let tick = -1;
  let slash = -1;
  while (i < text.length) {
    if (tick < i) tick = find(text, "`", i);
    if (slash < i) slash = find(text, "\\", i);
    if (tick === Infinity) break;
    if (slash < tick) {
      i = slash + 2; // an escaped character (a backtick after a backslash opens nothing)
      continue;
    }
    i = tick;
    let j = i;
    while (text.charCodeAt(j) === 0x60) j++;
    const close = closer(j - i, j);
    if (close < 0) {
      i = j;
      continue;
    }
    if (i > pos) other(text.slice(pos, i));
    const end = at[close] ?? text.length;
    code(text.slice(j, end));
    pos = i = end + (length[close] ?? 0);
  }
  if (pos < text.length) other(text.slice(pos));
}

/** A code span's content as shown: line breaks as spaces, one space stripped from each side when both have one. */
function codeText(raw: string): string {
  const flat = raw.includes("\n") ? raw.replace(/\n/g, " ") : raw;
  return flat.length >= 2 && flat.startsWith(" ") && flat.endsWith(" ") && flat.trim() !== "" ? flat.slice(1, -1) : flat;
}

/** Text split into code spans (their content as shown) and the rest, as CommonMark reads them (see `walk`). */
export function segments(text: string): Array<{ code: boolean; text: string }> {
  const out: Array<{ code: boolean; text: string }> = [];
  walk(
    text,
    (raw) => out.push({ code: true, text: codeText(raw) }),
    (t) => out.push({ code: false, text: t }),
  );
  return out;
}

/** Drops `<!-- … -->` (an unclosed one runs to the end, as in CommonMark). One pass. */
function withoutHtmlComments(text: string): string {
  let out = "";
  let pos = 0;
  for (;;) {
    const open = text.indexOf("<!--", pos);
    if (open < 0) return out + text.slice(pos);
    out += text.slice(pos, open);
    const close = text.indexOf("-->", open + 4);
    if (close < 0) return out;
    pos = close + 3;
  }
}

/** Characters that start something `plainOutsideCode` rewrites; text without them is left as it is. */
const MARKUP = /[<[\\*_~]/;

function plainOutsideCode(text: string, keepUrls: boolean): string {
  if (!MARKUP.test(text)) return text;
  return (
    withoutHtmlComments(text)
      // Images and links: their text (and, for reference finding, their target). Each bounded
      // run stops at its own opening delimiter (`[` in the text, `(` in the target, `<` in an
      // autolink), so a run of `[` or `<https://` is read once, not 200 or 2,000 times.
      .replace(/!?\[([^[\]\n]{0,200})\]\(([^()\s]{0,500})(?:\s+"[^"\n]{0,200}")?\)/g, (_m, label: string, url: string) => (keepUrls ? `${label} ${url}` : label))
      .replace(/<(https?:\/\/[^<>\s]{1,2000})>/g, "$1")
      // Raw HTML tags are not text.
      .replace(/<\/?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>]{0,500})?\/?>/g, "")
      // Emphasis and strikethrough markers, and backslash escapes, in one pass so that an escaped
      // `\*` stays a literal `*`. Underscores inside a word (`a__b`) are not emphasis in CommonMark.
      .replace(/\\([!-/:-@[-`{-~])|\*{1,3}|(?<![A-Za-z0-9_])_{2,3}|_{2,3}(?![A-Za-z0-9_])|~~/g, (_m, escaped: string | undefined) => escaped ?? "")
  );
}

/** What a reader sees: code spans keep their content, markup is dropped. */
export function plainInline(text: string): string {
  if (!text.includes("`")) return plainOutsideCode(text, false);
  let out = "";
  walk(
    text,
    (raw) => (out += codeText(raw)),
    (t) => (out += plainOutsideCode(t, false)),
  );
  return out;
}

/** Text in which references count: code spans dropped (GitHub does not link there), link targets kept. */
export function referenceText(text: string): string {
  if (!text.includes("`")) return plainOutsideCode(text, true);
  let out = "";
  walk(
    text,
    () => (out += " "),
    (t) => (out += plainOutsideCode(t, true)),
  );
  return out;
}
