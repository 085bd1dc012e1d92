// Validation problems a user can act on: where, what is wrong, what is expected, and the key they
// probably meant. Values from the file appear only in code spans, bounded. Pure.
import type { z } from "zod";
import { MAX_LABEL_LENGTH, MAX_PRINCIPALS, MAX_STALE_HOURS, clip, codeSpan } from "./config-rules.js";
import { configSchema, goNoGoSchema, labelsSchema, notificationsSchema, synthesisSchema, type ConfigProblem } from "./config-schema.js";

// ---------------------------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------------------------

const TOP_KEYS = Object.keys(configSchema.shape).filter((k) => k !== "_extends");
const LABEL_KEYS = Object.keys(labelsSchema.shape);
const SYNTHESIS_KEYS = Object.keys(synthesisSchema.shape);
const GO_NO_GO_KEYS = Object.keys(goNoGoSchema.shape);
const NOTIFICATION_KEYS = Object.keys(notificationsSchema.shape);
const GO_NO_GO_SWITCH = "`true` or `false` (without quotes)";
const GO_NO_GO_COUNT = "a whole number, 0 or more (0 turns the rule off), such as `1`";
const list = (keys: readonly string[]) => keys.map((k) => `\`${k}\``).join(", ");

const LABEL_EXPECTED = `a label name of 1 to ${MAX_LABEL_LENGTH} characters, different from the other labels`;
const PRINCIPALS_EXPECTED = `a list (at most ${MAX_PRINCIPALS} entries) of GitHub logins such as \`octocat\` and teams such as \`@my-org/leads\`; leave it out for the permission-based default`;
const PRINCIPAL_EXPECTED = "a GitHub login such as `octocat` or `@octocat`, or a team written `@org/team-slug`";

/** What each key expects, in the words of docs/configuration.md. `[]` stands for any list index. */
export const EXPECTED: Readonly<Record<string, string>> = {
  "(file)": "a YAML mapping of keys to values, such as `doneWhen: reported`",
  _extends: "the name of a repository to extend, such as `.github` or `my-org/settings`",
  coordinationLabel: LABEL_EXPECTED,
  labels: `a mapping with some of the keys ${list(LABEL_KEYS)}`,
  ...Object.fromEntries(LABEL_KEYS.map((k) => [`labels.${k}`, LABEL_EXPECTED])),
  orchestrators: PRINCIPALS_EXPECTED,
  workers: PRINCIPALS_EXPECTED,
  approvers: PRINCIPALS_EXPECTED,
  "orchestrators[]": PRINCIPAL_EXPECTED,
  "workers[]": PRINCIPAL_EXPECTED,
  "approvers[]": PRINCIPAL_EXPECTED,
  doneWhen: "`closed` or `reported`",
  commandPrefix: "`/`, or `/` followed by up to 20 letters, digits, `-` or `_` and no spaces, such as `/coord`",
  synthesis: `a mapping with some of the keys ${list(SYNTHESIS_KEYS)}`,
  "synthesis.cron":
    "a quoted cron expression of 5 fields (minute hour day-of-month month day-of-week), such as `\"0 9 * * 1-5\"`",
  "synthesis.timezone": "an IANA time zone name such as `UTC`, `Europe/Berlin` or `America/New_York`",
  "synthesis.staleAfterHours": `a number of hours greater than 0 and at most ${MAX_STALE_HOURS} (30 days), such as \`24\``,
  "synthesis.goNoGo": `a mapping with some of the keys ${list(GO_NO_GO_KEYS)}`,
  "synthesis.goNoGo.redOnUrgent": GO_NO_GO_SWITCH,
  "synthesis.goNoGo.redOnBlockedCriticalPath": GO_NO_GO_SWITCH,
  "synthesis.goNoGo.redOnRejectedGate": GO_NO_GO_SWITCH,
  "synthesis.goNoGo.yellowOnStaleWorkers": GO_NO_GO_COUNT,
  "synthesis.goNoGo.yellowOnBlocked": GO_NO_GO_COUNT,
  "synthesis.goNoGo.yellowOnCycles": GO_NO_GO_SWITCH,
  notifications: `a mapping with the key ${list(NOTIFICATION_KEYS)}`,
  "notifications.summaryAbove": "a whole number, 0 or more (0: always one summary), such as `10`",
};

/** Known keys of the mapping at a path, for unknown-key problems. */
const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  "": TOP_KEYS,
  labels: LABEL_KEYS,
  synthesis: SYNTHESIS_KEYS,
  "synthesis.goNoGo": GO_NO_GO_KEYS,
  notifications: NOTIFICATION_KEYS,
};



function describe(input: unknown): string {
  if (input === null || input === undefined) return "nothing";
  if (Array.isArray(input)) return "a list";
  switch (typeof input) {
    case "string":
      return `the text ${codeSpan(input)}`;
    case "number":
      return `the number ${codeSpan(String(input))}`;
    case "boolean":
      return `the true/false value ${codeSpan(String(input))}`;
    case "object":
      return "a mapping";
    default:
      return `a ${typeof input}`;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += (out.length > 0 ? "." : "") + clip(String(part));
  }
  return out.length > 0 ? out : "(file)";
}

function expectedFor(path: readonly PropertyKey[]): string {
  const pattern = path.map((p) => (typeof p === "number" ? "[]" : String(p))).join(".").replace(/\.\[\]/g, "[]");
  return EXPECTED[pattern.length > 0 ? pattern : "(file)"] ?? "a value as described in docs/configuration.md";
}

export function sentence(what: string, expected: string): string {
  return `${what}. Expected ${expected}.`;
}

/**
 * Levenshtein distance of `a` and `b` if it is at most `limit`, else `limit + 1`. Only the cells
 * within `limit` of the diagonal are computed, so the work is O(limit × length), and strings whose
 * lengths differ by more than `limit` cost nothing.
 */
function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const far = limit + 1;
  let prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j <= limit ? j : far;
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(far);
    row[0] = i <= limit ? i : far;
    let best = row[0];
    for (let j = Math.max(1, i - limit); j <= Math.min(b.length, i + limit); j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(far, (prev[j] ?? far) + 1, (row[j - 1] ?? far) + 1, (prev[j - 1] ?? far) + cost);
      best = Math.min(best, row[j] ?? far);
    }
    if (best > limit) return far;
    prev = row;
  }
  return Math.min(far, prev[b.length] ?? far);
}

/** The known key an unknown one is probably a typo of (at most 2 edits, fewer for short keys). */
function suggest(unknown: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  // Known keys are at most 30 characters: a longer unknown key cannot be within 2 edits of one.
  const u = norm(unknown.slice(0, 60));
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const limit = Math.min(2, Math.floor(key.length / 3));
    const d = boundedDistance(u, norm(key), limit);
    if (d <= limit && (best === undefined || d < best.d)) best = { key, d };
  }
  return best?.key;
}

function unknownKeyProblem(parent: readonly PropertyKey[], key: string): ConfigProblem {
  const known = KNOWN_KEYS[parent.join(".")] ?? [];
  const hint = suggest(key, known);
  const what = hint !== undefined ? `Unknown key (did you mean \`${hint}\`?)` : "Unknown key";
  return {
    key: formatPath([...parent, key]),
    message: sentence(what, `one of ${list(known)}`),
  };
}

/**
 * The problems one issue gives, at most `room` of them (an issue can name any number of unknown
 * keys; only those listed get a "did you mean" suggestion), and how many were left out.
 */
export function issueProblems(issue: z.core.$ZodIssue, room: number): { problems: ConfigProblem[]; more: number } {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.slice(0, Math.max(0, room));
    return { problems: keys.map((k) => unknownKeyProblem(issue.path, k)), more: issue.keys.length - keys.length };
  }
  if (room <= 0) return { problems: [], more: 1 };
  return { problems: oneIssueProblem(issue), more: 0 };
}

function oneIssueProblem(issue: z.core.$ZodIssue): ConfigProblem[] {
  const key = formatPath(issue.path);
  const expected = expectedFor(issue.path);
  switch (issue.code) {
    case "invalid_type": {
      const found = describe(issue.input);
      const quoteHint =
        issue.expected === "string" && (typeof issue.input === "number" || typeof issue.input === "boolean")
          ? " (put it in quotes if it is meant as text)"
          : "";
      return [{ key, message: sentence(`Found ${found}${quoteHint}`, expected) }];
    }
    case "invalid_value":
      return [{ key, message: sentence(`${capitalise(describe(issue.input))} is not allowed`, expected) }];
    case "custom":
      return [{ key, message: sentence(issue.message, expected) }];
    default:
      return [{ key, message: sentence("Is not valid", expected) }];
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
