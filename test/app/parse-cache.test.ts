import { describe, expect, it } from "vitest";
import { ParseCache } from "../../src/app/parse-cache.js";
import { parseComment } from "../../src/domain/report.js";
import type { RawComment } from "../../src/domain/types.js";

const CTX = { owner: "acme", repo: "app" };

function comment(id: number, body: string, updatedAt = "2026-11-27T08:00:00Z"): RawComment {
  return { id, on: "acme/app#977", author: "w", authorType: "User", body, createdAt: updatedAt, updatedAt, url: "", viewerDidAuthor: false };
}

describe("ParseCache", () => {
  it("parses a comment once per revision: later runs reuse it, an edit parses again", () => {
    const calls: string[] = [];
    const cache = new ParseCache(10, (body, ctx) => {
      calls.push(body);
      return parseComment(body, ctx);
    });
    const hostile = `## Worker 3 Report - ${"\t".repeat(60_000)}x\n**Issue**: #1\n**Status**: Done`;
    const first = cache.parse(comment(1, hostile), CTX);
    expect(cache.parse(comment(1, hostile), CTX)).toBe(first);
    expect(calls).toHaveLength(1);
    cache.parse(comment(1, "edited", "2026-11-27T09:00:00Z"), CTX);
    expect(calls).toHaveLength(2);
  });

  it("keeps at most `max` comments, forgetting the least recently used", () => {
    const calls: number[] = [];
    const cache = new ParseCache(2, (body, ctx) => {
      calls.push(Number(body));
      return parseComment(body, ctx);
    });
    cache.parse(comment(1, "1"), CTX);
    cache.parse(comment(2, "2"), CTX);
    cache.parse(comment(1, "1"), CTX);
    cache.parse(comment(3, "3"), CTX);
    expect(cache.size).toBe(2);
    cache.parse(comment(1, "1"), CTX);
    cache.parse(comment(2, "2"), CTX);
    expect(calls).toEqual([1, 2, 3, 2]);
  });
});
