// The daily synthesis through the real app: one Team Status comment per day per coordination,
// edited by a second trigger; the scheduler's walk over installations and repositories.
import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { listCoordinations } from "../../src/schedule/targets.js";
import { probotAppPort } from "../../src/github/app-port.js";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { runOnce } from "../helpers/run.js";
import { API, commentPayload, eyes, graphqlFrom, labelWrites, makeApp, patchBody, permissionRest, postComment, tokenAndNoConfig, useNock, withBody } from "../helpers/probot.js";

const REPORT = "## Worker 3 Report - Phase 1\n\n**Issue**: #12\n**Status**: ✅ Complete\n**Duration**: 1h\n";

function seed(): GitHubWorld {
  const world = new GitHubWorld();
  world.addIssue({ number: 10, title: "Coordination", body: "Plan: #12 then #13 (depends on #12).\n", labels: ["coordination"] });
  world.addIssue({ number: 12, title: "API", state: "CLOSED", stateReason: "COMPLETED" });
  world.addIssue({ number: 13, title: "UI" });
  world.permissions.set("lead", "write");
  world.permissions.set("worker3", "write");
  world.addComment(10, "worker3", REPORT, "2026-11-27T08:00:00Z");
  return world;
}

const target = { installationId: 4242, owner: "acme", repo: "app", number: 10 };

useNock();

describe("Team Status", () => {
  it("is posted once per day: a second trigger the same day edits the same comment", async () => {
    const world = seed();
    const app = await makeApp(new Date("2026-11-27T09:00:00Z"));
    const posted: string[] = [];
    const edited: Array<{ id: number; body: string }> = [];
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    permissionRest(world, "worker3");
    labelWrites(world, []);
    patchBody(world, 10, []);
    postComment(world, 10, posted);
    nock(API)
      .patch(/^\/repos\/acme\/app\/issues\/comments\/\d+$/)
      .reply(
        200,
        withBody((body, url) => {
          const id = Number(/comments\/(\d+)/.exec(url)?.[1]);
          edited.push({ id, body: (body as { body: string }).body });
          return { id };
        }),
      );

    // As the scheduler's walk gives it: with the body it read, so one read covers the run.
    app.coordinator.synthesize({ ...target, body: world.issue(10).body });
    await app.coordinator.idle();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatch(/^<!-- coordinator:synthesis:2026-11-27 -->/);
    expect(posted[0]).toContain("## Team Status - 2026-11-27");
    expect(posted[0]).toContain("#12");
    expect(parseState(world.issue(10).body)?.lastSynthesisAt).toBe("2026-11-27T09:00:00.000Z");

    // The scheduler of a second replica, or a retry: the same day's comment is edited, not repeated
    // (here #13 closed meanwhile, so there is something new to say).
    world.issue(13).state = "CLOSED";
    world.issue(13).stateReason = "COMPLETED";
    patchBody(world, 10, []);
    app.coordinator.synthesize({ ...target, body: world.issue(10).body });
    await app.coordinator.idle();
    const ours = world.issue(10).comments.filter((c) => c.author === BOT_LOGIN);
    expect(ours).toHaveLength(1);
    expect(edited.map((e) => e.id)).toEqual([ours[0]?.id]);

    // A third trigger with nothing new writes nothing: the comment already says it.
    graphqlFrom(world);
    app.coordinator.synthesize({ ...target, body: world.issue(10).body });
    await app.coordinator.idle();
    expect(edited).toHaveLength(1);
    expect(world.issue(10).comments.filter((c) => c.author === BOT_LOGIN)).toHaveLength(1);
  });

  it("/synthesize posts it now, and the command's reply says so", async () => {
    const world = seed();
    const app = await makeApp(new Date("2026-11-27T15:00:00Z"));
    const command = world.addComment(10, "lead", "/synthesize");
    const posted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world);
    permissionRest(world, "worker3");
    labelWrites(world, []);
    patchBody(world, 10, []);
    postComment(world, 10, posted, 2);
    eyes([]);
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(posted.find((p) => p.startsWith("<!-- coordinator:synthesis:2026-11-27"))).toContain("## Team Status - 2026-11-27");
    expect(posted.find((p) => p.startsWith("<!-- coordinator:commands:"))).toContain("Team Status");
  });
});

describe("Team Status, planned by the run", () => {
  it("lists under Completed an issue closed since the previous synthesis without a Complete report", async () => {
    const world = new GitHubWorld();
    world.addIssue({ number: 10, title: "Coordination", body: "Plan: #12, #13 and #14.\n", labels: ["coordination"] });
    // Closed after yesterday's Team Status, nobody reported it: the progress line counts it, so must the list.
    world.addIssue({ number: 12, title: "API", state: "CLOSED", stateReason: "COMPLETED", closedAt: "2026-11-27T09:00:00Z" });
    // Closed before yesterday's Team Status: told then, not again.
    world.addIssue({ number: 13, title: "Schema", state: "CLOSED", stateReason: "COMPLETED", closedAt: "2026-11-26T08:00:00Z" });
    world.addIssue({ number: 14, title: "UI" });
    world.addComment(10, BOT_LOGIN, "<!-- coordinator:synthesis:2026-11-26 --> <!-- coordinator:synthesis-at:2026-11-26T10:00:00.000Z -->\n\n## Team Status - 2026-11-26\n", "2026-11-26T10:00:00Z", "Bot");

    const run = await runOnce(world, 10, { synthesize: true });
    expect(run.writes).toContain("comment acme/app#10");
    const posted = world.issue(10).comments.filter((c) => c.author === BOT_LOGIN && c.body.startsWith("<!-- coordinator:synthesis:2026-11-27"));
    expect(posted).toHaveLength(1);
    const body = posted[0]?.body ?? "";
    expect(body).toContain("**Overall Progress**: ");
    expect(body).toContain("(2/3 done)");
    const completed = /\*\*Completed since the previous synthesis[^\n]*\n\n((?:- [^\n]*\n?)*)/.exec(body)?.[1] ?? "";
    expect(completed.trim().split("\n")).toHaveLength(1);
    expect(completed).toContain("#12");
    expect(completed).toContain("closed, no Complete report");
    expect(completed).not.toContain("#13");
  });
});

describe("the scheduler's walk", () => {
  it("visits every installation and repository, reading configuration only where coordinations are", async () => {
    const app = await makeApp();
    const configs = app.coordinator.configs;
    nock(API)
      .get("/app/installations")
      .query(true)
      .reply(200, [
        { id: 1, account: { login: "acme" } },
        { id: 2, account: { login: "beta" } },
      ]);
    nock(API).post("/app/installations/1/access_tokens").reply(201, { token: "t1", expires_at: "2099-01-01T00:00:00Z" });
    nock(API).post("/app/installations/2/access_tokens").reply(201, { token: "t2", expires_at: "2099-01-01T00:00:00Z" });
    nock(API, { reqheaders: { authorization: "token t1" } })
      .get("/installation/repositories")
      .query(true)
      .reply(200, { total_count: 2, repositories: [{ name: "app", owner: { login: "acme" }, archived: false }, { name: "docs", owner: { login: "acme" }, archived: false }] });
    nock(API, { reqheaders: { authorization: "token t2" } })
      .get("/installation/repositories")
      .query(true)
      .reply(200, { total_count: 2, repositories: [{ name: "web", owner: { login: "beta" }, archived: false }, { name: "old", owner: { login: "beta" }, archived: true }] });
    const list = (owner: string, repo: string, numbers: number[]) =>
      nock(API)
        .get(`/repos/${owner}/${repo}/issues`)
        .query({ labels: "coordination", state: "open", per_page: 100 })
        .reply(200, numbers.map((number) => ({ number, body: `Plan ${number}`, labels: [{ name: "coordination" }] })));
    list("acme", "app", [10, 11]);
    list("acme", "docs", []);
    list("beta", "web", [5]);
    nock(API)
      .get(`/repos/acme/app/contents/${encodeURIComponent(".github/coordinator.yml")}`)
      .reply(200, "synthesis:\n  cron: \"30 8 * * 1-5\"\n  timezone: Europe/Berlin\n", { "content-type": "application/vnd.github.raw; charset=utf-8" });
    nock(API).get(`/repos/beta/web/contents/${encodeURIComponent(".github/coordinator.yml")}`).reply(404, {});
    nock(API).get(`/repos/beta/.github/contents/${encodeURIComponent(".github/coordinator.yml")}`).reply(404, {});

    const targets = await listCoordinations({ github: probotAppPort(app.probot), configs, log: app.probot.log });
    expect(targets).toEqual([
      { installationId: 1, owner: "acme", repo: "app", number: 10, cron: "30 8 * * 1-5", timezone: "Europe/Berlin", body: "Plan 10" },
      { installationId: 1, owner: "acme", repo: "app", number: 11, cron: "30 8 * * 1-5", timezone: "Europe/Berlin", body: "Plan 11" },
      { installationId: 2, owner: "beta", repo: "web", number: 5, cron: "0 9 * * *", timezone: "UTC", body: "Plan 5" },
    ]);
  });
});

describe("the scheduler's walk, when parts of GitHub fail", () => {
  it("logs and skips a repository (issues disabled: 410) or an installation it cannot list, and lists the rest", async () => {
    const app = await makeApp();
    nock(API)
      .get("/app/installations")
      .query(true)
      .reply(200, [
        { id: 1, account: { login: "acme" } },
        { id: 2, account: { login: "gone" } },
      ]);
    nock(API).post("/app/installations/1/access_tokens").reply(201, { token: "t1", expires_at: "2099-01-01T00:00:00Z" });
    nock(API).post("/app/installations/2/access_tokens").reply(403, { message: "This installation has been suspended" });
    nock(API)
      .get("/installation/repositories")
      .query(true)
      .reply(200, { total_count: 3, repositories: ["no-issues", "private", "app"].map((name) => ({ name, owner: { login: "acme" }, archived: false })) });
    const list = nock(API).get(/^\/repos\/acme\/[^/]+\/issues$/).query(true);
    list.reply(410, { message: "Issues are disabled for this repo" });
    nock(API).get("/repos/acme/private/issues").query(true).reply(500, { message: "boom" });
    nock(API).get("/repos/acme/app/issues").query(true).reply(200, [{ number: 10, body: "Plan", labels: [{ name: "coordination" }] }]);
    nock(API).get(`/repos/acme/app/contents/${encodeURIComponent(".github/coordinator.yml")}`).reply(404, {});
    nock(API).get(`/repos/acme/.github/contents/${encodeURIComponent(".github/coordinator.yml")}`).reply(404, {});
    const targets = await listCoordinations({ github: probotAppPort(app.probot), configs: app.coordinator.configs, log: app.probot.log });
    expect(targets.map((t) => `${t.owner}/${t.repo}#${t.number}`)).toEqual(["acme/app#10"]);
  });

  it("finds every coordination of a repository, however many pages", async () => {
    const app = await makeApp();
    nock(API).get("/app/installations").query(true).reply(200, [{ id: 1, account: { login: "acme" } }]);
    nock(API).post("/app/installations/1/access_tokens").reply(201, { token: "t1", expires_at: "2099-01-01T00:00:00Z" });
    nock(API).get("/installation/repositories").query(true).reply(200, { total_count: 1, repositories: [{ name: "app", owner: { login: "acme" }, archived: false }] });
    const page = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ number: from + i, body: "", labels: [{ name: "coordination" }] }));
    nock(API)
      .get("/repos/acme/app/issues")
      .query({ labels: "coordination", state: "open", per_page: 100 })
      .reply(200, page(1, 100), { link: `<${API}/repositories/1/issues?labels=coordination&state=open&per_page=100&page=2>; rel="next"` });
    nock(API).get("/repositories/1/issues").query({ labels: "coordination", state: "open", per_page: 100, page: 2 }).reply(200, page(101, 30));
    nock(API).get(`/repos/acme/app/contents/${encodeURIComponent(".github/coordinator.yml")}`).reply(404, {});
    nock(API).get(`/repos/acme/.github/contents/${encodeURIComponent(".github/coordinator.yml")}`).reply(404, {});
    const targets = await listCoordinations({ github: probotAppPort(app.probot), configs: app.coordinator.configs, log: app.probot.log });
    expect(targets).toHaveLength(130);
  });
});
