import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  computeFingerprint,
  DASHBOARD_END,
  DASHBOARD_MAX_BYTES,
  DASHBOARD_MAX_CHARS,
  DASHBOARD_START,
  parseState,
  renderDashboard,
  replaceDashboard,
  splitBody,
  STATE_PREFIX,
  validateState,
} from "../../src/domain/dashboard.js";
import type {
  CoordinationState,
  StateIssue,
  StateReport,
} from "../../src/domain/types.js";
import { emptyState, hostileState, NOW, REPO, seedState } from "../fixtures/dashboard/states.js";
import { contextFacts, renderContext, renderStatus } from "../../src/domain/context.js";
import { decideApproval, renderGateBody } from "../../src/domain/gates.js";
import { renderSynthesis } from "../../src/domain/synthesis.js";
import { hostileRendering } from "./rendered.js";
import { stateArb, userText } from "./state-arbitraries.js";

const render = (s: CoordinationState, maxChars?: number): string =>
  renderDashboard(s, { now: NOW, repo: REPO, ...(maxChars !== undefined ? { maxChars } : {}) });

/** The rendered (visible) part of a block: everything before the state comment. */
function visible(block: string): string {
  return block.slice(0, block.indexOf(STATE_PREFIX));
}

const PINGS = /@[A-Za-z0-9_-]/;
/** The edge lines of the Mermaid graph: the only `-->` that is not the end of one of our comments. */
const EDGE_LINES = /^ {2}n_[a-z0-9_]+ --> n_[a-z0-9_]+$/gm;

// ---------------------------------------------------------------------------

describe("golden files", () => {
  const goldens: [string, () => CoordinationState][] = [
    ["empty", emptyState],
    ["seed", seedState],
    ["hostile", hostileState],
  ];
  it.each(goldens)("%s.md", (name, build) => {
    const expected = readFileSync(new URL(`../fixtures/dashboard/${name}.md`, import.meta.url), "utf8");
    expect(render(build()) + "\n").toBe(expected);
  });

  it("the hostile golden pings nobody and keeps one pair of markers", () => {
    const block = render(hostileState());
    expect(visible(block)).not.toMatch(PINGS);
    expect(block.split(DASHBOARD_START)).toHaveLength(2);
    expect(block.split(DASHBOARD_END)).toHaveLength(2);
    expect(block.split("<!--")).toHaveLength(4); // start, state, end
    expect(visible(block)).not.toContain("javascript:");
    expect(parseState(block)).toEqual(hostileState());
  });
});

describe("sections", () => {
  it("renders the sections in the specified order", () => {
    const block = render({ ...hostileState(), issues: seedState().issues });
    const order = [
      "## 📋 Coordination dashboard",
      "🔴 RED",
      "### 🚨 Urgent",
      "### 🚦 Gates",
      "### 👷 Workers",
      "### 🌊 Execution waves",
      "### ⚠️ Blocked",
      "### ▶️ Ready to start",
      "### 🎯 Critical path",
      "### 🔁 Dependency cycles",
      "### 🕸️ Dependency graph",
      "### 📌 Tracked issues",
      "### 📝 Latest reports",
      STATE_PREFIX,
      DASHBOARD_END,
    ];
    const positions = order.map((h) => block.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("omits empty sections", () => {
    const block = render(emptyState());
    expect(block).not.toContain("###");
    expect(block).toContain("0/0 done (0%)");
  });

  it("shows other repositories' issues with their full reference", () => {
    const block = render(seedState());
    expect(block).toContain("#979 ← #978, other/lib#5");
    expect(visible(block)).not.toContain("owner/repo#");
  });

  it("marks stale workers and report ages relative to now", () => {
    const block = render(seedState());
    expect(block).toContain("| 5 (`dave`) | #987 | ⚠️ Blocked | 2025-11-16 08:30 UTC (2d ago) | ⏰ stale |");
    expect(block).toContain("2025-11-18 07:00 UTC (2h ago)");
  });

  it("lists reports newest first, bounded", () => {
    const base = seedState();
    const many = Array.from({ length: 30 }, (_, n) => ({
      ...base.reports[0]!,
      commentId: 5000 + n,
      at: new Date(NOW.getTime() - n * 3_600_000).toISOString(),
      summary: `report ${n}`,
    }));
    const block = render({ ...base, reports: many });
    const shown = [...block.matchAll(/— report (\d+)/g)].map((m) => Number(m[1]));
    expect(shown).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(block).toContain("20 earlier reports not shown.");
  });

  it("reads gate entries of any shape through the state block: odd ones left out, old words understood", () => {
    const gates: unknown[] = [null, 3, [], { name: 7 }, { status: "rejected", title: "QA", ref: "owner/repo#5" }];
    const state = validateState({ ...emptyState(), gates });
    expect(state?.gates).toEqual([{ ref: "owner/repo#5", name: "QA", state: "no-go", done: 0, total: 0, unmet: [], status: "rejected", title: "QA" }]);
    const block = render(state ?? emptyState());
    expect(block).toContain("### 🚦 Gates");
    expect(block).toContain("| QA | #5 | ░░░░░░░░░░ 0/0 | ❌ NO-GO |");
  });

  it("renders any state safely", () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const block = render(state);
        expect(visible(block)).not.toMatch(PINGS);
        expect(block.split("<!--")).toHaveLength(4);
        expect(block.replace(EDGE_LINES, "").split("-->")).toHaveLength(4);
        expect(block.startsWith(DASHBOARD_START)).toBe(true);
        expect(block.endsWith(DASHBOARD_END)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("dependency graph section", () => {
  const GRAPH = "### 🕸️ Dependency graph";

  /** The graph section's text, up to the next section. */
  function graphSection(block: string): string {
    const at = block.indexOf(GRAPH);
    if (at < 0) return "";
    const next = block.indexOf("\n### ", at + GRAPH.length);
    return block.slice(at, next < 0 ? block.indexOf(STATE_PREFIX) : next);
  }

  /** `n` open issues in a chain, each with a long title; `done` more, done, in front; `reports` reports. */
  function chainState(n: number, done = 0, reports = 0): CoordinationState {
    const base = seedState();
    const issues: StateIssue[] = Array.from({ length: n + done }, (_, k) => ({
      ...base.issues[4]!,
      ref: `owner/repo#${k + 1}`,
      number: k + 1,
      title: `Task ${k + 1} ${"with a long title ".repeat(3)}`,
      status: k < done ? "done" : "blocked",
      state: k < done ? "closed" : "open",
      stateReason: k < done ? "completed" : null,
      blockedBy: k === 0 ? [] : [`owner/repo#${k}`],
    }));
    return {
      ...emptyState(),
      progress: { done, total: n + done },
      issues,
      edges: issues.slice(1).map((i, k) => ({ from: `owner/repo#${k + 1}`, to: i.ref, source: "body" as const })),
      reports: Array.from({ length: reports }, (_, k) => ({
        ...base.reports[0]!,
        commentId: 20_000 + k,
        at: new Date(NOW.getTime() - k * 60_000).toISOString(),
        summary: `report ${k} ${"with some words ".repeat(4)}`,
      })),
    };
  }

  it("draws the seed plan as a Mermaid flowchart", () => {
    const section = graphSection(render(seedState()));
    expect(section).toContain("```mermaid\nflowchart LR\n");
    expect(section).toContain("  n_owner_repo_987 --> n_owner_repo_988");
    expect(section.trimEnd().endsWith("```")).toBe(true);
  });

  it("is left out when no edge links two tracked issues", () => {
    expect(render({ ...seedState(), edges: [] })).not.toContain(GRAPH);
    const stray = [{ from: "owner/repo#972", to: "owner/repo#1", source: "body" as const }];
    expect(render({ ...seedState(), edges: stray })).not.toContain(GRAPH);
  });

  it("says when the graph is too large to draw and where the edges are", () => {
    const section = graphSection(render(chainState(130)));
    expect(section).toContain("130 issues, 129 dependencies: too many to draw. The state block below lists them (`edges`).");
    expect(section).not.toContain("```");
  });

  it("leaves done issues out of a graph above the limit", () => {
    const section = graphSection(render(chainState(100, 30), 150_000)); // room enough for the state
    expect(section).toContain("```mermaid");
    expect(section).toContain("30 done issues are not drawn, nor their dependencies.");
    expect(section).not.toContain("class n_owner_repo_1 done");
  });

  it("is shortened before anything else when room is short, and costs the state nothing", () => {
    const state = seedState();
    const full = render(state);
    // One character short: the done issues go first.
    const open = render(state, full.length - 1);
    expect(open.length).toBeLessThanOrEqual(full.length - 1);
    expect(graphSection(open)).toContain("2 done issues are not drawn, nor their dependencies.");
    expect(parseState(open)).toEqual(state);
    expect(visible(open).replace(graphSection(open), "")).toBe(visible(full).replace(graphSection(full), ""));
    // No room for a graph: one line of counts; everything else, and the whole state, stays.
    const budget = full.length - graphSection(full).length + 150;
    const summary = render(state, budget);
    expect(summary.length).toBeLessThanOrEqual(budget);
    expect(graphSection(summary)).toBe(
      `${GRAPH}\n\n20 issues, 20 dependencies: not drawn, to keep the dashboard within GitHub's size limit.\n`,
    );
    expect(parseState(summary)).toEqual(state);
    expect(visible(summary)).toContain("<details><summary>4 older reports</summary>");
  });

  it("is drawn only when nothing else had to give way, and never goes over the budget (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 119 }),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 2_000, max: 60_000 }),
        (n, reports, maxChars) => {
        const state = chainState(n, 0, reports);
        const full = render(state, 1_000_000); // nothing degraded
        expect(parseState(full)?.truncated).toBeUndefined();
        const block = render(state, maxChars);
        expect(block.length).toBeLessThanOrEqual(maxChars);
        const parsed = parseState(block);
        expect(parsed?.progress).toEqual(state.progress);
        if (!block.includes("```mermaid")) return;
        expect(block.split("```")).toHaveLength(3);
        // Every other section is as in the full dashboard…
        expect(visible(block).replace(graphSection(block), "")).toBe(visible(full).replace(graphSection(full), ""));
        // …and the state lost something only if it could not have been kept whole without the graph
        // (whose one-line summary is shorter than 200 characters).
        if (parsed?.truncated !== undefined) {
          expect(full.length - graphSection(full).length + 200).toBeGreaterThan(maxChars);
        }
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("splitBody / replaceDashboard", () => {
  const block = render(emptyState());
  const S = DASHBOARD_START;
  const E = DASHBOARD_END;

  const splits: [string, string, { before: string; dashboard: string | null; after: string }][] = [
    ["no markers", "hello", { before: "hello", dashboard: null, after: "" }],
    ["empty body", "", { before: "", dashboard: null, after: "" }],
    ["one block", `a\n${S}x${E}\nb`, { before: "a\n", dashboard: `${S}x${E}`, after: "\nb" }],
    ["start without end", `a ${S} b`, { before: `a ${S} b`, dashboard: null, after: "" }],
    ["end without start", `a ${E} b`, { before: `a ${E} b`, dashboard: null, after: "" }],
    ["end before the block", `${E}a${S}x${E}b`, { before: `${E}a`, dashboard: `${S}x${E}`, after: "b" }],
    ["two starts: the nearest one", `${S}a${S}x${E}b`, { before: `${S}a`, dashboard: `${S}x${E}`, after: "b" }],
    ["two blocks: the first", `${S}x${E}m${S}y${E}`, { before: "", dashboard: `${S}x${E}`, after: `m${S}y${E}` }],
    ["end glued to start", `${S}${E}`, { before: "", dashboard: `${S}${E}`, after: "" }],
    ["overlapping marker text", `<!-- coordinator:dashboard:start ${E}`, {
      before: `<!-- coordinator:dashboard:start ${E}`,
      dashboard: null,
      after: "",
    }],
  ];
  it.each(splits)("split: %s", (_name, body, expected) => {
    expect(splitBody(body)).toEqual(expected);
  });

  const appends: [string, string, string][] = [
    ["empty body", "", block],
    ["no trailing newline", "Plan", `Plan\n\n${block}`],
    ["one trailing newline", "Plan\n", `Plan\n\n${block}`],
    ["blank line already", "Plan\n\n", `Plan\n\n${block}`],
    ["CRLF blank line already", "Plan\r\n\r\n", `Plan\r\n\r\n${block}`],
    ["trailing spaces", "Plan  ", `Plan  \n\n${block}`],
  ];
  it.each(appends)("append: %s", (_name, body, expected) => {
    expect(replaceDashboard(body, block)).toBe(expected);
  });

  it("never loses the text after an orphaned start marker, across repeated writes", () => {
    const body = `Plan\n${S}\nnotes the orchestrator keeps\n`;
    const once = replaceDashboard(body, block);
    expect(once.startsWith(body)).toBe(true);
    const twice = replaceDashboard(once, render(seedState()));
    expect(twice.startsWith(body)).toBe(true);
    expect(parseState(twice)).toEqual(seedState());
    expect(replaceDashboard(twice, block)).toBe(once);
  });

  it("changes only the marked region (property)", () => {
    fc.assert(
      fc.property(userText, userText, stateArb, stateArb, (before, after, s1, s2) => {
        const old = render(s1);
        const next = render(s2);
        const body = before + old + after;
        const replaced = replaceDashboard(body, next);
        expect(replaced).toBe(before + next + after);
        expect(splitBody(replaced)).toEqual({ before, dashboard: next, after });
        expect(parseState(replaced)).toEqual(s2);
      }),
      { numRuns: 200 },
    );
  });

  it("appends to a body without a dashboard, keeping it as a prefix (property)", () => {
    fc.assert(
      fc.property(userText, stateArb, (body, state) => {
        const block2 = render(state);
        const replaced = replaceDashboard(body, block2);
        expect(replaced.startsWith(body)).toBe(true);
        expect(replaced.endsWith(block2)).toBe(true);
        expect(splitBody(replaced).dashboard).toBe(block2);
      }),
      { numRuns: 200 },
    );
  });
});

describe("parseState", () => {
  it("round-trips any state through a body (property)", () => {
    fc.assert(
      fc.property(userText, stateArb, (body, state) => {
        const parsed = parseState(replaceDashboard(body, render(state)));
        expect(parsed).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it("ignores a state block outside the markers", () => {
    const fake = `${STATE_PREFIX}${JSON.stringify({ ...seedState(), coordination: "fake/fake#1" })} -->`;
    expect(parseState(fake)).toBeNull();
    expect(parseState(`${fake}\n\nPlan`)).toBeNull();
    const body = replaceDashboard(`${fake}\n\nPlan`, render(emptyState()));
    expect(parseState(body)).toEqual(emptyState());
    expect(parseState(body + `\n${fake}`)).toEqual(emptyState());
  });

  const valid = JSON.stringify(emptyState());
  const wrap = (json: string): string => `${DASHBOARD_START}\n${STATE_PREFIX}${json} -->\n${DASHBOARD_END}`;
  const bad: [string, string][] = [
    ["no state block", `${DASHBOARD_START}\nhi\n${DASHBOARD_END}`],
    ["unclosed comment", `${DASHBOARD_START}\n${STATE_PREFIX}${valid}\n${DASHBOARD_END}`],
    ["not JSON", wrap("{nope")],
    ["JSON null", wrap("null")],
    ["JSON array", wrap("[1]")],
    ["version 2", wrap(valid.replace('"version":1', '"version":2'))],
    ["missing field", wrap(JSON.stringify({ ...emptyState(), fingerprint: undefined }))],
    ["bad status", wrap(valid.replace('"GREEN"', '"BLUE"'))],
    ["progress not numbers", wrap(valid.replace('"done":0', '"done":"0"'))],
    ["issues not an array", wrap(valid.replace('"issues":[]', '"issues":{}'))],
    [
      "issue with a wrong type",
      wrap(JSON.stringify({ ...seedState(), issues: [{ ...seedState().issues[0], number: "970" }] })),
    ],
    ["truncated not strings", wrap(JSON.stringify({ ...emptyState(), truncated: [1] }))],
    ["deeply nested", wrap("[".repeat(100_000) + "]".repeat(100_000))],
  ];
  it.each(bad)("returns null: %s", (_name, body) => {
    expect(parseState(body)).toBeNull();
  });

  it("drops unknown fields", () => {
    const body = wrap(JSON.stringify({ ...emptyState(), extra: { __proto__: 1 } }));
    expect(parseState(body)).toEqual(emptyState());
    expect(Object.keys(parseState(body) ?? {})).not.toContain("extra");
  });
});

describe("size budget", () => {
  const hostileTitle = (n: number): string =>
    `#${n} --> <!-- @alice | &#64;bob \`x\` ${"ü".repeat(20)} `.padEnd(200, "é|@");

  function bigState(n: number): CoordinationState {
    const base = seedState();
    const issues: StateIssue[] = Array.from({ length: n }, (_, k) => ({
      ref: `owner/repo#${k + 1}`,
      number: k + 1,
      title: hostileTitle(k),
      state: k % 3 === 0 ? "closed" : "open",
      stateReason: k % 3 === 0 ? "completed" : null,
      status: k % 3 === 0 ? "done" : k % 3 === 1 ? "blocked" : "ready",
      blockedBy: k % 3 === 1 ? [`owner/repo#${k}`] : [],
      assignees: ["alice", "bob"],
      worker: `w${k % 40}`,
      estimateMinutes: 30,
      wave: k % 7,
      urgent: k % 97 === 0,
    }));
    const reports: StateReport[] = Array.from({ length: 500 }, (_, k) => ({
      ...base.reports[0]!,
      commentId: 10_000 + k,
      at: new Date(NOW.getTime() - k * 60_000).toISOString(),
      summary: hostileTitle(k),
    }));
    const done = issues.filter((i) => i.status === "done").length;
    return {
      ...base,
      progress: { done, total: n },
      issues,
      edges: issues.flatMap((i) => i.blockedBy.map((b) => ({ from: b, to: i.ref, source: "body" as const }))),
      workers: Array.from({ length: 40 }, (_, k) => ({
        id: `w${k}`,
        login: `user${k}`,
        issue: `owner/repo#${k + 1}`,
        status: "in_progress" as const,
        lastReportAt: NOW.toISOString(),
        stale: k % 5 === 0,
      })),
      waves: Array.from({ length: 7 }, (_, w) => issues.filter((i) => i.wave === w).map((i) => i.ref)),
      criticalPath: issues.slice(0, 200).map((i) => i.ref),
      reports,
      urgent: issues.filter((i) => i.urgent).map((i) => ({ ...base.urgent[0]!, ref: i.ref, summary: i.title })),
    };
  }

  it.each([1_000, 5_000])("%i issues with hostile titles and 500 reports fit", (n) => {
    const state = bigState(n);
    const block = render(state);
    expect(block.length).toBeLessThanOrEqual(DASHBOARD_MAX_CHARS);
    expect(Buffer.byteLength(block, "utf8")).toBeLessThanOrEqual(DASHBOARD_MAX_BYTES);
    expect(visible(block)).not.toMatch(PINGS);
    const parsed = parseState(replaceDashboard("Plan", block));
    expect(parsed).not.toBeNull();
    expect(parsed?.truncated?.length).toBeGreaterThan(0);
    expect(parsed?.progress).toEqual(state.progress);
    expect(parsed?.fingerprint).toBe(state.fingerprint);
    expect(parsed?.coordination).toBe(state.coordination);
    expect(visible(block)).toContain(`**${state.progress.done}/${n} done`);
  });

  it("degrades the state in the documented order", () => {
    const small = parseState(render(bigState(30)));
    expect(small?.truncated).toEqual(["reports: kept latest 10 of 500"]);
    expect(small?.reports.map((r) => r.commentId)).toEqual(Array.from({ length: 10 }, (_, k) => 10_000 + k));
    expect(small?.issues.map((i) => i.title)).toEqual(bigState(30).issues.map((i) => i.title));

    const medium = parseState(render(bigState(70)));
    expect(medium?.truncated).toEqual(["reports: kept latest 10 of 500", "issues.title: dropped"]);
    expect(medium?.issues).toHaveLength(70);

    const large = parseState(render(bigState(300)));
    expect(large?.truncated?.slice(0, 4)).toEqual([
      "reports: kept latest 10 of 500",
      "issues.title: dropped",
      "issues: dropped 100 done (counts kept in progress)",
      "edges: dropped 100",
    ]);
    expect(large?.truncated?.[4]).toMatch(/^issues: kept \d+ of 200$/);
    expect(large?.issues.every((i) => i.status !== "done")).toBe(true);
  });

  it("stays within any budget it is given (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 2_000 }),
        fc.integer({ min: 3_000, max: 60_000 }),
        (n, maxChars) => {
          const state = bigState(n);
          const block = render(state, maxChars);
          expect(block.length).toBeLessThanOrEqual(maxChars);
          const parsed = parseState(block);
          expect(parsed?.progress).toEqual(state.progress);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("keeps a valid block even with a tiny budget", () => {
    const state = bigState(100);
    const block = render(state, 1_500);
    expect(block.length).toBeLessThanOrEqual(1_500);
    const parsed = parseState(block);
    expect(parsed?.truncated).toContain("issues: kept 0 of 66");
    expect(parsed?.progress).toEqual(state.progress);
    // Below the smallest possible block the budget cannot be met; the block stays valid.
    const floor = parseState(render(state, 10));
    expect(floor?.truncated).toContain("all lists dropped");
    expect(floor?.progress).toEqual(state.progress);
  });

  it("does not truncate what fits", () => {
    const state = seedState();
    expect(parseState(render(state))).toEqual(state);
    expect(parseState(render(state))?.truncated).toBeUndefined();
  });
});

describe("computeFingerprint", () => {
  it("ignores updatedAt, fingerprint and truncated", () => {
    const a = seedState();
    const b = { ...a, updatedAt: "2030-01-01T00:00:00Z", fingerprint: "x", truncated: ["y"] };
    expect(computeFingerprint(b)).toBe(computeFingerprint(a));
    expect(computeFingerprint(a)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("does not depend on key order", () => {
    const a = seedState();
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as unknown as CoordinationState;
    expect(computeFingerprint(reordered)).toBe(computeFingerprint(a));
  });

  it("changes with content", () => {
    const a = seedState();
    const b = { ...a, issues: a.issues.map((i, n) => (n === 0 ? { ...i, title: "changed" } : i)) };
    expect(computeFingerprint(b)).not.toBe(computeFingerprint(a));
    expect(computeFingerprint({ ...a, status: "RED" })).not.toBe(computeFingerprint(a));
  });

  it("survives the state block round trip", () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const parsed = parseState(render(state));
        expect(parsed && computeFingerprint(parsed)).toBe(computeFingerprint(state));
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------
// Issue 9, "echoed text stays text": an issue titled as an image (or a link, an autolink, a
// mention, HTML) is shown as those characters wherever the app writes it. Checked by rendering
// the output with a CommonMark parser that has GFM's autolinks on (test/domain/rendered.ts).

describe("hostile titles stay text: dashboard, /context, /status, gates, Team Status, notices", () => {
  const TITLES = [
    "![x](https://evil.example/p.png)",
    "[click me](https://evil.example/login) and [ref][1]\n\n[1]: https://evil.example/r",
    "see https://evil.example/a or www.evil.example or <https://evil.example/b> or mail a@evil.example",
    "@org/team @alice &#64;bob \\@carol",
    "<img src=x onerror=alert(1)> <details open><summary>x</summary> <!-- hidden",
  ];
  const r = (n: number) => `owner/repo#${n}`;
  const hostile = (): CoordinationState => {
    const base = seedState();
    const t = (n: number) => TITLES[n % TITLES.length] ?? "";
    return {
      ...base,
      issues: base.issues.map((i, n) => ({ ...i, title: t(n), worker: t(n + 1) })),
      reports: base.reports.map((rep, n) => ({ ...rep, worker: t(n), phase: t(n + 2), summary: t(n + 3) })),
      urgent: base.urgent.map((u, n) => ({ ...u, summary: t(n) })),
      workers: base.workers.map((w, n) => ({ ...w, id: t(n) })),
      statusReason: t(0),
      gates: [{ name: t(0), ref: r(993), state: "pending", done: 0, total: 2, unmet: [t(1)] }],
    };
  };
  /** What renders from user text: links or images to evil.example, mentions, HTML other than ours, comments. */
  const fromUser = (markdown: string) =>
    hostileRendering(markdown).filter((p) => !/^link or image to https:\/\/github\.com\//.test(p) && !/^HTML <\/?(details|summary|sub)>$/.test(p));

  it("in the dashboard", () => {
    const block = render(hostile());
    const md = visible(block).replace(DASHBOARD_START, "");
    expect(fromUser(md), md).toEqual([]);
    expect(md).toContain(`\\!\\[x\\](https\u200D://evil.example/p.png)`);
    // Our markers are the only comments: start, state and end.
    expect(block.split("<!--")).toHaveLength(4);
    expect(parseState(block)).toEqual(hostile());
  });

  it("in /context and /status", () => {
    const state = hostile();
    for (const ref of state.issues.map((i) => i.ref)) {
      const reply = renderContext(contextFacts(state, ref, NOW), ref, { repo: REPO, now: NOW });
      // The facts as JSON follow in a code fence, where nothing renders.
      const markdown = reply.slice(0, reply.indexOf("```json"));
      expect(fromUser(markdown)).toEqual([]);
      expect(markdown).not.toMatch(/!\[x\]\(https:/);
    }
    expect(fromUser(renderStatus(state, { repo: REPO, now: NOW }))).toEqual([]);
  });

  it("in a gate's body and its decision comments", () => {
    for (const title of TITLES) {
      const body = renderGateBody(title, [], REPO, title);
      expect(body.startsWith("<!-- coordinator:gate -->\n")).toBe(true);
      expect(fromUser(body.split("\n").slice(1).join("\n"))).toEqual([]);
      const verdicts = [
        { criterion: { line: 2, text: title, checked: false, kind: "manual" as const, issues: [], wave: null }, met: false, evidence: title },
        { criterion: { line: 3, text: title, checked: true, kind: "manual" as const, issues: [], wave: null }, met: true, evidence: title },
      ];
      for (const approverAllowed of [true, false]) {
        for (const list of [verdicts, verdicts.slice(1)]) {
          const decision = decideApproval({ gate: r(993), approver: "dana", approverAllowed, approverReason: title, verdicts: list, now: NOW, repo: REPO });
          expect(fromUser(decision.body.split("\n").slice(1).join("\n"))).toEqual([]);
        }
      }
    }
  });

  it("in the Team Status synthesis", () => {
    const body = renderSynthesis({ state: hostile(), now: NOW, timeZone: "UTC", staleAfterHours: 24, previousAt: null, repo: REPO });
    expect(fromUser(body.split("\n").slice(1).join("\n"))).toEqual([]);
  });
});
