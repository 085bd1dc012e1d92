// Two replicas at the handler level: two real Probot apps sharing one Redis (REDIS_URL), GitHub
// answered by nock. What the shared primitives give the handler: a redelivery reaching the other
// replica runs nothing, and a push of the configuration empties every replica's cache.
import nock from "nock";
import { afterEach, expect, it } from "vitest";
import { GitHubWorld } from "../fakes/github-world.js";
import { commentPayload, graphqlFrom, INSTALLATION_ID, makeApp, patchBody, repositoryPayload, tokenAndNoConfig, useNock, type TestApp } from "../helpers/probot.js";
import { describeRedis, dropPrefix, gate, REDIS_URL, testPrefix } from "../helpers/redis.js";

const apps: TestApp[] = [];
const prefixes: string[] = [];

/** Two replicas on a key prefix of their own. */
async function replicas(): Promise<[TestApp, TestApp]> {
  const prefix = testPrefix();
  prefixes.push(prefix);
  const previous = process.env.REDIS_PREFIX;
  process.env.REDIS_PREFIX = prefix;
  try {
    const a = await makeApp(new Date("2026-11-27T10:00:00Z"), { redisUrl: REDIS_URL });
    const b = await makeApp(new Date("2026-11-27T10:00:00Z"), { redisUrl: REDIS_URL });
    apps.push(a, b);
    return [a, b];
  } finally {
    if (previous === undefined) delete process.env.REDIS_PREFIX;
    else process.env.REDIS_PREFIX = previous;
  }
}

afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.coordinator.close();
    await app.coordinator.cluster.close();
  }
  for (const prefix of prefixes.splice(0)) await dropPrefix(prefix);
});

describeRedis("replicas at the handler level (real Redis, GitHub by nock)", () => {
  useNock();

  it("a report and GitHub's redelivery of it to the other replica: one read, one body write", async () => {
    const [a, b] = await replicas();
    const world = new GitHubWorld();
    world.addIssue({ number: 1, title: "Coordination", body: "# Plan\n\n- #2\n", labels: ["coordination"] });
    world.addIssue({ number: 2, title: "Task" });
    world.permissions.set("worker1", "write");
    const report = world.addComment(1, "worker1", "## Worker 1 Report - Phase 1\n\n**Issue**: #2\n**Status**: 🔄 In Progress\n");
    const token = tokenAndNoConfig();
    const read = graphqlFrom(world, 1);
    const bodies: string[] = [];
    const write = patchBody(world, 1, bodies, 1);

    const unmatched: string[] = [];
    const noMatch = (request: { method?: string; path?: string }) => unmatched.push(`${request.method} ${request.path}`);
    nock.emitter.on("no match", noMatch);

    const payload = commentPayload("created", world, 1, report);
    await a.deliver("issue_comment", payload, "delivery-7");
    await b.deliver("issue_comment", payload, "delivery-7");
    nock.emitter.removeListener("no match", noMatch);

    // One routing run and one coordination run between them, wherever each ran; nothing else asked of GitHub.
    const runs = [a, b].map((app) => app.coordinator.runs);
    expect(runs.reduce((n, r) => n + r.ok, 0)).toBe(2);
    expect(runs.reduce((n, r) => n + r.retried + r.dropped, 0)).toBe(0);
    expect(unmatched).toEqual([]);

    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain("coordinator:dashboard:start");
    for (const scope of [token, read, write]) expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("a push of .github/coordinator.yml to one replica empties every replica's configuration cache", async () => {
    const [a, b] = await replicas();
    const loaded = { config: "" };
    for (const app of [a, b]) await app.coordinator.configs.get(INSTALLATION_ID, "acme", "app", async () => loaded.config);
    expect(b.coordinator.configs.peek(INSTALLATION_ID, "acme", "app")).not.toBeNull();
    const heard = gate();
    b.coordinator.cluster.onConfigChange(() => heard.open());
    await Promise.all([a, b].map((app) => app.coordinator.cluster.ready()));

    await a.deliver("push", {
      ref: "refs/heads/main",
      commits: [{ id: "c1", added: [], removed: [], modified: [".github/coordinator.yml"] }],
      repository: repositoryPayload(),
      sender: { login: "lead", type: "User" },
      installation: { id: INSTALLATION_ID },
    });
    await heard.promise;

    expect(a.coordinator.configs.peek(INSTALLATION_ID, "acme", "app")).toBeNull();
    expect(b.coordinator.configs.peek(INSTALLATION_ID, "acme", "app")).toBeNull();
  });
});
