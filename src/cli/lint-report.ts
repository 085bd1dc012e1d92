// `coordinator lint-report [file|-]`: a report, standup or 🚨 URGENT comment read by the app's own
// parser, with the reply the app would post. Exit 0 valid, 1 problems, 2 usage error.
import { formatDuration } from "../domain/duration.js";
import { formatRef, type RepoContext } from "../domain/refs.js";
import { lintComment, type LintResult } from "../domain/report-lint.js";
import type { Report, Standup } from "../domain/types.js";
import { parseArgs, UsageError } from "./args.js";
import { readRepo } from "./targets.js";
import { EXIT, type Io } from "./io.js";

export const LINT_USAGE = "coordinator lint-report [file|-] [--json] [--repo owner/repo]";

const STATUS: Record<string, string> = { complete: "✅ Complete", in_progress: "🔄 In Progress", blocked: "⚠️ Blocked" };

/** What was understood, in a few lines. */
export function describeLint(result: LintResult, context: RepoContext): string {
  const lines: string[] = [];
  if (result.kind === "report") {
    const r = result.understood as Report;
    lines.push(`valid: a worker report by Worker ${r.worker} on ${formatRef(r.issue, context)}, ${STATUS[r.status] ?? r.status}${r.phase ? ` (phase ${r.phase})` : ""}`);
    if (r.durationMinutes !== null) lines.push(`  duration: ${formatDuration(r.durationMinutes)}`);
    if (r.deliverables.length > 0) lines.push(`  deliverables: ${r.deliverables.join("; ")}`);
    if (r.dependenciesCreated.length > 0) lines.push(`  dependencies created (they wait for ${formatRef(r.issue, context)}): ${r.dependenciesCreated.map((x) => formatRef(x, context)).join(", ")}`);
    if (r.blockersText !== null) lines.push(`  blockers: ${r.blockersText}`);
    if (r.nextTask !== null) lines.push(`  next task: ${r.nextTask}`);
  } else if (result.kind === "standup") {
    const s = result.understood as Standup;
    lines.push(`valid: a daily standup of Worker ${s.worker} for ${s.date}`);
    if (s.today !== null) lines.push(`  today: ${s.today}`);
    if (s.etaText !== null) lines.push(`  ETA: ${s.etaText}${s.etaMinutes === null ? " (not read as a duration)" : ""}`);
  } else if (result.kind === "urgent") {
    lines.push("valid: a 🚨 URGENT comment");
  } else if (result.kind === "none") {
    lines.push("not read as a report, a standup or an urgent comment: the app ignores it (and posts no reply).");
    lines.push("");
    lines.push(`Expected ${result.problems[0]?.expected ?? ""}. The report template:`);
    lines.push("");
    lines.push(result.template ?? "");
  } else {
    lines.push(`${result.problems.length} problem${result.problems.length === 1 ? "" : "s"}: the app would not count this report, and would reply:`);
    lines.push("");
    lines.push(result.reply ?? "");
  }
  if (result.urgent) {
    const issues = result.urgent.issues.map((x) => formatRef(x, context)).join(", ");
    lines.push(`  🚨 urgent: ${result.urgent.summary || "(no summary)"}${issues ? ` — marks ${issues} urgent` : " — marks the issue it is posted on urgent"}`);
  }
  return lines.join("\n");
}

export async function lintReportCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { options: ["repo"], flags: ["json"] });
  if (args.positional.length > 1) throw new UsageError(`one input at most (found ${args.positional.length})`);
  const context = readRepo(args.options.get("repo") ?? "owner/repo");
  const source = args.positional[0] ?? "-";
  let text: string;
  try {
    text = source === "-" ? await io.stdin() : await io.readFile(source);
  } catch (error) {
    throw new UsageError(`cannot read ${source}: ${(error as Error).message}`);
  }
  const result = lintComment(text, context);
  io.out(args.flags.has("json") ? JSON.stringify(result, null, 2) : describeLint(result, context));
  return result.valid ? EXIT.ok : EXIT.problems;
}
