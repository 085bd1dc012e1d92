// The preview in-process, on the in-memory GitHub port: the app's run to its end, nothing written.
import { describe, expect, it } from "vitest";
import { DRY_RUN_ID_BASE } from "../../src/cli/dry-run.js";
import { previewCommand } from "../../src/cli/preview.js";
import { parseState } from "../../src/domain/dashboard.js";
import { replyMarker } from "../../src/domain/replies.js";
import type { GitHubPort } from "../../src/github/port.js";
import { FakePort } from "../fakes/port.js";
import { runOnce } from "../helpers/run.js";
import { GitHubWorld } from "../fakes/github-world.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const coordination = { owner: "acme", repo: "app", number: 1 };

function world(): GitHubWorld {
  const w = new GitHubWorld();
  w.addIssue({ number: 1, title: "Release", body: "Tracked:\n- #2\n- #3\n\n#2 → #3\n", labels: ["coordination"] });
  w.addIssue({ number: 2, title: "API" });
  w.addIssue({ number: 3, title: "UI" });
  w.permissions.set("alice", "admin");
  return w;
}

describe("previewCommand", () => {
  it("shows a gate the app would open with a stand-in number, and writes nothing", async () => {
    const w = world();
    const port = new FakePort(w);
    const preview = await previewCommand(port, coordination, '/gate "Beta" after #2 #3', "alice", NOW);
    expect(preview.reply).toContain("Beta");
    const opened = preview.writes.find((x) => x.method === "createIssue");
    expect(opened?.detail).toContain(`shown here as #${DRY_RUN_ID_BASE}`);
    expect(port.writes).toEqual([]);
    expect(w.issue(1).body.startsWith("Tracked:")).toBe(true);
    expect(w.issues.size).toBe(3);
  });

  it("trusts the published state block: a second preview on the dashboard it showed rewrites nothing", async () => {
    const w = world();
    const first = await previewCommand(new FakePort(w), coordination, "/status", "alice", NOW);
    const body = first.writes.find((x) => x.method === "updateIssueBody")?.body;
    expect(body).toContain("<!-- coordinator:seal ");
    w.issue(1).body = body ?? "";
    const second = await previewCommand(new FakePort(w), coordination, "/status", "alice", NOW);
    expect(second.reply).toContain("#2");
    expect(second.writes.filter((x) => x.method === "updateIssueBody")).toEqual([]);
  });

  it("reports the repository's configuration problems apart, and runs on the defaults as the app does", async () => {
    const port = new FakePort(world());
    // What Probot's loader hands over: the file parsed.
    port.loadConfigFile = async () => ({ doneWhen: "sometimes" });
    const preview = await previewCommand(port, coordination, "/status", "alice", NOW);
    expect(preview.configProblems.map((p) => p.key)).toEqual(["doneWhen"]);
    expect(preview.reply).not.toBeNull();
    expect(preview.writes.some((x) => (x.body ?? "").includes("Coordinator configuration"))).toBe(false);
  });

  it("sees the comments as the app does, not as the token's account: its own reports count, the app's replies are the app's", async () => {
    const w = world();
    const report = w.addComment(1, "alice", "## Worker 3 Report - Phase 1\n\n**Issue**: #2\n**Status**: In Progress\n");
    const bad = w.addComment(1, "alice", "## Worker 3 Report - Phase 1\n\n**Status**: maybe\n");
    w.addComment(1, "coordinator[bot]", `${replyMarker(bad.id)}\n⚠️ earlier reply`, "2026-11-27T08:30:00Z", "Bot");
    // GitHub's viewerDidAuthor as alice's token reads it: true on her comments, false on the app's.
    const inner = new FakePort(w);
    const asAlice: GitHubPort = new Proxy(inner, {
      get(target, name, receiver) {
        if (name !== "readCoordination") return Reflect.get(target, name, receiver) as unknown;
        return async (...args: Parameters<GitHubPort["readCoordination"]>) => {
          const read = await target.readCoordination(...args);
          return { ...read, windows: read.windows.map((win) => ({ ...win, comments: win.comments.map((c) => ({ ...c, viewerDidAuthor: c.author === "alice" })) })) };
        };
      },
    });
    const preview = await previewCommand(asAlice, coordination, "/status", "alice", NOW);
    const body = preview.writes.find((x) => x.method === "updateIssueBody")?.body ?? "";
    expect(parseState(body)?.reports.map((r) => r.commentId)).toEqual([report.id]);
    // The app's earlier reply is found again: no second reply is planned.
    expect(preview.writes.filter((x) => x.method === "createComment")).toEqual([]);
  });

  it("on a big coordination, takes the app's state comments as published: nothing to rewrite", async () => {
    const w = new GitHubWorld();
    const numbers = Array.from({ length: 400 }, (_, i) => i + 100);
    w.addIssue({ number: 10, title: "Big", body: `Plan:\n${numbers.map((n) => `- #${n}`).join("\n")}\n`, labels: ["coordination"] });
    for (const n of numbers) w.addIssue({ number: n, title: `Issue ${n} with a title long enough to fill the body` });
    w.permissions.set("alice", "admin");
    // The app's own run writes the dashboard and its state comments.
    await runOnce(w, 10);
    expect(parseState(w.issue(10).body)?.parts?.length ?? 0).toBeGreaterThan(0);
    const preview = await previewCommand(new FakePort(w, NOW.toISOString()), { owner: "acme", repo: "app", number: 10 }, "/status", "alice", NOW);
    expect(preview.reply).toContain("400");
    expect(preview.writes).toEqual([]);
  });
});
