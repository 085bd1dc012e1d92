// Inline Markdown, read linearly: code spans (CommonMark's backtick rule), links, emphasis
// markers and escapes. Enough to read fields and references as GitHub renders them.

/**
 * Splits text into code spans and the rest, as CommonMark reads them, left to right: a backslash
 * escapes the character after it (so `` \` `` opens nothing); a run of n backticks opens a span
 * that closes at the next run of exactly n, whatever precedes that run (backslashes are literal
 * inside code); a run with no such closer is literal text. Linear: the runs are found once, and
 * for each length one pointer only moves forward.
 */
export function segments(text: string): Array<{ code: boolean; text: string }> {
  // Maximal backtick runs over the raw text: the only possible closers.
  const runs: Array<{ at: number; length: number }> = [];
  const byLength = new Map<number, number[]>();
  for (let i = 0; i < text.length; ) {
    if (text.charCodeAt(i) !== 0x60) {
      i++;
      continue;
    }
    let j = i;
    while (text.charCodeAt(j) === 0x60) j++;
    const list = byLength.get(j - i);
    if (list) list.push(runs.length);
    else byLength.set(j - i, [runs.length]);
    runs.push({ at: i, length: j - i });
    i = j;
  }
  const out: Array<{ code: boolean; text: string }> = [];
  if (runs.length === 0) return text === "" ? out : [{ code: false, text }];
  const cursor = new Map<number, number>();
  /** The first run of exactly `length` backticks starting at or after `from` (`from` never decreases). */
  const closer = (length: number, from: number): { at: number; length: number } | undefined => {
    const list = byLength.get(length);
    if (!list) return undefined;
    let c = cursor.get(length) ?? 0;
    while (c < list.length && (runs[list[c] ?? 0]?.at ?? Infinity) < from) c++;
    cursor.set(length, c);
    return c < list.length ? runs[list[c] ?? 0] : undefined;
  };
  let pos = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) {
      i += 2;
      continue;
    }
    if (c !== 0x60) {
      i++;
      continue;
    }
    let j = i;
    while (text.charCodeAt(j) === 0x60) j++;
    const close = closer(j - i, j);
    if (!close) {
      i = j;
      continue;
    }
    if (i > pos) out.push({ code: false, text: text.slice(pos, i) });
    out.push({ code: true, text: text.slice(j, close.at).replace(/\n/g, " ").replace(/^ (.*) $/, "$1") });
    pos = i = close.at + close.length;
  }
  if (pos < text.length) out.push({ code: false, text: text.slice(pos) });
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

function plainOutsideCode(text: string, keepUrls: boolean): string {
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
  return segments(text)
    .map((s) => (s.code ? s.text : plainOutsideCode(s.text, false)))
    .join("");
}

/** Text in which references count: code spans dropped (GitHub does not link there), link targets kept. */
export function referenceText(text: string): string {
  return segments(text)
    .map((s) => (s.code ? " " : plainOutsideCode(s.text, true)))
    .join("");
}
