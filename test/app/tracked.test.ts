// Events on tracked issues reach the coordinations that track them.
import { describe, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { GitHubWorld } from "../fakes/github-world.js";
import { commentPayload, coordinationsLookup, graphqlFrom, INSTALLATION_ID, issuePayload, makeApp, patchBody, repositoryPayload, tokenAndNoConfig, useNock } from "../helpers/probot.js";

function seed(): GitHubWorld {
  const world = new GitHubWorld();
  world.addIssue({ number: 10, title: "Plan", body: "Work: #12, #13 and #99 (not created yet)\n", labels: ["coordination"] });
  world.addIssue({ number: 11, title: "Other plan", body: "Unrelated: #50\n", labels: ["coordination"] });
  world.addIssue({ number: 12, title: "API" });
  world.addIssue({ number: 13, title: "UI" });
  world.permissions.set("worker3", "triage");
  return world;
}


useNock();

describe("a report on a tracked issue", () => {
  it("updates the coordination that tracks it (and no other), reading that issue's comments", async () => {
    const world = seed();
    const app = await makeApp();
    const report = world.addComment(12, "worker3", "## Worker 3 Report - UI\n\n**Issue**: #12\n**Status**: ⚠️ Blocked\n**Blockers**: #13\n");
    const bodies: string[] = [];
    tokenAndNoConfig();
    coordinationsLookup(world, [10, 11]);
    graphqlFrom(world);
    patchBody(world, 10, bodies);
    await app.deliver("issue_comment", commentPayload("created", world, 12, report));
    const state = parseState(bodies[0] ?? "");
    expect(state?.reports.map((r) => [r.on, r.commentId])).toEqual([["acme/app#12", report.id]]);
    expect(state?.issues.map((i) => [i.ref, i.status, i.blockedBy])).toEqual([
      ["acme/app#12", "blocked", ["acme/app#13"]],
      ["acme/app#13", "ready", []],
      ["acme/app#99", "missing", []],
    ]);
    expect(state?.edges).toEqual([{ from: "acme/app#13", to: "acme/app#12", source: "report" }]);
  });

  it("an ordinary comment on a tracked issue asks GitHub nothing", async () => {
    const world = seed();
    const app = await makeApp();
    const chat = world.addComment(12, "worker3", "Looks good to me, see #13.");
    await app.deliver("issue_comment", commentPayload("created", world, 12, chat));
    expect(app.coordinator.queue.size).toBe(0);
  });
});

describe("closing a tracked issue", () => {
  it("marks it done on the dashboard", async () => {
    const world = seed();
    world.issue(12).state = "CLOSED";
    world.issue(12).stateReason = "COMPLETED";
    const app = await makeApp();
    const bodies: string[] = [];
    tokenAndNoConfig();
    coordinationsLookup(world, [10, 11]);
    graphqlFrom(world);
    patchBody(world, 10, bodies);
    await app.deliver("issues", {
      action: "closed",
      issue: { ...issuePayload(world, 12), state: "closed", state_reason: "completed" },
      repository: repositoryPayload(),
      sender: { login: "dana", type: "User" },
      installation: { id: INSTALLATION_ID },
    });
    expect(parseState(bodies[0] ?? "")?.progress).toEqual({ done: 1, total: 3 });
  });
});

describe("the periodic reconcile", () => {
  it("repairs what a missed webhook left: a close nobody told Coordinator about reaches the dashboard", async () => {
    const world = seed();
    const app = await makeApp();
    const bodies: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    patchBody(world, 10, bodies, 2);
    app.coordinator.reconcile({ installationId: INSTALLATION_ID, owner: "acme", repo: "app", number: 10, body: world.issue(10).body });
    await app.coordinator.idle();
    expect(parseState(bodies[0] ?? "")?.progress).toEqual({ done: 0, total: 3 });
    world.issue(12).state = "CLOSED";
    world.issue(12).stateReason = "COMPLETED";
    app.coordinator.reconcile({ installationId: INSTALLATION_ID, owner: "acme", repo: "app", number: 10, body: world.issue(10).body });
    await app.coordinator.idle();
    expect(parseState(bodies[1] ?? "")?.progress).toEqual({ done: 1, total: 3 });
  });
});
