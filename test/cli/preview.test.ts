// The preview in-process, on the in-memory GitHub port: the app's run to its end, nothing written.
import { describe, expect, it } from "vitest";
import { DRY_RUN_ID_BASE } from "../../src/cli/dry-run.js";
import { previewCommand } from "../../src/cli/preview.js";
import { FakePort } from "../fakes/port.js";
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
});
