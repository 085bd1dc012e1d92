import { describe, expect, it } from "vitest";
import { GitHubWorld } from "../../fakes/github-world.js";
import { commandWorld, runCommand } from "../../helpers/run.js";

describe("/nogo", () => {
  it("belongs on a gate", async () => {
    const { reply } = await runCommand(commandWorld(new GitHubWorld()), "boss", "/nogo not ready");
    expect(reply).toMatch(/belongs on a gate issue/);
  });

  it("on a gate, by an approver: NO-GO recorded with the rejected label", async () => {
    const w = commandWorld(new GitHubWorld());
    w.addIssue({ number: 30, title: "Gate: beta", body: "- [ ] #12\n", labels: ["gate"] });
    w.issue(10).body = "Plan: #12 and #13, gate #30.\n";
    const { reply, writes } = await runCommand(w, "boss", "/nogo load tests fail", { on: 30 });
    expect(reply).toContain("❌ NO-GO recorded on this gate");
    expect(writes).toContain("+label gate:rejected acme/app#30");
  });
});
