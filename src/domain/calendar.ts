// Calendar days in a time zone: the date and wall-clock time of an instant in an IANA zone (DST
// and midnight from `Intl`), and the checks on the dates and times written into markers.
// Pure: the instant comes in; unknown zones count as UTC; nothing here throws.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
  } catch {
    return null;
  }
  if (formatters.size >= 64) formatters.clear();
  formatters.set(timeZone, f);
  return f;
}

/** The zone if `Intl` knows it, `UTC` otherwise. */
export function zoneOrUtc(timeZone: unknown): string {
  return typeof timeZone === "string" && timeZone !== "" && formatterFor(timeZone) !== null ? timeZone : "UTC";
}

/** Wall-clock date and time of `t` in `timeZone` (`YYYY-MM-DD`, `HH:MM`). */
export function wallClock(t: number, timeZone: string): { date: string; time: string } {
  const f = formatterFor(zoneOrUtc(timeZone));
  const d = new Date(Number.isFinite(t) ? t : 0);
  if (f !== null) {
    try {
      const p: Record<string, string> = {};
      for (const part of f.formatToParts(d)) p[part.type] = part.value;
      const year = Number(p.year);
      if (Number.isInteger(year) && p.month && p.day && p.hour && p.minute) {
        const hour = p.hour === "24" ? "00" : p.hour;
        return { date: `${String(year).padStart(4, "0")}-${p.month}-${p.day}`, time: `${hour}:${p.minute}` };
      }
    } catch {
      // fall through to UTC
    }
  }
  const iso = Number.isFinite(d.getTime()) ? d.toISOString() : new Date(0).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/**
 * The ISO calendar date (`YYYY-MM-DD`) of `now` in `timeZone` (an IANA name; DST and dates on
 * either side of midnight come from `Intl`). An unknown zone counts as UTC; an invalid `now` as
 * the epoch.
 */
export function localDate(now: Date, timeZone: string): string {
  const t = now instanceof Date ? now.getTime() : Number.NaN;
  return wallClock(Number.isFinite(t) ? t : 0, timeZone).date;
}

/** `YYYY-MM-DD` naming a day that exists (2024-02-29 does, 2025-02-29 does not). */
export function isCalendarDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(2000, mo, 0)).getUTCDate(); // month length in a leap year
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (mo === 2 && !leap ? 28 : days);
}

/** A UTC ISO time (`2025-11-18T09:00:00Z`, milliseconds optional) in `toISOString` form; null otherwise. */
export function normaliseIso(at: string): string | null {
  if (!ISO_RE.test(at)) return null;
  const t = Date.parse(at);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}
