import { request, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Metrics } from "../../src/metrics.js";
import { healthEndpoints, readinessOf, STUCK_AFTER_MS } from "../../src/server/health.js";

describe("readinessOf", () => {
  it.each<[string, Parameters<typeof readinessOf>[0], string[]]>([
    ["serving, queue moving, GitHub answering", { draining: false, oldestReadyMs: 0, lastGitHubStatus: 200 }, []],
    ["no GitHub request yet", { draining: false, oldestReadyMs: 0, lastGitHubStatus: 0 }, []],
    ["a 404 is not a credentials problem", { draining: false, oldestReadyMs: 0, lastGitHubStatus: 404 }, []],
    ["shutting down", { draining: true, oldestReadyMs: 0, lastGitHubStatus: 200 }, ["shutting down"]],
    ["work stuck for longer than allowed", { draining: false, oldestReadyMs: STUCK_AFTER_MS + 1, lastGitHubStatus: 200 }, ["the queue is not moving (work has waited 300 s)"]],
    ["credentials refused", { draining: false, oldestReadyMs: 0, lastGitHubStatus: 401 }, ["GitHub refused the app's credentials on the last request"]],
  ])("%s", (_name, state, reasons) => {
    expect(readinessOf(state)).toEqual({ ready: reasons.length === 0, reasons });
  });
});

let server: Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(handler: ReturnType<typeof healthEndpoints>): Promise<number> {
  server = createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers["content-type"]) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("healthEndpoints", () => {
  const metrics = () => new Metrics({ queue: () => ({ depth: 2, oldestMs: 1500 }), budget: () => ({ minute: 79, hour: 499 }) }, false);

  it("answers /healthz, /readyz (503 with reasons when not ready) and leaves other paths alone", async () => {
    let ready = true;
    const port = await serve(healthEndpoints({ readiness: () => (ready ? { ready: true, reasons: [] } : { ready: false, reasons: ["shutting down"] }), metrics: metrics() }));
    expect((await get(port, "/healthz")).status).toBe(200);
    expect((await get(port, "/readyz")).status).toBe(200);
    ready = false;
    expect(await get(port, "/readyz")).toMatchObject({ status: 503, body: JSON.stringify({ ready: false, reasons: ["shutting down"] }) });
    expect((await get(port, "/readyz", {}, "POST")).status).toBe(405);
    expect((await get(port, "/other")).status).toBe(404);
  });

  it("serves the gauges from their sources, behind the token when one is set", async () => {
    const port = await serve(healthEndpoints({ readiness: () => ({ ready: true, reasons: [] }), metrics: metrics(), metricsToken: "t0ken" }));
    expect((await get(port, "/metrics")).status).toBe(401);
    const res = await get(port, "/metrics", { authorization: "Bearer t0ken" });
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/^coordinator_queue_depth 2$/m);
    expect(res.body).toMatch(/^coordinator_queue_oldest_seconds 1.5$/m);
    expect(res.body).toMatch(/^coordinator_write_budget_remaining\{window="minute"\} 79$/m);
  });

  it("serves /metrics openly when no token is set", async () => {
    const port = await serve(healthEndpoints({ readiness: () => ({ ready: true, reasons: [] }), metrics: metrics() }));
    expect((await get(port, "/metrics")).status).toBe(200);
  });
});
