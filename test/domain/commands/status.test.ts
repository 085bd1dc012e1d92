import { describe, expect, it } from "vitest";
import { GitHubWorld } from "../../fakes/github-world.js";
import { commandWorld, runCommand } from "../../helpers/run.js";

describe("/status", () => {
  it("answers from the run's final state", async () => {
    const { reply } = await runCommand(commandWorld(new GitHubWorld()), "reader", "/status");
    expect(reply).toMatch(/Status of #10/);
  });
});
