// `/status` and `/context [#N]` (SPEC §4): short answers computed from the state block alone.
//
// `/context` is for an agent that lost its memory: the facts about one issue (issue-context.ts)
// as concise Markdown plus the same facts in a fenced JSON block an agent can parse.
//
// Pure: `now` is a parameter; nothing here throws. User text reaches the Markdown only through
// `escapeInline` (logins through `quoteLogin`), so nothing pings and nothing breaks the layout.

import { escapeInline, quoteLogin } from "./escape.js";
import {
  capped,
  clip,
  count,
  formatAge,
  formatMinutes,
  formatWhen,
  GO_LABEL,
  ISSUE_LABEL,
  nowMs,
  progressBar,
  refMarkdown as refMd,
  REPORT_LABEL,
  safeUrl,
  shortRef,
  timeOf,
} from "./format.js";
import { MAX_TITLE, MAX_WORKER, type ContextFacts } from "./issue-context.js";
import type { RepoContext } from "./refs.js";
import type { CoordinationState, IssueStatus, RefKey, StateIssue } from "./types.js";

export interface ReplyOptions {
  repo: RepoContext;
  now: Date;
}

/** If a reply would exceed this, its Markdown details are dropped (the JSON block stays whole). */
const REPLY_MAX_CHARS = 60_000;

function statusLabel(status: IssueStatus): string {
  return ISSUE_LABEL[status] ?? "❓ Unknown";
}

/**
 * Characters that only ever occur inside JSON strings, replaced by their `\uXXXX` escapes (which
 * parse back to the same value): no backtick (so no fence can close early), no `@` (no mention),
 * no `<`/`>`/`&` (no HTML or marker look-alike), no line separators or bidi controls.
 */
const JSON_UNSAFE = /[`@<>&\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Pretty JSON that is safe inside a ```json fence and pings nobody. */
function fencedJson(value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(value, null, 2) ?? "null";
  } catch {
    json = "null";
  }
  const safe = json.replace(JSON_UNSAFE, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  return "```json\n" + safe + "\n```";
}

function issueLine(i: { ref: RefKey; title: string; status: IssueStatus }, home: RepoContext): string {
  const title = i.title.trim() !== "" ? ` ${escapeInline(i.title, 80)}` : "";
  return `${refMd(i.ref, home)}${title} — ${statusLabel(i.status)}`;
}

function reportLine(r: ContextFacts["reports"][number], now: number): string {
  const t = timeOf(r.at);
  const what = r.status !== null ? ` · ${REPORT_LABEL[r.status] ?? ""}` : " · 📅 Standup";
  const summary = r.summary.trim() !== "" ? ` — ${escapeInline(r.summary, 120)}` : "";
  const url = safeUrl(r.url);
  return (
    `- ${formatWhen(t, now)} · Worker ${escapeInline(r.worker, MAX_WORKER)}${what}` +
    `${summary}${url !== null ? ` · [comment](${url})` : ""}`
  );
}

function contextDetails(f: ContextFacts, home: RepoContext, now: number): string[] {
  const lines: string[] = [];
  const i = f.issue;
  const meta = [
    statusLabel(i.status),
    i.state ?? "unreadable",
    ...(i.wave !== null ? [`wave ${i.wave}`] : []),
    ...(i.estimateMinutes !== null && Number.isFinite(i.estimateMinutes) ? [`est. ${formatMinutes(i.estimateMinutes)}`] : []),
    ...(i.onCriticalPath ? ["🎯 critical path"] : []),
    ...(i.urgent ? ["🚨 urgent"] : []),
  ];
  lines.push(meta.join(" · "));
  const who = [
    `**Worker**: ${i.worker !== null ? escapeInline(i.worker, MAX_WORKER) : "none"}`,
    `**Assignees**: ${i.assignees.length > 0 ? i.assignees.map(quoteLogin).join(", ") : "none"}`,
  ];
  lines.push(who.join(" · "));

  const openCount = f.blockers.filter((b) => !b.done).length;
  if (f.blockers.length === 0) {
    lines.push("", "**Blockers**: none", "");
  } else {
    lines.push("", `**Blockers** (${openCount} open of ${f.blockers.length}):`);
    const shown = f.blockers.slice(0, 8);
    for (const b of shown) lines.push(`- ${issueLine(b, home)}`);
    if (f.blockers.length > shown.length) lines.push(`- … and ${f.blockers.length - shown.length} more (see the JSON)`);
    lines.push(""); // a list swallows the next line unless a blank line ends it
  }
  const deps = f.dependants.slice(0, 8).map((d) => `${refMd(d.ref, home)} (${statusLabel(d.status)})`);
  const moreDeps = f.dependants.length - deps.length;
  lines.push(
    `**Dependants**: ${deps.length > 0 ? deps.join(", ") + (moreDeps > 0 ? `, … (+${moreDeps} more)` : "") : "none"}`,
  );
  if (f.gates.length > 0) {
    const gates = f.gates.slice(0, 3).map((g) => issueLine(g, home));
    const more = f.gates.length - gates.length;
    lines.push(`**Gate**: ${gates.join("; ")}${more > 0 ? `; … (+${more} more)` : ""}`);
  }
  if (f.reports.length === 0) {
    lines.push("", "**Latest reports**: none");
  } else {
    lines.push("", "**Latest reports**:", ...f.reports.map((r) => reportLine(r, now)));
  }
  return lines;
}

/**
 * The `/context` reply: concise Markdown (at most about 40 lines), then the facts in a ```json
 * fence. For a tracked issue the JSON is exactly `facts`; for an untracked `ref` (facts null) it
 * is `{ "ref", "tracked": false, "next" }`.
 */
export function renderContext(facts: ContextFacts | null, ref: RefKey, opts: ReplyOptions): string {
  const home = opts.repo;
  const now = nowMs(opts.now);
  if (facts === null) {
    const raw = clip(String(ref), 200);
    const label = refMd(raw, home);
    const next = `Not tracked by this coordination — an orchestrator can add it with /track ${shortRef(raw, home)}`;
    return [
      `### 🧭 Context for ${label}`,
      "",
      `${label} is not tracked by this coordination, so Coordinator knows nothing about it.`,
      `**Next**: ${escapeInline(next, 300)}.`,
      "",
      fencedJson({ ref: raw, tracked: false, next }),
    ].join("\n");
  }
  const i = facts.issue;
  const title = i.title.trim() !== "" ? ` — ${escapeInline(i.title, MAX_TITLE)}` : "";
  const head = `### 🧭 Context for ${refMd(i.ref, home)}${title}`;
  const next = `**Next**: ${escapeInline(facts.next, 400)}.`;
  const footer = `Coordination: ${refMd(facts.coordination, home)} · the JSON below holds the same facts.`;
  const json = fencedJson(facts);
  const full = [head, "", ...contextDetails(facts, home, now), "", next, "", footer, "", json].join("\n");
  if (full.length <= REPLY_MAX_CHARS) return full;
  return [head, "", next, "", footer, "", json].join("\n");
}

/** Ready issues to start next: critical path first (in path order), then in tracking order. */
function nextReady(state: CoordinationState): StateIssue[] {
  const ready = state.issues.filter((i) => i.status === "ready");
  const rank = new Map<string, number>();
  state.criticalPath.forEach((r, n) => {
    if (!rank.has(r.toLowerCase())) rank.set(r.toLowerCase(), n);
  });
  return ready
    .map((i, n) => ({ i, n, p: rank.get(i.ref.toLowerCase()) ?? Number.POSITIVE_INFINITY }))
    .sort((a, b) => (a.p === b.p ? a.n - b.n : a.p < b.p ? -1 : 1))
    .map((x) => x.i);
}

/** The `/status` reply: at most 12 lines. */
export function renderStatus(state: CoordinationState, opts: ReplyOptions): string {
  const home = opts.repo;
  const now = nowMs(opts.now);
  const done = count(state.progress.done);
  const total = count(state.progress.total);
  const pct = total > 0 ? Math.floor(Math.min(1, done / total) * 100) : 0;
  const reason = state.statusReason.trim() !== "" ? ` — ${escapeInline(state.statusReason, 200)}` : "";
  const lines = [
    `### 📊 Status of ${refMd(state.coordination, home)}`,
    `${progressBar(done, total)} **${done}/${total} done (${pct}%)** · ${GO_LABEL[state.status] ?? state.status}${reason}`,
  ];
  if (state.issues.length === 0) {
    lines.push("Nothing tracked yet: an orchestrator can add issues with `/track #N`.");
    return lines.join("\n");
  }
  const c: Record<IssueStatus, number> = { done: 0, in_progress: 0, blocked: 0, ready: 0, missing: 0 };
  for (const i of state.issues) if (c[i.status] !== undefined) c[i.status] += 1;
  lines.push(
    `🔄 ${c.in_progress} in progress · ⚠️ ${c.blocked} blocked · ▶️ ${c.ready} ready` +
      (c.missing > 0 ? ` · ❓ ${c.missing} missing` : ""),
  );
  if (state.urgent.length > 0) {
    const items = state.urgent.map((u) => {
      const summary = u.summary.trim() !== "" ? ` — ${escapeInline(u.summary, 80)}` : "";
      return `${refMd(u.ref, home)}${summary}`;
    });
    lines.push(`🚨 Urgent: ${capped(items, 3, "; ")}`);
  }
  const stale = state.workers.filter((w) => w.stale);
  if (stale.length > 0) {
    const items = stale.map((w) => {
      const parts = [
        ...(w.login !== "" ? [quoteLogin(w.login)] : []),
        ...(w.issue !== null ? [refMd(w.issue, home)] : []),
        `last report ${formatAge(timeOf(w.lastReportAt), now)}`,
      ];
      return `worker ${escapeInline(w.id, MAX_WORKER)} (${parts.join(", ")})`;
    });
    lines.push(`⏰ Stale: ${capped(items, 3, "; ")}`);
  }
  const onPath = new Set(state.criticalPath.map((r) => r.toLowerCase()));
  const ready = nextReady(state);
  if (ready.length > 0) {
    lines.push(`▶️ Next ready${ready.length > 5 ? ` (5 of ${ready.length})` : ""}, critical path first:`);
    for (const i of ready.slice(0, 5)) {
      const title = i.title.trim() !== "" ? ` ${escapeInline(i.title, 60)}` : "";
      lines.push(`- ${refMd(i.ref, home)}${onPath.has(i.ref.toLowerCase()) ? " 🎯" : ""}${title}`);
    }
  } else if (c.done < state.issues.length) {
    lines.push("▶️ Nothing is ready to start: every open issue waits for another.");
  }
  lines.push("Details: the dashboard in the coordination issue · `/context #N` for one issue.");
  return lines.join("\n");
}
