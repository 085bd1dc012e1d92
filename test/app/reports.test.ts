// Reports through the real Probot app: every GitHub request is intercepted with nock, checked,
// and every scope must be done. The world answers reads and keeps what the app writes.
import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { API, appIdentity, commentPayload, graphqlFrom, INSTALLATION_ID, issuePayload, makeApp, patchBody, postComment, repositoryPayload, tokenAndNoConfig, useNock, withBody } from "../helpers/probot.js";

const ORCHESTRATOR_TEXT = `# Team coordination

Workers report here. Phase 1:

| Issue | Task | Owner | Duration |
|-------|------|-------|----------|
| #972 | PostgreSQL Connection | dana | 30min |
| #973 | Base Schema Migration | lee | 1h |
`;

const REPORT = `## Worker 3 Report - Phase 1.1

**Issue**: #972
**Status**: âœ… Complete
**Duration**: 2h 30m
**Deliverables**:
- apps/api/db.ts
- 14 tests added

**Blockers**: None
`;

function seedWorld(): GitHubWorld {
  const world = new GitHubWorld();
  world.addIssue({ number: 977, title: "Team coordination", body: ORCHESTRATOR_TEXT, labels: ["coordination"] });
  world.addIssue({ number: 972, title: "PostgreSQL connection", assignees: ["dana"] });
  world.addIssue({ number: 973, title: "Base schema" });
  world.permissions.set("worker3", "write");
  world.permissions.set("dana", "triage");
  world.permissions.set("visitor", "read");
  return world;
}

useNock();

describe("a worker report on the coordination issue", () => {
  it("updates the dashboard with one read and one body write, leaving the orchestrator's text alone", async () => {
    const world = seedWorld();
    const app = await makeApp();
    const report = world.addComment(977, "worker3", REPORT);
    const bodies: string[] = [];
    const scopes = [tokenAndNoConfig(), graphqlFrom(world), patchBody(world, 977, bodies)];

    await app.deliver("issue_comment", commentPayload("created", world, 977, report));

    scopes.forEach((s) => expect(s.isDone()).toBe(true));
    expect(bodies).toHaveLength(1);
    const body = bodies[0] ?? "";
    expect(body.startsWith(ORCHESTRATOR_TEXT)).toBe(true);
    const state = parseState(body);
    expect(state?.progress).toEqual({ done: 0, total: 2 });
    expect(state?.workers).toEqual([
      { id: "3", login: "worker3", issue: "acme/app#972", status: "complete", lastReportAt: "2026-11-27T08:00:00Z", stale: false },
    ]);
    expect(state?.reports.map((r) => r.commentId)).toEqual([report.id]);
    expect(state?.issues.find((i) => i.ref === "acme/app#972")).toMatchObject({ worker: "3", assignees: ["dana"], estimateMinutes: 30 });
    expect(body).toContain("<!-- coordinator:dashboard:start -->");
  });

  it("does nothing more for a redelivered webhook, and writes nothing when the same change is seen again", async () => {
    const world = seedWorld();
    const app = await makeApp();
    const report = world.addComment(977, "worker3", REPORT);
    const bodies: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world);
    patchBody(world, 977, bodies);
    const payload = commentPayload("created", world, 977, report);
    await app.deliver("issue_comment", payload, "same-delivery");
    // The same delivery id again: no request at all.
    await app.deliver("issue_comment", payload, "same-delivery");
    // The same change under a new delivery id (GitHub sends one change twice): one read, no write.
    const again = graphqlFrom(world);
    await app.deliver("issue_comment", { ...payload, issue: issuePayload(world, 977) }, "other-delivery");
    expect(again.isDone()).toBe(true);
    expect(bodies).toHaveLength(1);
  });
});

describe("a malformed report", () => {
  it("gets exactly one reply listing each problem, updated when the author fixes the report", async () => {
    const world = seedWorld();
    const app = await makeApp();
    const bad = world.addComment(977, "worker3", "## Worker 3 Report - Phase 1.1\n\n**Status**: Sort of done\n");
    const bodies: string[] = [];
    const posted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world);
    patchBody(world, 977, bodies);
    postComment(world, 977, posted);

    await app.deliver("issue_comment", commentPayload("created", world, 977, bad));

    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain(`<!-- coordinator:reply:${bad.id} -->`);
    expect(posted[0]).toMatch(/\| Issue \|/i);
    expect(posted[0]).toMatch(/\| Status \|/i);
    expect(parseState(bodies[0] ?? "")?.reports).toEqual([]);

    // The author edits the comment into a valid report: the same reply is edited, the report counts.
    bad.body = REPORT;
    const replyId = world.issue(977).comments.find((c) => c.author === BOT_LOGIN)?.id;
    const edited: string[] = [];
    graphqlFrom(world);
    patchBody(world, 977, bodies);
    nock(API)
      .patch(`/repos/acme/app/issues/comments/${replyId}`)
      .reply(
        200,
        withBody((body) => {
          edited.push((body as { body: string }).body);
          return { id: replyId };
        }),
      );
    await app.deliver("issue_comment", commentPayload("edited", world, 977, bad));

    expect(edited).toHaveLength(1);
    expect(edited[0]).toContain("now counts");
    expect(parseState(bodies[1] ?? "")?.reports.map((r) => r.commentId)).toEqual([bad.id]);
  });

  it("is not replied to twice when the same malformed comment is seen again", async () => {
    const world = seedWorld();
    const app = await makeApp();
    const bad = world.addComment(977, "worker3", "## Worker 3 Report - Phase 1.1\n\n**Issue**: #972\n");
    const posted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    patchBody(world, 977, []);
    postComment(world, 977, posted);
    await app.deliver("issue_comment", commentPayload("created", world, 977, bad));
    await app.deliver("issue_comment", commentPayload("edited", world, 977, bad));
    expect(posted).toHaveLength(1);
  });
});

describe("a deleted report", () => {
  it("disappears from the dashboard", async () => {
    const world = seedWorld();
    const app = await makeApp();
    const report = world.addComment(977, "worker3", REPORT);
    const bodies: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    patchBody(world, 977, bodies, 2);
    await app.deliver("issue_comment", commentPayload("created", world, 977, report));
    world.issue(977).comments = world.issue(977).comments.filter((c) => c.id !== report.id);
    await app.deliver("issue_comment", commentPayload("deleted", world, 977, report));
    expect(parseState(bodies[1] ?? "")?.reports).toEqual([]);
    expect(parseState(bodies[1] ?? "")?.workers).toEqual([]);
  });
});

describe("events Coordinator caused", () => {
  it("its own reply comment and its own dashboard edit cause no request but asking who the app is", async () => {
    const world = seedWorld();
    const app = await makeApp();
    // The token, config and GET /app; nothing else (any other request would fail the run).
    const scopes = [tokenAndNoConfig(), appIdentity()];
    const own = world.addComment(977, BOT_LOGIN, "<!-- coordinator:reply:5 -->\n✅ read", "2026-11-27T10:00:00Z", "Bot");
    await app.deliver("issue_comment", { ...commentPayload("created", world, 977, { ...own, authorType: "Bot" }) });
    const before = `${ORCHESTRATOR_TEXT}\n<!-- coordinator:dashboard:start -->\nold\n<!-- coordinator:dashboard:end -->\n`;
    const after = `${ORCHESTRATOR_TEXT}\n<!-- coordinator:dashboard:start -->\nnew\n<!-- coordinator:dashboard:end -->\n`;
    await app.deliver("issues", {
      action: "edited",
      issue: { ...issuePayload(world, 977), body: after },
      changes: { body: { from: before } },
      repository: repositoryPayload(),
      sender: { login: BOT_LOGIN, type: "Bot" },
      installation: { id: INSTALLATION_ID },
    });
    scopes.forEach((s) => expect(s.isDone()).toBe(true));
    expect(app.coordinator.runs).toEqual({ ok: 2, retried: 0, dropped: 0 });
  });
});

describe("who may report", () => {
  it("answers a reporter without triage permission once, politely, and does not count the report", async () => {
    const world = seedWorld();
    const app = await makeApp();
    const report = world.addComment(977, "visitor", REPORT);
    const bodies: string[] = [];
    const posted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    patchBody(world, 977, bodies);
    postComment(world, 977, posted);
    await app.deliver("issue_comment", commentPayload("created", world, 977, report));
    await app.deliver("issue_comment", commentPayload("edited", world, 977, report));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain(`<!-- coordinator:reply:${report.id} -->`);
    expect(posted[0]).not.toMatch(/@visitor/);
    expect(parseState(bodies[0] ?? "")?.reports).toEqual([]);
  });
});
