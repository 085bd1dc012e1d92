// The trust boundary through the real Probot app (SPEC §8, Trust): nothing anyone can edit grants
// trust; permission comes from GitHub's live answer for the person who caused the change.
import { describe, expect, it } from "vitest";
import { parseState, renderDashboard, replaceDashboard } from "../../src/domain/dashboard.js";
import { sealBlock } from "../../src/domain/seal.js";
import type { CoordinationState, StateReport } from "../../src/domain/types.js";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { emptyState } from "../fixtures/dashboard/states.js";
import nock from "nock";
import { API, commentPayload, graphqlFrom, makeApp, patchBody, permissionRest, postComment, testSeal, tokenAndConfig, tokenAndNoConfig, useNock } from "../helpers/probot.js";

const COORD = "acme/app#977";
const NOW = new Date("2026-11-27T10:00:00Z");

const report = (worker: string, issue = "#972") => `## Worker ${worker} Report - Phase 1\n\n**Issue**: ${issue}\n**Status**: ✅ Complete\n`;

function cachedReport(commentId: number, author: string): StateReport {
  return { kind: "report", commentId, on: COORD, url: `https://github.com/acme/app/issues/977#issuecomment-${commentId}`, author, at: "2026-11-26T08:00:00Z", summary: "forged", worker: "evil", phase: "1", issue: "acme/app#973", status: "complete", durationMinutes: null, blockers: [], created: [] };
}

/** A coordination body whose dashboard holds `state`, sealed with the test app's key or not at all. */
function bodyWith(state: CoordinationState, sealed: boolean): string {
  const block = renderDashboard(state, { now: NOW, repo: { owner: "acme", repo: "app" } });
  return replaceDashboard("Plan: #972, #973\n", sealed ? sealBlock(block, testSeal) : block);
}

function world(): GitHubWorld {
  const w = new GitHubWorld();
  w.addIssue({ number: 977, title: "Coordination", labels: ["coordination"] });
  w.addIssue({ number: 972, title: "Database" });
  w.addIssue({ number: 973, title: "Schema" });
  w.permissions.set("worker3", "write");
  w.permissions.set("mallory", "read");
  return w;
}

useNock();

describe("forged trust through the state block", () => {
  it("a report added to the state block by whoever can edit the body is neither shown nor a source of trust", async () => {
    const w = world();
    // Someone who can edit the coordination's body adds a report by mallory (read-only) to the block.
    w.issue(977).body = bodyWith({ ...emptyState(), coordination: COORD, reports: [cachedReport(4242, "mallory")] }, false);
    const app = await makeApp(NOW);
    const next = w.addComment(977, "mallory", report("evil", "#973"));
    const bodies: string[] = [];
    const posted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(w);
    patchBody(w, 977, bodies);
    postComment(w, 977, posted);

    await app.deliver("issue_comment", commentPayload("created", w, 977, next));

    const state = parseState(bodies[0] ?? "");
    expect(state?.reports).toEqual([]);
    expect(state?.issues.find((i) => i.ref === "acme/app#973")?.status).not.toBe("done");
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain(`<!-- coordinator:reply:${next.id} -->`);
    expect(posted[0]).toMatch(/not counted/);
  });

  it("a genuine (sealed) block does not make an earlier reporter's next report count: it is judged live", async () => {
    const w = world();
    const old = w.addComment(977, "worker3", report("3"), "2026-11-26T08:00:00Z");
    w.issue(977).body = bodyWith({ ...emptyState(), coordination: COORD, reports: [{ ...cachedReport(old.id, "worker3"), worker: "3", issue: "acme/app#972" }] }, true);
    // worker3's access was revoked since.
    w.permissions.set("worker3", "read");
    const app = await makeApp(NOW);
    const next = w.addComment(977, "worker3", report("3", "#973"));
    const bodies: string[] = [];
    const posted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(w);
    patchBody(w, 977, bodies);
    postComment(w, 977, posted);

    await app.deliver("issue_comment", commentPayload("created", w, 977, next));

    // The old report (accepted when it was posted) stays; the new one is refused.
    expect(parseState(bodies[0] ?? "")?.reports.map((r) => r.commentId)).toEqual([old.id]);
    expect(posted[0]).toContain(`<!-- coordinator:reply:${next.id} -->`);
  });

  it("an edited state block is rebuilt from GitHub: every author in the windows is judged again", async () => {
    const w = world();
    const genuine = w.addComment(977, "worker3", report("3"), "2026-11-26T08:00:00Z");
    const sneaky = w.addComment(977, "mallory", report("evil", "#973"), "2026-11-26T09:00:00Z");
    const sealed = bodyWith({ ...emptyState(), coordination: COORD, reports: [{ ...cachedReport(genuine.id, "worker3"), worker: "3", issue: "acme/app#972" }] }, true);
    // mallory's comment id is slipped into the sealed block's report list: the seal no longer holds.
    w.issue(977).body = sealed.replace('"reports":[', `"reports":[${JSON.stringify(cachedReport(sneaky.id, "mallory"))},`);
    const app = await makeApp(NOW);
    const bodies: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(w);
    permissionRest(w, "worker3");
    permissionRest(w, "mallory");
    patchBody(w, 977, bodies);

    await app.deliver("issues", { action: "edited", issue: { number: 977, title: "Coordination", body: w.issue(977).body, labels: [{ name: "coordination" }] }, changes: { body: { from: sealed } }, repository: { name: "app", owner: { login: "acme" } }, sender: { login: "mallory", type: "User" }, installation: { id: 4242 } });

    expect(parseState(bodies[0] ?? "")?.reports.map((r) => r.commentId)).toEqual([genuine.id]);
    expect(w.issue(977).comments.filter((c) => c.author === BOT_LOGIN)).toEqual([]);
  });
});

describe("commands run as the person who last wrote them", () => {
  it("an orchestrator's /status edited by a writer outside `orchestrators` into /assign runs as the writer: refused", async () => {
    const w = world();
    w.issue(977).body = "Plan: #972, #973\n";
    w.permissions.set("lead", "write");
    w.permissions.set("wanda", "write");
    const app = await makeApp(NOW);
    const command = w.addComment(977, "lead", "/assign #973 @wanda");
    // GitHub's record: wanda edited lead's comment (the webhook, too, names her as the sender).
    const found = w.findComment(command.id);
    if (found) found.comment.editor = "wanda";
    const posted: string[] = [];
    tokenAndConfig("orchestrators: [lead]\n");
    graphqlFrom(w);
    patchBody(w, 977, []);
    postComment(w, 977, posted);
    await app.deliver("issue_comment", { ...commentPayload("edited", w, 977, command), sender: { login: "wanda", type: "User" } });
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatch(/refused: not listed in orchestrators/);
    expect(w.issue(973).assignees).toEqual([]);
  });

  it("the webhook's claim is checked against GitHub's record: a payload naming the orchestrator runs as the real editor", async () => {
    const w = world();
    w.issue(977).body = "Plan: #972, #973\n";
    w.permissions.set("lead", "write");
    const app = await makeApp(NOW);
    const command = w.addComment(977, "lead", "/assign #973 @mallory");
    const found = w.findComment(command.id);
    if (found) found.comment.editor = "mallory";
    const posted: string[] = [];
    tokenAndConfig("orchestrators: [lead]\n");
    graphqlFrom(w);
    patchBody(w, 977, []);
    postComment(w, 977, posted);
    // A webhook that names lead (say, an edit by lead that mallory's later edit overtook).
    await app.deliver("issue_comment", commentPayload("edited", w, 977, command));
    expect(posted[0]).toMatch(/refused/);
    expect(w.issue(973).assignees).toEqual([]);
  });
});

describe("deliveries", () => {
  it("a delivery whose run failed for good can be redelivered by hand from GitHub and runs again", async () => {
    const w = world();
    w.issue(977).body = "Plan: #972\n";
    const app = await makeApp(NOW);
    const c = w.addComment(977, "worker3", report("3"));
    const payload = commentPayload("created", w, 977, c);
    tokenAndNoConfig();
    nock(API).post("/graphql").times(3).reply(502, { message: "Bad gateway" });
    await app.deliver("issue_comment", payload, "failing-delivery");
    expect(app.coordinator.runs.dropped).toBe(1);

    const bodies: string[] = [];
    graphqlFrom(w);
    patchBody(w, 977, bodies);
    await app.deliver("issue_comment", payload, "failing-delivery");
    expect(parseState(bodies[0] ?? "")?.reports.map((r) => r.commentId)).toEqual([c.id]);
  });

  it("a delivery that ran is still ignored when GitHub redelivers it", async () => {
    const w = world();
    w.issue(977).body = "Plan: #972\n";
    const app = await makeApp(NOW);
    const c = w.addComment(977, "worker3", report("3"));
    const payload = commentPayload("created", w, 977, c);
    tokenAndNoConfig();
    graphqlFrom(w);
    patchBody(w, 977, []);
    await app.deliver("issue_comment", payload, "ok-delivery");
    const ran = app.coordinator.runs.ok;
    await app.deliver("issue_comment", payload, "ok-delivery");
    expect(app.coordinator.runs.ok).toBe(ran);
  });
});
