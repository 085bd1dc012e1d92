// A coordination read as the app reads it (the GitHub port's first read: one GraphQL request for
// the issue, its body and its latest comments), with the state block the app published in its
// body. Shared by the CLI's `state`, `context` and `preview` and by the MCP server.
import { parseState, splitBody } from "../domain/dashboard.js";
import { refKey, type RepoContext } from "../domain/refs.js";
import { SEAL_PREFIX } from "../domain/seal.js";
import { findStateLine } from "../domain/state-block.js";
import { mergeParts, readPart, type StatePart } from "../domain/state-parts.js";
import type { CommentWindow, CoordinationState, IssueRef, RawIssue, RawPartComment, RefKey } from "../domain/types.js";
import { DEFAULT_API_URL, TokenClient } from "../github/token-client.js";
import type { GitHubPort } from "../github/port.js";
import { UsageError } from "./args.js";

export interface CoordinationView {
  ref: IssueRef;
  key: RefKey;
  repo: RepoContext;
  issue: RawIssue & { body: string };
  /** The dashboard block as GitHub has it (null: the app has not written one). */
  dashboard: string | null;
  /**
   * The state the app published: its block in the body, merged with the state comments it lists
   * for a big coordination; null when there is none (or it cannot be read).
   */
  state: CoordinationState | null;
  /** False when the block lists state comments that could not be read as listed (the state then holds the body's part only). */
  complete: boolean;
  /** The seal next to the state line, as written (the app's HMAC; checking it needs the app's key). */
  seal: { line: string; hex: string } | null;
  /** The coordination issue's latest comments. */
  window: CommentWindow;
}

/** The state line and the seal the app wrote after it, if any. */
export function presentedSeal(body: string): { line: string; hex: string } | null {
  const { dashboard } = splitBody(body);
  const found = dashboard === null ? null : findStateLine(dashboard);
  if (!dashboard || !found) return null;
  const prefix = `\n${SEAL_PREFIX}`;
  if (dashboard.slice(found.end, found.end + prefix.length) !== prefix) return null;
  const hex = dashboard.slice(found.end + prefix.length, found.end + prefix.length + 64);
  return /^[0-9a-f]{64}$/.test(hex) ? { line: found.line, hex } : null;
}

/**
 * The part a state comment holds, when it is the one listed (id and digest). Its seal is taken as
 * written: checking it needs the app's key, which only the app holds.
 */
function listedPart(comment: RawPartComment | null | undefined, listed: { id: number; digest: string }, coordination: RefKey): StatePart | null {
  if (!comment || comment.id !== listed.id) return null;
  const asWritten = (line: string) => /^\n<!-- coordinator:seal ([0-9a-f]{64}) -->/.exec(comment.body.slice(line.length))?.[1] ?? "";
  return readPart(comment.body, listed.digest, coordination, asWritten);
}

export async function readCoordinationView(port: GitHubPort, ref: IssueRef): Promise<CoordinationView> {
  const read = await port.readCoordination({ coordination: ref, known: [], touched: [], watched: [], logins: [] });
  const key = refKey(ref);
  const body = read.coordination.body;
  const parsed = parseState(body);
  let state = parsed && parsed.coordination === key ? parsed : null;
  let complete = true;
  const listing = state?.parts ?? [];
  if (state && listing.length > 0) {
    // A big coordination: its graph lists are in the app's state comments (one more request).
    const comments = await port.readParts(listing.map((p) => p.node));
    const parts = listing.map((p) => listedPart(comments.get(p.node), p, key));
    if (parts.every((p): p is StatePart => p !== null)) state = mergeParts(state, parts);
    else complete = false;
  }
  return {
    ref,
    key,
    repo: { owner: ref.owner, repo: ref.repo },
    issue: read.coordination,
    dashboard: splitBody(body).dashboard,
    state,
    complete,
    seal: presentedSeal(body),
    window: read.windows.find((w) => w.on === key) ?? { on: key, comments: [], complete: true },
  };
}

/** The token client from the environment: `GITHUB_TOKEN` (required) and `GITHUB_API_URL`. */
export function clientFromEnv(env: Readonly<Record<string, string | undefined>>, now?: () => number): TokenClient {
  const token = env.GITHUB_TOKEN?.trim();
  if (!token) throw new UsageError("GITHUB_TOKEN is not set: export a token of the account to read (and, for the MCP server, post) as");
  return new TokenClient({ token, apiUrl: env.GITHUB_API_URL?.trim() || DEFAULT_API_URL, ...(now ? { now } : {}) });
}
