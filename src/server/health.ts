// `/healthz`, `/readyz` and `/metrics` on the app's own server (Probot's `addHandler`).
// - /healthz: the process serves HTTP (what a container HEALTHCHECK asks).
// - /readyz: worth sending webhooks to: not shutting down, the queue is moving, and GitHub did not
//   refuse the app's credentials on its last request.
// - /metrics: Prometheus text; behind a bearer token when METRICS_TOKEN is set.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Metrics } from "../metrics.js";
import { secretMatches } from "../schedule/endpoint.js";

export interface Readiness {
  ready: boolean;
  /** Why not, in words (empty when ready). */
  reasons: string[];
}

export interface HealthOptions {
  readiness: () => Readiness;
  metrics: Metrics;
  /** Bearer token for /metrics; unset: /metrics is open (keep it off the public internet). */
  metricsToken?: string;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

export function healthEndpoints(options: HealthOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/healthz" && path !== "/readyz" && path !== "/metrics") return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, "application/json", JSON.stringify({ message: "use GET" }));
      return true;
    }
    if (path === "/healthz") {
      send(res, 200, "application/json", JSON.stringify({ status: "ok" }));
      return true;
    }
    if (path === "/readyz") {
      const r = options.readiness();
      send(res, r.ready ? 200 : 503, "application/json", JSON.stringify(r));
      return true;
    }
    if (options.metricsToken) {
      const header = req.headers.authorization ?? "";
      const presented = header.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
      if (!secretMatches(presented, options.metricsToken)) {
        send(res, 401, "application/json", JSON.stringify({ message: "a valid `Authorization: Bearer <METRICS_TOKEN>` header is required" }));
        return true;
      }
    }
    send(res, 200, options.metrics.registry.contentType, await options.metrics.registry.metrics());
    return true;
  };
}

/** How long ready work may wait before the queue counts as stuck. */
export const STUCK_AFTER_MS = 5 * 60_000;

export interface ReadinessState {
  draining: boolean;
  /** Ready work's longest wait (ms). */
  oldestReadyMs: number;
  /** The status of GitHub's answer to the last request (0: none yet). */
  lastGitHubStatus: number;
  /** With replicas: whether Redis answers (undefined: no Redis in use). */
  redisConnected?: boolean;
}

export function readinessOf(state: ReadinessState): Readiness {
  const reasons: string[] = [];
  if (state.draining) reasons.push("shutting down");
  if (state.oldestReadyMs > STUCK_AFTER_MS) reasons.push(`the queue is not moving (work has waited ${Math.round(state.oldestReadyMs / 1000)} s)`);
  if (state.lastGitHubStatus === 401) reasons.push("GitHub refused the app's credentials on the last request");
  if (state.redisConnected === false) reasons.push("Redis is unreachable: webhooks are answered 503 until it is back");
  return { ready: reasons.length === 0, reasons };
}
