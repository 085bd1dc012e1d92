// `/coordinate` and the coordination label: how an issue becomes a coordination issue.
import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { GitHubWorld } from "../fakes/github-world.js";
import { API, commentPayload, eyes, graphqlFrom, INSTALLATION_ID, issuePayload, makeApp, patchBody, postComment, repositoryPayload, tokenAndNoConfig, useNock, withBody } from "../helpers/probot.js";

const PLAN = "Backend plan: #12 then #13.\n";

function seed(): GitHubWorld {
  const world = new GitHubWorld();
  world.addIssue({ number: 10, title: "Backend plan", body: PLAN });
  world.addIssue({ number: 12, title: "API" });
  world.addIssue({ number: 13, title: "Tests", state: "CLOSED", stateReason: "COMPLETED" });
  world.permissions.set("lead", "write");
  world.permissions.set("reader", "read");
  return world;
}

useNock();

describe("/coordinate", () => {
  it("from a user with write permission: labels exist, the issue is labelled, the dashboard is written, one reply", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(10, "lead", "Let's run this here.\n\n/coordinate\n");
    const created: string[] = [];
    const bodies: string[] = [];
    const replies: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world);
    nock(API).get("/repos/acme/app/labels").query({ per_page: 100 }).reply(200, [{ name: "blocked" }, { name: "Ready" }]);
    nock(API)
      .post("/repos/acme/app/labels")
      .times(6)
      .reply(
        201,
        withBody((body) => {
          created.push((body as { name: string }).name);
          return body;
        }),
      );
    nock(API)
      .post("/repos/acme/app/issues/10/labels", { labels: ["coordination"] })
      .reply(200, [{ name: "coordination" }]);
    patchBody(world, 10, bodies);
    postComment(world, 10, replies);
    const reacted: number[] = [];
    eyes(reacted);

    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(reacted).toEqual([command.id]);

    expect(created.sort()).toEqual(["coordination", "gate", "gate:approved", "gate:rejected", "in-progress", "urgent"]);
    expect(bodies[0]?.startsWith(PLAN)).toBe(true);
    expect(parseState(bodies[0] ?? "")?.progress).toEqual({ done: 1, total: 2 });
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain(`<!-- coordinator:commands:${command.id} -->`);
    expect(replies[0]).toContain("now a coordination issue");
  });

  it("from a user with read permission: one refusal, nothing else changes", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(10, "reader", "/coordinate");
    const replies: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world);
    postComment(world, 10, replies);
    eyes([]);
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/refused: has read permission; write or higher is needed/);
    expect(world.issue(10).body).toBe(PLAN);
  });

  it.each([
    ["inside a code block", "```\n/coordinate\n```"],
    ["in a quote", "> /coordinate"],
    ["in an HTML comment", "<!--\n/coordinate\n-->"],
    ["mid-line", "please /coordinate this"],
    ["with a longer verb", "/coordinates"],
  ])("%s does nothing and asks GitHub nothing", async (_name, body) => {
    const world = seed();
    const app = await makeApp();
    const comment = world.addComment(10, "lead", body);
    await app.deliver("issue_comment", commentPayload("created", world, 10, comment));
    expect(app.coordinator.queue.size).toBe(0);
  });

  it("from a bot does nothing", async () => {
    const world = seed();
    const app = await makeApp();
    const comment = world.addComment(10, "other-app[bot]", "/coordinate", undefined, "Bot");
    await app.deliver("issue_comment", commentPayload("created", world, 10, { ...comment, authorType: "Bot" }));
    expect(app.coordinator.queue.size).toBe(0);
  });
});

describe("the coordination label", () => {
  it("added by a person: the labels are ensured and the dashboard is written", async () => {
    const world = seed();
    world.issue(10).labels = ["coordination"];
    const app = await makeApp();
    const bodies: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world);
    nock(API)
      .get("/repos/acme/app/labels")
      .query({ per_page: 100 })
      .reply(200, ["coordination", "blocked", "ready", "in-progress", "urgent", "gate", "gate:approved", "gate:rejected"].map((name) => ({ name })));
    patchBody(world, 10, bodies);
    await app.deliver("issues", {
      action: "labeled",
      issue: issuePayload(world, 10),
      label: { name: "coordination" },
      repository: repositoryPayload(),
      sender: { login: "lead", type: "User" },
      installation: { id: INSTALLATION_ID },
    });
    const state = parseState(bodies[0] ?? "");
    expect(state?.issues.map((i) => [i.ref, i.status])).toEqual([
      ["acme/app#12", "ready"],
      ["acme/app#13", "done"],
    ]);
  });
});
