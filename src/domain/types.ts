// The domain vocabulary shared by the pure core. No I/O, no clock, no logger here.

/** A reference to an issue: `#12`, `owner/repo#12` or an issue URL, resolved to a full triple. */
export interface IssueRef {
  owner: string;
  repo: string;
  number: number;
}

/** Canonical string key of an issue: `owner/repo#12` (owner and repo lower-cased). */
export type RefKey = string;

export type ReportStatus = "complete" | "in_progress" | "blocked";

/** A worker report comment (SPEC §2), as understood. */
export interface Report {
  worker: string;
  phase: string;
  issue: IssueRef;
  status: ReportStatus;
  durationMinutes: number | null;
  deliverables: string[];
  dependenciesMet: IssueRef[];
  dependenciesCreated: IssueRef[];
  /** Issue references named in `Blockers` (meaningful while status is blocked). */
  blockers: IssueRef[];
  /** The `Blockers` field as written, when it says more than "None". */
  blockersText: string | null;
  nextTask: string | null;
}

/** `## Daily Standup - 2025-11-18 - Worker 3` */
export interface Standup {
  date: string;
  worker: string;
  yesterday: string | null;
  today: string | null;
  blockers: string | null;
  /** Issues named in `Today` (what the worker is on). */
  todayIssues: IssueRef[];
  etaText: string | null;
  etaMinutes: number | null;
}

/** A comment starting with `🚨 URGENT` or `URGENT:`. */
export interface Urgent {
  /** The first line after the prefix, plain text (bounded). */
  summary: string;
  /** Issues named in the comment; empty means "the issue the comment is on". */
  issues: IssueRef[];
}

/** One problem with a malformed report: which field, what is wrong, what was expected. */
export interface ReportProblem {
  field: string;
  problem: string;
  expected: string;
}

/** What one comment body says, from the parser's point of view. */
export type ParsedComment =
  | { kind: "none" }
  | { kind: "report"; report: Report; urgent: Urgent | null }
  | {
      kind: "malformed";
      problems: ReportProblem[];
      /** What was understood, for the corrected template. */
      understood: Partial<Report>;
      /** The corrected template filled with what was understood. */
      template: string;
      urgent: Urgent | null;
    }
  | { kind: "standup"; standup: Standup; urgent: Urgent | null }
  | { kind: "urgent"; urgent: Urgent };

// ---------------------------------------------------------------------------
// The coordination as the dashboard shows it. The state block (`<!-- coordinator:state {json} -->`)
// is exactly `CoordinationState` serialised: a public, versioned interface (docs/dashboard.md,
// docs/state.schema.json) and the app's cache of what it read from GitHub.

export type IssueStatus = "done" | "in_progress" | "blocked" | "ready" | "missing";
export type GoNoGo = "GREEN" | "YELLOW" | "RED";
export type EdgeSource = "body" | "table" | "arrow" | "native" | "sub-issue" | "report" | "command";

export interface StateIssue {
  ref: RefKey;
  number: number;
  title: string;
  state: "open" | "closed" | null;
  /** GitHub's close reason, lower-case: completed, not_planned, duplicate; null while open. */
  stateReason: string | null;
  status: IssueStatus;
  blockedBy: RefKey[];
  assignees: string[];
  worker: string | null;
  estimateMinutes: number | null;
  wave: number | null;
  urgent: boolean;
}

/** `from` must finish before `to`. */
export interface StateEdge {
  from: RefKey;
  to: RefKey;
  source: EdgeSource;
}

export interface StateWorker {
  id: string;
  login: string;
  issue: RefKey | null;
  status: ReportStatus | null;
  lastReportAt: string;
  stale: boolean;
}

/** An accepted report or standup, kept (bounded) so reports on tracked issues survive between reads. */
export interface StateReport {
  commentId: number;
  /** The issue the comment was posted on. */
  on: RefKey;
  url: string;
  author: string;
  at: string;
  kind: "report" | "standup";
  worker: string;
  phase: string;
  /** The issue the report is about (`Issue` field); for a standup, the first issue of `Today`, if any. */
  issue: RefKey | null;
  status: ReportStatus | null;
  durationMinutes: number | null;
  /** Issues named in `Blockers` (edges while the report says Blocked). */
  blockers: RefKey[];
  /** Issues named in `Dependencies Created` (they wait for `issue`). */
  created: RefKey[];
  /** One line for the dashboard (deliverables / today), plain text, bounded. */
  summary: string;
}

export interface StateUrgent {
  ref: RefKey;
  /** The issue the urgent comment is on. */
  on: RefKey;
  commentId: number;
  url: string;
  author: string;
  at: string;
  summary: string;
}

/** A gate's decision: GO once approved (and the approval recorded), NO-GO once rejected, else pending. */
export type GateState = "pending" | "go" | "no-go";

/** An approval gate (SPEC §5) as the state carries it: a tracked issue labelled `gate`. */
export interface StateGate {
  ref: RefKey;
  /** The gate's title without a leading `Gate:`. */
  name: string;
  state: GateState;
  /** Criteria met, of `total` in the gate's checklist. */
  done: number;
  total: number;
  /** Each unmet criterion with its evidence, plain text (escape before display). */
  unmet: string[];
  /** The label addition the app judged GO (its digest): the recorded approval. */
  approval?: string;
}

export interface CoordinationState {
  version: 1;
  coordination: RefKey;
  updatedAt: string;
  status: GoNoGo;
  /** The rule that set `status`, in words. */
  statusReason: string;
  progress: { done: number; total: number };
  issues: StateIssue[];
  edges: StateEdge[];
  workers: StateWorker[];
  waves: RefKey[][];
  criticalPath: RefKey[];
  cycles: RefKey[][];
  gates: StateGate[];
  reports: StateReport[];
  urgent: StateUrgent[];
  /** When the latest daily synthesis (Team Status comment) was posted or updated, if known. */
  lastSynthesisAt?: string;
  /** Hash of everything above except `updatedAt`: equal fingerprints mean nothing to write. */
  fingerprint: string;
  /** Set when the body budget forced parts of the state out; names what was dropped. */
  truncated?: string[];
  /**
   * The app's state comments on the coordination issue that hold the complete graph lists when
   * they do not fit the body (docs/state.md), in order; absent when the body holds everything.
   */
  parts?: StatePartRef[];
}

/** One state comment: GitHub's ids for it, and the digest of the state line it must hold. */
export interface StatePartRef {
  /** The comment's database id (REST `id`, the `#issuecomment-N` anchor). */
  id: number;
  /** The comment's GraphQL node id: what `nodes(ids:)` reads. */
  node: string;
  /** sha256 (hex, first 32 digits) of the comment's state line: a part that differs is stale. */
  digest: string;
}

/** A comment read by node id as a state comment, with GitHub's record of whether the app wrote it. */
export interface RawPartComment {
  node: string;
  id: number;
  body: string;
  /** True when this installation wrote the comment. */
  viewerDidAuthor: boolean;
}

// ---------------------------------------------------------------------------
// What the core is given from GitHub (read by src/github, shaped here so the core stays pure).

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface RawIssue {
  ref: RefKey;
  number: number;
  /** GitHub's numeric id (REST `id`): what the dependency API takes to name a blocker. */
  databaseId: number | null;
  /** GitHub's node id (GraphQL `id`): what label mutations take. */
  nodeId?: string;
  title: string;
  state: "open" | "closed";
  /** completed, not_planned, duplicate, reopened — lower-case; null when GitHub gives none. */
  stateReason: string | null;
  labels: string[];
  assignees: string[];
  url: string;
  /** ISO time of the last close; null while open. */
  closedAt: string | null;
  body: string;
  /** Native "blocked by" dependencies (GitHub issue dependencies). */
  blockedBy: RefKey[];
  /** Native sub-issues: a parent waits for its children. */
  subIssues: RefKey[];
  /** Labels added, latest last (read for gates only: who added an approval label). */
  labelEvents?: LabelEvent[];
  /** The visibility of the issue's repository (what decides whether a coordination may show it). */
  visibility?: "public" | "private" | "internal";
}

/** A label added to an issue, from its timeline (GitHub's record of who did it, and when). */
export interface LabelEvent {
  label: string;
  /** The actor's login; null when GitHub does not say (a deleted account). */
  actor: string | null;
  at: string;
}

export interface RawComment {
  /** REST/database id of the comment (what webhooks call `comment.id`). */
  id: number;
  /** The issue the comment is on. */
  on: RefKey;
  author: string;
  /** GitHub's actor type: "User", "Bot", … */
  authorType: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  url: string;
  /** True for comments this installation wrote: how we recognise our own replies. */
  viewerDidAuthor: boolean;
  /** Who last edited the comment, by GitHub's record; null or absent when nobody did. */
  editor?: string | null;
}

/**
 * The person answerable for a comment's current text: its last editor, else its author. An edit
 * by someone else runs (and is judged) as the editor (SPEC §8, Trust).
 */
export function actorOf(comment: Pick<RawComment, "author" | "editor">): string {
  return comment.editor ?? comment.author;
}

/** The last comments of one issue; `complete` when they are all its comments. */
export interface CommentWindow {
  on: RefKey;
  comments: RawComment[];
  complete: boolean;
}
