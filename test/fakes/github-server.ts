// A GitHub API on loopback for end-to-end tests: the real app (GHE_HOST=127.0.0.1:port,
// GHE_PROTOCOL=http) talks to it over HTTP. It serves the world's data and records each request.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { BOT_LOGIN, type GitHubWorld } from "./github-world.js";

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

export class FakeGitHubServer {
  readonly requests: Recorded[] = [];
  private server: Server | null = null;
  private waiters: Array<{ test: (r: Recorded) => boolean; resolve: (r: Recorded) => void }> = [];
  private holds: Array<{ test: (r: Recorded) => boolean; released: Promise<void> }> = [];

  /** Requests that pass `test` are recorded at once but answered only after `release()`. */
  hold(test: (r: Recorded) => boolean): { release: () => void } {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ test, released });
    return { release };
  }

  constructor(private readonly world: GitHubWorld) {}

  async start(): Promise<number> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body }) => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(body));
        },
        (error: unknown) => {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ message: String(error) }));
        },
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Resolves with the first request (already made or still to come) that passes `test`. */
  waitFor(test: (r: Recorded) => boolean): Promise<Recorded> {
    const done = this.requests.find(test);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body: unknown = text ? JSON.parse(text) : null;
    const path = decodeURIComponent((req.url ?? "").split("?")[0] ?? "").replace(/^\/api\/v3/, "");
    const method = req.method ?? "GET";
    const recorded = { method, path, body };
    this.requests.push(recorded);
    const answer = await this.answer(method, path, body);
    for (const w of this.waiters.filter((w) => w.test(recorded))) w.resolve(recorded);
    this.waiters = this.waiters.filter((w) => !w.test(recorded));
    for (const h of this.holds.filter((h) => h.test(recorded))) await h.released;
    return answer;
  }

  private async answer(method: string, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const w = this.world;
    let m: RegExpMatchArray | null;
    if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return { status: 201, body: { token: "e2e-token", expires_at: "2099-01-01T00:00:00Z", permissions: { issues: "write" } } };
    }
    if (method === "POST" && path === "/api/graphql") {
      return { status: 200, body: await w.graphql(body as { query: string; variables?: Record<string, unknown> }) };
    }
    if (method === "GET" && /^\/repos\/[^/]+\/[^/]+\/contents\//.test(path)) return { status: 404, body: { message: "Not Found" } };
    if (method === "GET" && path === "/app") return { status: 200, body: { id: 123, slug: "coordinator", name: "Coordinator" } };
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/)) && method === "GET") {
      const issue = w.issue(Number(m[3]), m[1], m[2]);
      return { status: 200, body: { number: issue.number, body: issue.body } };
    }
    if (method === "GET" && path === "/app/installations") return { status: 200, body: [{ id: 99, account: { login: w.owner } }] };
    if (method === "GET" && path === "/installation/repositories") {
      return { status: 200, body: { total_count: 1, repositories: [{ name: w.repo, owner: { login: w.owner }, archived: false }] } };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues$/)) && method === "GET") {
      const open = [...w.issues.values()].filter((i) => i.owner === m?.[1] && i.repo === m?.[2] && i.state === "OPEN" && i.labels.includes("coordination"));
      return { status: 200, body: open.map((i) => ({ number: i.number, body: i.body, labels: i.labels.map((name) => ({ name })) })) };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/)) && method === "PATCH") {
      const issue = w.issue(Number(m[3]), m[1], m[2]);
      issue.body = (body as { body: string }).body;
      return { status: 200, body: { number: issue.number, body: issue.body } };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/)) && method === "POST") {
      const c = w.addComment(Number(m[3]), BOT_LOGIN, (body as { body: string }).body, new Date().toISOString(), "Bot");
      return { status: 201, body: { id: c.id, body: c.body } };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/)) && method === "GET") {
      const permission = w.permissions.get((m[3] ?? "").toLowerCase()) ?? "none";
      return { status: 200, body: { permission, role_name: permission, user: { login: m[3] } } };
    }
    return { status: 404, body: { message: `fake GitHub has no ${method} ${path}` } };
  }
}
