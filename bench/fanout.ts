// Large fan-outs for `npm run bench` (issue 15): one blocker of 10, 50 and 200 issues closes.
// Through the real Probot app against the in-memory GitHub on a simulated clock, with GitHub's
// content limits enforced by the app's write budget and Octokit's pacing modelled (writes and
// GraphQL requests 1 s apart, comments 3 s apart, as Probot's throttling does): every request
// after the close is counted, and the simulated time says when the news was out and when the
// last issue was labelled. Wall time is this machine's, for the whole simulated fan-out.
import { performance } from "node:perf_hooks";
import nock from "nock";
import type { Probot } from "probot";
import { WriteBudget } from "../src/queue/write-budget.js";
import { GitHubWorld } from "../test/fakes/github-world.js";
import { INSTALLATION_ID, makeApp, repositoryPayload, type TestApp } from "../test/helpers/probot.js";
import { OCTOKIT_PACING, peakWrites, SimulatedTime, simulatedGitHub, type Recorded } from "../test/helpers/simulated-github.js";

const START = Date.parse("2026-11-27T10:00:00Z");
const FIRST = 100;

interface FanOut {
  issues: number;
  requests: number;
  writes: number;
  graphqlReads: number;
  restReads: number;
  comments: number;
  labelRequests: number;
  /** Seconds from the close to the last notice (summary or comment on an issue). */
  newsSeconds: number;
  /** Seconds from the close to the last label write. */
  labelledSeconds: number;
  peakMinute: number;
  wallMs: number;
}

function world(n: number): GitHubWorld {
  const w = new GitHubWorld();
  const lines = Array.from({ length: n }, (_, i) => `- #${FIRST + i} after #2`).join("\n");
  w.addIssue({ number: 1, title: "Phase 2", body: `# Phase 2\n\n- #2 Schema\n${lines}\n`, labels: ["coordination"] });
  w.addIssue({ number: 2, title: "Schema" });
  for (let i = 0; i < n; i++) w.addIssue({ number: FIRST + i, title: `Task ${i}`, labels: ["blocked"], assignees: [`dev${i % 40}`] });
  // The labels Coordinator creates when a coordination starts.
  w.repoLabels.set("acme/app", ["coordination", "blocked", "ready"]);
  return w;
}

async function receive(app: TestApp, name: string, payload: Record<string, unknown>, id: string): Promise<void> {
  await app.probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
  await app.coordinator.settled();
}

async function fanOut(n: number): Promise<FanOut> {
  nock.disableNetConnect();
  const w = world(n);
  const time = new SimulatedTime(START);
  const log: Recorded[] = [];
  simulatedGitHub(w, time, log, OCTOKIT_PACING);
  const app = await makeApp(time.clock, { timers: time.timersApi, budget: new WriteBudget() });
  const event = (action: string, number: number) => ({
    action,
    issue: { number, title: w.issue(number).title, body: w.issue(number).body, state: w.issue(number).state.toLowerCase(), labels: w.issue(number).labels.map((name) => ({ name })), user: { login: "lead", type: "User" } },
    repository: repositoryPayload(),
    sender: { login: "lead", type: "User" },
    installation: { id: INSTALLATION_ID },
  });
  // The coordination with its dashboard written, an hour before the blocker closes.
  await receive(app, "issues", event("edited", 1), "setup");
  log.length = 0;
  time.now += 3_600_000;
  const closedAt = time.now;
  Object.assign(w.issue(2), { state: "CLOSED", stateReason: "COMPLETED", closedAt: new Date(closedAt).toISOString() });
  const start = performance.now();
  await receive(app, "issues", event("closed", 2), "close");
  while (time.next()) await app.coordinator.settled();
  const wallMs = performance.now() - start;
  await app.coordinator.close();
  nock.cleanAll();

  const writes = log.filter((r) => r.kind === "write");
  const comments = writes.filter((r) => r.what.startsWith("comment"));
  const labels = writes.filter((r) => r.what.startsWith("labels") || r.what.startsWith("REST"));
  const seconds = (list: Recorded[]) => (list.length === 0 ? 0 : Math.round((Math.max(...list.map((r) => r.at)) - closedAt) / 1000));
  return {
    issues: n,
    requests: log.length,
    writes: writes.length,
    graphqlReads: log.filter((r) => r.kind === "read" && r.what === "graphql").length,
    restReads: log.filter((r) => r.kind === "read" && r.what !== "graphql").length,
    comments: comments.length,
    labelRequests: labels.length,
    newsSeconds: seconds(comments),
    labelledSeconds: seconds(labels),
    peakMinute: peakWrites(log).minute,
    wallMs,
  };
}

const minutes = (s: number) => `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;

export async function benchFanOut(): Promise<string[]> {
  const lines = [
    "close a blocker that releases N issues (GitHub limits enforced, Octokit pacing, simulated clock):",
    "| N | requests | writes | GraphQL reads | REST reads | notices | label requests | news out | last label | most writes in a minute | wall time |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const n of [10, 50, 200]) {
    const r = await fanOut(n);
    lines.push(
      `| ${r.issues} | ${r.requests} | ${r.writes} | ${r.graphqlReads} | ${r.restReads} | ${r.comments} | ${r.labelRequests} | ${minutes(r.newsSeconds)} | ${minutes(r.labelledSeconds)} | ${r.peakMinute} | ${Math.round(r.wallMs)} ms |`,
    );
  }
  return lines;
}
