import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodyEdges, coordinationEdges, dedupeEdges, MAX_EDGES } from "../../src/domain/edges.js";
import { findRefsInMarkdown, refKey, type RepoContext } from "../../src/domain/refs.js";
import type { EdgeSource, IssueRef, StateEdge } from "../../src/domain/types.js";

const ctx: RepoContext = { owner: "acme", repo: "miyabi" };
const self: IssueRef = { owner: "acme", repo: "miyabi", number: 5 };
const key = (n: number | string) => (typeof n === "number" ? `acme/miyabi#${n}` : n);
type Pair = [number | string, number | string];
const pairs = (edges: StateEdge[]): Array<[string, string]> => edges.map((e) => [e.from, e.to]);
const expected = (list: Pair[]): Array<[string, string]> => list.map(([f, t]) => [key(f), key(t)]);
const edge = (from: number, to: number, source: EdgeSource): StateEdge => ({ from: key(from), to: key(to), source });

// A committed copy of shared/seeds/004_*.txt: CI runs from a clone where shared/ may sit elsewhere.
const SEED_PATH = fileURLToPath(new URL("../fixtures/seeds/004_15efd2126149a9b4.txt", import.meta.url));
const seed = readFileSync(SEED_PATH, "utf8");
/** The seed's arrow, byte for byte: UTF-8 `→` read as Windows-1252. */
const MOJIBAKE_ARROW = "\u00e2\u2020\u2019";

// ---------------------------------------------------------------------------
// 1. bodyEdges

describe("bodyEdges: should match", () => {
  it.each<[string, string, Pair[]]>([
    ["Depends on #12", "Depends on #12", [[12, 5]]],
    ["Depends on: with a colon and several refs", "Depends on: #12, #13", [[12, 5], [13, 5]]],
    ["Blocked by #12", "Blocked by #12", [[12, 5]]],
    ["Requires #12", "Requires #12", [[12, 5]]],
    ["After #12", "After #12", [[12, 5]]],
    ["Blocks #14", "Blocks #14", [[5, 14]]],
    ["Blocking #14", "Blocking #14", [[5, 14]]],
    ["Required by #14", "Required by #14", [[5, 14]]],
    ["lower case", "depends on #12", [[12, 5]]],
    ["upper case", "BLOCKED BY #12", [[12, 5]]],
    ["bold keyword, colon outside", "**Depends on**: #12", [[12, 5]]],
    ["bold keyword, colon inside", "**Blocked by:** #12", [[12, 5]]],
    ["a bullet", "- Depends on #12", [[12, 5]]],
    ["a numbered item", "1. Blocks #14", [[5, 14]]],
    ["a task box", "- [ ] Depends on #12", [[12, 5]]],
    ["a heading", "### Depends on #12", [[12, 5]]],
    ["an emoji before the keyword", "⛔ Blocked by #12", [[12, 5]]],
    ["a line of a longer paragraph", "Some context here.\nDepends on #12\nMore text.", [[12, 5]]],
    ["and, plus, ampersand", "Depends on #12 and #13 + #14 & #15", [[12, 5], [13, 5], [14, 5], [15, 5]]],
    ["notes after each ref", "Depends on #12 (database) and #13 (auth)", [[12, 5], [13, 5]]],
    ["the word issue(s)", "Blocked by issues #12, #13", [[12, 5], [13, 5]]],
    ["owner/repo#N", "Depends on other/tools#7", [["other/tools#7", 5]]],
    ["an issue URL", "Depends on https://github.com/other/tools/issues/8", [["other/tools#8", 5]]],
    ["a bold ref", "Depends on **#12**", [[12, 5]]],
    ["a linked ref", "Depends on [#12](https://github.com/acme/miyabi/issues/12)", [[12, 5]]],
    ["a range", "Depends on #10-12", [[10, 5], [11, 5], [12, 5]]],
    ["Dependencies: label", "**Dependencies**: #12", [[12, 5]]],
    ["Prerequisites: label", "Prerequisites: #12", [[12, 5]]],
    ["both directions in one body", "Depends on #12\n\nBlocks #14", [[12, 5], [5, 14]]],
    ["duplicates once", "Depends on #12, #12\n\nRequires #12", [[12, 5]]],
    ["a bare keyword line, then a list", "Depends on:\n\n- #12\n- #13 (auth)", [[12, 5], [13, 5]]],
    ["a bare keyword item with nested refs", "- Blocks:\n  - #14\n  - #15", [[5, 14], [5, 15]]],
    ["a bare keyword line, then lines of refs", "Depends on:\n#12\n#13", [[12, 5], [13, 5]]],
    ["a bare keyword list stops at the first other item", "Depends on:\n\n- #12\n- see also\n- #13", [[12, 5]]],
    ["a sentence end stops the list", "Depends on #12. Unrelated #15.", [[12, 5]]],
  ])("%s", (_name, body, want) => {
    expect(pairs(bodyEdges(body, self))).toEqual(expected(want));
    expect(bodyEdges(body, self).every((e) => e.source === "body")).toBe(true);
  });
});

describe("bodyEdges: should NOT match", () => {
  it.each<[string, string]>([
    ["quoted", "> Depends on #1"],
    ["quoted in a list", "- > Depends on #1"],
    ["fenced", "```\nDepends on #1\n```"],
    ["tilde-fenced", "~~~md\nBlocks #1\n~~~"],
    ["indented code", "    Depends on #1"],
    ["inline code", "`Depends on #1`"],
    ["a ref in inline code", "Depends on `#1`"],
    ["an HTML comment", "<!-- Depends on #1 -->"],
    ["an inline HTML comment", "Text <!-- Depends on #1 --> more"],
    ["a multi-line HTML comment", "<!--\nDepends on #1\n-->"],
    ["#123abc", "Depends on #123abc"],
    ["abc#12", "Depends on abc#12"],
    ["a self-reference", "Depends on #5"],
    ["a self-reference by URL", "Blocks https://github.com/acme/miyabi/issues/5"],
    ["a pull-request URL", "Depends on https://github.com/acme/miyabi/pull/12"],
    ["mid-sentence blocks", "this blocks #14"],
    ["mid-sentence blocks nothing", "this blocks nothing, see #14"],
    ["mid-sentence depends", "It depends on #12, maybe"],
    ["a ref not right after the keyword", "Depends on the database work in #12"],
    ["After, then prose", "After deployment, see #15 for monitoring"],
    ["a word starting like a keyword", "Blockers #12"],
    ["Unblocks", "Unblocks #14"],
    ["Afterwards", "Afterwards #12"],
    ["Dependencies Created (a report field)", "**Dependencies Created**: #13"],
    ["Dependencies without a colon", "Dependencies #13"],
    ["None", "Blocked by: None"],
    ["a table", "| Depends on | #12 |\n| - | - |\n| Blocks | #14 |"],
    ["a bare keyword, then a paragraph", "Depends on:\n\nSomething #12"],
    ["a bare keyword, then a quote", "Depends on:\n\n> #12"],
    ["a bare keyword, then a fence", "Depends on:\n\n```\n#12\n```"],
    ["#0", "Depends on #0"],
    ["an HTML entity", "Depends on &#64;"],
    ["an escaped keyword line in a code span start", "``Depends on #12``"],
  ])("%s", (_name, body) => {
    expect(bodyEdges(body, self)).toEqual([]);
  });

  it("is empty for malformed input", () => {
    expect(bodyEdges(undefined as unknown as string, self)).toEqual([]);
    expect(bodyEdges("Depends on #12", null as unknown as IssueRef)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// 2. coordinationEdges: arrows

describe("coordinationEdges arrows: should match", () => {
  it.each<[string, string, Pair[]]>([
    ["→", "#972 → #973", [[972, 973]]],
    ["->", "#972 -> #973", [[972, 973]]],
    ["-->", "#972 --> #973", [[972, 973]]],
    ["⟶", "#972 ⟶ #973", [[972, 973]]],
    ["=>", "#972 => #973", [[972, 973]]],
    ["⇒", "#972 ⇒ #973", [[972, 973]]],
    ["➡️", "#972 ➡️ #973", [[972, 973]]],
    ["the seed's mis-encoded →", `#972 ${MOJIBAKE_ARROW} #973`, [[972, 973]]],
    ["Latin-1 mis-encoded →", "#972 \u00e2\u0086\u0092 #973", [[972, 973]]],
    ["no spaces", "#972→#973", [[972, 973]]],
    ["no spaces with ->", "#972->#973", [[972, 973]]],
    ["after a label", "Sequential: #972 → #973", [[972, 973]]],
    ["a note after the right side", "#972 → #973 (Sequential)", [[972, 973]]],
    ["a note after the left side", "#972 (db) → #973", [[972, 973]]],
    ["a chain", "#1 → #2 → #3", [[1, 2], [2, 3]]],
    ["fan-out with a comma", "#1 → #2, #3", [[1, 2], [1, 3]]],
    ["fan-out with +", "#1 → #2 + #3", [[1, 2], [1, 3]]],
    ["fan-out with and", "#1 → #2 and #3", [[1, 2], [1, 3]]],
    ["fan-in", "#1, #2 → #3", [[1, 3], [2, 3]]],
    ["fan-out then fan-in", "#1 → #2, #3 → #4", [[1, 2], [1, 3], [2, 4], [3, 4]]],
    ["bold refs", "**#1** → **#2**", [[1, 2]]],
    ["a list item", "- Worker 6: #972 → #973", [[972, 973]]],
    ["a heading", "## #1 → #2", [[1, 2]]],
    ["a table cell", "| Order |\n| - |\n| #1 → #2 |", [[1, 2]]],
    ["other repos and URLs", "o/r#1 → https://github.com/x/y/issues/2", [["o/r#1", "x/y#2"]]],
    ["a range on the right", "#1 → #2-3", [[1, 2], [1, 3]]],
    ["a range on the left, in order", "#1-3 → #4", [[1, 4], [2, 4], [3, 4]]],
    ["several lines", "#1 → #2\n#3 → #4", [[1, 2], [3, 4]]],
    ["duplicates once", "#1 → #2\n\n- #1 -> #2", [[1, 2]]],
  ])("%s", (_name, text, want) => {
    const { edges } = coordinationEdges(text, ctx);
    expect(pairs(edges)).toEqual(expected(want));
    expect(edges.every((e) => e.source === "arrow")).toBe(true);
  });
});

describe("coordinationEdges arrows: should NOT match", () => {
  it.each<[string, string]>([
    ["fenced", "```\n#972 → #973\n```"],
    ["the seed's fenced tree", "```\n├─ Worker 6: #972 → #973 (Sequential)\n```"],
    ["quoted", "> #972 → #973"],
    ["HTML-commented", "<!-- #972 → #973 -->"],
    ["inline code", "`#972 → #973`"],
    ["words on the left", "Phase 0 → #973"],
    ["words on the right", "#972 → Phase 2"],
    ["words between ref and arrow", "#972 done → #973"],
    ["words between arrow and ref", "#972 → then #973"],
    ["a ref only in a note", "Phase 0 (#970) → Phase 1"],
    ["#123abc", "#123abc → #2"],
    ["a self-loop", "#1 → #1"],
    ["a PR URL", "https://github.com/acme/miyabi/pull/12 → #13"],
    ["a broken arrow", "#1 - > #2"],
    ["a dash range, not an arrow", "#972-976"],
    ["an arrow without refs", "Phase 1 → Phase 2"],
  ])("%s", (_name, text) => {
    expect(coordinationEdges(text, ctx).edges).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// 2. coordinationEdges: sentences naming both ends

describe("coordinationEdges sentences: should match", () => {
  it.each<[string, string, Pair[]]>([
    ["X depends on Y", "#976 depends on #975", [[975, 976]]],
    ["X (depends on Y)", "#976 (depends on #975)", [[975, 976]]],
    ["the seed's Final line", "- Final: #976 (depends on #975)", [[975, 976]]],
    ["X is blocked by Y", "#12 is blocked by #11", [[11, 12]]],
    ["X requires Y", "#13 requires #12", [[12, 13]]],
    ["X after Y", "#974 + #975 after #973", [[973, 974], [973, 975]]],
    ["X (parallel after Y)", "#974 (Parallel after #973)", [[973, 974]]],
    ["Y blocks X", "#975 blocks #976", [[975, 976]]],
    ["Y blocking X", "#975 blocking #976, #977", [[975, 976], [975, 977]]],
    ["Y is required by X", "#975 is required by #976", [[975, 976]]],
    ["upper case", "#2 DEPENDS ON #1", [[1, 2]]],
    ["a note on the left", "#976 (JWT) depends on #975", [[975, 976]]],
    ["several in one line, split by a semicolon", "#10 is blocked by #9 and #11; #12 blocks #13", [[9, 10], [11, 10], [12, 13]]],
    ["bold", "**#976** depends on **#975**", [[975, 976]]],
    ["a table cell", "| Note |\n| - |\n| #2 depends on #1 |", [[1, 2]]],
  ])("%s", (_name, text, want) => {
    const { edges } = coordinationEdges(text, ctx);
    expect(pairs(edges)).toEqual(expected(want));
    expect(edges.every((e) => e.source === "body")).toBe(true);
  });
});

describe("coordinationEdges sentences: should NOT match", () => {
  it.each<[string, string]>([
    ["a body line (the coordination depends on nothing)", "Depends on #12"],
    ["a body Blocks line", "Blocks #14"],
    ["a bare keyword and a list", "Depends on:\n\n- #12"],
    ["after with nothing on the left", "Parallel after #973: #974 + #975"],
    ["quoted", "> #976 depends on #975"],
    ["fenced", "```\n#976 (After #975)\n```"],
    ["HTML-commented", "<!-- #976 depends on #975 -->"],
    ["prose between", "#976 is a task that depends on #975"],
    ["prose after the keyword", "#976 depends on the work in #975"],
    ["a self-reference", "#5 depends on #5"],
    ["#123abc", "#123abc depends on #1"],
    ["a PR URL", "#2 depends on https://github.com/acme/miyabi/pull/1"],
    ["mid-word", "#2 redepends on #1"],
    ["a keyword inside an owner name", "blocks/repo#1 x"],
  ])("%s", (_name, text) => {
    expect(coordinationEdges(text, ctx).edges).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// 2. coordinationEdges: tables

const table = (...rows: string[]) => rows.join("\n");

describe("coordinationEdges tables: should match", () => {
  it.each<[string, string, Pair[], Array<[number, number]>]>([
    [
      "Issue / Blocking / Duration",
      table("| Issue | Blocking | Duration |", "|---|---|---|", "| #1 | None | 30min |", "| #2 | #1 | 1h |"),
      [[1, 2]],
      [[1, 30], [2, 60]],
    ],
    ["Blocked by", table("| Issue | Blocked by |", "| - | - |", "| #2 | #1 |"), [[1, 2]], []],
    ["Depends on with several refs", table("| Issue | Depends on |", "| - | - |", "| #3 | #1, #2 |"), [[1, 3], [2, 3]], []],
    ["Dependencies with a dash for none", table("| Issue | Dependencies |", "| - | - |", "| #1 | - |", "| #2 | #1 |"), [[1, 2]], []],
    ["Prerequisites, empty cell", table("| Issue | Prerequisites |", "| - | - |", "| #1 | |", "| #2 | **#1** |"), [[1, 2]], []],
    ["Issues header", table("| Issues | Blocking |", "| - | - |", "| #2 | #1 |"), [[1, 2]], []],
    ["# header", table("| # | Blocking |", "| - | - |", "| #2 | #1 |"), [[1, 2]], []],
    ["Ticket header", table("| Ticket | Blocking |", "| - | - |", "| #2 | #1 |"), [[1, 2]], []],
    ["Task # header", table("| Task # | Blocked By |", "| - | - |", "| #2 | #1 |"), [[1, 2]], []],
    ["bold headers", table("| **Issue** | **Blocking** |", "| - | - |", "| #2 | #1 |"), [[1, 2]], []],
    [
      "fallback: the first column of single refs",
      table("| Name | Item | Blocked by |", "| - | - | - |", "| Schema | #2 | #1 |", "| RBAC | [#3](https://github.com/acme/miyabi/issues/3) | #2 |"),
      [[1, 2], [2, 3]],
      [],
    ],
    ["Est. header", table("| Issue | Est. |", "| - | - |", "| #1 | 2h 30m |"), [], [[1, 150]]],
    ["Estimate and Effort headers", table("| Issue | Estimate | Effort |", "| - | - | - |", "| #1 | 45m | 2d |"), [], [[1, 45]]],
    ["Effort header", table("| Issue | Effort |", "| - | - |", "| #1 | 1-2h |"), [], [[1, 120]]],
    ["several issues in a row: edges to each, no estimate", table("| Issues | Blocking | Duration |", "| - | - | - |", "| #3, #4 | #1 | 1h |"), [[1, 3], [1, 4]], []],
    ["a bad duration is no estimate", table("| Issue | Duration |", "| - | - |", "| #1 | soon |"), [], []],
  ])("%s", (_name, text, want, estimates) => {
    const result = coordinationEdges(text, ctx);
    expect(pairs(result.edges)).toEqual(expected(want));
    expect(result.edges.every((e) => e.source === "table")).toBe(true);
    expect([...result.estimates]).toEqual(estimates.map(([n, m]) => [key(n), m]));
  });

  it("keeps the first estimate given for an issue", () => {
    const text = table("| Issue | Duration |", "| - | - |", "| #1 | 1h |", "| #1 | 2h |");
    expect([...coordinationEdges(text, ctx).estimates]).toEqual([[key(1), 60]]);
  });
});

describe("coordinationEdges tables: should NOT match", () => {
  it.each<[string, string]>([
    ["no issue column", table("| Risk | Blocking |", "| - | - |", "| Context loss | #1 |")],
    ["no dependency column", table("| Issue | Task |", "| - | - |", "| #2 | #1 |")],
    ["the seed's worker matrix (Issues without Blocking)", table("| Worker | Issues |", "| - | - |", "| Worker 2 | #971, #972-976 |")],
    ["fenced", "```\n| Issue | Blocking |\n|---|---|\n| #2 | #1 |\n```"],
    ["quoted", "> | Issue | Blocking |\n> |---|---|\n> | #2 | #1 |"],
    ["HTML-commented", "<!--\n| Issue | Blocking |\n|---|---|\n| #2 | #1 |\n-->"],
    ["None", table("| Issue | Blocking |", "| - | - |", "| #1 | None |")],
    ["a self-reference", table("| Issue | Blocking |", "| - | - |", "| #1 | #1 |")],
    ["#123abc", table("| Issue | Blocking |", "| - | - |", "| #2 | #123abc |")],
    ["a PR URL", table("| Issue | Blocking |", "| - | - |", "| #2 | https://github.com/acme/miyabi/pull/1 |")],
    ["a ref in a code span", table("| Issue | Blocking |", "| - | - |", "| #2 | `#1` |")],
    ["no single-ref column to fall back on", table("| Name | Blocked by |", "| - | - |", "| Schema #2 | #1 |")],
  ])("%s", (_name, text) => {
    const result = coordinationEdges(text, ctx);
    expect(result.edges).toEqual([]);
    expect(result.estimates.size).toBe(0);
  });
});

// ---------------------------------------------------------------------------
// The seed, as written.

describe("coordinationEdges: the seed 004", () => {
  it("reads the Phase 1 table, the arrow and the Final line, and nothing in code blocks", () => {
    expect(seed).toContain("| #973 | Phase 1.2 - Base Schema Migration | #972 | 1h |");
    expect(seed).toContain(`- Sequential: #972 ${MOJIBAKE_ARROW} #973`);
    const { edges, estimates } = coordinationEdges(seed, ctx);
    expect(edges).toEqual([
      edge(972, 973, "table"),
      edge(973, 974, "table"),
      edge(973, 975, "table"),
      edge(975, 976, "table"),
      edge(972, 973, "arrow"),
      edge(975, 976, "body"),
    ]);
    expect(Object.fromEntries(estimates)).toEqual({
      [key(972)]: 30,
      [key(973)]: 60,
      [key(974)]: 45,
      [key(975)]: 60,
      [key(976)]: 45,
    });
    expect(dedupeEdges(edges)).toEqual([edge(972, 973, "table"), edge(973, 974, "table"), edge(973, 975, "table"), edge(975, 976, "table")]);
  });

  it("reads the seed's Phase 1 section alone the same way", () => {
    const start = seed.indexOf("### Phase 1: Database Foundation");
    const end = seed.indexOf("### Phase 2:");
    const { edges } = coordinationEdges(seed.slice(start, end), ctx);
    expect(dedupeEdges(edges).map((e) => [e.from, e.to])).toEqual(expected([[972, 973], [973, 974], [973, 975], [975, 976]]));
  });

  it("finds no body edges in the seed read as an issue body", () => {
    expect(bodyEdges(seed, { owner: "acme", repo: "miyabi", number: 977 })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// 3. dedupeEdges

describe("dedupeEdges", () => {
  it("keeps the first source of each (from, to) and drops self-loops", () => {
    expect(
      dedupeEdges([
        edge(1, 2, "table"),
        edge(1, 2, "arrow"),
        edge(3, 3, "body"),
        edge(2, 1, "arrow"),
        edge(1, 2, "body"),
      ]),
    ).toEqual([edge(1, 2, "table"), edge(2, 1, "arrow")]);
  });

  it("is empty for nothing", () => {
    expect(dedupeEdges([])).toEqual([]);
    expect(dedupeEdges(null as unknown as StateEdge[])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Properties.

const FRAGMENTS = [
  "#1", "#2", "#12", "#972", "#123abc", "o/r#3", "https://github.com/o/r/issues/4", "https://github.com/o/r/pull/5",
  "#5-7", "&#64;", " ", " ", "\n", "\n\n", ", ", " + ", " and ", "(", ")", "(note)", ": ", "**", "`", "```\n", "> ", "- ", "1. ",
  "[ ] ", "| ", " |", "|---|---|\n", "<!-- ", " -->", "→", "->", "-->", MOJIBAKE_ARROW, "⟶", "=>",
  "Depends on", "depends on", "Blocked by", "blocks", "Blocking", "Requires", "After", "after", "required by", "Dependencies:",
  "Issue", "Blocking", "Duration", "Est.", "None", "1h", "30min", "Phase 1", "is", "parallel", "[#2](https://github.com/acme/miyabi/issues/2)",
  // Pieces that make or break a reference where they meet.
  "#", "0", "1", "42", "12345678901", "x", "_", ".", "-", "–", "/", "&", ":", "o/", "r", "issues/", "https://github.com/o/r/", "http://h:8/",
];
const markdownish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 }).map((parts) => parts.join(""));
const anyText = fc.oneof(markdownish, markdownish, fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 300 }));

const refsIn = (text: string) => new Set(findRefsInMarkdown(text, ctx).map(refKey));

describe("properties", () => {
  it("bodyEdges never throws; endpoints are self or refs in the text; no self-loops; no duplicates", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const edges = bodyEdges(text, self);
        const refs = refsIn(text);
        const me = refKey(self);
        for (const e of edges) {
          expect(e.from).not.toBe(e.to);
          expect(e.from === me || e.to === me).toBe(true);
          expect(refs.has(e.from === me ? e.to : e.from)).toBe(true);
        }
        expect(new Set(edges.map((e) => `${e.from} ${e.to}`)).size).toBe(edges.length);
      }),
      { numRuns: 1000 },
    );
  });

  it("coordinationEdges never throws; endpoints are refs in the text; no self-loops; estimates are positive", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { edges, estimates } = coordinationEdges(text, ctx);
        const refs = refsIn(text);
        for (const e of edges) {
          expect(e.from).not.toBe(e.to);
          expect(refs.has(e.from)).toBe(true);
          expect(refs.has(e.to)).toBe(true);
        }
        for (const [ref, minutes] of estimates) {
          expect(refs.has(ref)).toBe(true);
          expect(minutes).toBeGreaterThan(0);
        }
        expect(dedupeEdges(edges).every((e) => e.from !== e.to)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it.each<[string, string]>([
    ["a long chain", "#1 → ".repeat(20_000)],
    ["long fan-in and fan-out of ranges", "#1-50, #51-100 → #101-150, #151-200\n".repeat(3_000)],
    ["many keywords", "#1 blocks #2 depends on #3 after ".repeat(5_000)],
    ["a long list", `Depends on ${"#1, ".repeat(30_000)}`],
    ["a huge table", `| Issue | Blocking | Duration |\n|---|---|---|\n${"| #2 | #1-50 | 1h |\n".repeat(5_000)}`],
    ["one huge line of hashes", "#".repeat(200_000)],
    ["an unclosed comment", `<!-- ${"Depends on #1\n".repeat(10_000)}`],
  ])("never throws on huge input: %s", (_name, text) => {
    const { edges } = coordinationEdges(text, ctx);
    expect(edges.length).toBeLessThanOrEqual(MAX_EDGES);
    expect(edges.every((e) => e.from !== e.to)).toBe(true);
    expect(bodyEdges(text, self).length).toBeLessThanOrEqual(MAX_EDGES);
  });
});
