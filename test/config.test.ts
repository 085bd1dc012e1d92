import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { type Config, configSchema, DEFAULT_CONFIG, type GoNoGoConfig } from "../src/config-schema.js";
import { parseConfig } from "../src/config.js";
import { renderConfigProblems } from "../src/config-notice.js";
import { DEFAULT_THRESHOLDS, type SynthesisThresholds } from "../src/domain/go-no-go.js";

const DOCS_PATH = fileURLToPath(new URL("../docs/configuration.md", import.meta.url));
const docs = readFileSync(DOCS_PATH, "utf8");

/** The rendered text with code spans removed: what GitHub scans for mentions. */
function outsideCodeSpans(markdown: string): string {
  return markdown.split("`").filter((_, i) => i % 2 === 0).join("");
}

/** Parse YAML the way the app receives it (Probot's loader hands over the parsed object). */
function yaml(text: string): unknown {
  return load(text);
}

const FULL_FILE = `
_extends: .github
coordinationLabel: plan
labels:
  blocked: "status: blocked"
  ready: "status: ready"
  inProgress: "status: in progress"
  urgent: P0
  gate: milestone-gate
  gateApproved: "gate: go"
  gateRejected: "gate: no-go"
orchestrators: ["@alice", bob, "@my-org/leads"]
workers:
  - agent-1
  - "@my-org/agents"
  - coding-agent[bot]
approvers: [carol]
doneWhen: reported
commandPrefix: /coord
synthesis:
  cron: "30 8 * * 1-5"
  timezone: Europe/Berlin
  staleAfterHours: 12
  goNoGo:
    redOnUrgent: false
    redOnBlockedCriticalPath: false
    redOnRejectedGate: false
    yellowOnStaleWorkers: 3
    yellowOnBlocked: 0
    yellowOnCycles: false
notifications:
  summaryAbove: 25
`;

const DEFAULT_GO_NO_GO = DEFAULT_CONFIG.synthesis.goNoGo;

describe("parseConfig: valid files", () => {
  const cases: Array<{ name: string; raw: unknown; expected: Config }> = [
    { name: "no file (null)", raw: null, expected: DEFAULT_CONFIG },
    { name: "no file (undefined)", raw: undefined, expected: DEFAULT_CONFIG },
    { name: "empty file", raw: {}, expected: DEFAULT_CONFIG },
    { name: "only _extends (consumed by the loader)", raw: { _extends: "my-org/settings" }, expected: DEFAULT_CONFIG },
    {
      name: "full file",
      raw: yaml(FULL_FILE),
      expected: {
        coordinationLabel: "plan",
        labels: {
          blocked: "status: blocked",
          ready: "status: ready",
          inProgress: "status: in progress",
          urgent: "P0",
          gate: "milestone-gate",
          gateApproved: "gate: go",
          gateRejected: "gate: no-go",
        },
        orchestrators: ["alice", "bob", "@my-org/leads"],
        workers: ["agent-1", "@my-org/agents", "coding-agent[bot]"],
        approvers: ["carol"],
        doneWhen: "reported",
        commandPrefix: "/coord",
        synthesis: {
          cron: "30 8 * * 1-5",
          timezone: "Europe/Berlin",
          staleAfterHours: 12,
          goNoGo: {
            redOnUrgent: false,
            redOnBlockedCriticalPath: false,
            redOnRejectedGate: false,
            yellowOnStaleWorkers: 3,
            yellowOnBlocked: 0,
            yellowOnCycles: false,
          },
        },
        notifications: { summaryAbove: 25 },
      },
    },
    {
      name: "summaryAbove 0: every fan-out is told in a summary",
      raw: { notifications: { summaryAbove: 0 } },
      expected: { ...DEFAULT_CONFIG, notifications: { summaryAbove: 0 } },
    },
    {
      name: "partial labels merge with the defaults",
      raw: yaml("labels:\n  ready: go\n  gateApproved: ship-it\n"),
      expected: { ...DEFAULT_CONFIG, labels: { ...DEFAULT_CONFIG.labels, ready: "go", gateApproved: "ship-it" } },
    },
    {
      name: "partial synthesis merges with the defaults",
      raw: { synthesis: { timezone: "America/New_York" } },
      expected: { ...DEFAULT_CONFIG, synthesis: { ...DEFAULT_CONFIG.synthesis, timezone: "America/New_York" } },
    },
    {
      name: "partial synthesis.goNoGo merges with the defaults",
      raw: yaml("synthesis:\n  goNoGo:\n    redOnUrgent: false\n    yellowOnStaleWorkers: 2\n"),
      expected: {
        ...DEFAULT_CONFIG,
        synthesis: {
          ...DEFAULT_CONFIG.synthesis,
          goNoGo: { ...DEFAULT_GO_NO_GO, redOnUrgent: false, yellowOnStaleWorkers: 2 },
        },
      },
    },
    {
      name: "synthesis.goNoGo counts of 0 turn the YELLOW rules off",
      raw: { synthesis: { goNoGo: { yellowOnStaleWorkers: 0, yellowOnBlocked: 0 } } },
      expected: {
        ...DEFAULT_CONFIG,
        synthesis: { ...DEFAULT_CONFIG.synthesis, goNoGo: { ...DEFAULT_GO_NO_GO, yellowOnStaleWorkers: 0, yellowOnBlocked: 0 } },
      },
    },
    {
      name: "an empty synthesis.goNoGo keeps every default",
      raw: yaml("synthesis:\n  goNoGo: {}\n"),
      expected: DEFAULT_CONFIG,
    },
    {
      name: "goNoGo keys written without a value keep their defaults",
      raw: yaml("synthesis:\n  goNoGo:\n    redOnUrgent:\n    yellowOnBlocked: 4\n"),
      expected: {
        ...DEFAULT_CONFIG,
        synthesis: { ...DEFAULT_CONFIG.synthesis, goNoGo: { ...DEFAULT_GO_NO_GO, yellowOnBlocked: 4 } },
      },
    },
    {
      name: "keys written without a value (null) keep their defaults",
      raw: yaml("labels:\norchestrators:\nsynthesis:\n  cron:\n  staleAfterHours: 48\n"),
      expected: { ...DEFAULT_CONFIG, synthesis: { ...DEFAULT_CONFIG.synthesis, staleAfterHours: 48 } },
    },
    {
      name: "label names are trimmed",
      raw: { coordinationLabel: "  plan  " },
      expected: { ...DEFAULT_CONFIG, coordinationLabel: "plan" },
    },
    {
      name: "logins and teams are normalised",
      raw: { approvers: ["@Carol", " dave ", "@Org/Release-Managers", "@renovate[bot]"] },
      expected: { ...DEFAULT_CONFIG, approvers: ["Carol", "dave", "@Org/Release-Managers", "renovate[bot]"] },
    },
    {
      name: "a 39-character login",
      raw: { workers: ["a".repeat(39)] },
      expected: { ...DEFAULT_CONFIG, workers: ["a".repeat(39)] },
    },
    { name: "prefix alone", raw: { commandPrefix: "/" }, expected: DEFAULT_CONFIG },
    {
      name: "the largest staleAfterHours",
      raw: { synthesis: { staleAfterHours: 720 } },
      expected: { ...DEFAULT_CONFIG, synthesis: { ...DEFAULT_CONFIG.synthesis, staleAfterHours: 720 } },
    },
    {
      name: "half an hour",
      raw: { synthesis: { staleAfterHours: 0.5 } },
      expected: { ...DEFAULT_CONFIG, synthesis: { ...DEFAULT_CONFIG.synthesis, staleAfterHours: 0.5 } },
    },
  ];

  it.each(cases)("$name", ({ raw, expected }) => {
    const { config, problems } = parseConfig(raw);
    expect(problems).toEqual([]);
    expect(config).toEqual(expected);
    expect(config).not.toHaveProperty("_extends");
  });

  it.each([
    "0 9 * * *",
    "*/15 8-18 * * MON-FRI",
    "0 9 ? * 1-5",
    "30 6 1,15 JAN,jul *",
    "0 0 * * 7",
    "5/10 0-23/2 1-31 1-12 0-6",
    "  0   9 * * *  ",
  ])("cron %j is accepted", (cron) => {
    const { config, problems } = parseConfig({ synthesis: { cron } });
    expect(problems).toEqual([]);
    expect(config.synthesis.cron).toBe(cron);
  });

  it.each(["UTC", "Etc/GMT+5", "Asia/Kolkata", "Europe/London"])("time zone %j is accepted", (timezone) => {
    expect(parseConfig({ synthesis: { timezone } }).problems).toEqual([]);
  });

  it("returns frozen configs, so the shared defaults cannot be changed by accident", () => {
    expect(Object.isFrozen(DEFAULT_CONFIG)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CONFIG.labels)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CONFIG.orchestrators)).toBe(true);
    const { config } = parseConfig({ workers: ["alice"] });
    expect(Object.isFrozen(config.workers)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CONFIG.synthesis.goNoGo)).toBe(true);
  });

  it("gives synthesis.goNoGo the shape and defaults of the synthesis thresholds", () => {
    const { config } = parseConfig({ synthesis: { goNoGo: { yellowOnBlocked: 2 } } });
    // Compile-time: the parsed mapping can be handed to goNoGoVerdict as it is.
    const thresholds: SynthesisThresholds = config.synthesis.goNoGo;
    const typed: GoNoGoConfig = config.synthesis.goNoGo;
    expect(thresholds).toBe(typed);
    expect(thresholds.yellowOnBlocked).toBe(2);
    expect(DEFAULT_CONFIG.synthesis.goNoGo).toEqual(DEFAULT_THRESHOLDS);
  });

  it("has the documented defaults", () => {
    expect(DEFAULT_CONFIG).toEqual({
      coordinationLabel: "coordination",
      labels: {
        blocked: "blocked",
        ready: "ready",
        inProgress: "in-progress",
        urgent: "urgent",
        gate: "gate",
        gateApproved: "gate:approved",
        gateRejected: "gate:rejected",
      },
      orchestrators: [],
      workers: [],
      approvers: [],
      doneWhen: "closed",
      commandPrefix: "/",
      synthesis: {
        cron: "0 9 * * *",
        timezone: "UTC",
        staleAfterHours: 24,
        goNoGo: {
          redOnUrgent: true,
          redOnBlockedCriticalPath: true,
          redOnRejectedGate: true,
          yellowOnStaleWorkers: 1,
          yellowOnBlocked: 1,
          yellowOnCycles: true,
        },
      },
      notifications: { summaryAbove: 10 },
    });
  });
});

describe("parseConfig: invalid files", () => {
  const cases: Array<{ name: string; raw: unknown; keys: string[]; says?: RegExp }> = [
    // the file as a whole
    { name: "a list instead of a mapping", raw: [1, 2], keys: ["(file)"], says: /Found a list/ },
    { name: "a bare string", raw: "doneWhen reported", keys: ["(file)"] },
    // unknown keys
    { name: "typo orchestrator", raw: { orchestrator: ["alice"] }, keys: ["orchestrator"], says: /did you mean `orchestrators`/ },
    { name: "typo donewhen", raw: { donewhen: "reported" }, keys: ["donewhen"], says: /did you mean `doneWhen`/ },
    { name: "unrelated key", raw: { colour: "blue" }, keys: ["colour"], says: /Unknown key\. Expected one of `coordinationLabel`/ },
    { name: "labels.in-progress", raw: { labels: { "in-progress": "wip" } }, keys: ["labels.in-progress"], says: /did you mean `inProgress`/ },
    { name: "synthesis.time_zone", raw: { synthesis: { time_zone: "UTC" } }, keys: ["synthesis.time_zone"], says: /did you mean `timezone`/ },
    // coordinationLabel and labels
    { name: "coordinationLabel is a number", raw: { coordinationLabel: 2024 }, keys: ["coordinationLabel"], says: /Found the number `2024` \(put it in quotes/ },
    { name: "coordinationLabel is empty", raw: { coordinationLabel: "   " }, keys: ["coordinationLabel"], says: /Is empty/ },
    { name: "coordinationLabel is too long", raw: { coordinationLabel: "x".repeat(51) }, keys: ["coordinationLabel"], says: /Has 51 characters/ },
    { name: "labels is a string", raw: { labels: "blocked" }, keys: ["labels"], says: /Found the text `blocked`\. Expected a mapping/ },
    { name: "labels.blocked is a number", raw: { labels: { blocked: 3 } }, keys: ["labels.blocked"] },
    { name: "labels.gate is a list", raw: { labels: { gate: ["gate"] } }, keys: ["labels.gate"], says: /Found a list/ },
    { name: "two roles share a label", raw: { labels: { ready: "Blocked" } }, keys: ["labels.ready"], says: /also the label for `labels\.blocked`/ },
    { name: "coordination label reused as gate", raw: { coordinationLabel: "GATE" }, keys: ["coordinationLabel"], says: /also the label for `labels\.gate`/ },
    { name: "two changed labels collide", raw: { labels: { urgent: "p0", blocked: "P0" } }, keys: ["labels.urgent"] },
    // people
    { name: "orchestrators is a string", raw: { orchestrators: "alice" }, keys: ["orchestrators"], says: /Found the text `alice`\. Expected a list/ },
    { name: "a login with a space", raw: { orchestrators: ["alice", "bad user"] }, keys: ["orchestrators[1]"], says: /`bad user` is not a GitHub login or team/ },
    { name: "a login with a leading hyphen", raw: { workers: ["-bad"] }, keys: ["workers[0]"] },
    { name: "a login with a double hyphen", raw: { workers: ["a--b"] }, keys: ["workers[0]"] },
    { name: "a login with a trailing hyphen", raw: { workers: ["ab-"] }, keys: ["workers[0]"] },
    { name: "a 40-character login", raw: { workers: ["a".repeat(40)] }, keys: ["workers[0]"] },
    { name: "a team without @", raw: { approvers: ["my-org/leads"] }, keys: ["approvers[0]"], says: /team without the leading `@`/ },
    { name: "a number in the list", raw: { approvers: ["carol", 42] }, keys: ["approvers[1]"], says: /Found the number `42`/ },
    { name: "an empty list entry", raw: { approvers: [null] }, keys: ["approvers[0]"], says: /Found nothing/ },
    { name: "too many entries", raw: { workers: Array.from({ length: 101 }, (_, i) => `w${i}`) }, keys: ["workers"], says: /Has 101 entries/ },
    // doneWhen, commandPrefix
    // notifications
    { name: "summaryAbove negative", raw: { notifications: { summaryAbove: -1 } }, keys: ["notifications.summaryAbove"] },
    { name: "summaryAbove a fraction", raw: { notifications: { summaryAbove: 2.5 } }, keys: ["notifications.summaryAbove"] },
    { name: "summaryAbove as text", raw: { notifications: { summaryAbove: "ten" } }, keys: ["notifications.summaryAbove"] },
    { name: "notifications.summary_above", raw: { notifications: { summary_above: 3 } }, keys: ["notifications.summary_above"], says: /did you mean `summaryAbove`/ },
    { name: "doneWhen merged", raw: { doneWhen: "merged" }, keys: ["doneWhen"], says: /The text `merged` is not allowed\. Expected `closed` or `reported`/ },
    { name: "doneWhen boolean", raw: { doneWhen: true }, keys: ["doneWhen"] },
    { name: "prefix without slash", raw: { commandPrefix: "coord" }, keys: ["commandPrefix"], says: /does not start with `\/`/ },
    { name: "prefix with a space", raw: { commandPrefix: "/co ord" }, keys: ["commandPrefix"], says: /contains whitespace/ },
    { name: "prefix with a backtick", raw: { commandPrefix: "/co`rd" }, keys: ["commandPrefix"] },
    { name: "prefix is empty", raw: { commandPrefix: "" }, keys: ["commandPrefix"] },
    // synthesis
    { name: "synthesis is a list", raw: { synthesis: ["0 9 * * *"] }, keys: ["synthesis"] },
    { name: "cron with 4 fields", raw: { synthesis: { cron: "0 9 * *" } }, keys: ["synthesis.cron"], says: /has 4 fields/ },
    { name: "cron with 6 fields", raw: { synthesis: { cron: "0 0 9 * * *" } }, keys: ["synthesis.cron"], says: /has 6 fields/ },
    { name: "cron macro", raw: { synthesis: { cron: "@daily" } }, keys: ["synthesis.cron"], says: /has 1 field\b/ },
    { name: "cron minute 60", raw: { synthesis: { cron: "60 9 * * *" } }, keys: ["synthesis.cron"], says: /minute field `60`/ },
    { name: "cron hour 24", raw: { synthesis: { cron: "0 24 * * *" } }, keys: ["synthesis.cron"], says: /hour field/ },
    { name: "cron day 0", raw: { synthesis: { cron: "0 9 0 * *" } }, keys: ["synthesis.cron"], says: /day-of-month/ },
    { name: "cron month name typo", raw: { synthesis: { cron: "0 9 * JNU *" } }, keys: ["synthesis.cron"], says: /month field/ },
    { name: "cron open range", raw: { synthesis: { cron: "0 9 * * MON-" } }, keys: ["synthesis.cron"], says: /day-of-week/ },
    { name: "cron backwards range", raw: { synthesis: { cron: "0 18-9 * * *" } }, keys: ["synthesis.cron"] },
    { name: "cron step 0", raw: { synthesis: { cron: "*/0 * * * *" } }, keys: ["synthesis.cron"] },
    { name: "cron ? in the hour", raw: { synthesis: { cron: "0 ? * * *" } }, keys: ["synthesis.cron"] },
    { name: "cron is a number", raw: { synthesis: { cron: 9 } }, keys: ["synthesis.cron"] },
    { name: "bad time zone", raw: { synthesis: { timezone: "Mars/Olympus" } }, keys: ["synthesis.timezone"], says: /`Mars\/Olympus` is not a known time zone\. Expected an IANA/ },
    { name: "empty time zone", raw: { synthesis: { timezone: "" } }, keys: ["synthesis.timezone"] },
    { name: "offset instead of a zone", raw: { synthesis: { timezone: "GMT+5:30" } }, keys: ["synthesis.timezone"] },
    { name: "negative staleAfterHours", raw: { synthesis: { staleAfterHours: -1 } }, keys: ["synthesis.staleAfterHours"], says: /`-1` is out of range\. Expected a number of hours greater than 0/ },
    { name: "zero staleAfterHours", raw: { synthesis: { staleAfterHours: 0 } }, keys: ["synthesis.staleAfterHours"] },
    { name: "staleAfterHours above 720", raw: { synthesis: { staleAfterHours: 721 } }, keys: ["synthesis.staleAfterHours"] },
    { name: "staleAfterHours as text", raw: { synthesis: { staleAfterHours: "24h" } }, keys: ["synthesis.staleAfterHours"], says: /Found the text `24h`/ },
    { name: "staleAfterHours infinite", raw: yaml("synthesis:\n  staleAfterHours: .inf\n"), keys: ["synthesis.staleAfterHours"] },
    // synthesis.goNoGo
    { name: "goNoGo is a boolean", raw: { synthesis: { goNoGo: false } }, keys: ["synthesis.goNoGo"], says: /Found the true\/false value `false`\. Expected a mapping with some of the keys `redOnUrgent`/ },
    { name: "goNoGo is a list", raw: { synthesis: { goNoGo: ["redOnUrgent"] } }, keys: ["synthesis.goNoGo"], says: /Found a list/ },
    { name: "goNoGo.redOnUrgent as text", raw: yaml("synthesis:\n  goNoGo:\n    redOnUrgent: \"no\"\n"), keys: ["synthesis.goNoGo.redOnUrgent"], says: /Found the text `no`\. Expected `true` or `false`/ },
    { name: "goNoGo.redOnBlockedCriticalPath as a number", raw: { synthesis: { goNoGo: { redOnBlockedCriticalPath: 0 } } }, keys: ["synthesis.goNoGo.redOnBlockedCriticalPath"], says: /Found the number `0`\. Expected `true` or `false`/ },
    { name: "goNoGo.redOnRejectedGate as text", raw: { synthesis: { goNoGo: { redOnRejectedGate: "yes" } } }, keys: ["synthesis.goNoGo.redOnRejectedGate"], says: /Expected `true` or `false`/ },
    { name: "goNoGo.yellowOnCycles as a list", raw: { synthesis: { goNoGo: { yellowOnCycles: [true] } } }, keys: ["synthesis.goNoGo.yellowOnCycles"], says: /Found a list\. Expected `true` or `false`/ },
    { name: "goNoGo.yellowOnStaleWorkers as a boolean", raw: { synthesis: { goNoGo: { yellowOnStaleWorkers: true } } }, keys: ["synthesis.goNoGo.yellowOnStaleWorkers"], says: /Found the true\/false value `true`\. Expected a whole number, 0 or more/ },
    { name: "goNoGo.yellowOnStaleWorkers as text", raw: { synthesis: { goNoGo: { yellowOnStaleWorkers: "2" } } }, keys: ["synthesis.goNoGo.yellowOnStaleWorkers"], says: /Found the text `2`/ },
    { name: "goNoGo.yellowOnBlocked as text", raw: { synthesis: { goNoGo: { yellowOnBlocked: "one" } } }, keys: ["synthesis.goNoGo.yellowOnBlocked"], says: /Found the text `one`\. Expected a whole number, 0 or more/ },
    { name: "goNoGo.yellowOnBlocked negative", raw: { synthesis: { goNoGo: { yellowOnBlocked: -1 } } }, keys: ["synthesis.goNoGo.yellowOnBlocked"], says: /`-1` is below 0\. Expected a whole number/ },
    { name: "goNoGo.yellowOnBlocked fractional", raw: { synthesis: { goNoGo: { yellowOnBlocked: 1.5 } } }, keys: ["synthesis.goNoGo.yellowOnBlocked"], says: /`1\.5` is not a whole number/ },
    { name: "goNoGo.yellowOnStaleWorkers infinite", raw: yaml("synthesis:\n  goNoGo:\n    yellowOnStaleWorkers: .inf\n"), keys: ["synthesis.goNoGo.yellowOnStaleWorkers"] },
    { name: "goNoGo typo redOnUrgnet", raw: { synthesis: { goNoGo: { redOnUrgnet: false } } }, keys: ["synthesis.goNoGo.redOnUrgnet"], says: /Unknown key \(did you mean `redOnUrgent`\?\)\. Expected one of `redOnUrgent`, `redOnBlockedCriticalPath`/ },
    { name: "goNoGo unrelated key", raw: { synthesis: { goNoGo: { greenOnFriday: true } } }, keys: ["synthesis.goNoGo.greenOnFriday"], says: /Unknown key\. Expected one of `redOnUrgent`/ },
    { name: "goNoGo key one level too high", raw: { synthesis: { yellowOnCycles: false } }, keys: ["synthesis.yellowOnCycles"], says: /Unknown key\. Expected one of `cron`, `timezone`, `staleAfterHours`, `goNoGo`/ },
    {
      name: "several goNoGo problems",
      raw: { synthesis: { goNoGo: { redOnUrgent: "false", yellowOnBlocked: -2, yellowOnCycle: true } } },
      keys: ["synthesis.goNoGo.redOnUrgent", "synthesis.goNoGo.yellowOnBlocked", "synthesis.goNoGo.yellowOnCycle"],
      says: /did you mean `yellowOnCycles`/,
    },
    // _extends survives only as a string
    { name: "_extends is a number", raw: { _extends: 5 }, keys: ["_extends"] },
    // several at once: every one is named
    {
      name: "several problems",
      raw: { orchestrator: [], doneWhen: 1, labels: { urgent: "" }, synthesis: { timezone: "Nowhere", cron: "x" } },
      keys: ["labels.urgent", "doneWhen", "synthesis.cron", "synthesis.timezone", "orchestrator"],
    },
  ];

  it.each(cases)("$name → $keys", ({ raw, keys, says }) => {
    const { config, problems } = parseConfig(raw);
    expect(problems.map((p) => p.key).sort()).toEqual([...keys].sort());
    for (const problem of problems) expect(problem.message).toMatch(/Expected .+\.$/);
    if (says) expect(problems.map((p) => p.message).join("\n")).toMatch(says);
    // SPEC §7: on any problem the defaults stay in force, valid keys of the file included.
    expect(config).toBe(DEFAULT_CONFIG);
  });

  it("keeps the defaults entirely, even for the valid keys of an invalid file", () => {
    const { config, problems } = parseConfig({ doneWhen: "reported", workers: ["alice"], synthesis: { timezone: "Nope" } });
    expect(problems.map((p) => p.key)).toEqual(["synthesis.timezone"]);
    expect(config.doneWhen).toBe("closed");
    expect(config.workers).toEqual([]);
  });

  it("never throws, even on hostile objects", () => {
    const hostile = Object.defineProperty({}, "doneWhen", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const { config, problems } = parseConfig(hostile);
    expect(config).toBe(DEFAULT_CONFIG);
    expect(problems.map((p) => p.key)).toEqual(["(file)"]);
  });

  it("treats __proto__ as an unknown key, not as a prototype", () => {
    const raw = JSON.parse('{"__proto__": {"doneWhen": "reported"}}') as unknown;
    const { problems } = parseConfig(raw);
    expect(problems.map((p) => p.key)).toEqual(["__proto__"]);
  });

  it("bounds the problems of a huge file", () => {
    const raw = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`key${i}`, i]));
    const { problems } = parseConfig(raw);
    expect(problems).toHaveLength(51);
    expect(problems[50]).toEqual({ key: "(file)", message: "4950 more problems are not listed." });
  });

  it("bounds echoed values and key names to 100 characters", () => {
    const long = "y".repeat(5000);
    const { problems } = parseConfig({ [long]: 1, synthesis: { timezone: long } });
    for (const p of problems) {
      expect(p.key.length).toBeLessThanOrEqual(120);
      expect(p.message.length).toBeLessThan(400);
    }
  });

  it("never throws and keeps the defaults whenever there is a problem (property)", () => {
    const keys = [...Object.keys(configSchema.shape), "orchestrator", "labels.x"];
    const arb = fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...keys), fc.anything()));
    fc.assert(
      fc.property(arb, (raw) => {
        const { config, problems } = parseConfig(raw);
        if (problems.length > 0) expect(config).toBe(DEFAULT_CONFIG);
        const body = renderConfigProblems(problems);
        expect(outsideCodeSpans(body)).not.toMatch(/@[A-Za-z0-9]/);
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseConfig: many unknown keys (issue 9)", () => {
  it("lists the first 50 with suggestions and counts the rest, fast, for 100,000 unknown keys", () => {
    const raw: Record<string, number> = { orchestrator: 1 };
    for (let i = 0; i < 100_000; i++) raw[`unknown-key-${i}-${"z".repeat(40)}`] = i;
    const start = performance.now();
    const { config, problems } = parseConfig(raw);
    // The old code suggested a key for each of the 100,000 before cutting to 50 (5 s).
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(config).toBe(DEFAULT_CONFIG);
    expect(problems).toHaveLength(51);
    expect(problems[0]).toEqual({ key: "orchestrator", message: expect.stringContaining("did you mean `orchestrators`?") });
    expect(problems[50]).toEqual({ key: "(file)", message: "99951 more problems are not listed." });
  });

  it("suggests within two edits only, and never for a very long key", () => {
    const { problems } = parseConfig({ orchestratr: [], timezone: "UTC", ["doneWhen".repeat(1_000)]: 1, synthesis: { stalAfterHour: 3 } });
    const says = (key: string) => problems.find((p) => p.key === key)?.message ?? "";
    expect(says("orchestratr")).toContain("did you mean `orchestrators`?");
    expect(says("synthesis.stalAfterHour")).toContain("did you mean `staleAfterHours`?");
    expect(problems.filter((p) => p.message.includes("did you mean"))).toHaveLength(2);
  });
});

describe("docs/configuration.md", () => {
  const topKeys = Object.keys(configSchema.shape);
  const nested = [
    ...(["labels", "synthesis", "notifications"] as const).flatMap((group) =>
      Object.keys(DEFAULT_CONFIG[group]).map((k) => `${group}.${k}`),
    ),
    ...Object.keys(DEFAULT_CONFIG.synthesis.goNoGo).map((k) => `synthesis.goNoGo.${k}`),
  ];

  it.each(topKeys)("documents the key `%s`", (key) => {
    expect(docs).toContain(`\`${key}\``);
  });

  it.each(nested)("documents the key `%s`", (key) => {
    expect(docs).toContain(`\`${key}\``);
  });

  it("states every scalar default", () => {
    const defaults = [
      DEFAULT_CONFIG.coordinationLabel,
      ...Object.values(DEFAULT_CONFIG.labels),
      DEFAULT_CONFIG.doneWhen,
      DEFAULT_CONFIG.commandPrefix,
      DEFAULT_CONFIG.synthesis.cron,
      DEFAULT_CONFIG.synthesis.timezone,
      String(DEFAULT_CONFIG.synthesis.staleAfterHours),
      String(DEFAULT_CONFIG.notifications.summaryAbove),
    ];
    for (const value of defaults) expect(docs).toContain(`\`${value}\``);
  });

  it.each(Object.entries(DEFAULT_CONFIG.synthesis.goNoGo))("states the default of `synthesis.goNoGo.%s`", (key, value) => {
    // The row of the goNoGo table names the key and its default.
    const row = docs.split("\n").find((line) => line.startsWith(`| \`synthesis.goNoGo.${key}\` |`));
    expect(row).toBeDefined();
    expect(row).toContain(`| \`${String(value)}\` |`);
  });

  it("has example files that are valid", () => {
    const blocks = [...docs.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(parseConfig(yaml(block)).problems).toEqual([]);
  });
});
