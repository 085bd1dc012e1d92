// The MCP server for AI workers (docs/agents.md): typed operations on a coordination, as the agent
// (its own GITHUB_TOKEN; never the app's key). Reads are the app's first read (one GraphQL request);
// what it posts is built in the canonical template and read back by the app's parser first
// (domain/report-compose.ts), so a report posted here is never malformed.
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { contextFacts } from "../../domain/issue-context.js";
import { nextTasks } from "../../domain/next-task.js";
import { composeReport, composeStandup, composeUrgent, type Composed, type FieldProblem } from "../../domain/report-compose.js";
import { lintComment } from "../../domain/report-lint.js";
import { refKey, type RepoContext } from "../../domain/refs.js";
import { renderContext } from "../../domain/status-replies.js";
import type { CoordinationState, IssueRef } from "../../domain/types.js";
import { explainGitHubError, type GitHubProblem } from "../../github/token-client.js";
import type { GitHubPort } from "../../github/port.js";
import { UsageError } from "../args.js";
import { readCoordinationView, type CoordinationView } from "../coordination.js";
import { describeLint } from "../lint-report.js";
import { summariseState } from "../state-summary.js";
import { readIssue, readRelativeIssue } from "../targets.js";

export const SERVER_NAME = "coordinator";
export const SERVER_VERSION = "0.2.0";

export interface McpDeps {
  port: GitHubPort;
  /** The token's login (asked of GitHub once). */
  viewer: () => Promise<string>;
  /** The coordination every tool uses when a call names none (`--coordination`). */
  coordination: IssueRef | null;
  now: () => Date;
}

/** A tool's failure, for the agent to act on: what went wrong, and for fields, which ones. */
interface ToolError {
  code: GitHubProblem["code"] | "invalid_fields" | "no_state" | "not_tracked" | "usage";
  message: string;
  retryAfterSeconds?: number;
  fields?: FieldProblem[];
}

class ToolFailure extends Error {
  constructor(readonly error: ToolError) {
    super(error.message);
  }
}

function failure(error: ToolError): CallToolResult {
  const fields = error.fields?.map((f) => `\n- ${f.field}: ${f.problem} (expected ${f.expected})`).join("") ?? "";
  return { isError: true, content: [{ type: "text", text: `${error.code}: ${error.message}${fields}` }], structuredContent: { error } };
}

function success(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: structured };
}

const coordinationArg = z
  .string()
  .optional()
  .describe("The coordination issue, `owner/repo#N` or its URL; default: the server's --coordination");

const STATUS = z.enum(["complete", "in_progress", "blocked"]);

export function createMcpServer(deps: McpDeps): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      instructions:
        "Coordinator runs a team of workers from one GitHub coordination issue. Start with get_coordination (or get_context for your issue), take work with next_task, " +
        "and report with post_report / post_standup / escalate: they post in the canonical template, checked by the app's own parser first, as you (your GITHUB_TOKEN).",
    },
  );

  const target = (text: string | undefined): IssueRef => {
    if (text !== undefined && text.trim() !== "") return readIssue(text.trim());
    if (deps.coordination) return deps.coordination;
    throw new UsageError("no coordination: pass `coordination` (owner/repo#N) or start the server with --coordination");
  };

  /** Runs a tool body; usage errors and GitHub's errors become a failure the agent can act on. */
  const guarded = async (fn: () => Promise<CallToolResult>): Promise<CallToolResult> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ToolFailure) return failure(error.error);
      if (error instanceof UsageError) return failure({ code: "usage", message: error.message });
      const problem = explainGitHubError(error, deps.now().getTime());
      return failure({ code: problem.code, message: problem.message, ...(problem.retryAfterSeconds !== undefined ? { retryAfterSeconds: problem.retryAfterSeconds } : {}) });
    }
  };

  /** The coordination, which must have a published state. */
  const view = async (ref: IssueRef): Promise<CoordinationView & { state: CoordinationState }> => {
    const v = await readCoordinationView(deps.port, ref);
    if (!v.state) {
      throw new ToolFailure({ code: "no_state", message: `${v.key} has no dashboard state yet: is it labelled as a coordination, with the app installed? (its comments are still readable)` });
    }
    return { ...v, state: v.state };
  };

  server.registerTool(
    "get_coordination",
    {
      title: "Read the coordination",
      description:
        "The coordination's state as the app published it: issues with status, edges, workers, waves, critical path, gates, urgent items, Go/No-Go. One GitHub request (two for a big coordination whose lists are in state comments).",
      inputSchema: { coordination: coordinationArg },
      outputSchema: { coordination: z.string(), title: z.string(), sealed: z.boolean(), complete: z.boolean(), state: z.record(z.string(), z.unknown()) },
      annotations: { readOnlyHint: true },
    },
    ({ coordination }) =>
      guarded(async () => {
        const v = await view(target(coordination));
        return success(summariseState(v.state, v.repo, deps.now(), v.issue.title), { coordination: v.key, title: v.issue.title, sealed: v.seal !== null, complete: v.complete, state: { ...v.state } });
      }),
  );

  server.registerTool(
    "get_context",
    {
      title: "Context for one issue",
      description: "What `/context` answers for an issue: the issue, its blockers and dependants with status, its gate, the latest reports about it, and the next step.",
      inputSchema: { issue: z.string().describe("The issue: `#12`, `12`, `owner/repo#12` or its URL"), coordination: coordinationArg },
      outputSchema: { issue: z.string(), tracked: z.boolean(), context: z.record(z.string(), z.unknown()).nullable(), reply: z.string() },
      annotations: { readOnlyHint: true },
    },
    ({ issue, coordination }) =>
      guarded(async () => {
        const ref = target(coordination);
        const key = refKey(readRelativeIssue(issue, { owner: ref.owner, repo: ref.repo }));
        const v = await view(ref);
        const now = deps.now();
        const facts = contextFacts(v.state, key, now);
        const reply = renderContext(facts, key, { repo: v.repo, now });
        if (!facts) throw new ToolFailure({ code: "not_tracked", message: `${v.key} does not track ${key}` });
        return success(reply, { issue: key, tracked: true, context: { ...facts }, reply });
      }),
  );

  server.registerTool(
    "next_task",
    {
      title: "What to take next",
      description: "The ready issues this worker should take (every blocker done, nobody else on them), critical path first, with why; and what the worker is already on.",
      inputSchema: { worker: z.string().min(1).describe("Your worker id as your reports write it (`3`, `agent-7`) or your GitHub login"), coordination: coordinationArg },
      outputSchema: { worker: z.string(), current: z.array(z.record(z.string(), z.unknown())), tasks: z.array(z.record(z.string(), z.unknown())), note: z.string().nullable() },
      annotations: { readOnlyHint: true },
    },
    ({ worker, coordination }) =>
      guarded(async () => {
        const v = await view(target(coordination));
        const next = nextTasks(v.state, worker);
        const lines = next.tasks.map((t, i) => `${i + 1}. #${t.number} ${t.title} — ${t.reasons.join("; ")}`);
        const current = next.current.map((c) => `${c.ref} (${c.status.replace("_", " ")})`).join(", ");
        const text = [current ? `You are on: ${current}` : null, lines.length > 0 ? `Ready for you:\n${lines.join("\n")}` : `Nothing to take: ${next.note ?? ""}`].filter((l) => l !== null).join("\n");
        return success(text, { ...next });
      }),
  );

  server.registerTool(
    "lint_report",
    {
      title: "Check a comment",
      description: "Reads a report, standup or 🚨 URGENT comment with the app's parser: what it understood, or each problem and the corrected template (the reply the app would post).",
      inputSchema: {
        text: z.string().max(65_536).describe("The comment's Markdown"),
        repo: z.string().optional().describe("`owner/repo` that `#12` refers to; default: the coordination's repository"),
      },
      outputSchema: { kind: z.string(), valid: z.boolean(), problems: z.array(z.object({ field: z.string(), problem: z.string(), expected: z.string() })), understood: z.unknown(), urgent: z.unknown(), template: z.string().nullable(), reply: z.string().nullable() },
      annotations: { readOnlyHint: true },
    },
    ({ text, repo }) =>
      guarded(async () => {
        const context = repoOf(repo, deps.coordination);
        const lint = lintComment(text, context);
        return success(describeLint(lint, context), { ...lint });
      }),
  );

  /** Posts a composed comment on the coordination, or refuses with the fields' problems. */
  const post = async (ref: IssueRef, composed: Composed): Promise<CallToolResult> => {
    if (!composed.ok) throw new ToolFailure({ code: "invalid_fields", message: "nothing was posted: the comment would not read as meant", fields: composed.problems });
    const login = await deps.viewer();
    let id: number;
    try {
      id = (await deps.port.createComment(ref, composed.body)).id;
    } catch (error) {
      // A 5xx may hide a comment GitHub kept: look before saying it failed (posting twice is worse).
      const problem = explainGitHubError(error, deps.now().getTime());
      if (problem.code !== "unavailable") throw error;
      const kept = (await readCoordinationView(deps.port, ref)).window.comments.find((c) => c.author.toLowerCase() === login.toLowerCase() && c.body === composed.body);
      if (!kept) throw new ToolFailure({ code: "unavailable", message: `${problem.message}; nothing was posted (checked), so posting again is safe` });
      id = kept.id;
    }
    const url = `https://github.com/${ref.owner}/${ref.repo}/issues/${ref.number}#issuecomment-${id}`;
    return success(`Posted on ${refKey(ref)} as ${login} (comment ${id}):\n\n${composed.body}`, { posted: true, coordination: refKey(ref), commentId: id, url, author: login, kind: composed.lint.kind, body: composed.body });
  };
  const postedShape = { posted: z.boolean(), coordination: z.string(), commentId: z.number(), url: z.string(), author: z.string(), kind: z.string(), body: z.string() };

  server.registerTool(
    "post_report",
    {
      title: "Post a worker report",
      description:
        "Builds a worker report in the canonical template from these fields, checks it with the app's parser, and posts it on the coordination issue as you. Refuses with the problems (nothing posted) instead of posting a malformed report.",
      inputSchema: {
        worker: z.string().describe("Your worker id: letters, digits, `-` or `_` (e.g. `3`, `agent-7`)"),
        phase: z.string().describe("The phase, e.g. `Phase 2.1`"),
        issue: z.string().describe("The one issue the report is about: `#12`, `owner/repo#12` or its URL"),
        status: STATUS.describe("complete, in_progress or blocked"),
        duration: z.string().optional().describe("Time spent: `30min`, `2h 30m`, `1.5 hours`, `2d`"),
        deliverables: z.array(z.string()).max(50).optional().describe("Files, PRs, tests: one line each"),
        blockers: z.string().optional().describe("What blocks you (name the issues), or leave out for None"),
        dependenciesMet: z.array(z.string()).max(50).optional().describe("Issues whose completion you relied on"),
        dependenciesCreated: z.array(z.string()).max(50).optional().describe("Issues that now wait for this one"),
        next: z.string().optional().describe("Your next task"),
        coordination: coordinationArg,
      },
      outputSchema: postedShape,
    },
    (fields) =>
      guarded(async () => {
        const ref = target(fields.coordination);
        return post(ref, composeReport(fields, { owner: ref.owner, repo: ref.repo }));
      }),
  );

  server.registerTool(
    "post_standup",
    {
      title: "Post a daily standup",
      description: "Builds a `## Daily Standup - YYYY-MM-DD - Worker <id>` comment from these fields, checks it with the app's parser, and posts it on the coordination issue as you.",
      inputSchema: {
        worker: z.string().describe("Your worker id"),
        date: z.string().optional().describe("YYYY-MM-DD; default: today (UTC)"),
        yesterday: z.string().optional(),
        today: z.string().describe("What you work on today: name the issues (`#12`)"),
        blockers: z.string().optional(),
        eta: z.string().optional().describe("A duration: `4h`, `2d`"),
        coordination: coordinationArg,
      },
      outputSchema: postedShape,
    },
    (fields) =>
      guarded(async () => {
        const ref = target(fields.coordination);
        const date = fields.date ?? deps.now().toISOString().slice(0, 10);
        return post(ref, composeStandup({ ...fields, date }, { owner: ref.owner, repo: ref.repo }));
      }),
  );

  server.registerTool(
    "escalate",
    {
      title: "Raise an urgent item",
      description: "Posts a `🚨 URGENT` comment about an issue on the coordination issue, as you: the app marks the issue urgent and pings the orchestrators once.",
      inputSchema: { issue: z.string().describe("The issue that is urgent"), reason: z.string().describe("One line: what is wrong"), coordination: coordinationArg },
      outputSchema: postedShape,
    },
    ({ issue, reason, coordination }) =>
      guarded(async () => {
        const ref = target(coordination);
        return post(ref, composeUrgent({ issue, reason }, { owner: ref.owner, repo: ref.repo }));
      }),
  );

  // Resources: the dashboard (Markdown) and the state (JSON) of any coordination, listed for the configured one.
  const listed = (kind: "dashboard" | "state") => async () => ({
    resources: deps.coordination
      ? [{ uri: resourceUri(deps.coordination, kind), name: `${refKey(deps.coordination)} ${kind}`, mimeType: kind === "state" ? "application/json" : "text/markdown" }]
      : [],
  });
  const read = (kind: "dashboard" | "state") => async (uri: URL, variables: Record<string, string | string[]>): Promise<ReadResourceResult> => {
    const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
    const ref = readIssue(`${one(variables.owner)}/${one(variables.repo)}#${one(variables.number)}`);
    const v = await readCoordinationView(deps.port, ref);
    const text = kind === "state" ? JSON.stringify(v.state, null, 2) : (v.dashboard ?? `${v.key} has no dashboard yet.`);
    return { contents: [{ uri: uri.href, mimeType: kind === "state" ? "application/json" : "text/markdown", text }] };
  };
  server.registerResource(
    "dashboard",
    new ResourceTemplate("coordinator://{owner}/{repo}/{number}/dashboard", { list: listed("dashboard") }),
    { title: "Coordination dashboard", description: "The dashboard the app keeps in the coordination issue's body (Markdown)", mimeType: "text/markdown" },
    read("dashboard"),
  );
  server.registerResource(
    "state",
    new ResourceTemplate("coordinator://{owner}/{repo}/{number}/state", { list: listed("state") }),
    { title: "Coordination state", description: "The dashboard's machine-readable state block (docs/state.schema.json)", mimeType: "application/json" },
    read("state"),
  );
  return server;
}

export function resourceUri(ref: IssueRef, kind: "dashboard" | "state"): string {
  return `coordinator://${ref.owner}/${ref.repo}/${ref.number}/${kind}`;
}

function repoOf(repo: string | undefined, coordination: IssueRef | null): RepoContext {
  if (repo !== undefined && repo.trim() !== "") {
    const m = /^([^/\s]+)\/([^/\s#]+)$/.exec(repo.trim());
    if (!m) throw new UsageError(`"${repo}" is not a repository (expected owner/repo)`);
    return { owner: m[1] ?? "", repo: m[2] ?? "" };
  }
  return coordination ? { owner: coordination.owner, repo: coordination.repo } : { owner: "owner", repo: "repo" };
}
