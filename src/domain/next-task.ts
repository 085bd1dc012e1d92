// The next task for one worker, from the state block alone (the MCP server's `next_task`): the
// ready issues nobody else holds, critical path first, then those assigned to the worker, then urgent ones, then those that release
// the most work, then by wave. Each comes with the reasons it ranks where it does. Pure, linear in
// the state (plus one walk per candidate for what it releases).
import { downstreamOf, linksOf } from "./graph.js";
import type { CoordinationState, RefKey, StateIssue } from "./types.js";

export interface TaskSuggestion {
  ref: RefKey;
  number: number;
  title: string;
  wave: number | null;
  estimateMinutes: number | null;
  onCriticalPath: boolean;
  urgent: boolean;
  /** Open issues that wait for this one, directly or through others. */
  releases: number;
  assignedToWorker: boolean;
  reasons: string[];
}

export interface NextTasks {
  worker: string;
  /** Issues this worker is already on (its latest report says In Progress or Blocked, or it is assigned and not done). */
  current: Array<{ ref: RefKey; title: string; status: StateIssue["status"] }>;
  /** Ready issues for this worker, best first. */
  tasks: TaskSuggestion[];
  /** Why the list is empty, when it is. */
  note: string | null;
}

const MAX_TASKS = 10;

const norm = (text: string) => text.trim().replace(/^@/, "").toLowerCase();

/**
 * `worker` is a worker id as reports write it (`3`, `agent-7`) or a GitHub login; both are matched
 * against the issues' workers and assignees and the state's worker list.
 */
export function nextTasks(state: CoordinationState, worker: string): NextTasks {
  const me = norm(worker);
  const ids = new Set([me]);
  const logins = new Set([me]);
  for (const w of state.workers) {
    if (norm(w.id) === me || norm(w.login) === me) {
      ids.add(norm(w.id));
      logins.add(norm(w.login));
    }
  }
  const mine = (issue: StateIssue) => (issue.worker !== null && ids.has(norm(issue.worker))) || issue.assignees.some((a) => logins.has(norm(a)));
  const held = (issue: StateIssue) => (issue.worker !== null && !ids.has(norm(issue.worker))) || (issue.assignees.length > 0 && !issue.assignees.some((a) => logins.has(norm(a))));
  const gates = new Set(state.gates.map((g) => g.ref));
  const critical = new Map(state.criticalPath.map((ref, i) => [ref, i]));
  const open = new Set(state.issues.filter((i) => i.status !== "done").map((i) => i.ref));
  const links = linksOf(state.edges);

  const current = state.issues
    .filter((i) => mine(i) && (i.status === "in_progress" || i.status === "blocked" || (i.status === "ready" && i.worker !== null && ids.has(norm(i.worker)))))
    .map((i) => ({ ref: i.ref, title: i.title, status: i.status }));

  const candidates = state.issues.filter((i) => i.status === "ready" && i.state !== "closed" && !gates.has(i.ref) && !held(i));
  const tasks = candidates.map((issue): TaskSuggestion => {
    const releases = [...downstreamOf(links, issue.ref)].filter((k) => k !== issue.ref && open.has(k)).length;
    const step = critical.get(issue.ref);
    const reasons: string[] = ["ready: every blocker is done"];
    if (step !== undefined) reasons.push(`on the critical path (step ${step + 1} of ${state.criticalPath.length}): any delay delays the whole coordination`);
    if (issue.urgent) reasons.push("marked urgent");
    if (releases > 0) reasons.push(`${releases} open issue${releases === 1 ? "" : "s"} wait${releases === 1 ? "s" : ""} for it`);
    if (issue.wave !== null) reasons.push(`wave ${issue.wave}`);
    if (mine(issue)) reasons.push("assigned to you");
    return {
      ref: issue.ref,
      number: issue.number,
      title: issue.title,
      wave: issue.wave,
      estimateMinutes: issue.estimateMinutes,
      onCriticalPath: step !== undefined,
      urgent: issue.urgent,
      releases,
      assignedToWorker: mine(issue),
      reasons,
    };
  });
  const rank = (t: TaskSuggestion) => critical.get(t.ref) ?? Number.MAX_SAFE_INTEGER;
  tasks.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      Number(b.assignedToWorker) - Number(a.assignedToWorker) ||
      Number(b.urgent) - Number(a.urgent) ||
      b.releases - a.releases ||
      (a.wave ?? Number.MAX_SAFE_INTEGER) - (b.wave ?? Number.MAX_SAFE_INTEGER) ||
      a.number - b.number,
  );
  const note =
    tasks.length > 0
      ? null
      : state.issues.length === 0
        ? "the coordination tracks no issues yet"
        : open.size === 0
          ? "every tracked issue is done"
          : "no issue is ready and free: the open ones wait for blockers or are held by other workers";
  return { worker, current, tasks: tasks.slice(0, MAX_TASKS), note };
}
