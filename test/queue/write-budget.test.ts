import { describe, expect, it } from "vitest";
import { WriteBudget } from "../../src/queue/write-budget.js";

describe("WriteBudget", () => {
  it("allows 80 writes a minute, then says how long to wait", () => {
    const budget = new WriteBudget();
    for (let i = 0; i < 80; i++) expect(budget.take("1", 1_000 + i)).toBe(0);
    expect(budget.take("1", 1_100)).toBe(60_000 - 100);
    // Another installation has its own budget.
    expect(budget.take("2", 1_100)).toBe(0);
    // A minute after the first write, writing is possible again.
    expect(budget.take("1", 61_000)).toBe(0);
  });

  it("allows 500 writes an hour", () => {
    const budget = new WriteBudget({ perMinute: 1_000, perHour: 500 });
    for (let i = 0; i < 500; i++) expect(budget.take("1", i * 1_000)).toBe(0);
    expect(budget.take("1", 500_000)).toBe(3_600_000 - 500_000);
    expect(budget.take("1", 3_600_001)).toBe(0);
  });
});

describe("WriteBudget: courtesy writes", () => {
  it("get a small share (10 a minute, 60 an hour), are skipped beyond it, and count toward the whole budget", () => {
    const budget = new WriteBudget();
    for (let i = 0; i < 10; i++) expect(budget.takeCourtesy("1", 1_000 + i)).toBe(true);
    expect(budget.takeCourtesy("1", 1_100)).toBe(false);
    // The share is spent, the installation's own writes are not blocked by it: 70 more this minute.
    for (let i = 0; i < 70; i++) expect(budget.take("1", 2_000 + i)).toBe(0);
    expect(budget.take("1", 3_000)).toBeGreaterThan(0);
    for (let m = 1; m < 6; m++) for (let i = 0; i < 10; i++) expect(budget.takeCourtesy("1", m * 61_000 + i)).toBe(true);
    expect(budget.takeCourtesy("1", 6 * 61_000)).toBe(false);
  });

  it("are refused when the whole budget is spent", () => {
    const budget = new WriteBudget({ perMinute: 2, perHour: 100 });
    expect(budget.take("1", 0)).toBe(0);
    expect(budget.take("1", 1)).toBe(0);
    expect(budget.takeCourtesy("1", 2)).toBe(false);
  });
});

describe("WriteBudget: background writes", () => {
  it("fill the windows up to 60 a minute and 400 an hour, leaving the rest for others' writes", () => {
    const budget = new WriteBudget();
    for (let i = 0; i < 60; i++) expect(budget.take("1", 1_000 + i, true)).toBe(0);
    // The background share of this minute is spent: wait until the first of them leaves the window.
    expect(budget.take("1", 1_100, true)).toBe(60_000 - 100);
    // A dashboard or a reply still gets the 20 left this minute.
    for (let i = 0; i < 20; i++) expect(budget.take("1", 1_200 + i)).toBe(0);
    expect(budget.take("1", 1_300)).toBeGreaterThan(0);
  });

  it("wait while others' writes fill the minute beyond the background share", () => {
    const budget = new WriteBudget();
    for (let i = 0; i < 60; i++) expect(budget.take("1", i)).toBe(0);
    expect(budget.take("1", 100, true)).toBe(60_000 - 100);
    expect(budget.take("1", 100)).toBe(0);
  });

  it("stop at 400 an hour", () => {
    const budget = new WriteBudget({ perMinute: 1_000, perHour: 500 });
    for (let i = 0; i < 400; i++) expect(budget.take("1", i * 1_000, true)).toBe(0);
    expect(budget.take("1", 400_000, true)).toBe(3_600_000 - 400_000);
    expect(budget.take("1", 400_000)).toBe(0);
  });
});
