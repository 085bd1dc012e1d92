import { describe, expect, it } from "vitest";
import { boundRefusals, refusalMarker } from "../../src/domain/refusals.js";
import type { CommentWindow, RawComment } from "../../src/domain/types.js";

const NOW = new Date("2026-11-27T10:00:00Z");
const ON = "acme/app#977";

function ours(body: string, at: string): RawComment {
  return { id: 1, on: ON, author: "coordinator[bot]", authorType: "Bot", body, createdAt: at, updatedAt: at, url: "", viewerDidAuthor: true };
}

const refusal = (login: string, commentId: number, existingId: number | null = null, on = ON) => ({ on, existingId, refusal: { login, commentId } });

describe("boundRefusals", () => {
  it.each<[string, CommentWindow[], ReturnType<typeof refusal>[], number, number]>([
    ["a first refusal is written", [], [refusal("mallory", 5)], 1, 0],
    ["a refusal to the same person on the same issue within the hour becomes a reaction", [{ on: ON, complete: true, comments: [ours(`x\n${refusalMarker("Mallory")}`, "2026-11-27T09:30:00Z")] }], [refusal("mallory", 5)], 0, 1],
    ["an older refusal (over an hour) does not count", [{ on: ON, complete: true, comments: [ours(`x\n${refusalMarker("mallory")}`, "2026-11-27T08:59:59Z")] }], [refusal("mallory", 5)], 1, 0],
    ["a refusal text written by someone else does not count", [{ on: ON, complete: true, comments: [{ ...ours(`x\n${refusalMarker("mallory")}`, "2026-11-27T09:30:00Z"), viewerDidAuthor: false }] }], [refusal("mallory", 5)], 1, 0],
    ["two refusals to one person in one run: one reply, one reaction", [], [refusal("mallory", 5), refusal("mallory", 6)], 1, 1],
    ["two people: two replies", [], [refusal("mallory", 5), refusal("eve", 6)], 2, 0],
    ["the same person on another issue: a reply", [], [refusal("mallory", 5), refusal("mallory", 6, null, "acme/app#1")], 2, 0],
    ["an edit of an existing refusal is not a new one", [{ on: ON, complete: true, comments: [ours(`x\n${refusalMarker("mallory")}`, "2026-11-27T09:30:00Z")] }], [refusal("mallory", 5, 99)], 1, 0],
  ])("%s", (_name, windows, replies, written, reactions) => {
    const out = boundRefusals(replies, windows, NOW);
    expect(out.replies).toHaveLength(written);
    expect(out.reactions).toHaveLength(reactions);
  });

  it("passes replies that refuse nobody untouched", () => {
    const reply = { on: ON, existingId: null };
    expect(boundRefusals([reply, reply], [], NOW).replies).toEqual([reply, reply]);
  });

  it("reduces the login in the marker to login characters", () => {
    expect(refusalMarker("Evil-->\n@x[bot]")).toBe("<!-- coordinator:refusal:evil-x[bot] -->");
  });
});
