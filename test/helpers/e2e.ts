// The built app as `npm start` runs it (node dist/main.js, Probot's environment variables, a
// working directory of its own), talking to a GitHub on loopback (GHE_HOST/GHE_PROTOCOL), fed
// signed webhooks over HTTP. dist/ is built once for all tests (test/global-setup.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { FakeGitHubServer } from "../fakes/github-server.js";
import type { GitHubWorld } from "../fakes/github-world.js";
import { testPrivateKey } from "./keys.js";

/** The repository: two folders up from test/helpers, or from dist-bench/test/helpers for the benchmarks. */
export const ROOT = [resolve(import.meta.dirname, "../.."), resolve(import.meta.dirname, "../../..")].find((dir) => existsSync(join(dir, "package.json"))) ?? resolve(import.meta.dirname, "../..");
export const WEBHOOK_SECRET = "e2e-secret";

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export function sign(body: string, secret = WEBHOOK_SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export interface RunningApp {
  child: ChildProcess;
  port: number;
  github: FakeGitHubServer;
  /** Everything the app printed so far: its logs. */
  output(): string;
  /** Resolves when the app has printed `text` (now or later). */
  logged(text: string): Promise<void>;
  /** POSTs a webhook as GitHub does; resolves with the HTTP status. */
  post(event: string, payload: unknown, options?: { signature?: string; delivery?: string }): Promise<number>;
  /** A plain HTTP request to the app's server. */
  call(method: string, path: string, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-work, nothing runs on its way out. */
  kill(): Promise<void>;
}

let deliveries = 0;

/** A GitHub on loopback that several apps (replicas) can share: start it once, pass it to each. */
export async function startGitHub(world: GitHubWorld): Promise<{ github: FakeGitHubServer; port: number }> {
  const github = new FakeGitHubServer(world);
  return { github, port: await github.start() };
}

export async function startApp(world: GitHubWorld, env: Record<string, string> = {}, shared?: { github: FakeGitHubServer; port: number }): Promise<RunningApp> {
  const github = shared?.github ?? new FakeGitHubServer(world);
  const githubPort = shared?.port ?? (await github.start());
  const port = await freePort();
  let output = "";
  // A working directory of its own: Probot reads `.env` from it, and a developer's must not leak in.
  const child = spawn(process.execPath, [join(ROOT, "dist/main.js")], {
    cwd: mkdtempSync(join(tmpdir(), "coordinator-e2e-")),
    env: {
      PATH: process.env.PATH ?? "",
      APP_ID: "123",
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET,
      GHE_HOST: `127.0.0.1:${githubPort}`,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      NODE_ENV: "production",
      // The scheduler's walk at start would add requests the tests do not expect.
      SYNTHESIS_SCHEDULER: "off",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const logged = (text: string) =>
    new Promise<void>((resolveLogged) => {
      const seen = () => {
        if (!output.includes(text)) return false;
        resolveLogged();
        return true;
      };
      if (!seen()) child.stdout?.on("data", () => void seen());
    });
  await new Promise<void>((resolveReady, reject) => {
    child.once("exit", (code) => reject(new Error(`app exited with ${code}: ${output}`)));
    void logged("Listening on").then(resolveReady);
  });
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    new Promise<{ status: number; body: string }>((resolveCall, reject) => {
      const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolveCall({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.end(body);
    });
  return {
    child,
    port,
    github,
    output: () => output,
    logged,
    post: async (event, payload, options = {}) => {
      const body = JSON.stringify(payload);
      deliveries += 1;
      const res = await call(
        "POST",
        "/api/github/webhooks",
        {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "x-github-event": event,
          "x-github-delivery": options.delivery ?? `e2e-${process.pid}-${deliveries}`,
          "x-hub-signature-256": options.signature ?? sign(body),
        },
        body,
      );
      return res.status;
    },
    call: (method, path, headers) => call(method, path, headers),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      // A shared GitHub outlives each replica: its starter stops it.
      if (!shared) await github.stop();
    },
    kill: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Payload parts as GitHub sends them (trimmed to what the app reads, with `installation`). */
export const repository = (owner = "acme", repo = "app") => ({ name: repo, full_name: `${owner}/${repo}`, owner: { login: owner }, default_branch: "main" });
export const installation = { id: 99 };

export function issuePayload(world: GitHubWorld, number: number, owner = "acme", repo = "app") {
  const issue = world.issue(number, owner, repo);
  return { number, title: issue.title, body: issue.body, state: issue.state.toLowerCase(), labels: issue.labels.map((name) => ({ name })) };
}
