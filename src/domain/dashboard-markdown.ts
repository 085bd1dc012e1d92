// The dashboard's Markdown: the headline and its sections (urgent, gates, workers, waves,
// blocked, ready, critical path, cycles, the dependency graph, tracked issues, latest reports), at
// the level of detail the size budget allows (see `Level`). Pure: `now` comes in the context.
// User text reaches the Markdown only through `escapeInline` (logins through `quoteLogin`).

import { escapeInline, quoteLogin } from "./escape.js";
import {
  capped,
  collapsible,
  count,
  formatMinutes,
  formatUtc,
  formatWhen,
  GO_LABEL,
  ISSUE_LABEL,
  link,
  newestFirst,
  percent,
  progressBar,
  refMarkdown,
  REPORT_LABEL,
  table,
  timeOf,
} from "./format.js";
import { mermaidGraphSize, renderMermaid } from "./mermaid.js";
import type { RepoContext } from "./refs.js";
import type { CoordinationState, IssueStatus, RefKey, ReportStatus, StateGate, StateIssue, StateReport } from "./types.js";

const MAX = {
  title: 100,
  summary: 200,
  reason: 300,
  worker: 40,
  phase: 60,
  listItems: 50,
  inlineRefs: 20,
  reports: 10,
  reportsDegraded: 3,
  reportsOpen: 3,
  openRows: 20,
} as const;

/** What every section reads besides the state. */
export interface RenderContext {
  now: number;
  repo: RepoContext;
  byRef: Map<RefKey, StateIssue>;
}

/**
 * Markdown levels, each smaller than the last: 0 full; 1 fewer latest reports; 2 tracked-issues
 * table shows only issues not done; 3 no titles in tables; 4 sections summarised to counts;
 * 5 headline only.
 */
export type Level = 0 | 1 | 2 | 3 | 4 | 5;

/**
 * How the dependency graph is shown: the whole Mermaid diagram, the diagram without done issues,
 * or one line of counts. The graph is the first thing to go when room is short.
 */
export type GraphMode = "full" | "open" | "summary";

function ref(ctx: RenderContext, r: RefKey): string {
  return refMarkdown(r, ctx.repo);
}

function refs(ctx: RenderContext, rs: RefKey[], max: number): string {
  return capped(rs.map((r) => ref(ctx, r)), max);
}

function statusCounts(issues: StateIssue[]): Record<IssueStatus, number> {
  const c: Record<IssueStatus, number> = { done: 0, in_progress: 0, blocked: 0, ready: 0, missing: 0 };
  for (const i of issues) c[i.status] += 1;
  return c;
}

function headline(state: CoordinationState, ctx: RenderContext): string {
  const { done, total } = state.progress;
  const lines = [
    `${progressBar(done, total)} **${count(done)}/${count(total)} done (${percent(done, total)}%)**` +
      ` · ${GO_LABEL[state.status]}` +
      (state.statusReason.trim() !== "" ? ` — ${escapeInline(state.statusReason, MAX.reason)}` : "") +
      ` · updated ${formatUtc(timeOf(state.updatedAt) ?? ctx.now)}` +
      (state.lastSynthesisAt !== undefined && timeOf(state.lastSynthesisAt) !== null
        ? ` · last synthesis ${formatUtc(timeOf(state.lastSynthesisAt) ?? ctx.now)}`
        : ""),
  ];
  if (state.issues.length > 0) {
    const c = statusCounts(state.issues);
    const parts = (Object.keys(ISSUE_LABEL) as IssueStatus[])
      .filter((s) => c[s] > 0)
      .map((s) => `${ISSUE_LABEL[s].split(" ")[0] ?? ""} ${c[s]} ${s.replace("_", " ")}`);
    lines.push(parts.join(" · "));
  }
  return lines.join("\n\n");
}

function urgentSection(state: CoordinationState, ctx: RenderContext, compact: boolean): string | null {
  if (state.urgent.length === 0) return null;
  const head = "### 🚨 Urgent";
  if (compact) {
    return `${head}\n\n${state.urgent.length} urgent: ${refs(ctx, state.urgent.map((u) => u.ref), 10)}`;
  }
  const items = state.urgent.map((u) => {
    const l = link("comment", u.url);
    return (
      `- ${ref(ctx, u.ref)} — ${escapeInline(u.summary, MAX.summary)} — ${quoteLogin(u.author)}, ` +
      formatWhen(timeOf(u.at), ctx.now) +
      (l ? ` · ${l}` : "")
    );
  });
  return `${head}\n\n${capped(items, MAX.listItems, "\n")}`;
}

type GateView = { name: string; ref: string; state: StateGate["state"]; bar: string };

function gateView(g: StateGate, ctx: RenderContext): GateView {
  const bar = `${progressBar(g.done, g.total, 10)} ${count(g.done)}/${count(g.total)}`;
  return { name: escapeInline(g.name, MAX.title), ref: ref(ctx, g.ref), state: g.state, bar };
}

function gatesSection(state: CoordinationState, ctx: RenderContext, compact: boolean): string | null {
  if (state.gates.length === 0) return null;
  const views = state.gates.map((g) => gateView(g, ctx));
  const label = { go: "✅ GO", "no-go": "❌ NO-GO", pending: "⏸️ pending" } as const;
  const head = "### 🚦 Gates";
  if (compact) {
    const n = (s: GateView["state"]) => views.filter((v) => v.state === s).length;
    return `${head}\n\n${views.length} gates: ${n("go")} GO, ${n("no-go")} NO-GO, ${n("pending")} pending`;
  }
  return `${head}\n\n${table(
    ["Gate", "Issue", "Progress", "State"],
    views.map((v) => [v.name, v.ref, v.bar, label[v.state]]),
  )}`;
}

function workersSection(state: CoordinationState, ctx: RenderContext, compact: boolean): string | null {
  if (state.workers.length === 0) return null;
  const head = "### 👷 Workers";
  if (compact) {
    const stale = state.workers.filter((w) => w.stale).length;
    const by = (s: ReportStatus) => state.workers.filter((w) => w.status === s).length;
    return (
      `${head}\n\n${state.workers.length} workers: ${by("complete")} complete, ` +
      `${by("in_progress")} in progress, ${by("blocked")} blocked; ${stale} stale`
    );
  }
  const rows = state.workers.map((w) => {
    const own: RefKey[] = w.issue !== null ? [w.issue] : [];
    for (const i of state.issues) if (i.worker === w.id && i.ref !== w.issue) own.push(i.ref);
    const name = escapeInline(w.id, MAX.worker) + (w.login !== "" ? ` (${quoteLogin(w.login)})` : "");
    return [
      name,
      refs(ctx, own, 10),
      w.status !== null ? REPORT_LABEL[w.status] : "—",
      formatWhen(timeOf(w.lastReportAt), ctx.now),
      w.stale ? "⏰ stale" : "",
    ];
  });
  return `${head}\n\n${table(["Worker", "Issues", "Status", "Last report", "Stale"], rows)}`;
}

function wavesSection(state: CoordinationState, ctx: RenderContext, compact: boolean): string | null {
  if (state.waves.length === 0) return null;
  const head = "### 🌊 Execution waves";
  if (compact) return `${head}\n\n${state.waves.length} waves`;
  const rows = state.waves.map((wave, n) => {
    const st = wave.map((r) => ctx.byRef.get(r)?.status);
    const k = (s: IssueStatus) => String(st.filter((x) => x === s).length);
    return [String(n + 1), refs(ctx, wave, MAX.inlineRefs), k("done"), k("in_progress"), k("blocked")];
  });
  return `${head}\n\n${table(["Wave", "Issues", "✅ Complete", "🔄 In progress", "⚠️ Blocked"], rows)}`;
}

function blockedSection(state: CoordinationState, ctx: RenderContext, compact: boolean): string | null {
  const blocked = state.issues.filter((i) => i.status === "blocked");
  if (blocked.length === 0) return null;
  const head = "### ⚠️ Blocked";
  if (compact) return `${head}\n\n${blocked.length} blocked: ${refs(ctx, blocked.map((i) => i.ref), 10)}`;
  const items = blocked.map((i) => {
    // A blocker already done no longer blocks; unknown blockers are shown.
    const open = i.blockedBy.filter((b) => ctx.byRef.get(b)?.status !== "done");
    const by = open.length > 0 ? `← ${refs(ctx, open, 10)}` : "(no open blocker recorded)";
    return `- ${ref(ctx, i.ref)} ${by}`;
  });
  return `${head}\n\n${capped(items, MAX.listItems, "\n")}`;
}

function readySection(state: CoordinationState, ctx: RenderContext, compact: boolean): string | null {
  const ready = state.issues.filter((i) => i.status === "ready");
  if (ready.length === 0) return null;
  const head = "### ▶️ Ready to start";
  return `${head}\n\n${compact ? `${ready.length} ready: ` : ""}${refs(
    ctx,
    ready.map((i) => i.ref),
    compact ? 10 : MAX.listItems,
  )}`;
}

function criticalPathSection(state: CoordinationState, ctx: RenderContext, compact: boolean): string | null {
  const path = state.criticalPath;
  if (path.length === 0) return null;
  let known = 0;
  let minutes = 0;
  const labels = path.map((r) => {
    const est = ctx.byRef.get(r)?.estimateMinutes ?? null;
    if (est === null) return ref(ctx, r);
    known += 1;
    minutes += est;
    return `${ref(ctx, r)} (${formatMinutes(est)})`;
  });
  const total =
    known === 0
      ? ""
      : known === path.length
        ? ` · ≈ ${formatMinutes(minutes)}`
        : ` · ≈ ${formatMinutes(minutes)} for the ${known} estimated`;
  const summary = `${path.length} issue${path.length === 1 ? "" : "s"}${total}`;
  const chain = capped(labels, compact ? 10 : 30, " → ");
  return `### 🎯 Critical path\n\n${chain}\n\n${summary}`;
}

function cyclesSection(state: CoordinationState, ctx: RenderContext, compact: boolean): string | null {
  if (state.cycles.length === 0) return null;
  const head = "### 🔁 Dependency cycles";
  if (compact) return `${head}\n\n${state.cycles.length} cycles`;
  const items = state.cycles.map((c) => {
    const closed = c.length > 0 && c[0] !== undefined ? [...c, c[0]] : c;
    return `- ${capped(closed.map((r) => ref(ctx, r)), MAX.inlineRefs, " → ")}`;
  });
  return `${head}\n\n${capped(items, 20, "\n")}`;
}

function graphSection(state: CoordinationState, ctx: RenderContext, mode: GraphMode): string | null {
  const size = mermaidGraphSize(state);
  if (size.nodes === 0) return null;
  const head = "### 🕸️ Dependency graph";
  const counts = `${size.nodes} issues, ${size.edges} dependenc${size.edges === 1 ? "y" : "ies"}`;
  if (mode !== "summary") {
    const drawn = renderMermaid(state, { repo: ctx.repo, hideDone: mode === "open" });
    if (drawn !== null) return `${head}\n\n${drawn}`;
    // Too large even without done issues (more than MERMAID_MAX_NODES, or Mermaid's own limits).
    if (mode === "full") return `${head}\n\n${counts}: too many to draw. The state block below lists them (\`edges\`).`;
  }
  return `${head}\n\n${counts}: not drawn, to keep the dashboard within GitHub's size limit.`;
}

function issueState(i: StateIssue): string {
  if (i.state === null) return "—";
  if (i.state === "closed" && i.stateReason !== null && i.stateReason !== "completed") {
    return `closed (${escapeInline(i.stateReason.replace(/_/g, " "), 30)})`;
  }
  return i.state;
}

function trackedSection(state: CoordinationState, ctx: RenderContext, level: Level): string | null {
  const all = state.issues;
  if (all.length === 0) return null;
  const head = "### 📌 Tracked issues";
  if (level >= 4) {
    const c = statusCounts(all);
    return (
      `${head}\n\n${all.length} tracked: ${c.done} done, ${c.in_progress} in progress, ` +
      `${c.blocked} blocked, ${c.ready} ready, ${c.missing} missing`
    );
  }
  const shown = level >= 2 ? all.filter((i) => i.status !== "done") : all;
  const withTitle = level < 3;
  const header = ["Issue", ...(withTitle ? ["Title"] : []), "State", "Status", "Assignees", "Worker"];
  const rows = shown.map((i) => [
    (i.urgent ? "🚨 " : "") + ref(ctx, i.ref),
    ...(withTitle ? [escapeInline(i.title, MAX.title)] : []),
    issueState(i),
    ISSUE_LABEL[i.status],
    capped(i.assignees.map(quoteLogin), 5),
    i.worker !== null ? escapeInline(i.worker, MAX.worker) : "",
  ]);
  const hidden = all.length - shown.length;
  const note = hidden > 0 ? `\n\n${hidden} done issue${hidden === 1 ? "" : "s"} not shown.` : "";
  const body = (rows.length > 0 ? table(header, rows) : "All tracked issues are done.") + note;
  return `${head}\n\n${collapsible(`${all.length} tracked issues`, body, rows.length > MAX.openRows)}`;
}

function reportItem(r: StateReport, ctx: RenderContext): string {
  const what = r.kind === "standup" ? "📅 Standup" : r.status !== null ? REPORT_LABEL[r.status] : "";
  const phase = r.phase.trim() !== "" ? ` (${escapeInline(r.phase, MAX.phase)})` : "";
  const parts = [
    formatWhen(timeOf(r.at), ctx.now),
    `Worker ${escapeInline(r.worker, MAX.worker)}${phase}`,
    ...(r.issue !== null ? [ref(ctx, r.issue)] : []),
    ...(what !== "" ? [what] : []),
  ];
  const summary = r.summary.trim() !== "" ? ` — ${escapeInline(r.summary, MAX.summary)}` : "";
  const l = link("comment", r.url);
  return `- ${parts.join(" · ")}${summary}${l ? ` · ${l}` : ""}`;
}

function reportsSection(state: CoordinationState, ctx: RenderContext, level: Level): string | null {
  if (state.reports.length === 0) return null;
  const head = "### 📝 Latest reports";
  const sorted = newestFirst(state.reports);
  if (level >= 4) {
    const latest = sorted[0];
    const when = latest ? `, latest ${formatWhen(timeOf(latest.at), ctx.now)}` : "";
    return `${head}\n\n${state.reports.length} reports${when}`;
  }
  const max = level === 0 ? MAX.reports : MAX.reportsDegraded;
  const shown = sorted.slice(0, max).map((r) => reportItem(r, ctx));
  const open = shown.slice(0, MAX.reportsOpen).join("\n");
  const older = shown.slice(MAX.reportsOpen);
  const rest = state.reports.length - shown.length;
  let out = `${head}\n\n${open}`;
  if (older.length > 0) {
    const label = `${older.length} older report${older.length === 1 ? "" : "s"}`;
    out += `\n\n${collapsible(label, older.join("\n"), true)}`;
  }
  if (rest > 0) out += `\n\n${rest} earlier report${rest === 1 ? "" : "s"} not shown.`;
  return out;
}

export function renderMarkdown(state: CoordinationState, ctx: RenderContext, level: Level, graph: GraphMode): string {
  const parts: (string | null)[] = ["## 📋 Coordination dashboard", headline(state, ctx)];
  if (level < 5) {
    const compact = level >= 4;
    parts.push(
      urgentSection(state, ctx, compact),
      gatesSection(state, ctx, compact),
      workersSection(state, ctx, compact),
      wavesSection(state, ctx, compact),
      blockedSection(state, ctx, compact),
      readySection(state, ctx, compact),
      criticalPathSection(state, ctx, compact),
      cyclesSection(state, ctx, compact),
      graphSection(state, ctx, graph),
      trackedSection(state, ctx, level),
      reportsSection(state, ctx, level),
    );
  }
  return parts.filter((p): p is string => p !== null).join("\n\n");
}
