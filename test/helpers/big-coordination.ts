// A coordination too large for its body (issue 12, part 2), for the handler tests and the
// benchmark: `n` issues listed in the coordination's body, `edges` dependencies written as
// `Depends on` lines in the issues' bodies (each issue after a few of the ones just before it, so
// the graph is acyclic with one issue a wave), and the reads that reassemble its complete state.
import { parseState } from "../../src/domain/dashboard.js";
import { mergeParts, readPart } from "../../src/domain/state-parts.js";
import type { Sealer } from "../../src/domain/seal.js";
import type { CoordinationState } from "../../src/domain/types.js";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";

export const BIG_COORDINATION = 1;
/** The first tracked issue's number; the others follow. */
export const BIG_FIRST = 1000;

export function bigCoordination(n: number, edges: number): GitHubWorld {
  const w = new GitHubWorld();
  const list = Array.from({ length: n }, (_, i) => `- #${BIG_FIRST + i}`).join("\n");
  w.addIssue({ number: BIG_COORDINATION, title: "Big plan", body: `# Big plan\n\n${list}\n`, labels: ["coordination"] });
  // Issue i waits for the `degree[i]` issues just before it; the first issues have fewer to wait
  // for, so later ones take one more each, round after round, until the count is exact.
  const per = Math.floor(edges / n);
  const degree = Array.from({ length: n }, (_, i) => Math.min(i, per));
  let missing = edges - degree.reduce((a, b) => a + b, 0);
  while (missing > 0) {
    for (let i = n - 1; i > 0 && missing > 0; i--) {
      if ((degree[i] ?? 0) < i) {
        degree[i] = (degree[i] ?? 0) + 1;
        missing--;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const deps = Array.from({ length: degree[i] ?? 0 }, (_, k) => `#${BIG_FIRST + i - 1 - k}`);
    // One `Depends on` line holds at most 50 references: 40 a line.
    const lines: string[] = [];
    for (let k = 0; k < deps.length; k += 40) lines.push(`Depends on ${deps.slice(k, k + 40).join(", ")}\n`);
    const body = lines.join("");
    w.addIssue({ number: BIG_FIRST + i, title: `Task ${i}: a fairly ordinary title for a tracked issue`, body, assignees: [`dev${i % 40}`] });
  }
  w.permissions.set("worker3", "write");
  w.repoLabels.set("acme/app", ["coordination", "blocked", "ready"]);
  return w;
}

/** The complete state as an agent reassembles it: the body's block, and the part in each comment it lists. */
export function reassemble(w: GitHubWorld, seal: Sealer, coordination = BIG_COORDINATION): CoordinationState {
  const body = parseState(w.issue(coordination).body);
  if (body === null) throw new Error("no state block");
  const parts = (body.parts ?? []).map((ref) => {
    const found = w.findComment(ref.id);
    const part = found && found.comment.author === BOT_LOGIN ? readPart(found.comment.body, ref.digest, body.coordination, seal) : null;
    if (part === null) throw new Error(`state comment ${ref.id} is missing or does not match the listing`);
    return part;
  });
  return body.parts ? mergeParts(body, parts) : body;
}
