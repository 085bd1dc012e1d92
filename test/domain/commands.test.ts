import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COMMANDS,
  KNOWN_VERBS,
  MAX_COMMANDS,
  commandText,
  parseCommands,
  renderHelp,
  usageText,
  type CommandLine,
  type ParsedCommand,
} from "../../src/domain/commands.js";
import type { IssueRef } from "../../src/domain/types.js";

const ctx = { owner: "acme", repo: "app" };
const ref = (number: number, owner = "acme", repo = "app"): IssueRef => ({ owner, repo, number });
const verbs = (body: string, prefix?: string) => parseCommands(body, prefix).map((c) => c.verb);

/** The one command of `body`, parsed in acme/app. */
function one(body: string, prefix = "/"): CommandLine {
  const lines = parseCommands(body, prefix, ctx);
  expect(lines).toHaveLength(1);
  const [line] = lines;
  if (!line) throw new Error("no command");
  return line;
}

function parsed(body: string, prefix = "/"): ParsedCommand | string {
  const line = one(body, prefix);
  return line.ok ? line.command : `problem: ${line.problem}`;
}

describe("parseCommands: /coordinate is found", () => {
  it.each<[string, string]>([
    ["alone", "/coordinate"],
    ["with surrounding whitespace", "   /coordinate   "],
    ["upper-case verb", "/COORDINATE"],
    ["after a sentence, on its own line", "Let's start.\n/coordinate"],
    ["before a sentence, on its own line", "/coordinate\nThanks!"],
    ["in a later paragraph", "Plan below.\n\n/coordinate"],
    ["with arguments (a problem, but still the verb)", "/coordinate now please"],
    ["in bold", "**/coordinate**"],
    ["with CRLF line ends", "Hello\r\n/coordinate\r\n"],
  ])("%s", (_name, body) => {
    expect(verbs(body)).toEqual(["coordinate"]);
  });

  it("a code span among the arguments does not hide the command", () => {
    expect(parseCommands("/coordinate `now`")).toEqual([
      { verb: "coordinate", args: ["now"], line: "/coordinate now", ok: false, problem: "this command takes no arguments (found `now`)", usage: "/coordinate" },
    ]);
    expect(verbs("`x`\n/coordinate")).toEqual(["coordinate"]);
  });

  it("keeps the arguments and the line", () => {
    expect(parseCommands("/coordinate  now   please")).toMatchObject([{ verb: "coordinate", args: ["now", "please"], line: "/coordinate  now   please", ok: false }]);
    expect(parseCommands("/coordinate")).toEqual([{ verb: "coordinate", args: [], line: "/coordinate", ok: true, command: { verb: "coordinate" } }]);
  });

  it("finds each command line of a comment", () => {
    expect(verbs("/coordinate\nsome text\n/coordinate again")).toEqual(["coordinate", "coordinate"]);
  });

  it("bounds the number of commands and their arguments", () => {
    expect(MAX_COMMANDS).toBe(20);
    expect(parseCommands(Array.from({ length: 30 }, () => "/coordinate").join("\n"))).toHaveLength(20);
    expect(parseCommands(`/coordinate ${"x ".repeat(100)}`)[0]?.args).toHaveLength(49);
    expect(parseCommands(`/coordinate ${"y".repeat(500)}`)[0]?.line).toHaveLength(200);
  });
});

describe("parseCommands: every verb, valid forms", () => {
  it.each<[string, ParsedCommand]>([
    ["/help", { verb: "help" }],
    ["/coordinate", { verb: "coordinate" }],
    ["/status", { verb: "status" }],
    ["/refresh", { verb: "refresh" }],
    ["/synthesize", { verb: "synthesize" }],
    ["/Status", { verb: "status" }],
    ["/context", { verb: "context", issue: null }],
    ["/context #12", { verb: "context", issue: ref(12) }],
    ["/context other/lib#3", { verb: "context", issue: ref(3, "other", "lib") }],
    ["/context https://github.com/acme/app/issues/9", { verb: "context", issue: ref(9) }],
    ["/track #1", { verb: "track", issues: [ref(1)] }],
    ["/track #1 #2 #5-7", { verb: "track", issues: [ref(1), ref(2), ref(5), ref(6), ref(7)] }],
    ["/track #1, #2,#3", { verb: "track", issues: [ref(1), ref(2), ref(3)] }],
    ["/track #1 #1 #1-2", { verb: "track", issues: [ref(1), ref(2)] }],
    ["/track other/lib#4 https://github.com/acme/web/issues/8", { verb: "track", issues: [ref(4, "other", "lib"), ref(8, "acme", "web")] }],
    ["/track #5–7", { verb: "track", issues: [ref(5), ref(6), ref(7)] }],
    ["/track #20-#21", { verb: "track", issues: [ref(20), ref(21)] }],
    ["/untrack #3 #4", { verb: "untrack", issues: [ref(3), ref(4)] }],
    ["/depends #2 on #1", { verb: "depends", pairs: [{ dependent: ref(2), blocker: ref(1) }] }],
    ["/depends #3 on #1 #2", { verb: "depends", pairs: [{ dependent: ref(3), blocker: ref(1) }, { dependent: ref(3), blocker: ref(2) }] }],
    ["/depends #3 #4 on #1", { verb: "depends", pairs: [{ dependent: ref(3), blocker: ref(1) }, { dependent: ref(4), blocker: ref(1) }] }],
    ["/depends #2 on #1, #3 on #2", { verb: "depends", pairs: [{ dependent: ref(2), blocker: ref(1) }, { dependent: ref(3), blocker: ref(2) }] }],
    ["/depends #2 on #1; #3 on #2;", { verb: "depends", pairs: [{ dependent: ref(2), blocker: ref(1) }, { dependent: ref(3), blocker: ref(2) }] }],
    ["/depends #4 on #1, #2", { verb: "depends", pairs: [{ dependent: ref(4), blocker: ref(1) }, { dependent: ref(4), blocker: ref(2) }] }],
    ["/depends #4 ON #1-2", { verb: "depends", pairs: [{ dependent: ref(4), blocker: ref(1) }, { dependent: ref(4), blocker: ref(2) }] }],
    ["/depends #2 on #1, #2 on #1", { verb: "depends", pairs: [{ dependent: ref(2), blocker: ref(1) }] }],
    ["/depends #2 on other/lib#1", { verb: "depends", pairs: [{ dependent: ref(2), blocker: ref(1, "other", "lib") }] }],
    ["/undepends #2 on #1", { verb: "undepends", pairs: [{ dependent: ref(2), blocker: ref(1) }] }],
    ["/undepends #3 #4 on #1, #5 on #4", { verb: "undepends", pairs: [{ dependent: ref(3), blocker: ref(1) }, { dependent: ref(4), blocker: ref(1) }, { dependent: ref(5), blocker: ref(4) }] }],
    ["/assign #5 @alice", { verb: "assign", issue: ref(5), assignee: { kind: "user", login: "alice" } }],
    ["/assign #5 @Alice-Smith2", { verb: "assign", issue: ref(5), assignee: { kind: "user", login: "Alice-Smith2" } }],
    ["/assign #5 worker-3", { verb: "assign", issue: ref(5), assignee: { kind: "worker", id: "worker-3" } }],
    ["/assign #5 3", { verb: "assign", issue: ref(5), assignee: { kind: "worker", id: "3" } }],
    ["/assign #5 backend_1", { verb: "assign", issue: ref(5), assignee: { kind: "worker", id: "backend_1" } }],
    ["/unassign #5", { verb: "unassign", issue: ref(5) }],
    ["/escalate #5 CI is red", { verb: "escalate", issue: ref(5), reason: "CI is red" }],
    ["/escalate #5:   CI   is *really* red", { verb: "escalate", issue: ref(5), reason: "CI is really red" }],
    ["/escalate clear #5", { verb: "escalate-clear", issue: ref(5) }],
    ["/escalate CLEAR other/lib#5", { verb: "escalate-clear", issue: ref(5, "other", "lib") }],
    ['/gate "Phase 1 exit" after #1 #2', { verb: "gate", name: "Phase 1 exit", after: [ref(1), ref(2)] }],
    ["/gate “Phase 2” after #3-4", { verb: "gate", name: "Phase 2", after: [ref(3), ref(4)] }],
    ["/gate beta after #1, #2", { verb: "gate", name: "beta", after: [ref(1), ref(2)] }],
    ["/gate beta AFTER #1", { verb: "gate", name: "beta", after: [ref(1)] }],
    ["/gate beta", { verb: "gate", name: "beta", after: [] }],
    ['/gate "Launch  review"', { verb: "gate", name: "Launch review", after: [] }],
    ["/nogo", { verb: "nogo", reason: "" }],
    ["/nogo load tests   still fail", { verb: "nogo", reason: "load tests still fail" }],
  ])("%s", (body, command) => {
    expect(parsed(body)).toEqual(command);
  });

  it("the verb of a line is the verb typed: `/escalate clear` is an escalate line", () => {
    expect(one("/escalate clear #5")).toMatchObject({ verb: "escalate", ok: true, command: { verb: "escalate-clear" } });
  });

  it("reasons are bounded to 300 characters", () => {
    const escalate = parsed(`/escalate #5 ${"a".repeat(1000)}`);
    const nogo = parsed(`/nogo ${"b".repeat(1000)}`);
    expect(escalate).toMatchObject({ verb: "escalate" });
    if (typeof escalate === "string" || escalate.verb !== "escalate" || typeof nogo === "string" || nogo.verb !== "nogo") throw new Error("not parsed");
    expect(escalate.reason).toHaveLength(300);
    expect(escalate.reason.endsWith("…")).toBe(true);
    expect(nogo.reason).toHaveLength(300);
  });

  it("a gate name of 100 characters is fine", () => {
    expect(parsed(`/gate "${"n".repeat(100)}"`)).toEqual({ verb: "gate", name: "n".repeat(100), after: [] });
  });
});

describe("parseCommands: malformed arguments give the exact problem and the usage", () => {
  it.each<[string, string]>([
    ["/help me", "this command takes no arguments (found `me`)"],
    ["/status now", "this command takes no arguments (found `now`)"],
    ["/refresh all of it", "this command takes no arguments (found `all of it`)"],
    ["/synthesize today", "this command takes no arguments (found `today`)"],
    ["/context #1 #2", "one issue at most (found `#2` after `#1`)"],
    ["/context #1-3", "`#1-3` names 3 issues; this command takes one"],
    ["/context twelve", "`twelve` is not an issue reference (expected #N, owner/repo#N or an issue URL)"],
    ["/track", "missing the issues to track"],
    ["/untrack", "missing the issues to untrack"],
    ["/track #1 foo", "`foo` is not an issue reference (expected #N, owner/repo#N or an issue URL)"],
    ["/track #2.", "`#2.` is not an issue reference (expected #N, owner/repo#N or an issue URL)"],
    ["/track #0", "`#0` is not an issue reference (expected #N, owner/repo#N or an issue URL)"],
    ["/track 12", "`12` is not an issue reference (expected #N, owner/repo#N or an issue URL)"],
    ["/track https://github.com/acme/app/pull/3", "`https://github.com/acme/app/pull/3` is not an issue URL (expected https://github.com/owner/repo/issues/N)"],
    ["/track #7-5", "the range `#7-5` runs backwards: write the lower number first"],
    ["/track #1-100", "the range `#1-100` spans 100 issues; at most 51 per range"],
    ["/track #1-50 #51-100 #101", "too many issues in one command (more than 100); split it"],
    ["/depends", "missing the dependencies: which issue waits for which (#A on #B)"],
    ["/depends #2 #1", "missing `on` in `#2 #1`: write #A on #B"],
    ["/depends #2 on #1; #3", "missing `on` in `#3`: write #A on #B"],
    ["/depends on #1", "no issue before `on` in `on #1`"],
    ["/depends #2 on", "no issue after `on` in `#2 on`"],
    ["/depends #3 on #2 on #1", "`on` appears twice in `#3 on #2 on #1`; separate clauses with `,` or `;`"],
    ["/depends #1 on #1", "`#1` cannot depend on itself"],
    ["/depends #1 #2 on #2", "`#2` cannot depend on itself"],
    ["/depends #1-3 on #3-5", "`#3` cannot depend on itself"],
    ["/depends other/lib#4 on other/lib#4", "`other/lib#4` cannot depend on itself"],
    ["/depends #2 on #1 and #0", "`and` is not an issue reference (expected #N, owner/repo#N or an issue URL)"],
    ["/depends #1-11 on #20-30", "too many dependencies in one command (more than 100); split it"],
    ["/undepends #2 on", "no issue after `on` in `#2 on`"],
    ["/assign", "missing the issue and the assignee"],
    ["/assign #5", "missing the assignee: @login for a GitHub user, or a worker id"],
    ["/assign @alice #5", "the issue comes first, then the assignee: `#5 @alice`"],
    ["/assign alice @bob", "`alice` is not an issue reference (expected #N, owner/repo#N or an issue URL)"],
    ["/assign #5 @alice @bob", "one assignee per command (found `@bob` after `@alice`)"],
    ["/assign #5 @acme/devs", "`@acme/devs` is a team; assign one GitHub user (@login) or a worker id"],
    ["/assign #5 @-bad", "`@-bad` is not a GitHub login"],
    ["/assign #5 @", "`@` is not a GitHub login"],
    ["/assign #5 #6", "`#6` is not an assignee: write @login for a GitHub user or a worker id"],
    ["/assign #5 worker.3", "`worker.3` is not a worker id (letters, digits, `-` and `_`); write @login for a GitHub user"],
    [`/assign #5 ${"w".repeat(65)}`, "the worker id is too long (65 characters; at most 64)"],
    ["/assign #5-6 @alice", "`#5-6` names 2 issues; this command takes one"],
    ["/unassign", "missing the issue to unassign"],
    ["/unassign #5 @alice", "this command takes one issue (found `@alice` after `#5`)"],
    ["/escalate", "missing the issue and the reason"],
    ["/escalate #5", "missing the reason: say why `#5` is urgent"],
    ["/escalate other/lib#5   ", "missing the reason: say why `other/lib#5` is urgent"],
    ["/escalate now #5", "`now` is not an issue reference (expected #N, owner/repo#N or an issue URL)"],
    ["/gate", "missing the gate name"],
    ["/gate after #1", "missing the gate name before `after`"],
    ['/gate "Phase 1 after #1', "the gate name has no closing quote"],
    ['/gate "" after #1', "the gate name is empty"],
    [`/gate "${"n".repeat(101)}"`, "the gate name is too long (101 characters; at most 100)"],
    ["/gate Phase 1 exit after #1 #2", 'a gate name with spaces must be in quotes: `"Phase 1 exit"`'],
    ["/gate Phase one", 'a gate name with spaces must be in quotes: `"Phase one"`'],
    ["/gate beta #1 #2", "missing `after` before the issues: `beta after #1`"],
    ['/gate "Phase 1" before #1', "expected `after` after the gate name, found `before`"],
    ["/gate beta after", "no issue after `after`"],
    ["/gate beta after soon", "`soon` is not an issue reference (expected #N, owner/repo#N or an issue URL)"],
  ])("%s", (body, problem) => {
    expect(parsed(body)).toBe(`problem: ${problem}`);
  });

  it.each<[string, string, string]>([
    ["/depends #2", "/", "/depends #A on #B …"],
    ["/status now", "/", "/status"],
    ["/assign #5", "/", "/assign #N @login|worker-id"],
    ["/escalate #5", "/", "/escalate #N <reason>"],
    ["/escalate clear", "/", "/escalate clear #N"],
    ["/escalate clear #5 #6", "/", "/escalate clear #N"],
    ["/escalate clear nope", "/", "/escalate clear #N"],
    ["/coord gate", "/coord", '/coord gate "<name>" after #A #B …'],
    ["/coord escalate clear", "/coord", "/coord escalate clear #N"],
  ])("%s gives the usage %s", (body, prefix, usage) => {
    expect(one(body, prefix)).toMatchObject({ ok: false, usage });
  });

  it("the escalate clear problems are precise", () => {
    expect(parsed("/escalate clear")).toBe("problem: missing the issue to clear");
    expect(parsed("/escalate clear #5 #6")).toBe("problem: this command takes one issue (found `#6` after `#5`)");
  });

  it("user text quoted in a problem cannot break out of its code span", () => {
    const line = one("/track <b>x</b>`y`|z");
    expect(line.ok).toBe(false);
    if (line.ok) return;
    expect(line.problem).toBe("`xyz` is not an issue reference (expected #N, owner/repo#N or an issue URL)");
    expect(one(`/track ${"q".repeat(100)}`)).toMatchObject({ problem: `\`${"q".repeat(39)}…\` is not an issue reference (expected #N, owner/repo#N or an issue URL)` });
  });
});

describe("parseCommands: the repository context", () => {
  it("without a context only fully qualified references parse", () => {
    expect(parseCommands("/track #5")).toMatchObject([{ ok: false, problem: "`#5` needs its repository here: write owner/repo#5" }]);
    expect(parseCommands("/depends acme/app#2 on #1")).toMatchObject([{ ok: false, problem: "`#1` needs its repository here: write owner/repo#1" }]);
    expect(parseCommands("/track acme/app#5 https://github.com/acme/web/issues/2")).toMatchObject([
      { ok: true, command: { verb: "track", issues: [ref(5), ref(2, "acme", "web")] } },
    ]);
    expect(parseCommands("/context")).toMatchObject([{ ok: true, command: { verb: "context", issue: null } }]);
  });

  it("with a context `#N` is an issue of that repository", () => {
    expect(parseCommands("/unassign #5", "/", { owner: "o", repo: "r" })).toMatchObject([{ ok: true, command: { issue: ref(5, "o", "r") } }]);
  });
});

describe("parseCommands: with commandPrefix /coord", () => {
  it.each<[string, string, string[]]>([
    ["`/coord coordinate` runs", "/coord coordinate", ["coordinate"]],
    ["extra spaces after the prefix", "/coord    coordinate", ["coordinate"]],
    ["plain `/coordinate` belongs to someone else", "/coordinate", []],
    ["plain `/depends` belongs to someone else", "/depends #2 on #1", []],
    ["the prefix glued to the verb", "/coordcoordinate", []],
    ["the prefix alone", "/coord", []],
    ["an unknown verb", "/coord dance", []],
    ["mid-line", "please /coord coordinate", []],
    ["in a fence", "```\n/coord coordinate\n```", []],
    ["in inline code", "`/coord coordinate`", []],
  ])("%s", (_name, body, expected) => {
    expect(verbs(body, "/coord")).toEqual(expected);
  });

  it("/coord depends #2 on #1", () => {
    expect(parsed("/coord depends #2 on #1", "/coord")).toEqual({ verb: "depends", pairs: [{ dependent: ref(2), blocker: ref(1) }] });
  });

  it("the default prefix is /", () => {
    expect(verbs("/coordinate")).toEqual(verbs("/coordinate", "/"));
    expect(verbs("/coord coordinate")).toEqual([]);
  });
});

describe("parseCommands: what is NOT a command", () => {
  it.each<[string, string]>([
    ["a fenced code block", "```\n/coordinate\n```"],
    ["a fenced /depends", "```\n/depends #1 on #2\n```"],
    ["a tilde fence", "~~~\n/coordinate\n~~~"],
    ["an indented code block", "Example:\n\n    /coordinate"],
    ["a quote", "> /coordinate"],
    ["a quoted /depends", "> /depends #1 on #2"],
    ["a quote in a reply", "> Someone wrote:\n> /coordinate\n\nI disagree."],
    ["an HTML comment", "<!-- /coordinate -->"],
    ["a /depends in an HTML comment", "<!-- /depends #1 on #2 -->"],
    ["a multi-line HTML comment", "<!--\n/coordinate\n-->"],
    ["an HTML comment inside a paragraph", "Text <!--\n/coordinate\n--> more"],
    ["inline code on its own line (showing the command)", "To start, comment:\n`/coordinate`"],
    ["an inline-code /depends line", "`/depends #1 on #2`"],
    ["inline code with a longer fence", "``/coordinate``"],
    ["mid-line", "You can type /coordinate to start"],
    ["a /depends mid-line", "Please /depends #1 on #2"],
    ["a longer verb", "/coordinates"],
    ["a glued suffix", "/dependsX #1 on #2"],
    ["a verb with a suffix", "/coordinate-all"],
    ["escalate-clear is not a verb of its own", "/escalate-clear #5"],
    ["an unknown verb (another bot's)", "/deploy production"],
    ["another unknown verb", "/lgtm"],
    ["a slash without a verb", "/"],
    ["a slash, a space, a verb", "/ status"],
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
    expect(verbs("/help\n/coordinate\n/foo\n/refresh")).toEqual(["help", "coordinate", "refresh"]);
  });
});

describe("parseCommands: several commands in one comment", () => {
  it("each line in order, good and bad, unknown verbs skipped", () => {
    const body = [
      "Setting things up:",
      "/track #1-3",
      "/depends #2 on #1, #3 on #2",
      "/deploy now",
      "/assign #2 @alice",
      "",
      "> /refresh",
      "",
      "/gate Phase one after #3",
      "/status",
    ].join("\n");
    const lines = parseCommands(body, "/", ctx);
    expect(lines.map((l) => [l.verb, l.ok])).toEqual([
      ["track", true],
      ["depends", true],
      ["assign", true],
      ["gate", false],
      ["status", true],
    ]);
  });

  it("stops at 20 command lines, counting malformed ones", () => {
    const body = Array.from({ length: 25 }, (_v, i) => (i % 2 === 0 ? `/track #${i + 1}` : "/track nope")).join("\n");
    expect(parseCommands(body, "/", ctx)).toHaveLength(20);
  });
});

describe("registry and help", () => {
  it("one entry per command, in the SPEC's order", () => {
    expect(COMMANDS.map((c) => c.verb)).toEqual([
      "help",
      "coordinate",
      "status",
      "context",
      "refresh",
      "track",
      "untrack",
      "depends",
      "undepends",
      "assign",
      "unassign",
      "gate",
      "nogo",
      "escalate",
      "synthesize",
    ]);
    expect([...KNOWN_VERBS].sort()).toEqual(COMMANDS.map((c) => c.verb).sort());
    expect(COMMANDS.find((c) => c.verb === "nogo")?.who).toBe("approver");
    expect(COMMANDS.find((c) => c.verb === "escalate")?.who).toBe("reporter");
  });

  it("every example parses, as written, to its own verb", () => {
    for (const spec of COMMANDS) {
      for (const example of spec.examples) {
        const body = example === "" ? `/${spec.verb}` : `/${spec.verb} ${example}`;
        expect(one(body), body).toMatchObject({ verb: spec.verb, ok: true });
      }
    }
  });

  it("commandText and usageText follow the prefix", () => {
    expect(commandText("/", "depends")).toBe("/depends");
    expect(commandText("/coord", "depends")).toBe("/coord depends");
    expect(usageText("/", "track")).toBe("/track #N …");
    expect(usageText("/coord", "help")).toBe("/coord help");
  });

  it.each(["/", "/coord"])("renderHelp(%s) lists every command in a table", (prefix) => {
    const help = renderHelp(prefix);
    const rows = help.split("\n");
    expect(rows[0]).toBe("| command | who | what | example |");
    expect(rows).toHaveLength(COMMANDS.length + 2);
    for (const spec of COMMANDS) expect(help).toContain(`| \`${commandText(prefix, spec.verb)}`);
    // The pipe in the assign usage is escaped, so every row keeps four cells.
    for (const row of rows.slice(2)) expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(6);
    expect(help).toContain("| orchestrators |");
    expect(help).toContain("| approvers |");
  });
});

describe("parseCommands: robustness", () => {
  const verbArb = fc.constantFrom(...COMMANDS.map((c) => c.verb), "escalate clear", "deploy");
  const tokenArb = fc.oneof(
    fc.constantFrom("#1", "#2-4", "#7-5", "on", "after", ",", ";", '"', "“", "@alice", "@", "worker-3", "clear", "`", "<!--", "-->", ">", "\n", "acme/app#3", "https://github.com/acme/app/issues/4"),
    fc.string({ maxLength: 8 }),
  );
  const commandish = fc.tuple(fc.constantFrom("/", "/coord ", "> /", " /", "`/"), verbArb, fc.array(tokenArb, { maxLength: 8 })).map(([p, v, t]) => `${p}${v} ${t.join(" ")}`);

  it("never throws on arbitrary text, and every line has a known verb", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.array(commandish, { maxLength: 6 }).map((l) => l.join("\n"))), fc.constantFrom("/", "/coord"), fc.boolean(), (body, prefix, withContext) => {
        const lines = parseCommands(body, prefix, withContext ? ctx : undefined);
        expect(lines.length).toBeLessThanOrEqual(MAX_COMMANDS);
        for (const line of lines) {
          expect(KNOWN_VERBS.has(line.verb)).toBe(true);
          if (!line.ok) expect(line.problem).not.toBe("");
        }
      }),
      { numRuns: 500 },
    );
  });

  it("refuses a command line longer than it reads, without reading it", () => {
    const [line] = parseCommands(`/track ${"#1 ".repeat(10_000)}`, "/", ctx);
    expect(line?.ok).toBe(false);
    expect(line && !line.ok ? line.problem : "").toMatch(/^the command is too long \(30000 characters; at most 20000\)/);
    expect(line?.args).toHaveLength(49);
  });

  it("reads a huge comment, bounding what it builds (speed is measured by the benchmark, not here)", () => {
    const body = `/track ${"#1-50 ".repeat(3_000)}\n/depends ${"#1-50 #51-100 ".repeat(1_000)}on #101-150\n/gate "${"x".repeat(20_000)}`;
    const lines = parseCommands(body, "/", ctx);
    expect(body.length).toBeLessThan(65_536);
    expect(lines.map((l) => l.ok)).toEqual([true, false, false]);
  });
});
