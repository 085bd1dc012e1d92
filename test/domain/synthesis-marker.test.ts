import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { locateSyntheses, parseSynthesisMarker, synthesisMarker } from "../../src/domain/synthesis-marker.js";
import type { RawComment } from "../../src/domain/types.js";

const key = (n: number): string => `acme/app#${n}`;

describe("the synthesis marker", () => {
  it("is the documented hidden comment", () => {
    expect(synthesisMarker("2025-11-18")).toBe("<!-- coordinator:synthesis:2025-11-18 -->");
    expect(synthesisMarker("2025-11-18", "2025-11-18T09:00:00.000Z")).toBe(
      "<!-- coordinator:synthesis:2025-11-18 --> <!-- coordinator:synthesis-at:2025-11-18T09:00:00.000Z -->",
    );
  });

  it("round-trips any date and time (property)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }),
        (d, at) => {
          const date = d.toISOString().slice(0, 10);
          const iso = at.toISOString();
          expect(parseSynthesisMarker(`${synthesisMarker(date, iso)}\n## Team Status - ${date}`)).toEqual({ date, at: iso });
          expect(parseSynthesisMarker(synthesisMarker(date))).toEqual({ date, at: null });
        },
      ),
    );
  });

  it("reads the one-comment form with `at=`", () => {
    expect(parseSynthesisMarker("<!-- coordinator:synthesis:2025-11-18 at=2025-11-18T09:00:00.000Z -->\nbody")).toEqual({
      date: "2025-11-18",
      at: "2025-11-18T09:00:00.000Z",
    });
  });

  it("refuses what is not our marker at the start of the body", () => {
    expect(parseSynthesisMarker("")).toBeNull();
    expect(parseSynthesisMarker("hello\n<!-- coordinator:synthesis:2025-11-18 -->")).toBeNull();
    expect(parseSynthesisMarker("<!-- coordinator:synthesis:2025-02-30 -->")).toBeNull();
    expect(parseSynthesisMarker("<!-- coordinator:synthesis:2025-13-01 -->")).toBeNull();
    expect(parseSynthesisMarker("<!-- coordinator:reply:12 -->")).toBeNull();
    expect(parseSynthesisMarker("<!-- coordinator:synthesis:2024-02-29 -->")).toEqual({ date: "2024-02-29", at: null });
    expect(parseSynthesisMarker("<!-- coordinator:synthesis:2025-11-18 at=yesterday -->")).toEqual({
      date: "2025-11-18",
      at: null,
    });
    expect(parseSynthesisMarker(null as unknown as string)).toBeNull();
    expect(parseSynthesisMarker("<!-- coordinator:synthesis:" + "9".repeat(100_000))).toBeNull();
  });

  it("never writes a bad date or time into a marker", () => {
    expect(synthesisMarker("2025-02-30")).toBe("<!-- coordinator:synthesis:0000-00-00 -->");
    expect(synthesisMarker("2025-11-18 --> @x")).toBe("<!-- coordinator:synthesis:0000-00-00 -->");
    expect(synthesisMarker("2025-11-18", "--> @x")).toBe("<!-- coordinator:synthesis:2025-11-18 -->");
  });
});

describe("locateSyntheses", () => {
  const comment = (id: number, body: string, over: Partial<RawComment> = {}): RawComment => ({
    id,
    on: key(977),
    author: "coordinator[bot]",
    authorType: "Bot",
    body,
    createdAt: "2025-11-10T00:00:00Z",
    updatedAt: "2025-11-10T00:00:00Z",
    url: `https://github.com/acme/app/issues/977#issuecomment-${id}`,
    viewerDidAuthor: true,
    ...over,
  });

  it("finds today's comment and the time of the latest earlier one", () => {
    const comments = [
      comment(1, synthesisMarker("2025-11-16", "2025-11-16T09:00:00.000Z")),
      comment(2, synthesisMarker("2025-11-17", "2025-11-17T09:00:00.000Z")),
      comment(3, synthesisMarker("2025-11-17", "2025-11-17T15:30:00.000Z")),
      comment(4, `${synthesisMarker("2025-11-18", "2025-11-18T09:00:00.000Z")}\n## Team Status - 2025-11-18`),
      comment(5, synthesisMarker("2025-11-18", "2025-11-18T09:00:00.000Z"), { viewerDidAuthor: false }),
      comment(6, "a person quoting\n" + synthesisMarker("2025-11-18")),
      comment(7, synthesisMarker("2025-11-19", "2025-11-19T09:00:00.000Z")),
    ];
    expect(locateSyntheses(comments, "2025-11-18")).toEqual({ todayId: 4, previousAt: "2025-11-17T15:30:00.000Z" });
    expect(locateSyntheses(comments, "2025-11-17")).toEqual({ todayId: 2, previousAt: "2025-11-16T09:00:00.000Z" });
  });

  it("falls back to the comment's edit time when its marker has none, and to null without any", () => {
    const comments = [comment(1, synthesisMarker("2025-11-17"), { updatedAt: "2025-11-17T10:00:00Z" })];
    expect(locateSyntheses(comments, "2025-11-18")).toEqual({ todayId: null, previousAt: "2025-11-17T10:00:00.000Z" });
    expect(locateSyntheses([], "2025-11-18")).toEqual({ todayId: null, previousAt: null });
  });
});
