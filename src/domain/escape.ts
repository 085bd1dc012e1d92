// Escaping of user text echoed into the dashboard, replies, gate comments and notices. Pure,
// linear, never throws.
//
// The rule (SPEC §8, "echoed text stays text"): what a user wrote is shown as the characters they
// typed and nothing else — no image, link, autolink, mention, HTML or hidden marker. Threats
// handled, with GitHub Flavored Markdown's rules (https://github.github.com/gfm/):
// - links and images (`[x](u)`, `![x](u)`, `[x][1]`, `[x]` with a definition elsewhere, footnotes
//   `[^1]`): every `[`, `]` and `!` is backslash-escaped, so no link text can open;
// - autolinks: `<https://…>` and HTML (`<img>`, `<!--`, `-->`) lose their `<`/`>` to entities;
//   GFM's extended autolinks (`http://`, `https://`, `www.`, any `scheme://`) are recognised
//   only when the literal text `www.` or `scheme://` is there (the spec's "extended www/url
//   autolink"), so a zero-width joiner goes between `www` and `.` and before `://`;
// - e-mail autolinks (`a@b.c`, `mailto:a@b.c`, `xmpp:…`) and mentions (`@user`, `@org/team`) need
//   an `@` directly followed by a name character: every `@` is followed by a zero-width joiner,
//   and `\@x`, `&#64;x`, `&#x40;x`, `&commat;x` (which GitHub still renders as `@x`) become the same;
// - table cells broken by `|`, code spans opened by a lone backtick, control and bidi characters.
// The joiner is invisible, so the text reads as typed. Escaping twice stays safe and adds no
// second joiner.

const ZWJ = "\u200D";
const ZWJ_CODE = 0x200d;
const ELLIPSIS = "…";

/** Character references that render as `@` (CommonMark decodes them before GitHub finds mentions). */
const AT_ENTITY = /&(?:#0*64|#x0*40|commat);/iy;
/** `www.` in any case, where GFM starts an extended www autolink. */
const WWW = /www\./iy;

function isLineOrSpace(cp: number): boolean {
  return (
    cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0x2028 || cp === 0x2029
  );
}

/** Control, bidi and direction-mark characters: dropped from any user text we echo. */
export function isStripped(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x061c ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069)
  );
}

/**
 * One line of plain text: controls and bidi characters dropped, whitespace runs (line breaks
 * included) as one space, no leading or trailing space, a lone surrogate as U+FFFD. Reads no more
 * than it needs to produce `cap` UTF-16 units (`cut` then says whether text was left over).
 * Characters are dropped first, so what they separated is then read as one (`&` + bidi override
 * + `commat;` is `&commat;`, an `@`).
 */
function cleanLine(text: string, cap: number): { text: string; cut: boolean } {
  let out = "";
  let run = 0; // start of the characters copied as they are
  let size = 0; // length of out plus the pending run
  let pendingSpace = false;
  let i = 0;
  for (; i < text.length; i++) {
    if (size >= cap) return { text: out + text.slice(run, i), cut: true };
    const c = text.charCodeAt(i);
    if (isLineOrSpace(c) || isStripped(c)) {
      out += text.slice(run, i);
      run = i + 1;
      if (isLineOrSpace(c)) pendingSpace = size > 0;
      continue;
    }
    if (pendingSpace) {
      out += text.slice(run, i) + " ";
      run = i;
      size += 1;
      pendingSpace = false;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = text.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        i += 1;
        size += 2;
      } else {
        out += text.slice(run, i) + "\uFFFD"; // a lone surrogate cannot be encoded as UTF-8
        run = i + 1;
        size += 1;
      }
      continue;
    }
    size += 1;
  }
  return { text: out + text.slice(run, i), cut: false };
}

/**
 * One line of user text, safe inside a Markdown table cell, list item or sentence, at most `max`
 * UTF-16 units long (an ellipsis marks a cut; whole escapes only, never half a surrogate pair).
 * Whitespace runs (newlines included) become one space.
 *
 * `[`, `]`, `!`, `` ` ``, `|` and `\` are backslash-escaped (backslashes doubled, so that every `|`
 * follows an odd number of them and stays in its cell); `<` and `>` become entities, so no HTML,
 * `<!--`, `-->` or `<https://…>` survives; every `@` (and `&#64;`-style references to it) is
 * followed by a zero-width joiner, so nothing pings and no e-mail address links; a zero-width
 * joiner also breaks `www.` and `://`, so no bare URL links. Linear, and it stops reading `text`
 * once it has more than it can show.
 */
export function escapeInline(text: string, max: number): string {
  const limit = Number.isNaN(max) ? 0 : Math.max(0, Math.floor(max));
  if (limit === 0) return "";
  const { text: s, cut } = cleanLine(typeof text === "string" ? text : String(text), limit === Infinity ? Infinity : limit * 4 + 64);
  let out = "";
  let run = 0; // start of the pending characters of `s` copied as they are
  let len = 0;
  let last = 0; // length of the last token, and of the one before
  let lastSpace = false;
  let prev = 0;
  let prevSpace = false;
  let overflow = false;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    let tok: string | null = null; // null: the character itself
    let step = 1;
    switch (c) {
      case 0x40 /* @ */:
        tok = "@" + ZWJ;
        if (s.charCodeAt(i + 1) === ZWJ_CODE) step = 2; // already broken: stay idempotent
        break;
      case 0x26 /* & */: {
        AT_ENTITY.lastIndex = i;
        const m = AT_ENTITY.exec(s);
        if (m) {
          tok = "@" + ZWJ;
          step = m[0].length;
          if (s.charCodeAt(i + step) === ZWJ_CODE) step += 1;
        }
        break;
      }
      case 0x3a /* : */:
        if (s.charCodeAt(i + 1) === 0x2f && s.charCodeAt(i + 2) === 0x2f && s.charCodeAt(i - 1) !== ZWJ_CODE) tok = ZWJ + ":";
        break;
      case 0x57 /* W */:
      case 0x77 /* w */:
        WWW.lastIndex = i;
        if (WWW.test(s)) {
          tok = s.slice(i, i + 3) + ZWJ;
          step = 3;
        }
        break;
      case 0x5c /* \ */:
        tok = "\\\\";
        break;
      case 0x7c /* | */:
        tok = "\\|";
        break;
      case 0x60 /* ` */:
        tok = "\\`";
        break;
      case 0x5b /* [ */:
        tok = "\\[";
        break;
      case 0x5d /* ] */:
        tok = "\\]";
        break;
      case 0x21 /* ! */:
        tok = "\\!";
        break;
      case 0x3c /* < */:
        tok = "&lt;";
        break;
      case 0x3e /* > */:
        tok = "&gt;";
        break;
      default:
        if (c >= 0xd800 && c <= 0xdbff) step = 2; // cleanLine left only whole pairs
    }
    const size = tok === null ? step : tok.length;
    if (len + size > limit) {
      overflow = true;
      break;
    }
    if (tok !== null) {
      out += s.slice(run, i) + tok;
      run = i + step;
    }
    len += size;
    prev = last;
    prevSpace = lastSpace;
    last = size;
    lastSpace = c === 0x20;
    i += step;
  }
  out += s.slice(run, i);
  if (!overflow && !cut) return out;
  // Cut whole tokens only: the last one when the ellipsis needs its room, then a trailing space.
  let keep = len;
  if (keep > limit - 1) {
    keep -= last;
    if (prevSpace) keep -= prev;
  } else if (lastSpace) {
    keep -= last;
  }
  return out.slice(0, keep) + ELLIPSIS;
}

/**
 * User text for the inside of a code span we write (`` `…` ``): one line (as `escapeInline`), at
 * most `max` UTF-16 units with an ellipsis marking a cut, without backticks (so the span cannot
 * close early). Nothing renders inside a code span — no link, mention or HTML — so nothing else
 * is escaped, except that a zero-width joiner follows every `<` and precedes every `>`: the raw
 * text then never holds `<!--` or `-->`, which code scanning bodies for markers could mistake.
 * Empty when nothing is left.
 */
export function escapeCode(text: string, max: number): string {
  const limit = Number.isNaN(max) ? 0 : Math.max(0, Math.floor(max));
  if (limit === 0) return "";
  const { text: s, cut } = cleanLine(typeof text === "string" ? text : String(text), limit === Infinity ? Infinity : limit * 4 + 64);
  const parts: string[] = [];
  let len = 0;
  let overflow = cut;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x60) continue;
    let tok = s[i] ?? "";
    if (c >= 0xd800 && c <= 0xdbff) tok = s.slice(i, ++i + 1);
    else if (c === 0x3c) tok = s.charCodeAt(i + 1) === ZWJ_CODE ? "<" : "<" + ZWJ;
    else if (c === 0x3e) tok = s.charCodeAt(i - 1) === ZWJ_CODE ? ">" : ZWJ + ">";
    if (len + tok.length > limit) {
      overflow = true;
      break;
    }
    parts.push(tok);
    len += tok.length;
  }
  if (!overflow) return parts.join("").trim();
  while (parts.length > 0 && (len > limit - 1 || parts[parts.length - 1] === " ")) len -= (parts.pop() ?? "").length;
  return parts.join("").trim() + ELLIPSIS;
}

/**
 * JSON text (as produced by `JSON.stringify`, no indentation) made safe inside `<!-- … -->`:
 * `<`, `>` and `--` only occur inside JSON strings, where their `\uXXXX` escapes parse back to
 * the same value; the result holds no `--`, `<` or `>` at all, so it can neither close the
 * comment nor look like one of our markers.
 */
export function escapeJsonForComment(json: string): string {
  // Plain string replacements (no callback per match: a run of `-` or `>` is 32,000 of them).
  return json.replaceAll("<", "\\u003c").replaceAll(">", "\\u003e").replaceAll("--", "\\u002d\\u002d");
}

/** A GitHub login (or `org/team`) shown without pinging: a code span, reduced to login characters. */
export function quoteLogin(login: string): string {
  const clean = String(login)
    .replace(/^@+/, "")
    .replace(/[^A-Za-z0-9._\-[\]/]/g, "")
    .slice(0, 100);
  return "`" + (clean === "" ? "?" : clean) + "`";
}

/** User text shown as a code span (`` `…` ``): see `escapeCode`; "`?`" when nothing is left. */
export function codeSpan(text: string, max: number): string {
  return "`" + (escapeCode(text, max) || "?") + "`";
}
