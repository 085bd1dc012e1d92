import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_THRESHOLDS, type SynthesisThresholds } from "../../src/domain/go-no-go.js";
import { renderSynthesis, SYNTHESIS_MAX_CHARS, type SynthesisInput } from "../../src/domain/synthesis.js";
import { parseSynthesisMarker, synthesisMarker } from "../../src/domain/synthesis-marker.js";
import { oddStateArb } from "./state-arbitraries.js";
import { ago, done, issue, key, NOW, PINGS, REPO, report, standup, state, urgent, worker } from "./synthesis-fixtures.js";
import type {
  CoordinationState,
  StateIssue,
  StateReport,
  StateUrgent,
  StateWorker,
} from "../../src/domain/types.js";

function input(s: CoordinationState, over: Partial<SynthesisInput> = {}): SynthesisInput {
  return { state: s, now: NOW, timeZone: "UTC", staleAfterHours: 24, previousAt: null, repo: REPO, ...over };
}

const render = (s: CoordinationState, over: Partial<SynthesisInput> = {}): string => renderSynthesis(input(s, over));

/** The lines of one bold-titled section, up to the next blank-line-separated section title. */
function sectionOf(body: string, title: string): string {
  const start = body.indexOf(`**${title}`);
  if (start < 0) return "";
  const rest = body.slice(start);
  const next = rest.slice(2).search(/\n\n\*\*|\n\n<sub>/);
  return next < 0 ? rest : rest.slice(0, next + 2);
}


// ---------------------------------------------------------------------------

describe("the day and its marker in the body", () => {
  it("puts the zone's date in the heading", () => {
    const s = state({ issues: [issue(1)] });
    const late = new Date("2025-11-18T23:30:00Z");
    expect(render(s, { now: late, timeZone: "Asia/Tokyo" })).toContain("## Team Status - 2025-11-19\n");
    expect(render(s, { now: late, timeZone: "America/New_York" })).toContain("## Team Status - 2025-11-18\n");
    const fallBack = new Date("2025-11-03T04:30:00Z");
    const body = render(s, { now: fallBack, timeZone: "America/New_York" });
    expect(body).toContain("## Team Status - 2025-11-02\n");
    expect(body).toContain("As of 2025-11-02 23:30 America/New_York.");
    expect(parseSynthesisMarker(body)).toEqual({ date: "2025-11-02", at: "2025-11-03T04:30:00.000Z" });
  });

  it("round-trips through render and parse, and the body starts with the day's marker", () => {
    const body = render(state({ issues: [issue(1)] }));
    expect(body.split("\n")[0]).toBe(synthesisMarker("2025-11-18", NOW.toISOString()));
    expect(body.startsWith(synthesisMarker("2025-11-18"))).toBe(true);
    expect(body.startsWith(synthesisMarker("2025-11-17"))).toBe(false);
    expect(parseSynthesisMarker(body)).toEqual({ date: "2025-11-18", at: "2025-11-18T09:00:00.000Z" });
  });
});

describe("renderSynthesis content", () => {
  it("opens like the seeds: heading, overall progress with bar and percentage", () => {
    const s = state({ issues: [done(1), done(2), issue(3), issue(4), issue(5)] });
    const body = render(s);
    const lines = body.split("\n");
    expect(lines[2]).toBe("## Team Status - 2025-11-18");
    expect(body).toContain("**Overall Progress**: ████████░░░░░░░░░░░░ 40% complete (2/5 done)");
    expect(body).toContain("**Go/No-Go Status**: 🟢 GREEN — ");
    // Always-shown sections say None; the optional ones are left out.
    expect(body).toContain("**Completed in the last 24h**: None");
    expect(body).toContain("**In Progress**: None");
    expect(body).toContain("**Blocked**: None");
    expect(body).not.toContain("Urgent");
    expect(body).not.toContain("Stale workers");
    expect(body).not.toContain("**Phases**");
  });

  it("lists what was completed since the previous synthesis, with worker and duration", () => {
    const s = state({
      issues: [done(1), done(2), done(3), issue(4)],
      reports: [
        report({ worker: "1", issue: key(1), status: "complete", at: ago(30), durationMinutes: 60 }),
        report({ worker: "2", issue: key(2), status: "complete", at: ago(10), durationMinutes: 150 }),
        report({ worker: "3", issue: key(3), status: "complete", at: ago(2) }),
        report({ worker: "4", issue: key(4), status: "in_progress", at: ago(1) }),
      ],
    });
    const previousAt = ago(12); // 2025-11-17 21:00 UTC
    const body = render(s, { previousAt });
    const completed = sectionOf(body, "Completed since the previous synthesis");
    expect(completed).toContain("**Completed since the previous synthesis (2025-11-17 21:00)** (2):");
    expect(completed).toContain("- ✅ Worker 2 · #2 Task 2 · 2h 30m · 2025-11-17 23:00");
    expect(completed).toContain("- ✅ Worker 3 · #3 Task 3 · 2025-11-18 07:00");
    expect(completed).not.toContain("#1 ");
    expect(completed).not.toContain("#4 ");
    // Newest first.
    expect(completed.indexOf("#3 Task 3")).toBeLessThan(completed.indexOf("#2 Task 2"));

    // A later previous synthesis narrows the list; without one, the last 24h count.
    expect(sectionOf(render(s, { previousAt: ago(5) }), "Completed since")).not.toContain("#2 Task 2");
    const lastDay = sectionOf(render(s, { previousAt: null }), "Completed in the last 24h");
    expect(lastDay).toContain("(2):");
    expect(lastDay).not.toContain("#1 Task 1");
    const sinceLong = sectionOf(render(s, { previousAt: ago(48) }), "Completed since");
    expect(sinceLong).toContain("(3):");
  });

  it("shows in-progress work with the ETA of the worker's latest standup, else the estimate", () => {
    const s = state({
      issues: [
        issue(10, { status: "in_progress", worker: "2" }),
        issue(11, { status: "in_progress", worker: "5", estimateMinutes: 240 }),
        issue(12, { status: "in_progress", assignees: ["@octocat"] }),
        issue(13, { status: "in_progress", worker: "6" }),
      ],
      reports: [
        standup({ worker: "2", issue: key(10), at: ago(3), durationMinutes: 180 }),
        standup({ worker: "2", issue: key(10), at: ago(20), durationMinutes: 600 }),
        // A standup about another issue says nothing about #11.
        standup({ worker: "5", issue: key(99), at: ago(1), durationMinutes: 30 }),
        // A standup naming no issue speaks for the worker's issue when it is the latest.
        standup({ worker: "6", issue: null, at: ago(2), durationMinutes: 45 }),
        standup({ worker: "6", issue: key(13), at: ago(4), durationMinutes: 600 }),
      ],
    });
    const section = sectionOf(render(s), "In Progress");
    expect(section).toContain("- 🔄 Worker 2 · #10 Task 10 · ETA 3h (standup 2025-11-18 06:00)");
    expect(section).toContain("- 🔄 Worker 5 · #11 Task 11 · no ETA reported, estimate 4h");
    expect(section).toContain("- 🔄 `octocat` · #12 Task 12 · no ETA reported");
    expect(section).toContain("- 🔄 Worker 6 · #13 Task 13 · ETA 45m (standup 2025-11-18 07:00)");
  });

  it("shows blocked issues with their blockers and for how long they have been blocked", () => {
    const s = state({
      issues: [
        issue(20, { status: "in_progress" }),
        issue(21, { status: "blocked", blockedBy: [key(20)] }),
        issue(22, { status: "blocked", blockedBy: [key(20)] }),
        issue(23, { status: "blocked" }),
      ],
      reports: [
        report({ worker: "4", issue: key(21), status: "blocked", at: ago(5), blockers: [key(20)] }),
        report({ worker: "4", issue: key(21), status: "blocked", at: ago(2), blockers: [key(20)] }),
        report({ worker: "4", issue: key(21), status: "in_progress", at: ago(9) }),
        report({ worker: "6", issue: key(23), status: "blocked", at: ago(50) }),
      ],
    });
    const section = sectionOf(render(s), "Blocked");
    expect(section).toContain("**Blocked** (3):");
    const lines = section.split("\n").filter((l) => l.startsWith("- "));
    // Stuck issues first (longest blocked first), then issues waiting on dependencies.
    expect(lines[0]).toMatch(/^- ⚠️ #23 Task 23 · blocked \(no blocking issue named\) · blocked for 2d 2h \(since 2025-11-16 07:00\) · Worker 6 · \[report\]\(https:/);
    // The run of Blocked reports started 5h ago (the earlier In Progress report ends it).
    expect(lines[1]).toMatch(/^- ⚠️ #21 Task 21 · blocked by #20 · blocked for 5h \(since 2025-11-18 04:00\) · Worker 4 · \[report\]/);
    expect(lines[2]).toBe("- ⏳ #22 Task 22 · waiting on #20");
  });

  it("lists stale workers by the configured hours, recomputed for the synthesis clock", () => {
    const s = state({
      issues: [issue(30, { status: "in_progress" })],
      workers: [
        worker("1", { lastReportAt: ago(30), issue: key(30), stale: false }),
        worker("2", { lastReportAt: ago(30), status: "complete" }),
        worker("3", { lastReportAt: ago(2), stale: true }),
        worker("4", { lastReportAt: ago(60) }),
      ],
    });
    const body = render(s, { staleAfterHours: 24 });
    const section = sectionOf(body, "Stale workers");
    expect(section).toContain("**Stale workers (no report for 24h)** (2):");
    // Longest silent first.
    expect(section).toContain(
      "- ⏰ Worker 4 (`agent-4`) · last report 2025-11-15 21:00 (2d 12h ago)\n- ⏰ Worker 1 (`agent-1`) · last report 2025-11-17 03:00 (30h ago) · on #30 Task 30",
    );
    expect(section).not.toContain("Worker 2");
    expect(section).not.toContain("Worker 3");
    expect(body).toContain("🟡 YELLOW — 2 stale workers (Worker 1, Worker 4)");

    const relaxed = render(s, { staleAfterHours: 48 });
    expect(sectionOf(relaxed, "Stale workers")).toContain("(1):");
    expect(sectionOf(relaxed, "Stale workers")).not.toContain("Worker 1 ");
    expect(render(s, { staleAfterHours: 72 })).not.toContain("Stale workers");
  });

  it("sets next 24h goals from ready issues, critical path first, then by wave", () => {
    const s = state({
      issues: [
        issue(40, { wave: 2 }),
        issue(41, { wave: 1, estimateMinutes: 90 }),
        issue(42, { wave: 3, assignees: ["dev"] }),
        issue(43, { wave: 3 }),
        issue(44, { status: "blocked", blockedBy: [key(43)] }),
        done(45),
      ],
      criticalPath: [key(43), key(44)],
    });
    const section = sectionOf(render(s), "Next 24h Goals");
    const lines = section.split("\n").filter((l) => l.startsWith("- "));
    expect(lines).toEqual([
      "- 🎯 #43 Task 43 · wave 3 · critical path",
      "- ▶️ #41 Task 41 · estimate 1h 30m · wave 1",
      "- ▶️ #40 Task 40 · wave 2",
      "- ▶️ #42 Task 42 · wave 3 · `dev`",
    ]);
    expect(render(state({ issues: [done(1)] }))).toContain("**Next 24h Goals**: no issue is ready to start");
  });

  it("shows open urgent items and leaves out those whose issue is done", () => {
    const s = state({
      issues: [issue(50, { status: "in_progress", urgent: true }), done(51, { urgent: true })],
      urgent: [urgent(50), urgent(51, { summary: "fixed already" })],
    });
    const section = sectionOf(render(s), "🚨 Urgent");
    expect(section).toContain(
      "- 🚨 #50 Task 50 — Database migration failed — `agent-1`, 2025-11-18 07:00 · [comment](https://github.com/acme/app/issues/977#issuecomment-5050)",
    );
    expect(section).not.toContain("fixed already");
  });

  it("shows per-phase progress from the phase of each issue's latest report", () => {
    const s = state({
      issues: [done(60), issue(61, { status: "in_progress" }), done(62), issue(63)],
      reports: [
        report({ issue: key(60), status: "complete", phase: "Phase 10", at: ago(3) }),
        report({ issue: key(61), status: "in_progress", phase: "Phase 2.1", at: ago(4) }),
        report({ issue: key(62), status: "complete", phase: "Phase 2.1", at: ago(1) }),
        report({ issue: key(62), status: "in_progress", phase: "Phase 1", at: ago(8) }),
      ],
    });
    const section = sectionOf(render(s), "Phases");
    expect(section).toContain("- Phase 2.1: █████░░░░░ 1/2 (50%)\n- Phase 10: ██████████ 1/1 (100%)");
    expect(section).not.toContain("Phase 1:");
    expect(section).toContain("1 issue without a reported phase.");
  });

  it("writes refs outside the coordination's repository in full", () => {
    const s = state({ issues: [issue(1, { ref: "other/lib#7", number: 7 })] });
    expect(sectionOf(render(s), "Next 24h Goals")).toContain("- ▶️ other/lib#7 Task 1");
  });
});

describe("the Go/No-Go in the body", () => {
  const calm = () =>
    state({
      issues: [done(1), issue(2, { status: "in_progress", worker: "1" }), issue(3, { status: "blocked", blockedBy: [key(2)] })],
      criticalPath: [key(2), key(3)],
      workers: [worker("1")],
    });

  it("is the colour the synthesis shows, with the rule, and the rules are spelled out", () => {
    const s = { ...calm(), urgent: [urgent(2)] };
    const body = render(s, { thresholds: { ...DEFAULT_THRESHOLDS, yellowOnStaleWorkers: 3 } });
    expect(body).toContain("**Go/No-Go Status**: 🔴 RED — urgent item open on #2");
    expect(body).toContain(
      "<sub>RED on an open urgent item, a blocked issue on the critical path, a NO-GO gate; YELLOW on 3 stale workers or more, 1 blocked issue or more off the critical path, a dependency cycle; GREEN otherwise.",
    );
    const off = render(s, {
      thresholds: {
        redOnUrgent: false,
        redOnBlockedCriticalPath: false,
        redOnRejectedGate: false,
        yellowOnStaleWorkers: 0,
        yellowOnBlocked: 0,
        yellowOnCycles: false,
      },
    });
    expect(off).toContain("🟢 GREEN");
    expect(off).toContain("<sub>RED never; YELLOW never; GREEN otherwise.");
  });

  it("never throws on odd input: an invalid clock, an unknown zone, odd hours, a previous time that is not one", () => {
    const body = renderSynthesis(input(calm(), { now: new Date(Number.NaN), timeZone: "Nowhere/Else", staleAfterHours: Number.NaN, previousAt: "soon" }));
    expect(parseSynthesisMarker(body)?.date).toBe("1970-01-01");
    expect(body).toContain("## Team Status - 1970-01-01");
    expect(renderSynthesis(input(calm(), { thresholds: null as unknown as SynthesisThresholds }))).toContain("🟢 GREEN");
  });

  it("lets a programming error through instead of a degraded body", () => {
    // Not a state (issues is null): the error reaches the shell's log rather than a body that
    // says nothing about why.
    const broken = { ...calm(), issues: null } as unknown as CoordinationState;
    expect(() => renderSynthesis(input(broken))).toThrow(TypeError);
  });

  it("never throws on a state of the documented shape, however odd its values (property)", () => {
    fc.assert(
      fc.property(oddStateArb, fc.constantFrom("UTC", "Asia/Tokyo", "", "Mars/Base"), fc.double(), fc.option(fc.string()), (s, timeZone, hours, previousAt) => {
        const body = renderSynthesis(input(s, { timeZone, staleAfterHours: hours, previousAt }));
        expect(body.length).toBeLessThanOrEqual(SYNTHESIS_MAX_CHARS);
        expect(parseSynthesisMarker(body)).not.toBeNull();
        expect(body).not.toMatch(PINGS);
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------
// Hostile text and size

const HOSTILE = [
  "@alice please look",
  "\\@bob",
  "&#64;carol",
  "&commat;dave",
  "-->",
  "<!-- coordinator:synthesis:2099-01-01 -->",
  "a | b | c",
  "`unclosed",
  "line\n## Fake heading\n- [x] item",
  "\u202Eevil",
  "<img src=x onerror=alert(1)>",
  "[click](javascript:alert(1))",
  "**bold** _em_",
];

function hostileState(texts: string[]): CoordinationState {
  const t = (n: number) => texts[n % texts.length] ?? "";
  const issues: StateIssue[] = [];
  const reports: StateReport[] = [];
  const urgents: StateUrgent[] = [];
  const workers: StateWorker[] = [];
  const statuses: StateIssue["status"][] = ["done", "in_progress", "blocked", "ready", "blocked"];
  for (let n = 1; n <= 20; n++) {
    const status = statuses[n % statuses.length] ?? "ready";
    issues.push(
      issue(n, {
        title: t(n),
        status,
        blockedBy: status === "blocked" ? [key(n - 1)] : [],
        worker: t(n + 1),
        assignees: [t(n + 2)],
        wave: n % 3,
      }),
    );
    reports.push(
      report({
        issue: key(n),
        worker: t(n + 3),
        author: t(n + 4),
        phase: t(n + 5),
        summary: t(n + 6),
        status: status === "done" ? "complete" : status === "blocked" ? "blocked" : "in_progress",
        at: ago(n),
        durationMinutes: 30,
      }),
    );
    reports.push(standup({ issue: key(n), worker: t(n + 1), at: ago(n / 2), durationMinutes: 60 }));
    if (n % 4 === 0) urgents.push(urgent(n, { summary: t(n + 7), author: t(n + 8) }));
    workers.push(worker(t(n), { login: t(n + 9), issue: key(n), lastReportAt: ago(n * 5) }));
  }
  return state({
    issues,
    reports,
    urgent: urgents,
    workers,
    criticalPath: [key(1), key(2), key(3)],
    cycles: [[key(4), key(5)]],
    gates: [{ name: t(0), ref: key(900), state: "no-go", done: 0, total: 1, unmet: [t(1)] }],
  });
}

function assertSafe(body: string): void {
  expect(body).not.toMatch(PINGS);
  // Our two hidden comments on the first line, and no other comment opened or closed.
  expect(body.match(/<!--/g)?.length).toBe(2);
  expect(body.match(/-->/g)?.length).toBe(2);
  expect(parseSynthesisMarker(body)).toEqual({ date: "2025-11-18", at: NOW.toISOString() });
  // Raw HTML from user text never survives: the only tags are ours.
  expect(body.replace(/<\/?sub>/g, "").replace(/<!--[^\n]*?-->/g, "")).not.toMatch(/<[A-Za-z/!]/);
  // Headings and list items are only ours: every line is one we start.
  for (const line of body.split("\n").slice(1)) {
    if (line.startsWith("#")) expect(line).toMatch(/^## Team Status - \d{4}-\d{2}-\d{2}$/);
  }
  expect(body).not.toMatch(/\u202E/);
}

describe("hostile text", () => {
  it("neither pings nor breaks the Markdown or the marker", () => {
    const body = render(hostileState(HOSTILE));
    assertSafe(body);
    // Escaped, not dropped.
    expect(body).toContain("@\u200Dalice please look");
    expect(body).toContain("a \\| b \\| c");
    expect(body).toContain("--&gt;");
    expect(body).toContain("line ## Fake heading - \\[x\\] item");
  });

  it("holds for any text (property)", () => {
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), fc.constantFrom(...HOSTILE));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 12 }), (texts) => {
        assertSafe(render(hostileState(texts)));
      }),
      { numRuns: 60 },
    );
  });
});

describe("size", () => {
  it("stays under the cap with 2,000 issues, saying how many more there are", () => {
    const statuses: StateIssue["status"][] = ["done", "in_progress", "blocked", "ready"];
    const long = "Ünïcödé title with | pipes and @mentions ".repeat(10);
    const issues = Array.from({ length: 2000 }, (_, k) => {
      const n = k + 1;
      const status = statuses[n % 4] ?? "ready";
      return issue(n, {
        title: `${long}${n}`,
        status,
        blockedBy: status === "blocked" ? Array.from({ length: 30 }, (_, b) => key(((n + b) % 2000) + 1)) : [],
        worker: `w${n % 300}`,
        wave: n % 40,
        estimateMinutes: 60,
      });
    });
    const reports = issues.map((i, k) =>
      report({
        issue: i.ref,
        worker: `w${k % 300}`,
        status: i.status === "done" ? "complete" : i.status === "blocked" ? "blocked" : "in_progress",
        phase: `Phase ${k % 100} ${long}`,
        at: ago((k % 20) + 1),
      }),
    );
    const workers = Array.from({ length: 300 }, (_, k) => worker(`w${k}`, { lastReportAt: ago(48), login: `login-${k}` }));
    const s = state({
      issues,
      reports,
      workers,
      urgent: issues.filter((i) => i.status !== "done").slice(0, 400).map((i) => urgent(i.number, { summary: long })),
      criticalPath: issues.filter((i) => i.status !== "done").slice(0, 500).map((i) => i.ref),
    });
    const body = render(s, { previousAt: ago(24) });
    expect(body.length).toBeLessThanOrEqual(SYNTHESIS_MAX_CHARS);
    expect(body).toMatch(/- … and \d+ more/);
    expect(body).toContain("**Blocked** (500):");
    expect(body).toContain("**In Progress** (500):");
    expect(body).toContain("## Team Status - 2025-11-18");
    expect(parseSynthesisMarker(body)?.date).toBe("2025-11-18");
    expect(body).not.toMatch(PINGS);
  });

  it("lists fewer items per section when the longest lines would not fit", () => {
    const far = (n: number) => `${"o".repeat(39)}/${"r".repeat(100)}#${n}`;
    const long = "<&>".repeat(200);
    const url = `https://github.com/${"x".repeat(400)}`;
    const statuses: StateIssue["status"][] = ["done", "in_progress", "blocked", "ready"];
    const issues = Array.from({ length: 2000 }, (_, k) =>
      issue(k + 1, {
        ref: far(k + 1),
        title: long,
        status: statuses[k % 4] ?? "ready",
        blockedBy: k % 4 === 2 ? Array.from({ length: 10 }, (_, b) => far(k + 100 + b)) : [],
        assignees: ["a".repeat(39)],
        worker: `${"w".repeat(40)}${k}`,
        estimateMinutes: 60,
        wave: k,
      }),
    );
    const s = state({
      issues,
      reports: issues.map((i, k) =>
        report({
          issue: i.ref,
          url,
          worker: i.worker ?? "",
          phase: `Phase ${k} ${long}`,
          status: i.status === "done" ? "complete" : i.status === "blocked" ? "blocked" : "in_progress",
          at: ago(k / 60),
        }),
      ),
      workers: issues.map((i) => worker(i.worker ?? "", { login: "l".repeat(39), issue: i.ref, lastReportAt: ago(200) })),
      urgent: issues.map((i, k) => urgent(k + 1, { ref: i.ref, url, author: "a".repeat(39), summary: long })),
      criticalPath: issues.slice(0, 300).map((i) => i.ref),
    });
    const body = render(s);
    expect(body.length).toBeLessThanOrEqual(SYNTHESIS_MAX_CHARS);
    const blocked = sectionOf(body, "Blocked").split("\n").filter((l) => l.startsWith("- "));
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.length).toBeLessThan(25);
    expect(blocked.at(-1)).toMatch(/^- … and \d+ more$/);
    expect(parseSynthesisMarker(body)?.date).toBe("2025-11-18");
  });
});
