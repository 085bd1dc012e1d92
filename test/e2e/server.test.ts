// End to end: the built app started as `npm start` starts it (node dist/main.js, Probot's
// environment variables), a GitHub API on loopback (GHE_HOST/GHE_PROTOCOL), signed webhooks over HTTP.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { FakeGitHubServer } from "../fakes/github-server.js";
import { GitHubWorld } from "../fakes/github-world.js";
import { testPrivateKey } from "../helpers/keys.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SECRET = "e2e-secret";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

const world = new GitHubWorld();
const github = new FakeGitHubServer(world);
let app: ChildProcess;
let appPort = 0;
/** Everything the app printed: its logs. */
let output = "";

let deliveries = 0;

/** POSTs a webhook as GitHub does (node:http: fetch refuses some ports a free-port pick may return). */
function post(event: string, payload: unknown, signature?: string): Promise<number> {
  const body = JSON.stringify(payload);
  deliveries += 1;
  return new Promise((resolveStatus, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: appPort,
        path: "/api/github/webhooks",
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-github-event": event,
          "x-github-delivery": `e2e-${deliveries}`,
          "x-hub-signature-256": signature ?? sign(body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolveStatus(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

beforeAll(async () => {
  world.addIssue({ number: 977, title: "Coordination", body: "Plan: #972 then #973.\n", labels: ["coordination"] });
  world.addIssue({ number: 972, title: "Database" });
  world.addIssue({ number: 973, title: "Schema" });
  world.permissions.set("worker3", "write");
  const githubPort = await github.start();
  appPort = await freePort();
  // A working directory of its own: Probot reads `.env` from it, and a developer's must not leak in.
  const cwd = mkdtempSync(join(tmpdir(), "coordinator-e2e-"));
  app = spawn(process.execPath, [join(ROOT, "dist/main.js")], {
    cwd,
    env: {
      PATH: process.env.PATH ?? "",
      APP_ID: "123",
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET: SECRET,
      GHE_HOST: `127.0.0.1:${githubPort}`,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(appPort),
      LOG_FORMAT: "json",
      LOG_LEVEL: "trace",
      NODE_ENV: "production",
      SYNTHESIS_SECRET: "cron-secret",
      METRICS_TOKEN: "metrics-token",
      // The scheduler's hourly walk would add requests at start; the endpoint below walks instead.
      SYNTHESIS_SCHEDULER: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolveReady, reject) => {
    app.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Listening on")) resolveReady();
    });
    app.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    app.on("exit", (code) => reject(new Error(`app exited with ${code}: ${output}`)));
  });
}, 120_000);

afterAll(async () => {
  app?.kill();
  await github.stop();
});

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

    expect(await post("issue_comment", payload, sign(JSON.stringify(payload), "wrong-secret"))).toBe(400);
    expect(github.requests).toEqual([]);

    expect(await post("issue_comment", payload)).toBeLessThan(300);
    const write = await github.waitFor((r) => r.method === "PATCH" && r.path === "/repos/acme/app/issues/977");

    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
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
        const line = output.split("\n").find((l) => l.includes('"coordination processed"'));
        if (line) resolveLine(JSON.parse(line) as Record<string, unknown>);
        return Boolean(line);
      };
      if (!find()) app.stdout?.on("data", () => void find());
    });
    expect(logged).toMatchObject({ repo: "acme/app", issue: 977 });
    expect(logged.deliveries).toEqual(expect.arrayContaining([expect.stringMatching(/^e2e-/)]));
    for (const secret of ["e2e-token", SECRET, "PRIVATE KEY", testPrivateKey().split("\n")[1] ?? "unused"]) {
      expect(output).not.toContain(secret);
    }
    // The most verbose level (trace) is on: every GitHub request is logged, and still no secret.
    expect(output).toMatch(/"level":20,[^\n]*GitHub request/);
  });

  it("the synthesis endpoint refuses a missing or wrong secret and posts Team Status with the right one", async () => {
    const call = (auth: string | null) =>
      new Promise<number>((resolveStatus, reject) => {
        const req = request(
          { host: "127.0.0.1", port: appPort, path: "/api/coordinator/synthesize", method: "POST", headers: auth ? { authorization: auth } : {} },
          (res) => {
            res.resume();
            res.on("end", () => resolveStatus(res.statusCode ?? 0));
          },
        );
        req.on("error", reject);
        req.end();
      });
    const before = github.requests.length;
    expect(await call(null)).toBe(401);
    expect(await call("Bearer wrong")).toBe(401);
    expect(github.requests.length).toBe(before);
    expect(await call("Bearer cron-secret")).toBe(202);
    const posted = await github.waitFor((r) => r.method === "POST" && r.path === "/repos/acme/app/issues/977/comments");
    expect((posted.body as { body: string }).body).toMatch(/^<!-- coordinator:synthesis:\d{4}-\d{2}-\d{2} -->/);
    expect((posted.body as { body: string }).body).toContain("## Team Status - ");
    // Probot's access log wrote each call's headers: the secrets, right and wrong, are redacted.
    expect(output).toContain("/api/coordinator/synthesize");
    expect(output).toContain('"authorization":"[redacted]"');
    for (const secret of ["cron-secret", "Bearer wrong", "e2e-token", SECRET]) expect(output).not.toContain(secret);
  });
});

/** Resolves when the app has printed `text` (now or later). */
function logged(text: string): Promise<void> {
  return new Promise((resolveLogged) => {
    const check = () => {
      if (!output.includes(text)) return false;
      resolveLogged();
      return true;
    };
    if (!check()) app.stdout?.on("data", () => void check());
  });
}

/** GET on the app's server: status and body. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolveGet, reject) => {
    const req = request({ host: "127.0.0.1", port: appPort, path, method: "GET", headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolveGet({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("health, readiness and metrics", () => {
  it("/healthz and /readyz answer 200 while the app serves and its queue moves", async () => {
    expect((await get("/healthz")).status).toBe(200);
    const ready = await get("/readyz");
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ ready: true, reasons: [] });
  });

  it("/metrics needs the token, and then serves Prometheus text without repository or user names", async () => {
    expect((await get("/metrics")).status).toBe(401);
    expect((await get("/metrics", { authorization: "Bearer nope" })).status).toBe(401);
    const scraped = await get("/metrics", { authorization: "Bearer metrics-token" });
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
    const held = github.hold((r) => r.method === "PATCH" && r.path === "/repos/acme/app/issues/977");
    const payload = {
      action: "created",
      issue: { number: 977, title: "Coordination", body: world.issue(977).body, state: "open", labels: [{ name: "coordination" }] },
      comment: { id: report.id, body: report.body, user: { login: "worker3", type: "User" } },
      repository: { name: "app", full_name: "acme/app", owner: { login: "acme" }, default_branch: "main" },
      sender: { login: "worker3", type: "User" },
      installation: { id: 99 },
    };
    expect(await post("issue_comment", payload)).toBeLessThan(300);
    const writes = github.requests.filter((r) => r.method === "PATCH").length;
    await github.waitFor((r) => r.method === "PATCH" && github.requests.filter((x) => x.method === "PATCH").length > writes);
    const exited = new Promise<number | null>((resolveExit) => app.once("exit", (code) => resolveExit(code)));
    app.kill("SIGTERM");
    await logged("stopped listening");
    // No new webhooks: the port no longer answers.
    await expect(post("issue_comment", payload)).rejects.toThrow();
    held.release();
    expect(await exited).toBe(0);
    expect(parseState(world.issue(977).body)?.issues.find((i) => i.ref === "acme/app#973")?.status).toBe("in_progress");
    expect(output).toContain("stopped: every run in flight finished");
  });
});

