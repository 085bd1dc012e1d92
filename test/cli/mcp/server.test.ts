// The MCP server through the SDK's in-memory client/server transport, against GitHub on loopback as
// the agent sees it with its own token (test/fakes/agent-github.ts over github-world.ts).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMcpServer, resourceUri } from "../../../src/cli/mcp/server.js";
import { renderDashboard, replaceDashboard } from "../../../src/domain/dashboard.js";
import { parseComment } from "../../../src/domain/report.js";
import { TokenClient } from "../../../src/github/token-client.js";
import { AgentGitHub } from "../../fakes/agent-github.js";
import { GitHubWorld } from "../../fakes/github-world.js";
import { NOW, seedState } from "../../fixtures/dashboard/states.js";

const COORDINATION = { owner: "owner", repo: "repo", number: 977 };
let world: GitHubWorld;
let github: AgentGitHub;
let client: Client;

async function connect(token: string, coordination: typeof COORDINATION | null = COORDINATION): Promise<Client> {
  const tokens = new TokenClient({ token, apiUrl: await apiUrl });
  const server = createMcpServer({ port: tokens.port, viewer: () => tokens.viewer(), coordination, now: () => NOW });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const c = new Client({ name: "test-agent", version: "1.0.0" });
  await c.connect(clientSide);
  return c;
}

let apiUrl: Promise<string>;

beforeEach(async () => {
  world = new GitHubWorld("owner", "repo");
  world.permissions.set("agent-7", "triage");
  const body = replaceDashboard("## Miyabi master plan\n", renderDashboard(seedState(), { now: NOW, repo: { owner: "owner", repo: "repo" } }));
  world.addIssue({ number: 977, title: "Miyabi master", labels: ["coordination"], body });
  world.addIssue({ number: 1, title: "Not yet a coordination" });
  world.addIssue({ number: 978, title: "Elsewhere" });
  github = new AgentGitHub(world, new Map([["agent-token", "agent-7"], ["read-token", "agent-7"], ["stranger-token", "stranger"]]));
  github.readOnly.add("read-token");
  apiUrl = github.start();
  client = await connect("agent-token");
});

afterEach(async () => {
  await client.close();
  await github.stop();
});

const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;
const comments = () => world.issue(977).comments;

describe("tools", () => {
  it("lists the seven tools, each with an input schema", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["escalate", "get_context", "get_coordination", "lint_report", "next_task", "post_report", "post_standup"]);
    for (const t of tools) expect(t.inputSchema.type).toBe("object");
    expect(tools.find((t) => t.name === "post_report")?.inputSchema.required).toEqual(["worker", "phase", "issue", "status"]);
  });

  it("get_coordination: the state as published, in one GitHub request", async () => {
    const r = await call("get_coordination", {});
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ coordination: "owner/repo#977", title: "Miyabi master", sealed: false, state: { criticalPath: seedState().criticalPath } });
    expect(text(r)).toContain("Critical path: #987 → #988 → #989 → #991");
    expect(github.requests.filter((q) => q.path === "/api/graphql")).toHaveLength(1);
  });

  it("get_context: what /context answers for an issue", async () => {
    const r = await call("get_context", { issue: "#974" });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ issue: "owner/repo#974", tracked: true, context: { issue: { status: "in_progress" } } });
    const untracked = await call("get_context", { issue: "#5000" });
    expect(untracked.isError).toBe(true);
    expect(untracked.structuredContent).toMatchObject({ error: { code: "not_tracked" } });
  });

  it("next_task: ready issues for the worker, critical path first, with why", async () => {
    const r = await call("next_task", { worker: "7" });
    expect(r.isError).toBeFalsy();
    const next = r.structuredContent as { current: Array<{ ref: string }>; tasks: Array<{ ref: string; onCriticalPath: boolean; reasons: string[] }> };
    expect(next.current.map((c) => c.ref)).toContain("owner/repo#974");
    const critical = next.tasks.filter((t) => t.onCriticalPath);
    expect(next.tasks.slice(0, critical.length)).toEqual(critical);
    for (const t of next.tasks) expect(t.reasons[0]).toBe("ready: every blocker is done");
  });

  it("refuses bad input to the read tools, naming it", async () => {
    const noWorker = await call("next_task", { worker: "" });
    expect(noWorker.isError).toBe(true);
    expect(text(noWorker)).toContain("worker");
    const badIssue = await call("get_context", { issue: "issue twelve" });
    expect(badIssue.structuredContent).toMatchObject({ error: { code: "usage" } });
    const badRepo = await call("lint_report", { text: "hi", repo: "not a repo" });
    expect(badRepo.structuredContent).toMatchObject({ error: { code: "usage", message: '"not a repo" is not a repository (expected owner/repo)' } });
    const badCoordination = await call("get_coordination", { coordination: "#977" });
    expect(badCoordination.structuredContent).toMatchObject({ error: { code: "usage" } });
    expect(github.requests).toEqual([]);
  });

  it("lint_report: the app's parser, with problems and the corrected template", async () => {
    const bad = await call("lint_report", { text: "## Worker 7 Report - Phase 1\n\n**Status**: done" });
    expect(bad.structuredContent).toMatchObject({ kind: "malformed", valid: false, problems: [{ field: "Issue", problem: "missing" }] });
    expect(text(bad)).toContain("the app would not count this report");
    const good = await call("lint_report", { text: "## Worker 7 Report - Phase 1\n\n**Issue**: #974\n**Status**: done" });
    expect(good.structuredContent).toMatchObject({ kind: "report", valid: true, understood: { issue: { owner: "owner", repo: "repo", number: 974 } } });
  });

  it("post_report: posts the canonical template as the agent, which the app reads as meant", async () => {
    const r = await call("post_report", { worker: "7", phase: "Phase 1.3", issue: "#974", status: "complete", duration: "45m", deliverables: ["prisma/schema.prisma"], dependenciesCreated: ["#976"] });
    expect(r.isError).toBeFalsy();
    const posted = comments().at(-1);
    expect(posted).toMatchObject({ author: "agent-7", authorType: "User" });
    expect(r.structuredContent).toMatchObject({ posted: true, author: "agent-7", kind: "report", commentId: posted?.id, body: posted?.body });
    expect(parseComment(posted?.body ?? "", { owner: "owner", repo: "repo" })).toMatchObject({ kind: "report", report: { worker: "7", status: "complete", durationMinutes: 45 } });
  });

  it("post_report: refuses invalid fields, naming each, and posts nothing", async () => {
    const r = await call("post_report", { worker: "seven!", phase: "P", issue: "974", status: "complete", duration: "a while" });
    expect(r.isError).toBe(true);
    expect(r.structuredContent).toMatchObject({ error: { code: "invalid_fields", fields: [{ field: "worker" }, { field: "issue" }, { field: "duration" }] } });
    expect(text(r)).toContain("- issue: \"974\" is not an issue reference");
    const schema = await call("post_report", { worker: "7", phase: "P", issue: "#974", status: "finished" });
    expect(schema.isError).toBe(true);
    expect(text(schema)).toContain("status");
    expect(comments()).toEqual([]);
  });

  it("post_standup and escalate: posted as the agent, read by the app as a standup and an urgent comment", async () => {
    const s = await call("post_standup", { worker: "7", today: "#974 then #976", eta: "3h" });
    expect(s.isError).toBeFalsy();
    expect(comments().at(-1)?.body.split("\n")[0]).toBe("## Daily Standup - 2025-11-18 - Worker 7");
    const u = await call("escalate", { issue: "#975", reason: "the RBAC migration drops a column in production" });
    expect(u.isError).toBeFalsy();
    expect(parseComment(comments().at(-1)?.body ?? "", { owner: "owner", repo: "repo" })).toMatchObject({ kind: "urgent", urgent: { issues: [{ number: 975 }] } });
    const bad = await call("escalate", { issue: "#975", reason: "" });
    expect(bad.structuredContent).toMatchObject({ error: { code: "invalid_fields", fields: [{ field: "reason" }] } });
  });
});

describe("errors an agent can act on", () => {
  it("no permission: a token that may not write", async () => {
    const reader = await connect("read-token");
    const r = (await reader.callTool({ name: "escalate", arguments: { issue: "#975", reason: "down" } })) as CallToolResult;
    expect(r.isError).toBe(true);
    expect(r.structuredContent).toMatchObject({ error: { code: "no_permission" } });
    expect(text(r)).toContain("Resource not accessible by personal access token");
    await reader.close();
  });

  it("not found: a coordination the token cannot see, or that does not exist", async () => {
    const stranger = await connect("stranger-token");
    const hidden = (await stranger.callTool({ name: "get_coordination", arguments: {} })) as CallToolResult;
    expect(hidden.structuredContent).toMatchObject({ error: { code: "not_found" } });
    await stranger.close();
    const missing = await call("get_coordination", { coordination: "owner/repo#404" });
    expect(missing.structuredContent).toMatchObject({ error: { code: "not_found" } });
    const noDashboard = await call("get_coordination", { coordination: "owner/repo#1" });
    expect(noDashboard.structuredContent).toMatchObject({ error: { code: "no_state" } });
  });

  it("rate limited: with GitHub's wait", async () => {
    github.failNext((q) => q.path === "/api/graphql", { status: 429, headers: { "retry-after": "42" }, body: { message: "You have exceeded a secondary rate limit" } });
    const r = await call("get_coordination", {});
    expect(r.structuredContent).toMatchObject({ error: { code: "rate_limited", retryAfterSeconds: 42 } });
    expect(text(r)).toContain("retry in 42 s");
  });

  it("a 502 on a read: unavailable, try again", async () => {
    github.failNext((q) => q.path === "/api/graphql", { status: 502, body: { message: "Server Error" } });
    const r = await call("next_task", { worker: "7" });
    expect(r.structuredContent).toMatchObject({ error: { code: "unavailable" } });
  });

  it("a 502 on a post GitHub did not keep: unavailable, and it says posting again is safe", async () => {
    github.failNext((q) => q.method === "POST" && q.path.endsWith("/comments"), { status: 502 });
    const r = await call("post_report", { worker: "7", phase: "P", issue: "#974", status: "in_progress" });
    expect(r.structuredContent).toMatchObject({ error: { code: "unavailable" } });
    expect(text(r)).toContain("nothing was posted (checked), so posting again is safe");
    expect(comments()).toEqual([]);
  });

  it("a 502 on a post GitHub kept anyway: found again, reported as posted once", async () => {
    // GitHub keeps the comment and still answers 502: the fault answers after the world has it.
    github.failNext((q) => {
      if (q.method !== "POST" || !q.path.endsWith("/comments")) return false;
      world.addComment(977, "agent-7", (q.body as { body: string }).body);
      return true;
    }, { status: 502 });
    const r = await call("post_report", { worker: "7", phase: "P", issue: "#974", status: "in_progress" });
    expect(r.isError).toBeFalsy();
    expect(comments()).toHaveLength(1);
    expect(r.structuredContent).toMatchObject({ posted: true, commentId: comments()[0]?.id });
  });

  it("no coordination named: says how to name one", async () => {
    const unconfigured = await connect("agent-token", null);
    const r = (await unconfigured.callTool({ name: "get_coordination", arguments: {} })) as CallToolResult;
    expect(r.structuredContent).toMatchObject({ error: { code: "usage" } });
    expect(text(r)).toContain("--coordination");
    const named = (await unconfigured.callTool({ name: "get_coordination", arguments: { coordination: "https://github.com/owner/repo/issues/977" } })) as CallToolResult;
    expect(named.isError).toBeFalsy();
    await unconfigured.close();
  });
});

describe("resources", () => {
  it("lists and reads the configured coordination's dashboard and state", async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual([resourceUri(COORDINATION, "dashboard"), resourceUri(COORDINATION, "state")]);
    const state = await client.readResource({ uri: resourceUri(COORDINATION, "state") });
    expect(JSON.parse((state.contents[0] as { text: string }).text)).toMatchObject({ coordination: "owner/repo#977" });
    const dashboard = await client.readResource({ uri: resourceUri(COORDINATION, "dashboard") });
    expect((dashboard.contents[0] as { text: string }).text.startsWith("<!-- coordinator:dashboard:start -->")).toBe(true);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(["coordinator://{owner}/{repo}/{number}/dashboard", "coordinator://{owner}/{repo}/{number}/state"]);
  });
});
