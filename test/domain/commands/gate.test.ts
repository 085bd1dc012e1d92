import { describe, expect, it } from "vitest";
import { GitHubWorld } from "../../fakes/github-world.js";
import { commandWorld, runCommand, runOnce } from "../../helpers/run.js";

describe("/gate", () => {
  it("creates the gate once, tracked, found again by its marker when the command runs again", async () => {
    const w = commandWorld(new GitHubWorld());
    const first = await runCommand(w, "lead", '/gate "Phase 1 exit" after #12');
    expect(first.writes[0]).toBe("create issue acme/app#21");
    expect(first.reply).toContain("✅ gate #21 created with 1 criteria");
    expect(w.issue(21).labels).toEqual(["gate"]);
    // The same command comment run again (a retry, or an edit): no second gate.
    const comment = w.issue(10).comments.find((c) => c.body.startsWith("/gate"));
    if (!comment) throw new Error("no command comment");
    const again = await runOnce(w, 10, { changed: [comment.id], commands: [{ commentId: comment.id, on: "acme/app#10", login: "lead" }] });
    expect(again.writes.filter((x) => x.startsWith("create issue"))).toEqual([]);
    expect(w.issue(10).comments.find((c) => c.body.startsWith(`<!-- coordinator:commands:${comment.id}`))?.body).toContain("#21");
    expect(w.issue(10).body.match(/- #21/g)).toHaveLength(1);
  });
});
