import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { DEFAULT_API_URL, explainGitHubError, TokenClient, VIEWER_QUERY } from "../../src/github/token-client.js";
import { AgentGitHub } from "../fakes/agent-github.js";
import { githubSchema, GitHubWorld } from "../fakes/github-world.js";

const NOW = Date.parse("2026-12-01T00:00:00Z");
const httpError = (status: number, message: string, headers: Record<string, string> = {}) =>
  Object.assign(new Error(message), { status, response: { headers, data: { message } } });

describe("explainGitHubError", () => {
  it.each([
    [httpError(401, "Bad credentials"), "unauthenticated", /GITHUB_TOKEN/],
    [httpError(403, "Resource not accessible by personal access token"), "no_permission", /403: Resource not accessible/],
    [httpError(404, "Not Found"), "not_found", /not visible to the token's account/],
    [httpError(410, "Issues are disabled"), "not_found", /Issues are disabled/],
    [new Error("coordination issue acme/app#4 cannot be read"), "not_found", /cannot be read/],
    [httpError(422, "Validation Failed"), "invalid", /422: Validation Failed/],
    [httpError(502, "Bad Gateway"), "unavailable", /502/],
    [Object.assign(new TypeError("fetch failed"), {}), "unavailable", /could not be reached/],
    [new Error("something else"), "error", /something else/],
  ])("%s → %s", (error, code, message) => {
    const problem = explainGitHubError(error, NOW);
    expect(problem.code).toBe(code);
    expect(problem.message).toMatch(message);
  });

  it("gives GitHub's wait for rate limits: retry-after, a spent primary limit, a secondary limit", () => {
    expect(explainGitHubError(httpError(429, "slow down", { "retry-after": "30" }), NOW)).toMatchObject({ code: "rate_limited", retryAfterSeconds: 30 });
    const reset = String(NOW / 1000 + 90);
    expect(explainGitHubError(httpError(403, "API rate limit exceeded", { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }), NOW)).toMatchObject({ code: "rate_limited", retryAfterSeconds: 90 });
    expect(explainGitHubError(httpError(403, "You have exceeded a secondary rate limit"), NOW)).toMatchObject({ code: "rate_limited", retryAfterSeconds: 60 });
  });
});

describe("TokenClient", () => {
  it("asks who the token is with a query GitHub's schema accepts, once", async () => {
    expect(validate(githubSchema(), parse(VIEWER_QUERY)).map((e) => e.message)).toEqual([]);
    const github = new AgentGitHub(new GitHubWorld(), new Map([["t0k3n", "octocat"]]));
    const client = new TokenClient({ token: "t0k3n", apiUrl: await github.start() });
    expect(await client.viewer()).toBe("octocat");
    expect(await client.viewer()).toBe("octocat");
    expect(github.requests).toHaveLength(1);
    await github.stop();
    expect(DEFAULT_API_URL).toBe("https://api.github.com");
  });

  it("sends the token it was given, and asks again after a failure", async () => {
    const github = new AgentGitHub(new GitHubWorld(), new Map([["t0k3n", "octocat"]]));
    const url = await github.start();
    const wrong = new TokenClient({ token: "nope", apiUrl: url });
    await expect(wrong.viewer()).rejects.toMatchObject({ status: 401 });
    await expect(wrong.viewer()).rejects.toMatchObject({ status: 401 });
    expect(github.requests.map((r) => r.login)).toEqual([null, null]);
    await github.stop();
  });
});
