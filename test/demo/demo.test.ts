// `npm run demo` as a newcomer runs it: the demo is built (tsc -p tsconfig.demo.json) and run
// (node dist-demo/demo/run.js) once for this file, into a folder of its own; the tests read what it
// printed and wrote. The browser test opens its index.html in headless Chromium (Debian's package,
// driven by playwright-core) and is skipped, saying why, where no Chromium is installed.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD_END, DASHBOARD_START, parseState } from "../../src/domain/dashboard.js";
import { BOT_LOGIN } from "../fakes/github-world.js";

const ROOT = resolve(import.meta.dirname, "../..");
/** Debian's chromium package by default; CHROMIUM_PATH names another Chromium or Chrome. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`test/demo: the browser test is skipped: no Chromium at ${CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM_PATH)`);

let out = "";
let printed = "";
let seconds = 0;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "coordinator-demo-"));
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.demo.json"], { cwd: ROOT, stdio: "pipe" });
  const started = performance.now();
  printed = execFileSync(process.execPath, [join(ROOT, "dist-demo/demo/run.js"), "--out", out], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  seconds = (performance.now() - started) / 1000;
}, 180_000);

interface MdComment {
  id: number;
  author: string;
  body: string;
}

/** An issue file of demo-out/issues: its description and its comments. */
function issueFile(number: number): { description: string; comments: MdComment[] } {
  const text = readFileSync(join(out, "issues", `${number}.md`), "utf8");
  const [head = "", ...rest] = text.split(/\n---\n\n(?=## Comment \d+ by )/);
  const description = head.slice(head.indexOf("## Description\n\n") + "## Description\n\n".length);
  const comments = rest.map((part) => {
    const m = /^## Comment (\d+) by (\S+)[^\n]*\n\n([\s\S]*)$/.exec(part);
    if (!m) throw new Error(`unreadable comment in issues/${number}.md: ${part.slice(0, 80)}`);
    return { id: Number(m[1]), author: m[2] ?? "", body: (m[3] ?? "").replace(/\n$/, "") };
  });
  return { description, comments };
}

function botComments(number: number, marker: string): MdComment[] {
  return issueFile(number).comments.filter((c) => c.author === BOT_LOGIN && c.body.startsWith(`<!-- coordinator:${marker}`));
}

const issueNumbers = () =>
  readdirSync(join(out, "issues"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => Number(f.slice(0, -3)));

describe("npm run demo", () => {
  it("replays the seed's 29 events in one line each, with a progress bar, in well under a minute, and prints the page to open", () => {
    const lines = printed.split("\n").filter((l) => /^\[[█░]{20}\] +\d+\/29 /.test(l));
    expect(lines).toHaveLength(29);
    expect(lines[0]).toMatch(/^\[░{20}\]  1\/29  11-17 09:00  ShunsukeHayashi labels #977 `coordination`.*→ dashboard updated/);
    expect(lines[28]).toMatch(/^\[█{20}\] 29\/29 /);
    expect(printed).toContain(pathToFileURL(join(out, "index.html")).href);
    expect(printed).not.toContain("warning(s) or error(s)");
    expect(seconds).toBeLessThan(60);
  });

  it("writes every issue as Markdown (the gate the app opened included), index.html and the Mermaid bundle", () => {
    const numbers = issueNumbers().sort((a, b) => a - b);
    expect(numbers).toEqual([969, 970, 971, 972, 973, 974, 975, 976, 977, 978, 979, 980, 981, 982, 983, 984, 985, 986, 987, 988, 989, 990, 991, 992, 993]);
    for (const n of numbers.filter((n) => n !== 977)) expect(existsSync(join(out, "issues", `${n}.html`))).toBe(true);
    expect(readFileSync(join(out, "mermaid.min.js"), "utf8").length).toBeGreaterThan(1_000_000);
    expect(readFileSync(join(out, "issues", "993.md"), "utf8")).toMatch(/^# Gate: Phase 1 exit \(miyabi-org\/miyabi#993\)\n[\s\S]*closed \(completed\)[\s\S]*Opened by\*\*: coordinator\[bot\]/);
  });
});

describe("its options", () => {
  const demo = (args: string[], input = "") => spawnSync(process.execPath, [join(ROOT, "dist-demo/demo/run.js"), ...args], { cwd: ROOT, encoding: "utf8", input, timeout: 60_000 });
  const seed = () => {
    const dir = mkdtempSync(join(tmpdir(), "coordinator-demo-seed-"));
    const file = join(dir, "two.yml");
    writeFileSync(file, "title: Two steps\nrepository: acme/app\ncoordination: 1\nstart: 2026-01-05T09:00:00Z\npeople: { lead: admin }\nissues:\n  - { number: 1, title: Plan, body: \"- #2\" }\n  - { number: 2, title: Task }\nevents:\n  - { by: lead, label: coordination, on: 1 }\n  - { by: lead, close: 2 }\n");
    return { dir, file };
  };

  it("--seed replays another scenario, and --step waits for Enter before each event", () => {
    const { dir, file } = seed();
    const result = demo(["--seed", file, "--step", "--out", join(dir, "out")], "\n\n");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Coordinator demo: Two steps");
    expect(result.stdout).toContain("next 1/2: lead adds the label coordination to #1 — press Enter");
    expect(result.stdout).toContain("next 2/2: lead closes #2 — press Enter");
    expect(result.stdout).toMatch(/\[█{20}\] 2\/2 .*lead closes #2 +→ dashboard updated/);
    expect(existsSync(join(dir, "out", "issues", "2.md"))).toBe(true);
  });

  it("refuses an invalid scenario before anything runs (exit 1) and an unknown option (exit 2)", () => {
    const { dir, file } = seed();
    writeFileSync(file, readFileSync(file, "utf8").replace("close: 2", "close: 2, reopen: 2"));
    const invalid = demo(["--seed", file, "--out", join(dir, "out")]);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain("is not a valid demo scenario (docs/demo.md)");
    expect(invalid.stderr).toContain("this one has close and reopen");
    expect(existsSync(join(dir, "out"))).toBe(false);
    const unknown = demo(["--fast"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown argument --fast");
    expect(unknown.stderr).toContain("Usage: npm run demo --");
  });
});

describe("the coordination the demo leaves", () => {
  it("has the dashboard between its markers, with a state block valid against docs/state.schema.json", () => {
    const { description } = issueFile(977);
    expect(description.indexOf(DASHBOARD_START)).toBeGreaterThan(0);
    expect(description.indexOf(DASHBOARD_END)).toBeGreaterThan(description.indexOf(DASHBOARD_START));
    const state = parseState(description);
    expect(state).not.toBeNull();
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    ajvFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, "docs/state.schema.json"), "utf8")) as object);
    expect(validate(state) ? [] : validate.errors).toEqual([]);
    const status = (n: number) => state?.issues.find((i) => i.ref === `miyabi-org/miyabi#${n}`)?.status;
    expect([972, 973, 974, 975, 976, 993].map(status)).toEqual(["done", "done", "done", "done", "done", "done"]);
    expect(status(978)).toBe("in_progress");
    expect(state?.gates.map((g) => [g.ref, g.state])).toEqual([["miyabi-org/miyabi#993", "go"]]);
  });

  it("holds exactly one Team Status, posted by /synthesize", () => {
    const statuses = botComments(977, "synthesis:");
    expect(statuses).toHaveLength(1);
    expect(statuses[0]?.body).toContain("## Team Status - 2025-11-18");
    expect(issueNumbers().flatMap((n) => botComments(n, "synthesis:"))).toHaveLength(1);
  });

  it("told each unblocked issue exactly once: the issues whose blockers finished, and the one the gate held", () => {
    const notices = new Map(issueNumbers().map((n) => [n, botComments(n, "unblocked:").length]));
    const told = [...notices].filter(([, count]) => count > 0).map(([n]) => n).sort((a, b) => a - b);
    expect(told).toEqual([973, 974, 975, 976, 978]);
    for (const n of told) expect(notices.get(n)).toBe(1);
    expect(botComments(978, "unblocked:")[0]?.body).toContain("#993");
  });

  it("answered the malformed report once, in a reply the edit turned into a confirmation; raised the urgent alert once, cleared by the end", () => {
    const { comments, description } = issueFile(977);
    const malformed = comments.find((c) => c.author === "worker-7" && c.body.includes("(organizations)"));
    expect(malformed).toBeDefined();
    const replies = comments.filter((c) => c.author === BOT_LOGIN && c.body.includes(String(malformed?.id)));
    expect(replies).toHaveLength(1);
    expect(botComments(977, "urgent:")).toHaveLength(1);
    expect(parseState(description)?.urgent).toEqual([]);
  });

  it("answered /context #978 with its blockers and a JSON block", () => {
    const reply = issueFile(977).comments.filter((c) => c.author === BOT_LOGIN && c.body.startsWith("<!-- coordinator:commands:")).at(-1);
    expect(reply?.body).toContain("/context #978");
    expect(reply?.body).toContain("```json");
  });

  it("renders index.html with the comments escaped: only its own two scripts, the graph as a Mermaid block", () => {
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script src="mermaid.min.js">', '<script src="page.js">']);
    expect(html).toContain('<pre class="mermaid">flowchart LR');
    expect(html).toContain("Team Status - 2025-11-18");
    expect(html).not.toContain("coordinator:state");
    expect(html).toContain("Coordinator's notices on other issues");
  });
});

describe("the page in a browser", () => {
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  afterAll(async () => browser?.close());

  it.skipIf(!hasChromium)("draws the dependency graph as SVG, one node per issue it links, with no console error", async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(out, "index.html")).href);
    await page.waitForSelector("body[data-mermaid]", { timeout: 30_000 });
    expect(await page.getAttribute("body", "data-mermaid")).toBe("rendered");
    // The graph's nodes are the tracked issues that a dependency links to another tracked issue.
    const state = parseState(issueFile(977).description);
    const linked = new Set(state?.edges.flatMap((e) => [e.from, e.to]));
    const tracked = new Set(state?.issues.map((i) => i.ref));
    const expected = [...linked].filter((ref) => tracked.has(ref)).map((ref) => `#${ref.split("#")[1]}`).sort();
    expect(expected).toHaveLength(21);
    const nodes = await page.locator("pre.mermaid svg g.node").allTextContents();
    expect(nodes.map((t) => /#\d+/.exec(t)?.[0]).sort()).toEqual(expected);
    expect(errors).toEqual([]);
  }, 60_000);
});
