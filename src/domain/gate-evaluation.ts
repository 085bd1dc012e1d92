// A gate's criteria judged against the coordination's state (SPEC §5): issue criteria by the
// named issues' statuses, wave criteria by the plan's waves (graph.ts `stableWaves`), phase
// criteria by the phase of each issue's latest report, manual ones by a person's tick. Each
// verdict carries its evidence in words.
//
// Pure. Never throws. Linear in the criteria and the state.
import { underPhase, type Criterion, type CriterionVerdict } from "./gate-checklist.js";
import { shortRef } from "./format.js";
import { downstreamOf, linksOf, stableWaves } from "./graph.js";
import { parseRefKey, type RepoContext } from "./refs.js";
import type { CoordinationState, RefKey, StateIssue } from "./types.js";

const MAX_EVIDENCE_REFS = 10;

export interface EvaluateOptions {
  /**
   * The gate being evaluated. It and every issue that (transitively) waits for it are left out of
   * wave criteria: they cannot finish before the gate is approved, so counting them would make a
   * gate wait for itself.
   */
  gate?: RefKey;
}

/**
 * The plan's waves, stable as work finishes (graph.ts `stableWaves`): wave 1 holds the issues that
 * wait for no tracked issue, wave k those whose blockers lie in waves < k — over EVERY edge of the
 * state, finished blockers included. (`StateIssue.wave` / `state.waves` layer the OPEN issues only,
 * so they shift as work finishes: once wave 1 is done, wave 2 becomes wave 1, and "all of wave 1"
 * would only be met when everything is done.) Before anything finishes the two numberings agree.
 * Issues in a dependency cycle share one wave, so every tracked issue has a wave.
 */
function planWaves(state: CoordinationState): Map<RefKey, number> {
  const issues = Array.isArray(state.issues) ? state.issues : [];
  return stableWaves(issues.map((i) => i.ref), Array.isArray(state.edges) ? state.edges : []);
}

/** The gate and everything downstream of it. */
function excludedBy(gate: RefKey | undefined, state: CoordinationState): Set<RefKey> {
  if (gate === undefined) return new Set();
  return downstreamOf(linksOf(Array.isArray(state.edges) ? state.edges : []), gate);
}

/** The first refs of a list of `count`, then how many more. */
function listRefs(first: RefKey[], count: number, ctx: RepoContext | null): string {
  const shown = first.map((k) => shortRef(k, ctx)).join(", ");
  return count > first.length ? `${shown} and ${count - first.length} more` : shown;
}

interface WaveTable {
  /** Issues per wave (index = wave; index 0 unused), the gate and what waits for it left out. */
  total: number[];
  /** Issues in waves 1..N, and of those not done. */
  totalUpTo: number[];
  openUpTo: number[];
  /** Not-done issues by wave, then issue order: the first `openUpTo[N]` are those of waves 1..N. */
  open: RefKey[];
}

/** Counts per plan wave, once per evaluation, so each wave criterion costs O(1) plus its evidence. */
function waveTable(byRef: ReadonlyMap<RefKey, StateIssue>, state: CoordinationState, gate: RefKey | undefined): WaveTable {
  const waves = planWaves(state);
  const excluded = excludedBy(gate, state);
  const total: number[] = [0];
  const openBy: RefKey[][] = [[]];
  for (const issue of byRef.values()) {
    const w = waves.get(issue.ref);
    if (w === undefined || excluded.has(issue.ref)) continue;
    while (total.length <= w) {
      total.push(0);
      openBy.push([]);
    }
    total[w] = (total[w] ?? 0) + 1;
    if (issue.status !== "done") openBy[w]?.push(issue.ref);
  }
  const totalUpTo: number[] = [0];
  const openUpTo: number[] = [0];
  for (let w = 1; w < total.length; w++) {
    totalUpTo.push((totalUpTo[w - 1] ?? 0) + (total[w] ?? 0));
    openUpTo.push((openUpTo[w - 1] ?? 0) + (openBy[w]?.length ?? 0));
  }
  return { total, totalUpTo, openUpTo, open: openBy.flat() };
}

function issueEvidence(key: RefKey, issue: StateIssue | undefined, ctx: RepoContext | null): { met: boolean; text: string } {
  const ref = shortRef(key, ctx);
  if (!issue) return { met: false, text: `${ref} is not tracked by the coordination` };
  switch (issue.status) {
    case "done":
      if (issue.state === "closed") return { met: true, text: issue.stateReason === "not_planned" ? `${ref} closed as not planned` : `${ref} closed` };
      return { met: true, text: `${ref} done` };
    case "missing":
      return { met: false, text: `${ref} is missing or unreadable` };
    case "in_progress":
      return { met: false, text: `${ref} open (in progress)` };
    case "blocked":
      return { met: false, text: `${ref} open (blocked)` };
    default:
      return { met: false, text: issue.state === "closed" ? `${ref} closed but not done` : `${ref} open (ready)` };
  }
}

/**
 * Each criterion judged against the coordination's state:
 * - issue: met when every named issue has status "done"; an untracked or missing issue is unmet.
 * - wave N: met when every issue of waves 1..N of the plan (see `planWaves`) is done, the gate and
 *   what waits for it excepted (`options.gate`). A wave with no issue (the plan has fewer waves,
 *   or nothing is tracked) is unmet: an approval should not pass on a typo.
 * - manual: met when ticked.
 */
export function evaluateCriteria(criteria: Criterion[], state: CoordinationState, options: EvaluateOptions = {}): CriterionVerdict[] {
  const list = Array.isArray(criteria) ? criteria : [];
  const issues = Array.isArray(state?.issues) ? state.issues : [];
  const byRef = new Map<RefKey, StateIssue>();
  for (const issue of issues) if (!byRef.has(issue.ref)) byRef.set(issue.ref, issue);
  const coordination = parseRefKey(typeof state?.coordination === "string" ? state.coordination : "");
  const ctx: RepoContext | null = coordination ? { owner: coordination.owner, repo: coordination.repo } : null;
  let table: WaveTable | null = null;

  return list.map((criterion): CriterionVerdict => {
    if (criterion.kind === "issue") {
      const keys = Array.isArray(criterion.issues) ? criterion.issues : [];
      if (keys.length === 0) return { criterion, met: false, evidence: "names no issue" };
      const parts = keys.slice(0, MAX_EVIDENCE_REFS).map((k) => issueEvidence(k, byRef.get(k), ctx));
      const rest = keys.slice(MAX_EVIDENCE_REFS).map((k) => issueEvidence(k, byRef.get(k), ctx));
      const met = parts.every((p) => p.met) && rest.every((p) => p.met);
      const restOpen = rest.filter((p) => !p.met).length;
      const more = rest.length === 0 ? "" : restOpen === 0 ? `; ${rest.length} more done` : `; ${rest.length} more, ${restOpen} not done`;
      return { criterion, met, evidence: parts.map((p) => p.text).join("; ") + more };
    }
    if (criterion.kind === "wave") {
      const n = criterion.wave;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 1) return { criterion, met: false, evidence: "names no wave" };
      table ??= waveTable(byRef, state, options.gate);
      const last = table.total.length - 1;
      if (n > last || (table.total[n] ?? 0) === 0) {
        return { criterion, met: false, evidence: last < 1 ? `wave ${n}: no tracked issues` : `wave ${n}: no such wave (the plan has ${last})` };
      }
      const total = table.totalUpTo[n] ?? 0;
      const open = table.openUpTo[n] ?? 0;
      const label = n === 1 ? "wave 1" : `waves 1–${n}`;
      const names = table.open.slice(0, Math.min(open, MAX_EVIDENCE_REFS));
      const evidence = `${label}: ${total - open} of ${total} done` + (open > 0 ? ` (not done: ${listRefs(names, open, ctx)})` : "");
      return { criterion, met: open === 0, evidence };
    }
    if (criterion.kind === "phase" && typeof criterion.phase === "string") {
      // The issues whose latest report names this phase (or one under it: Phase 1 covers 1.2).
      const phase = criterion.phase;
      const latest = new Map<RefKey, { at: string; phase: string }>();
      for (const r of Array.isArray(state?.reports) ? state.reports : []) {
        if (r.kind !== "report" || r.issue === null) continue;
        const seen = latest.get(r.issue);
        if (!seen || r.at > seen.at) latest.set(r.issue, { at: r.at, phase: r.phase });
      }
      const members = [...latest].filter(([ref, l]) => ref !== options.gate && underPhase(l.phase, phase)).map(([ref]) => ref);
      if (members.length === 0) return { criterion, met: false, evidence: `phase ${phase}: no issue reported under it yet` };
      const open = members.filter((ref) => byRef.get(ref)?.status !== "done");
      const evidence = `phase ${phase}: ${members.length - open.length} of ${members.length} done` + (open.length > 0 ? ` (not done: ${listRefs(open.slice(0, MAX_EVIDENCE_REFS), open.length, ctx)})` : "");
      return { criterion, met: open.length === 0, evidence };
    }
    return { criterion, met: criterion.checked === true, evidence: criterion.checked ? "ticked by a person" : "not ticked" };
  });
}
