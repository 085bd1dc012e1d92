// Slash commands through the real app: effects persisted on GitHub, one reply per command comment
// updated on edit, refusals that change nothing, idempotent re-runs.
import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { API, appIdentity, commentPayload, eyes, graphqlFrom, labelWrites, makeApp, patchBody, permissionRest, postComment, tokenAndConfig, tokenAndNoConfig, useNock, withBody } from "../helpers/probot.js";

const PLAN = "# Plan\n\nWork: #12 and #13.\n";

function seed(): GitHubWorld {
  const world = new GitHubWorld();
  world.addIssue({ number: 10, title: "Coordination", body: PLAN, labels: ["coordination"] });
  world.addIssue({ number: 12, title: "API" });
  world.addIssue({ number: 13, title: "UI" });
  world.addIssue({ number: 20, title: "Docs" });
  world.permissions.set("lead", "write");
  world.permissions.set("worker3", "triage");
  world.permissions.set("reader", "read");
  return world;
}

/** A reply to a command comment: POSTed once, then PATCHed on the re-run after an edit. */
function replies(world: GitHubWorld, posted: string[], edited: string[]): void {
  postComment(world, 10, posted);
  nock(API)
    .patch(/^\/repos\/acme\/app\/issues\/comments\/\d+$/)
    .reply(
      200,
      withBody((body, url) => {
        const id = Number(/comments\/(\d+)/.exec(url)?.[1]);
        const text = (body as { body: string }).body;
        edited.push(text);
        const found = world.findComment(id);
        if (found) found.comment.body = text;
        return { id };
      }),
    );
}

useNock();

describe("/track", () => {
  it("appends to the Tracked list of the orchestrator's text; an edit re-runs it without a second change", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(10, "lead", "/track #20");
    const posted: string[] = [];
    const edited: string[] = [];
    const bodies: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 3);
    patchBody(world, 10, bodies, 1);
    replies(world, posted, edited);
    const reactedCommand: number[] = [];
    eyes(reactedCommand);
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(reactedCommand).toEqual([command.id]);
    expect(bodies[0]?.startsWith(`${PLAN}\n### Tracked\n- #20\n`)).toBe(true);
    expect(parseState(bodies[0] ?? "")?.issues.map((i) => i.ref)).toEqual(["acme/app#12", "acme/app#13", "acme/app#20"]);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatch(new RegExp(`^<!-- coordinator:commands:${command.id} -->`));
    expect(posted[0]).toContain("now tracking #20");

    await app.deliver("issue_comment", commentPayload("edited", world, 10, command));
    expect(bodies).toHaveLength(1);
    expect(posted).toHaveLength(1);
    expect(edited).toHaveLength(1);
    expect(edited[0]).toContain("already tracked");
  });

  it("from someone without write permission: refused, nothing changes", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(10, "reader", "/track #20");
    const posted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world);
    patchBody(world, 10, []);
    postComment(world, 10, posted);
    const reactedCommand: number[] = [];
    eyes(reactedCommand);
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(reactedCommand).toEqual([command.id]);
    expect(posted[0]).toContain("🚫 refused: has read permission; write or higher is needed");
    expect(world.issue(10).body.startsWith(PLAN)).toBe(true);
    expect(world.issue(10).body).not.toContain("### Tracked");
  });
});

describe("/depends", () => {
  it("writes a native dependency once; the second time it is already there", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(10, "lead", "/depends #13 on #12");
    const posted: string[] = [];
    const edited: string[] = [];
    const deps: unknown[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    patchBody(world, 10, []);
    replies(world, posted, edited);
    labelWrites(world, []);
    nock(API)
      .post("/repos/acme/app/issues/13/dependencies/blocked_by")
      .reply(
        201,
        withBody((body) => {
          deps.push(body);
          world.issue(13).blockedBy.push(12);
          return {};
        }),
      );
    const reactedCommand: number[] = [];
    eyes(reactedCommand);
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(reactedCommand).toEqual([command.id]);
    expect(deps).toEqual([{ issue_id: 500_012 }]);
    expect(posted[0]).toContain("#13 now waits for #12 (GitHub dependency)");
    const state = parseState(world.issue(10).body);
    expect(state?.edges).toContainEqual({ from: "acme/app#12", to: "acme/app#13", source: "native" });

    await app.deliver("issue_comment", commentPayload("edited", world, 10, command));
    expect(deps).toHaveLength(1);
    expect(edited[0]).toContain("already waits for #12");
  });

  it("falls back to a `Depends on` line when GitHub will not hold the dependency", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(10, "lead", "/depends #13 on #12");
    const posted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world);
    nock(API).post("/repos/acme/app/issues/13/dependencies/blocked_by").reply(422, { message: "Validation Failed" });
    patchBody(world, 13, []);
    patchBody(world, 10, []);
    postComment(world, 10, posted);
    labelWrites(world, []);
    const reactedCommand: number[] = [];
    eyes(reactedCommand);
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(reactedCommand).toEqual([command.id]);
    expect(world.issue(13).body).toContain("Depends on #12");
    expect(posted[0]).toContain("a `Depends on` line in its description");
    expect(parseState(world.issue(10).body)?.edges).toContainEqual({ from: "acme/app#12", to: "acme/app#13", source: "body" });
  });
});

describe("/assign, /escalate, /status, /context, /help", () => {
  it("runs several commands of one comment and answers them in one reply", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(
      10,
      "lead",
      "Setting up:\n\n/assign #12 @dana\n/assign #13 worker-3\n/escalate #12 database is down\n/status\n/context #13\n/help\n/deploy prod\n",
    );
    const posted: string[] = [];
    const labels: string[] = [];
    const assigned: unknown[] = [];
    tokenAndNoConfig();
    graphqlFrom(world);
    nock(API)
      .post("/repos/acme/app/issues/12/assignees")
      .reply(
        201,
        withBody((body) => {
          assigned.push(body);
          return {};
        }),
      );
    labelWrites(world, labels);
    patchBody(world, 10, []);
    postComment(world, 10, posted);
    const reactedCommand: number[] = [];
    eyes(reactedCommand);
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(reactedCommand).toEqual([command.id]);
    expect(assigned).toEqual([{ assignees: ["dana"] }]);
    expect(labels).toEqual(["+worker:worker-3 #13", "+urgent #12"]);
    expect(posted).toHaveLength(1);
    const reply = posted[0] ?? "";
    expect(reply).toContain("ran 6 commands");
    expect(reply).toContain("#12 assigned to `dana`");
    expect(reply).toContain("#13 assigned to worker `worker-3`");
    expect(reply).toContain("🚨 #12 is urgent");
    expect(reply).toContain("```json");
    expect(reply).toContain("/untrack");
    expect(reply).not.toContain("deploy");
    const state = parseState(world.issue(10).body);
    expect(state?.status).toBe("RED");
    expect(state?.urgent.map((u) => u.ref)).toEqual(["acme/app#12"]);
  });

  it("a bot's commands never run", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(10, "helper[bot]", "/track #20", undefined, "Bot");
    tokenAndNoConfig();
    appIdentity();
    graphqlFrom(world);
    patchBody(world, 10, []);
    await app.deliver("issue_comment", commentPayload("created", world, 10, { ...command, authorType: "Bot" }));
    expect(world.issue(10).body).not.toContain("### Tracked");
    expect(world.issue(10).comments.filter((c) => c.author === BOT_LOGIN)).toEqual([]);
  });
});

describe("🚨 URGENT comments", () => {
  it("label the issue urgent and turn the dashboard RED; an orchestrator clears it", async () => {
    const world = seed();
    const app = await makeApp();
    const alarm = world.addComment(10, "worker3", "🚨 URGENT: #13 production is down");
    const posted: string[] = [];
    const labels: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    labelWrites(world, labels);
    patchBody(world, 10, [], 2);
    postComment(world, 10, posted, 2);
    await app.deliver("issue_comment", commentPayload("created", world, 10, alarm));
    expect(labels).toEqual(["+urgent #13"]);
    expect(posted[0]).toMatch(/^<!-- coordinator:urgent:\d+ -->/);
    expect(parseState(world.issue(10).body)?.status).toBe("RED");

    const clear = world.addComment(10, "lead", "/escalate clear #13");
    const reactedClear: number[] = [];
    eyes(reactedClear);
    await app.deliver("issue_comment", commentPayload("created", world, 10, clear));
    expect(reactedClear).toEqual([clear.id]);
    expect(labels).toEqual(["+urgent #13", "-urgent #13"]);
    expect(parseState(world.issue(10).body)?.urgent).toEqual([]);
  });
});

describe("orchestrators from the configuration", () => {
  it("a member of a listed team may run orchestrator commands; GitHub is asked about the team", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(10, "carol", "/track #20");
    const posted: string[] = [];
    tokenAndConfig("orchestrators:\n  - \"@acme/leads\"\n");
    nock(API).get("/orgs/acme/teams/leads/memberships/carol").reply(200, { state: "active", role: "member" });
    graphqlFrom(world, 2);
    patchBody(world, 10, []);
    postComment(world, 10, posted);
    eyes([]);
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(posted[0]).toContain("now tracking #20");
  });

  it("someone outside the listed team is refused, whatever their repository permission", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(10, "lead", "/track #20");
    const posted: string[] = [];
    tokenAndConfig("orchestrators:\n  - \"@acme/leads\"\n");
    nock(API).get("/orgs/acme/teams/leads/memberships/lead").reply(404, { message: "Not Found" });
    graphqlFrom(world);
    patchBody(world, 10, []);
    postComment(world, 10, posted);
    eyes([]);
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(posted[0]).toContain("🚫 refused: not listed in orchestrators");
    expect(world.issue(10).body).not.toContain("### Tracked");
  });
});

describe("what commands leave behind", () => {
  it("an escalation stays on the dashboard at later events while the urgent label does", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(10, "lead", "/escalate #12 database is down");
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    labelWrites(world, []);
    patchBody(world, 10, []);
    postComment(world, 10, []);
    eyes([]);
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(parseState(world.issue(10).body)?.urgent.map((u) => [u.ref, u.summary])).toEqual([["acme/app#12", "database is down"]]);
    // An unrelated chat comment later: the state is re-derived, the item stays (no body write needed).
    const chat = world.addComment(10, "lead", "Thanks all.");
    await app.deliver("issue_comment", commentPayload("created", world, 10, chat));
    expect(parseState(world.issue(10).body)?.urgent.map((u) => u.ref)).toEqual(["acme/app#12"]);
    expect(parseState(world.issue(10).body)?.status).toBe("RED");
  });

  it("/undepends of the last dependency lifts the blocked label; /assign to a worker shows on the dashboard", async () => {
    const world = seed();
    world.issue(13).blockedBy = [12];
    const app = await makeApp();
    const labels: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    labelWrites(world, labels);
    patchBody(world, 10, [], 2);
    postComment(world, 10, []);
    eyes([]);
    nock(API).delete("/repos/acme/app/issues/13/dependencies/blocked_by/500012").reply(200, () => {
      world.issue(13).blockedBy = [];
      return {};
    });
    // A first event labels #13 blocked (it waits for #12).
    await app.deliver("issues", { action: "labeled", issue: { number: 10, body: world.issue(10).body, labels: [{ name: "coordination" }] }, label: { name: "x" }, repository: { name: "app", owner: { login: "acme" } }, sender: { login: "lead", type: "User" }, installation: { id: 4242 } });
    expect(labels).toEqual(["+blocked #13"]);
    const command = world.addComment(10, "lead", "/undepends #13 on #12\n/assign #12 worker-7");
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(labels).toEqual(["+blocked #13", "+worker:worker-7 #12", "+ready #13", "-blocked #13"]);
    const state = parseState(world.issue(10).body);
    expect(state?.issues.find((i) => i.ref === "acme/app#12")?.worker).toBe("worker-7");
    expect(state?.issues.find((i) => i.ref === "acme/app#13")?.blockedBy).toEqual([]);
  });
});

describe("/refresh", () => {
  it("rebuilds from GitHub: a report whose webhook was missed, on a tracked issue, reaches the dashboard", async () => {
    const world = seed();
    const app = await makeApp();
    // Nobody told Coordinator about this report (a lost delivery).
    const missed = world.addComment(13, "worker3", "## Worker 3 Report - UI\n\n**Issue**: #13\n**Status**: 🔄 In Progress\n");
    const command = world.addComment(10, "lead", "/refresh");
    const posted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    patchBody(world, 10, []);
    postComment(world, 10, posted);
    eyes([]);
    permissionRest(world, "worker3");
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    const state = parseState(world.issue(10).body);
    expect(state?.reports.map((r) => r.commentId)).toEqual([missed.id]);
    expect(state?.issues.find((i) => i.ref === "acme/app#13")?.status).toBe("in_progress");
    expect(posted[0]).toContain("rebuilt from GitHub");
  });
});

describe("commands of one run see each other's effects, not each other's mentions", () => {
  it("/assign #20 @bob then /track #20: #20 is tracked (assigning it did not make it tracked)", async () => {
    const world = seed();
    world.permissions.set("bob", "read");
    const app = await makeApp();
    const command = world.addComment(10, "lead", "/assign #20 @bob\n/track #20");
    const posted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    nock(API)
      .post("/repos/acme/app/issues/20/assignees")
      .reply(201, withBody((body) => {
        world.issue(20).assignees.push(...(body as { assignees: string[] }).assignees);
        return { number: 20 };
      }));
    patchBody(world, 10, []);
    postComment(world, 10, posted);
    eyes([]);
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(posted[0]).toContain("✅ #20 assigned to `bob`");
    expect(posted[0]).toContain("✅ now tracking #20");
    expect(world.issue(10).body).toContain("### Tracked\n- #20");
    expect(world.issue(20).assignees).toEqual(["bob"]);
  });
});
