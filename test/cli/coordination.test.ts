import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/args.js";
import { clientFromEnv, presentedSeal, readCoordinationView } from "../../src/cli/coordination.js";
import { renderDashboard, replaceDashboard } from "../../src/domain/dashboard.js";
import { hmacSealer, sealBlock } from "../../src/domain/seal.js";
import { emptyState as emptyCoordination } from "../../src/domain/state.js";
import { partListing, partText, splitState } from "../../src/domain/state-parts.js";
import type { CoordinationState } from "../../src/domain/types.js";
import { FakePort } from "../fakes/port.js";
import { GitHubWorld } from "../fakes/github-world.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const dashboard = () => renderDashboard(emptyCoordination("acme/app#1", NOW.toISOString()), { now: NOW, repo: { owner: "acme", repo: "app" } });

describe("presentedSeal", () => {
  it("finds the seal the app wrote after the state line, and nothing in an unsealed block", () => {
    const seal = hmacSealer("the app's key");
    const sealed = replaceDashboard("Plan\n", sealBlock(dashboard(), seal));
    const found = presentedSeal(sealed);
    expect(found?.hex).toBe(seal(found?.line ?? ""));
    expect(presentedSeal(replaceDashboard("Plan\n", dashboard()))).toBeNull();
    expect(presentedSeal("no dashboard")).toBeNull();
  });
});

describe("readCoordinationView", () => {
  it("reads the issue, its dashboard, its state block and its comments in the app's first read", async () => {
    const world = new GitHubWorld();
    world.addIssue({ number: 1, title: "Release", body: replaceDashboard("Plan\n", dashboard()), labels: ["coordination"] });
    world.addComment(1, "alice", "hi");
    const port = new FakePort(world);
    const view = await readCoordinationView(port, { owner: "acme", repo: "app", number: 1 });
    expect(view).toMatchObject({ key: "acme/app#1", repo: { owner: "acme", repo: "app" }, seal: null, state: { coordination: "acme/app#1" } });
    expect(view.window.comments.map((c) => c.body)).toEqual(["hi"]);
    expect(view.dashboard?.startsWith("<!-- coordinator:dashboard:start -->")).toBe(true);
    expect(port.reads).toEqual(["coordination"]);
  });

  it("has no state when the block names another coordination (a copied dashboard)", async () => {
    const world = new GitHubWorld();
    world.addIssue({ number: 2, title: "Copy", body: replaceDashboard("Plan\n", dashboard()) });
    const view = await readCoordinationView(new FakePort(world), { owner: "acme", repo: "app", number: 2 });
    expect(view.state).toBeNull();
  });
});

describe("readCoordinationView of a big coordination", () => {
  /** A coordination of `n` issues whose graph lists the app put in its state comments. */
  function big(n: number): { world: GitHubWorld; state: CoordinationState } {
    const world = new GitHubWorld();
    const seal = hmacSealer("the app's key");
    const base = emptyCoordination("acme/app#1", NOW.toISOString());
    const issues = Array.from({ length: n }, (_, i) => ({ ref: `acme/app#${i + 2}`, number: i + 2, title: `Issue ${i + 2}`, state: "open" as const, stateReason: null, status: "ready" as const, blockedBy: [], assignees: [], worker: null, estimateMinutes: null, wave: 0, urgent: false }));
    const state: CoordinationState = { ...base, issues, progress: { done: 0, total: n }, waves: [issues.map((i) => i.ref)], criticalPath: [issues[0]?.ref ?? ""] };
    world.addIssue({ number: 1, title: "Big", labels: ["coordination"] });
    const texts = (splitState(state) ?? []).map((part) => partText(part, seal));
    const slots = texts.map((text) => {
      const comment = world.addComment(1, "coordinator[bot]", text.body, "2026-11-27T09:00:00Z", "Bot");
      return { text, comment: { id: comment.id, node: GitHubWorld.commentNode(comment.id) } };
    });
    world.issue(1).body = replaceDashboard("Plan\n", sealBlock(renderDashboard(state, { now: NOW, repo: { owner: "acme", repo: "app" }, parts: partListing(slots) }), seal));
    return { world, state };
  }

  it("merges the state comments the block lists (one more request), as the app reads them", async () => {
    const { world, state } = big(400);
    const port = new FakePort(world);
    const view = await readCoordinationView(port, { owner: "acme", repo: "app", number: 1 });
    expect(view.complete).toBe(true);
    expect(view.state?.issues).toHaveLength(400);
    expect(view.state?.waves).toEqual(state.waves);
    expect(view.state?.parts).toBeUndefined();
    expect(port.reads.length).toBe(2);
  });

  it("says so when a listed comment was edited: the state is then the body's part only", async () => {
    const { world } = big(400);
    const part = world.issue(1).comments[0];
    if (part) part.body = part.body.replace("Issue 2", "Issue two");
    const view = await readCoordinationView(new FakePort(world), { owner: "acme", repo: "app", number: 1 });
    expect(view.complete).toBe(false);
    expect((view.state?.issues.length ?? 0) < 400).toBe(true);
  });
});

describe("clientFromEnv", () => {
  it("needs GITHUB_TOKEN", () => {
    expect(() => clientFromEnv({})).toThrow(UsageError);
    expect(() => clientFromEnv({ GITHUB_TOKEN: "  " })).toThrow("GITHUB_TOKEN is not set");
    expect(clientFromEnv({ GITHUB_TOKEN: "t", GITHUB_API_URL: "http://127.0.0.1:1/api/v3" }).port).toBeDefined();
  });
});
