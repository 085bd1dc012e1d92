import { describe, expect, it } from "vitest";
import { nextTasks } from "../../src/domain/next-task.js";
import { emptyState } from "../../src/domain/state.js";
import type { CoordinationState } from "../../src/domain/types.js";
import { issue, r } from "./context-fixtures.js";

function state(partial: Partial<CoordinationState>): CoordinationState {
  return { ...emptyState(r(1), "2025-11-18T09:00:00Z"), ...partial };
}

describe("nextTasks", () => {
  const s = state({
    issues: [
      issue(10, "Schema", "done"),
      issue(11, "API", "ready", { wave: 2 }),
      issue(12, "Docs", "ready", { wave: 2 }),
      issue(13, "UI", "blocked", { wave: 3, blockedBy: [r(11)] }),
      issue(14, "Taken", "ready", { wave: 2, worker: "7" }),
      issue(15, "Assigned to me", "ready", { wave: 2, assignees: ["agent-3"] }),
      issue(16, "Urgent", "ready", { wave: 2, urgent: true }),
      issue(17, "Gate", "ready", { wave: 4 }),
      issue(18, "Mine in progress", "in_progress", { worker: "3" }),
      issue(19, "Releases two", "ready", { wave: 1 }),
      issue(20, "a", "blocked", { blockedBy: [r(19)] }),
      issue(21, "b", "blocked", { blockedBy: [r(20)] }),
    ],
    edges: [
      { from: r(11), to: r(13), source: "table" },
      { from: r(19), to: r(20), source: "table" },
      { from: r(20), to: r(21), source: "table" },
    ],
    criticalPath: [r(10), r(11), r(13)],
    gates: [{ ref: r(17), name: "Phase 1", state: "pending", done: 0, total: 1, unmet: [] }],
    workers: [{ id: "3", login: "agent-3", issue: r(18), status: "in_progress", lastReportAt: "2025-11-18T08:00:00Z", stale: false }],
  });

  it("ranks ready issues nobody else holds: critical path, then assigned, urgent, what they release, wave", () => {
    const next = nextTasks(s, "3");
    expect(next.tasks.map((t) => t.number)).toEqual([11, 15, 16, 19, 12]);
    expect(next.tasks[0]?.reasons).toContain("on the critical path (step 2 of 3): any delay delays the whole coordination");
    expect(next.tasks.find((t) => t.number === 19)?.reasons).toContain("2 open issues wait for it");
    expect(next.tasks.find((t) => t.number === 15)?.reasons).toContain("assigned to you");
    expect(next.current).toEqual([{ ref: r(18), title: "Mine in progress", status: "in_progress" }]);
    expect(next.note).toBeNull();
  });

  it("knows a worker by login as by id; another worker's issue stays theirs", () => {
    expect(nextTasks(s, "@Agent-3").tasks.map((t) => t.number)).toEqual([11, 15, 16, 19, 12]);
    expect(nextTasks(s, "7").tasks.map((t) => t.number)).toEqual([11, 14, 16, 19, 12]);
  });

  it("says why nothing is offered", () => {
    expect(nextTasks(state({}), "3").note).toBe("the coordination tracks no issues yet");
    expect(nextTasks(state({ issues: [issue(10, "x", "done")] }), "3").note).toBe("every tracked issue is done");
    expect(nextTasks(state({ issues: [issue(10, "x", "blocked")] }), "3").note).toMatch(/^no issue is ready and free/);
  });
});
