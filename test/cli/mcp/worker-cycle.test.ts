// A whole worker cycle over MCP on the seed coordination (Phase 1 of seed 004, the Miyabi master
// issue #977), with the built app running on the same simulated GitHub: the agent recovers
// context, takes the next task, reports progress, reports complete; the orchestrator closes the
// issue; the app unblocks the next one, which the agent's next_task then offers. No Markdown is
// written by hand, and the app never answers a report as malformed.
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseState } from "../../../src/domain/dashboard.js";
import type { CoordinationState } from "../../../src/domain/types.js";
import { AgentGitHub } from "../../fakes/agent-github.js";
import { GitHubWorld } from "../../fakes/github-world.js";
import { installation, issuePayload, repository, ROOT, startApp, type RunningApp } from "../../helpers/e2e.js";

const OWNER = "miyabi-org";
const REPO = "miyabi";
const PLAN = [
  "# Miyabi Reconstruction - Master Coordination Plan",
  "",
  "### Phase 1: Database Foundation",
  "",
  "| Issue | Task | Blocking | Duration |",
  "|-------|------|----------|----------|",
  "| #972 | Phase 1.1 - PostgreSQL Connection | None | 30min |",
  "| #973 | Phase 1.2 - Base Schema Migration | #972 | 1h |",
  "| #974 | Phase 1.3 - Organization Schema | #973 | 45min |",
  "| #975 | Phase 1.4 - RBAC Implementation | #973 | 1h |",
  "| #976 | Phase 1.5 - JWT Authentication | #975 | 45min |",
  "",
].join("\n");

const world = new GitHubWorld(OWNER, REPO);
let app: RunningApp;
let github: AgentGitHub;
let client: Client;

beforeAll(async () => {
  world.addIssue({ number: 977, title: "Miyabi Reconstruction - Master Coordination Plan", body: PLAN, labels: ["coordination"] });
  world.addIssue({ number: 972, title: "Phase 1.1 - PostgreSQL Connection" });
  world.addIssue({ number: 973, title: "Phase 1.2 - Base Schema Migration", body: "Depends on #972" });
  world.addIssue({ number: 974, title: "Phase 1.3 - Organization Schema", body: "Depends on #973" });
  world.addIssue({ number: 975, title: "Phase 1.4 - RBAC Implementation", body: "Depends on #973" });
  world.addIssue({ number: 976, title: "Phase 1.5 - JWT Authentication", body: "Depends on #975" });
  world.permissions.set("worker-2", "triage");
  world.permissions.set("shunsukehayashi", "admin");
  app = await startApp(world);
  github = new AgentGitHub(world, new Map([["worker-2-token", "worker-2"]]));
  const apiUrl = await github.start();
  client = new Client({ name: "worker-2", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(ROOT, "bin/coordinator.js"), "mcp", "--coordination", `${OWNER}/${REPO}#977`],
      env: { PATH: process.env.PATH ?? "", GITHUB_TOKEN: "worker-2-token", GITHUB_API_URL: apiUrl },
      stderr: "pipe",
    }),
  );
}, 60_000);

afterAll(async () => {
  await client?.close();
  await app?.stop();
  await github?.stop();
});

const call = async (name: string, args: Record<string, unknown> = {}) => {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as Record<string, unknown>;
};
const state = () => parseState(world.issue(977).body);
const appComments = () => [...world.issues.values()].flatMap((i) => i.comments.filter((c) => c.author === "coordinator[bot]").map((c) => ({ on: i.number, body: c.body })));

/** GitHub's webhook for a comment the agent just posted on #977. */
async function deliverComment(commentId: number): Promise<void> {
  const comment = world.findComment(commentId)?.comment;
  const status = await app.post("issue_comment", {
    action: "created",
    issue: issuePayload(world, 977, OWNER, REPO),
    comment: { id: commentId, body: comment?.body, user: { login: "worker-2", type: "User" } },
    repository: repository(OWNER, REPO),
    sender: { login: "worker-2", type: "User" },
    installation,
  });
  expect(status).toBeLessThan(300);
}

describe("a worker cycle over MCP on the seed coordination", () => {
  it("recovers context, takes the next task, reports progress and completion, and is offered the unblocked issue", async () => {
    // The orchestrator labels the issue: the app writes the first dashboard.
    await app.post("issues", { action: "labeled", label: { name: "coordination" }, issue: issuePayload(world, 977, OWNER, REPO), repository: repository(OWNER, REPO), sender: { login: "ShunsukeHayashi", type: "User" }, installation });
    await app.github.until(() => state() !== null);

    // 1. Context recovery: nothing remembered, everything read.
    const coordination = await call("get_coordination");
    const published = coordination.state as CoordinationState;
    expect(published.issues.map((i) => i.number).sort()).toEqual([972, 973, 974, 975, 976]);
    expect(published.criticalPath[0]).toBe(`${OWNER}/${REPO}#972`);
    const context = await call("get_context", { issue: "#973" });
    expect(context).toMatchObject({ tracked: true, context: { blockers: [{ ref: `${OWNER}/${REPO}#972`, done: false }] } });

    // 2. The next task: the one ready issue, on the critical path.
    const next = (await call("next_task", { worker: "2" })) as { tasks: Array<{ number: number; onCriticalPath: boolean }> };
    expect(next.tasks.map((t) => [t.number, t.onCriticalPath])).toEqual([[972, true]]);

    // 3. Progress: the dashboard shows Worker 2 on #972.
    const progress = await call("post_report", { worker: "2", phase: "Phase 1.1", issue: "#972", status: "in_progress", deliverables: ["packages/db/client.ts (draft)"] });
    await deliverComment(progress.commentId as number);
    await app.github.until(() => state()?.workers.some((w) => w.id === "2" && w.status === "in_progress") === true);
    const onIt = (await call("next_task", { worker: "worker-2" })) as { current: Array<{ ref: string; status: string }> };
    expect(onIt.current).toEqual([{ ref: `${OWNER}/${REPO}#972`, title: "Phase 1.1 - PostgreSQL Connection", status: "in_progress" }]);

    // 4. Complete; the orchestrator closes #972; the app tells #973 it is unblocked.
    const done = await call("post_report", { worker: "2", phase: "Phase 1.1", issue: "#972", status: "complete", duration: "35min", deliverables: ["packages/db/client.ts", "packages/db/client.test.ts"], next: "#973" });
    await deliverComment(done.commentId as number);
    await app.github.until(() => state()?.workers.some((w) => w.id === "2" && w.status === "complete") === true);
    const closed = world.issue(972);
    closed.state = "CLOSED";
    closed.stateReason = "COMPLETED";
    closed.closedAt = new Date().toISOString();
    await app.post("issues", { action: "closed", issue: issuePayload(world, 972, OWNER, REPO), repository: repository(OWNER, REPO), sender: { login: "ShunsukeHayashi", type: "User" }, installation });
    await app.github.until(() => world.issue(973).comments.some((c) => c.author === "coordinator[bot]"));
    await app.github.until(() => state()?.issues.find((i) => i.number === 973)?.status === "ready");

    const after = (await call("next_task", { worker: "2" })) as { tasks: Array<{ number: number; reasons: string[] }> };
    expect(after.tasks[0]?.number).toBe(973);
    expect(after.tasks[0]?.reasons).toContain("ready: every blocker is done");

    // Every report was read as written: the app never answered one as malformed.
    expect(appComments().filter((c) => c.body.includes("could not be read"))).toEqual([]);
    expect(state()?.reports.map((r) => [r.worker, r.issue, r.status])).toEqual(
      expect.arrayContaining([
        ["2", `${OWNER}/${REPO}#972`, "in_progress"],
        ["2", `${OWNER}/${REPO}#972`, "complete"],
      ]),
    );
  }, 120_000);
});
