import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findRefs, findRefsInMarkdown, formatRef, MAX_RANGE, parseRef, parseRefKey, refKey, type RepoContext } from "../../src/domain/refs.js";
import type { IssueRef } from "../../src/domain/types.js";

const ctx: RepoContext = { owner: "acme", repo: "miyabi" };
const here = (...numbers: number[]): IssueRef[] => numbers.map((number) => ({ owner: "acme", repo: "miyabi", number }));
const range = (from: number, to: number) => here(...Array.from({ length: to - from + 1 }, (_, i) => from + i));

describe("findRefs: should match", () => {
  it.each<[string, string, IssueRef[]]>([
    ["#12", "#12", here(12)],
    ["#12 at the end of a sentence", "Fixed in #12.", here(12)],
    ["owner/repo#12", "other/tools#12", [{ owner: "other", repo: "tools", number: 12 }]],
    ["owner/repo#12 with dots and dashes", "my-org/repo.js_x#3", [{ owner: "my-org", repo: "repo.js_x", number: 3 }]],
    ["an issue URL", "https://github.com/o/r/issues/12", [{ owner: "o", repo: "r", number: 12 }]],
    ["an http issue URL", "http://github.com/o/r/issues/12", [{ owner: "o", repo: "r", number: 12 }]],
    ["a GHE host URL", "https://ghe.corp.example.com/team/api/issues/77", [{ owner: "team", repo: "api", number: 77 }]],
    ["a GHE host with a port", "https://git.local:8443/team/api/issues/78", [{ owner: "team", repo: "api", number: 78 }]],
    ["a URL with a comment anchor", "https://github.com/o/r/issues/12#issuecomment-1", [{ owner: "o", repo: "r", number: 12 }]],
    ["a URL with a trailing slash", "https://github.com/o/r/issues/12/", [{ owner: "o", repo: "r", number: 12 }]],
    ["the seeds' range #972-976", "#972-976", range(972, 976)],
    ["a range with an en dash", "#972–976", range(972, 976)],
    ["a range with a second hash", "#10-#12", range(10, 12)],
    ["a range of exactly MAX_RANGE", `#1-${1 + MAX_RANGE}`, range(1, 1 + MAX_RANGE)],
    ["a range wider than MAX_RANGE: endpoints only", "#1-100", here(1, 100)],
    ["a reversed range: endpoints only", "#976-972", here(976, 972)],
    ["a range from and to the same issue", "#5-5", here(5)],
    ["a range in another repository", "o/r#3-4", [{ owner: "o", repo: "r", number: 3 }, { owner: "o", repo: "r", number: 4 }]],
    ["in parentheses", "(#12)", here(12)],
    ["a range in parentheses", "(#972-976)", range(972, 976)],
    ["separated by commas", "#1,#2, #3", here(1, 2, 3)],
    ["in a table cell", "| Worker 2 | #971, #972-976 |", [...here(971), ...range(972, 976)]],
    ["with a trailing TBD", "#978-982 (TBD)", range(978, 982)],
    ["after an emoji", "✅#12", here(12)],
    ["after a mis-encoded emoji", "âœ… #12 ðŸ”„#13", here(12, 13)],
    ["bold", "**#969**: Root cause", here(969)],
    ["a trailing dash", "#12- done", here(12)],
    ["duplicates once, in order", "#3 #1 #3 acme/miyabi#1 ACME/Miyabi#3", here(3, 1)],
    ["mixed", "#1, o/r#2 and https://github.com/x/y/issues/3", [...here(1), { owner: "o", repo: "r", number: 2 }, { owner: "x", repo: "y", number: 3 }]],
  ])("%s", (_name, text, refs) => {
    expect(findRefs(text, ctx)).toEqual(refs);
  });
});

describe("findRefs: should NOT match", () => {
  it.each([
    ["#123abc", "#123abc"],
    ["#12_x", "#12_x"],
    ["abc#12 (an anchor)", "abc#12"],
    ["#0", "#0"],
    ["#00", "#00"],
    ["an HTML entity", "&#64;"],
    ["a bare hash", "# heading"],
    ["a hash with a space", "# 12"],
    ["a pull-request URL", "https://github.com/o/r/pull/12"],
    ["a discussions URL", "https://github.com/o/r/discussions/12"],
    ["an issues URL without a number", "https://github.com/o/r/issues"],
    ["an issues URL with a query only", "https://github.com/o/r/issues?q=is:open"],
    ["issues/12abc", "https://github.com/o/r/issues/12abc"],
    ["a relative issues path", "o/r/issues/12"],
    ["a path without a host", "/o/r/issues/12"],
    ["a hash ref inside a path", "https://x.com/a/o/r#12"],
    ["a number too long", "#12345678901"],
    ["a word after a range", "#1-2abc"],
    ["a plain number", "12"],
    ["an empty string", ""],
  ])("%s", (_name, text) => {
    expect(findRefs(text, ctx)).toEqual([]);
  });

  it("reads a non-string as no references", () => {
    expect(findRefs(null as unknown as string, ctx)).toEqual([]);
  });
});

describe("parseRef: exactly one reference", () => {
  it.each<[string, IssueRef]>([
    ["#12", here(12)[0] as IssueRef],
    ["  #12  ", here(12)[0] as IssueRef],
    ["o/r#12", { owner: "o", repo: "r", number: 12 }],
    ["https://github.com/o/r/issues/12", { owner: "o", repo: "r", number: 12 }],
    ["https://github.com/o/r/issues/12/", { owner: "o", repo: "r", number: 12 }],
    ["https://ghe.example.com/o/r/issues/9", { owner: "o", repo: "r", number: 9 }],
  ])("%j", (text, ref) => {
    expect(parseRef(text, ctx)).toEqual(ref);
  });

  it.each([
    ["two references", "#12 #13"],
    ["a range", "#972-976"],
    ["text around", "#12 (schema)"],
    ["a word before", "see #12"],
    ["no reference", "#[number]"],
    ["a pull request", "https://github.com/o/r/pull/12"],
    ["#0", "#0"],
    ["an empty string", ""],
    ["a number without a hash", "12"],
  ])("should NOT parse %s: %j", (_name, text) => {
    expect(parseRef(text, ctx)).toBeNull();
  });
});

describe("refKey, parseRefKey, formatRef", () => {
  it.each<[IssueRef, string]>([
    [{ owner: "Acme", repo: "Miyabi", number: 977 }, "acme/miyabi#977"],
    [{ owner: "o", repo: "r.js", number: 1 }, "o/r.js#1"],
  ])("refKey(%j) is %s", (ref, key) => {
    expect(refKey(ref)).toBe(key);
  });

  it.each([
    ["acme/miyabi#977", { owner: "acme", repo: "miyabi", number: 977 }],
    ["o/r.js_x-y#1", { owner: "o", repo: "r.js_x-y", number: 1 }],
  ])("parseRefKey(%s)", (key, ref) => {
    expect(parseRefKey(key)).toEqual(ref);
  });

  it.each([
    ["no hash", "acme/miyabi"],
    ["no slash", "miyabi#1"],
    ["#0", "o/r#0"],
    ["a negative number", "o/r#-1"],
    ["an exponent", "o/r#1e3"],
    ["hex", "o/r#0x10"],
    ["a decimal", "o/r#12.0"],
    ["a space", "o/r# 12"],
    ["an empty number", "o/r#"],
    ["an empty owner", "/r#1"],
    ["a bad owner", "-o/r#1"],
    ["an extra slash", "o/r/x#1"],
    ["an empty string", ""],
  ])("parseRefKey should NOT parse %s: %j", (_name, key) => {
    expect(parseRefKey(key)).toBeNull();
  });

  it("round-trips: parseRefKey(refKey(ref)) is the lower-cased ref", () => {
    const ref = fc.record({
      owner: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/),
      repo: fc.stringMatching(/^[A-Za-z0-9._-]{1,100}$/),
      number: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    });
    fc.assert(
      fc.property(ref, (r) => {
        const key = refKey(r);
        expect(parseRefKey(key)).toEqual({ owner: r.owner.toLowerCase(), repo: r.repo.toLowerCase(), number: r.number });
        expect(refKey(parseRefKey(key) as IssueRef)).toBe(key);
      }),
    );
  });

  it.each<[IssueRef, string]>([
    [{ owner: "acme", repo: "miyabi", number: 12 }, "#12"],
    [{ owner: "ACME", repo: "Miyabi", number: 12 }, "#12"],
    [{ owner: "other", repo: "miyabi", number: 12 }, "other/miyabi#12"],
    [{ owner: "acme", repo: "tools", number: 3 }, "acme/tools#3"],
  ])("formatRef(%j) is %s", (ref, text) => {
    expect(formatRef(ref, ctx)).toBe(text);
  });

  it("formatRef output is found again by findRefs", () => {
    const ref = fc.record({
      owner: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/),
      repo: fc.stringMatching(/^[A-Za-z0-9._-]{1,100}$/),
      number: fc.integer({ min: 1, max: 999_999_999 }),
    });
    fc.assert(
      fc.property(ref, (r) => {
        expect(findRefs(formatRef(r, ctx), ctx)).toEqual([r]);
      }),
    );
  });
});

describe("findRefsInMarkdown", () => {
  it.each<[string, string, IssueRef[]]>([
    ["a paragraph", "Depends on #12", here(12)],
    ["a heading", "## Phase 1 (#971)", here(971)],
    ["list items", "- **#969**: Root cause\n- **#970**: Plan", here(969, 970)],
    ["a table", "| Worker | Issues |\n|---|---|\n| Worker 2 | #971, #972-976 |", [...here(971), ...range(972, 976)]],
    ["a link target", "[the plan](https://github.com/o/r/issues/970)", [{ owner: "o", repo: "r", number: 970 }]],
    ["a bold reference with hard breaks", "**Issue**: #977  \n**Created**: 2025-11-17  ", here(977)],
  ])("finds refs in %s", (_name, text, refs) => {
    expect(findRefsInMarkdown(text, ctx)).toEqual(refs);
  });

  it.each([
    ["a fenced code block", "```\n#12\n```"],
    ["an indented code block", "    #12"],
    ["a > quote", "> #12"],
    ["a nested quote", "> > #12"],
    ["a list in a quote", "> - #12"],
    ["inline code", "see `#12`"],
    ["double-backtick inline code", "see ``#12 ` x``"],
    ["an HTML comment", "<!-- #12 -->"],
    ["a multi-line HTML comment", "<!--\n#12\n-->"],
    ["an inline HTML comment", "text <!-- #12 --> text"],
    ["an HTML block", "<div>\n#12\n</div>"],
    ["an entity", "&#64;"],
  ])("ignores refs in %s", (_name, text) => {
    expect(findRefsInMarkdown(text, ctx)).toEqual([]);
  });

  it("keeps only the live ones in a mixed document", () => {
    const text = ["Tracks #1.", "", "```", "#2", "```", "", "> #3", "", "- #4 and `#5`", "", "<!-- #6 -->", "", "| a |", "| - |", "| #7 |"].join("\n");
    expect(findRefsInMarkdown(text, ctx)).toEqual(here(1, 4, 7));
  });

  it("never throws", () => {
    fc.assert(fc.property(fc.string(), (s) => Array.isArray(findRefsInMarkdown(s, ctx)) && Array.isArray(findRefs(s, ctx))));
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => Array.isArray(findRefsInMarkdown(s, ctx))));
    const refsish = fc
      .array(fc.constantFrom("#", "1", "9", "-", "–", "/", "o", "r", "&", "https://", "github.com/", "/issues/", "/pull/", " ", "`", "\n", "> ", "_"), { maxLength: 80 })
      .map((p) => p.join(""));
    fc.assert(
      fc.property(refsish, (s) => {
        for (const r of findRefs(s, ctx)) expect(r.number).toBeGreaterThan(0);
        return Array.isArray(findRefsInMarkdown(s, ctx));
      }),
    );
  });

  it.each([
    ["#1-".repeat(21_845)],
    ["#".repeat(65_536)],
    ["/issues/".repeat(8_192)],
    ["a/".repeat(32_768) + "#1"],
    ["https://".repeat(8_192) + "/issues/1"],
    ["o/r#1 ".repeat(10_000)],
  ])("returns on hostile input %#", (text) => {
    expect(Array.isArray(findRefs(text, ctx))).toBe(true);
    expect(Array.isArray(findRefsInMarkdown(text, ctx))).toBe(true);
  });
});
