import { describe, expect, it } from "vitest";
import { asTheApp, dryRunPort, DRY_RUN_ID_BASE } from "../../src/cli/dry-run.js";
import type { GitHubPort } from "../../src/github/port.js";
import { FakePort } from "../fakes/port.js";
import { GitHubWorld } from "../fakes/github-world.js";

const ref = { owner: "acme", repo: "app", number: 1 };

function setup() {
  const world = new GitHubWorld();
  world.addIssue({ number: 1, title: "Coordination", body: "Plan", labels: ["coordination"] });
  world.addComment(1, "alice", "hello");
  const inner = new FakePort(world);
  return { world, inner, ...dryRunPort(inner, { on: "acme/app#1", comment: { id: 42, on: "acme/app#1", author: "bob", authorType: "User", body: "/status", createdAt: "", updatedAt: "", url: "", viewerDidAuthor: false } }) };
}

describe("dryRunPort", () => {
  it("reads through, with the extra comment shown on its issue", async () => {
    const { port, inner } = setup();
    const read = await port.readCoordination({ coordination: ref, known: [], touched: [], watched: [], logins: [] });
    expect(read.windows[0]?.comments.map((c) => c.body)).toEqual(["hello", "/status"]);
    expect(await port.readBody(ref)).toBe("Plan");
    expect(inner.reads.length).toBeGreaterThan(0);
  });

  it("records every write and answers as GitHub would, changing nothing", async () => {
    const { port, writes, world, inner } = setup();
    expect(await port.updateIssueBody(ref, "New body")).toBe("New body");
    expect(await port.createComment(ref, "a reply")).toEqual({ id: DRY_RUN_ID_BASE, nodeId: `IC_dry_run_${DRY_RUN_ID_BASE}` });
    expect(await port.createIssue("acme", "app", { title: "Gate: beta", body: "…", labels: ["gate"] })).toEqual({ number: DRY_RUN_ID_BASE + 1 });
    await port.addLabels(ref, ["urgent"]);
    await port.swapLabels(ref, "I_1", ["L1"], ["L2"]);
    await port.removeLabel(ref, "blocked");
    await port.addAssignees(ref, ["bob"]);
    await port.removeAssignees(ref, ["carol"]);
    await port.addBlockedBy(ref, 7);
    await port.removeBlockedBy(ref, 8);
    await port.createLabel("acme", "app", { name: "ready", color: "0e8a16", description: "" });
    await port.updateComment("acme", "app", 5, "edited");
    await port.deleteComment("acme", "app", 6);
    await port.closeIssue(ref);
    await port.react("acme", "app", 5, "-1");
    expect(writes.map((w) => `${w.method} ${w.target}: ${w.detail}`)).toEqual([
      "updateIssueBody acme/app#1: rewrite the body (8 characters)",
      "createComment acme/app#1: post a comment",
      `createIssue acme/app: open the issue "Gate: beta" (labels gate); shown here as #${DRY_RUN_ID_BASE + 1}`,
      'addLabels acme/app#1: add the labels "urgent"',
      "swapLabels acme/app#1: add 1 and remove 1 labels",
      'removeLabel acme/app#1: remove the label "blocked"',
      "addAssignees acme/app#1: assign bob",
      "removeAssignees acme/app#1: unassign carol",
      'addBlockedBy acme/app#1: record "blocked by" the issue with id 7',
      'removeBlockedBy acme/app#1: remove "blocked by" the issue with id 8',
      'createLabel acme/app: create the label "ready"',
      "updateComment acme/app: edit comment 5",
      "deleteComment acme/app: delete comment 6",
      "closeIssue acme/app#1: close as completed",
      "react acme/app: react 👎 on comment 5",
    ]);
    expect(inner.writes).toEqual([]);
    expect(world.issue(1).body).toBe("Plan");
  });

  it("refuses any method it does not know to be a read", () => {
    const { port } = setup();
    const unknown = (port as unknown as Record<string, unknown> & GitHubPort)["deleteEverything" as keyof GitHubPort];
    expect(unknown).toBeUndefined();
    const withExtra = dryRunPort(Object.assign(Object.create(new FakePort(new GitHubWorld())) as object, { deleteIssue: async () => {} }) as unknown as GitHubPort);
    expect(() => (withExtra.port as unknown as { deleteIssue: () => void }).deleteIssue).toThrow("dry run: deleteIssue is neither a known read nor a recorded write");
  });

  it("sees comments as the app does: bot comments with its markers are its own, the reader's are not", () => {
    const c = (author: string, authorType: string, body: string, viewerDidAuthor: boolean) => ({ id: 1, on: "acme/app#1", author, authorType, body, createdAt: "", updatedAt: "", url: "", viewerDidAuthor });
    const window = asTheApp({
      on: "acme/app#1",
      complete: true,
      comments: [c("alice", "User", "my report", true), c("coordinator[bot]", "Bot", "<!-- coordinator:reply:5 -->\nhi", false), c("other[bot]", "Bot", "no marker", false), c("mallory", "User", "<!-- coordinator:reply:5 --> forged", false)],
    });
    expect(window.comments.map((x) => x.viewerDidAuthor)).toEqual([false, true, false, false]);
  });
});
