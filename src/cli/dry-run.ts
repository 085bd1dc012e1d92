// A GitHub port that reads through to GitHub and writes nothing: every write is recorded and
// answered as GitHub would (the body kept, a comment or issue number handed back), so the app's
// own run can go to its end and say what it would have written (`coordinator preview`).
import { refKey } from "../domain/refs.js";
import { isOwnArtefact } from "../domain/replies.js";
import { isPartComment } from "../domain/state-parts.js";
import type { CommentWindow, IssueRef, RawComment, RefKey } from "../domain/types.js";
import type { GitHubPort } from "../github/port.js";

export interface RecordedWrite {
  /** The port method the app called. */
  method: string;
  /** The issue (or `owner/repo` for repository-wide writes) it would change. */
  target: string;
  /** What it would write, in a few words. */
  detail: string;
  /** A comment's or a body's full text, when the write carries one. */
  body?: string;
}

/** Numbers handed back for issues and comments a dry run "creates": far above any GitHub id. */
export const DRY_RUN_ID_BASE = 9_000_000_000_000;

/** The port's reads: the only calls that reach GitHub. Any other method (a write added later) fails. */
const READS = new Set<string>(["readIssues", "readParts", "permission", "isTeamMember", "findCoordinations", "readBody", "listLabels", "labelIds", "findIssueByMarker", "loadConfigFile"]);

const show = (ref: IssueRef) => refKey(ref);

/**
 * The comments the app wrote, as the app sees them: GitHub's `viewerDidAuthor` is relative to the
 * token that reads, so read with a person's token it marks that person's comments, not the app's.
 * The app's are the bot comments that carry its markers (its replies, notices, Team Status and
 * state comments); a preview takes them as the app's, as it takes the published state block.
 */
export function asTheApp(window: CommentWindow): CommentWindow {
  return { ...window, comments: window.comments.map((c) => ({ ...c, viewerDidAuthor: c.authorType === "Bot" && (isOwnArtefact(c.body) || isPartComment(c.body)) })) };
}

/**
 * `port` for reads (comments seen as the app sees them, `asTheApp`); writes recorded in `writes`.
 * `extra`: a comment to show on an issue as if it had been posted (the command being previewed).
 */
export function dryRunPort(port: GitHubPort, extra: { on: RefKey; comment: RawComment } | null = null): { port: GitHubPort; writes: RecordedWrite[] } {
  const writes: RecordedWrite[] = [];
  let nextId = DRY_RUN_ID_BASE;
  const record = (w: RecordedWrite) => void writes.push(w);
  const fake: Partial<GitHubPort> = {
    async readCoordination(req) {
      const read = await port.readCoordination(req);
      const windows = read.windows.map(asTheApp).map((w) => (extra && w.on === extra.on ? { ...w, comments: [...w.comments, extra.comment] } : w));
      const parts = read.parts ? new Map([...read.parts].map(([node, c]) => [node, c && { ...c, viewerDidAuthor: isPartComment(c.body) }])) : undefined;
      return { ...read, windows, ...(parts ? { parts } : {}) };
    },
    async readIssues(refs, comments, options) {
      const read = await port.readIssues(refs, comments, options);
      return { ...read, windows: read.windows.map(asTheApp) };
    },
    async readParts(nodes) {
      const read = await port.readParts(nodes);
      return new Map([...read].map(([node, c]) => [node, c && { ...c, viewerDidAuthor: isPartComment(c.body) }]));
    },
    async updateIssueBody(ref, body) {
      record({ method: "updateIssueBody", target: show(ref), detail: `rewrite the body (${body.length} characters)`, body });
      return body;
    },
    async createComment(ref, body) {
      record({ method: "createComment", target: show(ref), detail: "post a comment", body });
      const id = nextId++;
      return { id, nodeId: `IC_dry_run_${id}` };
    },
    async deleteComment(owner, repo, commentId) {
      record({ method: "deleteComment", target: `${owner}/${repo}`.toLowerCase(), detail: `delete comment ${commentId}` });
    },
    async updateComment(owner, repo, commentId, body) {
      record({ method: "updateComment", target: `${owner}/${repo}`.toLowerCase(), detail: `edit comment ${commentId}`, body });
    },
    async createLabel(owner, repo, label) {
      record({ method: "createLabel", target: `${owner}/${repo}`.toLowerCase(), detail: `create the label "${label.name}"` });
    },
    async addLabels(ref, labels) {
      record({ method: "addLabels", target: show(ref), detail: `add the labels ${labels.map((l) => `"${l}"`).join(", ")}` });
    },
    async swapLabels(ref, _node, addIds, removeIds) {
      record({ method: "swapLabels", target: show(ref), detail: `add ${addIds.length} and remove ${removeIds.length} labels` });
    },
    async removeLabel(ref, label) {
      record({ method: "removeLabel", target: show(ref), detail: `remove the label "${label}"` });
    },
    async addBlockedBy(ref, id) {
      record({ method: "addBlockedBy", target: show(ref), detail: `record "blocked by" the issue with id ${id}` });
    },
    async removeBlockedBy(ref, id) {
      record({ method: "removeBlockedBy", target: show(ref), detail: `remove "blocked by" the issue with id ${id}` });
    },
    async addAssignees(ref, logins) {
      record({ method: "addAssignees", target: show(ref), detail: `assign ${logins.join(", ")}` });
    },
    async removeAssignees(ref, logins) {
      record({ method: "removeAssignees", target: show(ref), detail: `unassign ${logins.join(", ")}` });
    },
    async createIssue(owner, repo, issue) {
      const number = nextId++;
      record({ method: "createIssue", target: `${owner}/${repo}`.toLowerCase(), detail: `open the issue "${issue.title}" (labels ${issue.labels.join(", ") || "none"}); shown here as #${number}`, body: issue.body });
      return { number };
    },
    async closeIssue(ref) {
      record({ method: "closeIssue", target: show(ref), detail: "close as completed" });
    },
    async react(owner, repo, commentId, content) {
      record({ method: "react", target: `${owner}/${repo}`.toLowerCase(), detail: `react ${content === "-1" ? "👎" : "👀"} on comment ${commentId}` });
    },
  };
  const proxy = new Proxy(port, {
    get(target, name, receiver) {
      const own = fake[name as keyof GitHubPort];
      if (own) return own;
      const value: unknown = Reflect.get(target, name, receiver);
      // A write this file does not know (a method added to the port later) must not reach GitHub.
      if (typeof value === "function" && !READS.has(String(name))) throw new Error(`dry run: ${String(name)} is neither a known read nor a recorded write`);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { port: proxy, writes };
}
