// The demo's engine in-process: the real app's dashboard after the seed's key events (a blocked
// report, the urgent alert and its clearing, the gate's approval), no request outside the
// simulated GitHub, and a scenario of another coordination (`--seed`) whose text tries to inject
// HTML and script into the pages: escaped, and harmless in a browser.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import type { CoordinationState } from "../../src/domain/types.js";
import { DemoRun } from "../../demo/engine.js";
import { writeOutput } from "../../demo/output.js";
import { loadScenario, parseScenario, ScenarioError } from "../../demo/scenario.js";

const ROOT = resolve(import.meta.dirname, "../..");
/** Debian's chromium package by default; CHROMIUM_PATH names another Chromium or Chrome. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`test/demo: the hostile-page browser test is skipped: no Chromium at ${CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM_PATH)`);

afterEach(() => vi.unstubAllGlobals());

describe("the seed, event by event", () => {
  it("shows the blocked report, turns RED on the urgent alert and back when it is cleared, and opens Phase 2 when the gate is approved; nothing leaves the process, and a second run writes the same", async () => {
    // Any request that reached the real network would go through the global fetch.
    const outside: string[] = [];
    vi.stubGlobal("fetch", (input: unknown) => {
      outside.push(String(input));
      throw new Error("the demo must not use the network");
    });
    const run = new DemoRun(loadScenario(join(ROOT, "demo/seeds/miyabi.yml")));
    const after: Array<{ line: string; state: CoordinationState | null }> = [];
    const result = await run.run({ after: (o) => after.push({ line: o.line, state: parseState(run.world.issue(977).body) }) });
    const at = (text: string) => {
      const found = after.find((a) => a.line.includes(text));
      if (!found?.state) throw new Error(`no state after "${text}"`);
      return found.state;
    };
    const issue = (state: CoordinationState, n: number) => state.issues.find((i) => i.ref === `miyabi-org/miyabi#${n}`);

    expect(outside).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.outcomes).toHaveLength(29);

    const blocked = after[12]?.state;
    expect(after[12]?.line).toContain("worker-8 comments on #977: Worker 8 Report");
    expect(blocked?.workers.find((w) => w.id === "8")?.status).toBe("blocked");
    expect(issue(blocked as CoordinationState, 975)?.status).toBe("blocked");

    const urgent = at("🚨 URGENT");
    expect(urgent.status).toBe("RED");
    expect(urgent.urgent.map((u) => u.ref)).toEqual(["miyabi-org/miyabi#975"]);
    expect(run.world.issue(975).labels).not.toContain("urgent");
    expect(at("Staging is reachable again").urgent).toEqual([]);

    const gate = at("approves the Phase 1 exit gate");
    expect(gate.gates.map((g) => g.state)).toEqual(["go"]);
    expect(issue(gate, 978)?.status).toBe("ready");
    expect(run.world.issue(993).state).toBe("CLOSED");

    // The same scenario writes the same GitHub again, to the byte (seal included).
    const again = new DemoRun(loadScenario(join(ROOT, "demo/seeds/miyabi.yml")));
    await again.run();
    const snapshot = (r: DemoRun) => [...r.world.issues.values()].map((i) => ({ n: i.number, body: i.body, labels: i.labels, comments: i.comments }));
    expect(snapshot(again)).toEqual(snapshot(run));
  }, 60_000);
});

describe("every action of the format", () => {
  it("opens, edits, closes, reopens, labels and unlabels as a person would, and the app follows each", async () => {
    const run = new DemoRun(
      parseScenario({
        title: "actions",
        repository: "acme/app",
        coordination: 1,
        start: "2026-01-05T09:00:00Z",
        people: { lead: "admin", dev: "triage" },
        issues: [
          { number: 1, title: "Plan", body: "- #2" },
          { number: 2, title: "Schema" },
        ],
        events: [
          { by: "lead", label: "coordination", on: 1 },
          { by: "dev", open: { title: "API", body: "Depends on #2" } },
          { by: "lead", editBody: "- #2\n- #{API}", on: 1 },
          { by: "lead", close: 2 },
          { by: "lead", reopen: 2 },
          { by: "dev", on: 1, comment: "🚨 URGENT: #2 the schema broke" },
          { by: "lead", unlabel: "urgent", on: 2 },
        ],
      }),
    );
    const states: Array<CoordinationState | null> = [];
    const result = await run.run({ after: () => states.push(parseState(run.world.issue(1).body)) });
    expect(result.problems).toEqual([]);
    const status = (i: number, n: number) => states[i]?.issues.find((x) => x.ref === `acme/app#${n}`)?.status;
    expect(run.world.issue(3).author).toBe("dev");
    expect(states[1]?.issues.map((x) => x.ref)).toEqual(["acme/app#2"]);
    expect([status(2, 2), status(2, 3)]).toEqual(["ready", "blocked"]);
    expect(run.world.issue(1).body.startsWith("- #2\n- #3\n")).toBe(true);
    expect([status(3, 2), status(3, 3)]).toEqual(["done", "ready"]);
    expect(status(4, 3)).toBe("blocked");
    expect(run.world.issue(3).labels).toEqual(["blocked"]);
    expect(states[5]?.urgent.map((u) => u.ref)).toEqual(["acme/app#2"]);
    expect(states[6]?.urgent).toEqual([]);
  }, 60_000);

  it("stops at an event that names an issue that is not there, saying which", async () => {
    const run = new DemoRun(
      parseScenario({
        title: "missing",
        repository: "acme/app",
        coordination: 1,
        start: "2026-01-05T09:00:00Z",
        people: { lead: "admin" },
        issues: [{ number: 1, title: "Plan" }],
        events: [
          { by: "lead", label: "coordination", on: 1 },
          { by: "lead", label: "gate:approved", on: "#{Gate: Nope}" },
        ],
      }),
    );
    await expect(run.run()).rejects.toThrow(new ScenarioError('events[1] (lead adds the label gate:approved to #{Gate: Nope}): no issue is titled "Gate: Nope" at this point of the scenario'));
  }, 60_000);
});

describe("the example of docs/demo.md", () => {
  it("is a valid scenario, and the app answers it: the report counts, #3 is told it is unblocked, the Team Status is posted", async () => {
    const doc = readFileSync(join(ROOT, "docs/demo.md"), "utf8");
    const yaml = /## The scenario format[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
    const dir = mkdtempSync(join(tmpdir(), "coordinator-demo-doc-"));
    writeFileSync(join(dir, "payments.yml"), yaml);
    const run = new DemoRun(loadScenario(join(dir, "payments.yml")));
    const result = await run.run();
    expect(result.problems).toEqual([]);
    expect(parseState(run.world.issue(1).body)?.workers.map((w) => [w.id, w.status])).toEqual([["1", "complete"]]);
    expect(run.world.issue(3).comments.filter((c) => c.body.startsWith("<!-- coordinator:unblocked:"))).toHaveLength(1);
    expect(run.world.issue(1).comments.filter((c) => c.body.startsWith("<!-- coordinator:synthesis:2026-01-05"))).toHaveLength(1);
  }, 60_000);
});

const HOSTILE = {
  title: "Hostile <script>alert('title')</script>",
  repository: "acme/app",
  coordination: 1,
  start: "2026-01-05T09:00:00Z",
  people: { lead: "admin", dev: "triage" },
  issues: [
    { number: 1, title: "Plan <img src=x onerror=alert('t')>", body: "# Plan\n\n- #2 then #3\n\n#2 → #3\n" },
    { number: 2, title: "Schema <b onmouseover=alert(1)>x</b>" },
    { number: 3, title: 'API "</pre><script>alert(3)</script>' },
  ],
  events: [
    { by: "lead", label: "coordination", on: 1 },
    {
      by: "dev",
      on: 1,
      comment: "<script>alert('comment')</script>\n<img src=x onerror=alert(1)>\n[click](javascript:alert(1))\n<details open><summary>s</summary>x</details>\n<!-- hidden --> visible",
    },
    { by: "lead", close: 2 },
  ],
};

describe("another scenario (--seed) with hostile text", () => {
  it("escapes every title and comment in the pages it writes", async () => {
    const run = new DemoRun(parseScenario(HOSTILE));
    const result = await run.run();
    expect(result.problems).toEqual([]);
    expect(run.world.issue(3).comments.filter((c) => c.body.startsWith("<!-- coordinator:unblocked:"))).toHaveLength(1);
    const out = mkdtempSync(join(tmpdir(), "coordinator-demo-hostile-"));
    writeOutput(result, out);
    for (const page of ["index.html", "issues/2.html", "issues/3.html"]) {
      const html = readFileSync(join(out, page), "utf8");
      expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0].replace("../", ""))).toEqual(['<script src="mermaid.min.js">', '<script src="page.js">']);
      expect(html).not.toMatch(/<img|<b on|<details open|href="javascript:/);
    }
    const index = readFileSync(join(out, "index.html"), "utf8");
    expect(index).toContain("&lt;script&gt;alert('comment')&lt;/script&gt;");
    expect(index).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(index).not.toContain("hidden");
    expect(index).toContain("visible</p>");
  }, 60_000);

  it.skipIf(!hasChromium)("opens in a browser without running any of it: no dialog, no error, the graph drawn", async () => {
    const run = new DemoRun(parseScenario(HOSTILE));
    const out = mkdtempSync(join(tmpdir(), "coordinator-demo-hostile-"));
    writeOutput(await run.run(), out);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(out, "index.html")).href);
      await page.waitForSelector("body[data-mermaid]", { timeout: 30_000 });
      expect(await page.getAttribute("body", "data-mermaid")).toBe("rendered");
      expect((await page.locator("pre.mermaid svg g.node").allTextContents()).map((t) => /#\d+/.exec(t)?.[0]).sort()).toEqual(["#2", "#3"]);
      expect(await page.locator("img, main script, [onerror], [onmouseover]").count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
