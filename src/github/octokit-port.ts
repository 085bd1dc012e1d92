// The only implementation of GitHubPort: GraphQL for bulk reads, REST for writes. GraphQL's answers
// are read in graphql-nodes.ts, GitHub's errors mapped in errors.ts.
import { mapGitHubError } from "./errors.js";
import { toPartComments, toRawIssue, toWindow, type GqlData, type GqlIssue } from "./graphql-nodes.js";
import type { ProbotOctokit } from "probot";
import type { IssueRef, RefKey } from "../domain/types.js";
import { refKey } from "../domain/refs.js";
import { coordinationQuery, issuesQuery, labelIdsQuery, partsQuery, swapLabelsMutation, COMMENT_WINDOW, GATE_COMMENTS, type BuiltQuery, type IssueSlot } from "./queries.js";
import {
  BodyNotKeptError,
  type CommentWindow,
  type CoordinationRead,
  type GitHubPort,
  type LabelSpec,
  type Permission,
  type RawIssue,
  type RawPartComment,
  type ReadRequest,
} from "./port.js";

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** Comments read on an issue that may be owed an unblock notification: enough to find ours. */
const WATCH_WINDOW = 30;

/**
 * Issues per GraphQL request. GitHub counts an issue's connections as their `first` (labels 50,
 * assignees 20, blockedBy 50, sub-issues 100: 220 nodes), so 1,000 issues are about 220,000 nodes,
 * plus 22,000 for the coordination's sub-issues and what the comment windows add: under GitHub's
 * 500,000 a request. A report on a 1,000-issue coordination is one read; 2,000 are two.
 */
const ISSUES_PER_QUERY = 1000;

// Writes that create content are never re-sent by the retry plugin: a 5xx may hide a success,
// and a second POST would duplicate a comment. The queue retries instead, after re-reading.
const NO_RETRY = { request: { retries: 0 } } as const;


function isNotFound(error: { type?: string; message?: string }): boolean {
  return error.type === "NOT_FOUND" || /Could not resolve to/i.test(error.message ?? "");
}

export class OctokitPort implements GitHubPort {
  constructor(
    private readonly octokit: Octokit,
    private readonly now: () => number = Date.now,
  ) {}

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw mapGitHubError(error, this.now());
    }
  }

  /**
   * GitHub answers a query that names a missing issue with `errors` and partial `data`; those
   * issues are simply missing. Any other error is real.
   */
  private async graphql(query: string, variables: BuiltQuery["variables"]): Promise<GqlData> {
    return this.call(async () => {
      try {
        return await this.octokit.graphql<GqlData>(query, variables);
      } catch (error) {
        const e = error as { name?: string; errors?: Array<{ type?: string; message?: string }>; data?: GqlData };
        if (e?.name === "GraphqlResponseError" && e.data && (e.errors ?? []).every(isNotFound)) {
          return e.data;
        }
        throw error;
      }
    });
  }

  private collectIssues(data: GqlData, slots: IssueSlot[], into: Map<RefKey, RawIssue | null>, windows?: CommentWindow[]): void {
    // Aliases are unique per query (rR.iN), so find each slot in whichever repository block holds it.
    for (const slot of slots) {
      let node: GqlIssue | null = null;
      for (const [alias, block] of Object.entries(data)) {
        if (!/^r\d+$/.test(alias) || !block) continue;
        const candidate = (block as Record<string, unknown>)[slot.alias];
        if (candidate !== undefined) {
          node = (candidate as GqlIssue | null) ?? null;
          break;
        }
      }
      const key = refKey(slot.ref);
      into.set(key, node ? toRawIssue(node) : null);
      const read = slot.gate ? Math.max(slot.comments, GATE_COMMENTS) : slot.comments;
      if (read > 0 && windows && node) windows.push(toWindow(key, node.comments, read));
    }
  }

  async readCoordination(req: ReadRequest): Promise<CoordinationRead> {
    const coordKey = refKey(req.coordination);
    const touchedKeys = new Set(req.touched.map(refKey));
    const watchedKeys = new Set(req.watched.map(refKey));
    const gateKeys = new Set((req.gates ?? []).map(refKey));
    const seen = new Set<RefKey>([coordKey]);
    const slots: IssueSlot[] = [];
    for (const ref of [...req.touched, ...req.watched, ...(req.gates ?? []), ...req.known]) {
      const key = refKey(ref);
      if (seen.has(key)) continue;
      seen.add(key);
      const comments = touchedKeys.has(key) ? COMMENT_WINDOW : watchedKeys.has(key) ? WATCH_WINDOW : 0;
      slots.push({ alias: `i${slots.length}`, ref, comments, gate: gateKeys.has(key) });
    }
    const first = slots.slice(0, ISSUES_PER_QUERY);
    const labels = req.labels ?? [];
    const parts = [...new Set(req.parts ?? [])];
    const { query, variables } = coordinationQuery(req.coordination, first, req.logins, labels, parts);
    const data = await this.graphql(query, variables);
    const block = data.coordination as Record<string, unknown> | null | undefined;
    const node = (block?.issue ?? null) as GqlIssue | null;
    if (!node) throw new Error(`coordination issue ${coordKey} cannot be read`);

    const windows: CommentWindow[] = [toWindow(coordKey, node.comments)];
    const issues = new Map<RefKey, RawIssue | null>();
    this.collectIssues(data, first, issues, windows);
    const rest = slots.slice(ISSUES_PER_QUERY);
    for (let i = 0; i < rest.length; i += ISSUES_PER_QUERY) {
      const chunk = rest.slice(i, i + ISSUES_PER_QUERY).map((slot, j) => ({ ...slot, alias: `i${j}` }));
      const { query: q, variables: v } = issuesQuery(chunk);
      this.collectIssues(await this.graphql(q, v), chunk, issues, windows);
    }

    const permissions = new Map<string, Permission>();
    req.logins.forEach((login, i) => {
      const edges = (block?.[`p${i}`] as { edges?: Array<{ permission: string; node: { login: string } } | null> } | null)?.edges;
      const edge = (edges ?? []).find((e) => e && e.node.login.toLowerCase() === login.toLowerCase());
      if (edge) permissions.set(login.toLowerCase(), edge.permission.toLowerCase() as Permission);
    });

    const labelIds = new Map(labels.map((name, i) => [name, (block?.[`lb${i}`] as { id?: string } | null | undefined)?.id ?? null]));

    return {
      coordination: { ...toRawIssue(node), body: node.body ?? "" },
      windows,
      issues,
      subIssues: ((node.subIssues?.nodes ?? []) as Array<GqlIssue | null>).flatMap((s) => (s ? [toRawIssue(s)] : [])),
      permissions,
      labelIds,
      ...(parts.length > 0 ? { parts: toPartComments(parts, data.parts) } : {}),
    };
  }

  async readParts(nodes: string[]): Promise<Map<string, RawPartComment | null>> {
    const { query, variables } = partsQuery(nodes);
    return toPartComments(nodes, (await this.graphql(query, variables)).parts);
  }

  async readIssues(refs: IssueRef[], comments = 0, options: { gates?: boolean } = {}): Promise<{ issues: Map<RefKey, RawIssue | null>; windows: CommentWindow[] }> {
    const issues = new Map<RefKey, RawIssue | null>();
    const windows: CommentWindow[] = [];
    for (let i = 0; i < refs.length; i += ISSUES_PER_QUERY) {
      const chunk = refs.slice(i, i + ISSUES_PER_QUERY).map((ref, j) => ({ alias: `i${j}`, ref, comments, gate: options.gates === true }));
      const { query, variables } = issuesQuery(chunk);
      this.collectIssues(await this.graphql(query, variables), chunk, issues, windows);
    }
    return { issues, windows };
  }

  async permission(owner: string, repo: string, login: string): Promise<Permission> {
    return this.call(async () => {
      try {
        const res = await this.octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: login });
        const role = (res.data as { role_name?: string }).role_name;
        // role_name distinguishes triage/maintain, which the legacy `permission` field folds into read/write.
        const value = (role && ["admin", "maintain", "write", "triage", "read"].includes(role) ? role : res.data.permission) as Permission;
        return value;
      } catch (error) {
        if ((error as { status?: number }).status === 404) return "none";
        throw error;
      }
    });
  }

  async isTeamMember(org: string, teamSlug: string, login: string): Promise<boolean> {
    return this.call(async () => {
      try {
        const res = await this.octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: teamSlug, username: login });
        return res.data.state === "active";
      } catch (error) {
        if ((error as { status?: number }).status === 404) return false;
        throw error;
      }
    });
  }

  async findCoordinations(owner: string, repo: string, label: string): Promise<Array<{ number: number; body: string }>> {
    return this.call(async () => {
      // Every page: a repository may run more than 100 coordinations.
      const list = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, { owner, repo, labels: label, state: "open", per_page: 100 });
      return list.filter((i) => !i.pull_request).map((i) => ({ number: i.number, body: i.body ?? "" }));
    });
  }

  async readBody(ref: IssueRef): Promise<string> {
    return this.call(async () => {
      const res = await this.octokit.rest.issues.get({ owner: ref.owner, repo: ref.repo, issue_number: ref.number });
      return res.data.body ?? "";
    });
  }

  async updateIssueBody(ref: IssueRef, body: string): Promise<string> {
    return this.call(async () => {
      const res = await this.octokit.rest.issues.update({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, body });
      const kept = res.data.body ?? "";
      // GitHub may answer 200 and keep the old body (e.g. when the new one is too long).
      if (kept !== body) throw new BodyNotKeptError(body.length);
      return kept;
    });
  }

  async createComment(ref: IssueRef, body: string): Promise<{ id: number }> {
    return this.call(async () => {
      const res = await this.octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, body, ...NO_RETRY });
      return { id: res.data.id, nodeId: res.data.node_id };
    });
  }

  async deleteComment(owner: string, repo: string, commentId: number): Promise<void> {
    await this.call(async () => {
      try {
        await this.octokit.rest.issues.deleteComment({ owner, repo, comment_id: commentId });
      } catch (error) {
        // 404: already gone, which is what was wanted.
        if ((error as { status?: number }).status !== 404) throw error;
      }
    });
  }

  async updateComment(owner: string, repo: string, commentId: number, body: string): Promise<void> {
    await this.call(() => this.octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body }));
  }

  async listLabels(owner: string, repo: string): Promise<string[]> {
    return this.call(async () => {
      const labels = await this.octokit.paginate(this.octokit.rest.issues.listLabelsForRepo, { owner, repo, per_page: 100 });
      return labels.map((l) => l.name);
    });
  }

  async createLabel(owner: string, repo: string, label: LabelSpec): Promise<void> {
    await this.call(async () => {
      try {
        await this.octokit.rest.issues.createLabel({ owner, repo, ...label, ...NO_RETRY });
      } catch (error) {
        // 422 "already_exists": another replica or a person created it first; that is the goal.
        if ((error as { status?: number }).status !== 422) throw error;
      }
    });
  }

  async addLabels(ref: IssueRef, labels: string[]): Promise<void> {
    await this.call(() => this.octokit.rest.issues.addLabels({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, labels }));
  }

  async labelIds(owner: string, repo: string, names: string[]): Promise<Map<string, string | null>> {
    const { query, variables } = labelIdsQuery(owner, repo, names);
    const data = await this.graphql(query, variables);
    const block = (data.repository ?? {}) as Record<string, { id: string } | null>;
    return new Map(names.map((name, i) => [name, block[`l${i}`]?.id ?? null]));
  }

  async swapLabels(_ref: IssueRef, issueNodeId: string, addIds: string[], removeIds: string[]): Promise<void> {
    const { query, variables } = swapLabelsMutation(issueNodeId, addIds, removeIds);
    await this.call(() => this.octokit.graphql(query, { ...variables, request: { retries: 0 } }));
  }

  async addBlockedBy(ref: IssueRef, blockerDatabaseId: number): Promise<void> {
    await this.call(() =>
      this.octokit.rest.issues.addBlockedByDependency({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, issue_id: blockerDatabaseId }),
    );
  }

  async removeBlockedBy(ref: IssueRef, blockerDatabaseId: number): Promise<void> {
    await this.call(async () => {
      try {
        await this.octokit.rest.issues.removeDependencyBlockedBy({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, issue_id: blockerDatabaseId });
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
      }
    });
  }

  async addAssignees(ref: IssueRef, logins: string[]): Promise<void> {
    await this.call(() => this.octokit.rest.issues.addAssignees({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, assignees: logins }));
  }

  async removeAssignees(ref: IssueRef, logins: string[]): Promise<void> {
    await this.call(() => this.octokit.rest.issues.removeAssignees({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, assignees: logins }));
  }

  async findIssueByMarker(owner: string, repo: string, label: string, marker: string): Promise<number | null> {
    return this.call(async () => {
      // The issues list (not search, which lags): a retry follows its failed attempt within minutes.
      const res = await this.octokit.rest.issues.listForRepo({ owner, repo, labels: label, state: "all", sort: "created", direction: "desc", per_page: 100 });
      return res.data.find((i) => !i.pull_request && (i.body ?? "").includes(marker))?.number ?? null;
    });
  }

  async createIssue(owner: string, repo: string, issue: { title: string; body: string; labels: string[] }): Promise<{ number: number }> {
    return this.call(async () => {
      const res = await this.octokit.rest.issues.create({ owner, repo, ...issue, ...NO_RETRY });
      return { number: res.data.number };
    });
  }

  async closeIssue(ref: IssueRef): Promise<void> {
    await this.call(() => this.octokit.rest.issues.update({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, state: "closed", state_reason: "completed" }));
  }

  async react(owner: string, repo: string, commentId: number, content: "eyes" | "-1"): Promise<void> {
    await this.call(() => this.octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: commentId, content }));
  }

  async removeLabel(ref: IssueRef, label: string): Promise<void> {
    await this.call(async () => {
      try {
        await this.octokit.rest.issues.removeLabel({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, name: label });
      } catch (error) {
        // 404: the label is already gone, which is what was wanted.
        if ((error as { status?: number }).status !== 404) throw error;
      }
    });
  }

  async loadConfigFile(owner: string, repo: string): Promise<unknown> {
    return this.call(async () => {
      const { config, files } = await this.octokit.config.get({ owner, repo, path: ".github/coordinator.yml" });
      return files.some((f) => f.config !== null) ? config : null;
    });
  }
}
