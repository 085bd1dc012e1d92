// Escaping of user text echoed into the dashboard and into replies. Pure, linear, never throws.
//
// Threats handled: table cells broken by `|`; mentions that ping people (`@x`, and `\@x`,
// `&#64;x`, `&commat;x`, which GitHub still renders as `@x`); HTML comments opened or closed by
// user text (which would break our hidden markers); raw HTML; control and bidi characters.

const ZWJ = "\u200D";
const ZWJ_CODE = 0x200d;
const ELLIPSIS = "…";

/** Character references that render as `@` (CommonMark decodes them before GitHub finds mentions). */
const AT_ENTITY = /&(?:#0*64|#x0*40|commat);/iy;

function isLineOrSpace(cp: number): boolean {
  return (
    cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0x2028 || cp === 0x2029
  );
}

/** C0/C1 controls and the bidi embedding/override/isolate/mark characters. */
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
 * One line of user text, safe inside a Markdown table cell or list item, at most `max` UTF-16
 * units long (an ellipsis marks a cut). Whitespace runs (newlines included) become one space.
 *
 * Every `@` is followed by a zero-width joiner, so nothing pings; backslashes are doubled so that
 * every `|` is preceded by an odd number of backslashes (an even run would close the cell);
 * backticks are escaped because an unpaired one would pair with a code span of ours later on the
 * line; `<` and `>` become entities, so no `<!--`, `-->` or HTML survives. Escaping twice never
 * pings and never unescapes a pipe.
 */
export function escapeInline(text: string, max: number): string {
  const limit = Number.isNaN(max) ? 0 : Math.max(0, Math.floor(max));
  if (limit === 0) return "";
  // Characters that are dropped go first, so what they separated cannot join into an entity that
  // pings (`&` + bidi override + `commat;` would otherwise become `&commat;`).
  const s = Array.from(typeof text === "string" ? text : String(text))
    .filter((ch) => ch.length > 1 || isLineOrSpace(ch.charCodeAt(0)) || !isStripped(ch.charCodeAt(0)))
    .join("");
  const out: string[] = [];
  let len = 0;
  let pendingSpace = false;
  let overflow = false;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    let tok: string;
    let step = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        tok = s.slice(i, i + 2);
        step = 2;
      } else {
        tok = "\uFFFD";
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      tok = "\uFFFD"; // a lone surrogate cannot be encoded as UTF-8
    } else if (isLineOrSpace(c)) {
      pendingSpace = len > 0;
      i += 1;
      continue;
    } else if (isStripped(c)) {
      i += 1;
      continue;
    } else if (c === 0x40 /* @ */) {
      tok = "@" + ZWJ;
      if (s.charCodeAt(i + 1) === ZWJ_CODE) step = 2; // already broken: stay idempotent
    } else if (c === 0x26 /* & */) {
      AT_ENTITY.lastIndex = i;
      const m = AT_ENTITY.exec(s);
      if (m) {
        tok = "@" + ZWJ;
        step = m[0].length;
        if (s.charCodeAt(i + step) === ZWJ_CODE) step += 1;
      } else {
        tok = "&";
      }
    } else if (c === 0x5c /* \ */) {
      tok = "\\\\";
    } else if (c === 0x7c /* | */) {
      tok = "\\|";
    } else if (c === 0x60 /* ` */) {
      tok = "\\`";
    } else if (c === 0x3c /* < */) {
      tok = "&lt;";
    } else if (c === 0x3e /* > */) {
      tok = "&gt;";
    } else {
      tok = s[i] ?? "";
    }
    if (pendingSpace) {
      pendingSpace = false;
      if (len + 1 > limit) {
        overflow = true;
        break;
      }
      out.push(" ");
      len += 1;
    }
    if (len + tok.length > limit) {
      overflow = true;
      break;
    }
    out.push(tok);
    len += tok.length;
    i += step;
  }
  if (!overflow) return out.join("");
  // Cut whole tokens only, so no escape sequence or surrogate pair is split.
  while (out.length > 0 && (len > limit - 1 || out[out.length - 1] === " ")) {
    len -= (out.pop() ?? "").length;
  }
  out.push(ELLIPSIS);
  return out.join("");
}

/**
 * JSON text (as produced by `JSON.stringify`, no indentation) made safe inside `<!-- … -->`:
 * `<`, `>` and `--` only occur inside JSON strings, where their `\uXXXX` escapes parse back to
 * the same value; the result holds no `--`, `<` or `>` at all, so it can neither close the
 * comment nor look like one of our markers.
 */
export function escapeJsonForComment(json: string): string {
  return json
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/--/g, "\\u002d\\u002d");
}

/** A GitHub login (or `org/team`) shown without pinging: a code span, reduced to login characters. */
export function quoteLogin(login: string): string {
  const clean = String(login)
    .replace(/^@+/, "")
    .replace(/[^A-Za-z0-9._\-[\]/]/g, "")
    .slice(0, 100);
  return "`" + (clean === "" ? "?" : clean) + "`";
}
