// An in-memory GitHub for app tests: issues, comments, labels and permissions, answering our
// GraphQL documents by executing them against GitHub's real published schema (so a field or
// argument GitHub lacks fails the test) and recording every REST write as a readable string.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, extendSchema, graphql, parse, type GraphQLSchema } from "graphql";

/**
 * GitHub has issue dependencies; @octokit/graphql-schema 15.26.1 predates them. These are the
 * fields GitHub documents (Issue.blockedBy / blocking, IssueConnection), added for tests.
 */
const ISSUE_DEPENDENCIES_SDL = `
extend type Issue {
  blockedBy(after: String, before: String, first: Int, last: Int): IssueConnection!
  blocking(after: String, before: String, first: Int, last: Int): IssueConnection!
}`;

let schema: GraphQLSchema | null = null;
/** GitHub's schema (from @octokit/graphql-schema), built once per test process. */
export function githubSchema(): GraphQLSchema {
  if (!schema) {
    // The package exports only its entry point; the SDL file sits next to its package.json.
    const path = join(dirname(fileURLToPath(import.meta.resolve("@octokit/graphql-schema"))), "schema.graphql");
    schema = extendSchema(buildSchema(readFileSync(path, "utf8"), { assumeValidSDL: true }), parse(ISSUE_DEPENDENCIES_SDL), { assumeValidSDL: true });
  }
  return schema;
}

export interface WorldComment {
  id: number;
  author: string;
  authorType: "User" | "Bot";
  body: string;
  createdAt: string;
  updatedAt: string;
  /** Who last edited the comment (GitHub's `editor`), when someone did. */
  editor?: string;
}

export interface WorldIssue {
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED";
  stateReason: "COMPLETED" | "NOT_PLANNED" | "REOPENED" | null;
  labels: string[];
  assignees: string[];
  comments: WorldComment[];
  subIssues: number[];
  /** Native "blocked by" dependencies, as issue numbers in the same repository. */
  blockedBy: number[];
  closedAt: string | null;
  /** Labels added (the timeline's LabeledEvents): who added which, when. */
  labelEvents: Array<{ label: string; actor: string; at: string }>;
  /** Who opened the issue and when (shown by the demo's output; the app does not read them). */
  author?: string;
  createdAt?: string;
}

/** The installation's bot account: comments it writes are "viewerDidAuthor". */
export const BOT_LOGIN = "coordinator[bot]";

export class GitHubWorld {
  readonly issues = new Map<string, WorldIssue>();
  /** Repository visibility (`owner/repo` lower-cased → PUBLIC, PRIVATE, INTERNAL); default PRIVATE. */
  readonly visibility = new Map<string, string>();
  /** Permissions in one repository (`owner/repo` lower-cased → login → permission); else `permissions` applies to this world's repository. */
  readonly repoPermissions = new Map<string, Map<string, string>>();
  /** Repository files (`owner/repo/path` lower-cased → text), e.g. `acme/app/.github/coordinator.yml`. */
  readonly files = new Map<string, string>();
  /** Team members (`org/slug` lower-cased → logins). */
  readonly teams = new Map<string, string[]>();
  /** Labels defined in a repository (`owner/repo` lower-cased). */
  readonly repoLabels = new Map<string, string[]>();
  readonly permissions = new Map<string, string>();
  /** The time GitHub stamps on what it records (comments, label events, closes); a demo moves it. */
  clock: () => Date = () => new Date();
  private nextCommentId = 1000;

  constructor(readonly owner = "acme", readonly repo = "app") {}

  key(owner: string, repo: string, number: number): string {
    return `${owner}/${repo}#${number}`.toLowerCase();
  }

  addIssue(partial: Partial<WorldIssue> & { number: number }): WorldIssue {
    const issue: WorldIssue = {
      owner: this.owner,
      repo: this.repo,
      title: `Issue ${partial.number}`,
      body: "",
      state: "OPEN",
      stateReason: null,
      labels: [],
      assignees: [],
      comments: [],
      subIssues: [],
      blockedBy: [],
      closedAt: partial.state === "CLOSED" ? "2026-11-27T09:00:00Z" : null,
      labelEvents: [],
      ...partial,
    };
    this.issues.set(this.key(issue.owner, issue.repo, issue.number), issue);
    return issue;
  }

  issue(number: number, owner = this.owner, repo = this.repo): WorldIssue {
    const found = this.issues.get(this.key(owner, repo, number));
    if (!found) throw new Error(`no issue ${owner}/${repo}#${number} in the world`);
    return found;
  }

  /** Adds a label as `actor` would: on the issue and in its timeline. */
  addLabel(number: number, label: string, actor: string, at = "2026-11-27T09:30:00Z", owner = this.owner, repo = this.repo): void {
    const issue = this.issue(number, owner, repo);
    if (!issue.labels.includes(label)) issue.labels.push(label);
    issue.labelEvents.push({ label, actor, at });
  }

  /** A login's permission in a repository: its own entry there, else (in this world's repository) `permissions`. */
  permissionIn(repo: string, login: string): string {
    const own = this.repoPermissions.get(repo.toLowerCase())?.get(login.toLowerCase());
    if (own !== undefined) return own;
    return repo.toLowerCase() === `${this.owner}/${this.repo}`.toLowerCase() ? (this.permissions.get(login.toLowerCase()) ?? "none") : "none";
  }

  nextId(): number {
    return this.nextCommentId++;
  }

  addComment(number: number, author: string, body: string, at = "2026-11-27T08:00:00Z", authorType: "User" | "Bot" = "User"): WorldComment {
    const comment = { id: this.nextCommentId++, author, authorType, body, createdAt: at, updatedAt: at };
    this.issue(number).comments.push(comment);
    return comment;
  }

  /** A comment's GraphQL node id (`IC_<id>`), as the world answers `id` and resolves `nodes(ids:)`. */
  static commentNode(id: number): string {
    return `IC_${id}`;
  }

  /** A comment as GraphQL's IssueComment (the fields our documents select). */
  private commentNode(issue: WorldIssue, c: WorldComment): Record<string, unknown> {
    return {
      __typename: "IssueComment",
      id: GitHubWorld.commentNode(c.id),
      databaseId: c.id,
      body: c.body,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      url: `https://github.com/${issue.owner}/${issue.repo}/issues/${issue.number}#issuecomment-${c.id}`,
      viewerDidAuthor: c.author === BOT_LOGIN,
      author: { __typename: c.authorType === "Bot" ? "Bot" : "User", login: c.author },
      editor: c.editor ? { __typename: c.editor === BOT_LOGIN ? "Bot" : "User", login: c.editor } : null,
    };
  }

  findComment(id: number): { issue: WorldIssue; comment: WorldComment } | null {
    for (const issue of this.issues.values()) {
      const comment = issue.comments.find((c) => c.id === id);
      if (comment) return { issue, comment };
    }
    return null;
  }

  /** Executes one GraphQL request against the schema; errors come back as GitHub sends them. */
  async graphql(body: { query: string; variables?: Record<string, unknown> }): Promise<unknown> {
    const result = await graphql({ schema: githubSchema(), source: body.query, rootValue: this.root(), variableValues: body.variables ?? {} });
    if (result.errors?.some((e) => !/Could not resolve/.test(e.message))) {
      throw new Error(`GraphQL rejected: ${result.errors.map((e) => e.message).join("; ")}`);
    }
    return result.errors ? { data: result.data, errors: result.errors.map((e) => ({ type: "NOT_FOUND", message: e.message, path: e.path })) } : { data: result.data };
  }

  /** Labels a repository has: those defined, and those on its issues (GitHub creates a label an issue gets). */
  labelsOf(owner: string, repo: string): string[] {
    const names = new Set(this.repoLabels.get(`${owner}/${repo}`.toLowerCase()) ?? []);
    for (const issue of this.issues.values()) if (issue.owner === owner && issue.repo === repo) for (const l of issue.labels) names.add(l);
    return [...names];
  }

  /** The issue a GraphQL node id names (`I_owner/repo#n`, as issueNode gives it). */
  private issueById(id: string): WorldIssue {
    const m = /^I_([^/]+)\/([^#]+)#(\d+)$/.exec(id);
    const issue = m ? this.issues.get(this.key(m[1] ?? "", m[2] ?? "", Number(m[3]))) : undefined;
    if (!issue) throw new Error(`Could not resolve to a node with the global id of '${id}'.`);
    return issue;
  }

  /** Label names from GraphQL label ids (`LA_owner/repo:name`), checked to be the issue's repository's. */
  private labelNames(issue: WorldIssue, ids: string[]): string[] {
    return ids.map((id) => {
      const m = /^LA_([^:]+):(.+)$/.exec(id);
      if (!m || m[1] !== `${issue.owner}/${issue.repo}`.toLowerCase()) throw new Error(`Could not resolve to a node with the global id of '${id}'.`);
      return m[2] ?? "";
    });
  }

  /** Label changes made by GraphQL mutations (`+ready #12`); handler tests point it at their label log. */
  mutations: string[] = [];

  private root() {
    return {
      repository: (args: { owner: string; name: string }) => this.repositoryNode(args.owner, args.name),
      // GitHub answers an id it cannot resolve with null in its place and a NOT_FOUND error.
      nodes: (args: { ids: string[] }) =>
        args.ids.map((id) => {
          const found = /^IC_(\d+)$/.exec(id) ? this.findComment(Number(id.slice(3))) : null;
          if (!found) return new Error(`Could not resolve to a node with the global id of '${id}'.`);
          return this.commentNode(found.issue, found.comment);
        }),
      addLabelsToLabelable: (args: { input: { labelableId: string; labelIds: string[] } }) => {
        const issue = this.issueById(args.input.labelableId);
        for (const name of this.labelNames(issue, args.input.labelIds)) {
          this.mutations.push(`+${name} #${issue.number}`);
          this.addLabel(issue.number, name, BOT_LOGIN, this.clock().toISOString(), issue.owner, issue.repo);
        }
        return { clientMutationId: null };
      },
      removeLabelsFromLabelable: (args: { input: { labelableId: string; labelIds: string[] } }) => {
        const issue = this.issueById(args.input.labelableId);
        const names = this.labelNames(issue, args.input.labelIds);
        for (const name of names) this.mutations.push(`-${name} #${issue.number}`);
        issue.labels = issue.labels.filter((l) => !names.includes(l));
        return { clientMutationId: null };
      },
    };
  }

  private repositoryNode(owner: string, name: string) {
    return {
      nameWithOwner: `${owner}/${name}`,
      label: (args: { name: string }) => {
        const found = this.labelsOf(owner, name).find((l) => l.toLowerCase() === args.name.toLowerCase());
        return found === undefined ? null : { id: `LA_${`${owner}/${name}`.toLowerCase()}:${found}`, name: found };
      },
      issue: (args: { number: number }) => {
        const issue = this.issues.get(this.key(owner, name, args.number));
        if (!issue) throw new Error(`Could not resolve to an Issue with the number of ${args.number}.`);
        return this.issueNode(issue);
      },
      collaborators: (args: { login?: string }) => {
        const login = args.login?.toLowerCase() ?? "";
        const permission = this.permissions.get(login);
        return { edges: permission ? [{ permission: permission.toUpperCase(), node: { login: args.login } }] : [] };
      },
    };
  }

  private issueNode(issue: WorldIssue): Record<string, unknown> {
    const connection = <T>(items: T[]) => ({ totalCount: items.length, nodes: items });
    return {
      __typename: "Issue",
      id: `I_${issue.owner}/${issue.repo}#${issue.number}`,
      number: issue.number,
      databaseId: 500_000 + issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      stateReason: issue.stateReason,
      closedAt: issue.closedAt,
      url: `https://github.com/${issue.owner}/${issue.repo}/issues/${issue.number}`,
      repository: { nameWithOwner: `${issue.owner}/${issue.repo}`, visibility: this.visibility.get(`${issue.owner}/${issue.repo}`.toLowerCase()) ?? "PRIVATE" },
      labels: (args: { first: number }) => connection(issue.labels.slice(0, args.first).map((name) => ({ name }))),
      assignees: (args: { first: number }) => connection(issue.assignees.slice(0, args.first).map((login) => ({ login }))),
      comments: (args: { last?: number; first?: number }) => {
        const all = issue.comments.map((c) => this.commentNode(issue, c));
        const page = args.last !== undefined ? all.slice(-args.last) : all.slice(0, args.first ?? 100);
        return { totalCount: all.length, nodes: page };
      },
      subIssues: (args: { first: number }) =>
        connection(issue.subIssues.slice(0, args.first).map((n) => this.issueNode(this.issue(n, issue.owner, issue.repo)))),
      blockedBy: (args: { first: number }) =>
        connection(issue.blockedBy.slice(0, args.first).map((n) => this.issueNode(this.issue(n, issue.owner, issue.repo)))),
      timelineItems: (args: { last?: number; itemTypes?: string[] }) => {
        const labeled = args.itemTypes === undefined || args.itemTypes.includes("LABELED_EVENT");
        const events = labeled ? issue.labelEvents.slice(-(args.last ?? 100)) : [];
        return {
          totalCount: events.length,
          nodes: events.map((e) => ({
            __typename: "LabeledEvent",
            createdAt: e.at,
            actor: { __typename: e.actor.endsWith("[bot]") ? "Bot" : "User", login: e.actor },
            label: { name: e.label },
          })),
        };
      },
      blocking: (args: { first: number }) =>
        connection(
          [...this.issues.values()]
            .filter((other) => other.owner === issue.owner && other.repo === issue.repo && other.blockedBy.includes(issue.number))
            .slice(0, args.first)
            .map((other) => this.issueNode(other)),
        ),
    };
  }
}
