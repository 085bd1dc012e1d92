// `npm run bench`: the figures docs/benchmarks.md keeps. GitHub requests are counted through the
// same interceptors as the handler tests; times are wall-clock medians on this machine.
import { cpus, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import nock from "nock";
import { parseComment } from "../src/domain/report.js";
import { renderDashboard } from "../src/domain/dashboard.js";
import { computeFingerprint } from "../src/domain/state-block.js";
import { emptyState } from "../src/domain/state.js";
import type { CoordinationState, StateIssue, StateReport } from "../src/domain/types.js";
import { GitHubWorld } from "../test/fakes/github-world.js";
import { benchBig } from "./big.js";
import { benchCommands } from "./commands.js";
import { benchFanOut } from "./fanout.js";
import { benchGraph } from "./graph.js";
import { benchHostile } from "./hostile.js";
import { benchReplicas } from "./replicas.js";
import { benchSynthesis } from "./synthesis.js";
import { API, commentPayload, makeApp, patchBody, tokenAndNoConfig, withBody } from "../test/helpers/probot.js";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(fn: () => void, runs = 21): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function report(worker: string, issue: number): string {
  return `## Worker ${worker} Report - Phase 1\n\n**Issue**: #${issue}\n**Status**: ✅ Complete\n**Duration**: 1h\n**Deliverables**:\n- file.ts\n\n**Blockers**: None\n`;
}

function bigWorld(tracked: number): GitHubWorld {
  const world = new GitHubWorld();
  const refs = Array.from({ length: tracked }, (_, i) => `- #${1000 + i}`).join("\n");
  world.addIssue({ number: 1, title: "Coordination", body: `# Plan\n\n${refs}\n`, labels: ["coordination"] });
  for (let i = 0; i < tracked; i++) world.addIssue({ number: 1000 + i, title: `Task ${i}` });
  for (let w = 0; w < 60; w++) world.permissions.set(`worker${w}`, "write");
  return world;
}

async function requestsPerReport(tracked: number): Promise<{ warm: number; cold: number }> {
  nock.disableNetConnect();
  const world = bigWorld(tracked);
  const app = await makeApp();
  let count = 0;
  tokenAndNoConfig().on("request", () => count++);
  nock(API)
    .post("/graphql")
    .times(1000)
    .reply(
      200,
      withBody((body) => {
        count++;
        return world.graphql(body as { query: string; variables?: Record<string, unknown> });
      }),
    );
  const writes: string[] = [];
  patchBody(world, 1, writes, 1000);
  const total = () => count + writes.length;
  // First event: builds the dashboard (cold: installation token, config look-up, read, write).
  const first = world.addComment(1, "worker0", report("0", 1000));
  await app.deliver("issue_comment", commentPayload("created", world, 1, first));
  const cold = total();
  const second = world.addComment(1, "worker1", report("1", 1001));
  await app.deliver("issue_comment", commentPayload("created", world, 1, second));
  const warm = total() - cold;
  nock.cleanAll();
  return { warm, cold };
}

async function burst(): Promise<{ writes: number; reportsOnDashboard: number; reads: number }> {
  nock.disableNetConnect();
  const world = bigWorld(200);
  const app = await makeApp();
  const writes: string[] = [];
  let reads = 0;
  tokenAndNoConfig();
  nock(API)
    .post("/graphql")
    .times(100)
    .reply(
      200,
      withBody((body) => {
        reads++;
        return world.graphql(body as { query: string; variables?: Record<string, unknown> });
      }),
    );
  patchBody(world, 1, writes, 100);
  const comments = Array.from({ length: 60 }, (_, w) => world.addComment(1, `worker${w}`, report(String(w), 1000 + w)));
  await Promise.all(comments.map((c, i) => app.probot.receive({ id: `burst-${i}`, name: "issue_comment", payload: commentPayload("created", world, 1, c) } as never)));
  await app.coordinator.idle();
  const last = writes[writes.length - 1] ?? "";
  const state = /<!-- coordinator:state (.*) -->/.exec(last)?.[1];
  const reportsOnDashboard = state ? (JSON.parse(state) as CoordinationState).workers.length : 0;
  nock.cleanAll();
  return { writes: writes.length, reportsOnDashboard, reads };
}

function hostileComment(): string {
  const unit = "## Worker 1 Report - x\n**Issue**: #1 **Status**: ✅ [a](b) *x* `c` > q\n- item\n";
  return unit.repeat(Math.ceil(65_536 / unit.length)).slice(0, 65_536);
}

function stateOf(issues: number): CoordinationState {
  const list: StateIssue[] = Array.from({ length: issues }, (_, i) => ({
    ref: `acme/app#${1000 + i}`,
    number: 1000 + i,
    title: `Task ${i}: a fairly ordinary title for a tracked issue`,
    state: i % 3 === 0 ? "closed" : "open",
    stateReason: i % 3 === 0 ? "completed" : null,
    status: i % 3 === 0 ? "done" : i % 3 === 1 ? "in_progress" : "ready",
    blockedBy: [],
    assignees: [`user${i % 10}`],
    worker: String(i % 15),
    estimateMinutes: 60,
    wave: null,
    urgent: false,
  }));
  const reports: StateReport[] = Array.from({ length: 50 }, (_, i) => ({
    commentId: 5000 + i,
    on: "acme/app#1",
    url: `https://github.com/acme/app/issues/1#issuecomment-${5000 + i}`,
    author: `worker${i % 15}`,
    at: new Date(Date.UTC(2026, 10, 27, 8, i)).toISOString(),
    kind: "report",
    worker: String(i % 15),
    phase: "Phase 1",
    issue: `acme/app#${1000 + i}`,
    status: "complete",
    durationMinutes: 60,
    blockers: [],
    created: [],
    summary: "file.ts; tests",
  }));
  const state: CoordinationState = {
    ...emptyState("acme/app#1", "2026-11-27T10:00:00.000Z"),
    statusReason: "no urgent items, blocked issues or stale workers",
    progress: { done: list.filter((i) => i.status === "done").length, total: issues },
    issues: list,
    reports,
  };
  state.fingerprint = computeFingerprint(state);
  return state;
}

async function main(): Promise<void> {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  say(`# Coordinator benchmarks — ${new Date().toISOString().slice(0, 10)}`);
  say(`machine: ${cpus()[0]?.model ?? "unknown"} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  // `npm run bench -- hostile`: only the hostile-input table (a few seconds instead of minutes).
  if (process.argv.includes("hostile")) {
    for (const line of await benchHostile()) say(line);
    return;
  }
  // `npm run bench -- fanout`: only the large fan-outs.
  if (process.argv.includes("fanout")) {
    for (const line of await benchFanOut()) say(line);
    return;
  }
  // `npm run bench -- replicas`: only 1 process vs 1 and 3 replicas on Redis (needs a Redis: REDIS_URL, default 127.0.0.1:6379).
  if (process.argv.includes("replicas")) {
    for (const line of await benchReplicas()) say(line);
    return;
  }
  // `npm run bench -- big`: only the big coordinations (state comments).
  if (process.argv.includes("big")) {
    for (const line of await benchBig()) say(line);
    return;
  }
  for (const tracked of [20, 200, 1000]) {
    const { warm, cold } = await requestsPerReport(tracked);
    say(`requests per report event, ${tracked} tracked issues: ${warm} warm (cold first event: ${cold}, incl. token and config)`);
  }
  const b = await burst();
  say(`60 reports within one second: ${b.writes} dashboard writes, ${b.reads} reads, ${b.reportsOnDashboard}/60 workers on the final dashboard`);
  const comment = hostileComment();
  say(`parse a 65,536-character comment: ${time(() => parseComment(comment, { owner: "acme", repo: "app" })).toFixed(2)} ms (median)`);
  const seedLike = report("3", 978).repeat(1);
  say(`parse a seed-sized report: ${time(() => parseComment(seedLike, { owner: "acme", repo: "app" }), 201).toFixed(3)} ms (median)`);
  for (const n of [200, 1000]) {
    const state = stateOf(n);
    const now = new Date("2026-11-27T10:00:00Z");
    say(`render a dashboard of ${n} tracked issues: ${time(() => renderDashboard(state, { now, repo: { owner: "acme", repo: "app" } })).toFixed(2)} ms (median)`);
  }
  for (const k of [1, 5, 20]) {
    for (const size of [50, 200]) {
      const r = await closeUnblocks(k, size);
      say(`closing an issue that unblocks ${k} of ${size} tracked: ${r.total} requests (${r.reads} read, ${r.notices} notifications, ${r.labels} label requests, ${r.bodies} body write)`);
    }
  }
  for (const line of await benchGraph()) say(line);
  for (const line of await benchSynthesis()) say(line);
  for (const line of await benchCommands()) say(line);
  for (const line of await benchHostile()) say(line);
  for (const line of await benchFanOut()) say(line);
  for (const line of await benchBig()) say(line);
}

/**
 * A coordination of `size` issues where #1000 blocks k of them: closing #1000 costs the look-up
 * of coordinations, one read, k notifications (one summary above 10), k label swaps (one GraphQL
 * request each) and the dashboard write.
 */
async function closeUnblocks(k: number, size: number): Promise<{ total: number; reads: number; notices: number; labels: number; bodies: number }> {
  nock.disableNetConnect();
  const world = new GitHubWorld();
  const lines = Array.from({ length: size }, (_, i) => (i >= 1 && i <= k ? `- #${1000 + i} (depends on #1000)` : `- #${1000 + i}`));
  world.addIssue({ number: 1, title: "Coordination", body: `# Plan\n\n${lines.join("\n")}\n`, labels: ["coordination"] });
  for (let i = 0; i < size; i++) world.addIssue({ number: 1000 + i, title: `Task ${i}`, labels: i >= 1 && i <= k ? ["blocked"] : [] });
  // The labels Coordinator creates when a coordination starts.
  world.repoLabels.set("acme/app", ["coordination", "blocked", "ready"]);
  const app = await makeApp();
  const counts = { reads: 0, notices: 0, labels: 0, bodies: 0, other: 0 };
  tokenAndNoConfig();
  nock(API).get("/repos/acme/app/issues").query(true).times(10).reply(200, () => {
    counts.other++;
    return [{ number: 1, body: world.issue(1).body, labels: [{ name: "coordination" }] }];
  });
  nock(API)
    .post("/graphql")
    .times(100)
    .reply(200, withBody((body) => {
      const request = body as { query: string; variables?: Record<string, unknown> };
      // A mutation is a label swap: a write.
      if (request.query.trimStart().startsWith("mutation")) counts.labels++;
      else counts.reads++;
      return world.graphql(request);
    }));
  nock(API).patch("/repos/acme/app/issues/1").times(10).reply(200, withBody((body) => {
    counts.bodies++;
    world.issue(1).body = (body as { body: string }).body;
    return { number: 1, body: world.issue(1).body };
  }));
  nock(API).post(/\/issues\/\d+\/comments$/).times(100).reply(201, () => {
    counts.notices++;
    return { id: 1 };
  });
  nock(API).post(/\/issues\/\d+\/labels$/).times(200).reply(200, () => {
    counts.labels++;
    return [];
  });
  nock(API).delete(/\/issues\/\d+\/labels\/.+$/).times(200).reply(200, () => {
    counts.labels++;
    return [];
  });
  // Warm up: the first run writes the dashboard (its state block then tells the next run which issues wait).
  await app.deliver("issues", { action: "labeled", issue: { number: 1, body: world.issue(1).body, labels: [{ name: "coordination" }] }, label: { name: "other" }, repository: { name: "app", owner: { login: "acme" } }, sender: { login: "x", type: "User" }, installation: { id: 4242 } });
  const before = { ...counts };
  world.issue(1000).state = "CLOSED";
  world.issue(1000).closedAt = "2026-11-27T09:00:00Z";
  await app.deliver("issues", { action: "closed", issue: { number: 1000, body: "", labels: [] }, repository: { name: "app", owner: { login: "acme" } }, sender: { login: "x", type: "User" }, installation: { id: 4242 } });
  nock.cleanAll();
  const d = (key: keyof typeof counts) => counts[key] - before[key];
  return { total: d("reads") + d("notices") + d("labels") + d("bodies") + d("other"), reads: d("reads") + d("other"), notices: d("notices"), labels: d("labels"), bodies: d("bodies") };
}

await main();
