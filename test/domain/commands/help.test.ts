import { describe, expect, it } from "vitest";
import { GitHubWorld } from "../../fakes/github-world.js";
import { commandWorld, runCommand } from "../../helpers/run.js";

describe("/help", () => {
  it("lists every command once per comment, to anyone", async () => {
    const { reply, writes } = await runCommand(commandWorld(new GitHubWorld()), "reader", "/help\n/help");
    expect(reply).toContain("| command | who | what | example |");
    expect(reply.match(/\| command \| who/g)).toHaveLength(1);
    expect(reply).toContain("the list is above");
    expect(writes).toEqual(["body acme/app#10", "comment acme/app#10"]);
  });
});
