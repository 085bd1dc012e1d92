// A GitHub API on loopback for end-to-end tests: the real app (GHE_HOST=127.0.0.1:port,
// GHE_PROTOCOL=http) talks to it over HTTP. It serves the world's data and records each request.
// The same API answers in-process through `fetch` (Octokit's `request.fetch`), as `npm run demo` uses it.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { BOT_LOGIN, GitHubWorld } from "./github-world.js";

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

export class FakeGitHubServer {
  readonly requests: Recorded[] = [];
  /** Reactions the app added: which comment, which content. */
  readonly reactions: Array<{ commentId: number; content: string }> = [];
  private server: Server | null = null;
  private waiters: Array<{ test: (r: Recorded) => boolean; resolve: (r: Recorded) => void }> = [];
  private holds: Array<{ test: (r: Recorded) => boolean; released: Promise<void> }> = [];
  private watchers: Array<{ check: () => boolean; resolve: () => void }> = [];

  /** Resolves once `check()` holds, looked at now and after every request GitHub has answered. */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.watchers.push({ check, resolve }));
  }

  /** Requests that pass `test` are recorded at once but answered only after `release()`. */
  hold(test: (r: Recorded) => boolean): { release: () => void } {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ test, released });
    return { release };
  }

  /** How long GitHub takes to answer each request (ms): benchmarks model a real network with it. */
  latencyMs = 0;

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

  /**
   * The API without a socket: a `fetch` for Octokit (`request: { fetch }`), answering any URL whose
   * path is GitHub Enterprise's (`/api/v3/...`, `/api/graphql`) from the world, recorded like HTTP.
   */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const { status, body } = await this.respond(request.method, request.url, await request.text());
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  };

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return this.respond(req.method ?? "GET", req.url ?? "/", Buffer.concat(chunks).toString("utf8"));
  }

  private async respond(method: string, rawUrl: string, text: string): Promise<{ status: number; body: unknown }> {
    const body: unknown = text ? JSON.parse(text) : null;
    const url = new URL(rawUrl, "http://fake");
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v3/, "");
    const recorded = { method, path, body };
    this.requests.push(recorded);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const answer = await this.answer(method, path, body, url.searchParams);
    for (const w of this.waiters.filter((w) => w.test(recorded))) w.resolve(recorded);
    this.waiters = this.waiters.filter((w) => !w.test(recorded));
    for (const h of this.holds.filter((h) => h.test(recorded))) await h.released;
    const met = this.watchers.filter((w) => w.check());
    this.watchers = this.watchers.filter((w) => !met.includes(w));
    for (const w of met) w.resolve();
    return answer;
  }

  private async answer(method: string, path: string, body: unknown, query: URLSearchParams): Promise<{ status: number; body: unknown }> {
    const w = this.world;
    let m: RegExpMatchArray | null;
    const now = w.clock().toISOString();
    if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return { status: 201, body: { token: "e2e-token", expires_at: "2099-01-01T00:00:00Z", permissions: { issues: "write" } } };
    }
    if (method === "POST" && path === "/api/graphql") {
      return { status: 200, body: await w.graphql(body as { query: string; variables?: Record<string, unknown> }) };
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/contents\/(.+)$/)) && method === "GET") {
      // Raw file contents (Probot's config loader asks for the raw format); a JSON string parses to the text.
      const file = w.files.get(`${m[1]}/${m[2]}`.toLowerCase());
      return file === undefined ? { status: 404, body: { message: "Not Found" } } : { status: 200, body: file };
    }
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
      const label = query.get("labels") ?? "";
      const state = query.get("state") ?? "open";
      const list = [...w.issues.values()]
        .filter((i) => i.owner === m?.[1] && i.repo === m?.[2] && (state === "all" || i.state === state.toUpperCase()) && (label === "" || i.labels.includes(label)))
        .sort((a, b) => (query.get("direction") === "desc" ? b.number - a.number : a.number - b.number));
      return { status: 200, body: list.map((i) => ({ number: i.number, body: i.body, labels: i.labels.map((name) => ({ name })) })) };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/)) && method === "PATCH") {
      const issue = w.issue(Number(m[3]), m[1], m[2]);
      const b = body as { body?: string; state?: string; state_reason?: string };
      if (b.body !== undefined) issue.body = b.body;
      if (b.state === "closed") {
        issue.state = "CLOSED";
        issue.stateReason = b.state_reason === "not_planned" ? "NOT_PLANNED" : "COMPLETED";
        issue.closedAt = now;
      }
      return { status: 200, body: { number: issue.number, body: issue.body } };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/)) && method === "POST") {
      const c = w.issue(Number(m[3]), m[1], m[2]);
      const comment = { id: w.nextId(), author: BOT_LOGIN, authorType: "Bot" as const, body: (body as { body: string }).body, createdAt: now, updatedAt: now };
      c.comments.push(comment);
      return { status: 201, body: { id: comment.id, node_id: GitHubWorld.commentNode(comment.id), body: comment.body } };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/)) && method === "PATCH") {
      const found = w.findComment(Number(m[3]));
      if (!found) return { status: 404, body: { message: "Not Found" } };
      found.comment.body = (body as { body: string }).body;
      found.comment.updatedAt = now;
      found.comment.editor = BOT_LOGIN;
      return { status: 200, body: { id: found.comment.id } };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/)) && method === "DELETE") {
      const found = w.findComment(Number(m[3]));
      if (!found) return { status: 404, body: { message: "Not Found" } };
      found.issue.comments = found.issue.comments.filter((c) => c.id !== found.comment.id);
      return { status: 204, body: null };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)\/reactions$/)) && method === "POST") {
      this.reactions.push({ commentId: Number(m[3]), content: (body as { content: string }).content });
      return { status: 201, body: { content: (body as { content: string }).content } };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels$/)) && method === "POST") {
      for (const label of (body as { labels: string[] }).labels) w.addLabel(Number(m[3]), label, BOT_LOGIN, now, m[1], m[2]);
      return { status: 200, body: w.issue(Number(m[3]), m[1], m[2]).labels.map((name) => ({ name })) };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels\/(.+)$/)) && method === "DELETE") {
      const issue = w.issue(Number(m[3]), m[1], m[2]);
      issue.labels = issue.labels.filter((l) => l !== m?.[4]);
      return { status: 200, body: issue.labels.map((name) => ({ name })) };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/)) && method === "GET") {
      const permission = w.permissionIn(`${m[1]}/${m[2]}`, m[3] ?? "");
      return { status: 200, body: { permission, role_name: permission, user: { login: m[3] } } };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues$/)) && method === "POST") {
      // A new issue gets the repository's next number; its author is the app.
      const b = body as { title: string; body?: string; labels?: string[]; assignees?: string[] };
      const numbers = [...w.issues.values()].filter((i) => i.owner === m?.[1] && i.repo === m?.[2]).map((i) => i.number);
      const issue = w.addIssue({ owner: m[1] ?? "", repo: m[2] ?? "", number: Math.max(0, ...numbers) + 1, title: b.title, body: b.body ?? "", assignees: b.assignees ?? [], author: BOT_LOGIN, createdAt: now });
      for (const label of b.labels ?? []) w.addLabel(issue.number, label, BOT_LOGIN, now, issue.owner, issue.repo);
      return { status: 201, body: { number: issue.number, id: 500_000 + issue.number, title: issue.title, body: issue.body } };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/labels$/)) && method === "GET") {
      return { status: 200, body: w.labelsOf(m[1] ?? "", m[2] ?? "").map((name) => ({ name })) };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/labels$/)) && method === "POST") {
      const name = (body as { name: string }).name;
      const key = `${m[1]}/${m[2]}`.toLowerCase();
      if (w.labelsOf(m[1] ?? "", m[2] ?? "").some((l) => l.toLowerCase() === name.toLowerCase())) {
        return { status: 422, body: { message: "Validation Failed", errors: [{ resource: "Label", code: "already_exists", field: "name" }] } };
      }
      w.repoLabels.set(key, [...(w.repoLabels.get(key) ?? []), name]);
      return { status: 201, body: { name } };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/assignees$/)) && (method === "POST" || method === "DELETE")) {
      const issue = w.issue(Number(m[3]), m[1], m[2]);
      const logins = (body as { assignees: string[] }).assignees;
      issue.assignees = method === "POST" ? [...new Set([...issue.assignees, ...logins])] : issue.assignees.filter((a) => !logins.includes(a));
      return { status: 201, body: { number: issue.number, assignees: issue.assignees.map((login) => ({ login })) } };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/dependencies\/blocked_by$/)) && method === "POST") {
      // The blocker is named by its database id (issueNode's databaseId: 500000 + number).
      const issue = w.issue(Number(m[3]), m[1], m[2]);
      const blocker = (body as { issue_id: number }).issue_id - 500_000;
      if (!issue.blockedBy.includes(blocker)) issue.blockedBy.push(blocker);
      return { status: 201, body: { number: blocker } };
    }
    if ((m = path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/dependencies\/blocked_by\/(\d+)$/)) && method === "DELETE") {
      const issue = w.issue(Number(m[3]), m[1], m[2]);
      const blocker = Number(m[4]) - 500_000;
      if (!issue.blockedBy.includes(blocker)) return { status: 404, body: { message: "Not Found" } };
      issue.blockedBy = issue.blockedBy.filter((n) => n !== blocker);
      return { status: 200, body: { number: blocker } };
    }
    if ((m = path.match(/^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/)) && method === "GET") {
      const members = w.teams.get(`${m[1]}/${m[2]}`.toLowerCase()) ?? [];
      const member = members.some((login) => login.toLowerCase() === (m?.[3] ?? "").toLowerCase());
      return member ? { status: 200, body: { state: "active", role: "member" } } : { status: 404, body: { message: "Not Found" } };
    }
    return { status: 404, body: { message: `fake GitHub has no ${method} ${path}` } };
  }
}
