// The Go/No-Go rule (SPEC §1): the colour of a coordination and the rule that set it, in words.
// The dashboard's headline (`state.status`, `state.statusReason`) and the daily Team Status use
// this one rule set, so they never disagree.
//
// Pure; never throws on a state of the documented shape (test/domain/go-no-go.test.ts checks odd
// ones). Names in the rule are bounded plain text: whoever renders it escapes it.

import { newestFirst, plural, shortRef } from "./format.js";
import { parseRefKey, type RepoContext } from "./refs.js";
import type { CoordinationState, GoNoGo, RefKey, StateGate, StateIssue, StateReport } from "./types.js";

/**
 * What sets the Go/No-Go colour. The first rule that fires decides, RED before YELLOW:
 *
 * - RED when `redOnUrgent` and an urgent item is open (an urgent comment whose issue is not done);
 * - RED when `redOnBlockedCriticalPath` and an issue on the critical path is *stuck* (below);
 * - RED when `redOnRejectedGate` (default on) and a gate carries a NO-GO;
 * - YELLOW when at least `yellowOnStaleWorkers` workers are stale (0 disables);
 * - YELLOW when at least `yellowOnBlocked` issues off the critical path are stuck (0 disables);
 *   with `redOnBlockedCriticalPath` off, stuck critical-path issues count here instead;
 * - YELLOW when `yellowOnCycles` and the dependency graph has a cycle;
 * - GREEN otherwise.
 *
 * An issue is *stuck* when its status is blocked and either the latest report on it says Blocked,
 * or it has no open blocker recorded, or one of its blockers is missing (cannot finish). An issue
 * that only waits for open dependencies is the plan at work, not a problem: it is listed under
 * Blocked ("waiting on …") but does not change the colour — what it waits for does, if stuck.
 */
export interface SynthesisThresholds {
  redOnUrgent: boolean;
  redOnBlockedCriticalPath: boolean;
  /** At least this many stale workers → YELLOW; 0 disables. */
  yellowOnStaleWorkers: number;
  /** At least this many stuck issues off the critical path → YELLOW; 0 disables. */
  yellowOnBlocked: number;
  yellowOnCycles: boolean;
  /** A gate with a NO-GO (rejected) → RED. Absent means true. */
  redOnRejectedGate?: boolean;
}

export const DEFAULT_THRESHOLDS: SynthesisThresholds = Object.freeze({
  redOnUrgent: true,
  redOnBlockedCriticalPath: true,
  yellowOnStaleWorkers: 1,
  yellowOnBlocked: 1,
  yellowOnCycles: true,
  redOnRejectedGate: true,
});

export interface Rules {
  redOnUrgent: boolean;
  redOnBlockedCriticalPath: boolean;
  redOnRejectedGate: boolean;
  yellowOnStaleWorkers: number;
  yellowOnBlocked: number;
  yellowOnCycles: boolean;
}

/** Thresholds with anything missing or unusable replaced: booleans default, counts < 1 or NaN disable. */
export function goNoGoRules(t: SynthesisThresholds | undefined | null): Rules {
  const o: Partial<SynthesisThresholds> = typeof t === "object" && t !== null ? t : {};
  const flag = (v: unknown, d: boolean) => (typeof v === "boolean" ? v : d);
  const count = (v: unknown, d: number) => {
    if (v === undefined) return d;
    return typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.ceil(v) : 0;
  };
  return {
    redOnUrgent: flag(o.redOnUrgent, true),
    redOnBlockedCriticalPath: flag(o.redOnBlockedCriticalPath, true),
    redOnRejectedGate: flag(o.redOnRejectedGate, true),
    yellowOnStaleWorkers: count(o.yellowOnStaleWorkers, 1),
    yellowOnBlocked: count(o.yellowOnBlocked, 1),
    yellowOnCycles: flag(o.yellowOnCycles, true),
  };
}

/** Facts about a state that the verdict and the comment share. */
export interface Facts {
  home: RepoContext | null;
  byRef: Map<RefKey, StateIssue>;
  onPath: Set<RefKey>;
  /** Reports (not standups) per issue, newest first. */
  reportsByIssue: Map<RefKey, StateReport[]>;
}

export function factsOf(state: CoordinationState, home: RepoContext | null): Facts {
  const byRef = new Map<RefKey, StateIssue>();
  for (const i of state.issues) if (!byRef.has(i.ref)) byRef.set(i.ref, i);
  const reportsByIssue = new Map<RefKey, StateReport[]>();
  for (const r of newestFirst(state.reports)) {
    if (r.kind !== "report" || r.issue === null) continue;
    const list = reportsByIssue.get(r.issue);
    if (list) list.push(r);
    else reportsByIssue.set(r.issue, [r]);
  }
  return { home, byRef, onPath: new Set(state.criticalPath), reportsByIssue };
}

function homeOf(state: CoordinationState): RepoContext | null {
  const ref = typeof state.coordination === "string" ? parseRefKey(state.coordination) : null;
  return ref ? { owner: ref.owner, repo: ref.repo } : null;
}

export function openBlockers(issue: StateIssue, f: Facts): RefKey[] {
  return issue.blockedBy.filter((b) => f.byRef.get(b)?.status !== "done");
}

/** Blocked for a reason other than waiting for open dependencies (see `SynthesisThresholds`). */
export function isStuck(issue: StateIssue, f: Facts): boolean {
  if (issue.status !== "blocked") return false;
  if (f.reportsByIssue.get(issue.ref)?.[0]?.status === "blocked") return true;
  const open = openBlockers(issue, f);
  return open.length === 0 || open.some((b) => f.byRef.get(b)?.status === "missing");
}

/** Urgent items whose issue is not done, one per issue, oldest first. */
export function openUrgentRefs(state: CoordinationState, f: Facts): RefKey[] {
  const out: RefKey[] = [];
  const seen = new Set<RefKey>();
  const add = (ref: RefKey) => {
    if (seen.has(ref) || f.byRef.get(ref)?.status === "done") return;
    seen.add(ref);
    out.push(ref);
  };
  for (const u of state.urgent) add(u.ref);
  for (const i of state.issues) if (i.urgent) add(i.ref);
  return out;
}

/** The gates with a NO-GO, by name (and ref), or by ref when they have no name. */
function rejectedGateNames(gates: readonly StateGate[], home: RepoContext | null): string[] {
  return gates
    .filter((g) => g.state === "no-go")
    .map((g) => {
      const refLabel = plainRef(g.ref, home);
      return g.name.trim() !== "" ? `"${plain(g.name, 60)}" (${refLabel})` : refLabel;
    });
}

/** One line of plain text (the rule is plain text: whoever renders it escapes it). */
function plain(text: string, max: number): string {
  let s = "";
  for (const ch of String(text)) {
    const c = ch.codePointAt(0) ?? 0;
    const blank = c <= 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || /\s/.test(ch);
    if (!blank) s += ch;
    else if (s !== "" && !s.endsWith(" ")) s += " ";
    if (s.length > max + 1) break;
  }
  s = s.trimEnd();
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** `#12` in the coordination's repository, `owner/repo#12` elsewhere; odd keys as bounded text. */
function plainRef(key: string, home: RepoContext | null): string {
  return parseRefKey(key) === null ? plain(key, 120) : shortRef(key, home);
}

/** A few names, then how many more. */
function few(names: string[], max = 5): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

export interface Verdict {
  status: GoNoGo;
  /** Why, without the colour prefix. */
  reason: string;
}

export function verdictOf(state: CoordinationState, rules: Rules, f: Facts): Verdict {
  const ref = (k: RefKey) => plainRef(k, f.home);
  const red: string[] = [];
  if (rules.redOnUrgent) {
    const urgent = openUrgentRefs(state, f);
    if (urgent.length === 1) red.push(`urgent item open on ${few(urgent.map(ref))}`);
    else if (urgent.length > 1) red.push(`${urgent.length} urgent items open (${few(urgent.map(ref))})`);
  }
  const stuck = state.issues.filter((i) => isStuck(i, f));
  const stuckOnPath = stuck.filter((i) => f.onPath.has(i.ref));
  if (rules.redOnBlockedCriticalPath && stuckOnPath.length > 0) {
    red.push(
      stuckOnPath.length === 1
        ? `${few(stuckOnPath.map((i) => ref(i.ref)))} on the critical path is blocked`
        : `${stuckOnPath.length} critical-path issues are blocked (${few(stuckOnPath.map((i) => ref(i.ref)))})`,
    );
  }
  if (rules.redOnRejectedGate) {
    const gates = rejectedGateNames(state.gates, f.home);
    if (gates.length === 1) red.push(`gate ${few(gates)} is NO-GO`);
    else if (gates.length > 1) red.push(`${gates.length} gates are NO-GO (${few(gates, 3)})`);
  }
  if (red.length > 0) return { status: "RED", reason: red.join("; ") };

  const yellow: string[] = [];
  const calm: string[] = [];
  const staleWorkers = state.workers.filter((w) => w.stale);
  const staleNames = staleWorkers.map((w) => `Worker ${plain(w.id, 40)}`);
  if (rules.yellowOnStaleWorkers > 0 && staleWorkers.length >= rules.yellowOnStaleWorkers) {
    yellow.push(`${plural(staleWorkers.length, "stale worker")} (${few(staleNames)})`);
  } else if (staleWorkers.length > 0) {
    const note = rules.yellowOnStaleWorkers > 0 ? `YELLOW from ${rules.yellowOnStaleWorkers}` : "not counted";
    calm.push(`${plural(staleWorkers.length, "stale worker")} (${note})`);
  } else calm.push("no stale worker");

  const counted = rules.redOnBlockedCriticalPath ? stuck.filter((i) => !f.onPath.has(i.ref)) : stuck;
  const where = rules.redOnBlockedCriticalPath ? " off the critical path" : "";
  const blockedNames = counted.map((i) => ref(i.ref) + (f.onPath.has(i.ref) ? " on the critical path" : ""));
  if (rules.yellowOnBlocked > 0 && counted.length >= rules.yellowOnBlocked) {
    yellow.push(
      counted.length === 1
        ? `${few(blockedNames)} is blocked${where}`
        : `${counted.length} issues blocked${where} (${few(blockedNames)})`,
    );
  } else if (counted.length > 0) {
    const note = rules.yellowOnBlocked > 0 ? `YELLOW from ${rules.yellowOnBlocked}` : "not counted";
    calm.push(`${plural(counted.length, "blocked issue")}${where} (${note})`);
  } else calm.push(`no blocked issue${where}`);

  const cycles = Array.isArray(state.cycles) ? state.cycles.filter((c) => Array.isArray(c) && c.length > 0) : [];
  const firstCycle = cycles[0];
  if (rules.yellowOnCycles && firstCycle !== undefined) {
    const shown = firstCycle.slice(0, 6).map(ref);
    const loop = firstCycle.length <= 6 ? [...shown, ref(firstCycle[0] ?? "")] : [...shown, "…"];
    yellow.push(`${plural(cycles.length, "dependency cycle")} (${loop.join(" → ")})`);
  } else if (cycles.length > 0) calm.push(`${plural(cycles.length, "dependency cycle")} (not counted)`);
  else calm.push("no dependency cycle");

  if (yellow.length > 0) return { status: "YELLOW", reason: yellow.join("; ") };
  const checked: string[] = [];
  if (rules.redOnUrgent) checked.push("no open urgent item");
  if (rules.redOnBlockedCriticalPath) checked.push("critical path not blocked");
  if (rules.redOnRejectedGate) checked.push("no NO-GO gate");
  return { status: "GREEN", reason: [...checked, ...calm].join(", ") };
}

/**
 * The Go/No-Go colour of a state and the rule that set it, in words, as plain text starting with
 * the colour (`RED: #973 on the critical path is blocked`). Names in it are bounded and on one
 * line but not Markdown-escaped: escape the rule when rendering it (the dashboard escapes
 * `statusReason`). Refs are short in the coordination's repository. Stale flags are taken from
 * `state.workers` as they are (`renderSynthesis` recomputes them for its clock first).
 */
export function goNoGoVerdict(state: CoordinationState, t: SynthesisThresholds): { status: GoNoGo; rule: string } {
  const v = verdictOf(state, goNoGoRules(t), factsOf(state, homeOf(state)));
  return { status: v.status, rule: plain(`${v.status}: ${v.reason}`, 500) };
}

/** The rules in force, in words, for the foot of the Team Status. */
export function rulesNote(rules: Rules): string {
  const red: string[] = [];
  if (rules.redOnUrgent) red.push("an open urgent item");
  if (rules.redOnBlockedCriticalPath) red.push("a blocked issue on the critical path");
  if (rules.redOnRejectedGate) red.push("a NO-GO gate");
  const yellow: string[] = [];
  if (rules.yellowOnStaleWorkers > 0) yellow.push(`${plural(rules.yellowOnStaleWorkers, "stale worker")} or more`);
  if (rules.yellowOnBlocked > 0) {
    yellow.push(
      `${plural(rules.yellowOnBlocked, "blocked issue")} or more${rules.redOnBlockedCriticalPath ? " off the critical path" : ""}`,
    );
  }
  if (rules.yellowOnCycles) yellow.push("a dependency cycle");
  const redText = red.length > 0 ? `RED on ${red.join(", ")}` : "RED never";
  const yellowText = yellow.length > 0 ? `YELLOW on ${yellow.join(", ")}` : "YELLOW never";
  return (
    `<sub>${redText}; ${yellowText}; GREEN otherwise. Blocked counts an issue reported Blocked ` +
    `or blocked with no open blocking issue; issues waiting on open dependencies do not count.</sub>`
  );
}

