import { describe, expect, it } from "vitest";
import { mapGitHubError } from "../../src/github/errors.js";
import { RetryLaterError } from "../../src/github/port.js";

const NOW = 1_700_000_000_000;

describe("mapGitHubError", () => {
  it.each([
    ["a secondary limit with retry-after", { status: 403, message: "You have exceeded a secondary rate limit", response: { headers: { "retry-after": "30" } } }, 30_000],
    ["a 429 with retry-after", { status: 429, response: { headers: { "retry-after": "5" } } }, 5_000],
    ["an exhausted primary limit", { status: 403, response: { headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 120) } } }, 120_000],
    ["a secondary limit without headers", { status: 403, message: "secondary rate limit", response: { headers: {} } }, 60_000],
  ])("re-queues %s after GitHub's delay", (_name, error, delay) => {
    const mapped = mapGitHubError(error, NOW);
    expect(mapped).toBeInstanceOf(RetryLaterError);
    expect((mapped as RetryLaterError).retryAfterMs).toBe(delay);
  });

  it.each([
    ["a plain 403 (no permission)", { status: 403, message: "Resource not accessible by integration", response: { headers: {} } }],
    ["a 502", { status: 502 }],
    ["a network error", new Error("ECONNRESET")],
  ])("leaves %s as it is", (_name, error) => {
    expect(mapGitHubError(error, NOW)).toBe(error);
  });
});
