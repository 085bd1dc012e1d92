import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isCalendarDate, localDate, normaliseIso, wallClock, zoneOrUtc } from "../../src/domain/calendar.js";

const HOUR = 3_600_000;

describe("localDate", () => {
  it("gives the date on both sides of midnight", () => {
    const t = new Date("2025-11-18T23:30:00Z");
    expect(localDate(t, "Asia/Tokyo")).toBe("2025-11-19");
    expect(localDate(t, "America/New_York")).toBe("2025-11-18");
    expect(localDate(t, "UTC")).toBe("2025-11-18");
    const early = new Date("2025-11-18T00:30:00Z");
    expect(localDate(early, "America/Los_Angeles")).toBe("2025-11-17");
    expect(localDate(early, "Europe/Berlin")).toBe("2025-11-18");
    expect(localDate(new Date("2025-12-31T20:00:00Z"), "Pacific/Kiritimati")).toBe("2026-01-01");
  });

  it("follows DST on the spring-forward day in New York (2025-03-09)", () => {
    expect(localDate(new Date("2025-03-09T04:30:00Z"), "America/New_York")).toBe("2025-03-08"); // 23:30 EST
    expect(localDate(new Date("2025-03-09T05:30:00Z"), "America/New_York")).toBe("2025-03-09"); // 00:30 EST
    expect(localDate(new Date("2025-03-10T03:30:00Z"), "America/New_York")).toBe("2025-03-09"); // 23:30 EDT
    // A fixed UTC-5 would still say 03-09 here; EDT (UTC-4) makes it 00:30 on the 10th.
    expect(localDate(new Date("2025-03-10T04:30:00Z"), "America/New_York")).toBe("2025-03-10");
  });

  it("follows DST on the fall-back day in New York (2025-11-02)", () => {
    expect(localDate(new Date("2025-11-02T03:30:00Z"), "America/New_York")).toBe("2025-11-01"); // 23:30 EDT
    expect(localDate(new Date("2025-11-02T04:30:00Z"), "America/New_York")).toBe("2025-11-02"); // 00:30 EDT
    // A fixed UTC-4 would say 11-03 here; EST (UTC-5) keeps it at 23:30 on the 2nd.
    expect(localDate(new Date("2025-11-03T04:30:00Z"), "America/New_York")).toBe("2025-11-02");
    expect(localDate(new Date("2025-11-03T05:30:00Z"), "America/New_York")).toBe("2025-11-03");
  });

  it("counts an unknown zone as UTC and an invalid date as the epoch, without throwing", () => {
    const t = new Date("2025-11-18T23:30:00Z");
    expect(localDate(t, "Mars/Olympus_Mons")).toBe("2025-11-18");
    expect(localDate(t, "")).toBe("2025-11-18");
    expect(localDate(new Date(Number.NaN), "Asia/Tokyo")).toBe("1970-01-01");
  });

  it("matches a fixed-offset zone at any instant (property)", () => {
    const offsets = [-12, -5, 0, 3, 9, 14];
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-01-01T00:00:00Z"), noInvalidDate: true }),
        fc.constantFrom(...offsets),
        (d, offset) => {
          // `Etc/GMT-9` is UTC+9 (the sign is inverted).
          const zone = offset === 0 ? "Etc/GMT" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
          const expected = new Date(d.getTime() + offset * HOUR).toISOString().slice(0, 10);
          expect(localDate(d, zone)).toBe(expected);
        },
      ),
    );
  });


  it("gives the wall-clock date and time, and knows which zones exist", () => {
    expect(wallClock(Date.parse("2025-11-18T23:30:00Z"), "Asia/Tokyo")).toEqual({ date: "2025-11-19", time: "08:30" });
    expect(wallClock(Number.NaN, "UTC")).toEqual({ date: "1970-01-01", time: "00:00" });
    expect(zoneOrUtc("Europe/Berlin")).toBe("Europe/Berlin");
    expect(zoneOrUtc("Mars/Olympus_Mons")).toBe("UTC");
    expect(zoneOrUtc(7)).toBe("UTC");
  });
});

describe("calendar dates and ISO times", () => {
  it.each<[string, boolean]>([
    ["2024-02-29", true],
    ["2025-02-29", false],
    ["2000-02-29", true],
    ["1900-02-29", false],
    ["2025-04-31", false],
    ["2025-12-31", true],
    ["2025-13-01", false],
    ["2025-1-01", false],
  ])("isCalendarDate(%s) is %s", (date, expected) => {
    expect(isCalendarDate(date)).toBe(expected);
  });

  it("normalises UTC ISO times and refuses anything else", () => {
    expect(normaliseIso("2025-11-18T09:00:00Z")).toBe("2025-11-18T09:00:00.000Z");
    expect(normaliseIso("2025-11-18T09:00:00.5Z")).toBe("2025-11-18T09:00:00.500Z");
    expect(normaliseIso("2025-11-18T09:00:00+01:00")).toBeNull();
    expect(normaliseIso("yesterday")).toBeNull();
  });
});
