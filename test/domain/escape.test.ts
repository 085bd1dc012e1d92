import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { escapeInline, escapeJsonForComment, quoteLogin } from "../../src/domain/escape.js";

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
    ["comment open", "x <!-- y", "x &lt;!-- y"],
    ["comment close", "x --> y", "x --&gt; y"],
    ["our marker", "<!-- coordinator:dashboard:end -->", "&lt;!-- coordinator:dashboard:end --&gt;"],
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
