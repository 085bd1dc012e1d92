import { describe, expect, it } from "vitest";
import { GitHubWorld } from "../../fakes/github-world.js";
import { commandWorld, runCommand } from "../../helpers/run.js";

describe("/refresh", () => {
  it("reads the latest comments of every tracked issue and writes the dashboard even when unchanged", async () => {
    const w = commandWorld(new GitHubWorld());
    const { reply, reads, writes } = await runCommand(w, "lead", "/refresh");
    expect(reply).toContain("✅ the dashboard is rebuilt from GitHub");
    expect(reads).toContain("issues 2 +100");
    expect(writes).toContain("body acme/app#10");
  });
});
