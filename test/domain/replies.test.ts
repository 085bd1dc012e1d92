import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  configMarker,
  fixedReply,
  isOwnArtefact,
  malformedReply,
  repliedCommentId,
  replyMarker,
  unauthorisedReply,
} from "../../src/domain/replies.js";
import type { ReportProblem } from "../../src/domain/types.js";

const PINGS = /@[A-Za-z0-9_-]/;

describe("reply markers", () => {
  it("round trip: the marker of a reply names the comment it answers", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (id) => {
        expect(repliedCommentId(replyMarker(id))).toBe(id);
        expect(repliedCommentId(`${replyMarker(id)}\nany text`)).toBe(id);
      }),
    );
  });

  it("is a hidden HTML comment", () => {
    expect(replyMarker(42)).toBe("<!-- coordinator:reply:42 -->");
  });

  it.each<[string, string, number | null]>([
    ["our reply", "<!-- coordinator:reply:42 -->\nbody", 42],
    ["our reply after blank lines", "\n\n  <!-- coordinator:reply:42 -->", 42],
    ["the marker not at the start", "Quoting: <!-- coordinator:reply:42 -->", null],
    ["another of our artefacts", `${configMarker("abc")}\nbody`, null],
    ["no id", "<!-- coordinator:reply: -->", null],
    ["id zero", "<!-- coordinator:reply:0 -->", null],
    ["negative id", "<!-- coordinator:reply:-4 -->", null],
    ["not a number", "<!-- coordinator:reply:abc -->", null],
    ["a fraction", "<!-- coordinator:reply:4.5 -->", null],
    ["beyond safe integers", "<!-- coordinator:reply:99999999999999999999 -->", null],
    ["unclosed", "<!-- coordinator:reply:42", null],
    ["closed far away", `<!-- coordinator:reply:42${" ".repeat(80)} -->`, null],
    ["plain text", "reply:42", null],
  ])("repliedCommentId: %s → %s", (_name, body, expected) => {
    expect(repliedCommentId(body)).toBe(expected);
  });

  it.each<[string, string, boolean]>([
    ["a reply", `${replyMarker(1)}\nhello`, true],
    ["a config notice", `${configMarker("00ff")}\nhello`, true],
    ["after leading whitespace", `  \n${replyMarker(1)}`, true],
    ["the marker quoted later in a comment", `I saw ${replyMarker(1)} in the source`, false],
    ["a quoted marker", `> ${replyMarker(1)}`, false],
    ["another HTML comment", "<!-- note -->", false],
    ["plain text", "Looks good", false],
    ["empty", "", false],
  ])("isOwnArtefact: %s → %s", (_name, body, expected) => {
    expect(isOwnArtefact(body)).toBe(expected);
  });
});

describe("malformedReply", () => {
  const problems: ReportProblem[] = [
    { field: "Issue", problem: "missing", expected: "one issue reference" },
    { field: "Status", problem: '"Soon" is not a status', expected: "Complete, In Progress or Blocked" },
  ];
  const TEMPLATE = "## Worker 3 Report - Phase 1\n\n**Issue**: #[number]";

  it("starts with the marker and has a table row per problem", () => {
    const body = malformedReply(7, problems, TEMPLATE);
    expect(body.split("\n")[0]).toBe(replyMarker(7));
    expect(repliedCommentId(body)).toBe(7);
    const rows = body.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| field") && !l.startsWith("| ---"));
    expect(rows).toEqual(["| Issue | missing | one issue reference |", '| Status | "Soon" is not a status | Complete, In Progress or Blocked |']);
  });

  it("shows the template in a fence", () => {
    const body = malformedReply(7, problems, TEMPLATE);
    expect(body.endsWith(`\`\`\`markdown\n${TEMPLATE}\n\`\`\``)).toBe(true);
  });

  /** The opening fence line and the template between it and the closing fence. */
  function fenced(body: string): { open: string; inner: string; close: string } {
    const lines = body.split("\n");
    const at = lines.findIndex((l) => /^`{3,}markdown$/.test(l));
    return { open: lines[at] ?? "", inner: lines.slice(at + 1, -1).join("\n"), close: lines.at(-1) ?? "" };
  }

  it.each<[string, string, number]>([
    ["no backticks", "plain", 3],
    ["a code span", "use `x`", 3],
    ["a three-backtick fence", "```\ncode\n```", 4],
    ["an eight-backtick run", "a ```````` b", 9],
    ["runs of several lengths", "`` ```` ` `````", 6],
  ])("the fence is longer than any backtick run inside the template: %s", (_name, template, length) => {
    const { open, inner, close } = fenced(malformedReply(1, problems, template));
    expect(open).toBe(`${"`".repeat(length)}markdown`);
    expect(close).toBe("`".repeat(length));
    expect(inner).toBe(template);
  });

  it("no backtick run of the template can close the fence (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom("`", "\n", "a", " ", "~")), { maxLength: 60 }), (chars) => {
        const template = chars.join("");
        const { close, inner } = fenced(malformedReply(1, problems, template));
        const longest = Math.max(0, ...Array.from(template.matchAll(/`+/g), (m) => m[0].length));
        expect(close.length).toBeGreaterThan(longest);
        expect(inner).toBe(template);
      }),
    );
  });

  it("never echoes a live mention or a table-breaking pipe from the problems", () => {
    const hostile: ReportProblem[] = [{ field: "@alice", problem: 'no issue reference in "ping @bob | &#64;carol"', expected: "@org/team" }];
    const body = malformedReply(1, hostile, "## Worker 3 Report");
    const outsideFence = body.slice(0, body.indexOf("```"));
    expect(outsideFence).not.toMatch(PINGS);
    const row = outsideFence.split("\n").find((l) => l.includes("alice")) ?? "";
    // Three cells: four unescaped pipes.
    expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(5);
  });

  it("no problem text can end the reply's marker or add a comment", () => {
    const body = malformedReply(1, [{ field: "-->", problem: "<!-- x", expected: "y" }], "t");
    expect(body.indexOf("-->")).toBe(replyMarker(1).length - 3);
    expect(body.split("<!--")).toHaveLength(2);
  });
});

describe("other replies", () => {
  it.each([
    ["fixedReply", fixedReply],
    ["unauthorisedReply", unauthorisedReply],
  ])("%s starts with the marker of the comment it answers", (_name, reply) => {
    const body = reply(123);
    expect(body.split("\n")[0]).toBe(replyMarker(123));
    expect(repliedCommentId(body)).toBe(123);
    expect(body).not.toMatch(PINGS);
  });

  it("the fixed reply says the report now counts", () => {
    expect(fixedReply(1)).toMatch(/now counts/);
  });
});
