// A real Probot instance for handler tests, as Probot's own template sets it up: retry and
// throttling off, no network, and the coordinator's queue awaited instead of sleeping.
import nock from "nock";
import { afterEach, beforeEach, expect } from "vitest";
import { Probot, ProbotOctokit } from "probot";
import { createApp, type AppOptions } from "../../src/index.js";
import { hmacSealer } from "../../src/domain/seal.js";
import type { Coordinator } from "../../src/app/coordinator.js";
import { BOT_LOGIN, type GitHubWorld } from "../fakes/github-world.js";
import { testPrivateKey } from "./keys.js";

export const API = "https://api.github.com";
export const INSTALLATION_ID = 4242;
/** The key the test app seals state blocks with (tests seal theirs with the same one). */
export const TEST_STATE_KEY = "test state key";
export const testSeal = hmacSealer(TEST_STATE_KEY);


export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

export interface TestApp {
  probot: Probot;
  coordinator: Coordinator;
  /** Delivers a webhook and waits until every queued run has finished. */
  deliver(name: string, payload: Record<string, unknown>, id?: string): Promise<void>;
}

let deliveries = 0;

/**
 * `now` is a fixed time or a clock the test moves. By default failed runs are retried by the queue
 * at once, a bounded number of times; a test that drives time itself passes its own `timers`.
 */
export async function makeApp(now: Date | (() => Date) = new Date("2026-11-27T10:00:00Z"), extra: Pick<AppOptions, "budget" | "timers" | "redisUrl"> = {}): Promise<TestApp> {
  let coordinator: Coordinator | null = null;
  const probot = new Probot({ appId: 123, privateKey: testPrivateKey(), Octokit: TestOctokit, logLevel: (process.env.TEST_LOG_LEVEL as "fatal" | undefined) ?? "fatal" });
  const clock = typeof now === "function" ? now : () => now;
  await probot.load(createApp({ timers: { setTimeout: (fn) => setImmediate(fn) }, redisUrl: "", ...extra, stateKey: TEST_STATE_KEY, processMetrics: false, now: clock, maxAttempts: 3, scheduler: false, onReady: (c) => (coordinator = c) }));
  if (!coordinator) throw new Error("app did not start");
  const c: Coordinator = coordinator;
  return {
    probot,
    coordinator: c,
    async deliver(name, payload, id) {
      deliveries += 1;
      await probot.receive({ id: id ?? `delivery-${deliveries}`, name, payload } as Parameters<Probot["receive"]>[0]);
      await c.idle();
    },
  };
}

/** GET /app: who the app is (asked once per app, when an event may be its own). */
export function appIdentity(): nock.Scope {
  return nock(API).get("/app").reply(200, { id: 123, slug: "coordinator", name: "Coordinator" });
}

/** Interceptors for the calls almost every run makes: an installation token and no config file. */
export function tokenAndNoConfig(owner = "acme", repo = "app"): nock.Scope {
  return nock(API)
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(201, { token: "test-token", expires_at: "2099-01-01T00:00:00Z", permissions: { issues: "write" } })
    .get(`/repos/${owner}/${repo}/contents/${encodeURIComponent(".github/coordinator.yml")}`)
    .reply(404, { message: "Not Found" })
    .get(`/repos/${owner}/.github/contents/${encodeURIComponent(".github/coordinator.yml")}`)
    .reply(404, { message: "Not Found" });
}

/**
 * A reply computed from the request's JSON body. nock 15 hands reply functions the fetch
 * `Request` (and treats a two-parameter function as callback style), so this takes one parameter.
 */
export function withBody(fn: (body: unknown, url: string) => unknown) {
  return async (request: Request) => {
    const text = await request.text();
    return fn(text ? JSON.parse(text) : null, request.url) as nock.ReplyBody;
  };
}

/** `times` GraphQL requests answered by the world, each checked against GitHub's schema. */
export function graphqlFrom(world: GitHubWorld, times = 1): nock.Scope {
  return nock(API)
    .post("/graphql")
    .times(times)
    .reply(200, withBody((body) => world.graphql(body as { query: string; variables?: Record<string, unknown> })));
}

// Payload builders: trimmed to the fields GitHub sends that the app reads, with `installation`.
export function repositoryPayload(owner = "acme", repo = "app") {
  return { id: 1, name: repo, full_name: `${owner}/${repo}`, owner: { login: owner, type: "Organization" }, default_branch: "main" };
}

export function issuePayload(world: GitHubWorld, number: number) {
  const issue = world.issue(number);
  return {
    number,
    title: issue.title,
    body: issue.body,
    state: issue.state.toLowerCase(),
    labels: issue.labels.map((name) => ({ name })),
    user: { login: "orchestrator", type: "User" },
  };
}

export function commentPayload(action: "created" | "edited" | "deleted", world: GitHubWorld, number: number, comment: { id: number; author: string; body: string; authorType?: string; association?: string }) {
  return {
    action,
    issue: issuePayload(world, number),
    comment: {
      id: comment.id,
      body: comment.body,
      user: { login: comment.author, type: comment.authorType ?? "User" },
      performed_via_github_app: null,
      // What GitHub says of the author; tests name people with write or more as collaborators.
      author_association: comment.association ?? (["write", "maintain", "admin"].includes(world.permissions.get(comment.author.toLowerCase()) ?? "") ? "COLLABORATOR" : "NONE"),
    },
    repository: repositoryPayload(),
    sender: { login: comment.author, type: comment.authorType ?? "User" },
    installation: { id: INSTALLATION_ID },
  };
}

/**
 * PATCH of an issue body: recorded, applied to the world, answered with what was kept. A run that
 * made other requests since its read reads the body again first (GET), answered from the world.
 */
export function patchBody(world: GitHubWorld, number: number, bodies: string[], times = 1): nock.Scope {
  nock(API)
    .get(`/repos/acme/app/issues/${number}`)
    .times(times)
    .optionally()
    .reply(200, () => ({ number, body: world.issue(number).body }));
  return nock(API)
    .patch(`/repos/acme/app/issues/${number}`)
    .times(times)
    .reply(
      200,
      withBody((body) => {
        const text = (body as { body: string }).body;
        bodies.push(text);
        world.issue(number).body = text;
        return { number, body: text };
      }),
    );
}

export function postComment(world: GitHubWorld, number: number, posted: string[], times = 1): nock.Scope {
  return nock(API)
    .post(`/repos/acme/app/issues/${number}/comments`)
    .times(times)
    .reply(
      201,
      withBody((body) => {
        const text = (body as { body: string }).body;
        posted.push(text);
        const c = world.addComment(number, BOT_LOGIN, text, "2026-11-27T10:00:00Z", "Bot");
        return { id: c.id, body: text };
      }),
    );
}


/**
 * Label writes on issues, applied to the world and recorded as `+label #N` / `-label #N`, whether
 * made by REST or by the GraphQL mutations that swap labels in one request.
 */
export function labelWrites(world: GitHubWorld, log: string[], times = 20): nock.Scope {
  world.mutations = log;
  return nock(API)
    .post(/^\/repos\/acme\/app\/issues\/\d+\/labels$/)
    .times(times)
    .optionally()
    .reply(
      200,
      withBody((body, url) => {
        const number = Number(/issues\/(\d+)\/labels/.exec(url)?.[1]);
        const labels = (body as { labels: string[] }).labels;
        for (const l of labels) {
          log.push(`+${l} #${number}`);
          world.addLabel(number, l, BOT_LOGIN, "2026-11-27T10:00:00Z");
        }
        return world.issue(number).labels.map((name) => ({ name }));
      }),
    )
    .delete(/^\/repos\/acme\/app\/issues\/\d+\/labels\/[^/]+$/)
    .times(times)
    .optionally()
    .reply(200, (request: Request) => {
      const m = /issues\/(\d+)\/labels\/([^/?]+)/.exec(request.url);
      const number = Number(m?.[1]);
      const label = decodeURIComponent(m?.[2] ?? "");
      log.push(`-${label} #${number}`);
      world.issue(number).labels = world.issue(number).labels.filter((l) => l !== label);
      return [];
    });
}

/** The 👀 reaction on a command comment (recorded as comment ids). */
export function eyes(reacted: number[], times = 1): nock.Scope {
  return nock(API)
    .post(/^\/repos\/acme\/app\/issues\/comments\/\d+\/reactions$/, { content: "eyes" })
    .times(times)
    .reply(
      201,
      withBody((_body, url) => {
        reacted.push(Number(/comments\/(\d+)\/reactions/.exec(url)?.[1]));
        return { content: "eyes" };
      }),
    );
}

/** The REST permission look-up (a rebuild asks about authors the first read did not name). */
export function permissionRest(world: GitHubWorld, login: string, times = 1): nock.Scope {
  const permission = world.permissions.get(login.toLowerCase()) ?? "none";
  return nock(API)
    .get(`/repos/acme/app/collaborators/${login}/permission`)
    .times(times)
    .reply(200, { permission: permission === "triage" ? "read" : permission === "maintain" ? "write" : permission, role_name: permission, user: { login } });
}

/**
 * No network for the file's tests, and every interceptor used by the end of each test (requests
 * matching `unchecked` excepted: interceptors set generously for writes a test asserts itself).
 */
export function useNock(unchecked: RegExp | null = null): void {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks().filter((m) => unchecked === null || !unchecked.test(m));
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toEqual([]);
  });
}

/** The routing look-up: the repository's open coordination issues, with their current bodies. */
export function coordinationsLookup(world: GitHubWorld, numbers: number[], times = 1): nock.Scope {
  return nock(API)
    .get("/repos/acme/app/issues")
    .query({ labels: "coordination", state: "open", per_page: 100 })
    .times(times)
    .reply(200, () => numbers.map((number) => ({ number, body: world.issue(number).body, labels: [{ name: "coordination" }] })));
}

/** An installation token and the repository's `.github/coordinator.yml` holding `yaml`. */
export function tokenAndConfig(yaml: string, times = 1): nock.Scope {
  return nock(API)
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(201, { token: "test-token", expires_at: "2099-01-01T00:00:00Z" })
    .get(`/repos/acme/app/contents/${encodeURIComponent(".github/coordinator.yml")}`)
    .times(times)
    .reply(200, yaml, { "content-type": "application/vnd.github.raw; charset=utf-8" });
}
