// `POST /api/coordinator/synthesize`: the daily synthesis for an external cron (e.g. a scheduled
// GitHub Actions workflow). Authenticated with a shared secret, compared in constant time.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export const SYNTHESIS_PATH = "/api/coordinator/synthesize";

/** Constant-time comparison of a presented secret with the configured one (hashes equalise lengths). */
export function secretMatches(presented: string, secret: string): boolean {
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(secret).digest();
  return timingSafeEqual(a, b) && secret.length > 0;
}

export interface EndpointOptions {
  /** The shared secret (SYNTHESIS_SECRET); empty or absent: the endpoint answers 404. */
  secret: string | undefined;
  /** Starts the synthesis of every coordination, or of one repository's (`owner/repo`). */
  run: (repo: string | null) => Promise<number>;
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** A Probot server handler: returns true when it answered the request. */
export function synthesisEndpoint(options: EndpointOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== SYNTHESIS_PATH) return false;
    if (!options.secret) {
      send(res, 404, { message: "the synthesis endpoint is off: set SYNTHESIS_SECRET to enable it" });
      return true;
    }
    if (req.method !== "POST") {
      send(res, 405, { message: "use POST" });
      return true;
    }
    const header = req.headers.authorization ?? "";
    const presented = header.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
    if (!secretMatches(presented, options.secret)) {
      send(res, 401, { message: "a valid `Authorization: Bearer <SYNTHESIS_SECRET>` header is required" });
      return true;
    }
    const repo = url.searchParams.get("repo");
    if (repo !== null && !/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/.test(repo)) {
      send(res, 400, { message: "`repo` must be owner/name" });
      return true;
    }
    try {
      const queued = await options.run(repo);
      send(res, 202, { queued });
    } catch {
      send(res, 502, { message: "could not list the coordinations on GitHub; try again" });
    }
    return true;
  };
}
