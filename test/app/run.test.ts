// The run (read → plan → apply) without HTTP: the in-memory port records reads and writes.
import { describe, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { RetryLaterError } from "../../src/github/port.js";
import { WriteBudget } from "../../src/queue/write-budget.js";
import { GitHubWorld } from "../fakes/github-world.js";
import { runOnce } from "../helpers/run.js";

function world(): GitHubWorld {
  const w = new GitHubWorld();
  w.addIssue({ number: 10, title: "Coordination", body: "Plan: #12, then #13 (Depends on #12).\n", labels: ["coordination"] });
  w.addIssue({ number: 12, title: "API" });
  w.addIssue({ number: 13, title: "UI", body: "Depends on #12\n", labels: ["blocked"], assignees: ["dana"] });
  w.permissions.set("worker3", "write");
  w.permissions.set("lead", "write");
  return w;
}

const REPORT = "## Worker 3 Report - Phase 1\n\n**Issue**: #12\n**Status**: 🔄 In Progress\n";

describe("a run", () => {
  it("a report: one read, one body write", async () => {
    const w = world();
    const c = w.addComment(10, "worker3", REPORT);
    const run = await runOnce(w, 10, { changed: [c.id], authors: ["worker3"] });
    expect(run.reads).toEqual(["coordination"]);
    expect(run.writes).toEqual(["body acme/app#10"]);
    expect(parseState(w.issue(10).body)?.workers.map((x) => [x.id, x.status])).toEqual([["3", "in_progress"]]);
    expect(run.outcome).toMatchObject({ bodyWritten: true, writes: 1, plans: 1 });
  });

  it("the same event again writes nothing", async () => {
    const w = world();
    const c = w.addComment(10, "worker3", REPORT);
    await runOnce(w, 10, { changed: [c.id], authors: ["worker3"] });
    const again = await runOnce(w, 10, { changed: [c.id], authors: ["worker3"] });
    expect(again.writes).toEqual([]);
  });

  it("a blocker closing: the dashboard, one notice on the unblocked issue, blocked swapped for ready", async () => {
    const w = world();
    await runOnce(w, 10);
    w.issue(12).state = "CLOSED";
    w.issue(12).stateReason = "COMPLETED";
    w.issue(12).closedAt = "2026-11-27T09:59:00Z";
    const run = await runOnce(w, 10);
    expect(run.writes).toEqual(["body acme/app#10", "comment acme/app#13", "+label ready acme/app#13", "-label blocked acme/app#13"]);
    expect(w.issue(13).comments[0]?.body).toMatch(/Unblocked/);
    // Once: a second run finds the notice by its marker.
    expect((await runOnce(w, 10)).writes).toEqual([]);
  });

  it("a command that must know its write's outcome writes it early, then plans again", async () => {
    const w = world();
    const c = w.addComment(10, "lead", "/gate beta after #12");
    const run = await runOnce(w, 10, { changed: [c.id], commands: [{ commentId: c.id, on: "acme/app#10", login: "lead" }] });
    expect(run.writes[0]).toBe("create issue acme/app#14");
    expect(run.writes).toContain("body acme/app#10");
    expect(w.issue(10).body).toContain("### Tracked\n- #14");
    expect(run.reads).toContain("find acme/app gate");
    expect(run.outcome.plans).toBeGreaterThan(1);
  });

  it("stops with RetryLaterError when the installation's write budget is spent", async () => {
    const w = world();
    const budget = new WriteBudget({ perMinute: 0, perHour: 0 });
    const c = w.addComment(10, "worker3", REPORT);
    await expect(runOnce(w, 10, { changed: [c.id], authors: ["worker3"] }, { budget })).rejects.toBeInstanceOf(RetryLaterError);
  });
});
