// The state block in a few lines for a terminal (`coordinator state` without --json) and for the
// MCP server's text rendering. Pure.
import { formatAge, percent, shortRef, timeOf } from "../domain/format.js";
import type { RepoContext } from "../domain/refs.js";
import type { CoordinationState, IssueStatus } from "../domain/types.js";

const STATUS_ORDER: IssueStatus[] = ["done", "in_progress", "blocked", "ready", "missing"];
const STATUS_WORD: Record<IssueStatus, string> = { done: "done", in_progress: "in progress", blocked: "blocked", ready: "ready", missing: "missing" };
const MAX_LINES = 15;

export function summariseState(state: CoordinationState, repo: RepoContext, now: Date, title?: string): string {
  const ref = (key: string) => shortRef(key, repo);
  const at = now.getTime();
  const lines: string[] = [];
  const { done, total } = state.progress;
  lines.push(`${ref(state.coordination)}${title ? ` ${JSON.stringify(title)}` : ""}: ${state.status} (${state.statusReason})`);
  lines.push(`Progress: ${done}/${total} done (${percent(done, total)}%), updated ${formatAge(timeOf(state.updatedAt), at)}`);
  const counts = STATUS_ORDER.map((s) => [s, state.issues.filter((i) => i.status === s).length] as const).filter(([, n]) => n > 0);
  if (counts.length > 0) lines.push(`Issues: ${counts.map(([s, n]) => `${n} ${STATUS_WORD[s]}`).join(", ")}`);
  if (state.urgent.length > 0) lines.push(`Urgent: ${state.urgent.map((u) => `${ref(u.ref)} ${u.summary}`).join("; ")}`);
  if (state.criticalPath.length > 0) lines.push(`Critical path: ${state.criticalPath.map(ref).join(" → ")}`);
  state.waves.slice(0, MAX_LINES).forEach((wave, i) => lines.push(`Wave ${i + 1}: ${wave.map(ref).join(" ")}`));
  const ready = state.issues.filter((i) => i.status === "ready");
  if (ready.length > 0) lines.push(`Ready: ${ready.slice(0, 30).map((i) => ref(i.ref)).join(" ")}`);
  for (const i of state.issues.filter((x) => x.status === "blocked").slice(0, MAX_LINES)) {
    lines.push(`Blocked: ${ref(i.ref)} waits for ${i.blockedBy.length > 0 ? i.blockedBy.map(ref).join(", ") : "(no open blocker recorded)"}`);
  }
  for (const w of state.workers.slice(0, MAX_LINES)) {
    const on = w.issue ? ` on ${ref(w.issue)}` : "";
    const status = w.status ? ` ${STATUS_WORD[w.status === "complete" ? "done" : w.status]}` : "";
    lines.push(`Worker ${w.id} (${w.login})${on}${status}, last report ${formatAge(timeOf(w.lastReportAt), at)}${w.stale ? " — stale" : ""}`);
  }
  for (const g of state.gates) lines.push(`Gate ${ref(g.ref)} ${g.name}: ${g.state.toUpperCase()}, ${g.done}/${g.total} criteria met`);
  if (state.cycles.length > 0) lines.push(`Cycles: ${state.cycles.map((c) => c.map(ref).join(" → ")).join("; ")}`);
  if (state.truncated && state.truncated.length > 0) lines.push(`Truncated to fit the issue body: ${state.truncated.join(", ")}`);
  return lines.join("\n");
}
