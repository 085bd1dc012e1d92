// GitHub requests per slash command for `npm run bench`: one command comment on the coordination
// issue of a 200-issue coordination, through the real Probot app and the in-memory GitHub of the
// handler tests. Every request is intercepted (a catch-all per method counts anything unexpected),
// answered from the world, and counted: reads are GraphQL requests and REST GETs, writes are
// POST/PATCH/DELETE. The installation token is fetched once during the warm-up and cached by
// Probot, as is the configuration; neither is counted below.
import nock from "nock";
import { BOT_LOGIN, GitHubWorld } from "../test/fakes/github-world.js";
import { API, commentPayload, INSTALLATION_ID, makeApp, tokenAndNoConfig, withBody } from "../test/helpers/probot.js";

const TRACKED = 200;
const FIRST = 1000;
const COORDINATION = 1;
const LEAD = "lead";
/** Interceptions allowed per route: far more than the whole benchmark makes. */
const TIMES = 10_000;

type Kind = "read" | "write" | "token";

interface Request {
  kind: Kind;
  /** A short name for the request: `GraphQL`, `body`, `reply`, `👀`, `+label`, … */
  what: string;
}

/** The commands measured, in the order they run (each sees the effects of the ones before). */
const COMMANDS: readonly string[] = [
  "/help",
  "/status",
  "/context #1001",
  "/track #1300",
  "/untrack #1300",
  "/depends #1002 on #1001",
  "/assign #1003 @dana",
  "/assign #1004 worker-3",
  "/escalate #1005 the staging database is down",
  "/escalate clear #1005",
  "/refresh",
];

function world200(): GitHubWorld {
  const world = new GitHubWorld();
  const refs = Array.from({ length: TRACKED }, (_, i) => `- #${FIRST + i}`).join("\n");
  world.addIssue({ number: COORDINATION, title: "Coordination", body: `# Plan\n\n${refs}\n`, labels: ["coordination"] });
  for (let i = 0; i < TRACKED; i++) world.addIssue({ number: FIRST + i, title: `Task ${i}` });
  // Not tracked yet: `/track #1300` adds it.
  world.addIssue({ number: 1300, title: "Follow-up" });
  world.permissions.set(LEAD, "write");
  return world;
}

const pathOf = (uri: string): string => uri.split("?")[0] ?? uri;
const numberIn = (re: RegExp, uri: string): number => Number(re.exec(pathOf(uri))?.[1]);

type Reply = readonly [number, nock.ReplyBody];

interface Route {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: RegExp;
  kind: Kind;
  what: string;
  answer: (body: unknown, uri: string) => Reply | Promise<Reply>;
}

/** Everything GitHub may be asked during a command run, answered from `world`. */
function routes(world: GitHubWorld): Route[] {
  const issue = (uri: string, re: RegExp) => world.issue(numberIn(re, uri));
  return [
    { method: "POST", path: /^\/app\/installations\/\d+\/access_tokens$/, kind: "token", what: "token", answer: () => [201, { token: "bench-token", expires_at: "2099-01-01T00:00:00Z", permissions: { issues: "write" } }] },
    { method: "POST", path: /^\/graphql$/, kind: "read", what: "GraphQL", answer: async (body) => [200, (await world.graphql(body as { query: string; variables?: Record<string, unknown> })) as nock.ReplyBody] },
    { method: "GET", path: /\/contents\//, kind: "read", what: "config", answer: () => [404, { message: "Not Found" }] },
    {
      method: "GET",
      path: /^\/repos\/acme\/app\/issues$/,
      kind: "read",
      what: "coordinations",
      answer: () => [200, [...world.issues.values()].filter((i) => i.labels.includes("coordination") && i.state === "OPEN").map((i) => ({ number: i.number, body: i.body, labels: i.labels.map((name) => ({ name })) }))],
    },
    {
      method: "GET",
      path: /^\/repos\/acme\/app\/collaborators\/[^/]+\/permission$/,
      kind: "read",
      what: "permission",
      answer: (_body, uri) => {
        const login = decodeURIComponent(/collaborators\/([^/]+)\//.exec(uri)?.[1] ?? "");
        const permission = world.permissions.get(login.toLowerCase()) ?? "none";
        return [200, { permission, role_name: permission, user: { login } }];
      },
    },
    { method: "GET", path: /^\/repos\/acme\/app\/labels$/, kind: "read", what: "labels", answer: () => [200, []] },
    {
      method: "POST",
      path: /^\/repos\/acme\/app\/issues\/\d+\/comments$/,
      kind: "write",
      what: "reply",
      answer: (body, uri) => {
        const text = (body as { body: string }).body;
        const c = world.addComment(numberIn(/issues\/(\d+)\/comments/, uri), BOT_LOGIN, text, "2026-11-27T10:00:00Z", "Bot");
        return [201, { id: c.id, body: text }];
      },
    },
    {
      method: "PATCH",
      path: /^\/repos\/acme\/app\/issues\/comments\/\d+$/,
      kind: "write",
      what: "reply edit",
      answer: (body, uri) => {
        const id = numberIn(/comments\/(\d+)$/, uri);
        const found = world.findComment(id);
        if (found) found.comment.body = (body as { body: string }).body;
        return [200, { id }];
      },
    },
    { method: "POST", path: /^\/repos\/acme\/app\/issues\/comments\/\d+\/reactions$/, kind: "write", what: "👀", answer: () => [201, { content: "eyes" }] },
    {
      method: "PATCH",
      path: /^\/repos\/acme\/app\/issues\/\d+$/,
      kind: "write",
      what: "body",
      answer: (body, uri) => {
        const target = issue(uri, /issues\/(\d+)$/);
        target.body = (body as { body: string }).body;
        return [200, { number: target.number, body: target.body }];
      },
    },
    {
      method: "POST",
      path: /^\/repos\/acme\/app\/issues\/\d+\/labels$/,
      kind: "write",
      what: "+label",
      answer: (body, uri) => {
        const target = issue(uri, /issues\/(\d+)\/labels/);
        for (const l of (body as { labels: string[] }).labels) if (!target.labels.includes(l)) target.labels.push(l);
        return [200, target.labels.map((name) => ({ name }))];
      },
    },
    {
      method: "DELETE",
      path: /^\/repos\/acme\/app\/issues\/\d+\/labels\/[^/]+$/,
      kind: "write",
      what: "-label",
      answer: (_body, uri) => {
        const target = issue(uri, /issues\/(\d+)\/labels/);
        const name = decodeURIComponent(/labels\/([^/]+)$/.exec(pathOf(uri))?.[1] ?? "");
        target.labels = target.labels.filter((l) => l !== name);
        return [200, target.labels.map((n) => ({ name: n }))];
      },
    },
    {
      method: "POST",
      path: /^\/repos\/acme\/app\/issues\/\d+\/assignees$/,
      kind: "write",
      what: "+assignee",
      answer: (body, uri) => {
        const target = issue(uri, /issues\/(\d+)\/assignees/);
        for (const a of (body as { assignees: string[] }).assignees) if (!target.assignees.includes(a)) target.assignees.push(a);
        return [201, { number: target.number, assignees: target.assignees.map((login) => ({ login })) }];
      },
    },
    {
      method: "DELETE",
      path: /^\/repos\/acme\/app\/issues\/\d+\/assignees$/,
      kind: "write",
      what: "-assignee",
      answer: (body, uri) => {
        const target = issue(uri, /issues\/(\d+)\/assignees/);
        const gone = (body as { assignees?: string[] } | null)?.assignees ?? [];
        target.assignees = target.assignees.filter((a) => !gone.includes(a));
        return [200, { number: target.number, assignees: target.assignees.map((login) => ({ login })) }];
      },
    },
    {
      method: "POST",
      path: /^\/repos\/acme\/app\/issues\/\d+\/dependencies\/blocked_by$/,
      kind: "write",
      what: "+dependency",
      answer: (body, uri) => {
        const target = issue(uri, /issues\/(\d+)\/dependencies/);
        // The world's database ids are 500,000 + the issue number.
        const blocker = (body as { issue_id: number }).issue_id - 500_000;
        if (!target.blockedBy.includes(blocker)) target.blockedBy.push(blocker);
        return [201, { number: blocker }];
      },
    },
    {
      method: "DELETE",
      path: /^\/repos\/acme\/app\/issues\/\d+\/dependencies\/blocked_by\/\d+$/,
      kind: "write",
      what: "-dependency",
      answer: (_body, uri) => {
        const target = issue(uri, /issues\/(\d+)\/dependencies/);
        const blocker = numberIn(/blocked_by\/(\d+)$/, uri) - 500_000;
        target.blockedBy = target.blockedBy.filter((n) => n !== blocker);
        return [200, { number: blocker }];
      },
    },
    { method: "POST", path: /^\/repos\/acme\/app\/labels$/, kind: "write", what: "create label", answer: (body) => [201, body as nock.ReplyBody] },
    // Anything else is still answered and counted, so a new request shows up in the figures.
    { method: "GET", path: /./, kind: "read", what: "other GET", answer: () => [404, { message: "Not Found" }] },
    { method: "POST", path: /./, kind: "write", what: "other POST", answer: () => [201, {}] },
    { method: "PATCH", path: /./, kind: "write", what: "other PATCH", answer: () => [200, {}] },
    { method: "DELETE", path: /./, kind: "write", what: "other DELETE", answer: () => [204, ""] },
  ];
}

/** Registers every route on nock, each recording what it answered into `log`. */
function intercept(world: GitHubWorld, log: Request[]): void {
  const scope = nock(API);
  for (const route of routes(world)) {
    const matches = (uri: string) => route.path.test(pathOf(uri));
    const method = route.method.toLowerCase() as "get" | "post" | "patch" | "delete";
    scope[method](matches)
      .times(TIMES)
      .reply(async (request: Request & globalThis.Request) => {
        log.push({ kind: route.kind, what: route.what });
        const text = await request.text();
        return route.answer(text ? (JSON.parse(text) as unknown) : null, request.url.replace(API, ""));
      });
  }
}

/** `2 reads, 3 writes: 👀, body, reply` for the requests of one command. */
function describe(requests: Request[]): { total: number; text: string } {
  const counted = requests.filter((r) => r.kind !== "token");
  const reads = counted.filter((r) => r.kind === "read");
  const writes = counted.filter((r) => r.kind === "write");
  const tally = (list: Request[]) => {
    const by = new Map<string, number>();
    for (const r of list) by.set(r.what, (by.get(r.what) ?? 0) + 1);
    return [...by].map(([what, n]) => (n === 1 ? what : `${n}× ${what}`)).join(", ");
  };
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const readText = reads.length > 0 ? `${plural(reads.length, "read")} [${tally(reads)}]` : "0 reads";
  const writeText = writes.length > 0 ? `${plural(writes.length, "write")} [${tally(writes)}]` : "0 writes";
  return { total: counted.length, text: `${readText}, ${writeText}` };
}

/** The outcome Coordinator replied for one command comment (the text after the command). */
function outcomeOf(world: GitHubWorld, commentId: number): string | null {
  const marker = `<!-- coordinator:commands:${commentId} -->`;
  const reply = world.issue(COORDINATION).comments.find((c) => c.author === BOT_LOGIN && c.body.startsWith(marker));
  if (!reply) return null;
  const row = reply.body.split("\n").find((l) => l.startsWith("- `"));
  return row ?? "";
}

export async function benchCommands(): Promise<string[]> {
  nock.disableNetConnect();
  const world = world200();
  const app = await makeApp();
  const log: Request[] = [];
  const unmatched: string[] = [];
  const onNoMatch = (req: { method?: string; url?: string }) => unmatched.push(`${req.method ?? "?"} ${req.url ?? "?"}`);
  nock.emitter.on("no match", onNoMatch);
  // The cold start is the test helpers' own: an installation token and no configuration file.
  tokenAndNoConfig();
  intercept(world, log);
  const lines: string[] = [];
  try {
    // Warm-up: the first run writes the dashboard (its state block lists the 200 tracked issues,
    // which the next runs read in their first request) and caches the token and the config.
    await app.deliver("issues", {
      action: "labeled",
      issue: { number: COORDINATION, title: "Coordination", body: world.issue(COORDINATION).body, state: "open", labels: [{ name: "coordination" }], user: { login: LEAD, type: "User" } },
      label: { name: "plan" },
      repository: { id: 1, name: "app", full_name: "acme/app", owner: { login: "acme", type: "Organization" }, default_branch: "main" },
      sender: { login: LEAD, type: "User" },
      installation: { id: INSTALLATION_ID },
    });
    if (!world.issue(COORDINATION).body.includes("<!-- coordinator:state")) lines.push("commands: the warm-up wrote no dashboard; the figures below are not comparable");

    for (const command of COMMANDS) {
      const start = log.length;
      const comment = world.addComment(COORDINATION, LEAD, `${command}\n`, "2026-11-27T09:30:00Z");
      await app.deliver("issue_comment", commentPayload("created", world, COORDINATION, comment));
      const { total, text } = describe(log.slice(start));
      const outcome = outcomeOf(world, comment.id);
      const problem = outcome === null ? " — no reply was posted" : /🚫|⚠️/.test(outcome) ? ` — unexpected reply: ${outcome}` : "";
      lines.push(`${command} on a ${TRACKED}-issue coordination: ${total} requests (${text})${problem}`);
    }
    if (unmatched.length > 0) lines.push(`commands: ${unmatched.length} requests matched no interceptor: ${unmatched.slice(0, 5).join("; ")}`);
  } finally {
    nock.emitter.removeListener("no match", onNoMatch);
    nock.cleanAll();
  }
  return lines;
}
