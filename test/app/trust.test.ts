// The trust boundary through the real Probot app (SPEC §8, Trust): nothing anyone can edit grants
// trust; permission comes from GitHub's live answer for the person who caused the change.
import { describe, expect, it } from "vitest";
import { parseState, renderDashboard, replaceDashboard } from "../../src/domain/dashboard.js";
import { sealBlock } from "../../src/domain/seal.js";
import type { CoordinationState, StateReport } from "../../src/domain/types.js";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { emptyState } from "../fixtures/dashboard/states.js";
import { WriteBudget } from "../../src/queue/write-budget.js";
import nock from "nock";
import { API, appIdentity, commentPayload, coordinationsLookup, graphqlFrom, issuePayload, makeApp, repositoryPayload, withBody, patchBody, permissionRest, postComment, testSeal, tokenAndConfig, tokenAndNoConfig, useNock } from "../helpers/probot.js";

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

describe("other repositories: shown only as visible as the coordination, written only with the author's permission there", () => {
  function twoRepos(): GitHubWorld {
    const w = world();
    w.issue(977).body = "Plan: #972, #973\n";
    w.permissions.set("lead", "write");
    w.addIssue({ owner: "acme", repo: "private", number: 5, title: "Secret acquisition", body: "internal only", assignees: ["ceo"] });
    return w;
  }

  it.each([
    ["/depends acme/private#5 on #972", /adding a dependency in `acme\/private` needs triage permission or higher, and `lead` has no access there/],
    ["/assign acme/private#5 @lead", /assigning in `acme\/private` needs triage/],
    ["/escalate acme/private#5 it is on fire", /labelling an issue urgent in `acme\/private` needs triage/],
  ])("%s by an orchestrator without access there: refused, nothing written there", async (text, reason) => {
    const w = twoRepos();
    const app = await makeApp(NOW);
    const command = w.addComment(977, "lead", text);
    const posted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(w);
    nock(API).get("/repos/acme/private/collaborators/lead/permission").reply(404, { message: "Not Found" });
    nock(API).post(/^\/repos\/acme\/app\/issues\/comments\/\d+\/reactions$/).reply(201, {});
    patchBody(w, 977, []);
    postComment(w, 977, posted);
    await app.deliver("issue_comment", commentPayload("created", w, 977, command));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatch(reason);
    expect(w.issue(5, "acme", "private")).toMatchObject({ labels: [], assignees: ["ceo"], blockedBy: [], body: "internal only" });
  });

  it("an issue of a private repository named in a tracked issue shows without its title, people or reports", async () => {
    const w = twoRepos();
    w.issue(973).body = "Depends on acme/private#5\n";
    w.issue(5, "acme", "private").comments.push({ id: 77, author: "ceo", authorType: "User", body: "## Worker 9 Report - Secret\n\n**Issue**: acme/private#5\n**Status**: 🔄 In Progress\n", createdAt: "2026-11-27T08:00:00Z", updatedAt: "2026-11-27T08:00:00Z" });
    const app = await makeApp(NOW);
    const bodies: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(w, 3);
    patchBody(w, 977, bodies);
    await app.deliver("issues", { action: "edited", issue: { number: 977, title: "Coordination", body: w.issue(977).body, labels: [{ name: "coordination" }] }, changes: { body: { from: "" } }, repository: { name: "app", owner: { login: "acme" } }, sender: { login: "lead", type: "User" }, installation: { id: 4242 } });
    const body = bodies[0] ?? "";
    const hidden = parseState(body)?.issues.find((i) => i.ref === "acme/private#5");
    expect(hidden).toMatchObject({ title: "", assignees: [], status: "ready" });
    expect(parseState(body)?.issues.find((i) => i.ref === "acme/app#973")?.blockedBy).toEqual(["acme/private#5"]);
    expect(body).not.toMatch(/Secret|ceo|Worker 9/);
  });

  it("the app writes on its own (unblock notice, labels) to another repository's issue only when that issue links back", async () => {
    const w = twoRepos();
    w.issue(977).body = "Plan: #972, acme/private#6, acme/private#7\n\n#972 → acme/private#7\n";
    w.addIssue({ owner: "acme", repo: "private", number: 6, title: "Linked", body: "Depends on acme/app#972\n", labels: ["blocked"] });
    w.addIssue({ owner: "acme", repo: "private", number: 7, title: "Not linked", body: "", labels: ["blocked"] });
    w.issue(972).state = "CLOSED";
    w.issue(972).stateReason = "COMPLETED";
    w.issue(972).closedAt = "2026-11-27T09:59:00Z";
    const app = await makeApp(NOW);
    const notices: string[] = [];
    const labels: string[] = [];
    tokenAndNoConfig();
    coordinationsLookup(w, [977]);
    // The read, the unblocked issue's comments, and acme/private's label ids (no `ready` there: REST adds it).
    graphqlFrom(w, 3);
    patchBody(w, 977, []);
    nock(API).post("/repos/acme/private/issues/6/comments").reply(201, withBody((b) => { notices.push((b as { body: string }).body); return { id: 1 }; }));
    nock(API).post("/repos/acme/private/issues/6/labels").reply(200, withBody((b) => { labels.push(...(b as { labels: string[] }).labels.map((l) => `+${l} #6`)); return []; }));
    nock(API).delete("/repos/acme/private/issues/6/labels/blocked").reply(200, () => { labels.push("-blocked #6"); return []; });
    await app.deliver("issues", { action: "closed", issue: issuePayload(w, 972), repository: repositoryPayload(), sender: { login: "lead", type: "User" }, installation: { id: 4242 } });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/Unblocked/);
    expect(labels).toEqual(["+ready #6", "-blocked #6"]);
    expect(w.issue(7, "acme", "private").labels).toEqual(["blocked"]);
  });
});

describe("people without permission cannot spend the installation's write budget", () => {
  it("one refusal per person per issue per hour; a further one is a 👎 on the comment", async () => {
    const w = world();
    w.issue(977).body = "Plan: #972\n";
    const app = await makeApp(NOW);
    const first = w.addComment(977, "mallory", report("evil"));
    const posted: string[] = [];
    const reacted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(w, 2);
    patchBody(w, 977, []);
    postComment(w, 977, posted);
    nock(API)
      .post(/^\/repos\/acme\/app\/issues\/comments\/\d+\/reactions$/)
      .reply(201, withBody((b, url) => { reacted.push(`${(b as { content: string }).content} ${/comments\/(\d+)/.exec(url)?.[1]}`); return {}; }));
    await app.deliver("issue_comment", commentPayload("created", w, 977, first));
    const second = w.addComment(977, "mallory", report("evil", "#973"), "2026-11-27T09:59:00Z");
    await app.deliver("issue_comment", commentPayload("created", w, 977, second));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain("<!-- coordinator:refusal:mallory -->");
    expect(reacted).toEqual([`-1 ${second.id}`]);
  });

  it("a refused command comment gets one refusal; the next within the hour only a 👎", async () => {
    const w = world();
    w.issue(977).body = "Plan: #972\n";
    const app = await makeApp(NOW);
    const posted: string[] = [];
    const reacted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(w, 2);
    patchBody(w, 977, []);
    postComment(w, 977, posted);
    nock(API)
      .post(/^\/repos\/acme\/app\/issues\/comments\/\d+\/reactions$/)
      .times(3)
      .reply(201, withBody((b, url) => { reacted.push(`${(b as { content: string }).content} ${/comments\/(\d+)/.exec(url)?.[1]}`); return {}; }));
    const one = w.addComment(977, "mallory", "/track #973");
    await app.deliver("issue_comment", commentPayload("created", w, 977, one));
    const two = w.addComment(977, "mallory", "/refresh");
    await app.deliver("issue_comment", commentPayload("created", w, 977, two));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatch(/refused/);
    expect(reacted).toEqual([`eyes ${one.id}`, `eyes ${two.id}`, `-1 ${two.id}`]);
  });

  it("/help twenty times in one comment lists the commands once", async () => {
    const w = world();
    w.issue(977).body = "Plan: #972\n";
    const app = await makeApp(NOW);
    const posted: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(w);
    patchBody(w, 977, []);
    postComment(w, 977, posted);
    nock(API).post(/^\/repos\/acme\/app\/issues\/comments\/\d+\/reactions$/).reply(201, {});
    const c = w.addComment(977, "mallory", Array.from({ length: 20 }, () => "/help").join("\n"));
    await app.deliver("issue_comment", commentPayload("created", w, 977, c));
    expect(posted).toHaveLength(1);
    expect(posted[0]?.match(/the list is above/g)?.length).toBe(19);
    expect(posted[0]?.length).toBeLessThan(8_000);
  });

  it("answers to strangers use only the courtesy share: beyond it they are dropped and the dashboard still updates", async () => {
    const w = world();
    w.issue(977).body = "Plan: #972\n";
    const app = await makeApp(NOW, { budget: new WriteBudget(undefined, { perMinute: 2, perHour: 2 }) });
    const posted: string[] = [];
    const bodies: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(w, 4);
    patchBody(w, 977, bodies, 2);
    postComment(w, 977, posted, 2);
    for (const who of ["s1", "s2", "s3"]) {
      w.permissions.set(who, "read");
      const c = w.addComment(977, who, report(who));
      await app.deliver("issue_comment", commentPayload("created", w, 977, c));
    }
    // worker3's report still lands on the dashboard.
    const ok = w.addComment(977, "worker3", report("3"));
    await app.deliver("issue_comment", commentPayload("created", w, 977, ok));
    expect(posted).toHaveLength(2);
    expect(parseState(bodies.at(-1) ?? "")?.reports.map((r) => r.commentId)).toEqual([ok.id]);
    expect(app.coordinator.runs.dropped).toBe(0);
  });
});

describe("an orchestrator's edit saved while a run is in flight survives", () => {
  it("a run that made other requests reads the body again before writing and keeps the edit (with its own Tracked edit)", async () => {
    const w = world();
    w.issue(977).body = "Plan: #972\n";
    w.permissions.set("lead", "write");
    const app = await makeApp(NOW);
    const command = w.addComment(977, "lead", "/track #973");
    const bodies: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(w, 2);
    nock(API).post(/^\/repos\/acme\/app\/issues\/comments\/\d+\/reactions$/).reply(201, {});
    // The orchestrator saves an edit while the run works: the re-read sees it.
    nock(API).get("/repos/acme/app/issues/977").reply(200, () => ({ number: 977, body: "Plan: #972, and a new paragraph by the orchestrator.\n" }));
    patchBody(w, 977, bodies);
    postComment(w, 977, []);
    await app.deliver("issue_comment", commentPayload("created", w, 977, command));
    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.startsWith("Plan: #972, and a new paragraph by the orchestrator.\n\n### Tracked\n- #973\n")).toBe(true);
  });

  it("an edit that landed between a plain run's read and its write is put back when our own edit event shows it was replaced", async () => {
    const w = world();
    w.issue(977).body = "Plan: #972\n";
    const app = await makeApp(NOW);
    const report1 = w.addComment(977, "worker3", report("3"));
    const bodies: string[] = [];
    tokenAndNoConfig();
    appIdentity();
    graphqlFrom(w, 3);
    patchBody(w, 977, bodies, 2);
    await app.deliver("issue_comment", commentPayload("created", w, 977, report1));
    // GitHub's record of our write: it replaced a body the orchestrator had just saved.
    const edited = "Plan: #972, then #973 (added by the orchestrator).\n";
    const ours = bodies[0] ?? "";
    await app.deliver("issues", {
      action: "edited",
      issue: { number: 977, title: "Coordination", body: ours, labels: [{ name: "coordination" }] },
      changes: { body: { from: edited } },
      repository: repositoryPayload(),
      sender: { login: BOT_LOGIN, type: "Bot" },
      installation: { id: 4242 },
    });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]?.startsWith(edited)).toBe(true);
    expect(parseState(bodies[1] ?? "")?.issues.map((i) => i.ref)).toContain("acme/app#973");
  });

  it("our own edit event that replaced exactly what the write was based on repairs nothing", async () => {
    const w = world();
    w.issue(977).body = "Plan: #972\n";
    const app = await makeApp(NOW);
    const report1 = w.addComment(977, "worker3", report("3"));
    const bodies: string[] = [];
    tokenAndNoConfig();
    appIdentity();
    graphqlFrom(w);
    patchBody(w, 977, bodies);
    await app.deliver("issue_comment", commentPayload("created", w, 977, report1));
    await app.deliver("issues", {
      action: "edited",
      issue: { number: 977, title: "Coordination", body: bodies[0], labels: [{ name: "coordination" }] },
      changes: { body: { from: "Plan: #972\n" } },
      repository: repositoryPayload(),
      sender: { login: BOT_LOGIN, type: "Bot" },
      installation: { id: 4242 },
    });
    expect(bodies).toHaveLength(1);
  });
});
