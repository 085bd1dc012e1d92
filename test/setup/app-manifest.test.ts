// app.yml is what Probot's setup flow registers the app from. These tests keep it valid and true:
// it parses with the YAML parser Probot itself uses, its events are the ones the code handles, and
// its permissions are exactly the ones the code's GitHub calls need — both derived from the code.
//
// Where the permissions come from: every REST call the source makes is looked up in the table
// below, which maps the Octokit method to its route and to the permission GitHub documents for it
// (the "Fine-grained access tokens for …" section of each REST reference page, generated from
// github/docs `src/github-apps/data/*/server-to-server-permissions.json`). A call missing from the
// table fails the test: look the method up in GitHub's REST reference and add a row, never guess.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { normalize } from "../../src/handlers/normalize.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");

// The `yaml` package Probot's ManifestCreation.getManifest parses app.yml with (resolved from Probot).
const probotRequire = createRequire(join(ROOT, "node_modules/probot/lib/index.js"));
const yaml = probotRequire("yaml") as typeof import("yaml");

type Level = "read" | "write";
type Permissions = Record<string, Level>;

interface Manifest {
  name?: unknown;
  description?: unknown;
  hook_attributes?: unknown;
  default_events?: unknown;
  default_permissions?: unknown;
}

function loadManifest(): Manifest {
  return yaml.parse(readFileSync(join(ROOT, "app.yml"), "utf8")) as Manifest;
}

// ---------------------------------------------------------------------------------------------
// What each call needs, per GitHub's documentation
// ---------------------------------------------------------------------------------------------

interface RestRow {
  /** `METHOD /path` as Octokit sends it; checked against Octokit's own endpoint table. */
  route: string;
  /** The permissions an installation token needs; `{}` for app (JWT) and permission-free routes. */
  needs: Permissions;
  doc: string;
}

const REST = "https://docs.github.com/en/rest";

/** Octokit method (`namespace.method`, or `config.get` for Probot's config loader) → route, permission, source. */
const REST_CALLS: Readonly<Record<string, RestRow>> = {
  "apps.getAuthenticated": {
    route: "GET /app",
    needs: {}, // "You must use a JWT to access this endpoint": the app itself, no installation permission
    doc: `${REST}/apps/apps#get-the-authenticated-app`,
  },
  "apps.listInstallations": {
    route: "GET /app/installations",
    needs: {}, // JWT, as the app
    doc: `${REST}/apps/apps#list-installations-for-the-authenticated-app`,
  },
  "apps.listReposAccessibleToInstallation": {
    route: "GET /installation/repositories",
    needs: {}, // "The fine-grained token does not require any permissions."
    doc: `${REST}/apps/installations#list-repositories-accessible-to-the-app-installation`,
  },
  "config.get": {
    // @probot/octokit-plugin-config reads the file (and `_extends`, and the org's `.github` repository) with this route.
    route: "GET /repos/{owner}/{repo}/contents/{path}",
    needs: { contents: "read" },
    doc: `${REST}/repos/contents#get-repository-content`,
  },
  "issues.addAssignees": {
    route: "POST /repos/{owner}/{repo}/issues/{issue_number}/assignees",
    needs: { issues: "write" },
    doc: `${REST}/issues/assignees#add-assignees-to-an-issue`,
  },
  "issues.addBlockedByDependency": {
    route: "POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by",
    needs: { issues: "write" },
    doc: `${REST}/issues/issue-dependencies#add-a-dependency-an-issue-is-blocked-by`,
  },
  "issues.addLabels": {
    route: "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
    needs: { issues: "write" },
    doc: `${REST}/issues/labels#add-labels-to-an-issue`,
  },
  "issues.create": {
    route: "POST /repos/{owner}/{repo}/issues",
    needs: { issues: "write" },
    doc: `${REST}/issues/issues#create-an-issue`,
  },
  "issues.createComment": {
    route: "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    needs: { issues: "write" },
    doc: `${REST}/issues/comments#create-an-issue-comment`,
  },
  "issues.createLabel": {
    route: "POST /repos/{owner}/{repo}/labels",
    needs: { issues: "write" },
    doc: `${REST}/issues/labels#create-a-label`,
  },
  "issues.deleteComment": {
    route: "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}",
    needs: { issues: "write" },
    doc: `${REST}/issues/comments#delete-an-issue-comment`,
  },
  "issues.get": {
    route: "GET /repos/{owner}/{repo}/issues/{issue_number}",
    needs: { issues: "read" },
    doc: `${REST}/issues/issues#get-an-issue`,
  },
  "issues.listForRepo": {
    route: "GET /repos/{owner}/{repo}/issues",
    needs: { issues: "read" },
    doc: `${REST}/issues/issues#list-repository-issues`,
  },
  "issues.listLabelsForRepo": {
    route: "GET /repos/{owner}/{repo}/labels",
    needs: { issues: "read" },
    doc: `${REST}/issues/labels#list-labels-for-a-repository`,
  },
  "issues.removeAssignees": {
    route: "DELETE /repos/{owner}/{repo}/issues/{issue_number}/assignees",
    needs: { issues: "write" },
    doc: `${REST}/issues/assignees#remove-assignees-from-an-issue`,
  },
  "issues.removeDependencyBlockedBy": {
    route: "DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}",
    needs: { issues: "write" },
    doc: `${REST}/issues/issue-dependencies#remove-dependency-an-issue-is-blocked-by`,
  },
  "issues.removeLabel": {
    route: "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
    needs: { issues: "write" },
    doc: `${REST}/issues/labels#remove-a-label-from-an-issue`,
  },
  "issues.update": {
    route: "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
    needs: { issues: "write" },
    doc: `${REST}/issues/issues#update-an-issue`,
  },
  "issues.updateComment": {
    route: "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
    needs: { issues: "write" },
    doc: `${REST}/issues/comments#update-an-issue-comment`,
  },
  "reactions.createForIssueComment": {
    route: "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    needs: { issues: "write" },
    doc: `${REST}/reactions/reactions#create-reaction-for-an-issue-comment`,
  },
  "repos.getCollaboratorPermissionLevel": {
    route: "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
    needs: { metadata: "read" },
    doc: `${REST}/collaborators/collaborators#get-repository-permissions-for-a-user`,
  },
  "teams.getMembershipForUserInOrg": {
    route: "GET /orgs/{org}/teams/{team_slug}/memberships/{username}",
    needs: { members: "read" },
    doc: `${REST}/teams/members#get-team-membership-for-a-user`,
  },
};

interface GraphqlRow {
  needs: Permissions;
  /** GitHub documents GraphQL permissions per object, not per field: the REST endpoint reading the same data. */
  doc: string;
}

/**
 * GraphQL fields with arguments used in src/github/queries.ts → the permission of the REST
 * endpoint that reads the same data. Scalar fields (title, body, url, …) belong to the objects
 * these fields return and need nothing more.
 */
const GRAPHQL_FIELDS: Readonly<Record<string, GraphqlRow>> = {
  repository: { needs: { metadata: "read" }, doc: `${REST}/repos/repos#get-a-repository` },
  issue: { needs: { issues: "read" }, doc: `${REST}/issues/issues#get-an-issue` },
  comments: { needs: { issues: "read" }, doc: `${REST}/issues/comments#list-issue-comments` },
  labels: { needs: { issues: "read" }, doc: `${REST}/issues/labels#list-labels-for-an-issue` },
  assignees: { needs: { issues: "read" }, doc: `${REST}/issues/issues#get-an-issue` },
  subIssues: { needs: { issues: "read" }, doc: `${REST}/issues/sub-issues#list-sub-issues` },
  parent: { needs: { issues: "read" }, doc: `${REST}/issues/sub-issues#get-parent-issue` },
  blockedBy: { needs: { issues: "read" }, doc: `${REST}/issues/issue-dependencies#list-dependencies-an-issue-is-blocked-by` },
  blocking: { needs: { issues: "read" }, doc: `${REST}/issues/issue-dependencies#list-dependencies-an-issue-is-blocking` },
  collaborators: { needs: { metadata: "read" }, doc: `${REST}/collaborators/collaborators#list-repository-collaborators` },
  timelineItems: { needs: { issues: "read" }, doc: `${REST}/issues/timeline#list-timeline-events-for-an-issue` },
  label: { needs: { issues: "read" }, doc: `${REST}/issues/labels#get-a-label` },
  // The app's own state comments, read by node id (docs/state.md).
  nodes: { needs: { issues: "read" }, doc: `${REST}/issues/comments#get-an-issue-comment` },
  addLabelsToLabelable: { needs: { issues: "write" }, doc: `${REST}/issues/labels#add-labels-to-an-issue` },
  removeLabelsFromLabelable: { needs: { issues: "write" }, doc: `${REST}/issues/labels#remove-a-label-from-an-issue` },
};

// ---------------------------------------------------------------------------------------------
// What the code does, read from its source
// ---------------------------------------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The source without comments, so a method named in a comment does not count as a call. */
function code(path: string): string {
  return readFileSync(path, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:])\/\/.*$/gm, "$1");
}

interface Use {
  key: string;
  file: string;
}

/** Every GitHub call in src/: `.rest.<namespace>.<method>` (called or handed to paginate), `.config.get(`, `.graphql`, raw `.request(`. */
function githubCalls(): { rest: Use[]; graphql: string[]; raw: Use[] } {
  const rest: Use[] = [];
  const graphql: string[] = [];
  const raw: Use[] = [];
  for (const path of sourceFiles(SRC)) {
    const text = code(path);
    const file = relative(ROOT, path);
    for (const m of text.matchAll(/\.rest\.([A-Za-z]+)\.([A-Za-z]+)\b/g)) rest.push({ key: `${m[1]}.${m[2]}`, file });
    if (/\bconfig\.get\s*\(/.test(text)) rest.push({ key: "config.get", file });
    if (/[Oo]ctokit\.graphql\b/.test(text)) graphql.push(file);
    for (const m of text.matchAll(/[Oo]ctokit\.request\s*\(\s*["'`]([^"'`]*)/g)) raw.push({ key: m[1] ?? "", file });
  }
  return { rest, graphql, raw };
}

/** Fields taking arguments (`issue(number: …)`, `labels(first: …)`) in the GraphQL documents of queries.ts. */
function graphqlFields(): string[] {
  const text = code(join(SRC, "github/queries.ts"));
  const documents = [...text.matchAll(/`([^`]*)`/g)].map((m) => m[1] ?? "");
  const fields = new Set<string>();
  for (const doc of documents) {
    for (const m of doc.matchAll(/\b([A-Za-z_]\w*)\s*\(\s*[A-Za-z_]\w*\s*:/g)) fields.add(m[1] ?? "");
  }
  return [...fields].sort();
}

/** The events normalize() lets through: the HANDLED set in its source. */
function handledEvents(): string[] {
  const text = readFileSync(join(SRC, "handlers/normalize.ts"), "utf8");
  const m = /const HANDLED\s*=\s*new Set\(\s*\[([^\]]*)\]/.exec(text);
  if (!m) throw new Error("src/handlers/normalize.ts no longer has `const HANDLED = new Set([...])`: update handledEvents()");
  return [...(m[1] ?? "").matchAll(/["']([a-z_]+)["']/g)].map((e) => e[1] ?? "").sort();
}

function merge(into: Permissions, needs: Permissions): void {
  for (const [name, level] of Object.entries(needs)) {
    if (into[name] !== "write") into[name] = level;
  }
}

function requiredPermissions(): Permissions {
  const calls = githubCalls();
  const needed: Permissions = {};
  for (const use of calls.rest) {
    const row = REST_CALLS[use.key];
    if (row) merge(needed, row.needs);
  }
  if (calls.graphql.length > 0) {
    for (const field of graphqlFields()) {
      const row = GRAPHQL_FIELDS[field];
      if (row) merge(needed, row.needs);
    }
  }
  return Object.fromEntries(Object.entries(needed).sort(([a], [b]) => a.localeCompare(b)));
}

// ---------------------------------------------------------------------------------------------

describe("app.yml", () => {
  it("parses with the YAML parser Probot uses, as a mapping with a name and a description", () => {
    const manifest = loadManifest();
    expect(typeof manifest).toBe("object");
    expect(typeof manifest.name).toBe("string");
    expect(typeof manifest.description).toBe("string");
  });

  it("leaves the webhook URL to Probot (the proxy channel or this server), never a placeholder", () => {
    // ManifestCreation.getManifest spreads app.yml last: a hook_attributes here replaces WEBHOOK_PROXY_URL.
    expect(loadManifest().hook_attributes).toBeUndefined();
  });

  it("subscribes to exactly the webhook events normalize() handles", () => {
    const events = loadManifest().default_events;
    expect(Array.isArray(events)).toBe(true);
    expect([...(events as string[])].sort()).toEqual(handledEvents());
  });

  it("asks for exactly the permissions the code's GitHub calls need", () => {
    expect(loadManifest().default_permissions).toEqual(requiredPermissions());
  });
});

describe("what the code handles and calls", () => {
  const installation = { id: 1 };
  const repository = { name: "app", owner: { login: "acme" }, default_branch: "main" };
  const payload = {
    action: "created",
    repository,
    installation,
    sender: { login: "octocat", type: "User" },
    issue: { number: 1, body: "", labels: [] },
    comment: { id: 1, body: "", user: { login: "octocat", type: "User" } },
    sub_issue: { number: 2 },
    parent_issue: { number: 1 },
    blocked_issue: { number: 2 },
    blocking_issue: { number: 1 },
    ref: "refs/heads/main",
    commits: [],
  };

  it("reads HANDLED from normalize.ts, and normalize() agrees: those events pass, others do not", () => {
    const handled = handledEvents();
    expect(handled.length).toBeGreaterThan(0);
    for (const name of handled) expect(normalize(name, "d", payload), name).not.toBeNull();
    for (const name of ["pull_request", "installation", "installation_repositories", "label", "member", "ping", "repository"]) {
      expect(normalize(name, "d", payload), name).toBeNull();
    }
  });

  it("finds the GitHub calls in src/ (the scan still sees the code)", () => {
    const calls = githubCalls();
    expect(calls.rest.length).toBeGreaterThan(5);
    expect(calls.graphql.length).toBeGreaterThan(0);
    expect(graphqlFields()).toContain("issue");
  });

  it("knows the permission of every REST method the code calls (else: look it up, add a row)", () => {
    const missing = githubCalls()
      .rest.filter((use) => !REST_CALLS[use.key])
      .map((use) => `${use.key} (${use.file})`);
    expect(missing, "REST calls without a row in REST_CALLS").toEqual([]);
  });

  it("makes no raw octokit.request() call the table cannot map to a method", () => {
    expect(githubCalls().raw).toEqual([]);
  });

  it("knows the permission of every GraphQL field with arguments in queries.ts", () => {
    const missing = graphqlFields().filter((f) => !GRAPHQL_FIELDS[f]);
    expect(missing, "GraphQL fields without a row in GRAPHQL_FIELDS").toEqual([]);
  });

  it("has each table row's route equal to Octokit's own route for that method", () => {
    const octokit = new ProbotOctokit();
    const rest = octokit.rest as unknown as Record<string, Record<string, { endpoint: { DEFAULTS: { method: string; url: string } } }>>;
    for (const [key, row] of Object.entries(REST_CALLS)) {
      const [namespace = "", method = ""] = key === "config.get" ? ["repos", "getContent"] : key.split(".");
      const endpoint = rest[namespace]?.[method]?.endpoint.DEFAULTS;
      expect(endpoint, key).toBeDefined();
      expect(`${endpoint?.method} ${endpoint?.url}`, key).toBe(row.route);
    }
  });

  it("cites a GitHub REST reference page for every row", () => {
    for (const row of [...Object.values(REST_CALLS), ...Object.values(GRAPHQL_FIELDS)]) {
      expect(row.doc).toMatch(/^https:\/\/docs\.github\.com\/en\/rest\/[a-z-]+\/[a-z-]+#[a-z0-9-]+$/);
    }
  });
});
