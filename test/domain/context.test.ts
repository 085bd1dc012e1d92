import { describe, expect, it } from "vitest";
import { contextFacts, renderContext, renderStatus, type ContextFacts } from "../../src/domain/context.js";
import { emptyState as emptyCoordination } from "../../src/domain/state.js";
import type {
  CoordinationState,
  IssueStatus,
  RefKey,
  StateEdge,
  StateIssue,
  StateReport,
} from "../../src/domain/types.js";

// ---------------------------------------------------------------------------
// A seed-sized coordination: issues #970–#992 of owner/repo (#977 is the coordination issue),
// the seed's Phase 1 table (972→973, 973→974, 973→975, 975→976), a gate after Phase 1 (#993),
// and a cycle (#988 ↔ #989).

const NOW = new Date("2025-11-18T09:00:00Z");
const REPO = { owner: "owner", repo: "repo" };
const HOUR = 3_600_000;
const ago = (hours: number): string => new Date(NOW.getTime() - hours * HOUR).toISOString();
const r = (n: number): RefKey => `owner/repo#${n}`;

function issue(number: number, title: string, status: IssueStatus, extra: Partial<StateIssue> = {}): StateIssue {
  const done = status === "done";
  return {
    ref: r(number),
    number,
    title,
    state: done ? "closed" : "open",
    stateReason: done ? "completed" : null,
    status,
    blockedBy: [],
    assignees: [],
    worker: null,
    estimateMinutes: null,
    wave: null,
    urgent: false,
    ...extra,
  };
}

let nextComment = 5000;
function report(
  about: number,
  hoursAgo: number,
  worker: string,
  status: StateReport["status"],
  summary: string,
  extra: Partial<StateReport> = {},
): StateReport {
  const commentId = nextComment++;
  return {
    commentId,
    on: r(about),
    url: `https://github.com/owner/repo/issues/${about}#issuecomment-${commentId}`,
    author: `worker-${worker}`,
    at: ago(hoursAgo),
    kind: "report",
    worker,
    phase: "Phase 1",
    issue: r(about),
    status,
    durationMinutes: null,
    blockers: [],
    created: [],
    summary,
    ...extra,
  };
}

function emptyState(): CoordinationState {
  return {
    ...emptyCoordination(r(977), NOW.toISOString()),
    statusReason: "nothing tracked yet",
    fingerprint: "0123456789abcdef0123456789abcdef",
  };
}

function seedState(): CoordinationState {
  const edgePairs: Array<[number, number]> = [
    [972, 973],
    [973, 974],
    [973, 975],
    [975, 976],
    [974, 993],
    [976, 993],
    [993, 978],
    [973, 983],
    [988, 989],
    [989, 988],
    [989, 991],
  ];
  const edges: StateEdge[] = edgePairs.map(([from, to]) => ({ from: r(from), to: r(to), source: "table" }));
  const issues: StateIssue[] = [
    issue(970, "Ultra-detailed reconstruction plan (5 phases)", "done", { worker: "1" }),
    issue(971, "Master dependency graph", "done", { worker: "2" }),
    issue(972, "Phase 1.1 - PostgreSQL Connection", "done", { estimateMinutes: 30, worker: "6" }),
    issue(973, "Phase 1.2 - Base Schema Migration", "done", { estimateMinutes: 60, worker: "6" }),
    issue(974, "Phase 1.3 - Organization Schema", "in_progress", {
      estimateMinutes: 45,
      assignees: ["erin"],
      worker: "7",
      wave: 1,
    }),
    issue(975, "Phase 1.4 - RBAC Implementation", "in_progress", {
      estimateMinutes: 60,
      assignees: ["frank"],
      worker: "8",
      wave: 1,
      urgent: true,
    }),
    issue(976, "Phase 1.5 - JWT Authentication", "blocked", { estimateMinutes: 45, blockedBy: [r(975)], wave: 2 }),
    issue(993, "Gate: Phase 1 complete", "blocked", { blockedBy: [r(974), r(976)], wave: 3 }),
    issue(978, "Phase 2.1 - Organization Management API", "blocked", { blockedBy: [r(993)], wave: 4 }),
    issue(979, "Phase 2.2 - User Authentication API", "ready", { wave: 1 }),
    issue(980, "Phase 2.3 - Permission & RBAC API", "ready", { wave: 1 }),
    issue(981, "Phase 2.4 - Agent Management API", "ready", { wave: 1 }),
    issue(982, "Phase 2.5 - Backend Integration Tests", "blocked", { wave: null }),
    issue(983, "Phase 3.1 - Auth UI Components", "ready", { wave: 1 }),
    issue(984, "Phase 3.2 - Organization Management UI", "ready", { wave: 1 }),
    issue(985, "Phase 3.3 - Admin Dashboard", "ready", { wave: 1 }),
    issue(986, "Phase 3.4 - Frontend Integration Tests", "ready", { wave: 1 }),
    issue(987, "Phase 4.1 - AWS RDS Production Setup", "in_progress", {
      assignees: ["dave"],
      worker: "5",
      wave: 1,
    }),
    issue(988, "Phase 4.2 - Migration Execution", "blocked", { blockedBy: [r(989)] }),
    issue(989, "Phase 4.3 - End-to-End Testing", "blocked", { blockedBy: [r(988)] }),
    issue(990, "Phase 4.4 - Performance Benchmarking", "ready", { wave: 1 }),
    issue(991, "Phase 4.5 - Production Deployment", "blocked", { blockedBy: [r(989)] }),
    issue(992, "Phase 4.6 - Monitoring & Rollback Plan", "done", { stateReason: "not_planned" }),
  ];
  const done = issues.filter((i) => i.status === "done").length;
  return {
    ...emptyState(),
    status: "YELLOW",
    statusReason: "1 dependency cycle, 6 blocked issues, 1 stale worker",
    progress: { done, total: issues.length },
    issues,
    edges,
    workers: [
      { id: "5", login: "dave", issue: r(987), status: "in_progress", lastReportAt: ago(30), stale: true },
      { id: "6", login: "grace", issue: r(973), status: "complete", lastReportAt: ago(20), stale: false },
      { id: "7", login: "erin", issue: r(974), status: "in_progress", lastReportAt: ago(0.25), stale: false },
      { id: "8", login: "frank", issue: r(975), status: "in_progress", lastReportAt: ago(1), stale: false },
    ],
    waves: [
      [r(974), r(975), r(979), r(980), r(981), r(983), r(984), r(985), r(986), r(987), r(990)],
      [r(976)],
      [r(993)],
      [r(978)],
    ],
    criticalPath: [r(975), r(976), r(993), r(978)],
    cycles: [[r(988), r(989)]],
    gates: [{ ref: r(993), name: "Phase 1 complete", state: "pending", done: 0, total: 2, unmet: ["#974 closed — #974 open (in progress)"] }],
    reports: [
      report(972, 26, "6", "complete", "src/db/pool.ts"),
      report(973, 20, "6", "complete", "prisma/migrations/0001_base.sql"),
      report(974, 3, "7", "in_progress", "org tables drafted"),
      report(974, 0.25, "7", "in_progress", "org tables migrated, tests next"),
      report(975, 6, "8", "in_progress", "roles table"),
      report(975, 5, "8", "in_progress", "permission matrix"),
      report(975, 4, "8", "in_progress", "policy engine"),
      report(975, 3, "8", "blocked", "waiting on @alice for the role list"),
      report(975, 2, "8", "in_progress", "role list received"),
      report(975, 1, "8", "in_progress", "guards wired"),
      report(987, 30, "5", "in_progress", "RDS instance requested"),
    ],
    urgent: [
      {
        ref: r(975),
        on: r(975),
        commentId: 4000,
        url: "https://github.com/owner/repo/issues/975#issuecomment-4000",
        author: "frank",
        at: ago(2),
        summary: "RBAC spec conflicts with ADR-004, cc @bob",
      },
    ],
  };
}

const render = (state: CoordinationState, ref: RefKey): string =>
  renderContext(contextFacts(state, ref, NOW), ref, { repo: REPO, now: NOW });

/** The ```json block of a reply: exactly one, and it is the last thing in the reply. */
function jsonBlock(reply: string): unknown {
  const fences = reply.split("\n").filter((l) => /^ {0,3}(`{3,}|~{3,})/.test(l));
  expect(fences).toEqual(["```json", "```"]);
  const m = /\n```json\n([\s\S]*)\n```$/.exec(reply);
  expect(m).not.toBeNull();
  return JSON.parse(m?.[1] ?? "");
}

function markdownPart(reply: string): string {
  return reply.slice(0, reply.indexOf("```json"));
}

/** A mention GitHub would link: `@` directly followed by a login character. */
const PING = /@[A-Za-z0-9_-]/;

// ---------------------------------------------------------------------------
// contextFacts

describe("contextFacts", () => {
  const state = seedState();

  const cases: Array<{
    name: string;
    ref: RefKey;
    status: IssueStatus;
    next: string | RegExp;
    blockers: Array<[number, IssueStatus, boolean]>;
    dependants: number[];
    gates: number[];
    reports: number;
  }> = [
    {
      name: "a blocked issue waits for its open blocker",
      ref: r(976),
      status: "blocked",
      next: "Wait for #975 (in progress, worker 8)",
      blockers: [[975, "in_progress", false]],
      dependants: [993],
      gates: [993],
      reports: 0,
    },
    {
      name: "a ready issue whose blockers are all done",
      ref: r(983),
      status: "ready",
      next: "Start work: all blockers are done",
      blockers: [[973, "done", true]],
      dependants: [],
      gates: [],
      reports: 0,
    },
    {
      name: "a ready issue without blockers",
      ref: r(990),
      status: "ready",
      next: "Start work: it has no blockers",
      blockers: [],
      dependants: [],
      gates: [],
      reports: 0,
    },
    {
      name: "a done issue",
      ref: r(973),
      status: "done",
      next: "Done — nothing to do",
      blockers: [[972, "done", true]],
      dependants: [974, 975, 983],
      gates: [993],
      reports: 1,
    },
    {
      name: "a done issue closed as not planned",
      ref: r(992),
      status: "done",
      next: "Done (closed as not planned) — nothing to do",
      blockers: [],
      dependants: [],
      gates: [],
      reports: 0,
    },
    {
      name: "an issue in a cycle",
      ref: r(988),
      status: "blocked",
      next: /^Blocked by a cycle: #988 → #989 → #988 — .*\/undepends$/,
      blockers: [[989, "blocked", false]],
      dependants: [989],
      gates: [],
      reports: 0,
    },
    {
      name: "an issue downstream of a cycle waits for the cycle",
      ref: r(991),
      status: "blocked",
      next: "Wait for #989 (blocked, in a dependency cycle)",
      blockers: [[989, "blocked", false]],
      dependants: [],
      gates: [],
      reports: 0,
    },
    {
      name: "an issue behind a gate waits for the gate's approval",
      ref: r(978),
      status: "blocked",
      next: "Wait for #993 (gate, awaiting approval, blocked)",
      blockers: [[993, "blocked", false]],
      dependants: [],
      gates: [993],
      reports: 0,
    },
    {
      name: "an urgent issue in progress with a fresh report",
      ref: r(975),
      status: "in_progress",
      next: "Urgent: Continue work (worker 8, last report 1h ago), then post a report with Status: Complete",
      blockers: [[973, "done", true]],
      dependants: [976],
      gates: [993],
      reports: 5,
    },
    {
      name: "an issue in progress whose last report is old",
      ref: r(987),
      status: "in_progress",
      next: "Report your progress: last report 30h ago",
      blockers: [],
      dependants: [],
      gates: [],
      reports: 1,
    },
    {
      name: "an issue Phase 1 feeds reaches the gate through its dependants",
      ref: r(972),
      status: "done",
      next: "Done — nothing to do",
      blockers: [],
      dependants: [973],
      gates: [993],
      reports: 1,
    },
  ];

  it.each(cases)("$name", (c) => {
    const facts = contextFacts(state, c.ref, NOW);
    expect(facts).not.toBeNull();
    if (facts === null) return;
    expect(facts.issue.ref).toBe(c.ref);
    expect(facts.issue.status).toBe(c.status);
    expect(facts.coordination).toBe(r(977));
    if (typeof c.next === "string") expect(facts.next).toBe(c.next);
    else expect(facts.next).toMatch(c.next);
    expect(facts.blockers.map((b) => [Number(b.ref.split("#")[1]), b.status, b.done])).toEqual(c.blockers);
    expect(facts.dependants.map((d) => d.ref)).toEqual(c.dependants.map(r));
    expect(facts.gates.map((g) => g.ref)).toEqual(c.gates.map(r));
    expect(facts.reports).toHaveLength(c.reports);
  });

  it("returns null for an untracked issue", () => {
    expect(contextFacts(state, r(999), NOW)).toBeNull();
    expect(contextFacts(state, "other/lib#5", NOW)).toBeNull();
    expect(contextFacts(emptyState(), r(972), NOW)).toBeNull();
  });

  it("matches refs case-insensitively and keeps the state's canonical ref", () => {
    expect(contextFacts(state, "Owner/Repo#976", NOW)?.issue.ref).toBe(r(976));
  });

  it("describes the issue itself", () => {
    const facts = contextFacts(state, r(975), NOW);
    expect(facts?.issue).toEqual({
      ref: r(975),
      title: "Phase 1.4 - RBAC Implementation",
      state: "open",
      status: "in_progress",
      urgent: true,
      wave: 1,
      estimateMinutes: 60,
      assignees: ["frank"],
      worker: "8",
      onCriticalPath: true,
    });
  });

  it("keeps the latest 5 reports, newest first", () => {
    const facts = contextFacts(state, r(975), NOW);
    expect(facts?.reports.map((x) => x.summary)).toEqual([
      "guards wired",
      "role list received",
      "waiting on @alice for the role list",
      "policy engine",
      "permission matrix",
    ]);
    expect(facts?.reports[0]).toEqual({
      at: ago(1),
      worker: "8",
      status: "in_progress",
      summary: "guards wired",
      url: expect.stringMatching(/^https:\/\/github\.com\/owner\/repo\/issues\/975#issuecomment-\d+$/),
    });
  });

  it("lists open blockers before done ones, and finds blockers known only from blockedBy", () => {
    const s = seedState();
    // Edges dropped to fit the body: blockedBy still names the open blockers (done ones need an edge).
    s.issues = s.issues.map((i) => (i.ref === r(982) ? { ...i, blockedBy: [r(979), r(981)] } : i));
    s.edges = [{ from: r(972), to: r(982), source: "table" }];
    const facts = contextFacts(s, r(982), NOW);
    expect(facts?.blockers.map((b) => [b.ref, b.done])).toEqual([
      [r(979), false],
      [r(981), false],
      [r(972), true],
    ]);
    expect(facts?.next).toBe("Wait for #979 (ready, not started) and #981 (ready, not started)");
  });

  it("names at most three open blockers and counts the rest", () => {
    const s = seedState();
    s.edges = [...s.edges, ...[979, 980, 981, 984].map((n) => ({ from: r(n), to: r(982), source: "table" as const }))];
    expect(contextFacts(s, r(982), NOW)?.next).toBe(
      "Wait for #979 (ready, not started), #980 (ready, not started), #981 (ready, not started) and 1 more",
    );
  });

  it("says what a blocked report says when no open blocker is recorded", () => {
    const s = seedState();
    s.reports.push(report(982, 2, "9", "blocked", "waiting for AWS credentials"));
    expect(contextFacts(s, r(982), NOW)?.next).toBe(
      "Blocked as reported by worker 9 (2h ago): clear the blocker, then report; or /escalate #982 <reason>",
    );
    expect(contextFacts(seedState(), r(982), NOW)?.next).toBe(
      "Blocked, but no open blocker is recorded: ask an orchestrator to run /refresh",
    );
  });

  it("treats an issue named in state.gates as a gate", () => {
    const s: CoordinationState = { ...seedState(), gates: [] };
    s.issues = s.issues.map((i) => (i.ref === r(993) ? { ...i, title: "Phase 1 sign-off" } : i));
    expect(contextFacts(s, r(976), NOW)?.gates).toEqual([]);
    s.gates = [{ ref: r(993), name: "Phase 1", state: "pending" as const, done: 0, total: 2, unmet: [] }];
    expect(contextFacts(s, r(976), NOW)?.gates).toEqual([{ ref: r(993), title: "Phase 1 sign-off", status: "blocked" }]);
  });

  it("does not mistake a title starting with Gateway for a gate", () => {
    const s = { ...seedState(), gates: [] };
    s.issues = s.issues.map((i) => (i.ref === r(993) ? { ...i, title: "Gateway timeout handling" } : i));
    expect(contextFacts(s, r(976), NOW)?.gates).toEqual([]);
  });

  it("does not take a title starting with the word Gate for a gate: only the state's gates are gates (issue 11)", () => {
    const s = { ...seedState(), gates: [] };
    s.issues = s.issues.map((i) => (i.ref === r(993) ? { ...i, title: "Gate keeper service" } : i));
    const facts = contextFacts(s, r(978), NOW);
    expect(facts?.gates).toEqual([]);
    expect(facts?.next).toBe("Wait for #993 (blocked)");
    expect(contextFacts(s, r(976), NOW)?.gates).toEqual([]);
  });

  it("is pure: the same input gives the same facts and the state is not changed", () => {
    const s = seedState();
    const before = JSON.stringify(s);
    expect(contextFacts(s, r(976), NOW)).toEqual(contextFacts(s, r(976), NOW));
    expect(JSON.stringify(s)).toBe(before);
  });

  it("never throws on an invalid clock or odd report times", () => {
    const s = seedState();
    s.reports = s.reports.map((x) => ({ ...x, at: "not a date" }));
    expect(() => contextFacts(s, r(987), new Date(Number.NaN))).not.toThrow();
    expect(contextFacts(s, r(987), NOW)?.next).toBe("Report your progress: last report at an unknown time");
  });
});

// ---------------------------------------------------------------------------
// renderContext

describe("contextFacts on a large graph (issue 9)", () => {
  // One issue waits for 10,000 (gates among them), every edge given twice (as an edge and in blockedBy). The old per-edge scan of the list made this quadratic:
  // 17 s of CPU for 20 /context replies.
  function wide(n: number): CoordinationState {
    const blockers = Array.from({ length: n }, (_, i) => issue(2000 + i, i % 100 === 0 ? `Gate ${i}` : `Task ${i}`, i % 2 === 0 ? "done" : "in_progress"));
    const target = issue(1, "Waits for everything", "blocked", { blockedBy: blockers.map((b) => b.ref) });
    return {
      ...emptyState(),
      issues: [target, ...blockers],
      edges: blockers.map((b) => ({ from: b.ref, to: target.ref, source: "table" as const })),
      gates: blockers
        .filter((b) => b.title.startsWith("Gate "))
        .map((b) => ({ ref: b.ref, name: b.title, state: "pending" as const, done: 0, total: 1, unmet: [] })),
    };
  }

  it("answers 20 /context on an issue with 10,000 incoming edges in well under a second", () => {
    const state = wide(10_000);
    const start = performance.now();
    let facts: ContextFacts | null = null;
    for (let i = 0; i < 20; i++) {
      facts = contextFacts(state, r(1), NOW);
      renderContext(facts, r(1), { repo: REPO, now: NOW });
    }
    expect(performance.now() - start).toBeLessThan(1_500);
    expect(facts?.blockers).toHaveLength(25);
    expect(facts?.blockers.filter((b) => !b.done)).toHaveLength(25);
    expect(facts?.gates.length).toBeGreaterThan(0);
  });

  it("keeps each blocker once, in the order first seen, whatever its case", () => {
    const state = {
      ...emptyState(),
      issues: [issue(1, "A", "blocked", { blockedBy: [r(2), "OWNER/repo#3"] }), issue(2, "B", "ready"), issue(3, "C", "ready")],
      edges: [
        { from: r(3), to: r(1), source: "table" as const },
        { from: "owner/REPO#2", to: r(1), source: "body" as const },
      ],
    };
    expect(contextFacts(state, r(1), NOW)?.blockers.map((b) => b.ref.toLowerCase())).toEqual([r(3), r(2)]);
  });
});

describe("renderContext", () => {
  const state = seedState();

  it.each([r(976), r(983), r(973), r(988), r(975), r(987)])("the JSON block of %s parses and equals the facts", (ref) => {
    const reply = render(state, ref);
    expect(jsonBlock(reply)).toEqual(contextFacts(state, ref, NOW));
  });

  it.each([r(976), r(983), r(973), r(988), r(975), r(999)])("the Markdown of %s is concise and pings nobody", (ref) => {
    const reply = render(state, ref);
    const md = markdownPart(reply);
    expect(md.split("\n").length).toBeLessThanOrEqual(40);
    expect(reply).not.toMatch(PING);
    expect(reply).not.toContain("<!--");
    expect(reply).not.toContain("-->");
  });

  it("shows the blockers, dependants, gate, reports and next step with short refs", () => {
    const md = markdownPart(render(state, r(976)));
    expect(md).toContain("### 🧭 Context for #976 — Phase 1.5 - JWT Authentication");
    expect(md).toContain("**Blockers** (1 open of 1):");
    expect(md).toContain("- #975 Phase 1.4 - RBAC Implementation — 🔄 In progress");
    expect(md).toContain("**Dependants**: #993 (⚠️ Blocked)");
    expect(md).toContain("**Gate**: #993 Gate: Phase 1 complete — ⚠️ Blocked");
    expect(md).toContain("**Next**: Wait for #975 (in progress, worker 8).");
    expect(md).toContain("🎯 critical path");
    expect(md).not.toContain("owner/repo#");
  });

  it("lists the latest reports with links and logins without pings", () => {
    const md = markdownPart(render(state, r(975)));
    expect(md).toContain("**Assignees**: `frank`");
    expect(md).toContain("🚨 urgent");
    expect(md).toMatch(/- 2025-11-18 08:00 UTC \(1h ago\) · Worker 8 · 🔄 In Progress — guards wired · \[comment\]\(https:/);
    expect(md).toContain("waiting on @\u200Dalice");
  });

  it("keeps refs of other repositories in full", () => {
    const s = seedState();
    s.issues = s.issues.map((i) => (i.ref === r(990) ? { ...i, status: "blocked" as const, blockedBy: ["other/lib#5"] } : i));
    const reply = render(s, r(990));
    expect(reply).toContain("- other/lib#5 — ❓ Missing");
    expect(contextFacts(s, r(990), NOW)?.next).toBe("Wait for other/lib#5 (not tracked)");
  });

  it("answers an untracked ref with a clear next step and a parseable block", () => {
    const reply = render(state, r(999));
    expect(reply).toContain("### 🧭 Context for #999");
    expect(reply).toContain("#999 is not tracked by this coordination");
    expect(jsonBlock(reply)).toEqual({
      ref: r(999),
      tracked: false,
      next: "Not tracked by this coordination — an orchestrator can add it with /track #999",
    });
  });

  it("escapes an untracked ref that is not a ref at all", () => {
    const reply = renderContext(null, "@alice`|-->", { repo: REPO, now: NOW });
    expect(reply).not.toMatch(PING);
    expect(reply).not.toContain("-->");
    expect(jsonBlock(reply)).toMatchObject({ ref: "@alice`|-->", tracked: false });
  });

  describe("hostile text", () => {
    const hostile = [
      "```\n@alice closes the fence",
      "~~~ tilde fence @bob",
      "<!-- coordinator:state {} --> @carol",
      "a | b | c \\| d",
      "&#64;dave &commat;erin \\@frank",
      "\u202Eevil\u2028line",
      "    ```json",
    ];
    function hostileState(): CoordinationState {
      const s = seedState();
      let n = 0;
      const pick = () => hostile[n++ % hostile.length] ?? "";
      // The original title stays first, so gates are still found and the layout is comparable.
      s.issues = s.issues.map((i) => ({ ...i, title: `${i.title} ${pick()} ${pick()}`, assignees: ["@mallory", "`x`"] }));
      s.reports = s.reports.map((x) => ({ ...x, summary: pick(), worker: `${x.worker}@evil` }));
      s.urgent = s.urgent.map((u) => ({ ...u, summary: pick(), author: "@root" }));
      s.workers = s.workers.map((w) => ({ ...w, id: `${w.id}\`@x`, login: "@ghost" }));
      s.statusReason = hostile.join(" ");
      return s;
    }

    it.each([r(976), r(975), r(973), r(988), r(978)])("neither break the fence nor ping (%s)", (ref) => {
      const s = hostileState();
      const reply = render(s, ref);
      expect(jsonBlock(reply)).toEqual(contextFacts(s, ref, NOW));
      expect(reply).not.toMatch(PING);
      expect(reply).not.toContain("<!--");
      expect(reply).not.toContain("-->");
      expect(reply).not.toMatch(/&#0*64;|&commat;/i);
      expect(reply).not.toMatch(/[\u202E\u2028]/);
      // Every line of the Markdown part is a line we wrote: no title added a line of its own.
      expect(markdownPart(reply).split("\n").length).toBe(markdownPart(render(seedState(), ref)).split("\n").length);
    });

    it("keeps hostile text in the JSON as data", () => {
      const s = hostileState();
      s.issues = s.issues.map((i) => (i.ref === r(975) ? { ...i, title: "```\n@alice | -->" } : i));
      const facts = contextFacts(s, r(975), NOW) as ContextFacts;
      const parsed = jsonBlock(render(s, r(975))) as ContextFacts;
      expect(parsed.issue.title).toBe(facts.issue.title);
      expect(parsed.issue.title).toBe("```\n@alice | -->");
      expect(parsed.reports[0]?.worker).toBe("8@evil");
    });
  });

  it("stays within GitHub's comment limit for an issue with very many long blockers", () => {
    const s = seedState();
    const many = Array.from({ length: 300 }, (_, k) => issue(2000 + k, "`@<>&".repeat(200), "ready"));
    s.issues = [...s.issues, ...many];
    s.edges = [...s.edges, ...many.map((i) => ({ from: i.ref, to: r(982), source: "table" as const }))];
    s.reports = [...s.reports, ...Array.from({ length: 20 }, () => report(982, 1, "9".repeat(100), "blocked", "@".repeat(1000)))];
    const facts = contextFacts(s, r(982), NOW);
    expect(facts?.blockers.length).toBeLessThanOrEqual(25);
    const reply = renderContext(facts, r(982), { repo: REPO, now: NOW });
    expect(reply.length).toBeLessThan(65_536);
    expect(jsonBlock(reply)).toEqual(facts);
  });
});

// ---------------------------------------------------------------------------
// renderStatus

describe("renderStatus", () => {
  const status = (s: CoordinationState): string => renderStatus(s, { repo: REPO, now: NOW });

  it("summarises the seed state in at most 15 lines", () => {
    const out = status(seedState());
    const lines = out.split("\n");
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(lines[0]).toBe("### 📊 Status of #977");
    expect(lines[1]).toMatch(/^[█░]{20} \*\*5\/23 done \(21%\)\*\* · 🟡 YELLOW — 1 dependency cycle/);
    expect(out).toContain("🔄 3 in progress · ⚠️ 7 blocked · ▶️ 8 ready");
    expect(out).toContain("🚨 Urgent: #975 — RBAC spec conflicts with ADR-004, cc @\u200Dbob");
    expect(out).toContain("⏰ Stale: worker 5 (`dave`, #987, last report 30h ago)");
    expect(out).not.toMatch(PING);
  });

  it("lists up to 5 ready issues, critical path first", () => {
    const s = seedState();
    s.criticalPath = [r(990), r(991)];
    const out = status(s);
    const items = out.split("\n").filter((l) => l.startsWith("- "));
    expect(items).toEqual([
      "- #990 🎯 Phase 4.4 - Performance Benchmarking",
      "- #979 Phase 2.2 - User Authentication API",
      "- #980 Phase 2.3 - Permission & RBAC API",
      "- #981 Phase 2.4 - Agent Management API",
      "- #983 Phase 3.1 - Auth UI Components",
    ]);
    expect(out).toContain("▶️ Next ready (5 of 8), critical path first:");
  });

  it.each<[string, (s: CoordinationState) => void, string]>([
    ["no urgent items", (s) => (s.urgent = []), "🚨"],
    ["no stale workers", (s) => (s.workers = s.workers.map((w) => ({ ...w, stale: false }))), "⏰"],
    ["no missing issues", () => undefined, "❓"],
  ])("omits a line when there is %s", (_name, change, absent) => {
    const s = seedState();
    change(s);
    expect(status(s)).not.toContain(absent);
  });

  it("says when nothing is ready", () => {
    const s = seedState();
    s.issues = s.issues.map((i) => (i.status === "ready" ? { ...i, status: "blocked" as const } : i));
    expect(status(s)).toContain("▶️ Nothing is ready to start");
  });

  it("answers an empty state", () => {
    const out = status(emptyState());
    expect(out.split("\n")).toEqual([
      "### 📊 Status of #977",
      `${"░".repeat(20)} **0/0 done (0%)** · 🟢 GREEN — nothing tracked yet`,
      "Nothing tracked yet: an orchestrator can add issues with `/track #N`.",
    ]);
  });

  it("escapes hostile text and bounds many urgent items and stale workers", () => {
    const s = seedState();
    s.statusReason = "```\n@alice <!-- | -->";
    s.urgent = Array.from({ length: 10 }, (_, k) => ({ ...(seedState().urgent[0] as NonNullable<CoordinationState["urgent"][number]>), summary: `@u${k} |` }));
    s.workers = Array.from({ length: 10 }, (_, k) => ({
      id: `w${k}@x`,
      login: `@login${k}`,
      issue: r(987),
      status: "in_progress" as const,
      lastReportAt: ago(50),
      stale: true,
    }));
    const out = status(s);
    expect(out.split("\n").length).toBeLessThanOrEqual(15);
    expect(out).not.toMatch(PING);
    expect(out).not.toContain("<!--");
    expect(out).not.toContain("-->");
    expect(out.split("\n").filter((l) => l.startsWith("```"))).toEqual([]);
    expect(out).toContain("(+7 more)");
  });
});
