// A GitHub on a simulated clock, for tests and benchmarks of long runs (issue 15): every request
// the real Probot app makes is answered from a GitHubWorld through nock and recorded with the
// simulated time it was made at; the queue's timers (retries after a budget wait) fire in time
// order when the caller moves the clock. Octokit's own pacing can be modelled: its throttling
// plugin spaces writes and GraphQL requests 1 s apart, and comments 3 s apart.
import nock from "nock";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { API, INSTALLATION_ID, withBody } from "./probot.js";

export interface Recorded {
  /** Simulated time of the request (ms since epoch). */
  at: number;
  kind: "read" | "write";
  /** `graphql`, `labels #12` (a GraphQL label mutation), `comment #1`, `body #1`, `REST +label #12`, … */
  what: string;
}

/** Time the caller moves, and the timers the app's queue sets, fired in time order. */
export class SimulatedTime {
  private timers: Array<{ at: number; fn: () => void }> = [];
  readonly clock = () => new Date(this.now);
  readonly timersApi = {
    setTimeout: (fn: () => void, ms: number) => {
      this.timers.push({ at: this.now + ms, fn });
      this.timers.sort((a, b) => a.at - b.at);
      return fn;
    },
    clearTimeout: (handle: unknown) => {
      this.timers = this.timers.filter((t) => t.fn !== handle);
    },
  };

  constructor(public now: number) {}

  get pending(): number {
    return this.timers.length;
  }

  /** A process that dies takes its timers with it. */
  dropTimers(): void {
    this.timers = [];
  }

  /** Moves to the next timer and fires it; false when none is left. */
  next(): boolean {
    const timer = this.timers.shift();
    if (!timer) return false;
    this.now = Math.max(this.now, timer.at);
    timer.fn();
    return true;
  }
}

export interface Pacing {
  /** Least time between two writes or GraphQL requests (Octokit's throttling: 1,000 ms). */
  writeMs: number;
  /** Least time between two comments (Octokit's throttling: 3,000 ms). */
  commentMs: number;
}

/** Octokit's throttling plugin as Probot ships it: writes and GraphQL 1 s apart, comments 3 s apart. */
export const OCTOKIT_PACING: Pacing = { writeMs: 1_000, commentMs: 3_000 };
export const NO_PACING: Pacing = { writeMs: 0, commentMs: 0 };

/**
 * A fault for one write (by its `what`): GitHub answers `status`, having done the write first
 * when `done` (a timeout after the fact) or not at all.
 */
export type Fault = (what: string) => { status: number; done: boolean } | null;

/**
 * Answers every request of the app from `world` (persisted interceptors: call `nock.cleanAll()`
 * after), records each in `log`, and moves `time` forward as `pacing` says Octokit would wait.
 * `fault` may make a label swap or a comment fail.
 */
export function simulatedGitHub(world: GitHubWorld, time: SimulatedTime, log: Recorded[], pacing: Pacing = NO_PACING, fault: Fault = () => null): void {
  let lastPaced = -Infinity;
  let lastComment = -Infinity;
  const pace = (comment: boolean) => {
    time.now = Math.max(time.now, lastPaced + pacing.writeMs, comment ? lastComment + pacing.commentMs : -Infinity);
    lastPaced = time.now;
    if (comment) lastComment = time.now;
  };
  const record = (kind: Recorded["kind"], what: string) => log.push({ at: time.now, kind, what });
  const iso = () => new Date(time.now).toISOString();
  const numberIn = (url: string) => Number(/issues\/(\d+)/.exec(url)?.[1]);
  nock(API)
    .persist()
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(201, { token: "test-token", expires_at: "2099-01-01T00:00:00Z", permissions: { issues: "write" } })
    .get(/\/contents\//)
    .reply(404, { message: "Not Found" })
    .get(`/repos/${world.owner}/${world.repo}/issues`)
    .query(true)
    .reply(200, () => {
      record("read", "coordinations");
      return [...world.issues.values()]
        .filter((i) => i.owner === world.owner && i.repo === world.repo && i.labels.includes("coordination") && i.state === "OPEN")
        .map((i) => ({ number: i.number, body: i.body, labels: [{ name: "coordination" }] }));
    })
    .post("/graphql")
    .reply(async (req: Request) => {
      const request = JSON.parse(await req.text()) as { query: string; variables?: Record<string, unknown> };
      const mutation = request.query.trimStart().startsWith("mutation");
      const what = mutation ? `labels #${String(request.variables?.issue).split("#")[1]}` : "graphql";
      pace(false);
      record(mutation ? "write" : "read", what);
      const failed = mutation ? fault(what) : null;
      if (failed && !failed.done) return [failed.status, { message: "fault" }];
      const answer = await world.graphql(request);
      return failed ? [failed.status, { message: "fault" }] : [200, answer];
    })
    .get(/^\/repos\/[^/]+\/[^/]+\/issues\/\d+$/)
    .reply(200, (request: Request) => {
      // nock 15 hands reply functions the fetch Request.
      const number = numberIn(request.url);
      record("read", `body #${number}`);
      return { number, body: world.issue(number).body };
    })
    .patch(/^\/repos\/[^/]+\/[^/]+\/issues\/\d+$/)
    .reply(
      200,
      withBody((body, url) => {
        pace(false);
        record("write", `body #${numberIn(url)}`);
        world.issue(numberIn(url)).body = (body as { body: string }).body;
        return { number: numberIn(url), body: world.issue(numberIn(url)).body };
      }),
    )
    .post(/^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/)
    .reply(async (req: Request) => {
      const body = JSON.parse(await req.text()) as { body: string };
      const what = `comment #${numberIn(req.url)}`;
      pace(true);
      record("write", what);
      const failed = fault(what);
      if (failed && !failed.done) return [failed.status, { message: "fault" }];
      const c = world.addComment(numberIn(req.url), BOT_LOGIN, body.body, iso(), "Bot");
      return failed ? [failed.status, { message: "fault" }] : [201, { id: c.id, node_id: GitHubWorld.commentNode(c.id), body: c.body }];
    })
    // Edits and deletions of the app's comments (state comments, docs/state.md), by comment id.
    .patch(/^\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+$/)
    .reply(
      200,
      withBody((body, url) => {
        pace(false);
        const id = Number(/comments\/(\d+)/.exec(url)?.[1]);
        const found = world.findComment(id);
        record("write", `edit comment #${found?.issue.number ?? 0}`);
        if (found) {
          found.comment.body = (body as { body: string }).body;
          found.comment.editor = BOT_LOGIN;
          found.comment.updatedAt = iso();
        }
        return { id, body: found?.comment.body ?? "" };
      }),
    )
    .delete(/^\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+$/)
    .reply(204, (request: Request) => {
      pace(false);
      const id = Number(/comments\/(\d+)/.exec(request.url)?.[1]);
      const found = world.findComment(id);
      record("write", `delete comment #${found?.issue.number ?? 0}`);
      if (found) found.issue.comments = found.issue.comments.filter((c) => c.id !== id);
      return "";
    })
    .post(/^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/labels$/)
    .reply(
      200,
      withBody((body, url) => {
        pace(false);
        record("write", `REST +label #${numberIn(url)}`);
        for (const l of (body as { labels: string[] }).labels) world.addLabel(numberIn(url), l, BOT_LOGIN, iso());
        return [];
      }),
    )
    .delete(/^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/labels\/.+$/)
    .reply(200, (request: Request) => {
      pace(false);
      const label = decodeURIComponent(/labels\/([^?]+)/.exec(request.url)?.[1] ?? "");
      record("write", `REST -label #${numberIn(request.url)}`);
      const issue = world.issue(numberIn(request.url));
      issue.labels = issue.labels.filter((l) => l !== label);
      return [];
    });
}

/** The most writes in any minute and in any hour, from the recorded times. */
export function peakWrites(log: readonly Recorded[]): { minute: number; hour: number } {
  const writes = log.filter((r) => r.kind === "write").map((r) => r.at);
  const inWindow = (ms: number) => Math.max(0, ...writes.map((t) => writes.filter((u) => u > t - ms && u <= t).length));
  return { minute: inWindow(60_000), hour: inWindow(3_600_000) };
}
