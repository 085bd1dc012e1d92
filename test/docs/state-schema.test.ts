// docs/state.schema.json is the public contract of the dashboard's state block. These tests keep it
// honest: real blocks validate, broken ones do not, and the schema names every field the type has.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ErrorObject } from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";
import { DASHBOARD_MAX_CHARS } from "../../src/domain/dashboard-budget.js";
import { DASHBOARD_END, DASHBOARD_START, parseState, renderDashboard } from "../../src/domain/dashboard.js";
import { STATE_PREFIX } from "../../src/domain/state-block.js";
import type {
  CoordinationState,
  StateEdge,
  StateGate,
  StateIssue,
  StatePartRef,
  StateReport,
  StateUrgent,
  StateWorker,
} from "../../src/domain/types.js";
import { fnv1a } from "../../src/domain/hash.js";
import { mergeParts, PART_PREFIX, partText, splitState, type StatePart } from "../../src/domain/state-parts.js";
import { emptyState, NOW, REPO, seedState } from "../fixtures/dashboard/states.js";

// ---------------------------------------------------------------------------
// The schema and a validator for it

interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  additionalProperties?: boolean;
  description?: string;
}

interface RootSchema extends SchemaNode {
  $schema: string;
  $defs: Record<string, SchemaNode>;
}

const SCHEMA_URL = new URL("../../docs/state.schema.json", import.meta.url);
const schema = JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as RootSchema;

const ajv = new Ajv2020({ allErrors: true, strict: true });
// ajv-formats is CommonJS: under NodeNext its default import is `module.exports`, whose `default`
// is the plugin itself.
ajvFormats.default(ajv);
const validate = ajv.compile<CoordinationState>(schema);

function errorsOf(value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/** `path keyword` for each error, sorted: compact and exact in assertions. */
function errorKeys(value: unknown): string[] {
  return errorsOf(value)
    .map((e) => `${e.instancePath} ${e.keyword}`)
    .sort();
}

function describeErrors(value: unknown): string {
  return ajv.errorsText(errorsOf(value), { separator: "\n" });
}

// ---------------------------------------------------------------------------
// Reading the block the way docs/dashboard.md tells an agent to

/** The raw JSON value of the state block, as an agent would read it (no app code involved). */
function readStateBlock(body: string): unknown {
  const first = body.indexOf(DASHBOARD_START);
  if (first < 0) return null;
  const end = body.indexOf(DASHBOARD_END, first + DASHBOARD_START.length);
  if (end < 0) return null;
  const block = body.slice(body.lastIndexOf(DASHBOARD_START, end), end);
  const at = block.lastIndexOf(STATE_PREFIX);
  if (at < 0) return null;
  const from = at + STATE_PREFIX.length;
  return JSON.parse(block.slice(from, block.indexOf("-->", from))) as unknown;
}

const render = (s: CoordinationState): string => renderDashboard(s, { now: NOW, repo: REPO });

// ---------------------------------------------------------------------------
// Golden files

const FIXTURES = new URL("../fixtures/dashboard/", import.meta.url);
const GOLDEN = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".md"))
  .sort();

/**
 * The hostile fixture deliberately holds values the app never writes: a coordination ref that is
 * not lower-cased and refs that are not refs at all. The schema must reject exactly those and
 * accept all the hostile user text around them.
 */
const EXPECTED_DEVIATIONS: Record<string, string[]> = {
  "hostile.md": ["/coordination pattern", "/cycles/0/2 pattern", "/waves/0/1 pattern"],
};

describe("docs/state.schema.json", () => {
  it("is a draft 2020-12 schema for version 1 that Ajv compiles in strict mode", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.properties?.version).toMatchObject({ const: 1 });
    expect(typeof validate).toBe("function");
  });

  it("has golden files to check", () => {
    expect(GOLDEN).toEqual(expect.arrayContaining(["empty.md", "seed.md", "hostile.md"]));
  });

  describe.each(GOLDEN)("golden file %s", (file) => {
    const body = readFileSync(new URL(file, FIXTURES), "utf8");
    const expected = EXPECTED_DEVIATIONS[file] ?? [];

    it("parses with parseState and validates (apart from its documented deviations)", () => {
      const state = parseState(body);
      expect(state).not.toBeNull();
      expect(errorKeys(state), describeErrors(state)).toEqual(expected);
    });

    it("validates as read raw from the body, as an agent would", () => {
      const raw = readStateBlock(body);
      expect(raw).not.toBeNull();
      expect(errorKeys(raw), describeErrors(raw)).toEqual(expected);
    });
  });

  it("accepts a 1,000-issue state that the size budget truncated", () => {
    const state = bigState(1000);
    const block = render(state);
    expect(block.length).toBeLessThanOrEqual(DASHBOARD_MAX_CHARS);

    const parsed = parseState(block);
    expect(parsed).not.toBeNull();
    expect(parsed?.truncated?.length ?? 0).toBeGreaterThan(0);
    expect(parsed?.issues.length ?? 1000).toBeLessThan(1000);
    expect(parsed?.progress).toEqual({ done: state.progress.done, total: 1000 });
    expect(errorKeys(parsed), describeErrors(parsed)).toEqual([]);
    const raw = readStateBlock(block);
    expect(errorKeys(raw), describeErrors(raw)).toEqual([]);
  });

  it("accepts a 2,000-issue state in the body and its state comments, each part and the merged whole", () => {
    const state = bigState(2000);
    const parts = splitState(state);
    expect(parts).not.toBeNull();
    const validatePart = ajv.getSchema("urn:coordinator:state-block:1#/$defs/statePart");
    if (!validatePart) throw new Error("no statePart definition");
    const texts = (parts ?? []).map((p) => partText(p, (line) => fnv1a(line).padEnd(64, "0")));
    for (const t of texts) {
      const raw = JSON.parse(t.line.slice(PART_PREFIX.length, t.line.length - " -->".length)) as unknown;
      expect(validatePart(raw), ajv.errorsText(validatePart.errors)).toBe(true);
    }
    const listing = texts.map((t, i) => ({ id: 9000 + i, node: `IC_${9000 + i}`, digest: t.digest }));
    const block = renderDashboard(state, { now: NOW, repo: REPO, parts: listing });
    expect(block.length).toBeLessThanOrEqual(DASHBOARD_MAX_CHARS);
    const raw = readStateBlock(block) as { parts: unknown[] };
    expect(errorKeys(raw), describeErrors(raw)).toEqual([]);
    expect(raw.parts).toEqual(listing);
    const merged = mergeParts(parseState(block) ?? state, parts ?? []);
    expect(errorKeys(merged), describeErrors(merged)).toEqual([]);
  });

  it("accepts unknown fields anywhere (forward compatibility within version 1)", () => {
    const s = structuredClone(validSeed()) as unknown as Record<string, unknown>;
    s.someFutureField = { any: "thing" };
    const issues = s.issues as Record<string, unknown>[];
    if (issues[0]) issues[0].someFutureField = 1;
    expect(errorKeys(s)).toEqual([]);
  });

  // -------------------------------------------------------------------------
  // Negative rows: the schema really constrains

  type Mutation = (s: Mutable) => void;
  type Mutable = Record<string, unknown> & {
    issues: Record<string, unknown>[];
    edges: Record<string, unknown>[];
    workers: Record<string, unknown>[];
    reports: Record<string, unknown>[];
    urgent: Record<string, unknown>[];
  };
  const rows: [string, Mutation, string][] = [
    ["status PURPLE", (s) => void (s.status = "PURPLE"), "/status enum"],
    ["missing version", (s) => void delete s.version, " required"],
    ["version 2", (s) => void (s.version = 2), "/version const"],
    ["issue ref with upper-case owner", (s) => void (first(s.issues).ref = "Owner/repo#970"), "/issues/0/ref pattern"],
    ["issue ref without repository", (s) => void (first(s.issues).ref = "#970"), "/issues/0/ref pattern"],
    ["issue ref with number 0", (s) => void (first(s.issues).ref = "owner/repo#0"), "/issues/0/ref pattern"],
    ["issue status unknown", (s) => void (first(s.issues).status = "paused"), "/issues/0/status enum"],
    ["issue without urgent", (s) => void delete first(s.issues).urgent, "/issues/0 required"],
    ["fractional issue number", (s) => void (first(s.issues).number = 1.5), "/issues/0/number type"],
    ["blockedBy holding a bad ref", (s) => void (first(s.issues).blockedBy = ["owner/repo"]), "/issues/0/blockedBy/0 pattern"],
    ["edge source unknown", (s) => void (first(s.edges).source = "guess"), "/edges/0/source enum"],
    ["updatedAt not a date-time", (s) => void (s.updatedAt = "yesterday"), "/updatedAt format"],
    ["worker lastReportAt without time zone", (s) => void (first(s.workers).lastReportAt = "2025-11-18T07:00:00"), "/workers/0/lastReportAt format"],
    ["report kind unknown", (s) => void (first(s.reports).kind = "memo"), "/reports/0/kind enum"],
    ["report status Complete (not lower-case)", (s) => void (first(s.reports).status = "Complete"), "/reports/0/status"],
    ["negative progress", (s) => void (s.progress = { done: -1, total: 23 }), "/progress/done minimum"],
    ["truncated not strings", (s) => void (s.truncated = [1]), "/truncated/0 type"],
    ["gates not a list", (s) => void (s.gates = {}), "/gates type"],
    ["urgent item with a bad ref", (s) => void (first(s.urgent).ref = "owner/repo#x"), "/urgent/0/ref pattern"],
  ];

  it.each(rows)("rejects: %s", (_name, mutate, where) => {
    const s = structuredClone(validSeed()) as unknown as Mutable;
    mutate(s);
    const keys = errorKeys(s);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => k.startsWith(where)), keys.join("\n")).toBe(true);
  });

  // -------------------------------------------------------------------------
  // No drift between the type and the schema

  it("names exactly the fields of CoordinationState and its parts, with the right ones required", () => {
    const cases: [string, SchemaNode, Record<string, Presence>][] = [
      ["CoordinationState", schema, STATE_FIELDS],
      ["progress", node(schema.properties?.progress), PROGRESS_FIELDS],
      ["StateIssue", def("issue"), ISSUE_FIELDS],
      ["StateEdge", def("edge"), EDGE_FIELDS],
      ["StateWorker", def("worker"), WORKER_FIELDS],
      ["StateReport", def("report"), REPORT_FIELDS],
      ["StateUrgent", def("urgent"), URGENT_FIELDS],
      ["StateGate", def("gate"), GATE_FIELDS],
      ["StatePartRef", def("partRef"), PART_REF_FIELDS],
      ["StatePart", def("statePart"), STATE_PART_FIELDS],
    ];
    for (const [name, n, fields] of cases) {
      const keys = Object.keys(fields).sort();
      expect(Object.keys(n.properties ?? {}).sort(), `${name} properties`).toEqual(keys);
      const required = keys.filter((k) => fields[k] === "required");
      expect([...(n.required ?? [])].sort(), `${name} required`).toEqual(required);
      expect(n.additionalProperties, `${name} additionalProperties`).toBe(true);
      for (const k of keys) {
        expect(n.properties?.[k]?.description ?? "", `${name}.${k} description`).not.toBe("");
      }
    }
  });

  it("has a schema entry for every key of a full rendered state", () => {
    const state: CoordinationState = {
      ...seedState(),
      cycles: [["owner/repo#976", "owner/repo#979"]],
      gates: [{ name: "Phase 1 gate", ref: "owner/repo#976", state: "go", done: 3, total: 3, unmet: [], approval: "0123abcd" }],
      truncated: ["a note, so that the optional field appears too"],
      lastSynthesisAt: "2025-11-18T09:00:00.000Z",
    };
    // A block lists state comments in place of the graph lists: its `parts` joins the full block's keys.
    const parts = [{ id: 9001, node: "IC_kwDOexample", digest: "0123456789abcdef0123456789abcdef" }];
    const listed = readStateBlock(renderDashboard(state, { now: NOW, repo: REPO, parts })) as { parts: unknown };
    const raw = { ...(readStateBlock(render(state)) as object), parts: listed.parts };
    expect(errorKeys(raw), describeErrors(raw)).toEqual([]);

    // Every key of the top-level type is in the rendered block (so this really is a full state) …
    expect(Object.keys(raw as object).sort()).toEqual(Object.keys(STATE_FIELDS).sort());
    // … and every object key anywhere in it has a schema entry.
    const unknown: string[] = [];
    const seen = new Set<string>();
    walk(raw, schema, "", unknown, seen);
    expect(unknown).toEqual([]);
    for (const path of ["/issues/*/ref", "/edges/*/source", "/workers/*/stale", "/reports/*/created", "/urgent/*/on"]) {
      expect(seen.has(path), path).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------
// Compile-time field lists: adding a field to a type without listing it here fails `tsc`, and the
// test above then fails until the schema documents it.

type Presence = "required" | "optional";
type Fields<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? "optional" : "required" };

const STATE_FIELDS = {
  version: "required",
  coordination: "required",
  updatedAt: "required",
  status: "required",
  statusReason: "required",
  progress: "required",
  issues: "required",
  edges: "required",
  workers: "required",
  waves: "required",
  criticalPath: "required",
  cycles: "required",
  gates: "required",
  reports: "required",
  urgent: "required",
  fingerprint: "required",
  truncated: "optional",
  lastSynthesisAt: "optional",
  parts: "optional",
} as const satisfies Fields<CoordinationState>;

const PART_REF_FIELDS = { id: "required", node: "required", digest: "required" } as const satisfies Fields<StatePartRef>;

const STATE_PART_FIELDS = {
  coordination: "required",
  issues: "optional",
  edges: "optional",
  waves: "optional",
  criticalPath: "optional",
  cycles: "optional",
} as const satisfies Fields<StatePart>;

const PROGRESS_FIELDS = { done: "required", total: "required" } as const satisfies Fields<
  CoordinationState["progress"]
>;

const ISSUE_FIELDS = {
  ref: "required",
  number: "required",
  title: "required",
  state: "required",
  stateReason: "required",
  status: "required",
  blockedBy: "required",
  assignees: "required",
  worker: "required",
  estimateMinutes: "required",
  wave: "required",
  urgent: "required",
} as const satisfies Fields<StateIssue>;

const EDGE_FIELDS = { from: "required", to: "required", source: "required" } as const satisfies Fields<StateEdge>;

const WORKER_FIELDS = {
  id: "required",
  login: "required",
  issue: "required",
  status: "required",
  lastReportAt: "required",
  stale: "required",
} as const satisfies Fields<StateWorker>;

const REPORT_FIELDS = {
  commentId: "required",
  on: "required",
  url: "required",
  author: "required",
  at: "required",
  kind: "required",
  worker: "required",
  phase: "required",
  issue: "required",
  status: "required",
  durationMinutes: "required",
  blockers: "required",
  created: "required",
  summary: "required",
} as const satisfies Fields<StateReport>;

const URGENT_FIELDS = {
  ref: "required",
  on: "required",
  commentId: "required",
  url: "required",
  author: "required",
  at: "required",
  summary: "required",
} as const satisfies Fields<StateUrgent>;

const GATE_FIELDS = {
  ref: "required",
  name: "required",
  state: "required",
  done: "required",
  total: "required",
  unmet: "required",
  approval: "optional",
} as const satisfies Fields<StateGate>;

// ---------------------------------------------------------------------------
// Helpers

function node(n: SchemaNode | undefined): SchemaNode {
  if (n === undefined) throw new Error("schema node missing");
  return n;
}

function def(name: string): SchemaNode {
  return node(schema.$defs[name]);
}

function resolve(n: SchemaNode): SchemaNode {
  let cur = n;
  for (let hops = 0; cur.$ref !== undefined; hops++) {
    if (hops > 10 || !cur.$ref.startsWith("#/$defs/")) throw new Error(`unexpected $ref ${cur.$ref}`);
    cur = def(cur.$ref.slice("#/$defs/".length));
  }
  return cur;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Records object keys of `value` that `n` does not name; `seen` collects visited paths (`*` for indexes). */
function walk(value: unknown, n: SchemaNode, path: string, unknown: string[], seen: Set<string>): void {
  const s = resolve(n);
  seen.add(path);
  if (Array.isArray(value)) {
    if (s.items === undefined) return;
    for (const item of value) walk(item, s.items, `${path}/*`, unknown, seen);
    return;
  }
  if (!isRecord(value)) return;
  if (s.properties === undefined) return; // an opaque object (a gate)
  for (const [k, v] of Object.entries(value)) {
    const child = s.properties[k];
    if (child === undefined) unknown.push(`${path}/${k}`);
    else walk(v, child, `${path}/${k}`, unknown, seen);
  }
}

function first<T>(xs: T[]): T {
  const x = xs[0];
  if (x === undefined) throw new Error("empty list in the seed state");
  return x;
}

/** The seed golden file's state, which validates as is. */
function validSeed(): CoordinationState {
  const state = parseState(readFileSync(new URL("seed.md", FIXTURES), "utf8"));
  if (state === null) throw new Error("seed.md has no state block");
  return state;
}

/** `n` issues in chains of ten, with long titles, edges, waves and 60 reports: far over budget. */
function bigState(n: number): CoordinationState {
  const ref = (k: number): string => `owner/repo#${1000 + k}`;
  const issues: StateIssue[] = [];
  const edges: StateEdge[] = [];
  const waves: string[][] = [];
  for (let k = 0; k < n; k++) {
    const pos = k % 10;
    const done = k < n / 4;
    const blockedBy = pos === 0 ? [] : [ref(k - 1)];
    for (const b of blockedBy) edges.push({ from: b, to: ref(k), source: "table" });
    const status = done ? "done" : pos === 0 || k - 1 < n / 4 ? "ready" : "blocked";
    const wave = done ? null : pos + 1;
    if (wave !== null) (waves[wave - 1] ??= []).push(ref(k));
    issues.push({
      ref: ref(k),
      number: 1000 + k,
      title: `Phase ${Math.floor(k / 10)}.${pos} - a long enough title to make the state large <!-- --> @someone`,
      state: done ? "closed" : "open",
      stateReason: done ? "completed" : null,
      status,
      blockedBy,
      assignees: k % 3 === 0 ? ["alice", "bob"] : [],
      worker: k % 7 === 0 ? String(k % 12) : null,
      estimateMinutes: k % 2 === 0 ? 90 : null,
      wave,
      urgent: false,
    });
  }
  const reports: StateReport[] = [];
  for (let k = 0; k < 60; k++) {
    reports.push({
      commentId: 5000 + k,
      on: ref(k),
      url: `https://github.com/owner/repo/issues/${1000 + k}#issuecomment-${5000 + k}`,
      author: `worker-${k % 12}`,
      at: new Date(NOW.getTime() - k * 3_600_000).toISOString(),
      kind: k % 10 === 9 ? "standup" : "report",
      worker: String(k % 12),
      phase: `Phase ${k}`,
      issue: ref(k),
      status: k % 10 === 9 ? null : k < 30 ? "complete" : "in_progress",
      durationMinutes: k % 10 === 9 ? null : 45,
      blockers: [],
      created: [ref(k + 1)],
      summary: "deliverables: src/a.ts, src/b.ts; 12 tests added",
    });
  }
  const done = issues.filter((i) => i.status === "done").length;
  return {
    ...emptyState(),
    status: "YELLOW",
    statusReason: "many blocked issues",
    progress: { done, total: issues.length },
    issues,
    edges,
    workers: [
      { id: "1", login: "alice", issue: ref(0), status: "complete", lastReportAt: "2025-11-17T10:00:00Z", stale: false },
    ],
    waves,
    criticalPath: Array.from({ length: 10 }, (_, k) => ref(n - 10 + k)),
    reports,
  };
}
