// The names a user types on the command line: `owner/repo` and `owner/repo#N` (or an issue URL).
import { parseRef, type RepoContext } from "../domain/refs.js";
import type { IssueRef } from "../domain/types.js";
import { UsageError } from "./args.js";

export function readRepo(text: string): RepoContext {
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(text.trim());
  if (!m) throw new UsageError(`"${text}" is not a repository (expected owner/repo)`);
  return { owner: m[1] ?? "", repo: m[2] ?? "" };
}

/** `owner/repo#N` or an issue URL: a coordination, named in full. */
export function readIssue(text: string | undefined, what = "coordination"): IssueRef {
  if (text === undefined || text === "") throw new UsageError(`the ${what} is missing (expected owner/repo#N)`);
  const ref = /^[^#\s]+\/[^#\s]+#\d+$/.test(text.trim()) || /^https?:\/\//.test(text.trim()) ? parseRef(text.trim(), { owner: "", repo: "" }) : null;
  if (!ref) throw new UsageError(`"${text}" is not an issue (expected owner/repo#N or an issue URL)`);
  return ref;
}

/** An issue named relative to the coordination's repository: `#12`, `12`, `owner/repo#12` or a URL. */
export function readRelativeIssue(text: string | undefined, context: RepoContext): IssueRef {
  if (text === undefined || text === "") throw new UsageError("the issue is missing (expected #N or owner/repo#N)");
  const ref = parseRef(/^\d+$/.test(text.trim()) ? `#${text.trim()}` : text.trim(), context);
  if (!ref) throw new UsageError(`"${text}" is not an issue (expected #N or owner/repo#N)`);
  return ref;
}
