import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plainInline, referenceText } from "../../src/domain/inline-markdown.js";

describe("plainInline: code spans (CommonMark backtick rule)", () => {
  it.each([
    ["a single-backtick span keeps its content", "`#12`", "#12"],
    ["text around a span", "see `npm test` now", "see npm test now"],
    ["a double-backtick span may hold a backtick", "``a ` b``", "a ` b"],
    ["one space stripped on each side", "`` `a` ``", "`a`"],
    ["only one space stripped", "`  a  `", " a "],
    ["a span of two holds a run of one", "``x`y``", "x`y"],
    ["a span of one holds a run of two", "`a``b`", "a``b"],
    ["a newline inside a span is a space", "`a\nb`", "a b"],
    ["markup inside a span is literal", "`**bold** [l](u)`", "**bold** [l](u)"],
    ["two spans", "`a` and `b`", "a and b"],
    ["a backslash inside a span is literal, and does not escape the closer", "`a\\` then `b`", "a\\ then b"],
    ["a backslash alone in a span", "`\\` is not a login", "\\ is not a login"],
    ["an escaped backtick, then a span of one", "\\``a`", "`a"],
  ])("%s: %j → %j", (_name, text, out) => {
    expect(plainInline(text)).toBe(out);
  });

  it.each([
    ["an unclosed backtick", "`abc", "`abc"],
    ["an unclosed double backtick", "``abc`", "``abc`"],
    ["runs of different lengths do not match", "``abc```", "``abc```"],
    ["a lone backtick between words", "it`s fine", "it`s fine"],
    ["an escaped backtick opens nothing", "\\`not code\\`", "`not code`"],
  ])("should NOT read a code span in %s: %j → %j", (_name, text, out) => {
    expect(plainInline(text)).toBe(out);
  });
});

describe("plainInline: links, emphasis, escapes, HTML", () => {
  it.each([
    ["a link keeps its text", "[the plan](https://github.com/o/r/issues/970)", "the plan"],
    ["a link with a title", '[t](http://x "title")', "t"],
    ["an image keeps its alt text", "![diagram](docs/a.png)", "diagram"],
    ["an autolink keeps its URL", "<https://example.com/a>", "https://example.com/a"],
    ["bold", "**Issue**: #12", "Issue: #12"],
    ["bold with the colon inside", "**Issue:** #12", "Issue: #12"],
    ["italic with stars", "*note*", "note"],
    ["bold italic", "***x***", "x"],
    ["bold with underscores", "__Status__: Done", "Status: Done"],
    ["strikethrough", "~~old~~ new", "old new"],
    ["emphasis around a file name", "__init__.py", "init.py"],
    ["an escaped star stays a star", "\\*not emphasis\\*", "*not emphasis*"],
    ["an escaped hash", "\\#12", "#12"],
    ["an escaped bracket", "\\[x\\]", "[x]"],
    ["an escaped backslash before a star", "a\\\\*b*", "a\\b"],
    ["inline HTML tags dropped", "<b>bold</b> and <br/>", "bold and "],
    ["an HTML comment dropped", "a <!-- hidden #5 --> b", "a  b"],
    ["an unclosed HTML comment runs to the end", "a <!-- hidden", "a "],
    ["mis-encoded emoji untouched", "âœ… Complete", "âœ… Complete"],
  ])("%s: %j → %j", (_name, text, out) => {
    expect(plainInline(text)).toBe(out);
  });

  it.each([
    ["intraword double underscores (not emphasis)", "backend__1", "backend__1"],
    ["single underscores in names", "snake_case_name", "snake_case_name"],
    ["triple underscores inside a word", "a___b", "a___b"],
    ["a backslash before a letter", "C:\\path", "C:\\path"],
    ["a bracket without a target", "[not a link]", "[not a link]"],
    ["a lone angle bracket", "a < b > c", "a < b > c"],
  ])("should NOT strip %s: %j", (_name, text, out) => {
    expect(plainInline(text)).toBe(out);
  });
});

describe("referenceText", () => {
  it.each([
    ["drops a code span", "`#12` and #13", "  and #13"],
    ["drops a double-backtick span", "``#1 ` #2`` #3", "  #3"],
    ["keeps link targets", "[plan](https://github.com/o/r/issues/970)", "plan https://github.com/o/r/issues/970"],
    ["keeps image targets", "![x](https://github.com/o/r/issues/5)", "x https://github.com/o/r/issues/5"],
    ["keeps an unclosed backtick as text", "`#12", "`#12"],
    ["keeps autolinks", "<https://github.com/o/r/issues/7>", "https://github.com/o/r/issues/7"],
    ["drops HTML comments", "#1 <!-- #2 --> #3", "#1  #3"],
    ["strips emphasis", "**#12**", "#12"],
  ])("%s: %j → %j", (_name, text, out) => {
    expect(referenceText(text)).toBe(out);
  });
});

describe("inline properties", () => {
  const inlineish = fc
    .array(
      fc.constantFrom("`", "``", "```", "*", "**", "_", "__", "~~", "[", "]", "(", ")", "![", "](", "<", ">", "<!--", "-->", "\\", "#12", "http://x", "<https://y>", " ", "\n", "a", "é", "😀", "âœ…", '"'),
      { maxLength: 80 },
    )
    .map((parts) => parts.join(""));
  /** Every `(target)` right after `]`: the most referenceText may add back. */
  const targets = (s: string) => [...s.matchAll(/\]\(([^)\s]*)/g)].reduce((n, m) => n + (m[1]?.length ?? 0) + 1, 0);

  it("never throws, and the output is never longer than the input plus link targets", () => {
    for (const arb of [fc.string(), fc.string({ unit: "binary" }), inlineish]) {
      fc.assert(
        fc.property(arb, (s) => {
          expect(plainInline(s).length).toBeLessThanOrEqual(s.length);
          expect(referenceText(s).length).toBeLessThanOrEqual(s.length + targets(s));
        }),
      );
    }
  });

  it("leaves plain words alone", () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9 ,.:#-]{0,40}$/), (s) => plainInline(s) === s && referenceText(s) === s));
  });

  it("reads links and autolinks whose bounded runs meet their own opening delimiter in linear time", () => {
    // `[^\]\n]{0,200}` read up to 200 characters from every `[` of a run of them; the runs now
    // stop at the next `[` (`(` in a target, `<` in an autolink).
    for (const s of ["[".repeat(65_536), "[x](".repeat(16_384), "<https://".repeat(7_281)]) {
      const start = performance.now();
      plainInline(s);
      referenceText(s);
      expect(performance.now() - start).toBeLessThan(100);
    }
    expect(plainInline("[a](b) [c [d](e)")).toBe("a [c d");
  });

  it("returns on hostile input", () => {
    for (const s of ["`".repeat(65_536), "`a".repeat(32_768), "[a".repeat(32_768), "*a".repeat(32_768), "<!--".repeat(16_384), "\\".repeat(65_536), "](".repeat(32_768), "<a ".repeat(21_845)]) {
      expect(typeof plainInline(s)).toBe("string");
      expect(typeof referenceText(s)).toBe("string");
    }
  });
});
