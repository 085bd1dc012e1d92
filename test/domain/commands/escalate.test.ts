import { describe, expect, it } from "vitest";
import { GitHubWorld } from "../../fakes/github-world.js";
import { commandWorld, runCommand } from "../../helpers/run.js";

describe("/escalate", () => {
  it("labels the issue urgent and mentions the orchestrators; clear lifts it", async () => {
    const w = commandWorld(new GitHubWorld());
    const up = await runCommand(w, "lead", "/escalate #12 the database is down", { config: { orchestrators: ["lead"] } });
    expect(up.writes).toContain("+label urgent acme/app#12");
    expect(up.reply).toContain("🚨 #12 is urgent; @lead please take a look");
    const down = await runCommand(w, "lead", "/escalate clear #12", { config: { orchestrators: ["lead"] } });
    expect(down.writes).toContain("-label urgent acme/app#12");
  });

  it("says how to have orchestrators mentioned when none are configured (the same words for 🚨 comments)", async () => {
    const { reply } = await runCommand(commandWorld(new GitHubWorld()), "lead", "/escalate #12 fire");
    expect(reply).toContain("(set `orchestrators` in the configuration to have them mentioned)");
  });
});
