import { describe, expect, it } from "vitest";
import { redacted, shownFrom, writableFrom } from "../../src/domain/reach.js";
import type { RawIssue } from "../../src/domain/types.js";

const HOME = { owner: "Acme", repo: "App" };

function raw(ref: string, extra: Partial<RawIssue> = {}): RawIssue {
  return { ref, number: Number(ref.split("#")[1]), databaseId: 1, title: "Title", state: "open", stateReason: null, labels: [], assignees: ["ceo"], url: "u", closedAt: null, body: "", blockedBy: [], subIssues: [], ...extra };
}

describe("shownFrom", () => {
  it.each<[string, RawIssue, boolean]>([
    ["the coordination's own repository, whatever its visibility", raw("acme/app#1", { visibility: "private" }), true],
    ["a public repository", raw("other/lib#1", { visibility: "public" }), true],
    ["a private repository of the same owner", raw("acme/private#1", { visibility: "private" }), false],
    ["an internal repository", raw("acme/tools#1", { visibility: "internal" }), false],
    ["a repository whose visibility GitHub did not say", raw("acme/x#1"), false],
    ["a repository whose name starts like the home one", raw("acme/app-secret#1", { visibility: "private" }), false],
  ])("%s → %s", (_name, issue, shown) => {
    expect(shownFrom(issue, HOME)).toBe(shown);
  });
});

describe("redacted", () => {
  it("keeps state, links and status labels; drops title, people, URL, worker and gate labels", () => {
    const out = redacted(raw("acme/private#1", { labels: ["blocked", "worker:7", "Gate"], body: "Depends on #2", blockedBy: ["acme/private#2"] }), "gate");
    expect(out).toMatchObject({ title: "", assignees: [], url: "", labels: ["blocked"], body: "Depends on #2", blockedBy: ["acme/private#2"], state: "open" });
  });
});

describe("writableFrom", () => {
  it.each<[string, RawIssue | null, boolean]>([
    ["an issue of the coordination's repository", raw("acme/app#3"), true],
    ["another repository's issue that links back by owner/repo#N", raw("acme/private#1", { body: "Depends on acme/app#972" }), true],
    ["one that links back by URL", raw("acme/private#1", { body: "see https://github.com/acme/app/issues/977" }), true],
    ["one that links only within its own repository", raw("acme/private#1", { body: "Depends on #972" }), false],
    ["one that says nothing", raw("acme/private#1"), false],
    ["an issue that cannot be read", null, false],
  ])("%s → %s", (_name, issue, writable) => {
    expect(writableFrom(issue, HOME)).toBe(writable);
  });
});
