import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/domain/duration.js";

describe("parseDuration", () => {
  it.each([
    ["30min", 30],
    ["45m", 45],
    ["1h", 60],
    ["2h 30m", 150],
    ["2h30", 150],
    ["1.5 hours", 90],
    ["1 hour", 60],
    ["90 minutes", 90],
    ["2d", 960],
    ["1-2h", 120],
    ["2-3 hours", 180],
    ["1–2h", 120],
    ["~2h", 120],
    ["About 45 mins", 45],
    ["1h, 15m", 75],
  ])("%s is %i minutes", (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  it.each([[""], ["soon"], ["[actual time]"], ["2"], ["0h"], ["h"], ["2 parsecs"], ["-1h"], ["1h 2x"], ["9".repeat(200)]])("%s is not a duration", (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it("never throws and round-trips what it formats", () => {
    fc.assert(fc.property(fc.string(), (s) => void parseDuration(s)));
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), (m) => parseDuration(formatDuration(m)) === m));
  });
});
