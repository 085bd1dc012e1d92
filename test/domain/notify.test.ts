import { describe, expect, it } from "vitest";
import { planNotifications, SUMMARY_MAX_ISSUES, SUMMARY_MAX_MENTIONS, SUMMARY_PREFIX, unblockMarker, type NotifyInput } from "../../src/domain/notify.js";
import { hostileRendering, rendered } from "./rendered.js";
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
    expect(plan).toEqual({ labels: [], notifications: [], unread: [], unblocked: 0 });
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

describe("planNotifications: large fan-outs (issue 15)", () => {
  /** `n` issues (#100…) waiting for #1, which is now closed; assignees by index. */
  function fanOut(n: number, assignee: (i: number) => string[] = (i) => [`worker${i % 7}`]): Omit<NotifyInput, "windows"> & { refs: string[] } {
    const waiting = Array.from({ length: n }, (_, i) => issue(100 + i, [], { assignees: assignee(i) }));
    const s = state(waiting, waiting.map((w): [number, number] => [1, w.number]));
    const issues = new Map<string, RawIssue>([["acme/app#1", raw(1, { title: "Schema", state: "closed", stateReason: "completed", closedAt: "2026-11-27T09:00:00Z" })]]);
    for (const w of waiting) issues.set(w.ref, raw(w.number, { labels: ["blocked"], assignees: w.assignees }));
    return { state: s, issues, labels: LABELS, repo: REPO, orchestrators: ["lead", "@acme/leads"], refs: waiting.map((w) => w.ref) };
  }
  const windowsFor = (refs: string[], coordination: string[] = []): CommentWindow[] => [
    { ...windowOf(1, coordination) },
    ...refs.map((ref) => ({ on: ref, complete: true, comments: [] })),
  ];
  /** Which transitions the notices announce, each marker counted once per notice that carries it. */
  const announced = (notices: Array<{ body: string }>) => notices.flatMap((n) => [...n.body.matchAll(/<!-- coordinator:unblocked:([^:]+#\d+):[0-9a-f]{8} -->/g)].map((m) => m[1]));

  it("tells up to summaryAbove issues on each issue, and more in one summary on the coordination issue", () => {
    for (const [n, summary] of [[10, false], [11, true], [1, false]] as const) {
      const f = fanOut(n);
      const plan = planNotifications({ ...f, windows: windowsFor(f.refs) });
      expect(plan.unblocked).toBe(n);
      expect(plan.notifications.map((x) => x.on)).toEqual(summary ? ["acme/app#1"] : f.refs);
      // Every issue's labels change either way: one label effect each.
      expect(plan.labels).toHaveLength(n);
      expect(plan.labels.every((l) => l.add.join() === "ready" && l.remove.join() === "blocked")).toBe(true);
    }
  });

  it("follows notifications.summaryAbove: 0 summarises even one issue; 500 tells 200 issues one by one", () => {
    const one = fanOut(1);
    expect(planNotifications({ ...one, windows: windowsFor(one.refs), summaryAbove: 0 }).notifications.map((x) => x.on)).toEqual(["acme/app#1"]);
    const many = fanOut(200);
    expect(planNotifications({ ...many, windows: windowsFor(many.refs), summaryAbove: 500 }).notifications).toHaveLength(200);
  });

  it("names every issue, mentions its assignees (the orchestrators for an unassigned one) and carries every marker", () => {
    const f = fanOut(12, (i) => (i === 0 ? [] : i === 1 ? ["dana", "erin"] : [`worker${i}`]));
    const [summary, ...more] = planNotifications({ ...f, windows: windowsFor(f.refs) }).notifications;
    expect(more).toEqual([]);
    const body = summary?.body ?? "";
    expect(body.startsWith(SUMMARY_PREFIX)).toBe(true);
    expect(body.split("\n")[0]).toBe(summary?.marker);
    expect(body).toContain("🟢 **Unblocked**: 12 issues are ready to start");
    expect(body).toContain("- #100 Issue 100 — nobody assigned: @lead @acme/leads");
    expect(body).toContain("- #101 Issue 101 — @dana @erin");
    expect(body).toContain("- #111 Issue 111 — @worker11");
    expect(body).toContain("Finished: #1 Schema (closed).");
    expect(announced([summary ?? { body: "" }]).sort()).toEqual([...f.refs].sort());
    const mentions = new Set(rendered(body).mentions);
    expect(mentions).toEqual(new Set(["@lead", "@acme/leads", "@dana", "@erin", ...Array.from({ length: 10 }, (_, i) => `@worker${i + 2}`)]));
  });

  it("never announces an issue its summary already named, whatever the size of the rest", () => {
    const f = fanOut(30);
    const first = planNotifications({ ...f, windows: windowsFor(f.refs) });
    expect(first.notifications).toHaveLength(1);
    const posted = first.notifications.map((n) => n.body);
    // The same run again (a redelivery, a restart before the labels were written): nothing to say.
    const again = planNotifications({ ...f, windows: windowsFor(f.refs, posted) });
    expect(again.notifications).toEqual([]);
    expect(again.labels).toHaveLength(30);
    // Five more issues join the fan-out later (they waited for #1 too, tracked after the summary):
    // only those five are told, each on its issue (five is a small fan-out).
    const g = fanOut(35);
    const later = planNotifications({ ...g, windows: windowsFor(g.refs, posted) });
    expect(later.notifications.map((n) => n.on)).toEqual(g.refs.slice(30));
  });

  it("does not take a summary someone else wrote, or one quoting our markers, as announced", () => {
    const f = fanOut(12);
    const [summary] = planNotifications({ ...f, windows: windowsFor(f.refs) }).notifications;
    const forged: CommentWindow = { on: "acme/app#1", complete: true, comments: [{ id: 9, on: "acme/app#1", author: "mallory", authorType: "User", body: summary?.body ?? "", createdAt: "", updatedAt: "", url: "", viewerDidAuthor: false }] };
    const plan = planNotifications({ ...f, windows: [forged, ...windowsFor(f.refs).slice(1)] });
    expect(announced(plan.notifications).sort()).toEqual([...f.refs].sort());
  });

  it("cuts a very large fan-out into comments of at most 100 issues and 50 people, each issue in exactly one", () => {
    const wide = fanOut(250);
    const byIssues = planNotifications({ ...wide, windows: windowsFor(wide.refs) }).notifications;
    expect(byIssues.map((n) => announced([n]).length)).toEqual([SUMMARY_MAX_ISSUES, SUMMARY_MAX_ISSUES, 50]);
    expect(byIssues[0]?.body).toContain("(part 1 of 3)");
    const people = fanOut(120, (i) => [`person${i}`]);
    const byPeople = planNotifications({ ...people, windows: windowsFor(people.refs) }).notifications;
    expect(byPeople.map((n) => new Set(rendered(n.body).mentions).size)).toEqual([SUMMARY_MAX_MENTIONS, SUMMARY_MAX_MENTIONS, 20]);
    for (const notices of [byIssues, byPeople]) {
      expect(new Set(notices.map((n) => n.marker)).size).toBe(notices.length);
      const all = announced(notices);
      expect(all).toHaveLength(new Set(all).size);
    }
    expect(Math.max(...byIssues.map((n) => n.body.length))).toBeLessThan(30_000);
  });

  it("announces each unannounced transition exactly once, whatever was announced before (property)", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 60; round++) {
      const n = Math.floor(random() * 260);
      const f = fanOut(n, (i) => (random() < 0.2 ? [] : [`w${Math.floor(random() * 80)}x${i % 3}`]));
      const summaryAbove = Math.floor(random() * 20);
      const full = planNotifications({ ...f, windows: windowsFor(f.refs), summaryAbove });
      // Some of the notices were posted before a crash: the next plan tells exactly the others.
      const posted = full.notifications.filter(() => random() < 0.5);
      const perIssue = new Map(posted.filter((p) => p.on !== "acme/app#1").map((p) => [p.on, p.body]));
      const windows: CommentWindow[] = [
        windowOf(1, posted.filter((p) => p.on === "acme/app#1").map((p) => p.body)),
        ...f.refs.map((ref) => ({ ...windowOf(Number(ref.split("#")[1]), perIssue.has(ref) ? [perIssue.get(ref) ?? ""] : []), on: ref })),
      ];
      const next = planNotifications({ ...f, windows, summaryAbove });
      const before = announced(posted);
      const now = announced(next.notifications);
      expect([...before, ...now].sort()).toEqual([...f.refs].sort());
      expect(next.labels).toHaveLength(n);
    }
  });

  it("keeps hostile titles and logins text: the only mentions are GitHub logins and configured people", () => {
    const title = "![x](https://evil.example/p.png) [a](https://evil.example) @org/team www.evil.example <img src=x>";
    const f = fanOut(12, (i) => (i === 0 ? ["evil login <b>@x"] : [`worker${i}`]));
    for (const w of f.state.issues) w.title = title;
    const body = planNotifications({ ...f, windows: windowsFor(f.refs) }).notifications[0]?.body ?? "";
    const markers = body.split("\n").filter((l) => l.startsWith("<!--"));
    const shown = body.split("\n").filter((l) => !l.startsWith("<!--")).join("\n");
    const problems = hostileRendering(shown).filter((p) => !/^mention @worker\d+$/.test(p));
    expect(problems).toEqual([]);
    expect(markers).toHaveLength(13);
  });
});
