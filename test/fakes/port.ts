// An in-memory GitHub port over a GitHubWorld, for unit tests of the run, the applier and the
// commands without HTTP (as Prow's fake GitHub does): reads answer from the world, writes change
// it and are recorded as short strings ("+label ready acme/app#40", "comment acme/app#10").
import type { CommentWindow, CoordinationRead, GitHubPort, LabelSpec, Permission, RawIssue, RawPartComment, ReadRequest } from "../../src/github/port.js";
import type { IssueRef, RefKey } from "../../src/domain/types.js";
import { BOT_LOGIN, GitHubWorld, type WorldIssue } from "./github-world.js";

const key = (ref: IssueRef): RefKey => `${ref.owner}/${ref.repo}#${ref.number}`.toLowerCase();

export class FakePort implements GitHubPort {
  /** Every write, in order, as a short string. */
  readonly writes: string[] = [];
  /** Every read, in order ("coordination", "issues 3", "permission acme/app bob", …). */
  readonly reads: string[] = [];
  /** Statuses a write answers with instead of succeeding, by the start of its record ("+blocked-by"). */
  readonly failures = new Map<string, number>();

  constructor(
    private readonly world: GitHubWorld,
    private readonly now = "2026-11-27T10:00:00Z",
  ) {}

  private find(ref: IssueRef): WorldIssue | null {
    return this.world.issues.get(key(ref)) ?? null;
  }

  private raw(issue: WorldIssue, gate = false): RawIssue {
    const ref = (n: number) => `${issue.owner}/${issue.repo}#${n}`.toLowerCase();
    const visibility = (this.world.visibility.get(`${issue.owner}/${issue.repo}`.toLowerCase()) ?? "PRIVATE").toLowerCase() as RawIssue["visibility"];
    return {
      ref: key(issue),
      number: issue.number,
      databaseId: 500_000 + issue.number,
      nodeId: `I_${key(issue)}`,
      title: issue.title,
      state: issue.state === "CLOSED" ? "closed" : "open",
      stateReason: issue.stateReason ? issue.stateReason.toLowerCase() : null,
      labels: [...issue.labels],
      assignees: [...issue.assignees],
      url: `https://github.com/${issue.owner}/${issue.repo}/issues/${issue.number}`,
      closedAt: issue.closedAt,
      body: issue.body,
      blockedBy: issue.blockedBy.map(ref),
      subIssues: issue.subIssues.map(ref),
      ...(visibility ? { visibility } : {}),
      ...(gate ? { labelEvents: issue.labelEvents.map((e) => ({ label: e.label, actor: e.actor, at: e.at })) } : {}),
    };
  }

  private window(issue: WorldIssue, last: number): CommentWindow {
    const on = key(issue);
    const all = issue.comments.map((c) => ({
      id: c.id,
      on,
      author: c.author,
      authorType: c.authorType,
      body: c.body,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      url: `https://github.com/${issue.owner}/${issue.repo}/issues/${issue.number}#issuecomment-${c.id}`,
      viewerDidAuthor: c.author === BOT_LOGIN,
      editor: c.editor ?? null,
    }));
    return { on, comments: all.slice(-last), complete: all.length <= last };
  }

  private fail(record: string): void {
    for (const [prefix, status] of this.failures) {
      if (record.startsWith(prefix)) throw Object.assign(new Error(`GitHub answered ${status}`), { status });
    }
  }

  private write(record: string): void {
    this.fail(record);
    this.writes.push(record);
  }

  async readCoordination(req: ReadRequest): Promise<CoordinationRead> {
    this.reads.push("coordination");
    const coordination = this.find(req.coordination);
    if (!coordination) throw new Error(`coordination issue ${key(req.coordination)} cannot be read`);
    const gates = new Set((req.gates ?? []).map(key));
    const windows: CommentWindow[] = [this.window(coordination, 100)];
    const issues = new Map<RefKey, RawIssue | null>();
    const touched = new Set(req.touched.map(key));
    const watched = new Set(req.watched.map(key));
    for (const ref of [...req.touched, ...req.watched, ...(req.gates ?? []), ...req.known]) {
      const k = key(ref);
      if (k === key(req.coordination) || issues.has(k)) continue;
      const issue = this.find(ref);
      issues.set(k, issue ? this.raw(issue, gates.has(k)) : null);
      const comments = touched.has(k) ? 100 : gates.has(k) ? 50 : watched.has(k) ? 30 : 0;
      if (issue && comments > 0) windows.push(this.window(issue, comments));
    }
    const permissions = new Map<string, Permission>();
    for (const login of req.logins) {
      const p = this.world.permissions.get(login.toLowerCase());
      if (p) permissions.set(login.toLowerCase(), p as Permission);
    }
    return {
      coordination: { ...this.raw(coordination), body: coordination.body },
      windows,
      issues,
      subIssues: coordination.subIssues.flatMap((n) => {
        const sub = this.find({ owner: coordination.owner, repo: coordination.repo, number: n });
        return sub ? [this.raw(sub)] : [];
      }),
      permissions,
      labelIds: this.ids(coordination.owner, coordination.repo, req.labels ?? []),
      ...(req.parts && req.parts.length > 0 ? { parts: this.parts(req.parts) } : {}),
    };
  }

  private parts(nodes: string[]): Map<string, RawPartComment | null> {
    return new Map(
      nodes.map((node) => {
        const found = /^IC_\d+$/.test(node) ? this.world.findComment(Number(node.slice(3))) : null;
        if (!found) return [node, null];
        const c = found.comment;
        return [node, { node, id: c.id, body: c.body, viewerDidAuthor: c.author === BOT_LOGIN }];
      }),
    );
  }

  async readParts(nodes: string[]): Promise<Map<string, RawPartComment | null>> {
    this.reads.push(`parts ${nodes.length}`);
    return this.parts(nodes);
  }

  async deleteComment(_owner: string, _repo: string, commentId: number): Promise<void> {
    this.write(`delete comment ${commentId}`);
    const found = this.world.findComment(commentId);
    if (found) found.issue.comments = found.issue.comments.filter((c) => c.id !== commentId);
  }

  async readIssues(refs: IssueRef[], comments = 0, options: { gates?: boolean } = {}) {
    this.reads.push(`issues ${refs.length}${comments > 0 ? ` +${comments}` : ""}${options.gates ? " gates" : ""}`);
    const issues = new Map<RefKey, RawIssue | null>();
    const windows: CommentWindow[] = [];
    for (const ref of refs) {
      const issue = this.find(ref);
      issues.set(key(ref), issue ? this.raw(issue, options.gates === true) : null);
      const last = options.gates ? Math.max(comments, 50) : comments;
      if (issue && last > 0) windows.push(this.window(issue, last));
    }
    return { issues, windows };
  }

  async permission(owner: string, repo: string, login: string): Promise<Permission> {
    this.reads.push(`permission ${owner}/${repo} ${login}`);
    return this.world.permissionIn(`${owner}/${repo}`, login) as Permission;
  }

  async isTeamMember(org: string, teamSlug: string, login: string): Promise<boolean> {
    this.reads.push(`team ${org}/${teamSlug} ${login}`);
    return (this.world.teams.get(`${org}/${teamSlug}`.toLowerCase()) ?? []).some((m) => m.toLowerCase() === login.toLowerCase());
  }

  async findCoordinations(owner: string, repo: string, label: string) {
    this.reads.push(`coordinations ${owner}/${repo}`);
    return [...this.world.issues.values()].filter((i) => i.owner === owner && i.repo === repo && i.state === "OPEN" && i.labels.includes(label)).map((i) => ({ number: i.number, body: i.body }));
  }

  async readBody(ref: IssueRef): Promise<string> {
    this.reads.push(`body ${key(ref)}`);
    return this.find(ref)?.body ?? "";
  }

  async updateIssueBody(ref: IssueRef, body: string): Promise<string> {
    this.write(`body ${key(ref)}`);
    const issue = this.find(ref);
    if (issue) issue.body = body;
    return body;
  }

  async createComment(ref: IssueRef, body: string) {
    this.write(`comment ${key(ref)}`);
    const issue = this.find(ref);
    const id = this.world.nextId();
    issue?.comments.push({ id, author: BOT_LOGIN, authorType: "Bot", body, createdAt: this.now, updatedAt: this.now });
    return { id, nodeId: GitHubWorld.commentNode(id) };
  }

  async updateComment(_owner: string, _repo: string, commentId: number, body: string): Promise<void> {
    this.write(`edit comment ${commentId}`);
    const found = this.world.findComment(commentId);
    if (found) {
      found.comment.body = body;
      found.comment.editor = BOT_LOGIN;
    }
  }

  async listLabels(owner: string, repo: string): Promise<string[]> {
    this.reads.push(`labels ${owner}/${repo}`);
    return [...(this.world.repoLabels.get(`${owner}/${repo}`.toLowerCase()) ?? [])];
  }

  async createLabel(owner: string, repo: string, label: LabelSpec): Promise<void> {
    this.write(`create label ${label.name}`);
    const list = this.world.repoLabels.get(`${owner}/${repo}`.toLowerCase()) ?? [];
    this.world.repoLabels.set(`${owner}/${repo}`.toLowerCase(), [...list, label.name]);
  }

  async addLabels(ref: IssueRef, labels: string[]): Promise<void> {
    for (const label of labels) {
      this.write(`+label ${label} ${key(ref)}`);
      this.world.addLabel(ref.number, label, BOT_LOGIN, this.now, ref.owner, ref.repo);
    }
  }

  async labelIds(owner: string, repo: string, names: string[]): Promise<Map<string, string | null>> {
    this.reads.push(`label ids ${owner}/${repo}`);
    return this.ids(owner, repo, names);
  }

  private ids(owner: string, repo: string, names: string[]): Map<string, string | null> {
    const have = this.world.labelsOf(owner, repo);
    return new Map(names.map((name) => {
      const found = have.find((l) => l.toLowerCase() === name.toLowerCase());
      return [name, found === undefined ? null : `LA_${`${owner}/${repo}`.toLowerCase()}:${found}`];
    }));
  }

  async swapLabels(ref: IssueRef, issueNodeId: string, addIds: string[], removeIds: string[]): Promise<void> {
    const name = (id: string) => id.slice(id.indexOf(":") + 1);
    if (issueNodeId !== `I_${key(ref)}`) throw new Error(`node id ${issueNodeId} is not ${key(ref)}`);
    this.write(`labels ${[...addIds.map((id) => `+${name(id)}`), ...removeIds.map((id) => `-${name(id)}`)].join(" ")} ${key(ref)}`);
    for (const id of addIds) this.world.addLabel(ref.number, name(id), BOT_LOGIN, this.now, ref.owner, ref.repo);
    const issue = this.find(ref);
    if (issue) issue.labels = issue.labels.filter((l) => !removeIds.map(name).includes(l));
  }

  async removeLabel(ref: IssueRef, label: string): Promise<void> {
    this.write(`-label ${label} ${key(ref)}`);
    const issue = this.find(ref);
    if (issue) issue.labels = issue.labels.filter((l) => l !== label);
  }

  async addBlockedBy(ref: IssueRef, blockerDatabaseId: number): Promise<void> {
    const blocker = blockerDatabaseId - 500_000;
    this.write(`+blocked-by ${key(ref)} #${blocker}`);
    this.find(ref)?.blockedBy.push(blocker);
  }

  async removeBlockedBy(ref: IssueRef, blockerDatabaseId: number): Promise<void> {
    const blocker = blockerDatabaseId - 500_000;
    this.write(`-blocked-by ${key(ref)} #${blocker}`);
    const issue = this.find(ref);
    if (issue) issue.blockedBy = issue.blockedBy.filter((n) => n !== blocker);
  }

  async addAssignees(ref: IssueRef, logins: string[]): Promise<void> {
    this.write(`+assignee ${logins.join(",")} ${key(ref)}`);
    this.find(ref)?.assignees.push(...logins);
  }

  async removeAssignees(ref: IssueRef, logins: string[]): Promise<void> {
    this.write(`-assignee ${logins.join(",")} ${key(ref)}`);
    const issue = this.find(ref);
    if (issue) issue.assignees = issue.assignees.filter((a) => !logins.includes(a));
  }

  async findIssueByMarker(owner: string, repo: string, label: string, marker: string): Promise<number | null> {
    this.reads.push(`find ${owner}/${repo} ${label}`);
    const found = [...this.world.issues.values()].filter((i) => i.owner === owner && i.repo === repo && i.labels.includes(label) && i.body.includes(marker));
    return found.at(-1)?.number ?? null;
  }

  async createIssue(owner: string, repo: string, issue: { title: string; body: string; labels: string[] }) {
    const number = Math.max(0, ...[...this.world.issues.values()].filter((i) => i.owner === owner && i.repo === repo).map((i) => i.number)) + 1;
    this.write(`create issue ${owner}/${repo}#${number}`);
    this.world.addIssue({ owner, repo, number, title: issue.title, body: issue.body, labels: [...issue.labels] });
    return { number };
  }

  async closeIssue(ref: IssueRef): Promise<void> {
    this.write(`close ${key(ref)}`);
    const issue = this.find(ref);
    if (issue) {
      issue.state = "CLOSED";
      issue.stateReason = "COMPLETED";
      issue.closedAt = this.now;
    }
  }

  async react(_owner: string, _repo: string, commentId: number, content: "eyes" | "-1"): Promise<void> {
    this.write(`react ${content} ${commentId}`);
  }

  async loadConfigFile(owner: string, repo: string): Promise<unknown> {
    this.reads.push(`config ${owner}/${repo}`);
    return this.world.files.get(`${owner}/${repo}/.github/coordinator.yml`.toLowerCase()) ?? null;
  }
}
