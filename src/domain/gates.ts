// Gates (SPEC §5): an issue labelled `gate` whose body is a checklist of criteria.
//
// - A criterion is a top-level task-list item (`- [ ]`, `* [x]`, `1. [X]`) of live Markdown: items in
//   code blocks, `>` quotes, HTML or nested lists are not criteria.
// - "issue" criteria name issues (`- [ ] #972 closed`): met when every named issue is done.
//   "wave" criteria say "all of wave N" / "wave N complete" / "Wave N done": met when every issue
//   of waves 1..N of the plan is done (see `planWaves` for what "wave N" means here).
//   Everything else is "manual": met when a person ticked it.
// - `syncChecklist` ticks and unticks issue, wave and phase criteria only; every other byte of the body,
//   a person's ticks included, is kept, so editing the body or syncing again never loses them.
// - Approval is label-based; `decideApproval` writes the decision comment, whose hidden marker
//   names the gate, the outcome and a digest of who decided on which criteria, so a redelivered
//   webhook finds the comment it already posted.
//
// Pure: no I/O, no clock (the time comes in). Never throws. Linear in the body and the state.
import type { CoordinationState, GateState, IssueRef, RefKey, StateIssue } from "./types.js";
import { escapeCode, escapeInline, quoteLogin } from "./escape.js";
import { plainInline, referenceText } from "./inline.js";
import { blockTokens, cut } from "./markdown.js";
import { findRefs, formatRef, parseRefKey, refKey, type RepoContext } from "./refs.js";
import { fnv1a } from "./hash.js";
import { downstreamOf, linksOf, stableWaves } from "./graph.js";

export type CriterionKind = "issue" | "wave" | "phase" | "manual";

export interface Criterion {
  /** Index, in the body's lines (split at `\n`, `\r\n` or `\r`), of the line holding the checkbox. */
  line: number;
  /** The item's text after the checkbox, plain (markup dropped), one line, at most `MAX_CRITERION_TEXT`. */
  text: string;
  checked: boolean;
  kind: CriterionKind;
  /** The issues named ("issue" criteria only; empty otherwise). */
  issues: RefKey[];
  /** N of "all of wave N" ("wave" criteria only; null otherwise). */
  wave: number | null;
  /** The phase of "all of Phase 1.2" / "Phase 2 complete" ("phase" criteria only; absent otherwise). */
  phase?: string | null;
}

export interface CriterionVerdict {
  criterion: Criterion;
  met: boolean;
  /** Why, in words: "#972 closed", "wave 1: 3 of 3 done", "ticked by a person", "not ticked". Plain text. */
  evidence: string;
}

export type { GateState } from "./types.js";

export interface GateSummary {
  ref: RefKey;
  name: string;
  state: GateState;
  met: number;
  total: number;
  /** "criterion — evidence" for each unmet criterion (plain text, at most `MAX_UNMET`). */
  unmet: string[];
}

export interface Decision {
  kind: "go" | "no-go" | "refused";
  /** Comment Markdown starting with `gateDecisionMarker(…)`. */
  body: string;
}

export interface ApprovalInput {
  gate: RefKey;
  approver: string;
  approverAllowed: boolean;
  /** Why the approver may or may not approve (shown when refused). */
  approverReason: string;
  verdicts: CriterionVerdict[];
  now: Date;
  /** The gate's repository, for short references. */
  repo: RepoContext;
}

/** The hidden marker at the top of every gate body `/gate` creates. */
export const GATE_MARKER = "<!-- coordinator:gate -->";
/** Criteria read from one body; the rest are ignored (a gate with more is not a checklist anyone reads). */
export const MAX_CRITERIA = 200;
export const MAX_CRITERION_TEXT = 200;
/** Issues `renderGateBody` lists; `/gate` accepts no more (commands' MAX_ISSUES). */
export const MAX_GATE_ISSUES = 100;
const MAX_EVIDENCE_REFS = 10;
const MAX_UNMET = 50;
const MAX_NAME = 100;
const MAX_WAVE = 10_000;

interface TaskItem {
  line: number;
  /** Offset of the character between the brackets, within the line. */
  at: number;
  checked: boolean;
  /** The item's first paragraph after the checkbox, raw Markdown. */
  raw: string;
}

/** Splits like markdown-it counts lines: at `\r\n`, `\r` or `\n`. Odd entries are the separators. */
function splitKeepingBreaks(text: string): string[] {
  return text.split(/(\r\n|\r|\n)/);
}

const isBlank = (c: string | undefined) => c === " " || c === "\t";

/**
 * Offset of the character inside `[ ]` on a line that starts a task item's paragraph, or -1.
 * `afterMarker`: the line also holds the list marker (`-`, `*`, `+`, `1.`, `1)`) before the box.
 */
function boxOffset(line: string, afterMarker: boolean): number {
  let i = 0;
  while (isBlank(line[i])) i++;
  if (afterMarker) {
    const c = line[i];
    if (c === "-" || c === "*" || c === "+") i++;
    else {
      const start = i;
      while (i - start < 9 && line[i] !== undefined && /[0-9]/.test(line[i] ?? "")) i++;
      if (i === start || (line[i] !== "." && line[i] !== ")")) return -1;
      i++;
    }
    while (isBlank(line[i])) i++;
  }
  return line[i] === "[" && line[i + 2] === "]" ? i + 1 : -1;
}

const TASK = /^\[([ xX])\]\s+(\S[\s\S]*)$/;

/** Top-level task items of live Markdown, in order. */
function taskItems(body: string): TaskItem[] {
  // markdown.ts's block parser: its token line maps tie a task item to the line of its checkbox.
  const { source, tokens } = blockTokens(body);
  const lines = splitKeepingBreaks(source);
  const out: TaskItem[] = [];
  for (let j = 0; j + 2 < tokens.length && out.length < MAX_CRITERIA; j++) {
    const item = tokens[j];
    // Items of a list at the top level have level 1; lists in quotes or in other items are deeper.
    if (!item || item.type !== "list_item_open" || item.level !== 1 || !item.map) continue;
    const para = tokens[j + 1];
    const inline = tokens[j + 2];
    if (!para || para.type !== "paragraph_open" || !para.map || !inline || inline.type !== "inline") continue;
    const m = TASK.exec(inline.content);
    if (!m) continue;
    const line = para.map[0];
    const text = lines[line * 2] ?? "";
    const at = boxOffset(text, line === item.map[0]);
    const checked = m[1] !== " ";
    // The byte found must be the box the parser saw; otherwise the item is left alone.
    if (at < 0 || text[at] !== m[1]) continue;
    out.push({ line, at, checked, raw: m[2] ?? "" });
  }
  return out;
}

function criterionText(raw: string): string {
  return cut(plainInline(raw).replace(/\s+/g, " ").trim(), MAX_CRITERION_TEXT);
}

const WAVE_PATTERNS = [/\ball\s+(?:of\s+)?(?:the\s+)?wave\s+(\d{1,5})\b/i, /\bwave\s+(\d{1,5})\s+(?:is\s+)?(?:complete|completed|done|finished)\b/i];

const PHASE_PATTERNS = [
  /\ball\s+(?:of\s+)?(?:the\s+)?phase\s+([A-Za-z0-9][\w.-]{0,19})\b/i,
  /\bphase\s+([A-Za-z0-9][\w.-]{0,19})\s+(?:is\s+)?(?:complete|completed|done|finished)\b/i,
];

/** The phase a criterion names ("all of Phase 1", "Phase 2.1 done"), normalised: `1`, `2.1`. */
function phaseName(text: string): string | null {
  for (const pattern of PHASE_PATTERNS) {
    const m = pattern.exec(text);
    if (m?.[1]) return m[1].toLowerCase().replace(/[.-]+$/, "");
  }
  return null;
}

/** Whether a report's phase ("Phase 1.2 - Schema") falls under a criterion's phase ("1"). */
function underPhase(reported: string, phase: string): boolean {
  const m = /phase\s+([A-Za-z0-9][\w.-]{0,19})/i.exec(reported);
  const name = (m?.[1] ?? reported.trim()).toLowerCase().replace(/[.-]+$/, "");
  return name === phase || name.startsWith(`${phase}.`);
}

function waveNumber(text: string): number | null {
  for (const pattern of WAVE_PATTERNS) {
    const m = pattern.exec(text);
    const n = m ? Number(m[1]) : Number.NaN;
    if (Number.isInteger(n) && n >= 1 && n <= MAX_WAVE) return n;
  }
  return null;
}

/**
 * The criteria of a gate body: its top-level task-list items of live Markdown (at most
 * `MAX_CRITERIA`). An item naming at least one issue is an "issue" criterion (all must be done);
 * one saying "all of wave N", "wave N complete" or "wave N done" (any case) is a "wave" criterion;
 * the rest are "manual". References in code spans do not count, as GitHub does not link them.
 */
export function parseCriteria(body: string, ctx: RepoContext): Criterion[] {
  return taskItems(body).map((item) => {
    const text = criterionText(item.raw);
    const refs = findRefs(referenceText(item.raw), ctx).map(refKey);
    const wave = refs.length === 0 ? waveNumber(text) : null;
    const phase = refs.length === 0 && wave === null ? phaseName(text) : null;
    const kind: CriterionKind = refs.length > 0 ? "issue" : wave !== null ? "wave" : phase !== null ? "phase" : "manual";
    return kind === "phase" ? { line: item.line, text, checked: item.checked, kind, issues: refs, wave, phase } : { line: item.line, text, checked: item.checked, kind, issues: refs, wave };
  });
}

// ---------------------------------------------------------------------------
// Evaluation

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

function shortRef(key: RefKey, ctx: RepoContext | null): string {
  const ref = parseRefKey(key);
  return ref && ctx ? formatRef(ref, ctx) : key;
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

// ---------------------------------------------------------------------------
// The checklist

/**
 * The body with the box of each issue or wave criterion set to its verdict (`[x]` met, `[ ]`
 * not). Manual items and every other character stay as they are. A verdict applies only when the
 * body still has a task item on that line with the same text (a body edited since it was parsed
 * is not written over). Idempotent: syncing again with the same verdicts changes nothing.
 */
export function syncChecklist(body: string, verdicts: CriterionVerdict[]): string {
  if (typeof body !== "string") return "";
  const list = Array.isArray(verdicts) ? verdicts : [];
  const wanted = list.filter((v) => v.criterion && (v.criterion.kind === "issue" || v.criterion.kind === "wave" || v.criterion.kind === "phase"));
  if (wanted.length === 0) return body;
  const items = new Map<number, TaskItem>();
  for (const item of taskItems(body)) items.set(item.line, item);
  const parts = splitKeepingBreaks(body);
  let changed = false;
  for (const v of wanted) {
    const item = items.get(v.criterion.line);
    if (!item || criterionText(item.raw) !== v.criterion.text) continue;
    const met = v.met === true;
    if (item.checked === met) continue;
    const index = item.line * 2;
    const line = parts[index];
    if (line === undefined) continue;
    parts[index] = line.slice(0, item.at) + (met ? "x" : " ") + line.slice(item.at + 1);
    item.checked = met;
    changed = true;
  }
  return changed ? parts.join("") : body;
}

/**
 * The body `/gate` creates: the hidden marker, a short intro, one `- [ ] #A` criterion per issue
 * (deduplicated, at most `MAX_GATE_ISSUES`), and how to add criteria people tick.
 */
export function renderGateBody(name: string, after: IssueRef[], ctx: RepoContext, approvedLabel = "gate:approved"): string {
  const seen = new Set<RefKey>();
  const refs: IssueRef[] = [];
  for (const ref of Array.isArray(after) ? after : []) {
    const key = refKey(ref);
    if (seen.has(key) || refs.length >= MAX_GATE_ISSUES) continue;
    seen.add(key);
    refs.push(ref);
  }
  const title = escapeInline(typeof name === "string" ? name : "", MAX_NAME) || "gate";
  const label = "`" + (escapeCode(approvedLabel, 50) || "gate:approved") + "`";
  const criteria =
    refs.length > 0
      ? ["**Criteria** — Coordinator ticks an issue criterion when its issues are done and unticks it if one reopens:", "", ...refs.map((r) => `- [ ] ${formatRef(r, ctx)}`)]
      : ["**Criteria** — none yet: add them below."];
  return [
    GATE_MARKER,
    `## 🚦 Gate: ${title}`,
    "",
    `Work that depends on this gate waits until an approver adds the ${label} label with every criterion met.`,
    "",
    ...criteria,
    "",
    "Add criteria by editing this list: an item naming issues (`- [ ] #12 closed`) or a wave (`- [ ] all of wave 2`) is checked by Coordinator; any other item (`- [ ] load test signed off`) is for people to tick, and Coordinator never changes it.",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------
// Summary and decisions

function gateName(title: string): string {
  // A name is at most MAX_NAME characters: a bounded prefix of the title is all it can come from.
  const plain = (typeof title === "string" ? title.slice(0, MAX_NAME * 20) : "").replace(/\s+/g, " ").trim();
  const stripped = plain.replace(/^(?:🚦\s*)?gate\s*[:—–-]\s*/iu, "").trim();
  return cut(stripped === "" ? plain : stripped, MAX_NAME);
}

function unmetLine(v: CriterionVerdict): string {
  return cut(`${v.criterion.text} — ${v.evidence}`, MAX_CRITERION_TEXT + 100);
}

/**
 * A gate for the dashboard. GO when it carries the approved label (what makes a gate done, SPEC §3;
 * the approval flow removes the label when criteria are unmet, so GO means approved with criteria
 * met); else NO-GO when it carries the rejected label; else pending — closing a gate by hand does
 * not approve it, so `closed` does not change the state. Labels compare case-insensitively.
 */
export function summariseGate(
  ref: RefKey,
  title: string,
  labels: string[],
  _closed: boolean,
  verdicts: CriterionVerdict[],
  labelNames: { approved: string; rejected: string },
): GateSummary {
  const list = Array.isArray(verdicts) ? verdicts : [];
  const has = (label: string) => (Array.isArray(labels) ? labels : []).some((l) => typeof l === "string" && l.length === String(label).length && l.toLowerCase() === String(label).toLowerCase());
  const state: GateState = has(labelNames.approved) ? "go" : has(labelNames.rejected) ? "no-go" : "pending";
  const unmet = list.filter((v) => !v.met);
  return { ref, name: gateName(title), state, met: list.length - unmet.length, total: list.length, unmet: unmet.slice(0, MAX_UNMET).map(unmetLine) };
}


const markerPart = (s: string) => String(s).toLowerCase().replace(/[^a-z0-9._/#-]/g, "").slice(0, 200);

/** `<!-- coordinator:gate-decision:<ref>:<kind>:<digest> -->`; each part reduced to `[a-z0-9._/#-]`. */
export function gateDecisionMarker(gate: RefKey, kind: string, digest: string): string {
  return `<!-- coordinator:gate-decision:${markerPart(gate)}:${markerPart(kind)}:${markerPart(digest)} -->`;
}

/** FNV-1a of the approver (case-insensitive, as GitHub logins are) and the sorted criteria states. */
function decisionDigest(approver: string, verdicts: CriterionVerdict[]): string {
  const states = verdicts.map((v) => `${v.criterion.kind}|${v.met ? 1 : 0}|${v.criterion.text}`).sort();
  return fnv1a([String(approver).replace(/^@+/, "").toLowerCase(), ...states].join("\n"));
}

function verdictLine(v: CriterionVerdict): string {
  return `- ${v.met ? "✅" : "❌"} ${escapeInline(v.criterion.text, MAX_CRITERION_TEXT) || "(empty)"} — ${escapeInline(v.evidence, 300)}`;
}

/**
 * What the approval label on a gate means: refused (not an approver; the label comes off),
 * NO-GO (criteria unmet; the label comes off, each unmet criterion listed with its evidence) or
 * GO (who, when in UTC, each criterion with its evidence). A gate without criteria is a plain
 * approval: GO. The same approver and criteria states always give the same marker.
 */
export function decideApproval(input: ApprovalInput): Decision {
  const verdicts = Array.isArray(input.verdicts) ? input.verdicts.filter((v) => v && v.criterion) : [];
  const digest = decisionDigest(input.approver, verdicts);
  const gateRef = parseRefKey(String(input.gate));
  const repo = input.repo && typeof input.repo.owner === "string" && typeof input.repo.repo === "string" ? input.repo : null;
  const gate = gateRef && repo ? formatRef(gateRef, repo) : escapeInline(String(input.gate), 120);
  const who = quoteLogin(input.approver);
  const time = input.now instanceof Date && !Number.isNaN(input.now.getTime()) ? input.now.toISOString() : "an unknown time";
  if (!input.approverAllowed) {
    const reason = escapeInline(input.approverReason, 300) || "not allowed";
    return {
      kind: "refused",
      body: [
        gateDecisionMarker(input.gate, "refused", digest),
        `⛔ **Approval refused** for gate ${gate}: ${who} is not an approver: ${reason}, label removed.`,
      ].join("\n"),
    };
  }
  const unmet = verdicts.filter((v) => !v.met);
  if (unmet.length > 0) {
    return {
      kind: "no-go",
      body: [
        gateDecisionMarker(input.gate, "no-go", digest),
        `❌ **NO-GO** for gate ${gate}: ${who} approved at ${time}, but ${unmet.length} of ${verdicts.length} criteria are unmet, so the approval label was removed. Unmet:`,
        "",
        ...unmet.map(verdictLine),
        "",
        "Add the label again once they are met.",
      ].join("\n"),
    };
  }
  return {
    kind: "go",
    body: [
      gateDecisionMarker(input.gate, "go", digest),
      `✅ **GO** for gate ${gate}: approved by ${who} at ${time}.`,
      "",
      ...(verdicts.length > 0 ? [`Criteria (${verdicts.length} of ${verdicts.length} met):`, "", ...verdicts.map(verdictLine)] : ["The gate has no criteria: the approval alone decides."]),
    ].join("\n"),
  };
}
