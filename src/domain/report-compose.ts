// Reports, standups and 🚨 URGENT comments built from typed fields (the MCP server's post_report,
// post_standup and escalate): each is rendered in the canonical template (report.ts's
// renderTemplate for reports) and then read back with the app's own parser. A body is handed out
// only when the app reads it as meant; otherwise the problems, field by field. Pure.
import { lintComment, type LintResult } from "./report-lint.js";
import { renderTemplate } from "./report.js";
import { parseDuration } from "./duration.js";
import { formatRef, parseRef, refKey, type RepoContext } from "./refs.js";
import type { IssueRef, Report, ReportStatus, Standup } from "./types.js";

/** One typed field that cannot be posted: which, what is wrong, what is expected. */
export interface FieldProblem {
  field: string;
  problem: string;
  expected: string;
}

export type Composed = { ok: true; body: string; lint: LintResult } | { ok: false; problems: FieldProblem[] };

export interface ReportFields {
  worker: string;
  phase: string;
  issue: string;
  status: ReportStatus;
  duration?: string | undefined;
  deliverables?: readonly string[] | undefined;
  blockers?: string | undefined;
  dependenciesMet?: readonly string[] | undefined;
  dependenciesCreated?: readonly string[] | undefined;
  next?: string | undefined;
}

export interface StandupFields {
  worker: string;
  /** YYYY-MM-DD. */
  date: string;
  yesterday?: string | undefined;
  today: string;
  blockers?: string | undefined;
  eta?: string | undefined;
}

export const WORKER_ID = /^[A-Za-z0-9_-]{1,50}$/;
const MAX_LINE = 200;
const MAX_ITEMS = 50;
const ISSUE_EXPECTED = "one issue reference: `#12`, `owner/repo#12` or an issue URL";

/** Collects problems while fields are read. */
class Checker {
  readonly problems: FieldProblem[] = [];

  worker(value: string): string {
    const id = value.trim().replace(/^worker\s+/i, "");
    if (!WORKER_ID.test(id)) this.problems.push({ field: "worker", problem: `"${clipped(value)}" is not a worker id`, expected: "1 to 50 letters, digits, `-` or `_` (e.g. `3` or `agent-7`)" });
    return id;
  }

  /** One line of text, at most 200 characters; `required`: not empty. */
  line(field: string, value: string | undefined, required: boolean): string {
    const text = (value ?? "").trim();
    if (text === "") {
      if (required) this.problems.push({ field, problem: "missing", expected: "one line of text" });
    } else if (/[\r\n]/.test(text)) this.problems.push({ field, problem: "more than one line", expected: "one line of text (list items go in a list field)" });
    else if (text.length > MAX_LINE) this.problems.push({ field, problem: `${text.length} characters`, expected: `at most ${MAX_LINE} characters` });
    return text;
  }

  ref(field: string, value: string, context: RepoContext): IssueRef | null {
    const ref = parseRef(value.trim(), context);
    if (!ref) this.problems.push({ field, problem: `"${clipped(value)}" is not an issue reference`, expected: ISSUE_EXPECTED });
    return ref;
  }

  list(field: string, values: readonly string[] | undefined): string[] {
    const items = values ?? [];
    if (items.length > MAX_ITEMS) this.problems.push({ field, problem: `${items.length} items`, expected: `at most ${MAX_ITEMS}` });
    return items.slice(0, MAX_ITEMS).map((item, i) => this.line(`${field}[${i}]`, item, true));
  }

  refs(field: string, values: readonly string[] | undefined, context: RepoContext): IssueRef[] {
    return (values ?? []).slice(0, MAX_ITEMS).flatMap((v, i) => {
      const ref = this.ref(`${field}[${i}]`, v, context);
      return ref ? [ref] : [];
    });
  }

  duration(value: string | undefined): number | null {
    const text = (value ?? "").trim();
    if (text === "") return null;
    const minutes = parseDuration(text);
    if (minutes === null) this.problems.push({ field: "duration", problem: `"${clipped(text)}" is not a duration`, expected: "e.g. `30min`, `45m`, `2h 30m`, `1.5 hours`, `2d` or `1-2h`" });
    return minutes;
  }
}

function clipped(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** The app's reading of `body`, or the problems it finds, as field problems. */
function readBack(body: string, context: RepoContext, meant: (lint: LintResult) => string | null): Composed {
  const lint = lintComment(body, context);
  if (!lint.valid) return { ok: false, problems: lint.problems.map((p) => ({ field: p.field.toLowerCase(), problem: p.problem, expected: p.expected })) };
  const wrong = meant(lint);
  if (wrong !== null) return { ok: false, problems: [{ field: "(comment)", problem: wrong, expected: "field values that do not change how the comment reads" }] };
  return { ok: true, body, lint };
}

/** A report in the canonical template, or the problems that keep it from being posted. */
export function composeReport(fields: ReportFields, context: RepoContext): Composed {
  const check = new Checker();
  const worker = check.worker(fields.worker);
  const phase = check.line("phase", fields.phase, true);
  const issue = check.ref("issue", fields.issue, context);
  const durationMinutes = check.duration(fields.duration);
  const deliverables = check.list("deliverables", fields.deliverables);
  const blockers = check.line("blockers", fields.blockers, false);
  const dependenciesMet = check.refs("dependenciesMet", fields.dependenciesMet, context);
  const dependenciesCreated = check.refs("dependenciesCreated", fields.dependenciesCreated, context);
  const next = check.line("next", fields.next, false);
  if (!["complete", "in_progress", "blocked"].includes(fields.status)) {
    check.problems.push({ field: "status", problem: `"${clipped(String(fields.status))}" is not a status`, expected: "`complete`, `in_progress` or `blocked`" });
  }
  if (check.problems.length > 0 || !issue) return { ok: false, problems: check.problems };
  const report: Report = {
    worker,
    phase,
    issue,
    status: fields.status,
    durationMinutes,
    deliverables: deliverables.length > 0 ? deliverables : ["None yet"],
    dependenciesMet,
    dependenciesCreated,
    blockers: [],
    blockersText: blockers === "" || /^none\.?$/i.test(blockers) ? null : blockers,
    nextTask: next === "" ? null : next,
  };
  // Duration is optional: left out rather than shown as the template's placeholder.
  const body = renderTemplate(report, context)
    .split("\n")
    .filter((line) => durationMinutes !== null || !line.startsWith("**Duration**:"))
    .join("\n");
  return readBack(body, context, (lint) => {
    const read = lint.understood as Report | null;
    if (lint.kind !== "report" || !read) return "it would not read as a report";
    if (read.worker !== worker || refKey(read.issue) !== refKey(issue) || read.status !== fields.status) return "it would read as another worker, issue or status";
    if (lint.urgent) return "it would also read as a 🚨 URGENT comment";
    return null;
  });
}

/** A daily standup (`## Daily Standup - YYYY-MM-DD - Worker <id>`), or its problems. */
export function composeStandup(fields: StandupFields, context: RepoContext): Composed {
  const check = new Checker();
  const worker = check.worker(fields.worker);
  const date = fields.date.trim();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== date) {
    check.problems.push({ field: "date", problem: `"${clipped(date)}" is not a date`, expected: "YYYY-MM-DD, a real calendar day" });
  }
  const yesterday = check.line("yesterday", fields.yesterday, false);
  const today = check.line("today", fields.today, true);
  const blockers = check.line("blockers", fields.blockers, false);
  const eta = check.line("eta", fields.eta, false);
  if (eta !== "" && parseDuration(eta) === null) check.problems.push({ field: "eta", problem: `"${clipped(eta)}" is not a duration`, expected: "e.g. `4h` or `2d`" });
  if (check.problems.length > 0) return { ok: false, problems: check.problems };
  const body = [
    `## Daily Standup - ${date} - Worker ${worker}`,
    "",
    `**Yesterday**: ${yesterday || "None"}`,
    `**Today**: ${today}`,
    `**Blockers**: ${blockers || "None"}`,
    ...(eta ? [`**ETA**: ${eta}`] : []),
  ].join("\n");
  return readBack(body, context, (lint) => {
    const read = lint.understood as Standup | null;
    if (lint.kind !== "standup" || !read) return "it would not read as a standup";
    if (read.worker !== worker || read.date !== date) return "it would read as another worker or day";
    if (lint.urgent) return "it would also read as a 🚨 URGENT comment";
    return null;
  });
}

/** A 🚨 URGENT comment about one issue, or its problems. */
export function composeUrgent(fields: { issue: string; reason: string }, context: RepoContext): Composed {
  const check = new Checker();
  const issue = check.ref("issue", fields.issue, context);
  const reason = check.line("reason", fields.reason, true);
  if (check.problems.length > 0 || !issue) return { ok: false, problems: check.problems };
  const body = [`🚨 URGENT: ${reason}`, "", `**Issue**: ${formatRef(issue, context)}`].join("\n");
  return readBack(body, context, (lint) => {
    if (lint.kind !== "urgent" || !lint.urgent) return "it would not read as a 🚨 URGENT comment";
    if (!lint.urgent.issues.some((r) => refKey(r) === refKey(issue))) return "it would not name the issue";
    return null;
  });
}
