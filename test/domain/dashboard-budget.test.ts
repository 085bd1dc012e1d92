import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DASHBOARD_MAX_BYTES, DASHBOARD_MAX_CHARS, PARTS_NOTE, partsStateLine } from "../../src/domain/dashboard-budget.js";
import { parseState, replaceDashboard } from "../../src/domain/dashboard.js";
import type { CoordinationState, StateIssue, StateReport } from "../../src/domain/types.js";
import { NOW, seedState } from "../fixtures/dashboard/states.js";
import { PINGS, render, visible } from "./dashboard-render.js";

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


describe("the state line with state comments (partsStateLine)", () => {
  const parts = [{ id: 7, node: "IC_7", digest: "0123456789abcdef0123456789abcdef" }];
  const many = (n: number): CoordinationState => {
    const base = seedState();
    const issues = Array.from({ length: n }, (_, k) => ({ ...base.issues[0]!, ref: `owner/repo#${k + 1}`, number: k + 1, title: `Issue ${k + 1}, with a title` }));
    return { ...base, issues, edges: issues.slice(1).map((i, k) => ({ from: issues[k]!.ref, to: i.ref, source: "body" as const })) };
  };
  const read = (line: string) => JSON.parse(line.slice(line.indexOf("{"), line.lastIndexOf("}") + 1)) as CoordinationState;

  it("lists the comments, keeps everything but the graph lists, and as many issues as fit as a titleless preview", () => {
    const state = many(2000);
    const line = partsStateLine(state, parts, 30_000, DASHBOARD_MAX_BYTES);
    expect(line.length).toBeLessThanOrEqual(30_000);
    const body = read(line);
    expect(body.parts).toEqual(parts);
    expect(body.truncated).toEqual([PARTS_NOTE]);
    expect([body.edges, body.waves, body.criticalPath, body.cycles]).toEqual([[], [], [], []]);
    expect(body.reports).toEqual(state.reports);
    expect(body.workers).toEqual(state.workers);
    expect(body.issues.length).toBeGreaterThan(10);
    expect(body.issues.length).toBeLessThan(2000);
    expect(body.issues).toEqual(state.issues.slice(0, body.issues.length).map((i) => ({ ...i, title: "" })));
  });

  it("degrades the rest as without comments when even that does not fit, and still lists them", () => {
    const body = read(partsStateLine(many(10), parts, 1_500, DASHBOARD_MAX_BYTES));
    expect(body.parts).toEqual(parts);
    expect(body.truncated?.[0]).toBe(PARTS_NOTE);
    expect(body.truncated?.length).toBeGreaterThan(1);
  });
});
