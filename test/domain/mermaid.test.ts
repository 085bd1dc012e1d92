// @vitest-environment jsdom
// Mermaid's own parser (the one GitHub runs) checks every diagram here. Mermaid needs a DOM for its
// sanitiser (DOMPurify), hence the jsdom environment.
import fc from "fast-check";
import mermaid from "mermaid";
import { describe, expect, it } from "vitest";
import { renderDashboard } from "../../src/domain/dashboard.js";
import {
  MERMAID_MAX_EDGES,
  MERMAID_MAX_NODES,
  MERMAID_MAX_TEXT,
  mermaidGraphSize,
  mermaidText,
  renderMermaid,
} from "../../src/domain/mermaid.js";
import type { CoordinationState, IssueStatus, RefKey, StateEdge, StateIssue } from "../../src/domain/types.js";
import { emptyState, hostileState, NOW, REPO, seedState } from "../fixtures/dashboard/states.js";

// ---------------------------------------------------------------------------
// What Mermaid makes of a diagram

interface Vertex {
  id: string;
  text: string;
  classes: string[];
}
interface Edge {
  start: string;
  end: string;
}
interface FlowDb {
  getVertices(): Map<string, Vertex>;
  getEdges(): Edge[];
}
interface Parsed {
  vertices: Vertex[];
  edges: Edge[];
}

/** Parses with `mermaid.parse` (throws on any error), then reads the flowchart Mermaid built. */
async function parseDiagram(text: string): Promise<Parsed> {
  const result = await mermaid.parse(text);
  expect(result.diagramType).toBe("flowchart-v2");
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as FlowDb;
  return { vertices: [...db.getVertices().values()], edges: db.getEdges() };
}

/** The text a reader sees in a node: Mermaid's entity placeholders decoded, then the HTML. */
function shown(vertexText: string): string {
  const html = vertexText.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";");
  const el = document.createElement("textarea");
  el.innerHTML = html;
  return el.value;
}

const FENCE = /^```mermaid\n([\s\S]*?)\n```(?:\n\n([^\n`]+))?$/;

/** The diagram inside the fenced block, and the caption after it (if any). */
function unfence(block: string): { diagram: string; caption: string | null } {
  const m = FENCE.exec(block);
  expect(m, block).not.toBeNull();
  return { diagram: m?.[1] ?? "", caption: m?.[2] ?? null };
}

/** Every line of the diagram is one of the five shapes we emit. */
const LINE_SHAPES = [
  /^flowchart LR$/,
  // A label: safe characters, entity codes `#NN;`, and `#N` of a ref followed by a space or the end.
  /^ {2}n_[a-z0-9_]+\["(?:[^"`<>@%;:&|[\]{}\\#]|#\d+;|#\d+(?= |"))+"\]$/,
  /^ {2}n_[a-z0-9_]+ --> n_[a-z0-9_]+$/,
  /^ {2}classDef (?:done|in_progress|blocked|ready|missing) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}$/,
  /^ {2}class n_[a-z0-9_]+(?:,n_[a-z0-9_]+)* (?:done|in_progress|blocked|ready|missing)$/,
];

function checkShape(diagram: string): void {
  const lines = diagram.split("\n");
  expect(lines[0]).toBe("flowchart LR");
  for (const line of lines) expect(LINE_SHAPES.some((re) => re.test(line)), line).toBe(true);
  expect(diagram).not.toContain("`");
  expect(diagram).not.toMatch(/@[A-Za-z0-9_-]/);
  expect(diagram).not.toContain("<");
}

// ---------------------------------------------------------------------------
// The graph we expect, computed independently

const HOME = "owner/repo";

function refLabel(ref: RefKey): string {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)#(\d+)$/.exec(ref);
  if (!m) return expectedText(ref);
  const repo = `${m[1]}/${m[2]}`;
  return repo.toLowerCase() === HOME ? `#${m[3]}` : `${repo}#${m[3]}`;
}

/** One line, controls and bidi marks dropped, at most 40 characters with the ellipsis. */
function expectedText(t: string): string {
  const flat = t
    .replace(/\p{Cs}/gu, "\uFFFD")
    .replace(/[\s\u0085]+/gu, " ")
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/ {2,}/g, " ")
    .trim();
  const cps = Array.from(flat);
  return cps.length <= 40 ? flat : cps.slice(0, 39).join("").trimEnd() + "…";
}

function expectedLabel(i: StateIssue): string {
  const label = [refLabel(i.ref), expectedText(i.title)].filter((x) => x !== "").join(" ");
  return label === "" ? "?" : label;
}

function expectedGraph(state: CoordinationState, hideDone = false): { nodes: StateIssue[]; edges: StateEdge[] } {
  const byRef = new Map<RefKey, StateIssue>();
  for (const i of state.issues) if (!byRef.has(i.ref) && !(hideDone && i.status === "done")) byRef.set(i.ref, i);
  const seen = new Set<string>();
  const edges: StateEdge[] = [];
  for (const e of state.edges) {
    const key = `${e.from}\u0000${e.to}`;
    if (byRef.has(e.from) && byRef.has(e.to) && !seen.has(key)) {
      seen.add(key);
      edges.push(e);
    }
  }
  const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
  return { nodes: [...byRef.values()].filter((i) => linked.has(i.ref)), edges };
}

/** Mermaid's graph is exactly the expected one: nodes in order, labels as read, classes, edges. */
async function checkDiagram(state: CoordinationState, block: string, hideDone = false): Promise<void> {
  const { diagram } = unfence(block);
  checkShape(diagram);
  const parsed = await parseDiagram(diagram);
  const want = expectedGraph(state, hideDone);
  expect(parsed.vertices.map((v) => shown(v.text))).toEqual(want.nodes.map(expectedLabel));
  expect(parsed.vertices.map((v) => v.classes)).toEqual(want.nodes.map((i) => [i.status]));
  const idOf = new Map(want.nodes.map((i, n) => [i.ref, parsed.vertices[n]?.id]));
  expect(parsed.edges.map((e) => [e.start, e.end])).toEqual(want.edges.map((e) => [idOf.get(e.from), idOf.get(e.to)]));
  expect(new Set(parsed.vertices.map((v) => v.id)).size).toBe(parsed.vertices.length);
}

// ---------------------------------------------------------------------------
// States

function issue(ref: RefKey, title: string, status: IssueStatus): StateIssue {
  const n = Number(/#(\d+)$/.exec(ref)?.[1] ?? 0);
  return {
    ref,
    number: n,
    title,
    state: status === "done" ? "closed" : status === "missing" ? null : "open",
    stateReason: status === "done" ? "completed" : null,
    status,
    blockedBy: [],
    assignees: [],
    worker: null,
    estimateMinutes: null,
    wave: null,
    urgent: false,
  };
}

function stateOf(issues: StateIssue[], edges: [RefKey, RefKey][]): CoordinationState {
  return {
    ...emptyState(),
    issues,
    edges: edges.map(([from, to]) => ({ from, to, source: "body" })),
  };
}

const r = (n: number): RefKey => `owner/repo#${n}`;
const STATUSES: readonly IssueStatus[] = ["done", "in_progress", "blocked", "ready", "missing"];

/** A chain of `n` issues, the first `done` of them done. */
function chain(n: number, done: number, title = (k: number) => `Task ${k}`): CoordinationState {
  const issues = Array.from({ length: n }, (_, k) => issue(r(k + 1), title(k + 1), k < done ? "done" : "ready"));
  const edges = issues.slice(1).map((i, k): [RefKey, RefKey] => [r(k + 1), i.ref]);
  return stateOf(issues, edges);
}

const render = (s: CoordinationState, maxNodes?: number): string | null =>
  renderMermaid(s, { repo: REPO, ...(maxNodes !== undefined ? { maxNodes } : {}) });

// ---------------------------------------------------------------------------

describe("renderMermaid: the seed plan", () => {
  it("draws every issue with a dependency, coloured by status, and Mermaid parses it", async () => {
    const state = seedState();
    const block = render(state);
    expect(block).not.toBeNull();
    await checkDiagram(state, block ?? "");
    const { diagram } = unfence(block ?? "");
    expect(diagram).toContain('  n_owner_repo_972["#972 Phase 1.1 - PostgreSQL Connection"]');
    expect(diagram).toContain('  n_owner_repo_980["#980 Phase 2.3 - Permission #38; RBAC API"]');
    expect(diagram).toContain('  n_other_lib_5["other/lib#5"]');
    expect(diagram).toContain("  n_owner_repo_972 --> n_owner_repo_973");
    expect(diagram).toContain("  n_other_lib_5 --> n_owner_repo_979");
    expect(diagram).toContain("  class n_other_lib_5 missing");
    // #970, #971 and #992 have no edge: left out.
    expect(diagram).not.toMatch(/n_owner_repo_(970|971|992)/);
    expect(mermaidGraphSize(state)).toEqual({ nodes: 20, edges: 20, done: 2 });
  });

  it("the graph inside the rendered dashboard parses", async () => {
    for (const state of [seedState(), hostileState()]) {
      const block = renderDashboard(state, { now: NOW, repo: REPO });
      const m = /```mermaid\n[\s\S]*?\n```/.exec(block);
      expect(m).not.toBeNull();
      await checkDiagram(state, m?.[0] ?? "");
    }
  });
});

describe("renderMermaid: shape", () => {
  it("returns null when there is nothing to draw", () => {
    expect(render(emptyState())).toBeNull();
    const isolated = stateOf([issue(r(1), "a", "ready"), issue(r(2), "b", "done")], []);
    expect(render(isolated)).toBeNull();
    expect(mermaidGraphSize(isolated)).toEqual({ nodes: 0, edges: 0, done: 0 });
  });

  it("leaves out isolated issues, skips edges to unknown issues, draws each edge once", async () => {
    const state = stateOf(
      [issue(r(1), "one", "done"), issue(r(2), "two", "ready"), issue(r(3), "alone", "blocked")],
      [
        [r(1), r(2)],
        [r(1), r(2)],
        [r(3), "owner/repo#404"],
        ["nowhere", r(3)],
      ],
    );
    const block = render(state) ?? "";
    await checkDiagram(state, block);
    expect(unfence(block).diagram).toBe(
      [
        "flowchart LR",
        '  n_owner_repo_1["#1 one"]',
        '  n_owner_repo_2["#2 two"]',
        "  n_owner_repo_1 --> n_owner_repo_2",
        "  classDef done fill:#2da44e,stroke:#1a7f37,color:#ffffff",
        "  class n_owner_repo_1 done",
        "  classDef ready fill:#218bff,stroke:#0550ae,color:#ffffff",
        "  class n_owner_repo_2 ready",
      ].join("\n"),
    );
  });

  it("gives colliding refs distinct ids, and keywords are harmless as names", async () => {
    const refs = ["a-b/c#1", "a_b/c#1", "a.b/c#1", "end/end#1", "class/style#2", "o/x#3", "subgraph/default#4"];
    const state = stateOf(
      refs.map((ref, k) => issue(ref, `t${k}`, STATUSES[k % STATUSES.length] ?? "ready")),
      refs.slice(1).map((ref, k): [RefKey, RefKey] => [refs[k] ?? "", ref]),
    );
    const block = render(state) ?? "";
    await checkDiagram(state, block);
    const ids = [...unfence(block).diagram.matchAll(/^ {2}(n_[a-z0-9_]+)\[/gm)].map((m) => m[1]);
    expect(ids.slice(0, 3)).toEqual(["n_a_b_c_1", "n_a_b_c_1_2", "n_a_b_c_1_3"]);
  });

  it("labels other repositories' issues in full and cuts long titles", () => {
    const long = "x".repeat(100);
    const state = stateOf([issue(r(1), long, "ready"), issue("Other/Lib#7", "lib", "blocked")], [["Other/Lib#7", r(1)]]);
    const { diagram } = unfence(render(state) ?? "");
    expect(diagram).toContain(`["#1 ${"x".repeat(39)}…"]`);
    expect(diagram).toContain('["Other/Lib#7 lib"]');
  });

  it("escapes hostile titles so that they can break nothing", async () => {
    const titles = [
      'say "hi"',
      "a] b) c} d| e; f< g> h` i",
      "x --> y <!-- z -->",
      "line\nbreak\r\nand\u2028more",
      "```\nfence",
      "@alice and @org/team, \\@bob &#64;carol",
      "%%{init: {\"theme\": \"dark\"}}%%",
      "%% comment",
      "#quot; #35; #60;",
      "ﬂ°°60¶ßscriptﬂ°°62¶ß",
      "style x fill:#f00;",
      "classDef done fill:#000;",
      "click n_owner_repo_1 call alert()",
      "$$x^2$$",
      "<b>bold</b><br/>",
      "👨‍👩‍👧 ünïcödé \u202Eevil\u202C \uD800",
      "end",
      "   ",
      "`",
    ];
    const issues = titles.map((t, k) => issue(r(k + 1), t, "blocked"));
    const state = stateOf(
      issues,
      issues.slice(1).map((i, k): [RefKey, RefKey] => [r(k + 1), i.ref]),
    );
    const block = render(state) ?? "";
    await checkDiagram(state, block);
    expect(block.split("```")).toHaveLength(3); // the opening and the closing fence only
    expect(unfence(block).diagram).toContain('["#1 say #34;hi#34;"]');
  });

  it("mermaidText keeps readable text and escapes the rest", () => {
    expect(mermaidText("Phase 1.1 - PostgreSQL (5 phases)!", 40)).toBe("Phase 1.1 - PostgreSQL (5 phases)!");
    expect(mermaidText('a"b', 40)).toBe("a#34;b");
    expect(mermaidText("@x", 40)).toBe("#64;x");
    expect(mermaidText("  a \n\t b  ", 40)).toBe("a b");
    expect(mermaidText("abcdef", 4)).toBe("abc…");
    expect(mermaidText("ab  cdef", 4)).toBe("ab…");
    expect(mermaidText("abc", 0)).toBe("");
    expect(mermaidText("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", 2)).toBe("\uD83D\uDE00…");
  });
});

describe("renderMermaid: degradation", () => {
  it("above maxNodes, leaves out done issues and says so", async () => {
    const state = chain(10, 4);
    const block = render(state, 7);
    expect(block).not.toBeNull();
    const { diagram, caption } = unfence(block ?? "");
    expect(caption).toBe("4 done issues are not drawn, nor their dependencies.");
    await checkDiagram(state, block ?? "", true);
    expect(diagram).not.toContain("done");
    expect((diagram.match(/\["/g) ?? []).length).toBe(6);
  });

  it("returns null when the open issues alone are too many", () => {
    expect(render(chain(10, 4), 5)).toBeNull();
    expect(render(chain(10, 0), 9)).toBeNull();
    expect(render(chain(10, 0), 10)).not.toBeNull();
  });

  it("draws up to 120 issues by default", async () => {
    expect(MERMAID_MAX_NODES).toBe(120);
    const fits = chain(120, 30);
    const all = render(fits) ?? "";
    expect(unfence(all).caption).toBeNull();
    await checkDiagram(fits, all);
    const over = chain(150, 30);
    const open = render(over) ?? "";
    expect(unfence(open).caption).toBe("30 done issues are not drawn, nor their dependencies.");
    await checkDiagram(over, open, true);
    expect(render(chain(150, 29))).toBeNull();
  });

  it("keeps within Mermaid's edge and text limits", () => {
    // 40 open issues, every pair linked: 780 edges.
    const issues = Array.from({ length: 40 }, (_, k) => issue(r(k + 1), "t", "ready"));
    const edges: [RefKey, RefKey][] = [];
    for (let a = 0; a < 40; a++) for (let b = a + 1; b < 40; b++) edges.push([r(a + 1), r(b + 1)]);
    expect(edges.length).toBeGreaterThan(MERMAID_MAX_EDGES);
    expect(render(stateOf(issues, edges))).toBeNull();
    // 120 issues of a repository with long names, whose titles escape to 5 characters a character.
    const long = (k: number): RefKey => `${"o".repeat(39)}/${"r".repeat(100)}#${k}`;
    const wideIssues = Array.from({ length: 120 }, (_, k) => issue(long(k + 1), "|".repeat(40), "ready"));
    const wideEdges = wideIssues.slice(1).map((i, k): [RefKey, RefKey] => [long(k + 1), i.ref]);
    expect(render(stateOf(wideIssues, wideEdges))).toBeNull();
    const narrow = render(chain(120, 0, () => "|".repeat(40)));
    expect(narrow).not.toBeNull();
    expect(unfence(narrow ?? "").diagram.length).toBeLessThanOrEqual(MERMAID_MAX_TEXT);
  });

  it("hideDone leaves done issues out even when everything fits", async () => {
    const state = chain(5, 2);
    const block = renderMermaid(state, { repo: REPO, hideDone: true }) ?? "";
    await checkDiagram(state, block, true);
    expect(unfence(block).caption).toBe("2 done issues are not drawn, nor their dependencies.");
    expect(renderMermaid(chain(3, 2), { repo: REPO, hideDone: true })).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// Property: whatever the titles and refs, the diagram parses and shows what we meant.

const hostilePiece = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
  fc.constantFrom(
    '"',
    '"]',
    "]",
    ")",
    "{",
    "}",
    "|",
    ";",
    ":",
    "<",
    ">",
    "`",
    "```",
    "-->",
    "---",
    "==>",
    "\n",
    "\r\n",
    "\u2028",
    "@alice",
    "@org/team",
    "&#64;",
    "&amp;",
    "#quot;",
    "#35;",
    "#",
    "%%",
    "%%{init: {}}%%",
    "ﬂ°°",
    "¶ß",
    "$$",
    "<br>",
    "\\",
    "end",
    "style",
    "classDef",
    "click",
    "\u202E",
    "\uD800",
    "👨‍👩‍👧",
    "ü",
  ),
);
const titleArb = fc.array(hostilePiece, { maxLength: 6 }).map((xs) => xs.join(""));
const nameArb = fc.oneof(
  fc.constantFrom("owner", "Owner", "other", "end", "class", "style", "subgraph", "o", "x", "default", "graph", "click"),
  fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/),
);
const refArb = fc.oneof(
  fc.constant("owner/repo").chain((home) => fc.integer({ min: 1, max: 99_999 }).map((n) => `${home}#${n}`)),
  fc.tuple(nameArb, nameArb, fc.integer({ min: 1, max: 99_999 })).map(([o, p, n]) => `${o}/${p}#${n}`),
  titleArb,
);
const statusArb = fc.constantFrom(...STATUSES);

const graphArb = fc
  .record({
    issues: fc.uniqueArray(fc.record({ ref: refArb, title: titleArb, status: statusArb }), {
      selector: (i) => i.ref,
      maxLength: 12,
    }),
    links: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 16 }),
    strays: fc.array(fc.tuple(refArb, refArb), { maxLength: 2 }),
    maxNodes: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  })
  .map(({ issues, links, strays, maxNodes }) => {
    const list = issues.map((i) => issue(i.ref, i.title, i.status));
    const n = list.length;
    const edges: [RefKey, RefKey][] =
      n === 0 ? [] : links.map(([a, b]): [RefKey, RefKey] => [list[a % n]?.ref ?? "", list[b % n]?.ref ?? ""]);
    return { state: stateOf(list, [...edges, ...strays]), maxNodes };
  });

describe("renderMermaid: any titles and refs (property, Mermaid's parser)", () => {
  it("parses, shows each label as written, colours each node by status, or is null beyond the limit", async () => {
    await fc.assert(
      fc.asyncProperty(graphArb, async ({ state, maxNodes }) => {
        const block = render(state, maxNodes);
        const size = mermaidGraphSize(state);
        const limit = maxNodes ?? MERMAID_MAX_NODES;
        const open = expectedGraph(state, true).nodes.length;
        if (size.nodes === 0 || (size.nodes > limit && (open > limit || open === 0))) {
          expect(block).toBeNull();
          return;
        }
        expect(block).not.toBeNull();
        const text = block ?? "";
        expect(text.split("```")).toHaveLength(3);
        expect(text).not.toMatch(/@[A-Za-z0-9_-]/);
        expect(text).not.toContain("<!--");
        await checkDiagram(state, text, size.nodes > limit);
      }),
      { numRuns: 250 },
    );
  });
});
