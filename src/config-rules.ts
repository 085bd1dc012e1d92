// Field rules of `.github/coordinator.yml`: each returns a problem description, or undefined when
// the value is fine; and the zod field types built on them. Pure.
import { z } from "zod";
import { escapeCode } from "./domain/escape.js";

// ---------------------------------------------------------------------------------------------
// Field rules (each returns a problem description, or undefined when the value is fine)
// ---------------------------------------------------------------------------------------------

/** GitHub's label name limit. */
export const MAX_LABEL_LENGTH = 50;
/** Entries per list of people; bounds the permission checks a single event can cause. */
export const MAX_PRINCIPALS = 100;
/** Longest hour count for `synthesis.staleAfterHours` (30 days). */
export const MAX_STALE_HOURS = 720;
/** Longest user value echoed back in a problem message. */
const MAX_ECHO = 100;
/** Most problems reported for one file; the rest are summarised in one line. */
export const MAX_PROBLEMS = 50;

/** A GitHub login: alphanumerics and single inner hyphens, at most 39 characters. */
const LOGIN = "[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}";
/** `octocat`, `@octocat`, or a GitHub App's bot account such as `my-agent[bot]`. */
const USER_RE = new RegExp(`^@?(${LOGIN}(?:\\[bot\\])?)$`);
/** `@org/team-slug`. */
const TEAM_RE = new RegExp(`^@${LOGIN}/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$`);
/** `/` alone, or `/` and a word: the prefix stays one token so `/coord verb` parses. */
export const PREFIX_RE = /^\/(?:[A-Za-z0-9][A-Za-z0-9_-]{0,19})?$/;

function labelProblem(value: string): string | undefined {
  if (value.length === 0) return "Is empty";
  if (value.length > MAX_LABEL_LENGTH) return `Has ${value.length} characters`;
  return undefined;
}

function principalProblem(value: string): string | undefined {
  const v = value.trim();
  if (USER_RE.test(v) || TEAM_RE.test(v)) return undefined;
  if (/^[^@\s/]+\/[^\s/]+$/.test(v)) return `${codeSpan(v)} looks like a team without the leading \`@\``;
  return `${codeSpan(v)} is not a GitHub login or team`;
}

/** Canonical form: user logins without `@`, teams as `@org/team-slug`. */
function normalisePrincipal(value: string): string {
  const v = value.trim();
  return TEAM_RE.test(v) ? v : v.replace(/^@/, "");
}

export function prefixProblem(value: string): string | undefined {
  if (PREFIX_RE.test(value)) return undefined;
  if (!value.startsWith("/")) return `${codeSpan(value)} does not start with \`/\``;
  if (/\s/.test(value)) return `${codeSpan(value)} contains whitespace`;
  return `${codeSpan(value)} is not allowed`;
}

export function timezoneProblem(value: string): string | undefined {
  if (value.length === 0) return "Is empty";
  if (value.length <= 64) {
    try {
      new Intl.DateTimeFormat(undefined, { timeZone: value });
      return undefined;
    } catch {
      // falls through to the problem below
    }
  }
  return `${codeSpan(value)} is not a known time zone`;
}

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  question?: boolean;
}

const CRON_FIELDS: readonly CronField[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, question: true },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  { name: "day-of-week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], question: true },
];

const CRON_PART_RE = /^(\*|\?|[A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?(?:\/([0-9]+))?$/;

function cronValue(token: string, field: CronField): number | undefined {
  if (/^[0-9]{1,2}$/.test(token)) {
    const n = Number(token);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const index = field.names?.indexOf(token.toUpperCase()) ?? -1;
  if (index < 0) return undefined;
  return field.min === 1 ? index + 1 : index;
}

/**
 * A structural check of a standard 5-field cron expression, linear in its length: numbers,
 * names (`JAN`, `MON`), `*`, `?` (day fields), ranges `a-b`, steps `/n`, lists `a,b`.
 */
export function cronProblem(value: string): string | undefined {
  if (value.length > 100) return `Has ${value.length} characters`;
  const fields = value.trim().split(/\s+/).filter((f) => f.length > 0);
  if (fields.length !== CRON_FIELDS.length) {
    return `${codeSpan(value)} has ${fields.length} field${fields.length === 1 ? "" : "s"}`;
  }
  for (const [i, text] of fields.entries()) {
    const field = CRON_FIELDS[i] as CronField;
    for (const part of text.split(",")) {
      const bad = `${codeSpan(value)}: the ${field.name} field ${codeSpan(text)} is not valid (${field.name} runs ${field.min}-${field.max})`;
      const m = CRON_PART_RE.exec(part);
      if (!m) return bad;
      const [, base = "", end, step] = m;
      if (step !== undefined && (Number(step) < 1 || Number(step) > field.max)) return bad;
      if (base === "*" || base === "?") {
        if (end !== undefined) return bad;
        if (base === "?" && !field.question) return bad;
        continue;
      }
      const from = cronValue(base, field);
      if (from === undefined) return bad;
      if (end !== undefined) {
        const to = cronValue(end, field);
        if (to === undefined || to < from) return bad;
      }
    }
  }
  return undefined;
}

export function staleProblem(value: number): string | undefined {
  if (value > 0 && value <= MAX_STALE_HOURS) return undefined;
  return `${codeSpan(String(value))} is out of range`;
}

/** A Go/No-Go count: a whole number, 0 or more (0 turns the rule off). */
export function countProblem(value: number): string | undefined {
  if (!Number.isInteger(value)) return `${codeSpan(String(value))} is not a whole number`;
  if (value < 0) return `${codeSpan(String(value))} is below 0`;
  return undefined;
}

/** A string schema whose extra rule reports one custom issue with a readable message. */
export function checkedString(rule: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const problem = rule(value);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: value });
  });
}

export const labelName = (fallback: string) =>
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = labelProblem(value);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: value });
    })
    .default(fallback);

export const principals = z
  .array(checkedString(principalProblem).transform(normalisePrincipal))
  .superRefine((list, ctx) => {
    if (list.length > MAX_PRINCIPALS) ctx.addIssue({ code: "custom", message: `Has ${list.length} entries` });
  })
  .default([]);

/** Bounded, single-line, backtick-free text from any value. */
export function clip(value: string): string {
  const flat = value.slice(0, MAX_ECHO * 4).replace(/[\p{Cc}\u2028\u2029]+/gu, " ");
  const chars = Array.from(flat);
  const cut = chars.length > MAX_ECHO || value.length > MAX_ECHO * 4;
  return chars.slice(0, MAX_ECHO).join("") + (cut ? "…" : "");
}

/**
 * A user value shown safely: in a code span (nothing renders there: no mention, link, image or
 * HTML), one line, backticks removed so the span cannot close early (escape.ts, `escapeCode`).
 */
export function codeSpan(value: string): string {
  const text = escapeCode(value, MAX_ECHO + 1);
  return text.length === 0 ? '`""`' : `\`${text}\``;
}
