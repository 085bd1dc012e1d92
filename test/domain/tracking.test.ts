import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_TRACKED, toRefs, trackedRefs, type TrackingInput } from "../../src/domain/tracking.js";
import type { RawIssue, RefKey, StateEdge, StateReport } from "../../src/domain/types.js";

const COORDINATION = { owner: "owner", repo: "repo", number: 977 };
const key = (n: number): RefKey => `owner/repo#${n}`;

function sub(n: number): RawIssue {
  // Built without a type annotation so fields added to RawIssue later do not break this helper.
  const issue = {
    ref: key(n),
    number: n,
    title: `Sub ${n}`,
    state: "open" as const,
    stateReason: null,
    labels: [],
    assignees: [],
    url: `https://github.com/owner/repo/issues/${n}`,
    closedAt: null,
    body: "",
    blockedBy: [],
    subIssues: [],
    databaseId: null,
  };
  return issue;
}

function reportOn(issue: RefKey | null, commentId = 1): StateReport {
  return {
    commentId,
    on: key(977),
    url: "u",
    author: "alice",
    at: "2025-11-18T09:00:00.000Z",
    kind: issue === null ? "standup" : "report",
    worker: "3",
    phase: "",
    issue,
    status: null,
    durationMinutes: null,
    blockers: [],
    created: [],
    summary: "",
  };
}

const edge = (from: number, to: number): StateEdge => ({ from: key(from), to: key(to), source: "report" });

function tracked(partial: Partial<TrackingInput>): RefKey[] {
  return trackedRefs({ coordination: COORDINATION, orchestratorText: "", subIssues: [], reports: [], edges: [], ...partial });
}

describe("trackedRefs: the orchestrator's text", () => {
  it.each<[string, string, RefKey[]]>([
    ["short references", "Phase 1: #972, #973 then #974", [key(972), key(973), key(974)]],
    ["another repository", "Needs other/lib#5 first", ["other/lib#5"]],
    ["issue URLs", "See https://github.com/owner/repo/issues/12 and https://github.com/Other/Lib/issues/3", [key(12), "other/lib#3"]],
    ["a table", "| Issue | Blocking |\n| --- | --- |\n| #1 | #2 |", [key(1), key(2)]],
    ["a list", "- #7 schema\n- #8 API", [key(7), key(8)]],
    ["a fenced code block is not text", "```\n#20\n```\n\n#24", [key(24)]],
    ["an indented code block is not text", "Intro\n\n    #21\n\n#24", [key(24)]],
    ["a quote is not text", "> #22 was the old plan\n\n#24", [key(24)]],
    ["inline code is not text", "Run `fix #23` later; #24 now", [key(24)]],
    ["an HTML comment is not text", "<!-- #25 -->\n\n#24", [key(24)]],
    ["the coordination itself (any case) is not tracked", "This is #977 (Owner/Repo#977), tracking #5", [key(5)]],
    ["each issue once, at its first mention", "#3 #1 #3 #2 #1", [key(3), key(1), key(2)]],
    ["nothing", "Just words, a heading and no issues.", []],
  ])("%s", (_name, text, expected) => {
    expect(tracked({ orchestratorText: text })).toEqual(expected);
  });
});

describe("trackedRefs: other sources and order", () => {
  it("takes text, then sub-issues, then reports' issues, then the blockers of tracked issues", () => {
    const out = tracked({
      orchestratorText: "Plan: #10 and #11",
      subIssues: [sub(20), sub(10)],
      reports: [reportOn(key(30)), reportOn(null, 2), reportOn(key(20), 3)],
      edges: [
        edge(41, 40), // blocks #40, itself a blocker of a tracked issue: tracked (transitively)
        edge(40, 10), // blocks tracked #10: tracked
        edge(11, 42), // what a tracked issue blocks is not pulled in
        edge(50, 51), // unrelated
      ],
    });
    expect(out).toEqual([key(10), key(11), key(20), key(30), key(40), key(41)]);
  });

  it("never tracks the coordination from any source", () => {
    const out = tracked({ orchestratorText: "#5", subIssues: [sub(977)], reports: [reportOn(key(977))], edges: [edge(977, 5)] });
    expect(out).toEqual([key(5)]);
  });

  it("a cycle of blockers ends", () => {
    expect(tracked({ orchestratorText: "#1", edges: [edge(2, 1), edge(1, 2), edge(3, 2), edge(2, 3)] })).toEqual([key(1), key(2), key(3)]);
  });

  it("is stable: the same input gives the same order", () => {
    const input: Partial<TrackingInput> = { orchestratorText: "#9 #3", subIssues: [sub(7)], edges: [edge(1, 2)] };
    expect(tracked(input)).toEqual(tracked(input));
  });

  it(`tracks at most ${MAX_TRACKED} issues, the first found first`, () => {
    const subIssues = Array.from({ length: MAX_TRACKED + 100 }, (_, i) => sub(i + 1));
    const out = tracked({ orchestratorText: "Top priority: #999999", subIssues, reports: [reportOn(key(888888))] });
    expect(out).toHaveLength(MAX_TRACKED);
    expect(out[0]).toBe(key(999999));
    expect(out).not.toContain(key(888888));
    // #999999, then sub-issues #1… with #977 (the coordination) skipped: the last is #2000.
    expect(out.at(-1)).toBe(key(MAX_TRACKED));
  });
});

describe("toRefs", () => {
  it("turns keys back into references, skipping what does not parse", () => {
    expect(toRefs([key(1), "not a key", "other/lib#2"])).toEqual([
      { owner: "owner", repo: "repo", number: 1 },
      { owner: "other", repo: "lib", number: 2 },
    ]);
  });
});

describe("trackedRefs: blockers of blockers in linear time (issue 9)", () => {
  /** The definition: passes over the edges until one adds nothing (edges × passes). */
  function byPasses(input: TrackingInput): RefKey[] {
    const out = new Set<RefKey>(tracked({ ...input, edges: [] }));
    const self = `${input.coordination.owner}/${input.coordination.repo}#${input.coordination.number}`.toLowerCase();
    for (let grew = true; grew; ) {
      const before = out.size;
      for (const e of input.edges) if (out.has(e.to) && e.from !== self && out.size < MAX_TRACKED) out.add(e.from);
      grew = out.size > before && out.size < MAX_TRACKED;
    }
    return [...out];
  }

  it("adds them in the same order as passes over the edges would (property)", () => {
    const n = fc.integer({ min: 1, max: 30 });
    fc.assert(
      fc.property(fc.array(fc.tuple(n, n), { maxLength: 80 }), fc.array(n, { maxLength: 5 }), (pairs, start) => {
        const input: TrackingInput = {
          coordination: COORDINATION,
          orchestratorText: start.map((s) => `#${s}`).join(" "),
          subIssues: [],
          reports: [],
          edges: pairs.map(([a, b]) => edge(a, b)),
        };
        expect(trackedRefs(input)).toEqual(byPasses(input));
      }),
      { numRuns: 500 },
    );
  });

  it("follows a chain of 2,000 blockers listed against the grain in well under a second", () => {
    // Each pass over the edges found one more: 2,000 passes over 20,000 edges.
    const chain = Array.from({ length: 2_000 }, (_, i) => edge(5_001 + i, 5_000 + i));
    const noise = Array.from({ length: 18_000 }, (_, i) => edge(100_000 + i, 200_000 + i));
    const input = { coordination: COORDINATION, orchestratorText: "#5000", subIssues: [], reports: [], edges: [...noise, ...chain].reverse() };
    const start = performance.now();
    const out = trackedRefs(input);
    expect(performance.now() - start).toBeLessThan(500);
    expect(out).toHaveLength(MAX_TRACKED);
  });
});
