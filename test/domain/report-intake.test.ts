import { describe, expect, it } from "vitest";
import {
  authorsToCheck,
  boundReports,
  ingest,
  parseWindows,
  planReplies,
  REPORTS_KEPT,
  type FreshComment,
  type IngestInput,
  type Ingested,
} from "../../src/domain/report-intake.js";
import { fixedReply, malformedReply, replyMarker, unauthorisedReply } from "../../src/domain/replies.js";
import { refusalMarker } from "../../src/domain/refusals.js";
import type { CommentWindow, RawComment, RefKey, StateReport, StateUrgent } from "../../src/domain/types.js";

// ---------------------------------------------------------------------------
// Builders

const COORD: RefKey = "owner/repo#977";
const T0 = Date.parse("2025-11-18T09:00:00Z");

/** Comment ids grow with time on GitHub: derive the timestamp from the id. */
const timeOf = (id: number) => new Date(T0 + id * 60_000).toISOString();

function comment(id: number, body: string, extra: Partial<RawComment> = {}): RawComment {
  return {
    id,
    on: COORD,
    author: "alice",
    authorType: "User",
    body,
    createdAt: timeOf(id),
    updatedAt: timeOf(id),
    url: `https://github.com/owner/repo/issues/977#issuecomment-${id}`,
    viewerDidAuthor: false,
    ...extra,
  };
}

function report(worker = "3", issue = "#12", status = "🔄 In Progress", more: string[] = []): string {
  return [`## Worker ${worker} Report - Phase 1`, "", `**Issue**: ${issue}`, `**Status**: ${status}`, ...more].join("\n");
}

const MALFORMED = ["## Worker 3 Report - Phase 1", "", "**Status**: Done"].join("\n");
const STANDUP = ["## Daily Standup - 2025-11-18 - Worker 4", "", "**Yesterday**: schema", "**Today**: #21 API endpoints", "**ETA**: 2h"].join("\n");

function cached(commentId: number, extra: Partial<StateReport> = {}): StateReport {
  return {
    commentId,
    on: COORD,
    url: `https://github.com/owner/repo/issues/977#issuecomment-${commentId}`,
    author: "alice",
    at: timeOf(commentId),
    kind: "report",
    worker: "3",
    phase: "Phase 1",
    issue: "owner/repo#12",
    status: "in_progress",
    durationMinutes: null,
    blockers: [],
    created: [],
    summary: "",
    ...extra,
  };
}

function cachedUrgent(commentId: number, extra: Partial<StateUrgent> = {}): StateUrgent {
  return { ref: COORD, on: COORD, commentId, url: "u", author: "alice", at: timeOf(commentId), summary: "fire", ...extra };
}

function window(comments: RawComment[], extra: Partial<CommentWindow> = {}): CommentWindow {
  return { on: COORD, comments, complete: false, ...extra };
}

function run(partial: Partial<IngestInput>): Ingested {
  const windows = partial.windows ?? [];
  return ingest({
    windows,
    fresh: partial.fresh ?? parseWindows(windows),
    previousReports: partial.previousReports ?? [],
    previousUrgent: partial.previousUrgent ?? [],
    deleted: partial.deleted ?? [],
    verdicts: partial.verdicts ?? new Map([["alice", true]]),
    changed: partial.changed,
    policy: partial.policy,
  });
}

const ids = (list: Array<{ commentId: number }>) => list.map((r) => r.commentId);

// ---------------------------------------------------------------------------

describe("parseWindows", () => {
  it.each<[string, string | null, RawComment]>([
    ["a report", "report", comment(1, report())],
    ["a malformed report", "malformed", comment(1, MALFORMED)],
    ["a standup", "standup", comment(1, STANDUP)],
    ["an urgent comment", "urgent", comment(1, "🚨 URGENT: the build is red")],
    ["a chat comment", null, comment(1, "Thanks, looks good!")],
    ["an empty comment", null, comment(1, "")],
    ["a report we wrote ourselves", null, comment(1, report(), { viewerDidAuthor: true, authorType: "Bot" })],
    ["a comment carrying our marker", null, comment(1, `${replyMarker(9)}\n${report()}`)],
    ["our marker after leading blank lines", null, comment(1, `\n\n  ${replyMarker(9)}\n${report()}`)],
    ["a template quoted in a code block", null, comment(1, "```\n" + report() + "\n```")],
  ])("%s → %s", (_name, kind, c) => {
    const out = parseWindows([window([c])]);
    expect(out.map((f) => f.parsed.kind)).toEqual(kind === null ? [] : [kind]);
    if (kind !== null) expect(out[0]?.comment).toBe(c);
  });

  it("keeps window order across windows and reads references in the context of each window's issue", () => {
    const a = comment(1, report("1", "#7"));
    const b = comment(2, "hello");
    const c = comment(3, report("2", "#8"), { on: "other/lib#5" });
    const out = parseWindows([window([a, b]), window([c], { on: "other/lib#5" })]);
    expect(out.map((f) => f.comment.id)).toEqual([1, 3]);
    const issues = out.map((f) => (f.parsed.kind === "report" ? f.parsed.report.issue : null));
    expect(issues).toEqual([
      { owner: "owner", repo: "repo", number: 7 },
      { owner: "other", repo: "lib", number: 8 },
    ]);
  });
});

describe("authorsToCheck", () => {
  const fresh = parseWindows([
    window([
      comment(1, report(), { author: "Alice" }),
      comment(2, report(), { author: "bob" }),
      comment(3, report(), { author: "carol" }),
      comment(4, report(), { author: "dave" }),
      comment(5, report(), { author: "ALICE" }),
    ]),
  ]);
  const listed = (login: string): boolean | null => (login === "carol" ? true : login === "dave" ? false : null);

  it.each<[string, boolean, number[], string[]]>([
    ["rebuild (no trusted state): every unknown author, whatever changed", true, [], ["alice", "bob"]],
    ["trusted state: only authors of changed comments", false, [2], ["bob"]],
    ["trusted state and nothing changed: nobody", false, [], []],
    ["an earlier reporter's changed comment is asked about again (trust is never per person)", false, [1, 2, 5], ["alice", "bob"]],
    ["authors the config decides are not asked, allowed or refused", false, [3, 4], []],
    ["each login once, lower-cased", false, [1, 5], ["alice"]],
  ])("%s", (_name, rebuild, changed, expected) => {
    expect(authorsToCheck(fresh, rebuild, new Set(changed), listed)).toEqual(expected);
  });

  it("asks about the editor of an edited comment, not its author", () => {
    const edited = parseWindows([window([comment(7, report(), { author: "alice", editor: "Mallory" })])]);
    expect(authorsToCheck(edited, false, new Set([7]), () => null)).toEqual(["mallory"]);
  });
});

describe("ingest: window authority", () => {
  it("drops a cached report inside a window but absent (deleted), keeps one outside every window", () => {
    const out = run({
      windows: [window([comment(90, "hello"), comment(120, "hi")])],
      previousReports: [cached(100), cached(50), cached(200, { on: "owner/repo#12" })],
    });
    // 100 ≥ oldest id read (90) and not among the comments: deleted. 50 is older than the window.
    // 200 is on an issue whose comments were not read at all.
    expect(ids(out.reports).sort()).toEqual([200, 50]);
  });

  it("a complete window covers every comment of its issue, however old", () => {
    const out = run({
      windows: [window([comment(90, "hello")], { complete: true })],
      previousReports: [cached(50), cached(200, { on: "owner/repo#12" })],
    });
    expect(ids(out.reports)).toEqual([200]);
  });

  it("an empty, incomplete window covers nothing", () => {
    const out = run({ windows: [window([])], previousReports: [cached(50)] });
    expect(ids(out.reports)).toEqual([50]);
  });

  it("a cached report still present in the window is replaced by its fresh reading", () => {
    const out = run({
      windows: [window([comment(100, report("3", "#12", "✅ Complete"))])],
      previousReports: [cached(100, { status: "in_progress" })],
    });
    expect(out.reports).toHaveLength(1);
    expect(out.reports[0]?.status).toBe("complete");
  });

  it("a cached report edited into a non-report is gone", () => {
    const out = run({ windows: [window([comment(100, "never mind")])], previousReports: [cached(100)] });
    expect(out.reports).toEqual([]);
  });

  it("applies the same authority to cached urgent items", () => {
    const out = run({
      windows: [window([comment(90, "hello")])],
      previousUrgent: [cachedUrgent(100), cachedUrgent(50)],
    });
    expect(ids(out.urgent)).toEqual([50]);
  });

  it("removes deleted ids, cached or fresh", () => {
    const out = run({
      windows: [window([comment(90, "hello"), comment(110, report())])],
      previousReports: [cached(50), cached(40)],
      previousUrgent: [cachedUrgent(50)],
      deleted: [50, 110],
    });
    expect(ids(out.reports)).toEqual([40]);
    expect(out.urgent).toEqual([]);
    expect(out.judged).toEqual([]);
  });
});

describe("ingest: who counts", () => {
  const windows = [window([comment(1, report("1"), { author: "mallory" }), comment(2, report("2"), { author: "Bob" }), comment(3, report("3"), { author: "stranger" })])];

  it("counts allowed authors and comments accepted before only, and judges every fresh comment", () => {
    const out = run({
      windows,
      verdicts: new Map([["mallory", false]]),
      previousReports: [cached(2, { author: "bob" })],
    });
    expect(out.reports.filter((r) => r.on === COORD).map((r) => r.worker)).toEqual(["2"]);
    expect(out.judged.map((j) => [j.comment.author, j.allowed])).toEqual([
      ["mallory", false],
      ["Bob", true],
      ["stranger", false],
    ]);
  });

  it("having reported before earns nothing: a new comment by an earlier reporter needs its own verdict", () => {
    const out = run({ windows, verdicts: new Map(), previousReports: [cached(1000, { author: "bob", on: "owner/repo#12" })] });
    expect(out.reports.filter((r) => r.on === COORD)).toEqual([]);
  });

  it("a comment accepted before stays accepted while unchanged; once edited, it needs a verdict now", () => {
    const previousReports = [cached(2, { author: "bob" })];
    expect(run({ windows, verdicts: new Map([["bob", false]]), previousReports }).reports.filter((r) => r.on === COORD).map((r) => r.commentId)).toEqual([2]);
    expect(run({ windows, verdicts: new Map([["bob", false]]), previousReports, changed: new Set([2]) }).reports.filter((r) => r.on === COORD)).toEqual([]);
  });

  it("the config's refusal (the workers list) beats a comment accepted before", () => {
    const out = run({ windows, verdicts: new Map(), policy: new Map([["bob", false]]), previousReports: [cached(2, { author: "bob" })] });
    expect(out.reports.filter((r) => r.on === COORD)).toEqual([]);
  });

  it("an edited comment is judged on its editor's verdict", () => {
    const edited = [window([comment(9, report("9"), { author: "w9", editor: "mallory" })])];
    expect(run({ windows: edited, verdicts: new Map([["w9", true], ["mallory", false]]) }).reports).toEqual([]);
    expect(run({ windows: edited, verdicts: new Map([["w9", false], ["mallory", true]]) }).reports.map((r) => r.commentId)).toEqual([9]);
  });

  it("an unauthorised urgent comment marks nothing urgent", () => {
    const out = run({ windows: [window([comment(1, "🚨 URGENT: fire", { author: "mallory" })])], verdicts: new Map([["mallory", false]]) });
    expect(out.urgent).toEqual([]);
  });
});

describe("ingest: what is recorded", () => {
  it("maps a report to a StateReport", () => {
    const body = report("backend-1", "#12", "⚠️ Blocked", ["**Deliverables**:", "- api.ts", "- 3 tests", "", "**Blockers**: #13", "**Dependencies Created**: #14, other/lib#2"]);
    const out = run({ windows: [window([comment(7, body)])] });
    expect(out.reports).toEqual([
      {
        commentId: 7,
        on: COORD,
        url: "https://github.com/owner/repo/issues/977#issuecomment-7",
        author: "alice",
        at: timeOf(7),
        kind: "report",
        worker: "backend-1",
        phase: "Phase 1",
        issue: "owner/repo#12",
        status: "blocked",
        durationMinutes: null,
        blockers: ["owner/repo#13"],
        created: ["owner/repo#14", "other/lib#2"],
        summary: "api.ts; 3 tests",
      },
    ]);
  });

  it("maps a standup to a StateReport about the first issue of Today", () => {
    const out = run({ windows: [window([comment(7, STANDUP)])] });
    expect(out.reports).toMatchObject([{ kind: "standup", worker: "4", issue: "owner/repo#21", status: null, durationMinutes: 120, summary: "#21 API endpoints" }]);
  });

  it("a malformed report is judged but not recorded", () => {
    const out = run({ windows: [window([comment(7, MALFORMED)])] });
    expect(out.reports).toEqual([]);
    expect(out.judged.map((j) => j.parsed.kind)).toEqual(["malformed"]);
  });

  it.each<[string, string, RefKey, RefKey[]]>([
    ["names issues: each named issue is urgent", "🚨 URGENT: API down, see #14 and #15", COORD, ["owner/repo#14", "owner/repo#15"]],
    ["names none: the issue commented on is urgent", "URGENT: production is down", COORD, [COORD]],
    ["names none, on a tracked issue: that issue", "URGENT: stuck", "owner/repo#12", ["owner/repo#12"]],
  ])("urgent comment that %s", (_name, body, on, refs) => {
    const out = run({ windows: [window([comment(5, body, { on })], { on })] });
    expect(out.urgent.map((u) => u.ref)).toEqual(refs);
    expect(out.urgent.every((u) => u.on === on && u.commentId === 5 && u.at === timeOf(5))).toBe(true);
  });

  it("a report that starts with URGENT is both a report and urgent", () => {
    const body = `URGENT: need review\n\n${report("3", "#12")}`;
    const out = run({ windows: [window([comment(5, body)])] });
    expect(out.reports.map((r) => r.issue)).toEqual(["owner/repo#12"]);
    // The issue the report names is the one the urgent prefix points at.
    expect(out.urgent.map((u) => u.ref)).toEqual(["owner/repo#12"]);
  });

  it("urgent items come out oldest first, without duplicates", () => {
    const out = run({
      windows: [window([comment(30, "URGENT: b"), comment(20, "URGENT: a")], { complete: false })],
      previousUrgent: [cachedUrgent(5), cachedUrgent(5)],
    });
    expect(ids(out.urgent)).toEqual([5, 20, 30]);
  });
});

describe("boundReports", () => {
  it(`keeps the latest ${REPORTS_KEPT}, newest first`, () => {
    const list = Array.from({ length: 60 }, (_, i) => cached(1000 + i));
    const out = boundReports(list);
    expect(out).toHaveLength(REPORTS_KEPT);
    expect(out[0]?.commentId).toBe(1059);
    expect(out.at(-1)?.commentId).toBe(1010);
  });

  it("also keeps the latest report of each worker and of each issue", () => {
    const list = [
      ...Array.from({ length: 60 }, (_, i) => cached(1000 + i, { worker: "a", issue: "owner/repo#1" })),
      cached(1, { worker: "B", issue: "owner/repo#1" }),
      cached(2, { worker: "a", issue: "owner/repo#2" }),
      cached(3, { worker: "b", issue: "owner/repo#1" }), // newer than 1: b's latest
      cached(0, { worker: "a", issue: "owner/repo#1" }), // nothing new: dropped
      cached(4, { worker: "a", kind: "standup", issue: null }), // no issue: only worker rule applies
    ];
    const out = ids(boundReports(list));
    expect(out).toHaveLength(REPORTS_KEPT + 2);
    expect(out).toContain(3);
    expect(out).toContain(2);
    expect(out).not.toContain(1);
    expect(out).not.toContain(0);
    expect(out).not.toContain(4);
  });

  it("keeps one copy per comment id (the last given)", () => {
    const out = boundReports([cached(5, { summary: "old" }), cached(5, { summary: "new" }), cached(6)]);
    expect(out.map((r) => [r.commentId, r.summary])).toEqual([
      [6, ""],
      [5, "new"],
    ]);
  });

  it("is applied by ingest", () => {
    const previousReports = Array.from({ length: 70 }, (_, i) => cached(1000 + i));
    expect(run({ previousReports }).reports).toHaveLength(REPORTS_KEPT);
  });
});

describe("planReplies", () => {
  function judge(c: RawComment, allowed = true): Ingested["judged"][number] {
    const [fresh] = parseWindows([window([c])]) as [FreshComment];
    return { ...fresh, allowed };
  }
  const ours = (id: number, answers: number, body: string) => comment(id, body.startsWith("<!--") ? body : `${replyMarker(answers)}\n${body}`, { viewerDidAuthor: true, authorType: "Bot", author: "coordinator[bot]" });
  const malformedBody = (c: RawComment) => {
    const parsed = judge(c).parsed;
    if (parsed.kind !== "malformed") throw new Error("not malformed");
    return malformedReply(c.id, parsed.problems, parsed.template);
  };

  const malformed = comment(10, MALFORMED);
  const valid = comment(10, report());
  const standup = comment(10, STANDUP);
  const urgent = comment(10, "🚨 URGENT: fire");

  it.each<[string, RawComment, boolean, RawComment[], { existingId: number | null; body: string; refusal?: { login: string; commentId: number }; courtesy?: boolean } | null]>([
    ["malformed, first time: a reply", malformed, true, [], { existingId: null, body: malformedBody(malformed) }],
    ["malformed, our reply differs: edit it", malformed, true, [ours(11, 10, "old problems")], { existingId: 11, body: malformedBody(malformed) }],
    ["malformed, our reply is already right: nothing", malformed, true, [ours(11, 10, malformedBody(malformed))], null],
    ["fixed (our reply exists, now valid): says it now counts", valid, true, [ours(11, 10, "old problems")], { existingId: 11, body: fixedReply(10) }],
    ["fixed standup: says it now counts", standup, true, [ours(11, 10, "old problems")], { existingId: 11, body: fixedReply(10) }],
    ["fixed, already said so: nothing", valid, true, [ours(11, 10, fixedReply(10))], null],
    ["valid, never replied: nothing", valid, true, [], null],
    ["unauthorised, first time: one polite reply, marked as a refusal of its author", valid, false, [], { existingId: null, body: `${unauthorisedReply(10)}\n${refusalMarker("alice")}`, refusal: { login: "alice", commentId: 10 }, courtesy: true }],
    ["unauthorised and edited after our reply: no second reply", valid, false, [ours(11, 10, unauthorisedReply(10))], null],
    ["unauthorised malformed after our reply: nothing", malformed, false, [ours(11, 10, "anything")], null],
    ["unauthorised urgent comment: no reply", urgent, false, [], null],
    ["a person's comment with our marker is not our reply", malformed, true, [comment(11, `${replyMarker(10)}\nquoted`)], { existingId: null, body: malformedBody(malformed) }],
    ["our reply to another comment does not count", valid, true, [ours(11, 99, "old problems")], null],
  ])("%s", (_name, c, allowed, others, expected) => {
    const effects = planReplies([judge(c, allowed)], [window([c, ...others])], new Set([c.id]));
    if (expected === null) expect(effects).toEqual([]);
    else expect(effects).toEqual([{ on: COORD, marker: replyMarker(10), ...expected }]);
  });

  it("every reply starts with its marker", () => {
    for (const [c, allowed] of [[malformed, true], [valid, false]] as const) {
      const [effect] = planReplies([judge(c, allowed)], [window([c])], new Set([c.id]));
      expect(effect?.body.split("\n")[0]).toBe(replyMarker(c.id));
    }
  });

  it("only comments that changed in this run get replies", () => {
    const a = comment(10, MALFORMED);
    const b = comment(20, MALFORMED, { on: "owner/repo#12" });
    const judged = [judge(a), judge(b)];
    const windows = [window([a]), window([b], { on: "owner/repo#12" })];
    expect(planReplies(judged, windows, new Set())).toEqual([]);
    const effects = planReplies(judged, windows, new Set([20]));
    expect(effects.map((e) => [e.on, e.marker])).toEqual([["owner/repo#12", replyMarker(20)]]);
  });
});
