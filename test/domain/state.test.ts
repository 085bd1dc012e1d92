import { DEFAULT_THRESHOLDS, goNoGoVerdict } from "../../src/domain/go-no-go.js";
import { describe, expect, it } from "vitest";
import { computeFingerprint } from "../../src/domain/state-block.js";
import { buildState, buildWorkers, reportEdges, type StateConfig, type StateInput } from "../../src/domain/state.js";
import type { IssueStatus, RawIssue, RefKey, StateEdge, StateIssue, StateReport, StateUrgent, StateWorker } from "../../src/domain/types.js";

// ---------------------------------------------------------------------------
// Builders

const NOW = new Date("2025-11-18T09:00:00Z");
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR).toISOString();
const key = (n: number): RefKey => `owner/repo#${n}`;

function raw(n: number, extra: Partial<RawIssue> = {}): RawIssue {
  // Spread from an unannotated object, so fields RawIssue gains later need no change here.
  const base = {
    ref: key(n),
    number: n,
    databaseId: n,
    title: `Issue ${n}`,
    state: "open" as const,
    stateReason: null,
    labels: [],
    assignees: [],
    url: `https://github.com/owner/repo/issues/${n}`,
    closedAt: null,
    body: "",
    blockedBy: [],
    subIssues: [],
  };
  return { ...base, ...extra };
}

const closed = (n: number, reason = "completed") => raw(n, { state: "closed", stateReason: reason });

let nextId = 1;
function rep(extra: Partial<StateReport> = {}): StateReport {
  const commentId = extra.commentId ?? nextId++;
  return {
    commentId,
    on: "owner/repo#977",
    url: `https://github.com/owner/repo/issues/977#issuecomment-${commentId}`,
    author: "alice",
    at: ago(1),
    kind: "report",
    worker: "3",
    phase: "Phase 1",
    issue: key(1),
    status: "in_progress",
    durationMinutes: null,
    blockers: [],
    created: [],
    summary: "",
    ...extra,
  };
}

const edge = (from: number, to: number, source: StateEdge["source"] = "body"): StateEdge => ({ from: key(from), to: key(to), source });

function urgentItem(ref: RefKey, commentId = 900): StateUrgent {
  return { ref, on: "owner/repo#977", commentId, url: "u", author: "alice", at: ago(1), summary: "fire" };
}

const CONFIG: StateConfig = { doneWhen: "closed", staleAfterHours: 24, labels: { blocked: "blocked", inProgress: "in-progress" } };

function input(partial: Partial<StateInput> & { doneWhen?: StateConfig["doneWhen"] } = {}): StateInput {
  const { doneWhen, ...rest } = partial;
  const defaults = {
    coordination: "owner/repo#977",
    tracked: [[key(1), raw(1)]] as Array<[RefKey, RawIssue | null]>,
    edges: [],
    estimates: new Map<RefKey, number>(),
    reports: [],
    urgent: [],
    config: doneWhen ? { ...CONFIG, doneWhen } : CONFIG,
    now: NOW,
  };
  return { ...defaults, ...rest };
}

const issueOf = (state: ReturnType<typeof buildState>, n: number): StateIssue | undefined => state.issues.find((i) => i.ref === key(n));

// ---------------------------------------------------------------------------

describe("buildState: issue status", () => {
  interface Row {
    tracked?: Array<[RefKey, RawIssue | null]>;
    edges?: StateEdge[];
    reports?: StateReport[];
    doneWhen?: StateConfig["doneWhen"];
  }
  it.each<[string, IssueStatus, Row]>([
    ["unreadable issue", "missing", { tracked: [[key(1), null]] }],
    ["closed as completed", "done", { tracked: [[key(1), closed(1)]] }],
    ["closed as not planned (done for unblocking)", "done", { tracked: [[key(1), closed(1, "not_planned")]] }],
    ["closed, even while a report says blocked", "done", { tracked: [[key(1), closed(1)]], reports: [rep({ status: "blocked" })] }],
    ["open, reported complete, doneWhen reported", "done", { reports: [rep({ status: "complete" })], doneWhen: "reported" }],
    ["open, reported complete, doneWhen closed", "in_progress", { reports: [rep({ status: "complete" })] }],
    ["open, a standup says nothing about completion", "ready", { reports: [rep({ kind: "standup", status: null })], doneWhen: "reported" }],
    ["reported blocked", "blocked", { reports: [rep({ status: "blocked" })] }],
    // The blocked label is Coordinator's own output (it follows the graph), not an input.
    ["labelled blocked, nothing blocking it", "ready", { tracked: [[key(1), raw(1, { labels: ["blocked"] })]] }],
    ["an open blocker", "blocked", { tracked: [[key(1), raw(1)], [key(2), raw(2)]], edges: [edge(2, 1)] }],
    ["its only blocker closed", "ready", { tracked: [[key(1), raw(1)], [key(2), closed(2)]], edges: [edge(2, 1)] }],
    ["its only blocker closed as not planned", "ready", { tracked: [[key(1), raw(1)], [key(2), closed(2, "not_planned")]], edges: [edge(2, 1)] }],
    ["its blocker reported complete, doneWhen reported", "ready", { tracked: [[key(1), raw(1)], [key(2), raw(2)]], edges: [edge(2, 1)], reports: [rep({ issue: key(2), status: "complete" })], doneWhen: "reported" }],
    ["it blocks another issue (edge the other way)", "ready", { tracked: [[key(1), raw(1)], [key(2), raw(2)]], edges: [edge(1, 2)] }],
    ["reported in progress", "in_progress", { reports: [rep({ status: "in_progress" })] }],
    ["labelled in-progress", "in_progress", { tracked: [[key(1), raw(1, { labels: ["in-progress"] })]] }],
    ["the latest report wins (blocked, then in progress)", "in_progress", { reports: [rep({ status: "in_progress", at: ago(1) }), rep({ status: "blocked", at: ago(5) })] }],
    ["the latest report wins (in progress, then blocked)", "blocked", { reports: [rep({ status: "blocked", at: ago(1) }), rep({ status: "in_progress", at: ago(5) })] }],
    ["a report about another issue", "ready", { reports: [rep({ issue: key(9), status: "blocked" })] }],
    ["nothing known", "ready", {}],
  ])("%s → %s", (_name, expected, row) => {
    expect(issueOf(buildState(input(row)), 1)?.status).toBe(expected);
  });

  it("the configured in-progress label decides, not the default", () => {
    const config: StateConfig = { ...CONFIG, labels: { blocked: "waiting", inProgress: "doing" } };
    const state = buildState(
      input({
        tracked: [
          [key(1), raw(1, { labels: ["in-progress"] })],
          [key(2), raw(2, { labels: ["doing"] })],
        ],
        config,
      }),
    );
    expect(state.issues.map((i) => i.status)).toEqual(["ready", "in_progress"]);
  });

  it("fills each issue from its raw issue, latest report and urgent items", () => {
    const state = buildState(
      input({
        tracked: [
          [key(1), raw(1, { assignees: ["bob"] })],
          [key(2), closed(2, "not_planned")],
          [key(3), null],
        ],
        reports: [rep({ worker: "backend-1", durationMinutes: 90 })],
        urgent: [urgentItem(key(1))],
      }),
    );
    // Waves are the graph's business (test/domain/graph.test.ts); everything else is checked here.
    expect(state.issues.map(({ wave: _wave, ...rest }) => rest)).toEqual([
      { ref: key(1), number: 1, title: "Issue 1", state: "open", stateReason: null, status: "in_progress", blockedBy: [], assignees: ["bob"], worker: "backend-1", estimateMinutes: 90, urgent: true },
      { ref: key(2), number: 2, title: "Issue 2", state: "closed", stateReason: "not_planned", status: "done", blockedBy: [], assignees: [], worker: null, estimateMinutes: null, urgent: false },
      { ref: key(3), number: 3, title: "", state: null, stateReason: null, status: "missing", blockedBy: [], assignees: [], worker: null, estimateMinutes: null, urgent: false },
    ]);
    expect(state.progress).toEqual({ done: 1, total: 3 });
  });
});

describe("buildState: edges and blockers", () => {
  it("blockedBy lists only open blockers, in edge order", () => {
    const state = buildState(
      input({
        tracked: [
          [key(1), raw(1)],
          [key(2), closed(2)],
          [key(3), raw(3)],
          [key(4), raw(4)],
        ],
        edges: [edge(3, 1), edge(2, 1), edge(4, 1)],
      }),
    );
    expect(issueOf(state, 1)?.blockedBy).toEqual([key(3), key(4)]);
    // Edges to done issues stay in the graph; only blockedBy forgets them.
    expect(state.edges).toHaveLength(3);
  });

  it("drops duplicate edges (first source wins) and self-edges", () => {
    const state = buildState(
      input({
        tracked: [
          [key(1), raw(1)],
          [key(2), raw(2)],
        ],
        edges: [edge(2, 1, "body"), edge(2, 1, "native"), edge(1, 1, "arrow"), edge(2, 1, "report")],
      }),
    );
    expect(state.edges).toEqual([edge(2, 1, "body")]);
    expect(issueOf(state, 1)?.blockedBy).toEqual([key(2)]);
  });

  it("a self-edge does not block its issue", () => {
    expect(issueOf(buildState(input({ edges: [edge(1, 1)] })), 1)?.status).toBe("ready");
  });
});

describe("reportEdges", () => {
  it.each<[string, StateReport[], StateEdge[]]>([
    ["Blockers while the latest report says Blocked", [rep({ issue: key(3), status: "blocked", blockers: [key(1), key(2)] })], [edge(1, 3, "report"), edge(2, 3, "report")]],
    ["no Blockers edge while In Progress", [rep({ issue: key(3), status: "in_progress", blockers: [key(1)] })], []],
    ["no Blockers edge once a later report says Complete", [rep({ issue: key(3), status: "blocked", blockers: [key(1)], at: ago(5) }), rep({ issue: key(3), status: "complete", at: ago(1) })], []],
    ["Dependencies Created: the listed issues wait for this one", [rep({ issue: key(3), status: "complete", created: [key(4), key(5)] })], [edge(3, 4, "report"), edge(3, 5, "report")]],
    ["standups make no edges", [rep({ kind: "standup", issue: key(3), status: null, blockers: [key(1)], created: [key(4)] })], []],
    ["a blocked report about nothing makes no edge", [rep({ issue: null, status: "blocked", blockers: [key(1)] })], []],
  ])("%s", (_name, reports, expected) => {
    expect(reportEdges(reports)).toEqual(expected);
  });

  it("one set of edges per issue, from its latest report only", () => {
    const reports = [
      rep({ issue: key(3), status: "blocked", blockers: [key(1)], at: ago(1), commentId: 50 }),
      rep({ issue: key(3), status: "blocked", blockers: [key(2)], at: ago(1), commentId: 40 }),
      rep({ issue: key(6), status: "blocked", blockers: [key(7)], at: ago(3) }),
    ];
    // Same timestamp: the higher comment id is the later report.
    expect(reportEdges(reports)).toEqual([edge(1, 3, "report"), edge(7, 6, "report")]);
  });
});

describe("buildWorkers", () => {
  it("one entry per worker (case-insensitive), from its latest report", () => {
    const workers = buildWorkers(
      [
        rep({ worker: "backend-1", issue: key(1), status: "in_progress", at: ago(5), author: "old" }),
        rep({ worker: "Backend-1", issue: key(2), status: "blocked", at: ago(1), author: "bob" }),
        rep({ worker: "backend-1", issue: key(3), status: "complete", at: ago(3) }),
      ],
      NOW,
      24,
    );
    expect(workers).toEqual<StateWorker[]>([{ id: "Backend-1", login: "bob", issue: key(2), status: "blocked", lastReportAt: ago(1), stale: false }]);
  });

  it.each<[string, Partial<StateReport>, number, boolean]>([
    ["23h ago, in progress", { at: ago(23) }, 24, false],
    ["25h ago, in progress", { at: ago(25) }, 24, true],
    ["25h ago, blocked", { at: ago(25), status: "blocked" }, 24, true],
    ["a week ago but complete", { at: ago(168), status: "complete" }, 24, false],
    ["30h ago, a standup", { at: ago(30), kind: "standup", status: null }, 24, true],
    ["2h ago with staleAfterHours 1", { at: ago(2) }, 1, true],
    ["25h ago with staleAfterHours 48", { at: ago(25) }, 48, false],
  ])("stale: %s → %s", (_name, extra, hours, stale) => {
    expect(buildWorkers([rep(extra)], NOW, hours)[0]?.stale).toBe(stale);
  });

  it("orders workers by id, numbers numerically", () => {
    const workers = buildWorkers(["backend", "10", "2", "1"].map((worker) => rep({ worker })), NOW, 24);
    expect(workers.map((w) => w.id)).toEqual(["1", "2", "10", "backend"]);
  });
});

describe("buildState: Go/No-Go", () => {
  it("buildState reports the synthesis's verdict (one rule for the dashboard and the Team Status)", () => {
    const red = buildState(input({ urgent: [urgentItem(key(5))] }));
    expect([red.status, red.statusReason]).toEqual(["RED", "urgent item open on #5"]);
    expect(goNoGoVerdict(red, DEFAULT_THRESHOLDS)).toEqual({ status: "RED", rule: `RED: ${red.statusReason}` });
    const yellow = buildState(input({ reports: [rep({ status: "in_progress", at: ago(48) })] }));
    expect(yellow.status).toBe("YELLOW");
    expect(goNoGoVerdict(yellow, DEFAULT_THRESHOLDS)).toEqual({ status: "YELLOW", rule: `YELLOW: ${yellow.statusReason}` });
    const relaxed = buildState(input({ reports: [rep({ status: "in_progress", at: ago(48) })], config: { ...CONFIG, thresholds: { ...DEFAULT_THRESHOLDS, yellowOnStaleWorkers: 0 } } }));
    expect(relaxed.status).toBe("GREEN");
    const green = buildState(input({ reports: [rep({ status: "in_progress", at: ago(2) })] }));
    expect(green.status).toBe("GREEN");
  });
});

describe("buildState: the state as a whole", () => {
  it("carries coordination, time, reports and urgent items through", () => {
    const reports = [rep()];
    const urgent = [urgentItem(key(1))];
    const state = buildState(input({ reports, urgent }));
    expect(state).toMatchObject({ version: 1, coordination: "owner/repo#977", updatedAt: NOW.toISOString(), reports, urgent, gates: [] });
    expect(state.fingerprint).toBe(computeFingerprint(state));
    expect(state.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it("the fingerprint does not change when only the clock moves", () => {
    const reports = [rep({ at: ago(1) })];
    const a = buildState(input({ reports }));
    const b = buildState(input({ reports, now: new Date(NOW.getTime() + 2 * HOUR) }));
    expect(b.updatedAt).not.toBe(a.updatedAt);
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it("the fingerprint changes when a report is added", () => {
    const a = buildState(input({ reports: [rep({ commentId: 1 })] }));
    const b = buildState(input({ reports: [rep({ commentId: 2, worker: "4", issue: key(9) }), rep({ commentId: 1 })] }));
    expect(b.fingerprint).not.toBe(a.fingerprint);
  });

  it("the fingerprint changes when a worker turns stale as time passes", () => {
    const reports = [rep({ at: ago(23) })];
    const a = buildState(input({ reports }));
    const b = buildState(input({ reports, now: new Date(NOW.getTime() + 2 * HOUR) }));
    expect(b.workers[0]?.stale).toBe(true);
    expect(b.fingerprint).not.toBe(a.fingerprint);
  });
});

describe("buildState: gates", () => {
  const GATES: StateConfig = { ...CONFIG, labels: { ...CONFIG.labels, gate: "gate", gateApproved: "gate:approved" } };
  it.each([
    ["an open gate", raw(1, { labels: ["gate"] }), "blocked"],
    ["a gate closed by hand, not approved", raw(1, { labels: ["gate"], state: "closed", stateReason: "completed" }), "blocked"],
    ["an approved gate", raw(1, { labels: ["gate", "gate:approved"], state: "closed", stateReason: "completed" }), "ready"],
  ])("%s releases what waits on it only when approved (dependant: %s)", (_name, gate, dependant) => {
    const state = buildState(input({ tracked: [[key(1), gate], [key(2), raw(2)]], edges: [edge(1, 2)], config: GATES }));
    expect(issueOf(state, 2)?.status).toBe(dependant);
  });
});
