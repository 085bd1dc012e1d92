import { describe, expect, it } from "vitest";
import { GitHubWorld } from "../../fakes/github-world.js";
import { commandWorld, runCommand } from "../../helpers/run.js";

describe("/context", () => {
  it("on the coordination issue it needs an issue; with one, it answers for it", async () => {
    const w = commandWorld(new GitHubWorld());
    expect((await runCommand(w, "reader", "/context")).reply).toMatch(/name the issue/);
    expect((await runCommand(w, "reader", "/context #12")).reply).toMatch(/Context for #12/);
  });
});
