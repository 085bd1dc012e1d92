// `.github/coordinator.yml` through Probot's loader: read once per repository, invalid files
// answered with one comment, defaults in force.
import { describe, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { GitHubWorld } from "../fakes/github-world.js";
import { commentPayload, graphqlFrom, makeApp, patchBody, postComment, tokenAndConfig, useNock } from "../helpers/probot.js";

const REPORT = "## Worker 3 Report - P1\n\n**Issue**: #12\n**Status**: 🔄 In Progress\n";

function seed(): GitHubWorld {
  const world = new GitHubWorld();
  world.addIssue({ number: 10, title: "Plan", body: "Work: #12\n", labels: ["coordination"] });
  world.addIssue({ number: 12, title: "API" });
  world.permissions.set("worker3", "write");
  world.permissions.set("agent", "read");
  return world;
}



useNock();

describe("configuration", () => {
  it("an invalid file gets one comment naming each bad key, and the defaults stay in force", async () => {
    const world = seed();
    const app = await makeApp();
    const report = world.addComment(10, "worker3", REPORT);
    const notices: string[] = [];
    const bodies: string[] = [];
    tokenAndConfig("orchestrator:\n  - lead\nsynthesis:\n  timezone: Mars/Olympus\ncoordinationLabel: 42\n");
    graphqlFrom(world, 2);
    patchBody(world, 10, bodies);
    postComment(world, 10, notices);

    await app.deliver("issue_comment", commentPayload("created", world, 10, report));
    // A second event with the same invalid file (cached): the notice is found, not repeated.
    await app.deliver("issue_comment", commentPayload("edited", world, 10, report));

    expect(notices).toHaveLength(1);
    for (const key of ["orchestrator", "synthesis.timezone", "coordinationLabel"]) expect(notices[0]).toContain(key);
    expect(notices[0]).toMatch(/<!-- coordinator:config:[0-9a-f]{8} -->/);
    // Defaults in force: the report counts (default workers rule) under the default label.
    expect(parseState(bodies[0] ?? "")?.workers.map((w) => w.id)).toEqual(["3"]);
  });

  it("a `workers` list decides who may report, with no permission look-up", async () => {
    const world = seed();
    world.permissions.delete("agent");
    const app = await makeApp();
    const report = world.addComment(10, "agent", REPORT.replace("Worker 3", "Worker agent-1"));
    const bodies: string[] = [];
    tokenAndConfig("workers:\n  - agent\n");
    graphqlFrom(world);
    patchBody(world, 10, bodies);
    await app.deliver("issue_comment", commentPayload("created", world, 10, report));
    expect(parseState(bodies[0] ?? "")?.workers.map((w) => [w.id, w.login])).toEqual([["agent-1", "agent"]]);
  });

  it("a YAML syntax error is explained like any other problem", async () => {
    const world = seed();
    const app = await makeApp();
    const report = world.addComment(10, "worker3", REPORT);
    const notices: string[] = [];
    tokenAndConfig("workers: [unclosed\n");
    graphqlFrom(world);
    patchBody(world, 10, []);
    postComment(world, 10, notices);
    await app.deliver("issue_comment", commentPayload("created", world, 10, report));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("Could not be read (Configuration could not be parsed (invalid YAML))");
  });
});
