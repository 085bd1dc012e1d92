// The synthesis marker (SPEC §6): the hidden comment that starts every Team Status comment, with
// the day it is for and the time it was written. Written and read here, side by side, so the two
// cannot drift; `locateSyntheses` finds today's comment and the previous one by it.
// Pure; nothing here throws.

import { isCalendarDate, normaliseIso } from "./calendar.js";
import type { RawComment } from "./types.js";

const MARKER_PREFIX = "<!-- coordinator:synthesis:";
const AT_PREFIX = "<!-- coordinator:synthesis-at:";

/**
 * The hidden marker of the synthesis of `date`: `<!-- coordinator:synthesis:2025-11-18 -->`. With
 * `at` (an ISO time), the marker is followed on the same line by
 * `<!-- coordinator:synthesis-at:2025-11-18T09:00:00.000Z -->`, so a body always starts with
 * `synthesisMarker(date)` (find today's comment with `body.startsWith(synthesisMarker(date))`, as
 * the other replies are found) and `parseSynthesisMarker` reads both. A bad date or time is not
 * written into a marker: an invalid `date` gives the marker of `0000-00-00`, an invalid `at` is left out.
 */
export function synthesisMarker(date: string, at?: string | null): string {
  const d = typeof date === "string" && isCalendarDate(date) ? date : "0000-00-00";
  const iso = typeof at === "string" ? normaliseIso(at) : null;
  return `${MARKER_PREFIX}${d} -->` + (iso !== null ? ` ${AT_PREFIX}${iso} -->` : "");
}

/**
 * Reads our marker from the start of a body: the date, and the time the synthesis was written
 * when the body carries it (null otherwise, e.g. a marker written by hand). Also accepts the
 * one-comment form `<!-- coordinator:synthesis:2025-11-18 at=2025-11-18T09:00:00.000Z -->`.
 * Null when the body does not start with a synthesis marker or the date is not a calendar date.
 */
export function parseSynthesisMarker(body: string): { date: string; at: string | null } | null {
  if (typeof body !== "string") return null;
  const head = body.replace(/^\uFEFF/, "").trimStart().slice(0, 200);
  const line = head.split(/\r?\n/, 1)[0] ?? "";
  const m = /^<!-- coordinator:synthesis:(\d{4}-\d{2}-\d{2})(?: at=(\S{1,40}))? -->(?:[ \t]*<!-- coordinator:synthesis-at:(\S{1,40}) -->)?/.exec(
    line,
  );
  if (!m || m[1] === undefined || !isCalendarDate(m[1])) return null;
  const rawAt = m[3] ?? m[2];
  return { date: m[1], at: rawAt !== undefined ? normaliseIso(rawAt) : null };
}

/**
 * Among an issue's comments, our synthesis of `today` (to edit instead of posting a second one;
 * the oldest if there are several) and the time of the latest earlier synthesis (its marker's
 * time, else when the comment was last edited): `previousAt` for `renderSynthesis`. Only comments
 * this installation wrote count. Give it enough of the comments to reach yesterday's
 * synthesis; when none is found the synthesis falls back to the last 24 hours.
 */
export function locateSyntheses(
  comments: ReadonlyArray<Pick<RawComment, "id" | "body" | "viewerDidAuthor" | "createdAt" | "updatedAt">>,
  today: string,
): { todayId: number | null; previousAt: string | null } {
  let todayId: number | null = null;
  let previous: { date: string; at: string } | null = null;
  for (const c of Array.isArray(comments) ? comments : []) {
    if (!c || c.viewerDidAuthor !== true) continue;
    const marker = parseSynthesisMarker(c.body);
    if (marker === null) continue;
    if (marker.date === today) {
      if (todayId === null || c.id < todayId) todayId = c.id;
      continue;
    }
    if (marker.date > today) continue; // written under another time zone or clock: not "previous"
    const at = marker.at ?? normaliseIso(c.updatedAt) ?? normaliseIso(c.createdAt);
    if (at === null) continue;
    if (previous === null || marker.date > previous.date || (marker.date === previous.date && at > previous.at)) {
      previous = { date: marker.date, at };
    }
  }
  return { todayId, previousAt: previous?.at ?? null };
}
