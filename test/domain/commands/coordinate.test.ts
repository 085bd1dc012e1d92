import { describe, expect, it } from "vitest";
import { GitHubWorld } from "../../fakes/github-world.js";
import { commandWorld, runCommand } from "../../helpers/run.js";

describe("/coordinate", () => {
  it("makes an ordinary issue a coordination issue: labels created, the label added, the dashboard written", async () => {
    const w = commandWorld(new GitHubWorld());
    w.addIssue({ number: 30, title: "New plan", body: "Work: #12\n" });
    const { reply, writes } = await runCommand(w, "lead", "/coordinate", { coordination: 30 });
    expect(reply).toContain("✅ this issue is now a coordination issue");
    expect(writes.filter((x) => x.startsWith("create label"))).toHaveLength(8);
    expect(writes).toContain("+label coordination acme/app#30");
    expect(writes).toContain("body acme/app#30");
  });

  it("from someone without write permission: refused, nothing else written", async () => {
    const w = commandWorld(new GitHubWorld());
    w.addIssue({ number: 30, title: "New plan", body: "Work: #12\n" });
    const { reply, writes } = await runCommand(w, "reader", "/coordinate", { coordination: 30 });
    expect(reply).toMatch(/refused/);
    expect(writes).toEqual(["comment acme/app#30"]);
  });
});
