// A comment checked before it is posted, with the app's own parser (report.ts) and the app's own
// reply (replies.ts): what `coordinator lint-report` prints and the MCP server's `lint_report`
// answers. Pure.
import { parseComment, renderTemplate } from "./report.js";
import { malformedReply } from "./replies.js";
import type { RepoContext } from "./refs.js";
import type { ParsedComment, Report, ReportProblem, Standup, Urgent } from "./types.js";

export interface LintResult {
  /** What the app reads the comment as; `none`: neither a report, a standup nor an urgent comment. */
  kind: ParsedComment["kind"];
  /** True when the app would count it (a report, a standup or an urgent comment). */
  valid: boolean;
  problems: ReportProblem[];
  /** What was understood: the report, the standup, or the parts of a malformed report. */
  understood: Report | Standup | Partial<Report> | null;
  /** The 🚨 URGENT part, when the comment starts with one. */
  urgent: Urgent | null;
  /** The corrected template, filled with what was understood (only when something is wrong). */
  template: string | null;
  /** The reply the app would post on it, without its hidden marker; null when it posts none. */
  reply: string | null;
}

/** The problem of a comment the app does not read at all (it posts no reply to those). */
export const NOT_A_REPORT: ReportProblem = {
  field: "Heading",
  problem: "not read as a report, a standup or an urgent comment",
  expected: "`## Worker <id> Report - <phase>`, `## Daily Standup - YYYY-MM-DD - Worker <id>`, or a first line starting `🚨 URGENT`",
};

/** The app's reply without its first line (the hidden marker naming the comment answered). */
function withoutMarker(reply: string): string {
  const newline = reply.indexOf("\n");
  return newline < 0 ? "" : reply.slice(newline + 1);
}

export function lintComment(body: string, context: RepoContext): LintResult {
  const parsed = parseComment(body, context);
  switch (parsed.kind) {
    case "report":
      return { kind: "report", valid: true, problems: [], understood: parsed.report, urgent: parsed.urgent, template: null, reply: null };
    case "standup":
      return { kind: "standup", valid: true, problems: [], understood: parsed.standup, urgent: parsed.urgent, template: null, reply: null };
    case "urgent":
      return { kind: "urgent", valid: true, problems: [], understood: null, urgent: parsed.urgent, template: null, reply: null };
    case "malformed":
      return {
        kind: "malformed",
        valid: false,
        problems: parsed.problems,
        understood: parsed.understood,
        urgent: parsed.urgent,
        template: parsed.template,
        reply: withoutMarker(malformedReply(0, parsed.problems, parsed.template)),
      };
    case "none":
      return { kind: "none", valid: false, problems: [NOT_A_REPORT], understood: null, urgent: null, template: renderTemplate({}, context), reply: null };
  }
}
