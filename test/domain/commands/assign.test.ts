import { describe, expect, it } from "vitest";
import { GitHubWorld } from "../../fakes/github-world.js";
import { commandWorld, runCommand } from "../../helpers/run.js";

describe("/assign and /unassign", () => {
  it("assigns a user, then a worker (a label), then unassigns both", async () => {
    const w = commandWorld(new GitHubWorld());
    expect((await runCommand(w, "lead", "/assign #12 @dana")).writes).toContain("+assignee dana acme/app#12");
    expect((await runCommand(w, "lead", "/assign #12 @dana")).reply).toContain("already assigned");
    const worker = await runCommand(w, "lead", "/assign #12 worker-3");
    expect(worker.writes).toContain("+label worker:worker-3 acme/app#12");
    const un = await runCommand(w, "lead", "/unassign #12");
    expect(un.writes).toEqual(expect.arrayContaining(["-assignee dana acme/app#12", "-label worker:worker-3 acme/app#12"]));
  });

  it("in a repository where the author has no access: refused", async () => {
    const w = commandWorld(new GitHubWorld());
    w.addIssue({ owner: "acme", repo: "private", number: 5, title: "Secret" });
    const { reply, writes } = await runCommand(w, "lead", "/assign acme/private#5 @lead");
    expect(reply).toMatch(/refused: assigning in `acme\/private`/);
    expect(writes.filter((x) => x.includes("acme/private"))).toEqual([]);
  });
});
