// End to end: `coordinator mcp` spawned as an agent client spawns it (stdio, the agent's own
// GITHUB_TOKEN), posts a report; then the app, started as `npm start` starts it on the same
// simulated GitHub, receives GitHub's webhook for that comment and its dashboard shows the report.
// What the MCP server posts is what the app accepts.
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { parseState } from "../../../src/domain/dashboard.js";
import { AgentGitHub } from "../../fakes/agent-github.js";
import { GitHubWorld } from "../../fakes/github-world.js";
import { runCoordinator } from "../../helpers/cli.js";
import { installation, repository, ROOT, startApp, type RunningApp } from "../../helpers/e2e.js";

let app: RunningApp | null = null;
let github: AgentGitHub | null = null;
let client: Client | null = null;

afterEach(async () => {
  await client?.close();
  await app?.stop();
  await github?.stop();
  client = null;
  app = null;
  github = null;
});

describe("coordinator mcp over stdio", () => {
  it("posts a report that the app, run on the same GitHub, shows on the dashboard", async () => {
    const world = new GitHubWorld();
    world.addIssue({ number: 977, title: "Coordination", body: "Plan: #972 then #973.\n\n#972 → #973\n", labels: ["coordination"] });
    world.addIssue({ number: 972, title: "Database" });
    world.addIssue({ number: 973, title: "Schema" });
    world.permissions.set("agent-7", "triage");
    github = new AgentGitHub(world, new Map([["agent-token", "agent-7"]]));
    const apiUrl = await github.start();

    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(ROOT, "bin/coordinator.js"), "mcp", "--coordination", "acme/app#977"],
      env: { PATH: process.env.PATH ?? "", GITHUB_TOKEN: "agent-token", GITHUB_API_URL: apiUrl },
      stderr: "pipe",
    });
    client = new Client({ name: "e2e-agent", version: "1.0.0" });
    await client.connect(transport);
    const result = (await client.callTool({
      name: "post_report",
      arguments: { worker: "7", phase: "Phase 1", issue: "#972", status: "complete", duration: "1h", deliverables: ["db/connection.ts"], next: "#973" },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const posted = world.issue(977).comments.at(-1);
    expect(posted).toMatchObject({ author: "agent-7" });
    expect(result.structuredContent).toMatchObject({ posted: true, commentId: posted?.id });

    // GitHub tells the app about the comment; the app reads the same world with its own identity.
    app = await startApp(world);
    const payload = {
      action: "created",
      issue: { number: 977, title: "Coordination", body: world.issue(977).body, state: "open", labels: [{ name: "coordination" }] },
      comment: { id: posted?.id, body: posted?.body, user: { login: "agent-7", type: "User" } },
      repository: repository(),
      sender: { login: "agent-7", type: "User" },
      installation,
    };
    expect(await app.post("issue_comment", payload)).toBeLessThan(300);
    await app.github.waitFor((r) => r.method === "PATCH" && r.path === "/repos/acme/app/issues/977");
    const body = world.issue(977).body;
    const state = parseState(body);
    expect(state?.reports.map((r) => [r.worker, r.issue, r.status, r.author])).toEqual([["7", "acme/app#972", "complete", "agent-7"]]);
    expect(state?.workers.map((w) => [w.id, w.login, w.status])).toEqual([["7", "agent-7", "complete"]]);
    expect(body).toContain("db/connection.ts");
    // Accepted as is: the app wrote no reply to it (a malformed report would get one).
    expect(world.issue(977).comments.filter((c) => c.author !== "agent-7")).toEqual([]);

    // And the agent reads back what the app made of it.
    const read = (await client.callTool({ name: "get_context", arguments: { issue: "#973" } })) as CallToolResult;
    expect(read.isError).toBeFalsy();
    expect(read.structuredContent).toMatchObject({ tracked: true, context: { blockers: [{ ref: "acme/app#972", done: false }] } });
  }, 60_000);

  it("exits 2 without GITHUB_TOKEN or with a bad --coordination", async () => {
    const noToken = await runCoordinator(["mcp"]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("GITHUB_TOKEN is not set");
    const bad = await runCoordinator(["mcp", "--coordination", "977"], { env: { GITHUB_TOKEN: "t" } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("is not an issue");
  });

  it("serves until its input closes, writing nothing but the protocol to stdout", async () => {
    const r = await runCoordinator(["mcp"], { env: { GITHUB_TOKEN: "t" }, stdin: "" });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("coordinator mcp: serving on stdio");
  });
});
