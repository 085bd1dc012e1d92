// What a run knows, read from GitHub (plus the outcomes of the writes it made early), and what it
// still needs to know. The plan is a pure function of the facts: it either asks for more (needs)
// or says what to write; the shell reads, writes early effects, and plans again.
import type { Effect } from "../effects.js";
import type { CommentWindow, Permission, RawIssue, RawPartComment, RefKey } from "../types.js";

export interface RunFacts {
  /** The coordination issue as read, with its body. */
  coordination: RawIssue & { body: string };
  /** Every other issue read so far; null: missing or unreadable. */
  issues: Map<RefKey, RawIssue | null>;
  subIssues: RawIssue[];
  /** Comment windows read, one per issue (a larger read replaces a smaller one). */
  windows: Map<RefKey, CommentWindow>;
  /** Permissions on the coordination's repository, by lower-cased login. */
  permissions: Map<string, Permission>;
  /** Permissions elsewhere: `owner/repo login` (lower-cased) → permission. */
  repoPermissions: Map<string, Permission>;
  /** Team memberships: `org/slug login` (lower-cased) → member or not. */
  teams: Map<string, boolean>;
  /** Labels of a repository (`owner/repo`, lower-cased), when listed. */
  repoLabels: Map<string, string[]>;
  /** The app's own login (`<slug>[bot]`); undefined until asked. */
  self: string | undefined;
  /** Issues found by a marker in their body: `owner/repo label marker` → number (null: none). */
  markers: Map<string, number | null>;
  /** Outcomes of effects applied early, by `effectKey`: "ok", an issue number, or "failed:<status>". */
  outcomes: Map<string, string>;
  /** The latest comments of every tracked issue were read (`/refresh`). */
  refreshed: boolean;
  /** Gates read with who added their labels. */
  gatesRead: Set<RefKey>;
  /** State comments read by node id (docs/state.md); null: no such comment. */
  parts?: Map<string, RawPartComment | null>;
}

/** Reads of one round, in the fewest requests: issues (with comments and gate fields when asked). */
export interface IssueRead {
  ref: RefKey;
  /** Latest comments to read (0: none). */
  comments: number;
  gate: boolean;
}

export class Needs {
  readonly reads = new Map<RefKey, IssueRead>();
  readonly permissions = new Set<string>();
  readonly teams = new Set<string>();
  readonly labels = new Set<string>();
  readonly markers = new Map<string, { owner: string; repo: string; label: string; marker: string }>();
  readonly effects: Effect[] = [];
  /** State comments to read, by node id. */
  readonly parts = new Set<string>();
  self = false;
  refresh = false;

  /** Reads `ref` (merging what several asks want: the most comments, gate fields if any asks). */
  read(ref: RefKey, comments = 0, gate = false): void {
    const had = this.reads.get(ref);
    this.reads.set(ref, { ref, comments: Math.max(comments, had?.comments ?? 0), gate: gate || (had?.gate ?? false) });
  }

  get empty(): boolean {
    return (
      this.reads.size === 0 &&
      this.permissions.size === 0 &&
      this.teams.size === 0 &&
      this.labels.size === 0 &&
      this.markers.size === 0 &&
      this.effects.length === 0 &&
      this.parts.size === 0 &&
      !this.self &&
      !this.refresh
    );
  }
}

export const permissionKey = (owner: string, repo: string, login: string) => `${owner}/${repo} ${login}`.toLowerCase();
export const teamKey = (org: string, slug: string, login: string) => `${org}/${slug} ${login}`.toLowerCase();
export const markerKey = (owner: string, repo: string, label: string, marker: string) => `${owner}/${repo} ${label} ${marker}`.toLowerCase();

/** The coordination's repository (lower-cased, as keys are). */
export function homeOf(facts: RunFacts): { owner: string; repo: string } {
  const [owner = "", rest = ""] = facts.coordination.ref.split("/");
  return { owner, repo: rest.split("#")[0] ?? "" };
}

/** The window read for an issue, if any. */
export function windowOf(facts: RunFacts, ref: RefKey): CommentWindow | undefined {
  return facts.windows.get(ref);
}
