// The demo's scenario format (docs/demo.md): what a seed file may say, and the messages for what it may not.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_STEP_MS, loadScenario, parseScenario, ScenarioError } from "../../demo/scenario.js";
import { parseArgs, progressBar } from "../../demo/cli-args.js";

const ROOT = resolve(import.meta.dirname, "../..");

const base = {
  title: "t",
  repository: "acme/app",
  coordination: 1,
  start: "2026-01-05T09:00:00Z",
  people: { lead: "admin" },
  issues: [{ number: 1, title: "Plan" }, { number: 2, title: "Task" }],
  events: [{ by: "lead", label: "coordination", on: 1 }],
};

const problems = (value: unknown) => {
  try {
    parseScenario(value, "seed.yml");
    return "";
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
};

describe("the seed file", () => {
  it("the default seed is the Miyabi coordination: 24 issues, #977 coordinated, 29 events over two days", () => {
    const s = loadScenario(join(ROOT, "demo/seeds/miyabi.yml"));
    expect([s.owner, s.repo, s.coordination]).toEqual(["miyabi-org", "miyabi", 977]);
    expect(s.issues).toHaveLength(24);
    expect(s.events).toHaveLength(29);
    expect(s.events[0]?.at.toISOString()).toBe("2025-11-17T09:00:00.000Z");
    expect(s.events.at(-1)?.at.toISOString()).toBe("2025-11-18T09:05:00.000Z");
    expect(s.events.map((e) => e.action.kind)).toContain("editComment");
    expect(s.config).toContain("timezone: Asia/Tokyo");
  });

  it("reads times as absolute UTC, as steps after the previous event, or five minutes after it by default", () => {
    const s = parseScenario({
      ...base,
      events: [
        { by: "lead", label: "coordination", on: 1 },
        { by: "lead", close: 2 },
        { by: "lead", reopen: 2, at: "+1d2h30m" },
        { by: "lead", close: 2, at: "2026-01-07T00:00:00Z", reason: "not_planned" },
      ],
    });
    const t0 = Date.parse("2026-01-05T09:00:00Z");
    expect(s.events.map((e) => e.at.getTime() - t0)).toEqual([0, DEFAULT_STEP_MS, DEFAULT_STEP_MS + (26 * 60 + 30) * 60_000, Date.parse("2026-01-07T00:00:00Z") - t0]);
    expect(s.events[3]?.action).toEqual({ kind: "close", on: 2, reason: "not_planned" });
  });

  it("reads YAML and JSON files alike", () => {
    const dir = mkdtempSync(join(tmpdir(), "coordinator-seed-"));
    writeFileSync(join(dir, "s.json"), JSON.stringify(base));
    writeFileSync(join(dir, "s.yml"), "title: t\nrepository: acme/app\ncoordination: 1\nstart: 2026-01-05T09:00:00Z\npeople: { lead: admin }\nissues:\n  - { number: 1, title: Plan }\nevents:\n  - { by: lead, label: coordination, on: 1 }\n");
    expect(loadScenario(join(dir, "s.json")).issues.map((i) => i.title)).toEqual(["Plan", "Task"]);
    expect(loadScenario(join(dir, "s.yml")).start.toISOString()).toBe("2026-01-05T09:00:00.000Z");
    writeFileSync(join(dir, "bad.yml"), "title: [unclosed\n");
    expect(() => loadScenario(join(dir, "bad.yml"))).toThrow(/bad\.yml: /);
  });

  it("names each mistake with its place before anything runs", () => {
    expect(problems({ ...base, events: [{ by: "lead", label: "x", close: 2, on: 1 }] })).toMatch(/exactly one action[\s\S]*this one has close and label\n *→ at events\[0\]/);
    expect(problems({ ...base, events: [{ by: "lead", comment: "hi" }] })).toMatch(/`comment` needs `on`/);
    expect(problems({ ...base, events: [{ by: "lead", editComment: "nope", body: "x" }] })).toContain('events[0]: no earlier comment is named "nope"');
    expect(problems({ ...base, events: [{ by: "lead", close: 2, at: "2026-01-04T00:00:00Z" }] })).toContain("events[0]: `at` goes back in time");
    expect(problems({ ...base, events: [{ by: "lead", close: 2, at: "tomorrow" }] })).toMatch(/an ISO time in UTC .* or a step such as \+30m/);
    expect(problems({ ...base, coordination: 9 })).toContain("coordination: #9 is not among the issues");
    expect(problems({ ...base, issues: [...base.issues, { number: 2, title: "again" }] })).toContain("issues: #2 is listed twice");
    expect(problems({ ...base, colour: "red" })).toMatch(/colour/);
    expect(problems({ ...base, people: { lead: "owner" } })).toMatch(/people/);
    expect(problems({ ...base, events: [{ by: "lead", close: "#972" }] })).toMatch(/#\{Title\}/);
  });
});

describe("the command line", () => {
  it("takes --seed, --out and --step, and refuses anything else", () => {
    expect(parseArgs([])).toEqual({ seed: null, step: false, out: "demo-out" });
    expect(parseArgs(["--seed", "s.yml", "--step", "--out", "o"])).toEqual({ seed: "s.yml", step: true, out: "o" });
    expect(parseArgs(["--help"])).toBe("help");
    expect(parseArgs(["--seed"])).toEqual({ error: "--seed needs a value" });
    expect(parseArgs(["--fast"])).toEqual({ error: "unknown argument --fast" });
  });

  it("draws the progress bar in 20 cells, full only at the end", () => {
    expect(progressBar(0, 29)).toBe(`[${"░".repeat(20)}]`);
    expect(progressBar(28, 29)).toBe(`[${"█".repeat(19)}░]`);
    expect(progressBar(29, 29)).toBe(`[${"█".repeat(20)}]`);
  });
});
