// The lists of the Team Status, as renderSynthesis shows them (team-status-items.ts builds them).
import { describe, expect, it } from "vitest";
import { ago, done, issue, key, render, report, sectionOf, standup, state, urgent, worker } from "./synthesis-fixtures.js";

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

  it("lists an issue closed since the previous synthesis without a Complete report, as the progress line counts it (issue 11)", () => {
    const s = state({
      issues: [
        done(1, { worker: "5" }),
        done(2),
        done(3, { stateReason: "not_planned" }),
        done(4),
        issue(6),
      ],
      reports: [report({ worker: "4", issue: key(4), status: "complete", at: ago(3), durationMinutes: 30 })],
    });
    const closedAt = new Map([
      [key(1), ago(1)],
      [key(2), ago(20)],
      [key(3), ago(2)],
      [key(4), ago(4)],
      [key(6), null],
    ]);
    const body = render(s, { previousAt: ago(12), closedAt });
    expect(body).toContain("████████████████░░░░ 80% complete (4/5 done)");
    const completed = sectionOf(body, "Completed since the previous synthesis");
    expect(completed).toContain("(3):");
    expect(completed).toContain("- ✅ Worker 5 · #1 Task 1 · closed, no Complete report · 2025-11-18 08:00");
    expect(completed).toContain("- ✅ #3 Task 3 · closed as not planned, no Complete report · 2025-11-18 07:00");
    // Reported Complete: listed once, by its report.
    expect(completed).toContain("- ✅ Worker 4 · #4 Task 4 · 30m · 2025-11-18 06:00");
    expect(completed.match(/#4 /g)).toHaveLength(1);
    // Closed before the previous synthesis: not new.
    expect(completed).not.toContain("#2 ");
    // Newest first, reports and closes together.
    expect(completed.indexOf("#1 Task 1")).toBeLessThan(completed.indexOf("#3 Task 3"));
    expect(completed.indexOf("#3 Task 3")).toBeLessThan(completed.indexOf("#4 Task 4"));
    // Without the close times, reports only (as before).
    expect(sectionOf(render(s, { previousAt: ago(12) }), "Completed since")).toContain("(1):");
  });

  it("does not list as completed a closed issue that is not done (a gate closed by hand)", () => {
    const s = state({ issues: [issue(7, { state: "closed", stateReason: "completed", status: "blocked" })] });
    const body = render(s, { previousAt: ago(12), closedAt: new Map([[key(7), ago(1)]]) });
    expect(sectionOf(body, "Completed since")).toContain(": None");
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
