// Issue 15: one blocker releases 200 issues. Through the real Probot app with GitHub's content
// limits enforced by the write budget and Octokit's pacing modelled, on a simulated clock the test
// moves from one queued retry to the next: every assignee is told, every issue labelled, within 5 minutes, at most 2 writes an
// issue, no read while writes wait for budget; a restart in the middle and redeliveries tell nobody twice.
import { describe, expect, it } from "vitest";
import type { Probot } from "probot";
import { parseState } from "../../src/domain/dashboard.js";
import { WriteBudget } from "../../src/queue/write-budget.js";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { INSTALLATION_ID, issuePayload, makeApp, repositoryPayload, type TestApp, useNock } from "../helpers/probot.js";
import { NO_PACING, OCTOKIT_PACING, peakWrites as peaks, SimulatedTime, simulatedGitHub, type Fault, type Pacing, type Recorded as Request } from "../helpers/simulated-github.js";

useNock(/./);

const START = Date.parse("2026-11-27T10:00:00Z");
const FANOUT = 200;
const FIRST = 100;
const COORDINATION = 1;
const BLOCKER = 2;
const OTHER = 900;

function world(): GitHubWorld {
  const w = new GitHubWorld();
  const lines = Array.from({ length: FANOUT }, (_, i) => `- #${FIRST + i} after #${BLOCKER}`).join("\n");
  w.addIssue({ number: COORDINATION, title: "Phase 2", body: `# Phase 2\n\n- #${BLOCKER} Schema\n${lines}\n`, labels: ["coordination"] });
  w.addIssue({ number: BLOCKER, title: "Schema" });
  for (let i = 0; i < FANOUT; i++) w.addIssue({ number: FIRST + i, title: `Task ${i}`, labels: ["blocked"], assignees: i % 10 === 9 ? [] : [`dev${i % 40}`] });
  w.addIssue({ number: OTHER, title: "Another coordination", body: "- #901\n", labels: ["coordination"] });
  w.addIssue({ number: 901, title: "Elsewhere" });
  w.repoLabels.set("acme/app", ["coordination", "blocked", "ready"]);
  return w;
}

async function receive(app: TestApp, name: string, payload: Record<string, unknown>, id: string): Promise<void> {
  await app.probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
  await app.coordinator.settled();
}

/** Fires the queue's timers in time order until none is left (or `until` holds). */
async function runClock(app: TestApp, time: SimulatedTime, until: () => boolean = () => false): Promise<void> {
  while (!until() && time.next()) await app.coordinator.settled();
}

const closeEvent = (w: GitHubWorld) => ({ action: "closed", issue: issuePayload(w, BLOCKER), repository: repositoryPayload(), sender: { login: "lead", type: "User" }, installation: { id: INSTALLATION_ID } });
const editEvent = (w: GitHubWorld, number: number) => ({ action: "edited", issue: issuePayload(w, number), changes: { body: { from: "" } }, repository: repositoryPayload(), sender: { login: "lead", type: "User" }, installation: { id: INSTALLATION_ID } });

/** What the world shows after the fan-out: who was told where, and every issue's labels. */
function told(w: GitHubWorld): { summaries: string[]; perIssue: number; announced: string[] } {
  const ours = (n: number) => w.issue(n).comments.filter((c) => c.author === BOT_LOGIN);
  const summaries = ours(COORDINATION).map((c) => c.body).filter((b) => b.startsWith("<!-- coordinator:unblocked-summary:"));
  const perIssue = Array.from({ length: FANOUT }, (_, i) => ours(FIRST + i).length).reduce((a, b) => a + b, 0);
  const announced = summaries.flatMap((b) => [...b.matchAll(/<!-- coordinator:unblocked:acme\/app#(\d+):/g)].map((m) => m[1] ?? ""));
  return { summaries, perIssue, announced };
}

const allReady = (w: GitHubWorld) => Array.from({ length: FANOUT }, (_, i) => w.issue(FIRST + i).labels.join()).every((l) => l === "ready");

/**
 * The coordination with its dashboard written, an hour before #2 closes. `pacing`: Octokit's
 * throttling as Probot ships it (writes and GraphQL 1 s apart, comments 3 s apart), or none, which
 * makes the write budget the only limit (the tests of waiting for it).
 */
async function setUp(pacing: Pacing = NO_PACING, fault?: Fault): Promise<{ w: GitHubWorld; time: SimulatedTime; log: Request[]; app: TestApp; closedAt: number; parts: number }> {
  const w = world();
  const time = new SimulatedTime(START);
  const log: Request[] = [];
  simulatedGitHub(w, time, log, pacing, fault);
  const app = await makeApp(time.clock, { timers: time.timersApi, budget: new WriteBudget() });
  // The coordination as its orchestrator left it: a first run writes its dashboard, and the state
  // comments that hold its complete state (201 issues do not fit the body; docs/state.md).
  await receive(app, "issues", editEvent(w, COORDINATION), "setup");
  const parts = parseState(w.issue(COORDINATION).body)?.parts ?? [];
  expect(parts.length).toBeGreaterThan(0);
  expect(log.filter((r) => r.kind === "write").map((r) => r.what)).toEqual([...parts.map(() => `comment #${COORDINATION}`), `body #${COORDINATION}`]);
  log.length = 0;
  time.now += 60 * 60_000;
  const closedAt = time.now;
  const blocker = w.issue(BLOCKER);
  blocker.state = "CLOSED";
  blocker.stateReason = "COMPLETED";
  blocker.closedAt = new Date(closedAt).toISOString();
  return { w, time, log, app, closedAt, parts: parts.length };
}

describe("a fan-out of 200 issues at GitHub's content limits (issue 15)", () => {
  it.each([
    ["with Octokit's pacing (writes 1 s apart)", OCTOKIT_PACING],
    ["with the write budget as the only limit", NO_PACING],
  ] as const)("tells every assignee at once and labels every issue within 5 minutes, 1 write an issue plus the summaries, no read after the first (%s)", async (_name, pacing) => {
    const { w, time, log, app, closedAt, parts } = await setUp(pacing);
    await receive(app, "issues", closeEvent(w), "close");
    // The news is out first: two summaries (100 issues each), seconds after the change.
    const first = told(w);
    expect(first.summaries).toHaveLength(2);
    expect(first.announced.sort()).toEqual(Array.from({ length: FANOUT }, (_, i) => String(FIRST + i)).sort());
    expect(first.perIssue).toBe(0);
    const newsAt = Math.max(...log.filter((r) => r.what === `comment #${COORDINATION}`).map((r) => r.at));
    expect(newsAt - closedAt).toBeLessThanOrEqual(10_000);
    // Without Octokit's pacing the budget's background share runs out within the first minute.
    expect(time.pending).toBe(pacing === NO_PACING ? 1 : 0);

    await runClock(app, time);

    expect(allReady(w)).toBe(true);
    const writes = log.filter((r) => r.kind === "write");
    const perIssue = new Map<string, number>();
    for (const r of writes.filter((x) => x.what.startsWith("labels #"))) perIssue.set(r.what, (perIssue.get(r.what) ?? 0) + 1);
    expect(perIssue.size).toBe(FANOUT);
    expect([...perIssue.values()].every((n) => n === 1)).toBe(true);
    // The summaries, the dashboard and its state comments, one label request an issue; nothing by REST.
    expect(writes.filter((r) => r.what.startsWith("REST"))).toEqual([]);
    expect(writes.length).toBeLessThanOrEqual(2 + 1 + parts + FANOUT);
    // Two reads in all: the coordinations of the repository, then the coordination with the
    // issues' comments. Nothing is read again while the labels wait or continue in slices.
    expect(log.filter((r) => r.kind === "read").map((r) => r.what)).toEqual(["coordinations", "graphql"]);
    // Within 5 minutes of the close, never above GitHub's limits.
    const last = Math.max(...writes.map((r) => r.at));
    expect(last - closedAt).toBeLessThanOrEqual(5 * 60_000);
    expect(peaks(log).minute).toBeLessThanOrEqual(80);
    expect(peaks(log).hour).toBeLessThanOrEqual(500);
    // Nobody told twice, nobody told on their issue.
    expect(told(w).summaries).toHaveLength(2);
    expect(told(w).perIssue).toBe(0);
  });

  it("with Octokit's pacing, a report for the coordination waits one slice of labels, not the whole fan-out", async () => {
    const { w, time, log, app } = await setUp(OCTOKIT_PACING);
    // A worker's report arrives while the run writes its 5th label.
    const worker = w.addComment(FIRST, "dev0", "## Worker 0 Report - Phase 2\n\n**Issue**: #100\n**Status**: 🔄 In Progress\n", new Date(time.now).toISOString());
    w.permissions.set("dev0", "write");
    let delivered = false;
    const report = () => {
      delivered = true;
      return app.probot.receive({ id: "report", name: "issue_comment", payload: { action: "created", issue: issuePayload(w, FIRST), comment: { id: worker.id, body: worker.body, user: { login: "dev0", type: "User" }, author_association: "COLLABORATOR", performed_via_github_app: null }, repository: repositoryPayload(), sender: { login: "dev0", type: "User" }, installation: { id: INSTALLATION_ID } } } as never);
    };
    const original = log.push.bind(log);
    log.push = (...items: Request[]) => {
      const n = original(...items);
      if (!delivered && log.filter((r) => r.what.startsWith("labels #")).length === 5) void report();
      return n;
    };
    await receive(app, "issues", closeEvent(w), "close");
    await runClock(app, time);
    expect(delivered).toBe(true);
    const labelWrites = log.filter((r) => r.what.startsWith("labels #"));
    // The report's run wrote the dashboard after at most one slice (20) of label writes.
    const dashboardAt = log.findIndex((r, i) => i > log.findIndex((x) => x.what === "labels #104") && r.what === `body #${COORDINATION}`);
    expect(dashboardAt).toBeGreaterThan(0);
    const labelsBefore = log.slice(0, dashboardAt).filter((r) => r.what.startsWith("labels #")).length;
    expect(labelsBefore).toBeLessThanOrEqual(5 + 20);
    expect(labelWrites).toHaveLength(FANOUT);
    expect(allReady(w)).toBe(true);
    expect(told(w).summaries).toHaveLength(2);
  });

  it("leaves room for other coordinations: their dashboard is written at once while the fan-out waits", async () => {
    const { w, time, log, app } = await setUp();
    await receive(app, "issues", closeEvent(w), "close");
    expect(time.pending).toBe(1);
    // A minute into the wait, the other coordination's text changes: it is written at once.
    time.now += 1_000;
    w.issue(OTHER).body = "- #901\n- #902\n";
    w.addIssue({ number: 902, title: "New" });
    const before = log.length;
    await receive(app, "issues", editEvent(w, OTHER), "other");
    expect(log.slice(before).filter((r) => r.kind === "write").map((r) => r.what)).toEqual([`body #${OTHER}`]);
    await runClock(app, time);
    expect(allReady(w)).toBe(true);
    expect(peaks(log).minute).toBeLessThanOrEqual(80);
  });

  it("an event on the same coordination during the wait re-plans from a fresh read, and tells nobody twice", async () => {
    const { w, time, log, app } = await setUp();
    await receive(app, "issues", closeEvent(w), "close");
    time.now += 10_000;
    const readsBefore = log.filter((r) => r.kind === "read").length;
    w.issue(COORDINATION).body += "\nA note from the lead.\n";
    await receive(app, "issues", editEvent(w, COORDINATION), "edit-during-wait");
    // The new event runs at once: the coordination, then the comments of the issues still labelled
    // blocked (is each one's notice out?): two reads for something new, none after it while waiting.
    const readsAfterEdit = log.filter((r) => r.kind === "read").length;
    expect(readsAfterEdit - readsBefore).toBe(2);
    await runClock(app, time);
    expect(log.filter((r) => r.kind === "read")).toHaveLength(readsAfterEdit);
    expect(allReady(w)).toBe(true);
    expect(told(w).summaries).toHaveLength(2);
    expect(told(w).perIssue).toBe(0);
    expect(w.issue(COORDINATION).body).toContain("A note from the lead.");
  });

  it("a restart in the middle finishes the rest at its start-up reconcile, and a redelivered close tells nobody again", async () => {
    const { w, time, log, app } = await setUp();
    await receive(app, "issues", closeEvent(w), "close");
    const labelled = () => Array.from({ length: FANOUT }, (_, i) => w.issue(FIRST + i).labels.includes("ready")).filter(Boolean).length;
    const done = labelled();
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(FANOUT);
    // The process dies: its queue, timers and budget are gone. A new one starts.
    await app.coordinator.close();
    time.dropTimers();
    time.now += 30_000;
    const restarted = await makeApp(time.clock, { timers: time.timersApi, budget: new WriteBudget() });
    // What the scheduler's first walk does at start-up: a plain run of every coordination.
    restarted.coordinator.reconcile({ installationId: INSTALLATION_ID, owner: "acme", repo: "app", number: COORDINATION });
    await restarted.coordinator.settled();
    await runClock(restarted, time);
    expect(allReady(w)).toBe(true);
    expect(told(w).summaries).toHaveLength(2);
    expect(told(w).perIssue).toBe(0);
    // GitHub redelivers the close (same id, then as a new delivery): nothing more is written.
    const writes = log.filter((r) => r.kind === "write").length;
    await receive(restarted, "issues", closeEvent(w), "close");
    await receive(restarted, "issues", closeEvent(w), "close-again");
    await runClock(restarted, time);
    expect(log.filter((r) => r.kind === "write")).toHaveLength(writes);
  });

  it("faults in the middle (a summary GitHub kept but answered 502, a label swap refused) tell nobody twice", async () => {
    let comments = 0;
    let swaps = 0;
    // Armed once the coordination is set up: the faults are the fan-out's, not its state comments'.
    let armed = false;
    const fault: Fault = (what) => {
      if (!armed) return null;
      if (what === `comment #${COORDINATION}` && ++comments === 1) return { status: 502, done: true };
      if (what.startsWith("labels #") && ++swaps === 30) return { status: 502, done: false };
      return null;
    };
    const { w, time, app } = await setUp(NO_PACING, fault);
    armed = true;
    await receive(app, "issues", closeEvent(w), "close");
    await runClock(app, time);
    expect(allReady(w)).toBe(true);
    const { announced, perIssue } = told(w);
    expect(announced.sort()).toEqual(Array.from({ length: FANOUT }, (_, i) => String(FIRST + i)).sort());
    expect(perIssue).toBe(0);
    // Both faults happened: the kept summary was not posted again, the refused swap was made again.
    expect(comments).toBe(2);
    expect(swaps).toBe(FANOUT + 1);
    expect(app.coordinator.runs.dropped).toBe(0);
  });
});

