import { describe, expect, it } from "vitest";
import { planNotifications, unblockMarker } from "../../src/domain/notify.js";
import { hostileRendering } from "./rendered.js";
import type { CommentWindow, CoordinationState, RawIssue, StateIssue } from "../../src/domain/types.js";

const LABELS = { blocked: "blocked", ready: "ready" };
const REPO = { owner: "acme", repo: "app" };

function raw(number: number, extra: Partial<RawIssue> = {}): RawIssue {
  return {
    ref: `acme/app#${number}`,
    number,
    databaseId: number,
    title: `Issue ${number}`,
    state: "open",
    stateReason: null,
    labels: [],
    assignees: [],
    url: `https://github.com/acme/app/issues/${number}`,
    closedAt: null,
    body: "",
    blockedBy: [],
    subIssues: [],
    ...extra,
  };
}

function issue(number: number, blockedBy: number[], extra: Partial<StateIssue> = {}): StateIssue {
  return {
    ref: `acme/app#${number}`,
    number,
    title: `Issue ${number}`,
    state: "open",
    stateReason: null,
    status: blockedBy.length > 0 ? "blocked" : "ready",
    blockedBy: blockedBy.map((n) => `acme/app#${n}`),
    assignees: [],
    worker: null,
    estimateMinutes: null,
    wave: null,
    urgent: false,
    ...extra,
  };
}

function state(issues: StateIssue[], edges: Array<[number, number]>, cycles: number[][] = []): CoordinationState {
  return {
    version: 1,
    coordination: "acme/app#1",
    updatedAt: "2026-11-27T10:00:00.000Z",
    status: "GREEN",
    statusReason: "",
    progress: { done: 0, total: issues.length },
    issues,
    edges: edges.map(([from, to]) => ({ from: `acme/app#${from}`, to: `acme/app#${to}`, source: "table" })),
    workers: [],
    waves: [],
    criticalPath: [],
    cycles: cycles.map((c) => c.map((n) => `acme/app#${n}`)),
    gates: [],
    reports: [],
    urgent: [],
    fingerprint: "",
  };
}

function windowOf(number: number, bodies: string[] = []): CommentWindow {
  return {
    on: `acme/app#${number}`,
    complete: true,
    comments: bodies.map((body, i) => ({ id: i + 1, on: `acme/app#${number}`, author: "coordinator[bot]", authorType: "Bot", body, createdAt: "", updatedAt: "", url: "", viewerDidAuthor: true })),
  };
}

describe("planNotifications", () => {
  it("labels a waiting issue blocked, and an issue whose blockers are done ready, without notices", () => {
    const s = state([issue(2, [5]), issue(3, [])], [[5, 2], [6, 3]]);
    const issues = new Map([
      ["acme/app#2", raw(2)],
      ["acme/app#3", raw(3)],
      ["acme/app#6", raw(6, { state: "closed" })],
    ]);
    const plan = planNotifications({ state: s, issues, labels: LABELS, windows: [], repo: REPO });
    expect(plan.labels).toEqual([
      { ref: "acme/app#2", add: ["blocked"], remove: [] },
      { ref: "acme/app#3", add: ["ready"], remove: [] },
    ]);
    expect(plan.notifications).toEqual([]);
  });

  it("announces the transition of an issue labelled blocked whose blockers are all done, once", () => {
    const s = state([issue(3, [], { assignees: ["dana"] })], [[6, 3]]);
    const issues = new Map([
      ["acme/app#3", raw(3, { labels: ["blocked"] })],
      ["acme/app#6", raw(6, { state: "closed", stateReason: "completed", closedAt: "2026-11-27T09:00:00Z" })],
    ]);
    const first = planNotifications({ state: s, issues, labels: LABELS, windows: [windowOf(3)], repo: REPO });
    expect(first.notifications).toHaveLength(1);
    const notice = first.notifications[0];
    expect(notice?.body.startsWith(notice.marker)).toBe(true);
    expect(notice?.body).toContain("#6");
    expect(notice?.body).toContain("`dana`");
    expect(first.labels).toEqual([{ ref: "acme/app#3", add: ["ready"], remove: ["blocked"] }]);
    // The notice already posted (a retry after the label write failed): only the labels change.
    const again = planNotifications({ state: s, issues, labels: LABELS, windows: [windowOf(3, [notice?.body ?? ""])], repo: REPO });
    expect(again.notifications).toEqual([]);
    expect(again.labels).toEqual([{ ref: "acme/app#3", add: ["ready"], remove: ["blocked"] }]);
  });

  it("a blocker closed again later is a new transition with a new marker", () => {
    const s = state([issue(3, [])], [[6, 3]]);
    const at = (closedAt: string) =>
      planNotifications({
        state: s,
        issues: new Map([
          ["acme/app#3", raw(3, { labels: ["blocked"] })],
          ["acme/app#6", raw(6, { state: "closed", closedAt })],
        ]),
        labels: LABELS,
        windows: [windowOf(3)],
        repo: REPO,
      }).notifications[0]?.marker;
    expect(at("2026-11-27T09:00:00Z")).not.toBe(at("2026-11-28T09:00:00Z"));
    expect(at("2026-11-27T09:00:00Z")).toMatch(/^<!-- coordinator:unblocked:acme\/app#3:[0-9a-f]{8} -->$/);
  });

  it("asks for the comments of a transitioning issue it has not read", () => {
    const s = state([issue(3, [])], [[6, 3]]);
    const issues = new Map([
      ["acme/app#3", raw(3, { labels: ["blocked"] })],
      ["acme/app#6", raw(6, { state: "closed" })],
    ]);
    const plan = planNotifications({ state: s, issues, labels: LABELS, windows: [], repo: REPO });
    expect(plan.unread).toEqual(["acme/app#3"]);
    expect(plan.notifications).toEqual([]);
  });

  it.each([
    ["a closed issue", raw(3, { state: "closed", labels: ["blocked"] })],
    ["an issue in a cycle", raw(3, { labels: ["blocked"] })],
  ])("leaves %s alone", (_name, r) => {
    const s = state([issue(3, [])], [[6, 3], [3, 6]], [[3, 6]]);
    const plan = planNotifications({ state: s, issues: new Map([["acme/app#3", r]]), labels: LABELS, windows: [windowOf(3)], repo: REPO });
    expect(plan).toEqual({ labels: [], notifications: [], unread: [] });
  });

  it("the marker helper renders what the plan searches for", () => {
    expect(unblockMarker("acme/app#3", "0000abcd")).toBe("<!-- coordinator:unblocked:acme/app#3:0000abcd -->");
  });
});

describe("planNotifications: hostile titles stay text (issue 9)", () => {
  it("shows a blocker titled as an image, a link or a mention as text", () => {
    const title = "![x](https://evil.example/p.png) [a](https://evil.example) @org/team www.evil.example <img src=x>";
    const s = state([issue(3, [], { assignees: ["dana"], worker: "@org/team" })], [[6, 3], [7, 3]]);
    const issues = new Map([
      ["acme/app#3", raw(3, { labels: ["blocked"] })],
      ["acme/app#6", raw(6, { title, state: "closed", stateReason: "completed", closedAt: "2026-11-27T09:00:00Z" })],
      ["acme/app#7", raw(7, { title, state: "closed", stateReason: "not_planned", closedAt: "2026-11-27T09:00:00Z" })],
    ]);
    const [notice] = planNotifications({ state: s, issues, labels: LABELS, windows: [windowOf(3)], repo: REPO }).notifications;
    expect(notice).toBeDefined();
    expect(hostileRendering((notice?.body ?? "").slice((notice?.marker ?? "").length))).toEqual([]);
  });

  it("groups 30,000 edges into one issue in linear time", () => {
    const n = 30_000;
    const s = state([issue(2, [])], Array.from({ length: n }, (_, i): [number, number] => [1000 + i, 2]));
    const issues = new Map([["acme/app#2", raw(2, { labels: ["blocked"] })]]);
    const start = performance.now();
    planNotifications({ state: s, issues, labels: LABELS, windows: [windowOf(2)], repo: REPO });
    // Copying the list for every edge made this 450 million copies (seconds).
    expect(performance.now() - start).toBeLessThan(500);
  });
});
