// End to end: a newcomer's first `npm start`. The built app starts with no credentials at all (no
// APP_ID, no PRIVATE_KEY, NODE_ENV unset) in a fresh working directory laid out like the Docker
// image (package.json, app.yml, the build), and Probot's setup flow serves the page that registers
// the app: /probot carries the manifest built from app.yml. With WEBHOOK_PROXY_URL set, Probot
// starts the webhook proxy (smee-client) and the manifest registers the proxy as the webhook URL.
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, request, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
/** Its own build directory: other end-to-end files build `dist/` at the same time. */
// dist/ is built once for all tests (test/global-setup.ts).
const BUILD = join(ROOT, "dist");
const yaml = createRequire(join(ROOT, "node_modules/probot/lib/index.js"))("yaml") as typeof import("yaml");

interface AppManifest {
  name: string;
  public: boolean;
  url: string;
  redirect_url: string;
  hook_attributes: { url: string };
  default_events: string[];
  default_permissions: Record<string, string>;
}

const appYml = yaml.parse(readFileSync(join(ROOT, "app.yml"), "utf8")) as Pick<AppManifest, "default_events" | "default_permissions" | "name">;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** GET over node:http (fetch refuses some ports a free-port pick may return). */
function get(port: number, path: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolveResponse, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolveResponse({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The manifest the "Register GitHub App" button posts to GitHub (Probot's setup view). */
function manifestOf(html: string): AppManifest {
  const m = /name="manifest"[^>]*value='([^']*)'/.exec(html);
  if (!m) throw new Error(`no manifest in the page:\n${html.slice(0, 500)}`);
  return JSON.parse(m[1] ?? "") as AppManifest;
}

interface Started {
  child: ChildProcess;
  port: number;
  cwd: string;
  output: () => string;
}

const running: Started[] = [];

/** `node <build>/main.js` in a fresh directory with package.json and app.yml, as in the image. */
async function startApp(extraEnv: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), "coordinator-setup-"));
  copyFileSync(join(ROOT, "package.json"), join(cwd, "package.json"));
  copyFileSync(join(ROOT, "app.yml"), join(cwd, "app.yml"));
  let output = "";
  const child = spawn(process.execPath, [join(BUILD, "main.js")], {
    cwd,
    // Nothing inherited: no credentials, NODE_ENV unset, no proxy variables from this machine.
    env: {
      PATH: process.env.PATH ?? "",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      // The setup flow would otherwise ask smee.io for a channel (no network here).
      NO_SMEE_SETUP: "true",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const started: Started = { child, port, cwd, output: () => output };
  running.push(started);
  await new Promise<void>((resolveReady, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Listening on")) resolveReady();
    });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`app exited with ${code}: ${output}`)));
  });
  return started;
}

/** Resolves when the app has printed `text` (now or later); the test's timeout bounds the wait. */
function waitForOutput(app: Started, text: string): Promise<void> {
  return new Promise((resolveSeen) => {
    const seen = () => {
      if (!app.output().includes(text)) return false;
      resolveSeen();
      return true;
    };
    if (!seen()) {
      app.child.stdout?.on("data", () => void seen());
      app.child.stderr?.on("data", () => void seen());
    }
  });
}

afterEach(async () => {
  for (const app of running.splice(0)) {
    if (app.child.exitCode === null) {
      const exited = new Promise((r) => app.child.once("exit", r));
      app.child.kill("SIGINT");
      await exited;
    }
    rmSync(app.cwd, { recursive: true, force: true });
  }
});

describe("first start without credentials", () => {
  it("serves Probot's setup page with the manifest of app.yml", async () => {
    const app = await startApp();

    const root = await get(app.port, "/");
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe("/probot");

    const page = await get(app.port, "/probot");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    const manifest = manifestOf(page.body);
    expect(manifest.name).toBe(appYml.name);
    expect(manifest.public).toBe(false);
    expect([...manifest.default_events].sort()).toEqual([...appYml.default_events].sort());
    expect(manifest.default_permissions).toEqual(appYml.default_permissions);
    // Without a proxy, GitHub is told to deliver to this server itself, and comes back to finish setup.
    expect(manifest.hook_attributes.url).toBe(`http://127.0.0.1:${app.port}/`);
    expect(manifest.redirect_url).toBe(`http://127.0.0.1:${app.port}/probot/setup`);

    expect((await get(app.port, "/ping")).body).toBe("PONG");
    expect(app.output()).toContain("Probot is in setup mode");
    // Nothing written yet: .env appears only once GitHub hands back the credentials.
    expect(existsSync(join(app.cwd, ".env"))).toBe(false);
  });
});

describe("first start with WEBHOOK_PROXY_URL", () => {
  /** Enough of smee.io for smee-client: an event stream that opens, then carries one delivery. */
  const channel = {
    server: createHttpServer(),
    port: 0,
    requests: [] as Array<{ path: string; accept: string }>,
    streams: [] as ServerResponse[],
  };

  beforeAll(async () => {
    channel.server.on("request", (req, res) => {
      channel.requests.push({ path: req.url ?? "", accept: String(req.headers.accept ?? "") });
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      res.write(": connected\n\n");
      channel.streams.push(res);
    });
    await new Promise<void>((r) => channel.server.listen(0, "127.0.0.1", r));
    channel.port = (channel.server.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const stream of channel.streams) stream.end();
    channel.server.closeAllConnections();
    await new Promise<void>((r) => channel.server.close(() => r()));
  });

  it("starts the proxy, registers the proxy URL as the webhook URL, and forwards deliveries to the app", async () => {
    const proxyUrl = `http://127.0.0.1:${channel.port}/e2e-channel`;
    const app = await startApp({ WEBHOOK_PROXY_URL: proxyUrl });

    // smee-client connected to the channel as an EventSource (Probot starts it once it listens)…
    await waitForOutput(app, `Forwarding ${proxyUrl} to http://127.0.0.1:${app.port}/api/github/webhooks`);
    expect(channel.requests).toContainEqual({ path: "/e2e-channel", accept: "text/event-stream" });
    expect(app.output()).not.toContain("npm install --save-dev smee-client");

    // …the app registered from this page will send its webhooks to the channel…
    const manifest = manifestOf((await get(app.port, "/probot")).body);
    expect(manifest.hook_attributes.url).toBe(proxyUrl);
    expect(manifest.default_permissions).toEqual(appYml.default_permissions);

    // …and what arrives on the channel reaches the app's webhook endpoint (unsigned here: 400).
    const delivery = { "x-github-event": "ping", "x-github-delivery": "e2e-proxy-1", body: { zen: "Keep it logically awesome." } };
    for (const stream of channel.streams) stream.write(`data: ${JSON.stringify(delivery)}\n\n`);
    await waitForOutput(app, `POST http://127.0.0.1:${app.port}/api/github/webhooks - 400`);
  });
});
