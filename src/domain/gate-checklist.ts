// A gate's checklist (SPEC §5): the criteria read from a gate issue's body, and the body with the
// boxes Coordinator keeps true ticked or unticked.
//
// - A criterion is a top-level task-list item (`- [ ]`, `* [x]`, `1. [X]`) of live Markdown: items in
//   code blocks, `>` quotes, HTML or nested lists are not criteria.
// - "issue" criteria name issues (`- [ ] #972 closed`); "wave" criteria say "all of wave N" /
//   "wave N complete" / "Wave N done"; "phase" criteria "all of Phase 1" / "Phase 2 done".
//   Everything else is "manual": met when a person ticked it (gate-evaluation.ts judges them).
// - `syncChecklist` ticks and unticks issue, wave and phase criteria only; every other byte of the body,
//   a person's ticks included, is kept, so editing the body or syncing again never loses them.
//
// Pure. Never throws. Linear in the body.
import { plainInline, referenceText } from "./inline-markdown.js";
import { blockTokens, cut } from "./markdown.js";
import { findRefs, refKey, type RepoContext } from "./refs.js";
import type { RefKey } from "./types.js";

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

/** Criteria read from one body; the rest are ignored (a gate with more is not a checklist anyone reads). */
export const MAX_CRITERIA = 200;
export const MAX_CRITERION_TEXT = 200;
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
export function underPhase(reported: string, phase: string): boolean {
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
