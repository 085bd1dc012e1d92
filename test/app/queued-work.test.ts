import { describe, expect, it } from "vitest";
import type { RepoEvent } from "../../src/handlers/normalize.js";
import { emptyCoordinationWork, mergeWork, workKey, type CoordinationWork, type RouteWork, type Work } from "../../src/app/queued-work.js";

function coord(extra: Partial<CoordinationWork> = {}): CoordinationWork {
  return { ...emptyCoordinationWork(1, "owner", "repo", 977), ...extra };
}

function event(delivery: string): RepoEvent {
  return {
    delivery,
    name: "issues.closed",
    installationId: 1,
    owner: "owner",
    repo: "repo",
    sender: { login: "alice", type: "User" },
    issue: { number: 12, body: "", labels: [] },
    parent: null,
    comment: null,
    previousBody: null,
    label: null,
    touchesConfig: false,
  };
}

function route(...deliveries: string[]): RouteWork {
  return { kind: "route", installationId: 1, owner: "owner", repo: "repo", events: deliveries.map(event) };
}

function asCoord(work: Work): CoordinationWork {
  if (work.kind !== "coordination") throw new Error("expected coordination work");
  return work;
}

describe("mergeWork: writes waiting for budget (issue 15)", () => {
  const resume = (n: number) => ({ effects: [{ kind: "labels" as const, on: `owner/repo#${n}`, add: ["ready"], remove: ["blocked"], background: true }], facts: {} as never, labelIds: new Map() });

  it("a waiting resume gives way to a full run: anything new re-plans the writes from a fresh read", () => {
    const merged = asCoord(mergeWork(coord({ resume: resume(1), deliveries: ["d1"] }), coord({ touched: ["owner/repo#5"], deliveries: ["d2"] })));
    expect(merged.resume).toBeUndefined();
    expect(merged.touched).toEqual(["owner/repo#5"]);
    expect(merged.deliveries).toEqual(["d1", "d2"]);
    // A reconcile is a full run too, though it carries nothing.
    expect(asCoord(mergeWork(coord({ resume: resume(1) }), coord({ deliveries: ["reconcile"] }))).resume).toBeUndefined();
    expect(asCoord(mergeWork(coord({ deliveries: ["reconcile"] }), coord({ resume: resume(1) }))).resume).toBeUndefined();
  });

  it("two resumes keep the newer (it holds what is left)", () => {
    expect(asCoord(mergeWork(coord({ resume: resume(1) }), coord({ resume: resume(2) }))).resume?.effects[0]).toMatchObject({ on: "owner/repo#2" });
  });
});

describe("mergeWork: coordination work", () => {
  it("unions touched, changed, deleted, authors and deliveries, older first", () => {
    const older = coord({ touched: ["owner/repo#1", "owner/repo#2"], changed: [10, 11], deleted: [5], authors: ["alice"], deliveries: ["d1"] });
    const newer = coord({ touched: ["owner/repo#2", "owner/repo#3"], changed: [11, 12], deleted: [6, 5], authors: ["bob", "alice"], deliveries: ["d2", "d1"] });
    const merged = asCoord(mergeWork(older, newer));
    expect(merged.touched).toEqual(["owner/repo#1", "owner/repo#2", "owner/repo#3"]);
    expect(merged.changed).toEqual([10, 11, 12]);
    expect(merged.deleted).toEqual([5, 6]);
    expect(merged.authors).toEqual(["alice", "bob"]);
    expect(merged.deliveries).toEqual(["d1", "d2"]);
  });

  it.each<[string, string | null, string | null, string | null]>([
    ["the newest hint body wins", "old body", "new body", "new body"],
    ["an older hint survives a newer event without one", "old body", null, "old body"],
    ["a newer hint fills an older gap", null, "new body", "new body"],
    ["no hint at all", null, null, null],
  ])("%s", (_name, older, newer, expected) => {
    expect(asCoord(mergeWork(coord({ hintBody: older }), coord({ hintBody: newer }))).hintBody).toBe(expected);
  });

  it.each<[boolean, boolean, boolean]>([
    [false, false, false],
    [true, false, true],
    [false, true, true],
    [true, true, true],
  ])("setup %s then %s → %s", (older, newer, expected) => {
    expect(asCoord(mergeWork(coord({ setup: older }), coord({ setup: newer }))).setup).toBe(expected);
  });

  it("does not run a command comment twice when its delivery is merged twice", () => {
    const older = coord({ commands: [{ commentId: 7, on: "owner/repo#1", login: "alice" }] });
    const newer = coord({ commands: [{ commentId: 7, on: "owner/repo#1", login: "alice" }, { commentId: 8, on: "owner/repo#1", login: "bob" }] });
    expect(asCoord(mergeWork(older, newer)).commands).toEqual([
      { commentId: 7, on: "owner/repo#1", login: "alice" },
      { commentId: 8, on: "owner/repo#1", login: "bob" },
    ]);
  });

  it("merging is idempotent for the same work", () => {
    const work = coord({ touched: ["owner/repo#1"], changed: [1], deleted: [2], authors: ["a"], commands: [{ commentId: 1, on: "owner/repo#1", login: "a" }], deliveries: ["d"], setup: true, hintBody: "b" });
    expect(mergeWork(work, work)).toEqual(work);
  });

  it("keeps the last 50 deliveries", () => {
    const older = coord({ deliveries: Array.from({ length: 40 }, (_, i) => `a${i}`) });
    const newer = coord({ deliveries: Array.from({ length: 20 }, (_, i) => `b${i}`) });
    const merged = asCoord(mergeWork(older, newer));
    expect(merged.deliveries).toHaveLength(50);
    expect(merged.deliveries[0]).toBe("a10");
    expect(merged.deliveries.at(-1)).toBe("b19");
  });

  it("does not mutate its inputs", () => {
    const older = coord({ changed: [1] });
    const newer = coord({ changed: [2] });
    mergeWork(older, newer);
    expect(older.changed).toEqual([1]);
    expect(newer.changed).toEqual([2]);
  });
});

describe("mergeWork: route work", () => {
  it("keeps every event, older first", () => {
    const merged = mergeWork(route("d1", "d2"), route("d3"));
    expect(merged.kind === "route" ? merged.events.map((e) => e.delivery) : []).toEqual(["d1", "d2", "d3"]);
  });

  it("between kinds (never under one key) keeps the newer", () => {
    const newer = route("d9");
    expect(mergeWork(coord(), newer)).toBe(newer);
  });
});

describe("workKey", () => {
  it.each<[string, Work, Work, boolean]>([
    ["route and coordination work of one repository differ", route(), coord(), false],
    ["two coordinations of one repository differ", coord({ number: 1 }), coord({ number: 2 }), false],
    ["installations differ", coord({ installationId: 1 }), coord({ installationId: 2 }), false],
    ["repositories differ", coord({ repo: "a" }), coord({ repo: "b" }), false],
    ["owner and repository case does not matter (coordination)", coord({ owner: "Owner", repo: "Repo" }), coord({ owner: "owner", repo: "repo" }), true],
    ["owner and repository case does not matter (route)", { ...route(), owner: "OWNER", repo: "REPO" }, route(), true],
    ["the rest of the work does not matter", coord({ changed: [1], setup: true }), coord(), true],
  ])("%s", (_name, a, b, same) => {
    expect(workKey(a) === workKey(b)).toBe(same);
  });

  it("route keys cannot collide with coordination keys", () => {
    // A repository named like `repo#977` cannot exist, but the kinds are separated regardless.
    expect(workKey(route())).toMatch(/^route:/);
    expect(workKey(coord())).toMatch(/^coord:/);
  });
});
