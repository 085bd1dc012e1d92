// The trust boundary from outside: the built app over HTTP, driven as a read-only user, a triager,
// a writer outside `orchestrators`, and an orchestrator without access to a second private
// repository of the same installation. Each may only get what their permission allows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { installation, issuePayload, repository, startApp, type RunningApp } from "../helpers/e2e.js";

const world = new GitHubWorld();
let app: RunningApp;

const GATE_BODY = "<!-- coordinator:gate -->\n## 🚦 Gate: Phase 1 exit\n\n- [ ] #972\n";

beforeAll(async () => {
  world.addIssue({ number: 977, title: "Coordination", body: "Plan: #972 then #973, gate #30.\n", labels: ["coordination"] });
  world.addIssue({ number: 972, title: "Database" });
  world.addIssue({ number: 973, title: "Schema" });
  world.addIssue({ number: 30, title: "Gate: Phase 1 exit", body: GATE_BODY, labels: ["gate"] });
  world.addIssue({ owner: "acme", repo: "private", number: 5, title: "Secret", body: "internal" });
  world.files.set("acme/app/.github/coordinator.yml", "orchestrators: [lead]\n");
  world.permissions.set("reader", "read");
  world.permissions.set("tina", "triage");
  world.permissions.set("wanda", "write");
  world.permissions.set("lead", "write");
  world.permissions.set("boss", "maintain");
  app = await startApp(world);
}, 60_000);

afterAll(async () => app?.stop());

const ours = (number: number) => world.issue(number).comments.filter((c) => c.author === BOT_LOGIN).map((c) => c.body);

/** Runs `act` and resolves with the next comment our bot writes on the issue. */
async function nextBotComment(number: number, act: () => Promise<unknown>): Promise<string> {
  const before = ours(number).length;
  await act();
  await app.github.until(() => ours(number).length > before);
  return ours(number)[before] ?? "";
}

function commentEvent(action: "created" | "edited", number: number, comment: { id: number; body: string; author: string }, sender = comment.author) {
  return {
    action,
    issue: issuePayload(world, number),
    comment: { id: comment.id, body: comment.body, user: { login: comment.author, type: "User" } },
    repository: repository(),
    sender: { login: sender, type: "User" },
    installation,
  };
}

describe("a read-only user", () => {
  it("gets one polite refusal for a report, and the report does not count", async () => {
    const c = world.addComment(977, "reader", "## Worker 9 Report - Phase 1\n\n**Issue**: #972\n**Status**: ✅ Complete\n", new Date().toISOString());
    const reply = await nextBotComment(977, async () => expect(await app.post("issue_comment", commentEvent("created", 977, c))).toBeLessThan(300));
    expect(reply).toContain(`<!-- coordinator:reply:${c.id} -->`);
    expect(parseState(world.issue(977).body)?.reports).toEqual([]);
    expect(parseState(world.issue(977).body)?.issues.find((i) => i.ref === "acme/app#972")?.status).not.toBe("done");
  });

  it("is refused once per issue per hour: a refused command after the refused report only gets a 👎", async () => {
    const before = ours(977).length;
    const command = world.addComment(977, "reader", "/track #973", new Date().toISOString());
    await app.post("issue_comment", commentEvent("created", 977, command));
    await app.github.until(() => app.github.reactions.some((r) => r.commentId === command.id && r.content === "-1"));
    expect(ours(977)).toHaveLength(before);
    expect(world.issue(977).body).not.toContain("### Tracked");
  });
});

describe("a triager", () => {
  it("cannot approve a gate: the label is removed and the reason given", async () => {
    world.addLabel(30, "gate:approved", "tina", new Date().toISOString());
    const decision = await nextBotComment(30, () =>
      app.post("issues", { action: "labeled", issue: issuePayload(world, 30), label: { name: "gate:approved" }, repository: repository(), sender: { login: "tina", type: "User" }, installation }),
    );
    expect(decision).toMatch(/`tina` is not an approver/);
    await app.github.until(() => !world.issue(30).labels.includes("gate:approved"));
    expect(world.issue(30).labels).toEqual(["gate"]);
    expect(world.issue(30).state).toBe("OPEN");
  });
});

describe("a writer outside `orchestrators`", () => {
  it("edits an orchestrator's comment into a command: it runs as the writer, and is refused", async () => {
    const c = world.addComment(977, "lead", "/status", new Date().toISOString());
    await nextBotComment(977, () => app.post("issue_comment", commentEvent("created", 977, c)));
    c.body = "/assign #973 @wanda";
    c.editor = "wanda";
    await app.post("issue_comment", commentEvent("edited", 977, c, "wanda"));
    await app.github.until(() => ours(977).some((b) => b.includes(`<!-- coordinator:commands:${c.id} -->`) && b.includes("refused")));
    expect(world.issue(973).assignees).toEqual([]);
  });
});

describe("an orchestrator without access to a second private repository", () => {
  it("cannot have the app write there for them", async () => {
    const c = world.addComment(977, "lead", "/depends acme/private#5 on #972\n/assign acme/private#5 @lead\n/escalate acme/private#5 fire", new Date().toISOString());
    const reply = await nextBotComment(977, () => app.post("issue_comment", commentEvent("created", 977, c)));
    expect(reply.match(/refused: [a-z ]+ in `acme\/private`/g)).toHaveLength(3);
    const writes = app.github.requests.filter((r) => r.path.startsWith("/repos/acme/private/") && r.method !== "GET");
    expect(writes).toEqual([]);
    expect(world.issue(5, "acme", "private")).toMatchObject({ labels: [], assignees: [], blockedBy: [], body: "internal" });
  });
});
