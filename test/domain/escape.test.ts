import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { escapeCode, escapeInline, escapeJsonForComment, quoteLogin } from "../../src/domain/escape.js";
import { hostileRendering } from "./rendered.js";

const Z = "\u200D";

/** A mention GitHub would find: `@` directly followed by a login character. */
const PINGS = /@[A-Za-z0-9_-]/;

/** A `|` preceded by an even number of backslashes is a cell delimiter in a GFM table. */
function hasUnescapedPipe(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "|") continue;
    let k = 0;
    while (i - 1 - k >= 0 && s[i - 1 - k] === "\\") k += 1;
    if (k % 2 === 0) return true;
  }
  return false;
}

describe("escapeInline", () => {
  const cases: [string, string, string][] = [
    ["plain text", "Phase 1.1 - PostgreSQL Connection", "Phase 1.1 - PostgreSQL Connection"],
    ["mention", "ping @alice now", `ping @${Z}alice now`],
    ["backslash-escaped mention", "\\@alice", `\\\\@${Z}alice`],
    ["decimal entity mention", "&#64;alice", `@${Z}alice`],
    ["decimal entity with zeros", "&#0064;alice", `@${Z}alice`],
    ["hex entity mention", "&#x40;alice &#X40;bob", `@${Z}alice @${Z}bob`],
    ["named entity mention", "&commat;alice", `@${Z}alice`],
    ["team mention", "@org/team", `@${Z}org/team`],
    ["already broken mention stays single", `@${Z}alice`, `@${Z}alice`],
    ["email", "a@b.c", `a@${Z}b.c`],
    ["other entities untouched", "R&D &amp; &#65;", "R&D &amp; &#65;"],
    ["pipe", "a | b", "a \\| b"],
    ["escaped pipe in input stays escaped", "a \\| b", "a \\\\\\| b"],
    ["comment open", "x <!-- y", "x &lt;\\!-- y"],
    ["comment close", "x --> y", "x --&gt; y"],
    ["our marker", "<!-- coordinator:dashboard:end -->", "&lt;\\!-- coordinator:dashboard:end --&gt;"],
    ["raw html", "<img src=x>", "&lt;img src=x&gt;"],
    ["backticks", "fix `foo`", "fix \\`foo\\`"],
    ["newlines collapse", "line one\r\nline two\n\n\nthree", "line one line two three"],
    ["leading and trailing space trimmed", "  \n hi \t ", "hi"],
    ["unicode line separators", "a\u2028b\u2029c\u0085d", "a b c d"],
    ["control characters stripped", "a\u0000b\u0007c\u001bd\u007fe\u009bf", "abcdef"],
    ["bidi overrides stripped", "a\u202Eb\u2066c\u200Fd\u061Ce", "abcde"],
    ["emoji kept whole", "✅ done 👨‍👩‍👧", "✅ done 👨‍👩‍👧"],
    ["lone surrogate replaced", "a\uD800b", "a\uFFFDb"],
  ];
  it.each(cases)("%s", (_name, input, expected) => {
    expect(escapeInline(input, 1000)).toBe(expected);
  });

  const truncation: [string, string, number, string][] = [
    ["fits exactly", "abcde", 5, "abcde"],
    ["cut with ellipsis", "abcdef", 5, "abcd…"],
    ["no trailing space before ellipsis", "abc defgh", 5, "abc…"],
    ["escape never split", "ab|cd", 4, "ab…"],
    ["entity never split", "a<b", 4, "a…"],
    ["surrogate pair never split", "a😀b", 3, "a…"],
    ["mention never split", "a@b", 3, "a…"],
    ["max 1", "abc", 1, "…"],
    ["max 0", "abc", 0, ""],
    ["negative max", "abc", -3, ""],
    ["NaN max", "abc", Number.NaN, ""],
    ["infinite max", "abc", Number.POSITIVE_INFINITY, "abc"],
  ];
  it.each(truncation)("truncation: %s", (_name, input, max, expected) => {
    expect(escapeInline(input, max)).toBe(expected);
  });

  it("is safe for any input, escaped once or twice", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 200 }),
          fc.array(
            fc.constantFrom(
              "@", "\\", "|", "<", ">", "!", "-", "&", "#", "6", "4", "x", "0", ";", "commat",
              "a", " ", "\n", "`", Z, "\u202E", "\uD800", "😀",
            ),
            { maxLength: 60 },
          ).map((xs) => xs.join("")),
        ),
        fc.integer({ min: 0, max: 300 }),
        (s, max) => {
          for (const out of [escapeInline(s, max), escapeInline(escapeInline(s, max), max)]) {
            expect(out.length).toBeLessThanOrEqual(max);
            expect(out).not.toMatch(PINGS);
            expect(out).not.toContain("-->");
            expect(out).not.toContain("<!--");
            expect(out).not.toContain("<");
            expect(out).not.toMatch(/[\r\n\u2028\u2029]/);
            expect(hasUnescapedPipe(out)).toBe(false);
            expect(out).not.toMatch(/&(?:#0*64|#x0*40|commat);/i);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("is linear on pathological input", () => {
    const big = "&#0".repeat(100_000) + "@".repeat(100_000) + " ".repeat(100_000) + "\\|".repeat(100_000);
    const out = escapeInline(big, 1_000_000);
    expect(out.length).toBeGreaterThan(0);
    expect(out).not.toMatch(PINGS);
  });
});

/** A `c` preceded by an even number of backslashes: Markdown reads it as syntax. */
function hasUnescaped(s: string, c: string): boolean {
  for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) {
    let k = 0;
    while (i - 1 - k >= 0 && s[i - 1 - k] === "\\") k += 1;
    if (k % 2 === 0) return true;
  }
  return false;
}

/** What GitHub would turn into an image, a link, an autolink, a mention or HTML. */
function renders(out: string): string | null {
  if (hasUnescaped(out, "[")) return "an unescaped [";
  if (hasUnescaped(out, "]")) return "an unescaped ]";
  if (out.includes("<")) return "a <";
  if (/@(?!\u200D)/.test(out)) return "an @ without a joiner";
  if (/https?:\/\/|www\.|[a-z]:\/\//i.test(out)) return "an unbroken URL";
  if (/&(?:#0*64|#x0*40|commat);/i.test(out)) return "an @ reference";
  return null;
}

describe("escapeInline: echoed text stays text", () => {
  // Each row should NOT render as what its name says, on GitHub: the expected output shows why.
  const rows: [string, string, string][] = [
    ["image", "![x](https://evil.example/p.png)", `\\!\\[x\\](https${Z}://evil.example/p.png)`],
    ["link", "[click](https://evil.example)", `\\[click\\](https${Z}://evil.example)`],
    ["link with a title", '[a](/x "t")', '\\[a\\](/x "t")'],
    ["reference link and its definition", "[x][1] [1]: https://evil.example", `\\[x\\]\\[1\\] \\[1\\]: https${Z}://evil.example`],
    ["shortcut reference", "[x]", "\\[x\\]"],
    ["footnote", "see [^1]", "see \\[^1\\]"],
    ["task box", "[ ] done", "\\[ \\] done"],
    ["angle autolink", "<https://evil.example>", `&lt;https${Z}://evil.example&gt;`],
    ["angle e-mail autolink", "<a@evil.example>", `&lt;a@${Z}evil.example&gt;`],
    ["bare URL", "see https://evil.example/x", `see https${Z}://evil.example/x`],
    ["bare URL in capitals", "HTTP://EVIL.EXAMPLE", `HTTP${Z}://EVIL.EXAMPLE`],
    ["other scheme", "ftp://evil.example", `ftp${Z}://evil.example`],
    ["www autolink", "(www.evil.example)", `(www${Z}.evil.example)`],
    ["www autolink in capitals", "WWW.evil.example", `WWW${Z}.evil.example`],
    ["e-mail", "mail a@evil.example", `mail a@${Z}evil.example`],
    ["mailto", "mailto:a@evil.example", `mailto:a@${Z}evil.example`],
    ["mention", "@alice", `@${Z}alice`],
    ["team mention", "@org/team", `@${Z}org/team`],
    ["escaped mention", "\\@alice", `\\\\@${Z}alice`],
    ["entity mention", "&#64;alice", `@${Z}alice`],
    ["HTML", '<img src=x onerror="alert(1)">', '&lt;img src=x onerror="alert(1)"&gt;'],
    ["HTML comment open", "<!-- x", "&lt;\\!-- x"],
    ["HTML comment close", "x -->", "x --&gt;"],
    ["details", "<details><summary>x</summary>", "&lt;details&gt;&lt;summary&gt;x&lt;/summary&gt;"],
    ["code span", "`@x`", `\\\`@${Z}x\\\``],
  ];
  it.each(rows)("%s", (_name, input, expected) => {
    const out = escapeInline(input, 1000);
    expect(out).toBe(expected);
    expect(renders(out)).toBeNull();
    // And rendered by a CommonMark parser with GFM autolinks on: text, nothing else.
    expect(hostileRendering(out)).toEqual([]);
    expect(hostileRendering(`| ${out} |\n| --- |\n| ${out} |`)).toEqual([]);
  });

  it("renders as text in a sentence, a list item and a table cell (property)", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = escapeInline(s, 300);
        for (const md of [`Issue ${out} done`, `- ${out}`, `| a | b |\n| --- | --- |\n| ${out} | x |`]) expect(hostileRendering(md), md).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("the oracle sees what the unescaped rows would render", () => {
    const live = rows.filter(([, input]) => hostileRendering(input).length > 0).map(([name]) => name);
    expect(live).toEqual(expect.arrayContaining(["image", "link", "reference link and its definition", "angle autolink", "bare URL", "www autolink", "e-mail", "mention", "team mention", "HTML", "HTML comment open"]));
  });

  it("keeps a hostile title readable: only escapes and invisible joiners are added", () => {
    const out = escapeInline("![x](https://evil.example/p.png)", 1000);
    expect(out.replace(/\\(.)/g, "$1").replace(/\u200D/g, "")).toBe("![x](https://evil.example/p.png)");
  });

  const pieces = [
    "[", "]", "(", ")", "!", "^", "http", "HTTPS", "https", "://", ":", "/", "//", "www", "WWW", ".", "w",
    "mailto:", "@", "&#64;", "&commat;", "&", "#", "6", "4", ";", Z, "\u202E", "\u0000", "<", ">", "!--", "--",
    "\\", "`", "|", " ", "\n", "a", "x.y", "😀", "\uD800",
  ];
  const hostile = fc.oneof(
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.array(fc.constantFrom(...pieces), { maxLength: 80 }).map((xs) => xs.join("")),
  );

  it("never leaves a link, image, autolink, mention or HTML, escaped once or twice (property)", () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 1, max: 400 }), (s, max) => {
        const once = escapeInline(s, max);
        const twice = escapeInline(once, max);
        for (const out of [once, twice, escapeInline(s, Number.POSITIVE_INFINITY)]) {
          expect(renders(out), JSON.stringify(out)).toBeNull();
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("adds no second joiner when escaping escaped text (property)", () => {
    const joiners = (x: string) => x.split(Z).length - 1;
    fc.assert(
      fc.property(hostile, (s) => {
        const once = escapeInline(s, Number.POSITIVE_INFINITY);
        expect(joiners(escapeInline(once, Number.POSITIVE_INFINITY))).toBe(joiners(once));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("escapeCode", () => {
  const cases: [string, string, number, string][] = [
    ["plain", "Europe/Berlin", 100, "Europe/Berlin"],
    ["mention stays as typed (nothing renders in a code span)", "@org/team", 100, "@org/team"],
    ["backticks dropped", "a`b``c", 100, "abc"],
    ["line breaks and controls", " a\n\tb\u0000c\u202E ", 100, "a bc"],
    ["comment markers broken", "<!-- x -->", 100, `<${Z}!-- x --${Z}>`],
    ["cut", "abcdef", 4, "abc…"],
    ["surrogate pair never split", "a😀b", 3, "a…"],
    ["empty", "``", 10, ""],
  ];
  it.each(cases)("%s", (_name, input, max, expected) => {
    expect(escapeCode(input, max)).toBe(expected);
  });

  it("never closes its code span, breaks a line or holds a comment marker (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), fc.integer({ min: 1, max: 300 }), (s, max) => {
        for (const out of [escapeCode(s, max), escapeCode(escapeCode(s, max), max)]) {
          expect(out.length).toBeLessThanOrEqual(max);
          expect(out).not.toMatch(/[`\r\n\u2028\u2029]|<!--|-->/);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("escapeJsonForComment", () => {
  const hostile = {
    a: "-->",
    b: "<!-- coordinator:state {} -->",
    c: "---->",
    d: "--!>",
    e: "a-b - c",
    n: -12,
    m: [-1, -2.5],
  };

  it("leaves nothing that can open or close a comment, and parses back", () => {
    const out = escapeJsonForComment(JSON.stringify(hostile));
    expect(out).not.toContain("--");
    expect(out).not.toContain("<");
    expect(out).not.toContain(">");
    expect(JSON.parse(out)).toEqual(hostile);
  });

  it("keeps single dashes and numbers readable", () => {
    expect(escapeJsonForComment(JSON.stringify({ x: "a-b", n: -1 }))).toBe('{"x":"a-b","n":-1}');
    expect(escapeJsonForComment(JSON.stringify("-->"))).toBe('"\\u002d\\u002d\\u003e"');
  });

  it("round-trips any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const out = escapeJsonForComment(JSON.stringify(v));
        expect(out).not.toMatch(/--|<|>/);
        expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 500 },
    );
  });
});

describe("quoteLogin", () => {
  const cases: [string, string][] = [
    ["alice", "`alice`"],
    ["@alice", "`alice`"],
    ["dependabot[bot]", "`dependabot[bot]`"],
    ["org/team", "`org/team`"],
    ["evil`|@x\n", "`evilx`"],
    ["", "`?`"],
    ["`", "`?`"],
  ];
  it.each(cases)("%j → %s", (login, expected) => {
    expect(quoteLogin(login)).toBe(expected);
  });

  it("never leaves the code span or a table cell", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 50 }), (login) => {
        const out = quoteLogin(login);
        expect(out).toMatch(/^`[^`|\s]+`$/);
      }),
    );
  });
});

describe("escapeInline: characters it drops cannot assemble a mention", () => {
  it.each([["&\u202ecommat;"], ["&\u200e#64;"], ["&#\u202d64;"], ["&#x\u00ad40;"]])("%j does not become a pinging entity", (text) => {
    const out = escapeInline(`${text}alice`, 100);
    expect(out).not.toMatch(/&(?:#0*64|#x0*40|commat);/i);
    expect(out).not.toMatch(/@[A-Za-z0-9]/);
  });
});
