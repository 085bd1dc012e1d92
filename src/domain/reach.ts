// How far a coordination reaches into other repositories (SPEC §8, Trust). A coordination may
// track issues anywhere the installation can read, but:
// - it shows an issue of another repository only when that repository is public: a private title,
//   assignee or report must never appear on a coordination read by people who cannot see it. A
//   hidden issue keeps its place in the graph (its number, open or done) and nothing else; GitHub
//   itself renders the reference only for those who may see it.
// - it writes to such an issue on its own (notices, labels, the gate checklist) only when that
//   issue's own text points back at the coordination's repository: someone with write access
//   there linked it. Writes a person asks for (commands) need that person's permission there.
// Pure.
import { findRefs } from "./refs.js";
import type { RawIssue, RefKey } from "./types.js";

export interface Home {
  owner: string;
  repo: string;
}

function sameRepo(ref: RefKey, home: Home): boolean {
  return ref.startsWith(`${home.owner}/${home.repo}#`.toLowerCase());
}

/** Whether the coordination may show this issue's title, people and reports. */
export function shownFrom(issue: RawIssue, home: Home): boolean {
  return sameRepo(issue.ref, home) || issue.visibility === "public";
}

/**
 * What a coordination may know of an issue it may not show: its state, its links (its body is
 * read for edges, never shown) and the labels that make its status; no title, no people, no URL.
 * A hidden gate is an ordinary issue here: its criteria would show its text.
 */
export function redacted(issue: RawIssue, gateLabel: string): RawIssue {
  const keep = (l: string) => !l.toLowerCase().startsWith("worker:") && l.toLowerCase() !== gateLabel.toLowerCase();
  return { ...issue, title: "", assignees: [], url: "", labels: issue.labels.filter(keep), labelEvents: undefined };
}

/** Whether the app may write to this issue on its own: its home repository, or it links back there. */
export function writableFrom(issue: RawIssue | null | undefined, home: Home): boolean {
  if (!issue) return false;
  if (sameRepo(issue.ref, home)) return true;
  const [owner = "", rest = ""] = issue.ref.split("/");
  const repo = rest.split("#")[0] ?? "";
  return findRefs(issue.body, { owner, repo }).some((r) => r.owner.toLowerCase() === home.owner.toLowerCase() && r.repo.toLowerCase() === home.repo.toLowerCase());
}
