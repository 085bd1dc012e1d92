// Inline Markdown, read linearly: code spans (CommonMark's backtick rule), links, emphasis
// markers and escapes. Enough to read fields and references as GitHub renders them.

/** Splits text into code spans and the rest, following CommonMark: a run of n backticks closes at the next run of exactly n. */
function segments(text: string): Array<{ code: boolean; text: string }> {
  const runs: Array<{ at: number; length: number }> = [];
  for (let i = 0; i < text.length; ) {
    if (text[i] === "\\") {
      i += 2;
      continue;
    }
    if (text[i] !== "`") {
      i++;
      continue;
    }
    let j = i;
    while (text[j] === "`") j++;
    runs.push({ at: i, length: j - i });
    i = j;
  }
  // For each run, the index of the next run of the same length (one backward pass: linear).
  const nextSame = new Array<number>(runs.length).fill(-1);
  const lastByLength = new Map<number, number>();
  for (let k = runs.length - 1; k >= 0; k--) {
    const run = runs[k];
    if (!run) continue;
    nextSame[k] = lastByLength.get(run.length) ?? -1;
    lastByLength.set(run.length, k);
  }
  const out: Array<{ code: boolean; text: string }> = [];
  let pos = 0;
  let k = 0;
  while (k < runs.length) {
    const open = runs[k];
    const closeIndex = nextSame[k] ?? -1;
    const close = closeIndex >= 0 ? runs[closeIndex] : undefined;
    if (!open || !close) {
      k++;
      continue;
    }
    if (open.at > pos) out.push({ code: false, text: text.slice(pos, open.at) });
    out.push({ code: true, text: text.slice(open.at + open.length, close.at).replace(/\n/g, " ").replace(/^ (.*) $/, "$1") });
    pos = close.at + close.length;
    k = closeIndex + 1;
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
      // Images and links: their text (and, for reference finding, their target).
      .replace(/!?\[([^\]\n]{0,200})\]\(([^)\s]{0,500})(?:\s+"[^"\n]{0,200}")?\)/g, (_m, label: string, url: string) => (keepUrls ? `${label} ${url}` : label))
      .replace(/<(https?:\/\/[^>\s]{1,2000})>/g, "$1")
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
