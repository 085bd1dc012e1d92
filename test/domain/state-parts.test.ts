// State comments (docs/state.md): a 2,000-issue, 10,000-edge state goes into the body and the
// app's comments and comes back complete; only the app's sealed, unedited comments are trusted;
// a change to one issue rewrites one comment; comments are reused before any is created.
import { describe, expect, it } from "vitest";
import { DASHBOARD_MAX_CHARS, PARTS_NOTE } from "../../src/domain/dashboard-budget.js";
import { parseState, renderDashboard } from "../../src/domain/dashboard.js";
import { hmacSealer, sealBlock } from "../../src/domain/seal.js";
import { buildState } from "../../src/domain/state.js";
import { assignParts, mergeParts, partListing, partText, previousState, readPart, splitState, strayParts, type ExistingPart, type PartText } from "../../src/domain/state-parts.js";
import type { CoordinationState, RawIssue, RawPartComment, RefKey, StateEdge } from "../../src/domain/types.js";

const seal = hmacSealer("parts test key");
const NOW = new Date("2026-11-27T10:00:00Z");
const COORD = "acme/app#1";
const REPO = { owner: "acme", repo: "app" };

/** `total` edges over `n` issues, each issue after a few of the ones just before it (a DAG). */
function chainEdges(n: number, total: number, ref: (i: number) => RefKey): StateEdge[] {
  const per = Math.floor(total / n);
  let base = 0;
  for (let i = 0; i < n; i++) base += Math.min(i, per);
  const extra = total - base;
  const edges: StateEdge[] = [];
  for (let i = 1; i < n; i++) {
    const degree = i >= per + 1 && i < per + 1 + extra ? per + 1 : Math.min(i, per);
    for (let k = 1; k <= degree; k++) edges.push({ from: ref(i - k), to: ref(i), source: "body" });
  }
  return edges;
}

function raw(number: number, closed: boolean): RawIssue {
  return {
    ref: `acme/app#${number}`,
    number,
    databaseId: number,
    title: `Task ${number}: a fairly ordinary title for a tracked issue`,
    state: closed ? "closed" : "open",
    stateReason: closed ? "completed" : null,
    labels: [],
    assignees: [`user${number % 10}`],
    url: `https://github.com/acme/app/issues/${number}`,
    closedAt: closed ? "2026-11-26T10:00:00Z" : null,
    body: "",
    blockedBy: [],
    subIssues: [],
  };
}

function bigState(n: number, edgeCount: number, title = (i: number) => `Task ${i}`): CoordinationState {
  const ref = (i: number) => `acme/app#${1000 + i}`;
  const tracked: Array<[RefKey, RawIssue | null]> = Array.from({ length: n }, (_, i) => {
    const issue = raw(1000 + i, i < n / 10);
    return [ref(i), { ...issue, title: title(i) }];
  });
  return buildState({
    coordination: COORD,
    tracked,
    edges: chainEdges(n, edgeCount, ref),
    estimates: new Map(),
    reports: [],
    urgent: [],
    config: { doneWhen: "closed", staleAfterHours: 24, labels: { blocked: "blocked", inProgress: "in progress" } },
    now: NOW,
  });
}

/** The comments a write leaves: each part's text in a comment of the app's, and the body's block listing them. */
function written(state: CoordinationState, texts: PartText[]): { block: string; comments: Map<string, RawPartComment> } {
  const comments = new Map<string, RawPartComment>();
  const slots = texts.map((text, i) => {
    const comment = { id: 7000 + i, node: `IC_${7000 + i}`, body: text.body };
    comments.set(comment.node, { ...comment, viewerDidAuthor: true });
    return { text, comment };
  });
  const block = sealBlock(renderDashboard(state, { now: NOW, repo: REPO, parts: partListing(slots) }), seal);
  return { block, comments };
}

describe("a 2,000-issue, 10,000-edge coordination", () => {
  const state = bigState(2000, 10_000);
  const parts = splitState(state) ?? [];
  const texts = parts.map((p) => partText(p, seal));

  it("fits the body and comments GitHub keeps, and reads back complete", () => {
    expect(state.issues).toHaveLength(2000);
    expect(state.edges).toHaveLength(10_000);
    for (const t of texts) expect(t.body.length).toBeLessThanOrEqual(65_536);
    const { block, comments } = written(state, texts);
    expect(block.length).toBeLessThanOrEqual(DASHBOARD_MAX_CHARS);

    const previous = previousState(block, COORD, seal, comments);
    expect(previous.unread).toEqual([]);
    expect(previous.reusable.map((c) => c.id)).toEqual(texts.map((_, i) => 7000 + i));
    const back = previous.state;
    expect(back?.issues).toEqual(state.issues);
    expect(back?.edges).toEqual(state.edges);
    expect(back?.waves).toEqual(state.waves);
    expect(back?.criticalPath).toEqual(state.criticalPath);
    expect(back?.cycles).toEqual(state.cycles);
    expect(back?.truncated).toBeUndefined();
    expect(back?.fingerprint).toBe(state.fingerprint);
  });

  it("keeps the rest of the state and a preview of the issues in the body, and says where the lists are", () => {
    const { block } = written(state, texts);
    const body = parseState(block);
    expect(body?.truncated).toEqual([PARTS_NOTE]);
    expect(body?.edges).toEqual([]);
    expect(body?.progress).toEqual(state.progress);
    expect(body?.issues.length ?? 0).toBeGreaterThan(0);
    expect(body?.issues[0]).toEqual({ ...state.issues[0], title: "" });
  });

  it("changes one comment when one issue changes", () => {
    const changed = { ...state, issues: state.issues.map((i, k) => (k === 1500 ? { ...i, status: "in_progress" as const, worker: "7" } : i)) };
    const after = (splitState(changed) ?? []).map((p) => partText(p, seal));
    expect(after).toHaveLength(texts.length);
    expect(after.filter((t, i) => t.body !== texts[i]?.body)).toHaveLength(1);
  });
});

describe("previousState", () => {
  const state = bigState(600, 3000, (i) => `A long title to need more than one part: issue ${i} of the plan, phase ${i % 7}`);
  const texts = (splitState(state) ?? []).map((p) => partText(p, seal));
  const { block, comments } = written(state, texts);
  const node = [...comments.keys()][0] ?? "";
  const tamper = (change: Partial<RawPartComment>) => new Map([...comments, [node, { ...(comments.get(node) as RawPartComment), ...change }]]);

  it("needs more than one part for this state", () => {
    expect(texts.length).toBeGreaterThan(1);
  });

  it("trusts the app's unedited, sealed comments", () => {
    expect(previousState(block, COORD, seal, comments).state?.issues).toHaveLength(600);
  });

  it("asks for listed comments not read yet", () => {
    const some = new Map([...comments].slice(1));
    expect(previousState(block, COORD, seal, some).unread).toEqual([node]);
  });

  it.each([
    ["edited by someone else", { body: (comments.get(node)?.body ?? "").replace("A long title", "A forged title") }],
    ["written by someone else", { viewerDidAuthor: false }],
    ["with its line changed (seal and digest fail)", { body: (comments.get(node)?.body ?? "").replace('"open"', '"closed"') }],
    ["another comment than the one listed", { id: 1 }],
  ])("ignores the cache when a comment is %s", (_name, change) => {
    const previous = previousState(block, COORD, seal, tamper(change as Partial<RawPartComment>));
    expect(previous.state).toBeNull();
  });

  it("ignores the cache when a listed comment is gone, and still offers the others for reuse", () => {
    const gone = new Map<string, RawPartComment | null>([...comments, [node, null]]);
    const previous = previousState(block, COORD, seal, gone);
    expect(previous.state).toBeNull();
    expect(previous.reusable).toHaveLength(texts.length - 1);
  });

  it("does not take a stale comment (a line the block does not list) for the current one", () => {
    const older = bigState(600, 3000, (i) => `An older title ${i}`);
    const stale = (splitState(older) ?? []).map((p) => partText(p, seal));
    const mixed = tamper({ body: stale[0]?.body ?? "" });
    expect(previousState(block, COORD, seal, mixed).state).toBeNull();
  });

  it("reuses, from a listing it cannot trust, only comments sealed for this coordination", () => {
    const unsealed = block.replace(/<!-- coordinator:seal [0-9a-f]+ -->/, "<!-- coordinator:seal 00 -->");
    expect(previousState(unsealed, COORD, seal, comments).state).toBeNull();
    expect(previousState(unsealed, COORD, seal, comments).reusable).toHaveLength(texts.length);
    expect(previousState(unsealed, "acme/app#2", seal, comments).reusable).toEqual([]);
  });
});

describe("strayParts", () => {
  it("names the app's state comments for this coordination that the block does not list", () => {
    const state = bigState(600, 3000, (i) => `A long title to need more than one part: issue ${i} of the plan, phase ${i % 7}`);
    const texts = (splitState(state) ?? []).map((p) => partText(p, seal));
    const { block, comments } = written(state, texts);
    const window = [...comments.values()].map((c) => ({ id: c.id, on: COORD, author: "coordinator[bot]", authorType: "Bot", body: c.body, createdAt: "", updatedAt: "", url: "", viewerDidAuthor: true }));
    const leftover = { ...window[0], id: 99, body: texts[0]?.body ?? "" } as (typeof window)[number];
    const copy = { ...leftover, id: 100, viewerDidAuthor: false };
    expect(strayParts([...window, leftover, copy], block, COORD, seal)).toEqual([99]);
    expect(strayParts([leftover], block, "acme/app#2", seal)).toEqual([]);
  });
});

describe("readPart", () => {
  it("rejects a part sealed with another key or naming another coordination", () => {
    const [text] = (splitState(bigState(5, 4)) ?? []).map((p) => partText(p, seal));
    if (!text) throw new Error("no part");
    expect(readPart(text.body, text.digest, COORD, seal)).not.toBeNull();
    expect(readPart(text.body, text.digest, COORD, hmacSealer("another key"))).toBeNull();
    expect(readPart(text.body, text.digest, "acme/app#2", seal)).toBeNull();
  });
});

describe("assignParts", () => {
  const text = (s: string): PartText => ({ line: s, body: s, digest: s });
  const comment = (id: number, body: string): ExistingPart => ({ id, node: `IC_${id}`, body });

  it("keeps comments holding a part's text, edits the others in order, creates what is missing", () => {
    const { slots, surplus } = assignParts([text("a"), text("b"), text("c")], [comment(1, "x"), comment(2, "b")]);
    expect(slots.map((s) => s.comment?.id ?? null)).toEqual([1, 2, null]);
    expect(surplus).toEqual([]);
  });

  it("leaves the comments no part needs as surplus", () => {
    const { slots, surplus } = assignParts([text("b")], [comment(1, "a"), comment(2, "b"), comment(3, "c")]);
    expect(slots.map((s) => s.comment?.id)).toEqual([2]);
    expect(surplus.map((c) => c.id)).toEqual([1, 3]);
  });
});

describe("mergeParts", () => {
  it("keeps notes other than the one that sent the lists to comments", () => {
    const state = bigState(3, 2);
    const merged = mergeParts({ ...state, truncated: ["reports: kept latest 10 of 50", PARTS_NOTE] }, splitState(state) ?? []);
    expect(merged.truncated).toEqual(["reports: kept latest 10 of 50"]);
    expect(merged.issues).toEqual(state.issues);
  });
});
