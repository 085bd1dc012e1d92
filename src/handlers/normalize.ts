// Webhook payload → RepoEvent: the one shape the rest of the app sees (prow's GeneralizeComment).
// Nothing here calls GitHub; a payload we do not handle becomes null.

export interface EventIssue {
  number: number;
  body: string;
  labels: string[];
}

export interface RepoEvent {
  delivery: string;
  /** `issue_comment.created`, `issues.closed`, `sub_issues.sub_issue_added`, `push`, … */
  name: string;
  installationId: number;
  owner: string;
  repo: string;
  sender: { login: string; type: string };
  /** The issue the event is about (for sub-issue events: the sub-issue). */
  issue: EventIssue | null;
  /** For sub-issue events: the parent issue. For dependency events: the blocking issue. */
  parent: EventIssue | null;
  /**
   * `viaApp`: the id of the GitHub App that wrote the comment (GitHub's `performed_via_github_app`),
   * how Coordinator recognises its own comments without reading their text.
   */
  comment: {
    id: number;
    body: string;
    author: string;
    authorType: string;
    viaApp: number | null;
    /** GitHub's `author_association` (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, …). */
    association: string;
  } | null;
  /** `issues.edited`: the body before the edit, when it changed. */
  previousBody: string | null;
  /** `issues.labeled` / `unlabeled`: the label. */
  label: string | null;
  /** `push`: whether the push is to the default branch and may change `.github/coordinator.yml`. */
  touchesConfig: boolean;
}

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : null;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function issueOf(value: unknown): EventIssue | null {
  const issue = obj(value);
  // Pull requests share the issues API but are never tracked here.
  if (!issue || num(issue.number) <= 0 || issue.pull_request) return null;
  const labels = Array.isArray(issue.labels) ? issue.labels.map((l) => str(obj(l)?.name)).filter((n) => n !== "") : [];
  return { number: num(issue.number), body: str(issue.body), labels };
}

const HANDLED = new Set(["issue_comment", "issues", "sub_issues", "issue_dependencies", "push"]);

export function normalize(name: string, delivery: string, payload: unknown): RepoEvent | null {
  const p = obj(payload);
  if (!p || !HANDLED.has(name)) return null;
  const repository = obj(p.repository);
  const owner = str(obj(repository?.owner)?.login);
  const repo = str(repository?.name);
  const installationId = num(obj(p.installation)?.id);
  if (!owner || !repo || !installationId) return null;
  const action = str(p.action);
  const sender = obj(p.sender);
  const base: RepoEvent = {
    delivery,
    name: action ? `${name}.${action}` : name,
    installationId,
    owner,
    repo,
    sender: { login: str(sender?.login), type: str(sender?.type) || "User" },
    issue: null,
    parent: null,
    comment: null,
    previousBody: null,
    label: null,
    touchesConfig: false,
  };
  if (name === "push") {
    const ref = str(p.ref);
    const defaultBranch = str(repository?.default_branch) || str(repository?.master_branch);
    const commits = Array.isArray(p.commits) ? p.commits.map(obj) : [];
    const touches = commits.some((c) =>
      ["added", "modified", "removed"].some((k) => {
        const files = c?.[k];
        return Array.isArray(files) && files.some((f) => typeof f === "string" && f.startsWith(".github/"));
      }),
    );
    // A push that lists no commits (e.g. too many) may still change the file: assume it does.
    return { ...base, touchesConfig: ref === `refs/heads/${defaultBranch}` && (touches || commits.length === 0) };
  }
  if (name === "sub_issues") {
    return { ...base, issue: issueOf(p.sub_issue), parent: issueOf(p.parent_issue) };
  }
  if (name === "issue_dependencies") {
    // One edge arrives twice (blocked_by_added on one issue, blocking_added on the other): both
    // become the same work, and the run decides on state re-read from GitHub.
    return { ...base, issue: issueOf(p.blocked_issue), parent: issueOf(p.blocking_issue) };
  }
  const issue = issueOf(p.issue);
  if (!issue) return null;
  const event: RepoEvent = { ...base, issue };
  if (name === "issue_comment") {
    const c = obj(p.comment);
    const user = obj(c?.user);
    if (!c || num(c.id) <= 0) return null;
    event.comment = {
      id: num(c.id),
      body: str(c.body),
      author: str(user?.login),
      authorType: str(user?.type) || "User",
      viaApp: num(obj(c.performed_via_github_app)?.id) || null,
      association: str(c.author_association) || "NONE",
    };
  }
  const changes = obj(p.changes);
  const from = obj(changes?.body)?.from;
  if (typeof from === "string") event.previousBody = from;
  const label = obj(p.label);
  if (label) event.label = str(label.name);
  return event;
}
