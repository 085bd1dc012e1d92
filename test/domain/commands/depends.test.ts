import { describe, expect, it } from "vitest";
import { GitHubWorld } from "../../fakes/github-world.js";
import { commandWorld, runCommand } from "../../helpers/run.js";

describe("/depends and /undepends", () => {
  it("writes a native dependency once; undepends removes it", async () => {
    const w = commandWorld(new GitHubWorld());
    const first = await runCommand(w, "lead", "/depends #13 on #12");
    expect(first.reply).toContain("✅ #13 now waits for #12 (GitHub dependency)");
    expect(first.writes).toContain("+blocked-by acme/app#13 #12");
    const again = await runCommand(w, "lead", "/depends #13 on #12");
    expect(again.reply).toContain("↩️ #13 already waits for #12");
    expect(again.writes.filter((x) => x.startsWith("+blocked-by"))).toEqual([]);
    const undo = await runCommand(w, "lead", "/undepends #13 on #12");
    expect(undo.writes).toContain("-blocked-by acme/app#13 #12");
  });

  it("falls back to a Depends on line when GitHub will not hold the dependency", async () => {
    const w = commandWorld(new GitHubWorld());
    const { FakePort } = await import("../../fakes/port.js");
    const port = new FakePort(w);
    port.failures.set("+blocked-by", 422);
    const { reply, writes } = await runCommand(w, "lead", "/depends #13 on #12", { port });
    expect(reply).toContain("a `Depends on` line in its description");
    expect(writes).toContain("body acme/app#13");
    expect(w.issue(13).body).toContain("Depends on #12");
  });
});
