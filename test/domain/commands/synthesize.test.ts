import { describe, expect, it } from "vitest";
import { GitHubWorld } from "../../fakes/github-world.js";
import { commandWorld, runCommand } from "../../helpers/run.js";

describe("/synthesize", () => {
  it("posts today's Team Status", async () => {
    const w = commandWorld(new GitHubWorld());
    const { reply, writes } = await runCommand(w, "lead", "/synthesize");
    expect(reply).toContain("Team Status");
    expect(w.issue(10).comments.some((c) => c.body.startsWith("<!-- coordinator:synthesis:2026-11-27"))).toBe(true);
    expect(writes.filter((x) => x === "comment acme/app#10")).toHaveLength(2);
  });
});
