import { describe, expect, it } from "vitest";
import { normalize } from "../../src/handlers/normalize.js";

const repository = { name: "app", owner: { login: "acme" }, default_branch: "main" };
const installation = { id: 7 };
const sender = { login: "dana", type: "User" };
const issue = { number: 977, body: "Plan", labels: [{ name: "coordination" }] };

describe("normalize", () => {
  it("turns a comment event into one RepoEvent", () => {
    const event = normalize("issue_comment", "d1", {
      action: "created",
      issue,
      comment: { id: 5, body: "hi", user: { login: "dana", type: "User" } },
      repository,
      installation,
      sender,
    });
    expect(event).toMatchObject({
      delivery: "d1",
      name: "issue_comment.created",
      installationId: 7,
      owner: "acme",
      repo: "app",
      issue: { number: 977, body: "Plan", labels: ["coordination"] },
      comment: { id: 5, body: "hi", author: "dana", authorType: "User" },
    });
  });

  it("keeps the previous body of an edit and the label of a labeling", () => {
    expect(normalize("issues", "d", { action: "edited", issue, changes: { body: { from: "old" } }, repository, installation, sender })?.previousBody).toBe("old");
    expect(normalize("issues", "d", { action: "labeled", issue, label: { name: "coordination" }, repository, installation, sender })?.label).toBe("coordination");
  });

  it.each([
    ["an event it does not handle", "pull_request", { action: "opened", repository, installation, sender }],
    ["a pull request comment", "issue_comment", { action: "created", issue: { ...issue, pull_request: {} }, comment: { id: 1, body: "", user: sender }, repository, installation, sender }],
    ["a payload without installation", "issues", { action: "closed", issue, repository, sender }],
    ["garbage", "issues", "not an object"],
    ["a comment without id", "issue_comment", { action: "created", issue, comment: { body: "x" }, repository, installation, sender }],
  ])("ignores %s", (_name, name, payload) => {
    expect(normalize(name, "d", payload)).toBeNull();
  });

  it("reads sub-issue events with both issues", () => {
    const event = normalize("sub_issues", "d", { action: "sub_issue_added", parent_issue: issue, sub_issue: { number: 12, body: "", labels: [] }, repository, installation, sender });
    expect(event?.parent?.number).toBe(977);
    expect(event?.issue?.number).toBe(12);
  });

  it.each([
    ["a default-branch push touching .github/", { ref: "refs/heads/main", commits: [{ added: [], modified: [".github/coordinator.yml"], removed: [] }] }, true],
    ["a default-branch push elsewhere", { ref: "refs/heads/main", commits: [{ added: ["src/a.ts"], modified: [], removed: [] }] }, false],
    ["a push to another branch", { ref: "refs/heads/feature", commits: [{ added: [], modified: [".github/coordinator.yml"], removed: [] }] }, false],
    ["a push listing no commits", { ref: "refs/heads/main", commits: [] }, true],
  ])("knows whether %s may change the configuration", (_name, push, expected) => {
    expect(normalize("push", "d", { ...push, repository, installation, sender })?.touchesConfig).toBe(expected);
  });
});
