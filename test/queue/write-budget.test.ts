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
