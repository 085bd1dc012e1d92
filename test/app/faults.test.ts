// GitHub failures: retried from the queue, never a duplicate comment, never a half-written body.
import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { API, commentPayload, graphqlFrom, makeApp, patchBody, tokenAndNoConfig, useNock, withBody } from "../helpers/probot.js";

const REPORT = "## Worker 3 Report - P1\n\n**Issue**: #12\n**Status**: ✅ Complete\n";
const MALFORMED = "## Worker 3 Report - P1\n\n**Issue**: #12\n";

function seed(): GitHubWorld {
  const world = new GitHubWorld();
  world.addIssue({ number: 10, title: "Plan", body: "Work: #12\n", labels: ["coordination"] });
  world.addIssue({ number: 12, title: "API" });
  world.permissions.set("worker3", "write");
  return world;
}

useNock();

describe("GitHub errors", () => {
  it("a 502 on the read is retried and the report still lands once", async () => {
    const world = seed();
    const app = await makeApp();
    const report = world.addComment(10, "worker3", REPORT);
    const bodies: string[] = [];
    tokenAndNoConfig();
    nock(API).post("/graphql").reply(502, { message: "Bad Gateway" });
    graphqlFrom(world);
    patchBody(world, 10, bodies);
    await app.deliver("issue_comment", commentPayload("created", world, 10, report));
    expect(bodies).toHaveLength(1);
    expect(parseState(bodies[0] ?? "")?.reports).toHaveLength(1);
  });

  it("a reply whose POST answered 500 but landed is found by its marker, not posted again", async () => {
    const world = seed();
    const app = await makeApp();
    const bad = world.addComment(10, "worker3", MALFORMED);
    let posts = 0;
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    patchBody(world, 10, []);
    nock(API)
      .post("/repos/acme/app/issues/10/comments")
      .reply(
        500,
        withBody((body) => {
          posts++;
          world.addComment(10, BOT_LOGIN, (body as { body: string }).body, "2026-11-27T10:00:00Z", "Bot");
          return { message: "Server Error" };
        }),
      );
    await app.deliver("issue_comment", commentPayload("created", world, 10, bad));
    expect(posts).toBe(1);
    expect(world.issue(10).comments.filter((c) => c.author === BOT_LOGIN)).toHaveLength(1);
  });

  it("a secondary rate limit re-queues the run after retry-after instead of failing", async () => {
    const world = seed();
    const app = await makeApp();
    const report = world.addComment(10, "worker3", REPORT);
    const bodies: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    nock(API).patch("/repos/acme/app/issues/10").reply(403, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "1" });
    patchBody(world, 10, bodies);
    await app.deliver("issue_comment", commentPayload("created", world, 10, report));
    expect(bodies).toHaveLength(1);
  });

  it("when GitHub keeps the old body, the dashboard is written again smaller", async () => {
    const world = seed();
    const app = await makeApp();
    const report = world.addComment(10, "worker3", REPORT);
    const sent: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world);
    nock(API)
      .patch("/repos/acme/app/issues/10")
      .reply(
        200,
        withBody((body) => {
          sent.push((body as { body: string }).body);
          return { number: 10, body: world.issue(10).body };
        }),
      );
    patchBody(world, 10, sent);
    await app.deliver("issue_comment", commentPayload("created", world, 10, report));
    expect(sent).toHaveLength(2);
    expect(world.issue(10).body).toBe(sent[1]);
    expect(parseState(sent[1] ?? "")?.reports).toHaveLength(1);
  });

  it("a failing run is given up after its attempts, leaving the last good body", async () => {
    const world = seed();
    const app = await makeApp();
    const report = world.addComment(10, "worker3", REPORT);
    tokenAndNoConfig();
    nock(API).post("/graphql").times(3).reply(502, { message: "Bad Gateway" });
    await app.deliver("issue_comment", commentPayload("created", world, 10, report));
    expect(world.issue(10).body).toBe("Work: #12\n");
    expect(app.coordinator.queue.size).toBe(0);
  });
});
