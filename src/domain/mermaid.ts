// The dependency graph as a Mermaid `flowchart` (SPEC §1, item 8), drawn by GitHub from a
// ```mermaid fenced block. Pure, linear in the state, never throws.
//
// Safety: node ids are made of [a-z0-9_] only; labels are double-quoted strings in which every
// ASCII character outside a small safe set (letters, digits, space, `.,-_/()'!?+=*`) is written as
// a Mermaid entity code `#NN;`. So a label never holds `"` (which would end the string), `%` (a
// `%%{init}%%` directive is recognised anywhere in the text, even inside strings), `:` and `;`
// (Mermaid's pre-processing rewrites `style…:#…;` and `#word;` sequences), `<`/`>` (no `-->`,
// `<!--` or HTML), `@` (no mention), a backtick (no Markdown-string label, no closing fence),
// `#`, `&`, `|`, brackets or braces. Whitespace, newlines included, becomes one space; control and
// bidi characters are dropped.

import type { CoordinationState, IssueStatus, RefKey, StateEdge, StateIssue } from "./types.js";
import { isStripped } from "./escape.js";

/** More issues than this are not drawn (done issues are left out first). */
export const MERMAID_MAX_NODES = 120;
/** Mermaid's default `maxEdges`: beyond it the diagram fails to render. */
export const MERMAID_MAX_EDGES = 500;
/** Mermaid's default `maxTextSize`: beyond it the diagram fails to render. */
export const MERMAID_MAX_TEXT = 50_000;
/** Title characters shown in a node, an ellipsis included. */
export const MERMAID_TITLE_CHARS = 40;

export interface MermaidOptions {
  /** The coordination issue's repository: its issues are labelled `#N`. */
  repo: { owner: string; repo: string };
  /** Default MERMAID_MAX_NODES. */
  maxNodes?: number;
  /** Default MERMAID_MAX_EDGES. */
  maxEdges?: number;
  /** Leave done issues (and their edges) out from the start; the dashboard's size budget uses it. */
  hideDone?: boolean;
}

/** Status → Mermaid class, in the order the `classDef` lines are written. */
const CLASS_DEFS: readonly [IssueStatus, string][] = [
  ["done", "fill:#2da44e,stroke:#1a7f37,color:#ffffff"],
  ["in_progress", "fill:#eac54f,stroke:#9a6700,color:#24292f"],
  ["blocked", "fill:#cf222e,stroke:#82071e,color:#ffffff"],
  ["ready", "fill:#218bff,stroke:#0550ae,color:#ffffff"],
  ["missing", "fill:#afb8c1,stroke:#6e7781,color:#24292f"],
];

const REF_RE = /^([A-Za-z0-9_.-]{1,100})\/([A-Za-z0-9_.-]{1,100})#([0-9]{1,12})$/;
const SAFE_ASCII = /^[A-Za-z0-9 .,\-_/()'!?+=*]$/;
const ELLIPSIS = "…";
const MAX_ID = 80;


/**
 * User text as the inside of a double-quoted Mermaid label: one line, at most `max` characters
 * (code points, an ellipsis included) before escaping, escaped as described at the top.
 */
/** What `\s` matches in a regular expression, and U+0085 (by code, not a regex test per character). */
function isWhitespace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

export function mermaidText(text: string, max: number): string {
  const s = typeof text === "string" ? text : String(text);
  const limit = Number.isFinite(max) ? Math.max(0, Math.floor(max)) : 0;
  // 1. Normalise to a list of code points: whitespace runs → one space, controls/bidi dropped.
  const chars: string[] = [];
  let pendingSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let ch: string;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        ch = s.slice(i, i + 2);
        i += 1;
      } else {
        ch = "\uFFFD";
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      ch = "\uFFFD"; // a lone surrogate
    } else if (isWhitespace(c)) {
      pendingSpace = chars.length > 0;
      continue;
    } else if (isStripped(c)) {
      continue;
    } else {
      ch = s[i] ?? "";
    }
    if (pendingSpace) {
      chars.push(" ");
      pendingSpace = false;
    }
    chars.push(ch);
    if (chars.length > limit) break; // enough to know that it is cut
  }
  let shown = chars;
  if (chars.length > limit) {
    shown = limit === 0 ? [] : chars.slice(0, limit - 1);
    while (shown.length > 0 && shown[shown.length - 1] === " ") shown.pop();
    if (limit > 0) shown.push(ELLIPSIS);
  }
  // 2. Escape.
  return shown.map(encodeChar).join("");
}

function encodeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0xfffd;
  if (cp < 0x80) return SAFE_ASCII.test(ch) ? ch : `#${cp};`;
  // Mermaid's own placeholders for entities: written as codes so that text cannot forge one.
  if (cp === 0xfb02 || cp === 0xb6) return `#${cp};`;
  return ch;
}

/** `#12` for the coordination's own repository, `owner/repo#12` otherwise; other text escaped. */
function refLabel(ref: RefKey, home: string): string {
  const m = REF_RE.exec(ref);
  if (!m) return mermaidText(ref, MERMAID_TITLE_CHARS);
  const repo = `${m[1] ?? ""}/${m[2] ?? ""}`;
  // Owner and repository names hold only [A-Za-z0-9_.-]; `#` followed by digits and then a space
  // or the closing quote is never read as an entity.
  return repo.toLowerCase() === home ? `#${m[3] ?? ""}` : `${repo}#${m[3] ?? ""}`;
}

function nodeLabel(issue: StateIssue, home: string): string {
  const r = refLabel(issue.ref, home);
  const title = mermaidText(issue.title, MERMAID_TITLE_CHARS);
  const label = r !== "" && title !== "" ? `${r} ${title}` : r + title;
  return label === "" ? "?" : label; // an empty label does not parse
}

/** `n_owner_repo_972`; ids stay distinct whatever the refs (a suffix settles collisions). */
function assignIds(refs: RefKey[]): Map<RefKey, string> {
  const ids = new Map<RefKey, string>();
  const used = new Set<string>();
  for (const r of refs) {
    const base =
      "n_" +
      (String(r)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_+|_+$/g, "")
        .slice(0, MAX_ID) || "x");
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}_${k}`;
    used.add(id);
    ids.set(r, id);
  }
  return ids;
}

interface Graph {
  nodes: StateIssue[];
  edges: StateEdge[];
}

/** Tracked issues that have at least one edge to another tracked issue; edges deduplicated. */
function graphOf(state: CoordinationState, hideDone: boolean): Graph {
  const byRef = new Map<RefKey, StateIssue>();
  for (const i of state.issues) {
    if (!byRef.has(i.ref) && !(hideDone && i.status === "done")) byRef.set(i.ref, i);
  }
  const edges: StateEdge[] = [];
  const seen = new Set<string>();
  const linked = new Set<RefKey>();
  for (const e of state.edges) {
    if (!byRef.has(e.from) || !byRef.has(e.to)) continue; // unknown (or hidden) node
    const key = JSON.stringify([e.from, e.to]);
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push(e);
    linked.add(e.from);
    linked.add(e.to);
  }
  return { nodes: [...byRef.values()].filter((i) => linked.has(i.ref)), edges };
}

export interface MermaidGraphSize {
  /** Issues that would be drawn (tracked, with at least one edge). */
  nodes: number;
  /** Distinct edges between tracked issues. */
  edges: number;
  /** How many of `nodes` are done. */
  done: number;
}

/** What the full graph holds; `nodes === 0` means there is nothing to draw. */
export function mermaidGraphSize(state: CoordinationState): MermaidGraphSize {
  const g = graphOf(state, false);
  return { nodes: g.nodes.length, edges: g.edges.length, done: g.nodes.filter((i) => i.status === "done").length };
}

function diagram(g: Graph, home: string): string {
  const ids = assignIds(g.nodes.map((i) => i.ref));
  const id = (r: RefKey): string => ids.get(r) ?? "n_x";
  const lines = ["flowchart LR"];
  for (const i of g.nodes) lines.push(`  ${id(i.ref)}["${nodeLabel(i, home)}"]`);
  for (const e of g.edges) lines.push(`  ${id(e.from)} --> ${id(e.to)}`);
  for (const [status, style] of CLASS_DEFS) {
    const members = g.nodes.filter((i) => i.status === status).map((i) => id(i.ref));
    if (members.length === 0) continue;
    lines.push(`  classDef ${status} ${style}`);
    lines.push(`  class ${members.join(",")} ${status}`);
  }
  return lines.join("\n");
}

function limit(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

/**
 * The dependency graph as a ```mermaid fenced block: one node per tracked issue that has an edge,
 * coloured by status, `a --> b` when a must finish before b. Above `maxNodes` issues, `maxEdges`
 * edges or Mermaid's text limit, done issues (and the issues only they were linked to) are left
 * out and a caption line after the block says how many; null when it is still too large, or when
 * there is nothing to draw (`mermaidGraphSize` tells which).
 */
export function renderMermaid(state: CoordinationState, opts: MermaidOptions): string | null {
  const home = `${opts.repo.owner}/${opts.repo.repo}`.toLowerCase();
  const maxNodes = limit(opts.maxNodes, MERMAID_MAX_NODES);
  const maxEdges = limit(opts.maxEdges, MERMAID_MAX_EDGES);
  const full = graphOf(state, false);
  if (full.nodes.length === 0) return null;
  const fits = (g: Graph): string | null => {
    if (g.nodes.length === 0 || g.nodes.length > maxNodes || g.edges.length > maxEdges) return null;
    const text = diagram(g, home);
    return text.length <= MERMAID_MAX_TEXT ? text : null;
  };
  const drawn = opts.hideDone === true ? null : fits(full);
  if (drawn !== null) return "```mermaid\n" + drawn + "\n```";
  const open = graphOf(state, true);
  const text = fits(open);
  if (text === null) return null;
  const hidden = full.nodes.filter((i) => i.status === "done").length;
  const caption =
    hidden > 0 ? `\n\n${hidden} done issue${hidden === 1 ? " is" : "s are"} not drawn, nor their dependencies.` : "";
  return "```mermaid\n" + text + "\n```" + caption;
}
