// Durations and estimates as workers write them: `30min`, `45m`, `1h`, `2h 30m`, `1.5 hours`,
// `2d`, `1-2h` (a range counts its upper bound), `2h30`. A day is a working day of 8 hours: these
// are effort estimates for the critical path, not calendar time.

export const MINUTES_PER_DAY = 8 * 60;
const MAX_INPUT = 100;
const MAX_MINUTES = 10 * 365 * MINUTES_PER_DAY;

const UNIT: Array<[RegExp, number]> = [
  [/^(?:d|days?)$/, MINUTES_PER_DAY],
  [/^(?:h|hrs?|hours?)$/, 60],
  [/^(?:m|mins?|minutes?)$/, 1],
];

function unitMinutes(unit: string): number | null {
  for (const [re, minutes] of UNIT) if (re.test(unit)) return minutes;
  return null;
}

/** Minutes, or null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  if (typeof text !== "string" || text.length > MAX_INPUT) return null;
  const s = text.trim().toLowerCase().replace(/^(?:~|about|approx\.?|approximately|est\.?)\s*/, "");
  if (s === "") return null;
  const range = /^(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(s);
  if (range) {
    const per = unitMinutes(range[3] ?? "");
    return per === null ? null : bounded(Number(range[2]) * per);
  }
  // A sequence of "number unit" parts, optionally separated by spaces, commas or "and".
  const token = /(\d+(?:\.\d+)?)\s*([a-z]*)\s*(?:,|and)?\s*/y;
  let total = 0;
  let lastPer: number | null = null;
  let pos = 0;
  while (pos < s.length) {
    token.lastIndex = pos;
    const m = token.exec(s);
    if (!m || m[0] === "") return null;
    const value = Number(m[1]);
    let per = m[2] ? unitMinutes(m[2]) : null;
    // `2h30`: a bare number after hours is minutes.
    if (!m[2] && lastPer === 60 && token.lastIndex >= s.length) per = 1;
    if (per === null) return null;
    total += value * per;
    lastPer = per;
    pos = token.lastIndex;
  }
  return lastPer === null ? null : bounded(total);
}

function bounded(minutes: number): number | null {
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_MINUTES) return null;
  return Math.round(minutes);
}

/** `2h 30m`, `45m`, `3h`. */
export function formatDuration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h === 0) return `${rest}m`;
  return rest === 0 ? `${h}h` : `${h}h ${rest}m`;
}
