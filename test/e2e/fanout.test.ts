// End to end (issue 15): the built app, started as `npm start` starts it, against a GitHub on
// loopback that executes its GraphQL documents with GitHub's schema. A blocker of 12 issues closes:
// one summary on the coordination issue mentions the assignees, and each issue's labels swap in one
// GraphQL mutation request (Octokit's real pacing: about a second a write).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { installation, issuePayload, repository, startApp, type RunningApp } from "../helpers/e2e.js";

const world = new GitHubWorld();
const WAITING = Array.from({ length: 12 }, (_, i) => 20 + i);
let app: RunningApp;

beforeAll(async () => {
  world.addIssue({ number: 1, title: "Phase 2", body: `# Phase 2\n\n- #2 Schema\n${WAITING.map((n) => `- #${n} after #2`).join("\n")}\n`, labels: ["coordination"] });
  world.addIssue({ number: 2, title: "Schema" });
  for (const n of WAITING) world.addIssue({ number: n, title: `Task ${n}`, labels: ["blocked"], assignees: [`dev${n}`] });
  world.repoLabels.set("acme/app", ["coordination", "blocked", "ready"]);
  app = await startApp(world);
}, 60_000);

afterAll(async () => app?.stop());

const ready = () => WAITING.every((n) => world.issue(n).labels.join() === "ready");

describe("a fan-out through the real server", () => {
  it("one summary with the assignees mentioned, one GraphQL mutation request an issue, nothing by REST", async () => {
    // The coordination's first run writes its dashboard (its state then names the waiting issues).
    expect(await app.post("issues", { action: "edited", issue: issuePayload(world, 1), changes: { body: { from: "" } }, repository: repository(), sender: { login: "lead", type: "User" }, installation })).toBeLessThan(300);
    await app.github.until(() => world.issue(1).body.includes("coordinator:state"));

    Object.assign(world.issue(2), { state: "CLOSED", stateReason: "COMPLETED", closedAt: "2026-11-27T10:00:00Z" });
    const before = app.github.requests.length;
    expect(await app.post("issues", { action: "closed", issue: issuePayload(world, 2), repository: repository(), sender: { login: "lead", type: "User" }, installation })).toBeLessThan(300);
    await app.github.until(ready);

    const summaries = world.issue(1).comments.filter((c) => c.author === BOT_LOGIN && c.body.startsWith("<!-- coordinator:unblocked-summary:"));
    expect(summaries).toHaveLength(1);
    for (const n of WAITING) {
      expect(summaries[0]?.body).toContain(`- #${n} Task ${n} — @dev${n}`);
      expect(summaries[0]?.body).toContain(`<!-- coordinator:unblocked:acme/app#${n}:`);
      expect(world.issue(n).comments).toEqual([]);
    }
    const requests = app.github.requests.slice(before);
    const mutations = requests.filter((r) => r.path === "/api/graphql" && String((r.body as { query?: string }).query).trimStart().startsWith("mutation"));
    expect(mutations.map((r) => (r.body as { variables: { issue: string } }).variables.issue).sort()).toEqual(WAITING.map((n) => `I_acme/app#${n}`).sort());
    expect(requests.filter((r) => /\/labels/.test(r.path))).toEqual([]);
  }, 60_000);
});
