// Big coordinations for `npm run bench` (issue 12, part 2): a report on coordinations of 200,
// 1,000 and 2,000 issues with 10,000 edges, through the real Probot app against the in-memory
// GitHub (every request recorded). Figures: the report's requests (reads, writes), the body's
// characters, the app's state comments (how many, their characters), the complete state read
// back (issues, edges), the report's wall time through the app, and the median time to split the
// state into its comments and render the dashboard block that lists them.
import { performance } from "node:perf_hooks";
import nock from "nock";
import type { Probot } from "probot";
import { renderDashboard } from "../src/domain/dashboard.js";
import { partListing, partText, splitState } from "../src/domain/state-parts.js";
import { BOT_LOGIN, type GitHubWorld } from "../test/fakes/github-world.js";
import { BIG_COORDINATION, BIG_FIRST, bigCoordination, reassemble } from "../test/helpers/big-coordination.js";
import { INSTALLATION_ID, issuePayload, makeApp, repositoryPayload, testSeal } from "../test/helpers/probot.js";
import { SimulatedTime, simulatedGitHub, type Recorded } from "../test/helpers/simulated-github.js";

const EDGES = 10_000;

interface Big {
  issues: number;
  reads: number;
  writes: number;
  bodyChars: number;
  stateComments: number;
  stateCommentChars: number;
  issuesBack: number;
  edgesBack: number;
  reportMs: number;
  renderMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function reportPayload(w: GitHubWorld): Record<string, unknown> {
  const c = w.addComment(BIG_COORDINATION, "worker3", `## Worker 3 Report - Phase 1\n\n**Issue**: #${BIG_FIRST}\n**Status**: 🔄 In Progress\n`, "2026-11-27T09:00:00Z");
  return {
    action: "created",
    issue: issuePayload(w, BIG_COORDINATION),
    comment: { id: c.id, body: c.body, user: { login: "worker3", type: "User" }, author_association: "COLLABORATOR", performed_via_github_app: null },
    repository: repositoryPayload(),
    sender: { login: "worker3", type: "User" },
    installation: { id: INSTALLATION_ID },
  };
}

async function one(n: number): Promise<Big> {
  nock.disableNetConnect();
  const w = bigCoordination(n, EDGES);
  const time = new SimulatedTime(Date.parse("2026-11-27T10:00:00Z"));
  const log: Recorded[] = [];
  simulatedGitHub(w, time, log);
  const app = await makeApp(time.clock, { timers: time.timersApi });
  const receive = async (name: string, payload: Record<string, unknown>, id: string) => {
    await app.probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
    await app.coordinator.settled();
  };
  // The first run writes the dashboard and creates the state comments.
  await receive("issues", { action: "edited", issue: issuePayload(w, BIG_COORDINATION), changes: { body: { from: "" } }, repository: repositoryPayload(), sender: { login: "lead", type: "User" }, installation: { id: INSTALLATION_ID } }, "setup");
  const from = log.length;
  const start = performance.now();
  await receive("issue_comment", reportPayload(w), "report");
  const reportMs = performance.now() - start;
  const requests = log.slice(from);
  nock.cleanAll();

  const state = reassemble(w, testSeal);
  const comments = w.issue(BIG_COORDINATION).comments.filter((c) => c.author === BOT_LOGIN && c.body.startsWith("<!-- coordinator:state-part "));
  const now = new Date("2026-11-27T10:00:00Z");
  const samples: number[] = [];
  // What a write of this state computes: the parts, their sealed texts, the block that lists them.
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const texts = (splitState(state) ?? []).map((p) => partText(p, testSeal));
    const listing = partListing(texts.map((text, k) => ({ text, comment: { id: k + 1, node: `IC_${k + 1}` } })));
    renderDashboard(state, { now, repo: { owner: "acme", repo: "app" }, parts: listing });
    samples.push(performance.now() - t);
  }
  return {
    issues: n,
    reads: requests.filter((r) => r.kind === "read").length,
    writes: requests.filter((r) => r.kind === "write").length,
    bodyChars: w.issue(BIG_COORDINATION).body.length,
    stateComments: comments.length,
    stateCommentChars: comments.reduce((sum, c) => sum + c.body.length, 0),
    issuesBack: state.issues.length,
    edgesBack: state.edges.length,
    reportMs,
    renderMs: median(samples),
  };
}

export async function benchBig(): Promise<string[]> {
  const lines = [
    `a report on a big coordination (${EDGES.toLocaleString("en")} edges), through the app: requests, body, state comments, what reads back`,
    "| issues | requests (read + write) | body characters | state comments (characters) | read back: issues, edges | report through the app | split + render (median of 5) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const n of [200, 1000, 2000]) {
    const b = await one(n);
    lines.push(
      `| ${b.issues.toLocaleString("en")} | ${b.reads + b.writes} (${b.reads} + ${b.writes}) | ${b.bodyChars.toLocaleString("en")} | ${b.stateComments} (${b.stateCommentChars.toLocaleString("en")}) | ${b.issuesBack.toLocaleString("en")}, ${b.edgesBack.toLocaleString("en")} | ${(b.reportMs / 1000).toFixed(2)} s | ${b.renderMs.toFixed(0)} ms |`,
    );
  }
  return lines;
}
