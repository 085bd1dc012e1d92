// The narrow port between the app and GitHub: everything Coordinator reads or writes.
// Only src/github/ implements it with octokit; tests use the same port through nock.
import type { CommentWindow, IssueRef, Permission, RawComment, RawIssue, RawPartComment, RefKey } from "../domain/types.js";

export type { Permission, RawIssue, RawComment, RawPartComment, CommentWindow };

export interface CoordinationRead {
  coordination: RawIssue & { body: string };
  /** Comment windows: the coordination issue's and each touched issue's. */
  windows: CommentWindow[];
  /** Tracked issues read, by key; null = does not exist or cannot be read. */
  issues: Map<RefKey, RawIssue | null>;
  /** Native sub-issues of the coordination issue. */
  subIssues: RawIssue[];
  /** Repository permission of each login asked for; absent = GitHub did not say. */
  permissions: Map<string, Permission>;
  /** Node ids of the labels asked for in the coordination's repository, by name (null: no such label). */
  labelIds?: Map<string, string | null>;
  /** The state comments asked for, by node id (null: no such comment, or not a comment). */
  parts?: Map<string, RawPartComment | null>;
}

export interface ReadRequest {
  coordination: IssueRef;
  /** Issues believed tracked (from the last state block): read in the same request. */
  known: IssueRef[];
  /** Issues whose comments changed: their last 100 comments are read too. */
  touched: IssueRef[];
  /** Issues that may be owed an unblock notification: their last comments, to find an earlier one. */
  watched: IssueRef[];
  /** Logins whose permission on the coordination's repository is needed. */
  logins: string[];
  /** Gates: also who added their labels, and their latest comments (the app's decisions). */
  gates?: IssueRef[];
  /** Labels of the coordination's repository whose node ids a label swap will need. */
  labels?: string[];
  /** Node ids of the state comments the last state block listed (docs/state.md): read in the same request. */
  parts?: string[];
}

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

export interface GitHubPort {
  readCoordination(req: ReadRequest): Promise<CoordinationRead>;
  /**
   * Issues the first read did not cover; with `comments`, also their last comments; as `gates`,
   * also who added their labels and enough comments to find the app's decisions.
   */
  readIssues(refs: IssueRef[], comments?: number, options?: { gates?: boolean }): Promise<{ issues: Map<RefKey, RawIssue | null>; windows: CommentWindow[] }>;
  permission(owner: string, repo: string, login: string): Promise<Permission>;
  isTeamMember(org: string, teamSlug: string, login: string): Promise<boolean>;
  /** Open issues carrying the coordination label in one repository, with their bodies. */
  findCoordinations(owner: string, repo: string, label: string): Promise<Array<{ number: number; body: string }>>;
  /** An issue's body as GitHub has it now (read again just before the app writes over it). */
  readBody(ref: IssueRef): Promise<string>;
  /** Writes an issue body and returns the body GitHub kept. */
  updateIssueBody(ref: IssueRef, body: string): Promise<string>;
  /** Posts a comment; GitHub's database id and node id for it (the node id is what `nodes(ids:)` reads). */
  createComment(ref: IssueRef, body: string): Promise<{ id: number; nodeId?: string }>;
  updateComment(owner: string, repo: string, commentId: number, body: string): Promise<void>;
  /** Deletes a comment (a state comment no longer needed); one already gone is not an error. */
  deleteComment(owner: string, repo: string, commentId: number): Promise<void>;
  /** State comments by node id, when the first read did not cover them (null: no such comment). */
  readParts(nodes: string[]): Promise<Map<string, RawPartComment | null>>;
  listLabels(owner: string, repo: string): Promise<string[]>;
  createLabel(owner: string, repo: string, label: LabelSpec): Promise<void>;
  addLabels(ref: IssueRef, labels: string[]): Promise<void>;
  /** Node ids of a repository's labels, by name (null: no such label). */
  labelIds(owner: string, repo: string, names: string[]): Promise<Map<string, string | null>>;
  /** Adds and removes labels of one issue in one request (incremental: never drops another's label). */
  swapLabels(ref: IssueRef, issueNodeId: string, addIds: string[], removeIds: string[]): Promise<void>;
  removeLabel(ref: IssueRef, label: string): Promise<void>;
  /** Native dependency: `ref` is blocked by the issue with this database id. */
  addBlockedBy(ref: IssueRef, blockerDatabaseId: number): Promise<void>;
  removeBlockedBy(ref: IssueRef, blockerDatabaseId: number): Promise<void>;
  addAssignees(ref: IssueRef, logins: string[]): Promise<void>;
  removeAssignees(ref: IssueRef, logins: string[]): Promise<void>;
  /**
   * The most recently created issue carrying `label` whose body holds `marker`, among the latest
   * 100 (open or closed), or null: finds an issue a failed run already created before creating it again.
   */
  findIssueByMarker(owner: string, repo: string, label: string, marker: string): Promise<number | null>;
  /** Opens an issue (a gate created by `/gate`). */
  createIssue(owner: string, repo: string, issue: { title: string; body: string; labels: string[] }): Promise<{ number: number }>;
  /** Closes an issue as completed (a gate on GO). */
  closeIssue(ref: IssueRef): Promise<void>;
  /** A reaction on a comment: 👀 says "received" while the work runs; 👎 answers a refusal already given within the hour. */
  react(owner: string, repo: string, commentId: number, content: "eyes" | "-1"): Promise<void>;
  /** The repository's `.github/coordinator.yml` through Probot's config loader (`_extends`, org `.github`). */
  loadConfigFile(owner: string, repo: string): Promise<unknown>;
}

/** GitHub asked us to wait (rate limits, abuse detection): re-queue after `retryAfterMs`. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = "RetryLaterError";
  }
}

/** GitHub answered a body write with a different body (e.g. the new one was too long). */
export class BodyNotKeptError extends Error {
  constructor(readonly sentLength: number) {
    super(`GitHub kept a different issue body than the ${sentLength}-character one sent`);
    this.name = "BodyNotKeptError";
  }
}
