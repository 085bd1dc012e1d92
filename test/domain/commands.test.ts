import { describe, expect, it } from "vitest";
import { KNOWN_VERBS, parseCommands } from "../../src/domain/commands.js";

const verbs = (body: string, prefix?: string) => parseCommands(body, prefix).map((c) => c.verb);

describe("parseCommands: /coordinate is found", () => {
  it.each<[string, string]>([
    ["alone", "/coordinate"],
    ["with surrounding whitespace", "   /coordinate   "],
    ["upper-case verb", "/COORDINATE"],
    ["after a sentence, on its own line", "Let's start.\n/coordinate"],
    ["before a sentence, on its own line", "/coordinate\nThanks!"],
    ["in a later paragraph", "Plan below.\n\n/coordinate"],
    ["with arguments", "/coordinate now please"],
    ["in bold", "**/coordinate**"],
    ["with CRLF line ends", "Hello\r\n/coordinate\r\n"],
  ])("%s", (_name, body) => {
    expect(verbs(body)).toEqual(["coordinate"]);
  });

  it("a code span among the arguments does not hide the command", () => {
    expect(parseCommands("/coordinate `now`")).toEqual([{ verb: "coordinate", args: ["now"], line: "/coordinate now" }]);
    expect(verbs("`x`\n/coordinate")).toEqual(["coordinate"]);
  });

  it("keeps the arguments and the line", () => {
    expect(parseCommands("/coordinate  now   please")).toEqual([{ verb: "coordinate", args: ["now", "please"], line: "/coordinate  now   please" }]);
  });

  it("finds each command line of a comment", () => {
    expect(verbs("/coordinate\nsome text\n/coordinate again")).toEqual(["coordinate", "coordinate"]);
  });

  it("bounds the number of commands and their arguments", () => {
    expect(parseCommands(Array.from({ length: 30 }, () => "/coordinate").join("\n"))).toHaveLength(20);
    expect(parseCommands(`/coordinate ${"x ".repeat(100)}`)[0]?.args).toHaveLength(49);
    expect(parseCommands(`/coordinate ${"y".repeat(500)}`)[0]?.line).toHaveLength(200);
  });
});

describe("parseCommands: with commandPrefix /coord", () => {
  it.each<[string, string, string[]]>([
    ["`/coord coordinate` runs", "/coord coordinate", ["coordinate"]],
    ["extra spaces after the prefix", "/coord    coordinate", ["coordinate"]],
    ["plain `/coordinate` belongs to someone else", "/coordinate", []],
    ["the prefix glued to the verb", "/coordcoordinate", []],
    ["the prefix alone", "/coord", []],
    ["an unknown verb", "/coord dance", []],
    ["mid-line", "please /coord coordinate", []],
    ["in a fence", "```\n/coord coordinate\n```", []],
    ["in inline code", "`/coord coordinate`", []],
  ])("%s", (_name, body, expected) => {
    expect(verbs(body, "/coord")).toEqual(expected);
  });

  it("the default prefix is /", () => {
    expect(verbs("/coordinate")).toEqual(verbs("/coordinate", "/"));
    expect(verbs("/coord coordinate")).toEqual([]);
  });
});

describe("parseCommands: what is NOT a command", () => {
  it.each<[string, string]>([
    ["a fenced code block", "```\n/coordinate\n```"],
    ["a tilde fence", "~~~\n/coordinate\n~~~"],
    ["an indented code block", "Example:\n\n    /coordinate"],
    ["a quote", "> /coordinate"],
    ["a quote in a reply", "> Someone wrote:\n> /coordinate\n\nI disagree."],
    ["an HTML comment", "<!-- /coordinate -->"],
    ["a multi-line HTML comment", "<!--\n/coordinate\n-->"],
    ["an HTML comment inside a paragraph", "Text <!--\n/coordinate\n--> more"],
    ["inline code on its own line (showing the command)", "To start, comment:\n`/coordinate`"],
    ["inline code with a longer fence", "``/coordinate``"],
    ["mid-line", "You can type /coordinate to start"],
    ["a longer verb", "/coordinates"],
    ["a verb with a suffix", "/coordinate-all"],
    ["an unknown verb (another bot's)", "/assign @alice"],
    ["a slash without a verb", "/"],
    ["a URL path", "https://example.com/coordinate"],
    ["a heading", "## /coordinate"],
    ["a list item", "- /coordinate"],
    ["a table cell", "| cmd |\n| --- |\n| /coordinate |"],
    ["empty", ""],
  ])("%s", (_name, body) => {
    expect(verbs(body)).toEqual([]);
  });

  it("only known verbs come out", () => {
    for (const cmd of parseCommands("/help\n/coordinate\n/foo\n/refresh")) expect(KNOWN_VERBS.has(cmd.verb)).toBe(true);
  });
});
