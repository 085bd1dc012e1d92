// Worker reports, daily standups and 🚨 URGENT comments (SPEC §2), read through the CommonMark
// parser: only live Markdown counts, never a template quoted in a code block, a `>` quote or an
// HTML comment. Never throws; linear in the input (bounded by markdown.ts).
import type { IssueRef, ParsedComment, Report, ReportProblem, ReportStatus, Standup, Urgent } from "./types.js";
import { liveBlocks, type Block } from "./markdown.js";
import { plainInline, referenceText } from "./inline-markdown.js";
import { findRefs, formatRef, type RepoContext } from "./refs.js";
import { formatDuration, parseDuration } from "./duration.js";
import { clip as clipText } from "./format.js";

const MAX_ITEMS = 50;
const MAX_ITEM = 200;
const MAX_TEXT = 300;

// The emoji workers paste, and what they look like after a UTF-8 → Latin-1 → UTF-8 round trip.
const DECORATION = /✅|🔄|⚠️|⚠|❌|⏸️|🚨|âœ…|ðŸ”„|âš[ \u00a0]ï¸|âš[ \u00a0]|ðŸš¨|â¸ï¸|️/g;

const REPORT_HEADING = /^worker\s+([A-Za-z0-9_-]{1,50})\s+report\s*(?:[-–—:]\s*(.*))?$/i;
const LOOSE_REPORT_HEADING = /^worker\b.{0,60}\breport\b/i;
const STANDUP_HEADING = /^daily\s+standup\s*[-–—]\s*(\S+)\s*[-–—]\s*worker\s+([A-Za-z0-9_-]{1,50})\s*$/i;
const URGENT_PREFIX = /^(?:(?:🚨|ðŸš¨)\s*urgent\b|urgent:)/i;
/** `Name: value`. The name ends with a letter, so `\s*` after it never rescans a run of spaces. */
const FIELD_LINE = /^\s*([A-Za-z](?:[A-Za-z ]{0,29}[A-Za-z])?)\s*:\s*(.*)$/;
const KNOWN_FIELDS = new Set(["issue", "status", "duration", "deliverables", "dependencies met", "dependencies created", "blockers", "next task", "yesterday", "today", "eta"]);
const NONE = /^(?:none|n\/a|na|-|–|—|no|nothing|no blockers)\.?$/i;

/** Longest `Status` value read as one. */
const MAX_STATUS = 500;

/** `text` without the characters of `chars` at its end (a loop: `/[.!]+$/` is quadratic on a run). */
function withoutTrailing(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1] ?? "")) end--;
  return text.slice(0, end);
}

/** Trimmed, then at most `max` characters (format.ts `clip`). */
function clip(text: string, max: number): string {
  return clipText(text.trim(), max);
}

function plainHeading(text: string): string {
  return plainInline(text).replace(DECORATION, "").replace(/\s+/g, " ").trim();
}

/** The status word, whatever emoji or mis-encoding decorates it; "several" for the template's menu. */
export function parseStatus(value: string): ReportStatus | "several" | null {
  // A status is a few words; a longer value is not one (and is not read any further).
  if (typeof value !== "string" || value.length > MAX_STATUS) return null;
  // Whitespace collapsed first: the split below then never meets a run of it (linear).
  const words = value.replace(DECORATION, " ").toLowerCase().replace(/[*_`]/g, "").replace(/\s+/g, " ").trim();
  const found = new Set<ReportStatus>();
  for (const part of words.split(/ ?[/|,] ?| or /)) {
    const w = withoutTrailing(part, ".!").trim();
    if (/^(?:complete|completed|done|finished)$/.test(w)) found.add("complete");
    else if (/^(?:in[ -]progress|wip|work in progress|ongoing)$/.test(w)) found.add("in_progress");
    else if (/^blocked$/.test(w)) found.add("blocked");
    else if (w !== "") return found.size > 0 ? "several" : null;
  }
  if (found.size > 1) return "several";
  const [only] = found;
  return only ?? null;
}

interface Fields {
  values: Map<string, string>;
  lists: Map<string, string[]>;
}

/** `Field: value` lines of the blocks after a heading, with the list that follows a field. */
function readFields(blocks: Block[]): Fields {
  const values = new Map<string, string>();
  const lists = new Map<string, string[]>();
  let last: string | null = null;
  const field = (line: string): [string, string] | null => {
    const m = FIELD_LINE.exec(plainInline(line.slice(0, 2_000)));
    return m ? [(m[1] ?? "").toLowerCase().replace(/\s+/g, " ").trim(), (m[2] ?? "").trim()] : null;
  };
  for (const block of blocks) {
    if (block.type === "list") {
      const items: string[] = [];
      for (const item of block.items.slice(0, MAX_ITEMS)) {
        const [first = "", ...rest] = item.split("\n");
        items.push(clip(plainInline(first), MAX_ITEM));
        // `**Field**: …` right under a list item, without a blank line, continues the item
        // lazily in Markdown; the worker meant a new field.
        for (const line of rest) {
          const f = field(line);
          if (f && KNOWN_FIELDS.has(f[0])) {
            if (!values.has(f[0])) values.set(f[0], f[1]);
          } else if (line.trim() !== "") items.push(clip(plainInline(line), MAX_ITEM));
        }
      }
      if (last !== null) lists.set(last, [...(lists.get(last) ?? []), ...items.filter((i) => i !== "")].slice(0, MAX_ITEMS));
      continue;
    }
    if (block.type !== "paragraph") continue;
    for (const line of block.text.split("\n")) {
      const f = field(line);
      if (!f) continue;
      if (!values.has(f[0])) values.set(f[0], f[1]);
      last = f[0];
    }
  }
  return { values, lists };
}

/** The blocks of one section: after block `index`, up to the next heading of the same or a higher level. */
function sectionAfter(blocks: Block[], index: number, depth: number): Block[] {
  const out: Block[] = [];
  for (let i = index + 1; i < blocks.length; i++) {
    const node = blocks[i];
    if (!node || (node.type === "heading" && node.depth <= depth)) break;
    out.push(node);
  }
  return out;
}

/** A comment whose first text starts with `🚨 URGENT` or `URGENT:`. */
export function parseUrgent(body: string, blocks: Block[], context: RepoContext): Urgent | null {
  // "Starts with": the raw comment's first line must carry the prefix, and be live text.
  const head = body.trimStart();
  const newline = head.indexOf("\n");
  const firstLine = plainInline(newline < 0 ? head : head.slice(0, newline)).trim();
  const first = blocks[0];
  if (!first || (first.type !== "paragraph" && first.type !== "heading")) return null;
  const m = URGENT_PREFIX.exec(firstLine);
  if (!m || !URGENT_PREFIX.test(plainInline(first.text).trim())) return null;
  const summary = firstLine.slice(m[0].length).replace(/^[\s:—–-]+/, "");
  const texts: string[] = [];
  for (const block of blocks) {
    if (block.type === "heading" || block.type === "paragraph") texts.push(block.text);
    else if (block.type === "list") texts.push(...block.items);
  }
  const issues = findRefs(texts.map(referenceText).join("\n"), context).slice(0, MAX_ITEMS);
  return { summary: clip(summary, 200), issues };
}

export function parseComment(body: string, context: RepoContext): ParsedComment {
  try {
    return parseUnsafe(typeof body === "string" ? body : "", context);
  } catch {
    // A parser bug must not lose the event; the comment simply reads as no report.
    return { kind: "none" };
  }
}

/**
 * Cheap test before any parsing: most comments are neither reports nor urgent. Linear: no two
 * quantifiers can trade the same characters (`[ \t]+\S*[ \t]*` could, and took seconds on one line
 * of 65,530 tabs), so each line is tried once per starting whitespace at most.
 */
const CANDIDATE = /^ {0,3}#{2,3}[ \t]+(?:\S+[ \t]+|\S*?)(?:worker|daily[ \t]+standup)|^[ \t]*(?:(?:🚨|ðŸš¨)[ \t]*)?urgent/im;

function parseUnsafe(body: string, context: RepoContext): ParsedComment {
  if (!CANDIDATE.test(body.slice(0, 65_536))) return { kind: "none" };
  const blocks = liveBlocks(body);
  const urgent = parseUrgent(body, blocks, context);
  const index = blocks.findIndex((b) => b.type === "heading" && (b.depth === 2 || b.depth === 3));
  const heading = blocks[index];
  if (heading && heading.type === "heading") {
    const title = plainHeading(heading.text);
    // The worker id as typed first: `__` in `ci__1` or `__a` is part of the id, not emphasis.
    const raw = heading.text.replace(DECORATION, "").replace(/\s+/g, " ").trim();
    const section = () => readFields(sectionAfter(blocks, index, heading.depth));
    for (const text of [raw, title]) {
      const standup = STANDUP_HEADING.exec(text);
      const parsed = standup ? parseStandup(standup[1] ?? "", standup[2] ?? "", section(), context) : null;
      if (parsed) return { kind: "standup", standup: parsed, urgent };
    }
    const report = REPORT_HEADING.exec(raw) ?? REPORT_HEADING.exec(title);
    if (report || LOOSE_REPORT_HEADING.test(title)) {
      return parseReport(report?.[1] ?? null, clip(plainHeading(report?.[2] ?? ""), MAX_ITEM), section(), context, urgent);
    }
  }
  return urgent ? { kind: "urgent", urgent } : { kind: "none" };
}

function parseStandup(date: string, worker: string, fields: Fields, context: RepoContext): Standup | null {
  // Date.parse rolls 2025-02-30 over to March: the date must come back as written.
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== date) return null;
  const get = (name: string) => {
    const v = fields.values.get(name);
    const list = fields.lists.get(name) ?? [];
    const text = [v ?? "", ...list].filter((s) => s !== "").join("; ");
    return text === "" ? null : clip(text, MAX_TEXT);
  };
  const today = get("today");
  const eta = get("eta");
  return {
    date,
    worker,
    yesterday: get("yesterday"),
    today,
    blockers: get("blockers"),
    todayIssues: today ? findRefs(referenceText(today), context).slice(0, MAX_ITEMS) : [],
    etaText: eta,
    etaMinutes: eta ? parseDuration(eta) : null,
  };
}

function parseReport(worker: string | null, phase: string, fields: Fields, context: RepoContext, urgent: Urgent | null): ParsedComment {
  const problems: ReportProblem[] = [];
  const understood: Partial<Report> = { phase };
  const v = (name: string) => fields.values.get(name);

  if (worker) understood.worker = worker;
  else problems.push({ field: "Heading", problem: "the worker id is missing", expected: "`## Worker <id> Report - <phase>`, the id made of letters, digits, `-` or `_`" });

  const issueText = v("issue");
  if (issueText === undefined) problems.push({ field: "Issue", problem: "missing", expected: "one issue reference: `#12`, `owner/repo#12` or an issue URL" });
  else {
    const refs = findRefs(referenceText(issueText), context);
    if (refs.length === 1 && refs[0]) understood.issue = refs[0];
    else if (refs.length === 0) problems.push({ field: "Issue", problem: `no issue reference in "${clip(issueText, 60)}"`, expected: "one issue reference: `#12`, `owner/repo#12` or an issue URL" });
    else problems.push({ field: "Issue", problem: `${refs.length} issues named`, expected: "exactly one issue; list the others under Dependencies" });
  }

  const statusText = v("status");
  if (statusText === undefined) problems.push({ field: "Status", problem: "missing", expected: "Complete, In Progress or Blocked (emoji optional)" });
  else {
    const status = parseStatus(statusText);
    if (status === "several") problems.push({ field: "Status", problem: "several statuses given", expected: "exactly one of Complete, In Progress or Blocked" });
    else if (status === null) problems.push({ field: "Status", problem: `"${clip(statusText, 60)}" is not a status`, expected: "Complete (Done), In Progress (WIP) or Blocked" });
    else understood.status = status;
  }

  const durationText = v("duration");
  understood.durationMinutes = null;
  // Duration is optional: a placeholder left as written (`[actual time]` in the seeds' template,
  // `[e.g. 2h 30m]` in our corrected one) means none was given, not a bad duration.
  if (durationText !== undefined && durationText !== "" && !/^\[[^\]]*\]$/.test(durationText)) {
    const minutes = parseDuration(durationText);
    if (minutes === null) problems.push({ field: "Duration", problem: `"${clip(durationText, 60)}" is not a duration`, expected: "e.g. `30min`, `45m`, `2h 30m`, `1.5 hours`, `2d` or `1-2h`" });
    understood.durationMinutes = minutes;
  }

  const deliverablesText = v("deliverables");
  understood.deliverables = [...(deliverablesText ? [clip(deliverablesText, MAX_ITEM)] : []), ...(fields.lists.get("deliverables") ?? [])].slice(0, MAX_ITEMS);
  understood.dependenciesMet = findRefs(referenceText(v("dependencies met") ?? ""), context).slice(0, MAX_ITEMS);
  understood.dependenciesCreated = findRefs(referenceText(v("dependencies created") ?? ""), context).slice(0, MAX_ITEMS);
  const blockersText = [v("blockers") ?? "", ...(fields.lists.get("blockers") ?? [])].filter((s) => s !== "").join("; ");
  if (blockersText === "" || NONE.test(blockersText.trim())) {
    understood.blockers = [];
    understood.blockersText = null;
  } else {
    understood.blockers = findRefs(referenceText(blockersText), context).slice(0, MAX_ITEMS);
    understood.blockersText = clip(blockersText, MAX_TEXT);
  }
  const next = v("next task");
  understood.nextTask = next && !NONE.test(next) ? clip(next, MAX_ITEM) : null;

  if (problems.length === 0 && understood.worker && understood.issue && understood.status) {
    return { kind: "report", report: understood as Report, urgent };
  }
  return { kind: "malformed", problems, understood, template: renderTemplate(understood, context), urgent };
}

const STATUS_TEXT: Record<ReportStatus, string> = { complete: "✅ Complete", in_progress: "🔄 In Progress", blocked: "⚠️ Blocked" };

/** The canonical template (SPEC §2) filled with what was understood, placeholders elsewhere. */
export function renderTemplate(r: Partial<Report>, context: RepoContext): string {
  const refs = (list: IssueRef[] | undefined) => (list && list.length > 0 ? list.map((x) => formatRef(x, context)).join(", ") : "");
  const deliverables = r.deliverables && r.deliverables.length > 0 ? r.deliverables : ["[file, PR or test added]"];
  return [
    `## Worker ${r.worker ?? "[id]"} Report - ${r.phase || "[phase]"}`,
    "",
    `**Issue**: ${r.issue ? formatRef(r.issue, context) : "#[number]"}`,
    `**Status**: ${r.status ? STATUS_TEXT[r.status] : "✅ Complete | 🔄 In Progress | ⚠️ Blocked (pick one)"}`,
    `**Duration**: ${r.durationMinutes ? formatDuration(r.durationMinutes) : "[e.g. 2h 30m]"}`,
    "**Deliverables**:",
    ...deliverables.map((d) => `- ${d}`),
    "",
    `**Dependencies Met**: ${refs(r.dependenciesMet)}`,
    `**Dependencies Created**: ${refs(r.dependenciesCreated)}`,
    `**Blockers**: ${r.blockersText ?? "None"}`,
    `**Next Task**: ${r.nextTask ?? ""}`,
  ].join("\n");
}
