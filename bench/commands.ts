// GitHub requests per slash command for `npm run bench`: one command comment at a time on the
// coordination issue of a 200-issue coordination (and, for comparison, one on a tracked issue and one
// refused), through the real Probot app and the in-memory GitHub of the handler tests. Every request is intercepted (a catch-all per method counts anything unexpected),
// answered from the world, and counted: reads are GraphQL requests and REST GETs, writes are
// POST/PATCH/DELETE. The installation token is fetched once during the warm-up and cached by
// Probot, as is the configuration; neither is counted below.
import nock from "nock";
import { BOT_LOGIN, GitHubWorld } from "../test/fakes/github-world.js";
import { API, commentPayload, INSTALLATION_ID, makeApp, tokenAndNoConfig } from "../test/helpers/probot.js";

const TRACKED = 200;
const FIRST = 1000;
const COORDINATION = 1;
const LEAD = "lead";
/** Interceptions allowed per route: far more than the whole benchmark makes. */
const TIMES = 10_000;

type Kind = "read" | "write" | "token";

interface Counted {
  kind: Kind;
  /** A short name for the request: `GraphQL`, `body`, `reply`, `👀`, `+label`, … */
  what: string;
}

/** One command comment: what is said, by whom, on which issue, and what its reply must say. */
interface Case {
  command: string;
  author: string;
  on: number;
  /** The reply must match this; otherwise its outcome line is printed with the figure. */
  expect: RegExp;
  /** How the figure is labelled when it is not the plain command on the coordination issue. */
  label?: string;
}

const READER = "reader";

/** The commands measured, in the order they run (each sees the effects of the ones before). */
const CASES: readonly Case[] = [
  { command: "/help", author: LEAD, on: COORDINATION, expect: /\| command \|/ },
  { command: "/status", author: LEAD, on: COORDINATION, expect: /Status of #1/ },
  { command: "/context #1001", author: LEAD, on: COORDINATION, expect: /Context for #1001/ },
  { command: "/track #1300", author: LEAD, on: COORDINATION, expect: /✅ now tracking #1300/ },
  { command: "/untrack #1300", author: LEAD, on: COORDINATION, expect: /✅ removed #1300/ },
  { command: "/depends #1002 on #1001", author: LEAD, on: COORDINATION, expect: /✅ #1002 now waits for #1001 \(GitHub dependency\)/ },
  { command: "/assign #1003 @dana", author: LEAD, on: COORDINATION, expect: /✅ #1003 assigned to `dana`/ },
  { command: "/assign #1004 worker-3", author: LEAD, on: COORDINATION, expect: /✅ #1004 assigned to worker `worker-3`/ },
  { command: "/escalate #1005 the staging database is down", author: LEAD, on: COORDINATION, expect: /🚨 #1005 is urgent/ },
  { command: "/escalate clear #1005", author: LEAD, on: COORDINATION, expect: /✅ #1005 is no longer urgent/ },
  { command: "/refresh", author: LEAD, on: COORDINATION, expect: /✅ the dashboard is rebuilt/ },
  { command: "/synthesize", author: LEAD, on: COORDINATION, expect: /✅ today's Team Status/ },
  { command: "/synthesize", author: LEAD, on: COORDINATION, expect: /✅ today's Team Status/, label: "/synthesize again the same day" },
  // For comparison: a command on a tracked issue, and a refused one.
  { command: "/status", author: LEAD, on: 1006, expect: /Status of #1/, label: "/status on tracked issue #1006 (not the coordination issue)" },
  { command: "/track #1300", author: READER, on: COORDINATION, expect: /🚫 refused/, label: "/track #1300 by someone with read permission (refused)" },
];

function world200(): GitHubWorld {
  const world = new GitHubWorld();
  const refs = Array.from({ length: TRACKED }, (_, i) => `- #${FIRST + i}`).join("\n");
  world.addIssue({ number: COORDINATION, title: "Coordination", body: `# Plan\n\n${refs}\n`, labels: ["coordination"] });
  for (let i = 0; i < TRACKED; i++) world.addIssue({ number: FIRST + i, title: `Task ${i}` });
  // Not tracked yet: `/track #1300` adds it.
  world.addIssue({ number: 1300, title: "Follow-up" });
  world.permissions.set(LEAD, "write");
  world.permissions.set(READER, "read");
  return world;
}

const pathOf = (uri: string): string => uri.split("?")[0] ?? uri;

/** What a comment Coordinator writes is, from its marker: a command reply, the Team Status, … */
function commentKind(body: unknown): string {
  const text = (body as { body?: string } | null)?.body ?? "";
  if (text.startsWith("<!-- coordinator:commands:")) return "reply";
  if (text.startsWith("<!-- coordinator:synthesis:")) return "Team Status";
  return "comment";
}
const numberIn = (re: RegExp, uri: string): number => Number(re.exec(pathOf(uri))?.[1]);

type Reply = readonly [number, nock.ReplyBody];

interface Route {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: RegExp;
  kind: Kind;
  what: string;
  answer: (body: unknown, uri: string) => Reply | Promise<Reply>;
  /** A more precise name for one request (the label written), when `what` is not enough. */
  detail?: (body: unknown, uri: string) => string;
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
      // A run that made other requests since its read reads the coordination's body again before writing it.
      method: "GET",
      path: /^\/repos\/acme\/app\/issues\/\d+$/,
      kind: "read",
      what: "body re-read",
      answer: (_body, uri) => {
        const target = issue(uri, /issues\/(\d+)$/);
        return [200, { number: target.number, body: target.body }];
      },
    },
    {
      method: "POST",
      path: /^\/repos\/acme\/app\/issues\/\d+\/comments$/,
      kind: "write",
      what: "comment",
      detail: (body) => commentKind(body),
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
      what: "comment edit",
      detail: (body) => `${commentKind(body)} edit`,
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
      detail: (body) => `+label ${(body as { labels: string[] }).labels.join(", ")}`,
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
      detail: (_body, uri) => `-label ${decodeURIComponent(/labels\/([^/]+)$/.exec(pathOf(uri))?.[1] ?? "")}`,
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
function intercept(world: GitHubWorld, log: Counted[]): void {
  const scope = nock(API);
  for (const route of routes(world)) {
    const matches = (uri: string) => route.path.test(pathOf(uri));
    const method = route.method.toLowerCase() as "get" | "post" | "patch" | "delete";
    scope[method](matches)
      .times(TIMES)
      .reply(async (request: Request) => {
        const text = await request.text();
        const body = text ? (JSON.parse(text) as unknown) : null;
        const uri = request.url.replace(API, "");
        log.push({ kind: route.kind, what: route.detail?.(body, uri) ?? route.what });
        return route.answer(body, uri);
      });
  }
}

/** `2 reads, 3 writes: 👀, body, reply` for the requests of one command. */
function describe(requests: Counted[]): { total: number; text: string } {
  const counted = requests.filter((r) => r.kind !== "token");
  const reads = counted.filter((r) => r.kind === "read");
  const writes = counted.filter((r) => r.kind === "write");
  const tally = (list: Counted[]) => {
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
function replyTo(world: GitHubWorld, on: number, commentId: number): string | null {
  const marker = `<!-- coordinator:commands:${commentId} -->`;
  return world.issue(on).comments.find((c) => c.author === BOT_LOGIN && c.body.startsWith(marker))?.body ?? null;
}

export async function benchCommands(): Promise<string[]> {
  nock.disableNetConnect();
  const world = world200();
  const app = await makeApp();
  const log: Counted[] = [];
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

    for (const c of CASES) {
      const start = log.length;
      const comment = world.addComment(c.on, c.author, `${c.command}\n`, "2026-11-27T09:30:00Z");
      await app.deliver("issue_comment", commentPayload("created", world, c.on, comment));
      const { total, text } = describe(log.slice(start));
      const reply = replyTo(world, c.on, comment.id);
      const outcome = reply?.split("\n").find((l) => l.startsWith("- `")) ?? "";
      const problem = reply === null ? " — no reply was posted" : c.expect.test(reply) ? "" : ` — unexpected reply: ${outcome.slice(0, 200)}`;
      lines.push(`${c.label ?? c.command} on a ${TRACKED}-issue coordination: ${total} requests (${text})${problem}`);
    }
    if (unmatched.length > 0) lines.push(`commands: ${unmatched.length} requests matched no interceptor: ${unmatched.slice(0, 5).join("; ")}`);
  } finally {
    nock.emitter.removeListener("no match", onNoMatch);
    nock.cleanAll();
  }
  return lines;
}
