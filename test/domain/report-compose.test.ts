import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { composeReport, composeStandup, composeUrgent, type ReportFields } from "../../src/domain/report-compose.js";
import { parseComment } from "../../src/domain/report.js";

const ctx = { owner: "acme", repo: "app" };
const base: ReportFields = { worker: "3", phase: "Phase 2.1", issue: "#978", status: "complete" };

describe("composeReport", () => {
  it("renders the canonical template, which the app reads back as the same report", () => {
    const composed = composeReport(
      { ...base, duration: "2h30m", deliverables: ["apps/api/org.ts", "tests: 12 added"], dependenciesCreated: ["#979", "other/repo#5"], blockers: "None", next: "#980" },
      ctx,
    );
    if (!composed.ok) throw new Error(JSON.stringify(composed.problems));
    expect(composed.body).toBe(
      [
        "## Worker 3 Report - Phase 2.1",
        "",
        "**Issue**: #978",
        "**Status**: ✅ Complete",
        "**Duration**: 2h 30m",
        "**Deliverables**:",
        "- apps/api/org.ts",
        "- tests: 12 added",
        "",
        "**Dependencies Met**: ",
        "**Dependencies Created**: #979, other/repo#5",
        "**Blockers**: None",
        "**Next Task**: #980",
      ].join("\n"),
    );
    const parsed = parseComment(composed.body, ctx);
    expect(parsed).toMatchObject({ kind: "report", report: { worker: "3", status: "complete", durationMinutes: 150, blockersText: null } });
  });

  it("refuses with every problem, field by field, instead of a body", () => {
    const composed = composeReport({ worker: "Worker three!", phase: "", issue: "978", status: "done" as never, duration: "soon", deliverables: ["a\nb"], dependenciesCreated: ["nope"] }, ctx);
    expect(composed.ok).toBe(false);
    if (composed.ok) return;
    expect(composed.problems.map((p) => p.field)).toEqual(["worker", "phase", "issue", "duration", "deliverables[0]", "dependenciesCreated[0]", "status"]);
  });

  it("a blocked report keeps its blockers' text", () => {
    const composed = composeReport({ ...base, status: "blocked", blockers: "waiting for #977 (schema review)" }, ctx);
    if (!composed.ok) throw new Error("expected a body");
    expect(parseComment(composed.body, ctx)).toMatchObject({ kind: "report", report: { status: "blocked", blockersText: "waiting for #977 (schema review)", blockers: [{ number: 977 }] } });
  });

  it("never hands out a body the app would not read as the report meant (any one-line field values)", () => {
    const line = fc.string({ maxLength: 80 }).filter((s) => !/[\r\n]/.test(s));
    fc.assert(
      fc.property(line, line, fc.array(line, { maxLength: 3 }), line, (phase, blockers, deliverables, next) => {
        const composed = composeReport({ ...base, phase: phase.trim() === "" ? "P" : phase, blockers, deliverables: deliverables.filter((d) => d.trim() !== ""), next }, ctx);
        if (!composed.ok) return;
        const parsed = parseComment(composed.body, ctx);
        expect(parsed.kind).toBe("report");
        if (parsed.kind === "report") expect(parsed.report).toMatchObject({ worker: "3", status: "complete", issue: { number: 978 } });
      }),
    );
  });
});

describe("composeStandup", () => {
  it("renders a standup the app reads", () => {
    const composed = composeStandup({ worker: "3", date: "2025-11-18", yesterday: "#978 done", today: "#979", eta: "4h" }, ctx);
    if (!composed.ok) throw new Error(JSON.stringify(composed.problems));
    expect(composed.body.split("\n")[0]).toBe("## Daily Standup - 2025-11-18 - Worker 3");
    expect(parseComment(composed.body, ctx)).toMatchObject({ kind: "standup", standup: { worker: "3", todayIssues: [{ number: 979 }], etaMinutes: 240 } });
  });

  it("refuses an impossible date, a missing Today and an ETA that is no duration", () => {
    const composed = composeStandup({ worker: "3", date: "2025-02-30", today: "", eta: "later" }, ctx);
    expect(composed.ok ? [] : composed.problems.map((p) => p.field)).toEqual(["date", "today", "eta"]);
  });
});

describe("composeUrgent", () => {
  it("renders a 🚨 URGENT comment that marks the issue", () => {
    const composed = composeUrgent({ issue: "#12", reason: "the migration deletes rows" }, ctx);
    if (!composed.ok) throw new Error("expected a body");
    expect(parseComment(composed.body, ctx)).toEqual({ kind: "urgent", urgent: { summary: "the migration deletes rows", issues: [{ owner: "acme", repo: "app", number: 12 }] } });
  });

  it("refuses a missing reason and a bad issue", () => {
    const composed = composeUrgent({ issue: "twelve", reason: " " }, ctx);
    expect(composed.ok ? [] : composed.problems.map((p) => p.field)).toEqual(["issue", "reason"]);
  });
});

describe("composeReport without a duration", () => {
  it("leaves the Duration line out instead of posting the template's placeholder", () => {
    const composed = composeReport(base, ctx);
    if (!composed.ok) throw new Error("expected a body");
    expect(composed.body).not.toContain("Duration");
    expect(parseComment(composed.body, ctx)).toMatchObject({ kind: "report", report: { durationMinutes: null } });
  });
});
