// Coordinations too large for their body (issue 12, part 2), through the real Probot app against
// the in-memory GitHub: the complete state of 1,000 and 2,000 issues with 10,000 edges is readable
// from the body and the app's state comments, a report costs at most 3 and 5 requests, a forged or
// edited state comment is not trusted, comments are reused and deleted as the coordination shrinks,
// and a redelivered event writes nothing.
import { describe, expect, it } from "vitest";
import type { Probot } from "probot";
import { parseState } from "../../src/domain/dashboard.js";
import { BOT_LOGIN, type GitHubWorld } from "../fakes/github-world.js";
import { BIG_COORDINATION, BIG_FIRST, bigCoordination, reassemble } from "../helpers/big-coordination.js";
import { INSTALLATION_ID, issuePayload, makeApp, repositoryPayload, testSeal, type TestApp, useNock } from "../helpers/probot.js";
import { SimulatedTime, simulatedGitHub, type Recorded } from "../helpers/simulated-github.js";

useNock(/./);

const COORDINATION = BIG_COORDINATION;
const FIRST = BIG_FIRST;
const world = bigCoordination;

interface Harness {
  w: GitHubWorld;
  app: TestApp;
  log: Recorded[];
  deliver: (name: string, payload: Record<string, unknown>, id: string) => Promise<Recorded[]>;
}

async function harness(w: GitHubWorld): Promise<Harness> {
  const time = new SimulatedTime(Date.parse("2026-11-27T10:00:00Z"));
  const log: Recorded[] = [];
  simulatedGitHub(w, time, log);
  const app = await makeApp(time.clock, { timers: time.timersApi });
  return {
    w,
    app,
    log,
    // The requests one delivery cost (the installation token and the config look-up are not recorded).
    async deliver(name, payload, id) {
      const from = log.length;
      await app.probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
      await app.coordinator.settled();
      return log.slice(from);
    },
  };
}

const editEvent = (w: GitHubWorld) => ({ action: "edited", issue: issuePayload(w, COORDINATION), changes: { body: { from: "" } }, repository: repositoryPayload(), sender: { login: "lead", type: "User" }, installation: { id: INSTALLATION_ID } });

function reportEvent(w: GitHubWorld, issue: number): Record<string, unknown> {
  const c = w.addComment(COORDINATION, "worker3", `## Worker 3 Report - Phase 1\n\n**Issue**: #${issue}\n**Status**: 🔄 In Progress\n`, "2026-11-27T09:00:00Z");
  return {
    action: "created",
    issue: issuePayload(w, COORDINATION),
    comment: { id: c.id, body: c.body, user: { login: "worker3", type: "User" }, author_association: "COLLABORATOR", performed_via_github_app: null },
    repository: repositoryPayload(),
    sender: { login: "worker3", type: "User" },
    installation: { id: INSTALLATION_ID },
  };
}

const complete = (w: GitHubWorld) => reassemble(w, testSeal);

const stateComments = (w: GitHubWorld) => w.issue(COORDINATION).comments.filter((c) => c.author === BOT_LOGIN && c.body.startsWith("<!-- coordinator:state-part ")).map((c) => c.id);
const writes = (requests: Recorded[]) => requests.filter((r) => r.kind === "write").map((r) => r.what);

describe("a report on a large coordination, with 10,000 edges", () => {
  it.each([
    [1000, 3],
    [2000, 5],
  ])("on %i issues costs at most %i requests, and the complete state stays readable from the body and the state comments", async (n, most) => {
    const h = await harness(world(n, 10_000));
    await h.deliver("issues", editEvent(h.w), "setup");
    const before = complete(h.w);
    expect(before.issues).toHaveLength(n);
    expect(before.edges).toHaveLength(10_000);

    const requests = await h.deliver("issue_comment", reportEvent(h.w, FIRST), "report");
    expect(requests.length).toBeLessThanOrEqual(most);
    // One read; the body and the one comment holding the reported issue.
    expect(writes(requests)).toEqual([`body #${COORDINATION}`, `edit comment #${COORDINATION}`]);
    const body = h.w.issue(COORDINATION).body;
    expect(body.length).toBeLessThanOrEqual(65_536);

    const after = complete(h.w);
    expect(after.issues.map((i) => i.ref)).toEqual(Array.from({ length: n }, (_, i) => `acme/app#${FIRST + i}`));
    expect(after.edges).toEqual(before.edges);
    expect(after.issues[0]).toMatchObject({ status: "in_progress", worker: "3" });
    expect(after.issues.slice(1)).toEqual(before.issues.slice(1));
    expect(after.reports).toHaveLength(1);
    expect(after.criticalPath).toEqual(before.criticalPath);

    // The same delivery again costs nothing; the same change seen again costs its read only.
    expect(await h.deliver("issue_comment", reportEvent(h.w, FIRST), "report")).toEqual([]);
    const again = await h.deliver("issues", editEvent(h.w), "edit-again");
    expect(writes(again)).toEqual([]);
  }, 120_000);
});

describe("state comments", () => {
  it("an edited state comment is not trusted: the run rebuilds from GitHub and writes it again", async () => {
    const h = await harness(world(400, 1200));
    await h.deliver("issues", editEvent(h.w), "setup");
    const ids = stateComments(h.w);
    expect(ids.length).toBeGreaterThan(1);
    // A maintainer edits the first comment: every issue in it now claims to be done.
    const first = h.w.findComment(ids[0] ?? 0);
    if (!first) throw new Error("no state comment");
    const forged = first.comment.body.replaceAll('"blocked"', '"done"');
    expect(forged).not.toBe(first.comment.body);
    first.comment.body = forged;
    first.comment.editor = "mallory";

    const requests = await h.deliver("issues", editEvent(h.w), "after-the-edit");
    // Nothing else changed, yet the comment is written again (the body, rebuilt the same, is not).
    expect(writes(requests)).toEqual([`edit comment #${COORDINATION}`]);
    expect(h.w.findComment(ids[0] ?? 0)?.comment.body).not.toBe(forged);
    const state = complete(h.w);
    expect(state.issues.filter((i) => i.status === "blocked").length).toBeGreaterThan(300);
    expect(stateComments(h.w)).toEqual(ids);
  }, 60_000);

  it("a state comment's copy posted by someone else is never read: only the listed comments of the app count", async () => {
    const h = await harness(world(400, 1200));
    await h.deliver("issues", editEvent(h.w), "setup");
    const ids = stateComments(h.w);
    const genuine = h.w.findComment(ids[0] ?? 0)?.comment.body ?? "";
    // Someone posts a copy, and points the body's listing at it (which breaks the body's seal).
    const copy = h.w.addComment(COORDINATION, "mallory", genuine);
    const issue = h.w.issue(COORDINATION);
    issue.body = issue.body.replace(`"id":${ids[0]},"node":"IC_${ids[0]}"`, `"id":${copy.id},"node":"IC_${copy.id}"`);

    const requests = await h.deliver("issues", editEvent(h.w), "forged-listing");
    // Rebuilt: the body written again, listing the app's own comments only.
    expect(writes(requests)).toContain(`body #${COORDINATION}`);
    const listed = (parseState(h.w.issue(COORDINATION).body)?.parts ?? []).map((p) => p.id);
    expect(listed).not.toContain(copy.id);
    expect(h.w.findComment(copy.id)?.comment.author).toBe("mallory");
    expect(complete(h.w).issues).toHaveLength(400);
  }, 60_000);

  it("an event whose body does not list them (a stale hint) reads them in a request of their own, and writes nothing", async () => {
    const h = await harness(world(400, 1200));
    const stale = editEvent(h.w);
    await h.deliver("issues", stale, "setup");
    expect(stateComments(h.w).length).toBeGreaterThan(0);

    const requests = await h.deliver("issues", stale, "stale-hint");
    expect(requests.map((r) => r.what)).toEqual(["graphql", "graphql"]);
  }, 60_000);

  it("a state comment no block lists (left by a write that failed after posting it) is deleted by the next run", async () => {
    const h = await harness(world(400, 1200));
    await h.deliver("issues", editEvent(h.w), "setup");
    const ids = stateComments(h.w);
    const leftover = h.w.addComment(COORDINATION, BOT_LOGIN, h.w.findComment(ids[0] ?? 0)?.comment.body ?? "", "2026-11-27T10:00:00Z", "Bot");

    const requests = await h.deliver("issues", editEvent(h.w), "next");
    expect(writes(requests)).toEqual([`delete comment #${COORDINATION}`]);
    expect(h.w.findComment(leftover.id)).toBeNull();
    expect(stateComments(h.w)).toEqual(ids);
    expect(complete(h.w).issues).toHaveLength(400);
  }, 60_000);

  it("are reused as the coordination shrinks, the surplus deleted, and all of them once the body holds everything", async () => {
    const h = await harness(world(600, 1800));
    await h.deliver("issues", editEvent(h.w), "setup");
    const ids = stateComments(h.w);
    expect(ids.length).toBeGreaterThan(2);

    const issue = h.w.issue(COORDINATION);
    issue.body = issue.body.replace(/- #1(?:[3-5]\d\d)\n/g, "");
    const shrink = await h.deliver("issues", editEvent(h.w), "shrink");
    const kept = stateComments(h.w);
    expect(complete(h.w).issues).toHaveLength(300);
    expect(kept.length).toBeLessThan(ids.length);
    expect(kept.every((id) => ids.includes(id))).toBe(true);
    expect(writes(shrink).filter((w) => w.startsWith("comment"))).toEqual([]);
    expect(writes(shrink).filter((w) => w.startsWith("delete comment"))).toHaveLength(ids.length - kept.length);

    issue.body = issue.body.replace(/- #1(?:00[3-9]|0[1-9]\d|[1-2]\d\d)\n/g, "");
    await h.deliver("issues", editEvent(h.w), "tiny");
    const state = parseState(h.w.issue(COORDINATION).body);
    expect(state?.parts).toBeUndefined();
    expect(state?.truncated).toBeUndefined();
    expect(state?.issues).toHaveLength(3);
    expect(stateComments(h.w)).toEqual([]);
  }, 60_000);
});
