// The dependency graph through the real app: close → notify once, reopen → re-block, redelivery
// → nothing new, native dependency webhooks, cycles, unreadable cross-repository references.
import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { API, coordinationsLookup, graphqlFrom, INSTALLATION_ID, issuePayload, labelWrites, makeApp, patchBody, postComment, repositoryPayload, type TestApp, tokenAndNoConfig, useNock } from "../helpers/probot.js";

const PLAN = `# Phase 1

| Issue | Task | Blocking | Duration |
|-------|------|----------|----------|
| #972 | PostgreSQL Connection | None | 30min |
| #973 | Base Schema Migration | #972 | 1h |
| #974 | Organization Schema | #973 | 45min |
`;

function seed(): GitHubWorld {
  const world = new GitHubWorld();
  world.addIssue({ number: 977, title: "Coordination", body: PLAN, labels: ["coordination"] });
  world.addIssue({ number: 972, title: "PostgreSQL connection" });
  world.addIssue({ number: 973, title: "Base schema", assignees: ["dana"] });
  world.addIssue({ number: 974, title: "Organization schema" });
  return world;
}


function issueEvent(world: GitHubWorld, action: string, number: number) {
  return {
    action,
    issue: issuePayload(world, number),
    repository: repositoryPayload(),
    sender: { login: "dana", type: "User" },
    installation: { id: INSTALLATION_ID },
  };
}

/** Starts the coordination: the dashboard is written and the waiting issues are labelled. */
async function start(world: GitHubWorld, app: TestApp, labels: string[]): Promise<void> {
  graphqlFrom(world);
  patchBody(world, 977, []);
  nock(API)
    .get("/repos/acme/app/labels")
    .query({ per_page: 100 })
    .reply(200, ["coordination", "blocked", "ready", "in-progress", "urgent", "gate", "gate:approved", "gate:rejected"].map((name) => ({ name })));
  labelWrites(world, labels);
  await app.deliver("issues", { ...issueEvent(world, "labeled", 977), label: { name: "coordination" } });
}

useNock();

describe("unblock notifications", () => {
  it("close → one notification and blocked swapped for ready; redelivery → nothing; reopen → labels swap back", async () => {
    const world = seed();
    const app = await makeApp();
    const labels: string[] = [];
    tokenAndNoConfig();
    await start(world, app, labels);
    expect(labels).toEqual(["+blocked #973", "+blocked #974"]);
    const first = parseState(world.issue(977).body);
    expect(first?.waves).toEqual([["acme/app#972"], ["acme/app#973"], ["acme/app#974"]]);
    expect(first?.criticalPath).toEqual(["acme/app#972", "acme/app#973", "acme/app#974"]);
    expect(first?.edges.map((e) => `${e.from}->${e.to}:${e.source}`)).toEqual(["acme/app#972->acme/app#973:table", "acme/app#973->acme/app#974:table"]);

    // #972 closes: #973 is unblocked (once), #974 still waits for #973.
    world.issue(972).state = "CLOSED";
    world.issue(972).stateReason = "COMPLETED";
    world.issue(972).closedAt = "2026-11-27T09:30:00Z";
    const notices: string[] = [];
    coordinationsLookup(world, [977], 2);
    graphqlFrom(world, 2);
    patchBody(world, 977, []);
    postComment(world, 973, notices);
    await app.deliver("issues", issueEvent(world, "closed", 972));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^<!-- coordinator:unblocked:acme\/app#973:[0-9a-f]{8} -->/);
    expect(notices[0]).toContain("#972");
    expect(notices[0]).toContain("`dana`");
    expect(notices[0]).not.toMatch(/@dana/);
    expect(labels.slice(2)).toEqual(["+ready #973", "-blocked #973"]);

    // The same close again (a redelivery under a new id): a read, and nothing written.
    await app.deliver("issues", issueEvent(world, "closed", 972));
    expect(notices).toHaveLength(1);
    expect(labels).toHaveLength(4);

    // #972 reopens: #973 waits again, without a comment.
    world.issue(972).state = "OPEN";
    world.issue(972).stateReason = "REOPENED";
    world.issue(972).closedAt = null;
    coordinationsLookup(world, [977]);
    // The read, and one request for the swap (both labels exist now: two incremental mutations).
    graphqlFrom(world, 2);
    patchBody(world, 977, []);
    await app.deliver("issues", issueEvent(world, "reopened", 972));
    expect(labels.slice(4)).toEqual(["+blocked #973", "-ready #973"]);
    expect(world.issue(973).comments.filter((c) => c.author === BOT_LOGIN)).toHaveLength(1);
  });

  it("an issue whose blockers are already done when first tracked is labelled ready without a notification", async () => {
    const world = seed();
    world.issue(972).state = "CLOSED";
    const app = await makeApp();
    const labels: string[] = [];
    tokenAndNoConfig();
    await start(world, app, labels);
    expect(labels).toEqual(["+ready #973", "+blocked #974"]);
    expect(world.issue(973).comments).toEqual([]);
  });
});

describe("native dependencies and sub-issues", () => {
  it("a blocked_by_added webhook brings the new blocker into the graph", async () => {
    const world = seed();
    world.addIssue({ number: 980, title: "Secrets vault" });
    const app = await makeApp();
    const labels: string[] = [];
    tokenAndNoConfig();
    await start(world, app, labels);

    world.issue(972).blockedBy = [980];
    coordinationsLookup(world, [977]);
    graphqlFrom(world, 2);
    patchBody(world, 977, []);
    await app.deliver("issue_dependencies", {
      action: "blocked_by_added",
      blocked_issue: issuePayload(world, 972),
      blocking_issue: issuePayload(world, 980),
      repository: repositoryPayload(),
      sender: { login: "dana", type: "User" },
      installation: { id: INSTALLATION_ID },
    });
    const state = parseState(world.issue(977).body);
    expect(state?.edges).toContainEqual({ from: "acme/app#980", to: "acme/app#972", source: "native" });
    expect(state?.issues.find((i) => i.ref === "acme/app#972")?.blockedBy).toEqual(["acme/app#980"]);
    expect(labels).toContain("+blocked #972");
  });
});

describe("odd graphs", () => {
  it("a cycle is shown once and nobody in it is labelled; an unreadable cross-repository issue is missing", async () => {
    const world = new GitHubWorld();
    world.addIssue({ number: 1, title: "Plan", body: "Loop: #2 → #3 → #2\n\nAlso other/lib#5 -> #2\n", labels: ["coordination"] });
    world.addIssue({ number: 2, title: "A" });
    world.addIssue({ number: 3, title: "B" });
    const app = await makeApp();
    const labels: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world);
    patchBody(world, 1, []);
    nock(API)
      .get("/repos/acme/app/labels")
      .query({ per_page: 100 })
      .reply(200, ["coordination", "blocked", "ready", "in-progress", "urgent", "gate", "gate:approved", "gate:rejected"].map((name) => ({ name })));
    labelWrites(world, labels);
    await app.deliver("issues", { ...issueEvent(world, "labeled", 1), label: { name: "coordination" } });
    const state = parseState(world.issue(1).body);
    expect(state?.cycles).toEqual([["acme/app#2", "acme/app#3"]]);
    expect(state?.issues.find((i) => i.ref === "other/lib#5")?.status).toBe("missing");
    expect(state?.status).toBe("YELLOW");
    expect(labels).toEqual([]);
  });
});
