import { describe, expect, it } from "vitest";
import {
  capped,
  clip,
  count,
  formatAge,
  formatMinutes,
  formatUtc,
  formatWhen,
  link,
  newestFirst,
  percent,
  progressBar,
  refMarkdown,
  safeUrl,
  shortRef,
  table,
  timeOf,
} from "../../src/domain/format.js";
import type { StateReport } from "../../src/domain/types.js";

const NOW = Date.parse("2025-11-18T09:00:00Z");
const MIN = 60_000;
const HOME = { owner: "owner", repo: "repo" };

describe("times", () => {
  it("reads ISO times, and nothing else", () => {
    expect(timeOf("2025-11-18T09:00:00Z")).toBe(NOW);
    expect(timeOf("yesterday")).toBeNull();
    expect(timeOf(42)).toBeNull();
    expect(timeOf(undefined)).toBeNull();
  });

  it.each<[number | null, number, string]>([
    [NOW, NOW, "just now"],
    [NOW + 5 * MIN, NOW, "just now"],
    [NOW - 5 * MIN, NOW, "5m ago"],
    [NOW - 90 * MIN, NOW, "1h ago"],
    [NOW - 47 * 60 * MIN, NOW, "47h ago"],
    [NOW - 72 * 60 * MIN, NOW, "3d ago"],
    [null, NOW, "at an unknown time"],
    [NOW, Number.NaN, "at an unknown time"],
  ])("formatAge(%s, %s) is %j: one wording everywhere", (t, now, expected) => {
    expect(formatAge(t, now)).toBe(expected);
  });

  it("writes a time in UTC with its age, and one phrase when the time is unknown", () => {
    expect(formatUtc(NOW)).toBe("2025-11-18 09:00 UTC");
    expect(formatUtc(null)).toBe("unknown time");
    expect(formatUtc(8.64e15 + 1)).toBe("unknown time");
    expect(formatWhen(NOW - 3 * 60 * MIN, NOW)).toBe("2025-11-18 06:00 UTC (3h ago)");
    expect(formatWhen(null, NOW)).toBe("at an unknown time");
    expect(formatWhen(NOW, Number.NaN)).toBe("2025-11-18 09:00 UTC");
  });

  it.each<[number, string]>([
    [0, "0m"],
    [45, "45m"],
    [150, "2h 30m"],
    [1440 + 180, "1d 3h"],
    [-5, "0m"],
  ])("formatMinutes(%d) is %s", (minutes, expected) => {
    expect(formatMinutes(minutes)).toBe(expected);
  });
});

describe("order", () => {
  const report = (commentId: number, at: string) => ({ commentId, at }) as StateReport;

  it("puts reports newest first, unreadable times last, ties by comment id descending", () => {
    const reports = [report(1, "2025-11-18T08:00:00Z"), report(2, "bad"), report(3, "2025-11-18T09:00:00Z"), report(4, "2025-11-18T08:00:00Z")];
    expect(newestFirst(reports).map((r) => r.commentId)).toEqual([3, 4, 1, 2]);
    expect(reports.map((r) => r.commentId)).toEqual([1, 2, 3, 4]);
  });
});

describe("links and references", () => {
  it.each<[unknown, string | null]>([
    ["https://github.com/o/r/issues/1#issuecomment-2", "https://github.com/o/r/issues/1#issuecomment-2"],
    ["http://x.test", null],
    ["javascript:alert(1)", null],
    ["https://x.test/a) [y](z", null],
    [`https://x.test/${"a".repeat(500)}`, null],
    [7, null],
  ])("safeUrl(%j)", (url, expected) => {
    expect(safeUrl(url)).toBe(expected);
    expect(link("comment", url)).toBe(expected === null ? null : `[comment](${expected})`);
  });

  it("shortens references in the home repository, and escapes what is not a reference", () => {
    expect(shortRef("owner/repo#12", HOME)).toBe("#12");
    expect(shortRef("Owner/Repo#12", HOME)).toBe("#12");
    expect(shortRef("other/repo#12", HOME)).toBe("other/repo#12");
    expect(shortRef("other/repo#12", null)).toBe("other/repo#12");
    expect(shortRef("not a ref", HOME)).toBe("not a ref");
    expect(refMarkdown("owner/repo#12", HOME)).toBe("#12");
    expect(refMarkdown("@alice | *x*", HOME)).not.toContain("@alice");
  });
});

describe("text", () => {
  it("clips to a length with an ellipsis, never splitting a surrogate pair", () => {
    expect(clip("short", 10)).toBe("short");
    expect(clip("abcdefghij", 5)).toBe("abcd…");
    expect(clip("ab😀cd", 4)).toBe("ab…");
    expect(clip(7 as unknown as string, 5)).toBe("7");
  });
});

describe("lists, tables and counts", () => {
  it("caps a list and says how many were left out", () => {
    expect(capped(["a", "b"], 2)).toBe("a, b");
    expect(capped(["a", "b", "c"], 2)).toBe("a, b, … (+1 more)");
    expect(capped(["a", "b", "c"], 1, " → ")).toBe("a → … (+2 more)");
  });

  it("writes a GFM table", () => {
    expect(table(["A", "B"], [["1", "2"]])).toBe("| A | B |\n| --- | --- |\n| 1 | 2 |");
  });

  it("counts and percentages are whole and never negative", () => {
    expect([count(3.7), count(-2), count(Number.NaN)]).toEqual([3, 0, 0]);
    expect([percent(2, 3), percent(199, 200), percent(5, 0), percent(9, 3)]).toEqual([66, 99, 0, 100]);
  });
});

describe("progressBar", () => {
  const cases: [number, number, number | undefined, string][] = [
    [0, 0, undefined, "░".repeat(20)],
    [0, 10, undefined, "░".repeat(20)],
    [5, 10, undefined, "█".repeat(10) + "░".repeat(10)],
    [22, 23, undefined, "█".repeat(19) + "░"],
    [23, 23, undefined, "█".repeat(20)],
    [30, 23, undefined, "█".repeat(20)],
    [-1, 23, undefined, "░".repeat(20)],
    [Number.NaN, 23, undefined, "░".repeat(20)],
    [1, 3, 10, "███░░░░░░░"],
    [1, 1, 0, ""],
  ];
  it.each(cases)("progressBar(%d, %d, %s)", (done, total, cells, expected) => {
    expect(progressBar(done, total, cells)).toBe(expected);
  });
});
