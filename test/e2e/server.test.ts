// End to end: the built app started as `npm start` starts it (node dist/main.js, Probot's
// environment variables), a GitHub API on loopback (GHE_HOST/GHE_PROTOCOL), signed webhooks over HTTP.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { GitHubWorld } from "../fakes/github-world.js";
import { ROOT, sign, startApp, WEBHOOK_SECRET as SECRET, type RunningApp } from "../helpers/e2e.js";
import { testPrivateKey } from "../helpers/keys.js";

const world = new GitHubWorld();
let app: RunningApp;

beforeAll(async () => {
  world.addIssue({ number: 977, title: "Coordination", body: "Plan: #972 then #973.\n", labels: ["coordination"] });
  world.addIssue({ number: 972, title: "Database" });
  world.addIssue({ number: 973, title: "Schema" });
  world.permissions.set("worker3", "write");
  // The most verbose level: nothing a secret could hide behind.
  app = await startApp(world, { LOG_LEVEL: "trace", SYNTHESIS_SECRET: "cron-secret", METRICS_TOKEN: "metrics-token" });
}, 60_000);

afterAll(async () => app?.stop());

describe("the real server", () => {
  it("rejects a webhook with a bad signature and answers a signed report with a dashboard write", async () => {
    const report = world.addComment(977, "worker3", "## Worker 3 Report - Phase 1\n\n**Issue**: #972\n**Status**: 🔄 In Progress\n");
    const payload = {
      action: "created",
      issue: { number: 977, title: "Coordination", body: world.issue(977).body, state: "open", labels: [{ name: "coordination" }] },
      comment: { id: report.id, body: report.body, user: { login: "worker3", type: "User" } },
      repository: { name: "app", full_name: "acme/app", owner: { login: "acme" }, default_branch: "main" },
      sender: { login: "worker3", type: "User" },
      installation: { id: 99 },
    };

    expect(await app.post("issue_comment", payload, { signature: sign(JSON.stringify(payload), "wrong-secret") })).toBe(400);
    expect(app.github.requests).toEqual([]);

    expect(await app.post("issue_comment", payload)).toBeLessThan(300);
    const write = await app.github.waitFor((r) => r.method === "PATCH" && r.path === "/repos/acme/app/issues/977");

    expect(app.github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /app/installations/99/access_tokens",
      "GET /repos/acme/app/contents/.github/coordinator.yml",
      "GET /repos/acme/.github/contents/.github/coordinator.yml",
      "POST /api/graphql",
      "PATCH /repos/acme/app/issues/977",
    ]);
    const body = (write.body as { body: string }).body;
    expect(body.startsWith("Plan: #972 then #973.\n")).toBe(true);
    expect(parseState(body)?.workers.map((w) => [w.id, w.status])).toEqual([["3", "in_progress"]]);
  });

  it("logs JSON lines with the delivery, repository and issue, and never a secret", async () => {
    const logged = await new Promise<Record<string, unknown>>((resolveLine) => {
      const find = () => {
        const line = app.output().split("\n").find((l) => l.includes('"coordination processed"'));
        if (line) resolveLine(JSON.parse(line) as Record<string, unknown>);
        return Boolean(line);
      };
      if (!find()) app.child.stdout?.on("data", () => void find());
    });
    expect(logged).toMatchObject({ repo: "acme/app", issue: 977 });
    expect(logged.deliveries).toEqual(expect.arrayContaining([expect.stringMatching(/^e2e-/)]));
    for (const secret of ["e2e-token", SECRET, "PRIVATE KEY", testPrivateKey().split("\n")[1] ?? "unused"]) {
      expect(app.output()).not.toContain(secret);
    }
    // The most verbose level (trace) is on: every GitHub request is logged, and still no secret.
    expect(app.output()).toMatch(/"level":20,[^\n]*GitHub request/);
  });

  it("the synthesis endpoint refuses a missing or wrong secret and posts Team Status with the right one", async () => {
    const call = async (auth: string | null) => (await app.call("POST", "/api/coordinator/synthesize", auth ? { authorization: auth } : {})).status;
    const before = app.github.requests.length;
    expect(await call(null)).toBe(401);
    expect(await call("Bearer wrong")).toBe(401);
    expect(app.github.requests.length).toBe(before);
    expect(await call("Bearer cron-secret")).toBe(202);
    const posted = await app.github.waitFor((r) => r.method === "POST" && r.path === "/repos/acme/app/issues/977/comments");
    expect((posted.body as { body: string }).body).toMatch(/^<!-- coordinator:synthesis:\d{4}-\d{2}-\d{2} -->/);
    expect((posted.body as { body: string }).body).toContain("## Team Status - ");
    // Probot's access log wrote each call's headers: the secrets, right and wrong, are redacted.
    expect(app.output()).toContain("/api/coordinator/synthesize");
    expect(app.output()).toContain('"authorization":"[redacted]"');
    for (const secret of ["cron-secret", "Bearer wrong", "e2e-token", SECRET]) expect(app.output()).not.toContain(secret);
  });
});

describe("health, readiness and metrics", () => {
  it("/healthz and /readyz answer 200 while the app serves and its queue moves", async () => {
    expect((await app.call("GET", "/healthz")).status).toBe(200);
    const ready = await app.call("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ ready: true, reasons: [] });
  });

  it("/metrics needs the token, and then serves Prometheus text without repository or user names", async () => {
    expect((await app.call("GET", "/metrics")).status).toBe(401);
    expect((await app.call("GET", "/metrics", { authorization: "Bearer nope" })).status).toBe(401);
    const scraped = await app.call("GET", "/metrics", { authorization: "Bearer metrics-token" });
    expect(scraped.status).toBe(200);
    const text = scraped.body;
    expect(text).toMatch(/^coordinator_webhooks_total\{event="issue_comment"\} [1-9]/m);
    expect(text).toMatch(/^coordinator_runs_total\{kind="coordination",outcome="ok"\} [1-9]/m);
    expect(text).toMatch(/^coordinator_run_duration_seconds_count\{kind="route"\} [1-9]/m);
    expect(text).toMatch(/^coordinator_github_requests_total\{method="PATCH",status="200"\} [1-9]/m);
    expect(text).toMatch(/^coordinator_syntheses_total [1-9]/m);
    expect(text).toMatch(/^coordinator_queue_depth 0$/m);
    expect(text).toMatch(/^coordinator_write_budget_remaining\{window="hour"\} \d+/m);
    expect(text).toMatch(/^coordinator_process_cpu_seconds_total /m);
    for (const name of ["acme", "worker3", "Database"]) expect(text).not.toContain(name);
    // No label names an issue either: every label value is a word, a method or a status.
    for (const [, value] of text.matchAll(/="([^"]*)"/g)) expect(value).toMatch(/^[A-Za-z0-9_.+-]*$/);
  });
});

describe("starting and stopping", () => {
  it("refuses to start in production without a webhook secret of its own, saying why", () => {
    for (const secret of [undefined, "development"]) {
      const env: Record<string, string> = { PATH: process.env.PATH ?? "", NODE_ENV: "production", APP_ID: "123", PRIVATE_KEY: testPrivateKey(), PORT: "0" };
      if (secret !== undefined) env.WEBHOOK_SECRET = secret;
      const result = spawnSync(process.execPath, [join(ROOT, "dist/main.js")], { cwd: mkdtempSync(join(tmpdir(), "coordinator-e2e-")), env, encoding: "utf8", timeout: 30_000 });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/will not start: WEBHOOK_SECRET is (not set|the public default "development")/);
    }
  });

  it("SIGTERM during a run: no new webhooks, the run's writes complete, exit 0", async () => {
    const report = world.addComment(977, "worker3", "## Worker 3 Report - Phase 1\n\n**Issue**: #973\n**Status**: 🔄 In Progress\n");
    // GitHub holds the dashboard write: the run is in flight when the signal comes.
    const held = app.github.hold((r) => r.method === "PATCH" && r.path === "/repos/acme/app/issues/977");
    const payload = {
      action: "created",
      issue: { number: 977, title: "Coordination", body: world.issue(977).body, state: "open", labels: [{ name: "coordination" }] },
      comment: { id: report.id, body: report.body, user: { login: "worker3", type: "User" } },
      repository: { name: "app", full_name: "acme/app", owner: { login: "acme" }, default_branch: "main" },
      sender: { login: "worker3", type: "User" },
      installation: { id: 99 },
    };
    expect(await app.post("issue_comment", payload)).toBeLessThan(300);
    const writes = app.github.requests.filter((r) => r.method === "PATCH").length;
    await app.github.waitFor((r) => r.method === "PATCH" && app.github.requests.filter((x) => x.method === "PATCH").length > writes);
    const exited = new Promise<number | null>((resolveExit) => app.child.once("exit", (code) => resolveExit(code)));
    app.child.kill("SIGTERM");
    await app.logged("stopped listening");
    // No new webhooks: the port no longer answers.
    await expect(app.post("issue_comment", payload)).rejects.toThrow();
    held.release();
    expect(await exited).toBe(0);
    expect(parseState(world.issue(977).body)?.issues.find((i) => i.ref === "acme/app#973")?.status).toBe("in_progress");
    expect(app.output()).toContain("stopped: every run in flight finished");
  });
});

