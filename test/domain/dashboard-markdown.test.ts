import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DASHBOARD_END, DASHBOARD_START, parseState } from "../../src/domain/dashboard.js";
import { renderMarkdown } from "../../src/domain/dashboard-markdown.js";
import { STATE_PREFIX } from "../../src/domain/state-block.js";
import type { CoordinationState, StateIssue } from "../../src/domain/types.js";
import { emptyState, hostileState, NOW, REPO, seedState } from "../fixtures/dashboard/states.js";
import { EDGE_LINES, PINGS, render, visible } from "./dashboard-render.js";
import { stateArb } from "./state-arbitraries.js";

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

  it("renders each gate with its issue, its criteria met and its decision", () => {
    const gate = { ref: "owner/repo#5", name: "QA", state: "no-go" as const, done: 0, total: 0, unmet: [] };
    const block = render({ ...emptyState(), gates: [gate, { ...gate, ref: "other/lib#6", name: "Ship", state: "go", done: 3, total: 3 }] });
    expect(block).toContain("### 🚦 Gates");
    expect(block).toContain("| QA | #5 | ░░░░░░░░░░ 0/0 | ❌ NO-GO |");
    expect(block).toContain("| Ship | other/lib#6 | ██████████ 3/3 | ✅ GO |");
    const ctx = { now: NOW.getTime(), repo: REPO, byRef: new Map() };
    expect(renderMarkdown({ ...emptyState(), gates: [gate] }, ctx, 4, "summary")).toContain("1 gates: 0 GO, 1 NO-GO, 0 pending");
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

