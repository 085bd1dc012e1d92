// `coordinator state`, `context` and `preview`, spawned as built, against GitHub on loopback as a
// token-holder sees it (test/fakes/agent-github.ts over the world of test/fakes/github-world.ts).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderDashboard, replaceDashboard } from "../../src/domain/dashboard.js";
import { AgentGitHub } from "../fakes/agent-github.js";
import { GitHubWorld } from "../fakes/github-world.js";
import { NOW, seedState } from "../fixtures/dashboard/states.js";
import { runCoordinator } from "../helpers/cli.js";

const TOKEN = "alice-token";
let world: GitHubWorld;
let github: AgentGitHub;
let env: Record<string, string>;

beforeEach(async () => {
  world = new GitHubWorld("owner", "repo");
  world.permissions.set("alice", "write");
  // A seed-sized coordination whose dashboard the app wrote.
  const body = replaceDashboard("## Miyabi master plan\n\nPhase 1: #972 → #973 → #974\n", renderDashboard(seedState(), { now: NOW, repo: { owner: "owner", repo: "repo" } }));
  world.addIssue({ number: 977, title: "Miyabi master", labels: ["coordination"], body });
  // A small one without a dashboard yet, for previews.
  world.addIssue({ number: 1, title: "Release 1", labels: ["coordination"], body: "Tracked:\n- #2\n- #3\n\n#2 → #3\n" });
  world.addIssue({ number: 2, title: "API" });
  world.addIssue({ number: 3, title: "UI" });
  world.addIssue({ number: 4, title: "Docs" });
  github = new AgentGitHub(world, new Map([[TOKEN, "alice"]]));
  env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: await github.start() };
});

afterEach(async () => {
  await github.stop();
});

const writes = () => github.requests.filter((r) => r.method !== "GET" && !(r.method === "POST" && r.path === "/api/graphql" && !/mutation/.test(JSON.stringify(r.body))));

describe("coordinator state", () => {
  it("prints the state block as JSON, read in one GraphQL request", async () => {
    const r = await runCoordinator(["state", "owner/repo#977", "--json"], { env });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const state = JSON.parse(r.stdout) as { coordination: string; progress: { done: number }; criticalPath: string[] };
    expect(state.coordination).toBe("owner/repo#977");
    expect(state.criticalPath).toEqual(seedState().criticalPath);
    expect(github.requests).toHaveLength(1);
    expect(github.requests[0]).toMatchObject({ method: "POST", path: "/api/graphql", login: "alice" });
  });

  it("prints a short human summary, and says the block is unsealed (the app will rebuild it)", async () => {
    const r = await runCoordinator(["state", "https://github.com/owner/repo/issues/977"], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#977 "Miyabi master": (GREEN|YELLOW|RED) \(/);
    expect(r.stdout).toContain("Critical path: #987 → #988 → #989 → #991");
    expect(r.stdout).toContain("the state block carries no seal");
  });

  it("exits 1 when the issue has no dashboard, is missing, or the token is refused", async () => {
    const none = await runCoordinator(["state", "owner/repo#1"], { env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("owner/repo#1 has no state block");
    const missing = await runCoordinator(["state", "owner/repo#404"], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^not_found: /);
    const refused = await runCoordinator(["state", "owner/repo#977"], { env: { ...env, GITHUB_TOKEN: "revoked" } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^unauthenticated: GitHub refused the token \(401/);
    // The token is never printed.
    expect(refused.stderr).not.toContain("revoked");
  });

  it("says how long to wait when GitHub's rate limit is spent", async () => {
    github.failNext(() => true, { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 120) }, body: { message: "API rate limit exceeded" } });
    const r = await runCoordinator(["state", "owner/repo#977"], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rate_limited: .*retry in (11\d|120) s/);
  });

  it.each([
    [["state"], "name one coordination"],
    [["state", "#977"], "is not an issue (expected owner/repo#N"],
    [["state", "owner/repo#977", "--yaml"], "unknown option --yaml"],
  ])("exits 2 on a usage error: %j", async (args, message) => {
    const r = await runCoordinator(args, { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("exits 2 without GITHUB_TOKEN", async () => {
    const r = await runCoordinator(["state", "owner/repo#977"], { env: { GITHUB_API_URL: env.GITHUB_API_URL ?? "" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("GITHUB_TOKEN is not set");
  });
});

describe("coordinator context", () => {
  it("prints what /context would answer for a tracked issue", async () => {
    const r = await runCoordinator(["context", "owner/repo#977", "#974"], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("#974");
    expect(r.stdout).toContain("Phase 1.3 - Organization Schema");
    const json = await runCoordinator(["context", "owner/repo#977", "974", "--json"], { env });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ issue: "owner/repo#974", tracked: true, context: { issue: { ref: "owner/repo#974", status: "in_progress" } } });
  });

  it("exits 1 for an issue the coordination does not track, 2 without the issue", async () => {
    const r = await runCoordinator(["context", "owner/repo#977", "#5000", "--json"], { env });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ tracked: false, context: null });
    const usage = await runCoordinator(["context", "owner/repo#977"], { env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("name a coordination and an issue");
  });
});

describe("coordinator preview", () => {
  it("runs the app's plan for a command and shows its reply and changes, writing nothing", async () => {
    const before = JSON.stringify([...world.issues.values()]);
    const r = await runCoordinator(["preview", "/track #4", "--on", "owner/repo#1"], { env });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Preview of "/track #4" on owner/repo#1 as alice: nothing was written.');
    expect(r.stdout).toContain("The app would reply:");
    expect(r.stdout).toContain("#4");
    expect(r.stdout).toMatch(/owner\/repo#1: rewrite the body \(\d+ characters\)/);
    // Nothing changed on GitHub, and nothing but reads was asked of it.
    expect(JSON.stringify([...world.issues.values()])).toBe(before);
    expect(writes()).toEqual([]);
  });

  it("answers in JSON with the reply and the writes, as the app would make them", async () => {
    const r = await runCoordinator(["preview", "/status", "--on", "owner/repo#1", "--json"], { env });
    expect(r.code).toBe(0);
    const preview = JSON.parse(r.stdout) as { as: string; reply: string; writes: Array<{ method: string; target: string; body?: string }> };
    expect(preview.as).toBe("alice");
    expect(preview.reply).toContain("#2");
    const body = preview.writes.find((w) => w.method === "updateIssueBody")?.body ?? "";
    expect(body).toContain("<!-- coordinator:dashboard:start -->");
    expect(body.startsWith("Tracked:\n- #2\n- #3")).toBe(true);
  });

  it("shows a refusal for someone without the permission a command needs", async () => {
    world.permissions.set("alice", "read");
    const r = await runCoordinator(["preview", "/track #4", "--on", "owner/repo#1", "--json"], { env });
    expect(r.code).toBe(0);
    const preview = JSON.parse(r.stdout) as { reply: string; writes: Array<{ method: string; body?: string }> };
    expect(preview.reply).toContain("- `/track #4`: 🚫 refused: has read permission; write or higher is needed");
    // The first dashboard is still written (the coordination has none yet), without #4.
    const body = preview.writes.find((w) => w.method === "updateIssueBody")?.body ?? "";
    expect(body.startsWith("Tracked:\n- #2\n- #3\n")).toBe(true);
    expect(body).not.toContain("- #4");
  });

  it("exits 1 when the text holds no command the app knows", async () => {
    const r = await runCoordinator(["preview", "/frobnicate", "--on", "owner/repo#1"], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("The app would not answer: no command it knows in this text");
  });

  it.each([
    [["preview", "/status"], "--on <owner/repo#N> names the coordination"],
    [["preview", "status", "--on", "owner/repo#1"], "is not a slash command"],
    [["preview", "--on", "owner/repo#1"], "give the command as one argument"],
  ])("exits 2 on a usage error: %j", async (args, message) => {
    const r = await runCoordinator(args, { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
