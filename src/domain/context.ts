// `/status` and `/context [#N]` (SPEC §4): short answers computed from the state block alone.
//
// `/context` is for an agent that lost its memory: for one issue, its blockers and their state,
// its dependants, the gate it belongs to, the latest reports on it, the worker assigned and what
// to do next — concise Markdown plus the same facts in a fenced JSON block an agent can parse.
//
// Pure: `now` is a parameter; nothing here throws. User text reaches the Markdown only through
// `escapeInline` (logins through `quoteLogin`), so nothing pings and nothing breaks the layout.
//
// Gates are the issues the state's `gates` list names (tracked issues labelled `gate`), never
// guessed from a title. The gates of an issue are the nearest gates downstream of it (following
// edges out of the issue, not past a gate: the gate its work feeds) followed by the gates it
// directly waits for (its blockers that are gates).

import { escapeInline, quoteLogin } from "./escape.js";
import {
  capped,
  count,
  formatAge,
  formatMinutes,
  formatWhen,
  GO_LABEL,
  HOUR_MS,
  ISSUE_LABEL,
  newestFirst,
  nowMs,
  progressBar,
  refMarkdown as refMd,
  REPORT_LABEL,
  safeUrl,
  shortRef,
  timeOf,
} from "./format.js";
import { linksOf, nearestDownstream, type Links } from "./graph.js";
import { parseRefKey, type RepoContext } from "./refs.js";
import type {
  CoordinationState,
  IssueStatus,
  RefKey,
  ReportStatus,
  StateIssue,
  StateReport,
} from "./types.js";

export interface ContextFacts {
  issue: {
    ref: RefKey;
    title: string;
    state: "open" | "closed" | null;
    status: IssueStatus;
    urgent: boolean;
    wave: number | null;
    estimateMinutes: number | null;
    assignees: string[];
    worker: string | null;
    onCriticalPath: boolean;
  };
  /** Every issue with an edge into this one (done or not), open blockers first; at most MAX_LIST. */
  blockers: Array<{ ref: RefKey; title: string; status: IssueStatus; done: boolean }>;
  /** Every issue with an edge out of this one; at most MAX_LIST. */
  dependants: Array<{ ref: RefKey; title: string; status: IssueStatus }>;
  /** Nearest gates downstream, then gates this issue waits for (see the file comment). */
  gates: Array<{ ref: RefKey; title: string; status: IssueStatus }>;
  /** The latest reports and standups about this issue, newest first. */
  reports: Array<{ at: string; worker: string; status: ReportStatus | null; summary: string; url: string }>;
  /** One sentence: what to do next. */
  next: string;
  coordination: RefKey;
}

export interface ReplyOptions {
  repo: RepoContext;
  now: Date;
}

/** Bounds that keep a `/context` reply far below GitHub's 65,536-character comment limit. */
const MAX_LIST = 25;
const MAX_GATES = 10;
const MAX_REPORTS = 5;
const MAX_ASSIGNEES = 10;
const MAX_TITLE = 100;
const MAX_SUMMARY = 200;
const MAX_WORKER = 40;
const MAX_URL = 500;
/** SPEC §6 default `synthesis.staleAfterHours`: the state block does not carry the config. */
const STALE_HOURS = 24;
/** If a reply would exceed this, its Markdown details are dropped (the JSON block stays whole). */
const REPLY_MAX_CHARS = 60_000;

// ---------------------------------------------------------------------------
// Small helpers

/** At most `max` UTF-16 units, never splitting a surrogate pair; an ellipsis marks a cut. */
function clip(text: string, max: number): string {
  const s = typeof text === "string" ? text : String(text);
  if (s.length <= max) return s;
  let end = Math.max(0, max - 1);
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return s.slice(0, end) + "…";
}

const STATUS_WORDS: Record<IssueStatus, string> = {
  done: "done",
  in_progress: "in progress",
  blocked: "blocked",
  ready: "ready, not started",
  missing: "missing",
};

function statusLabel(status: IssueStatus): string {
  return ISSUE_LABEL[status] ?? "❓ Unknown";
}

// ---------------------------------------------------------------------------
// Facts

interface Graph {
  byRef: Map<string, StateIssue>;
  /** Refs compared ignoring case: a ref typed into the state block may differ in case. */
  links: Links;
  gateRefs: Set<string>;
}

const lower = (ref: RefKey): string => ref.toLowerCase();

function buildGraph(state: CoordinationState): Graph {
  const byRef = new Map<string, StateIssue>();
  for (const i of state.issues) if (!byRef.has(lower(i.ref))) byRef.set(lower(i.ref), i);
  // `blockedBy` survives when the state had to drop its edges to fit the body.
  const blockedBy = state.issues.flatMap((i) => i.blockedBy.map((b) => ({ from: b, to: i.ref })));
  const links = linksOf([...state.edges, ...blockedBy], lower);
  const gateRefs = new Set(state.gates.map((g) => lower(g.ref)));
  return { byRef, links, gateRefs };
}

function gateTitle(state: CoordinationState, ref: string): string {
  return state.gates.find((g) => g.ref.toLowerCase() === ref)?.name ?? "";
}

function cycleOf(state: CoordinationState, key: string): RefKey[] | null {
  for (const c of state.cycles) if (c.some((r) => r.toLowerCase() === key)) return c;
  return null;
}

function describeBlocker(state: CoordinationState, g: Graph, ref: RefKey): string {
  const k = ref.toLowerCase();
  const issue = g.byRef.get(k);
  const parts: string[] = [];
  if (g.gateRefs.has(k)) parts.push("gate, awaiting approval");
  parts.push(issue ? STATUS_WORDS[issue.status] : "not tracked");
  if (issue?.worker) parts.push(`worker ${clip(issue.worker, MAX_WORKER)}`);
  if (cycleOf(state, k) !== null) parts.push("in a dependency cycle");
  return parts.join(", ");
}

function listRefs(refs: string[]): string {
  if (refs.length <= 1) return refs.join("");
  return `${refs.slice(0, -1).join(", ")} and ${refs[refs.length - 1] ?? ""}`;
}

function nextStep(
  state: CoordinationState,
  g: Graph,
  issue: StateIssue,
  openBlockers: RefKey[],
  about: StateReport[],
  home: RepoContext | null,
  now: number,
): string {
  const me = shortRef(issue.ref, home);
  if (issue.status === "done") {
    const reason = issue.state === "closed" && issue.stateReason && issue.stateReason !== "completed"
      ? ` (closed as ${clip(issue.stateReason.replace(/_/g, " "), 30)})`
      : "";
    return `Done${reason} — nothing to do`;
  }
  const urgent = issue.urgent ? "Urgent: " : "";
  if (issue.status === "missing") {
    return `${urgent}Check the issue: Coordinator cannot read ${me} (deleted, transferred or not visible to the app)`;
  }
  const cycle = cycleOf(state, issue.ref.toLowerCase());
  if (cycle !== null && cycle.length > 0) {
    const shown = cycle.slice(0, 10).map((r) => shortRef(r, home));
    const first = shown[0] ?? me;
    const more = cycle.length > shown.length ? ` → … (+${cycle.length - shown.length} more)` : "";
    return (
      `${urgent}Blocked by a cycle: ${[...shown, ...(more ? [] : [first])].join(" → ")}${more}` +
      " — ask an orchestrator to remove one of these dependencies with /undepends"
    );
  }
  if (openBlockers.length > 0) {
    const shown = openBlockers.slice(0, 3).map((r) => `${shortRef(r, home)} (${describeBlocker(state, g, r)})`);
    const rest = openBlockers.length - shown.length;
    return `${urgent}Wait for ${rest > 0 ? `${shown.join(", ")} and ${rest} more` : listRefs(shown)}`;
  }
  const latest = about.find((r) => r.kind === "report") ?? about[0];
  const latestAt = latest ? timeOf(latest.at) : null;
  if (issue.status === "blocked") {
    const blockedReport = about.find((r) => r.kind === "report" && r.status === "blocked");
    if (blockedReport) {
      return (
        `${urgent}Blocked as reported by worker ${clip(blockedReport.worker, MAX_WORKER)} ` +
        `(${formatAge(timeOf(blockedReport.at), now)}): clear the blocker, then report; or /escalate ${me} <reason>`
      );
    }
    return `${urgent}Blocked, but no open blocker is recorded: ask an orchestrator to run /refresh`;
  }
  if (issue.status === "in_progress") {
    if (!latest) return `${urgent}Continue work and post a progress report: none is recorded yet`;
    const stale = latestAt === null || (Number.isFinite(now) && now - latestAt > STALE_HOURS * HOUR_MS);
    if (stale) return `${urgent}Report your progress: last report ${formatAge(latestAt, now)}`;
    const who = issue.worker ? `worker ${clip(issue.worker, MAX_WORKER)}` : "in progress";
    return (
      `${urgent}Continue work (${who}, last report ${formatAge(latestAt, now)}), ` +
      "then post a report with Status: Complete"
    );
  }
  // ready
  const hasBlockers = (g.links.into.get(issue.ref.toLowerCase()) ?? []).length > 0;
  return `${urgent}Start work: ${hasBlockers ? "all blockers are done" : "it has no blockers"}`;
}

/** What Coordinator knows about `ref`; null when this coordination does not track it. */
export function contextFacts(state: CoordinationState, ref: RefKey, now: Date): ContextFacts | null {
  const key = String(ref).trim().toLowerCase();
  const g = buildGraph(state);
  const issue = g.byRef.get(key);
  if (issue === undefined) return null;
  const home = parseRefKey(state.coordination);
  const t = nowMs(now);

  const titleOf = (r: RefKey) => clip(g.byRef.get(r.toLowerCase())?.title ?? gateTitle(state, r.toLowerCase()), MAX_TITLE);
  const statusOf = (r: RefKey): IssueStatus => g.byRef.get(r.toLowerCase())?.status ?? "missing";

  const allBlockers = (g.links.into.get(key) ?? []).map((r) => {
    const status = statusOf(r);
    return { ref: r, title: titleOf(r), status, done: status === "done" };
  });
  const open = allBlockers.filter((b) => !b.done);
  const blockers = [...open, ...allBlockers.filter((b) => b.done)].slice(0, MAX_LIST);
  const dependants = (g.links.out.get(key) ?? [])
    .slice(0, MAX_LIST)
    .map((r) => ({ ref: r, title: titleOf(r), status: statusOf(r) }));

  const gateList: RefKey[] = nearestDownstream(g.links, key, (k) => g.gateRefs.has(k), MAX_GATES);
  const listed = new Set(gateList.map((x) => x.toLowerCase()));
  for (const b of allBlockers) {
    const k = b.ref.toLowerCase();
    if (g.gateRefs.has(k) && !listed.has(k)) {
      listed.add(k);
      gateList.push(b.ref);
    }
  }
  const gates = gateList.slice(0, MAX_GATES).map((r) => ({ ref: r, title: titleOf(r), status: statusOf(r) }));

  const about = newestFirst(state.reports.filter((r) => r.issue !== null && r.issue.toLowerCase() === key));
  const reports = about.slice(0, MAX_REPORTS).map((r) => ({
    at: r.at,
    worker: clip(r.worker, MAX_WORKER),
    status: r.status,
    summary: clip(r.summary, MAX_SUMMARY),
    url: clip(r.url, MAX_URL),
  }));

  const onPath = state.criticalPath.some((r) => r.toLowerCase() === key);
  return {
    issue: {
      ref: issue.ref,
      title: clip(issue.title, MAX_TITLE),
      state: issue.state,
      status: issue.status,
      urgent: issue.urgent,
      wave: issue.wave,
      estimateMinutes: issue.estimateMinutes,
      assignees: issue.assignees.slice(0, MAX_ASSIGNEES).map((a) => clip(a, MAX_WORKER)),
      worker: issue.worker === null ? null : clip(issue.worker, MAX_WORKER),
      onCriticalPath: onPath,
    },
    blockers,
    dependants,
    gates,
    reports,
    next: nextStep(state, g, issue, open.map((b) => b.ref), about, home, t),
    coordination: state.coordination,
  };
}

// ---------------------------------------------------------------------------
// Rendering

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
