// GitHub as a person or an agent sees it, with their own token (`GITHUB_TOKEN`), for the CLI and
// the MCP server: the app's own port (OctokitPort: the same reads, the same GraphQL documents) on
// an Octokit authenticated with that token, never with the app's key. Octokit neither retries nor
// waits out rate limits here: the caller is told at once, with GitHub's wait (errors.ts).
import { ProbotOctokit } from "probot";
import { mapGitHubError } from "./errors.js";
import { OctokitPort, type Octokit } from "./octokit-port.js";
import { RetryLaterError } from "./port.js";

export const DEFAULT_API_URL = "https://api.github.com";

/** Who the token belongs to (no permission needed). */
export const VIEWER_QUERY = "query { viewer { login } }";

export interface TokenClientOptions {
  token: string;
  /** GitHub's REST API root: `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
  apiUrl?: string | undefined;
  now?: () => number;
}

export class TokenClient {
  readonly port: OctokitPort;
  private readonly octokit: Octokit;
  private viewerLogin: Promise<string> | null = null;

  constructor(private readonly options: TokenClientOptions) {
    this.octokit = new ProbotOctokit({
      auth: { token: options.token },
      baseUrl: (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, ""),
      userAgent: "coordinator-cli",
      retry: { enabled: false },
      throttle: { enabled: false },
      // Octokit's own warnings (deprecations) would go to the console: stdout is the MCP channel.
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    this.port = new OctokitPort(this.octokit, options.now);
  }

  /** The token's login, asked once. */
  viewer(): Promise<string> {
    this.viewerLogin ??= this.octokit.graphql<{ viewer: { login: string } }>(VIEWER_QUERY).then(
      (data) => data.viewer.login,
      (error: unknown) => {
        this.viewerLogin = null;
        throw mapGitHubError(error, (this.options.now ?? Date.now)());
      },
    );
    return this.viewerLogin;
  }
}

/** What went wrong with a GitHub call, in terms a person or an agent can act on. */
export interface GitHubProblem {
  code: "unauthenticated" | "no_permission" | "not_found" | "rate_limited" | "invalid" | "unavailable" | "error";
  message: string;
  /** For `rate_limited`: how long GitHub asks to wait. */
  retryAfterSeconds?: number;
}

export function explainGitHubError(error: unknown, nowMs = Date.now()): GitHubProblem {
  const mapped = mapGitHubError(error, nowMs);
  if (mapped instanceof RetryLaterError) {
    const seconds = Math.ceil(mapped.retryAfterMs / 1000);
    return { code: "rate_limited", message: `GitHub's rate limit: ${mapped.message}; retry in ${seconds} s`, retryAfterSeconds: seconds };
  }
  const e = error as { status?: unknown; message?: unknown; response?: { data?: { message?: unknown } } };
  const said = typeof e?.response?.data?.message === "string" ? e.response.data.message : typeof e?.message === "string" ? e.message : String(error);
  const status = typeof e?.status === "number" ? e.status : null;
  if (status === 401) return { code: "unauthenticated", message: `GitHub refused the token (401: ${said}): set GITHUB_TOKEN to a valid token` };
  if (status === 403) return { code: "no_permission", message: `the token's account may not do this (403: ${said})` };
  if (status === 404 || status === 410 || /cannot be read|Could not resolve to/i.test(said)) {
    return { code: "not_found", message: `not found, or not visible to the token's account (GitHub answers 404 for a private repository it may not see): ${said}` };
  }
  if (status === 422) return { code: "invalid", message: `GitHub rejected the request (422: ${said})` };
  if (status !== null && status >= 500) return { code: "unavailable", message: `GitHub is unavailable (${status}); try again in a few seconds` };
  if (status === null && /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|fetch failed|socket/i.test(said)) {
    return { code: "unavailable", message: `GitHub could not be reached (${said}); check GITHUB_API_URL and the network` };
  }
  return { code: "error", message: said };
}
