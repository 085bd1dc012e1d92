import { describe, expect, it } from "vitest";
import { GitHubWorld } from "../../fakes/github-world.js";
import { commandWorld, runCommand } from "../../helpers/run.js";

describe("/track and /untrack", () => {
  it("/track adds to the Tracked list; tracking again says so; /untrack removes", async () => {
    const w = commandWorld(new GitHubWorld());
    expect((await runCommand(w, "lead", "/track #20")).reply).toContain("✅ now tracking #20");
    expect(w.issue(10).body).toContain("### Tracked\n- #20");
    expect((await runCommand(w, "lead", "/track #20 #12")).reply).toContain("↩️ already tracked");
    expect((await runCommand(w, "lead", "/untrack #20")).reply).toContain("✅ removed #20 from the Tracked list");
    expect(w.issue(10).body).not.toContain("- #20");
  });

  it("/untrack of an issue tracked elsewhere says where to remove it", async () => {
    const { reply } = await runCommand(commandWorld(new GitHubWorld()), "lead", "/untrack #12");
    expect(reply).toContain("not in the Tracked list");
  });
});
