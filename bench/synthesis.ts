// Requests of the daily synthesis: one synthesis of a 200-issue coordination, and the scheduler's
// walk over 50 repositories without coordination issues.
import nock from "nock";
import { listCoordinations } from "../src/schedule/targets.js";
import { probotAppPort } from "../src/github/app-port.js";
import { GitHubWorld } from "../test/fakes/github-world.js";
import { API, makeApp, tokenAndNoConfig, withBody } from "../test/helpers/probot.js";

export async function benchSynthesis(): Promise<string[]> {
  const lines: string[] = [];
  nock.disableNetConnect();

  // One synthesis, as the scheduler triggers it (with the body its walk read), dashboard already there.
  const world = new GitHubWorld();
  const refs = Array.from({ length: 200 }, (_, i) => `- #${1000 + i}`).join("\n");
  world.addIssue({ number: 1, title: "Coordination", body: `# Plan\n\n${refs}\n`, labels: ["coordination"] });
  for (let i = 0; i < 200; i++) world.addIssue({ number: 1000 + i, title: `Task ${i}` });
  const app = await makeApp(new Date("2026-11-27T09:00:00Z"));
  const counts = { reads: 0, writes: 0 };
  tokenAndNoConfig();
  nock(API)
    .post("/graphql")
    .times(20)
    .reply(
      200,
      withBody((body) => {
        counts.reads++;
        return world.graphql(body as { query: string; variables?: Record<string, unknown> });
      }),
    );
  nock(API)
    .patch("/repos/acme/app/issues/1")
    .times(20)
    .reply(
      200,
      withBody((body) => {
        counts.writes++;
        world.issue(1).body = (body as { body: string }).body;
        return { number: 1, body: world.issue(1).body };
      }),
    );
  nock(API)
    .post("/repos/acme/app/issues/1/comments")
    .times(20)
    .reply(
      201,
      withBody((body) => {
        counts.writes++;
        const c = world.addComment(1, "coordinator[bot]", (body as { body: string }).body, "2026-11-27T09:00:00Z", "Bot");
        return { id: c.id };
      }),
    );
  // Warm-up: an earlier day's run wrote the dashboard.
  app.coordinator.synthesize({ installationId: 4242, owner: "acme", repo: "app", number: 1, body: world.issue(1).body });
  await app.coordinator.idle();
  const before = { ...counts };
  const next = await makeApp(new Date("2026-11-28T09:00:00Z"));
  nock(API).post("/app/installations/4242/access_tokens").reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z" });
  nock(API).get(/\/contents\//).times(2).reply(404, {});
  next.coordinator.synthesize({ installationId: 4242, owner: "acme", repo: "app", number: 1, body: world.issue(1).body });
  await next.coordinator.idle();
  lines.push(
    `one synthesis of a 200-issue coordination: ${counts.reads - before.reads} read, ${counts.writes - before.writes} writes (the Team Status comment, and the dashboard whose headline shows the synthesis time), after the installation token and config`,
  );
  nock.cleanAll();

  // The walk over 50 repositories, none with a coordination issue.
  const walkApp = await makeApp();
  let requests = 0;
  nock(API).get("/app/installations").query(true).reply(200, () => {
    requests++;
    return [{ id: 7, account: { login: "acme" } }];
  });
  nock(API).post("/app/installations/7/access_tokens").reply(201, () => {
    requests++;
    return { token: "t7", expires_at: "2099-01-01T00:00:00Z" };
  });
  nock(API).get("/installation/repositories").query(true).reply(200, () => {
    requests++;
    return { total_count: 50, repositories: Array.from({ length: 50 }, (_, i) => ({ name: `repo${i}`, owner: { login: "acme" }, archived: false })) };
  });
  let perRepo = 0;
  nock(API).get(/^\/repos\/acme\/repo\d+\/issues/).query(true).times(50).reply(200, () => {
    perRepo++;
    return [];
  });
  await listCoordinations({ github: probotAppPort(walkApp.probot), configs: walkApp.coordinator.configs, log: walkApp.probot.log });
  lines.push(`scheduler walk over 50 repositories without coordination issues: ${perRepo} requests for the repositories (1 each), plus ${requests} for the installation list, its token and its repository list`);
  nock.cleanAll();
  return lines;
}
