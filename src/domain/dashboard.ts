// The dashboard block in the coordination issue's body: the markers that delimit it, written
// (`renderDashboard`) and found (`splitBody`, `replaceDashboard`, `parseState`) side by side so
// the two cannot drift. What goes between them is the Markdown (dashboard-markdown.ts) and the
// state line (state-block.ts), within the size budget (dashboard-budget.ts).
// Pure: `now` is a parameter; nothing throws.

import {
  budgetStateLine,
  DASHBOARD_MAX_BYTES,
  DASHBOARD_MAX_CHARS,
  degradeState,
  fitsIn,
  minimalState,
  partsStateLine,
  utf8Length,
} from "./dashboard-budget.js";
import { renderMarkdown, type GraphMode, type Level, type RenderContext } from "./dashboard-markdown.js";
import { readStateLine, renderStateLine } from "./state-block.js";
import type { CoordinationState, StatePartRef } from "./types.js";

export const DASHBOARD_START = "<!-- coordinator:dashboard:start -->";
export const DASHBOARD_END = "<!-- coordinator:dashboard:end -->";

// ---------------------------------------------------------------------------
// Finding the block

export interface BodyParts {
  before: string;
  dashboard: string | null;
  after: string;
}

/**
 * Splits a body into the orchestrator's text and our block. The block is the first end marker
 * that follows a start marker, paired with the nearest start before it: an orphaned start (a
 * start with no end, which we treat as "no dashboard") then stays in the user's text even after we
 * append a fresh block below it, instead of swallowing everything in between on the next write.
 * Without a complete block: `{ before: body, dashboard: null, after: "" }`.
 */
export function splitBody(body: string): BodyParts {
  const first = body.indexOf(DASHBOARD_START);
  if (first < 0) return { before: body, dashboard: null, after: "" };
  const end = body.indexOf(DASHBOARD_END, first + DASHBOARD_START.length);
  if (end < 0) return { before: body, dashboard: null, after: "" };
  const start = body.lastIndexOf(DASHBOARD_START, end - DASHBOARD_START.length);
  const stop = end + DASHBOARD_END.length;
  return { before: body.slice(0, start), dashboard: body.slice(start, stop), after: body.slice(stop) };
}

/** Replaces only the marked block; without one, appends it after a blank line. */
export function replaceDashboard(body: string, dashboardMarkdown: string): string {
  const parts = splitBody(body);
  if (parts.dashboard !== null) return parts.before + dashboardMarkdown + parts.after;
  return body + separatorAfter(body) + dashboardMarkdown;
}

/** What to add after `body` so that the next line starts after a blank line. */
function separatorAfter(body: string): string {
  if (body === "") return "";
  let newlines = 0;
  for (let i = body.length - 1; i >= 0 && newlines < 2; i--) {
    const ch = body[i];
    if (ch === "\n") newlines += 1;
    else if (ch !== " " && ch !== "\t" && ch !== "\r") break;
  }
  return newlines >= 2 ? "" : newlines === 1 ? "\n" : "\n\n";
}

/** The state block of the dashboard (only inside the markers), validated; null when absent or invalid. */
export function parseState(body: string): CoordinationState | null {
  const { dashboard } = splitBody(body);
  return dashboard === null ? null : readStateLine(dashboard);
}

// ---------------------------------------------------------------------------
// Writing the block

export interface RenderOptions {
  now: Date;
  repo: { owner: string; repo: string };
  /** Budget for the whole block; default DASHBOARD_MAX_CHARS. */
  maxChars?: number;
  /**
   * The state comments holding the complete graph lists (docs/state.md): the state line then
   * carries everything else and lists them, instead of cutting the graph lists to fit.
   */
  parts?: StatePartRef[];
}

/** The Markdown steps tried, largest first. */
const STEPS: readonly (readonly [Level, GraphMode])[] = [
  [0, "full"],
  [0, "open"],
  [0, "summary"],
  [1, "summary"],
  [2, "summary"],
  [3, "summary"],
  [4, "summary"],
  [5, "summary"],
];

function compose(markdown: string, line: string): string {
  return `${DASHBOARD_START}\n${markdown}\n\n${line}\n${DASHBOARD_END}`;
}

/**
 * The whole marked block: start marker, dashboard Markdown, state block, end marker. It stays
 * within `maxChars` (and 256 KiB of UTF-8) by degrading the Markdown and the state step by step;
 * what the state lost is named in its `truncated` list, and `progress` is never changed.
 */
export function renderDashboard(state: CoordinationState, opts: RenderOptions): string {
  const maxChars =
    opts.maxChars !== undefined && Number.isFinite(opts.maxChars) && opts.maxChars > 0
      ? Math.floor(opts.maxChars)
      : DASHBOARD_MAX_CHARS;
  const maxBytes = DASHBOARD_MAX_BYTES;
  const ctx: RenderContext = {
    now: opts.now.getTime(),
    repo: { owner: opts.repo.owner, repo: opts.repo.repo },
    byRef: new Map(state.issues.map((i) => [i.ref, i])),
  };
  const parts = opts.parts;
  const budgetLine = (chars: number, bytes: number) => (parts ? partsStateLine(state, parts, chars, bytes) : budgetStateLine(state, chars, bytes));
  const mdFull = renderMarkdown(state, ctx, 0, "full");
  // With state comments, the line always lists them in place of the graph lists (never both).
  const full = parts ? null : compose(mdFull, renderStateLine(state));
  if (full !== null && fitsIn(full, maxChars, maxBytes)) return full;

  // The state may use what full Markdown leaves over, and at least half of the budget. The graph
  // does not count here: it is drawn only in the room the state leaves, never at the state's cost.
  const md0 = renderMarkdown(state, ctx, 0, "summary");
  const overhead = compose("", "").length;
  const line = budgetLine(
    Math.max(Math.floor(maxChars / 2), maxChars - md0.length - overhead),
    Math.max(Math.floor(maxBytes / 2), maxBytes - utf8Length(md0) - overhead),
  );
  for (const [level, graph] of STEPS) {
    const md =
      level === 0 && graph === "full"
        ? mdFull
        : level === 0 && graph === "summary"
          ? md0
          : renderMarkdown(state, ctx, level, graph);
    if (!fitsIn(compose(md, line), maxChars, maxBytes)) continue;
    // This Markdown may leave room the state can use; `line` fits, so the state never gets less.
    const roomy = budgetLine(maxChars - md.length - overhead, maxBytes - utf8Length(md) - overhead);
    const block = compose(md, roomy);
    return fitsIn(block, maxChars, maxBytes) ? block : compose(md, line);
  }
  // Only reachable with a budget of a few thousand characters: the smallest block we can make
  // (about 1,000 characters; below that the budget cannot be met and this is returned anyway).
  return compose(renderMarkdown(state, ctx, 5, "summary"), renderStateLine(minimalState(degradeState(parts ? { ...state, parts } : state, 4))));
}
