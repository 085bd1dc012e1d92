import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blockTokens, cut, liveBlocks, MAX_MARKDOWN_LENGTH, MAX_MARKDOWN_LINES, type Block } from "../../src/domain/markdown.js";

const MAX = MAX_MARKDOWN_LENGTH;

describe("liveBlocks: live blocks", () => {
  it.each<[string, string, Block[]]>([
    ["an h1", "# Title", [{ type: "heading", depth: 1, text: "Title" }]],
    ["an h2", "## Worker 3 Report - Phase 2.1", [{ type: "heading", depth: 2, text: "Worker 3 Report - Phase 2.1" }]],
    ["an h3 with closing hashes", "### Progress ###", [{ type: "heading", depth: 3, text: "Progress" }]],
    ["an h6", "###### deep", [{ type: "heading", depth: 6, text: "deep" }]],
    ["an h3 indented by three spaces", "   ### Three", [{ type: "heading", depth: 3, text: "Three" }]],
    ["a setext h1", "Title\n=====", [{ type: "heading", depth: 1, text: "Title" }]],
    ["a setext h2", "Worker 3 Report\n---", [{ type: "heading", depth: 2, text: "Worker 3 Report" }]],
    ["an empty heading", "##", [{ type: "heading", depth: 2, text: "" }]],
    ["a paragraph", "just text", [{ type: "paragraph", text: "just text" }]],
    ["a paragraph of several lines", "**Issue**: #978\n**Status**: Done", [{ type: "paragraph", text: "**Issue**: #978\n**Status**: Done" }]],
    ["a paragraph with hard breaks (trailing double spaces)", "**Issue**: #977  \n**Created**: 2025-11-17  ", [{ type: "paragraph", text: "**Issue**: #977  \n**Created**: 2025-11-17" }]],
    ["a bullet list", "- a\n- b", [{ type: "list", items: ["a", "b"] }]],
    ["a `*` list", "* a\n* b", [{ type: "list", items: ["a", "b"] }]],
    ["an ordered list", "1. first\n2. second", [{ type: "list", items: ["first", "second"] }]],
    ["a loose list", "- a\n\n- b", [{ type: "list", items: ["a", "b"] }]],
    ["a nested list (joined into its item)", "- a\n  - a1\n  - a2\n- b", [{ type: "list", items: ["a\na1\na2", "b"] }]],
    ["a lazy continuation line", "- a\n**Blockers**: None", [{ type: "list", items: ["a\n**Blockers**: None"] }]],
    ["a task list", "- [ ] todo\n- [x] done", [{ type: "list", items: ["[ ] todo", "[x] done"] }]],
    [
      "a table",
      "| Worker | Issues |\n|--------|--------|\n| Worker 1 | #970 |\n| Worker 2 | #971, #972-976 |",
      [{ type: "table", header: ["Worker", "Issues"], rows: [["Worker 1", "#970"], ["Worker 2", "#971, #972-976"]] }],
    ],
    ["a table without rows", "| a | b |\n| - | - |", [{ type: "table", header: ["a", "b"], rows: [] }]],
    ["a table with an empty cell", "| a | b |\n| - | - |\n| 1 | |", [{ type: "table", header: ["a", "b"], rows: [["1", ""]] }]],
    [
      "blocks in order",
      "## H\n\npara\n\n- x\n\n| a |\n| - |\n| 1 |",
      [
        { type: "heading", depth: 2, text: "H" },
        { type: "paragraph", text: "para" },
        { type: "list", items: ["x"] },
        { type: "table", header: ["a"], rows: [["1"]] },
      ],
    ],
    ["inline markup kept raw (inline parsing is not done here)", "**bold** `code` [l](u)", [{ type: "paragraph", text: "**bold** `code` [l](u)" }]],
    ["an empty document", "", []],
    ["only blank lines", "\n\n   \n", []],
    ["a thematic break is no text", "---", []],
  ])("%s", (_name, text, blocks) => {
    expect(liveBlocks(text)).toEqual(blocks);
  });

  it.each([
    ["CRLF line endings", "## Title\r\n\r\ntext\r\n"],
    ["a paragraph then a heading without a blank line (ATX interrupts)", "text\n## Title"],
  ])("%s", (_name, text) => {
    const blocks = liveBlocks(text);
    expect(blocks.some((b) => b.type === "heading" && b.depth === 2 && b.text === "Title")).toBe(true);
  });
});

describe("liveBlocks: skipped (quoted or hidden text)", () => {
  it.each([
    ["a ``` fence", "```\n## Worker 1 Report\n**Issue**: #1\n```"],
    ["a ```markdown fence", "```markdown\n## Worker 1 Report\n```"],
    ["a ~~~ fence", "~~~\n- a\n~~~"],
    ["an unclosed fence (runs to the end)", "```\n## Worker 1 Report\n\n- a\n\npara"],
    ["indented code", "    ## Worker 1 Report\n    **Issue**: #1"],
    ["indented code with a tab", "\t## Worker 1 Report"],
    ["a > quote", "> ## Worker 1 Report\n> **Issue**: #1"],
    ["a > quote with lazy continuation", "> quoted\nstill quoted"],
    ["a nested quote", "> > ## Worker 1 Report\n> > text"],
    ["a list inside a quote", "> - a\n> - b"],
    ["a table inside a quote", "> | a |\n> | - |\n> | 1 |"],
    ["a fence inside a quote", "> ```\n> x\n> ```"],
    ["an HTML block", "<div>\n## not a heading, HTML until the blank line\n</div>"],
    ["a <details> block", "<details>\n<summary>old</summary>\nhidden\n</details>"],
    ["an HTML comment", "<!-- ## Worker 1 Report -->"],
    ["a multi-line HTML comment", "<!--\n## Worker 1 Report\n\n**Issue**: #1\n\n- a\n-->"],
    ["a thematic break", "***"],
  ])("%s", (_name, text) => {
    expect(liveBlocks(text)).toEqual([]);
  });

  it.each<[string, string, Block[]]>([
    ["text around a fence", "before\n\n```\nhidden\n```\n\nafter", [{ type: "paragraph", text: "before" }, { type: "paragraph", text: "after" }]],
    ["text after a quote", "> hidden\n\nlive", [{ type: "paragraph", text: "live" }]],
    ["text after a comment", "<!-- hidden -->\nlive", [{ type: "paragraph", text: "live" }]],
    ["a quote inside a list item is not the item's text", "- a\n  > hidden\n- b", [{ type: "list", items: ["a", "b"] }]],
    ["a fence inside a list item is not the item's text", "- a\n  ```\n  hidden\n  ```\n- b", [{ type: "list", items: ["a", "b"] }]],
    ["a heading after the quote ends", "> q\n\n## Live", [{ type: "heading", depth: 2, text: "Live" }]],
  ])("%s", (_name, text, blocks) => {
    expect(liveBlocks(text)).toEqual(blocks);
  });
});

describe("liveBlocks: bounded and total", () => {
  const markdownish = fc
    .array(
      fc.constantFrom("#", "## ", "> ", "- ", "1. ", "```", "~~~", "    ", "\t", "|", "| - |", "<!--", "-->", "<div>", "\n", "\n\n", " ", "a", "*", "_", "`", "[", "](", ")", "\\", "🚨", "\u0000", "\r"),
      { maxLength: 200 },
    )
    .map((parts) => parts.join(""));

  it("never throws on arbitrary strings", () => {
    fc.assert(fc.property(fc.string(), (s) => Array.isArray(liveBlocks(s))));
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => Array.isArray(liveBlocks(s))));
    fc.assert(fc.property(markdownish, (s) => Array.isArray(liveBlocks(s))));
  });

  it("never throws on lone surrogates", () => {
    const utf16 = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 100 }).map((codes) => String.fromCharCode(...codes));
    fc.assert(fc.property(utf16, (s) => Array.isArray(liveBlocks(s))));
  });

  it("reads a non-string as an empty document", () => {
    expect(liveBlocks(undefined as unknown as string)).toEqual([]);
    expect(liveBlocks(42 as unknown as string)).toEqual([]);
  });

  it.each([
    ["> × 65536", ">".repeat(65_536)],
    ["'> ' × 32768 (deep quotes)", "> ".repeat(32_768)],
    ["'- ' × 30000", "- ".repeat(30_000)],
    ["'- ' lines × 20000", "- \n".repeat(20_000)],
    ["```\\n × 16000", "```\n".repeat(16_000)],
    ["[a × 32768", "[a".repeat(32_768)],
    ["*a × 32768", "*a".repeat(32_768)],
    ["`a × 32768", "`a".repeat(32_768)],
    ["deep '1. 1. 1.' nesting", "1. ".repeat(21_845)],
    ["deep indented nesting", Array.from({ length: 3_000 }, (_, i) => `${" ".repeat(Math.min(i * 3, 60_000))}1. x`).join("\n").slice(0, 65_536)],
    ["# × 65536", "#".repeat(65_536)],
    ["<!-- × 16384", "<!--".repeat(16_384)],
    ["| × 65536", "|".repeat(65_536)],
    ["a huge table", `| a | b |\n| - | - |\n${"| x | y |\n".repeat(7_000)}`],
    ["far over the limit", "x".repeat(MAX * 3)],
  ])("a hostile %s returns without throwing", (_name, text) => {
    expect(() => liveBlocks(text)).not.toThrow();
    expect(Array.isArray(liveBlocks(text))).toBe(true);
  });

  it("ignores everything after 65,536 characters", () => {
    const text = `${"a".repeat(MAX)}\n\n## Hidden heading`;
    expect(liveBlocks(text).some((b) => b.type === "heading")).toBe(false);
    expect(liveBlocks(`## Seen\n\n${"a".repeat(MAX)}`)[0]).toEqual({ type: "heading", depth: 2, text: "Seen" });
  });

  it.each([
    ["\\n", "\n"],
    ["\\r\\n", "\r\n"],
    ["\\r", "\r"],
  ])("reads the first 4,096 lines (breaks written %s), as the parser counts them", (_name, br) => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `- item ${i}`).join(br);
    // Line 4,095 is blank, line 4,096 the heading: read. One line more, and it is not.
    const seen = liveBlocks(`${lines(MAX_MARKDOWN_LINES - 2)}${br}${br}## Last line read`);
    expect(seen.at(-1)).toEqual({ type: "heading", depth: 2, text: "Last line read" });
    const cutOff = liveBlocks(`${lines(MAX_MARKDOWN_LINES - 1)}${br}${br}## Not read`);
    expect(cutOff.some((b) => b.type === "heading")).toBe(false);
    expect(cutOff[0]?.type === "list" ? cutOff[0].items : []).toHaveLength(MAX_MARKDOWN_LINES - 1);
    // Line numbers of what is read are those of the whole text (gates tick boxes by them).
    const { tokens } = blockTokens(`${lines(10)}${br}${lines(MAX_MARKDOWN_LINES)}`);
    expect(tokens.filter((t) => t.type === "list_item_open").at(-1)?.map?.[0]).toBe(MAX_MARKDOWN_LINES - 1);
  });

  it("reads 16,384 list items in milliseconds, not tens of them (line cap)", () => {
    const text = "- x\n".repeat(16_384);
    liveBlocks(text);
    const start = performance.now();
    expect(liveBlocks(text)[0]?.type).toBe("list");
    expect(performance.now() - start).toBeLessThan(250);
  });
});

describe("cut", () => {
  it.each([
    ["abc", 5, "abc"],
    ["abcdef", 3, "abc"],
    ["ab😀", 3, "ab"],
    ["ab😀", 4, "ab😀"],
    ["a😀b", 2, "a"],
    ["", 0, ""],
  ])("cut(%j, %i) is %j", (text, max, out) => {
    expect(cut(text, max)).toBe(out);
  });

  it("never leaves half a surrogate pair and never exceeds the limit", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.nat(50), (s, max) => {
        const out = cut(s, max);
        // `s` is well formed (whole code points), so `out` must not end in a lone high surrogate.
        return out.length <= max && s.startsWith(out) && !/[\ud800-\udbff]$/.test(out) && out.length >= Math.min(s.length, max) - 1;
      }),
    );
  });
});
