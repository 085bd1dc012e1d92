// GitHub on loopback as a person or an agent sees it with their own token (the CLI's `state`,
// `context`, `preview` and the MCP server): the same world the app's fake GitHub serves
// (github-world.ts; GraphQL executed against GitHub's real schema), with the caller known by its
// token. Comments it posts are the caller's; a caller without access gets GitHub's 404, a token
// without write access GitHub's 403; faults (a 502, rate limits) can be queued for the next
// matching request. Every request is recorded.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { graphql } from "graphql";
import { githubSchema, type GitHubWorld } from "./github-world.js";

export interface AgentRequest {
  method: string;
  path: string;
  login: string | null;
  body: unknown;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export class AgentGitHub {
  readonly requests: AgentRequest[] = [];
  private server: Server | null = null;
  private faults: Array<{ test: (r: AgentRequest) => boolean; fault: Fault }> = [];
  /** Tokens that may read but not write (a fine-grained token with issues: read). */
  readonly readOnly = new Set<string>();

  /** `tokens`: token → login. */
  constructor(
    private readonly world: GitHubWorld,
    private readonly tokens: Map<string, string>,
  ) {}

  /** The next request that passes `test` is answered with `fault` instead. */
  failNext(test: (r: AgentRequest) => boolean, fault: Fault): void {
    this.faults.push({ test, fault });
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body, headers }) => {
          res.writeHead(status, { "content-type": "application/json", ...headers });
          res.end(JSON.stringify(body));
        },
        (error: unknown) => {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ message: String(error) }));
        },
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v3`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body: unknown = text ? JSON.parse(text) : null;
    const url = new URL(req.url ?? "/", "http://fake");
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v3/, "");
    const method = req.method ?? "GET";
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? null;
    const login = token === null ? null : (this.tokens.get(token) ?? null);
    const recorded: AgentRequest = { method, path, login, body };
    this.requests.push(recorded);
    const fault = this.faults.find((f) => f.test(recorded));
    if (fault) {
      this.faults = this.faults.filter((f) => f !== fault);
      return { status: fault.fault.status, body: fault.fault.body ?? { message: `fault ${fault.fault.status}` }, ...(fault.fault.headers ? { headers: fault.fault.headers } : {}) };
    }
    if (login === null || token === null) return { status: 401, body: { message: "Bad credentials" } };
    return this.answer(method, path, body, login, token);
  }

  /** Whether `login` can see the repository: a public one, or any permission on it. */
  private sees(owner: string, repo: string, login: string): boolean {
    return (this.world.visibility.get(`${owner}/${repo}`.toLowerCase()) ?? "PRIVATE") === "PUBLIC" || this.world.permissionIn(`${owner}/${repo}`, login) !== "none";
  }

  private async answer(method: string, path: string, body: unknown, login: string, token: string): Promise<{ status: number; body: unknown }> {
    const w = this.world;
    let m: RegExpMatchArray | null;
    if (method === "POST" && path === "/api/graphql") {
      const request = body as { query: string; variables?: Record<string, unknown> };
      if (/\bviewer\b/.test(request.query)) {
        const result = await graphql({ schema: githubSchema(), source: request.query, rootValue: { viewer: { login } } });
        if (result.errors) throw new Error(`GraphQL rejected: ${result.errors.map((e) => e.message).join("; ")}`);
        return { status: 200, body: { data: result.data } };
      }
      // Repositories the caller cannot see answer as GitHub does: NOT_FOUND.
      const owner = String(request.variables?.owner ?? w.owner);
      const repo = String(request.variables?.repo ?? request.variables?.name ?? w.repo);
      if (!this.sees(owner, repo, login)) {
        return { status: 200, body: { data: null, errors: [{ type: "NOT_FOUND", message: `Could not resolve to a Repository with the name '${owner}/${repo}'.` }] } };
      }
      return { status: 200, body: await w.graphql(request) };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/)) && method === "GET") {
      const file = w.files.get(`${m[1]}/${m[2]}/${m[3]}`.toLowerCase());
      return file === undefined ? { status: 404, body: { message: "Not Found" } } : { status: 200, body: file };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/)) && method === "GET") {
      if (!this.sees(m[1] ?? "", m[2] ?? "", login)) return { status: 404, body: { message: "Not Found" } };
      const issue = w.issue(Number(m[3]), m[1], m[2]);
      return { status: 200, body: { number: issue.number, title: issue.title, body: issue.body } };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/)) && method === "POST") {
      const [owner = "", repo = "", number = ""] = [m[1], m[2], m[3]];
      if (!this.sees(owner, repo, login)) return { status: 404, body: { message: "Not Found" } };
      if (this.readOnly.has(token)) return { status: 403, body: { message: "Resource not accessible by personal access token" } };
      const issue = w.issue(Number(number), owner, repo);
      const now = new Date().toISOString();
      const comment = { id: w.nextId(), author: login, authorType: login.endsWith("[bot]") ? ("Bot" as const) : ("User" as const), body: (body as { body: string }).body, createdAt: now, updatedAt: now };
      issue.comments.push(comment);
      return { status: 201, body: { id: comment.id, body: comment.body, html_url: `https://github.com/${owner}/${repo}/issues/${number}#issuecomment-${comment.id}` } };
    }
    return { status: 404, body: { message: `fake GitHub has no ${method} ${path} for agents` } };
  }
}
