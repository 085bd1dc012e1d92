/**
 * `.github/coordinator.yml`: one documented schema, its defaults, validation into problems a
 * user can act on, and the Markdown comment that explains them (SPEC §7, ARCHITECTURE item 8).
 *
 * The user-facing reference is docs/configuration.md; a test keeps it in step with this file.
 *
 * Pure: no network, no clock, no logging. Reading the file (Probot's config loader, which
 * follows `_extends` and falls back to the organisation's `.github` repository) happens in the
 * GitHub adapter; it hands the merged object, or `null` when there is no file, to {@link parseConfig}.
 */
import { z } from "zod";
import { escapeCode, escapeInline } from "./domain/escape.js";
import { isRecord as isMapping } from "./domain/guards.js";
import { segments } from "./domain/inline-markdown.js";
import type { SynthesisThresholds } from "./domain/go-no-go.js";

// ---------------------------------------------------------------------------------------------
// Field rules (each returns a problem description, or undefined when the value is fine)
// ---------------------------------------------------------------------------------------------

/** GitHub's label name limit. */
const MAX_LABEL_LENGTH = 50;
/** Entries per list of people; bounds the permission checks a single event can cause. */
const MAX_PRINCIPALS = 100;
/** Longest hour count for `synthesis.staleAfterHours` (30 days). */
const MAX_STALE_HOURS = 720;
/** Longest user value echoed back in a problem message. */
const MAX_ECHO = 100;
/** Most problems reported for one file; the rest are summarised in one line. */
const MAX_PROBLEMS = 50;

/** A GitHub login: alphanumerics and single inner hyphens, at most 39 characters. */
const LOGIN = "[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}";
/** `octocat`, `@octocat`, or a GitHub App's bot account such as `my-agent[bot]`. */
const USER_RE = new RegExp(`^@?(${LOGIN}(?:\\[bot\\])?)$`);
/** `@org/team-slug`. */
const TEAM_RE = new RegExp(`^@${LOGIN}/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$`);
/** `/` alone, or `/` and a word: the prefix stays one token so `/coord verb` parses. */
const PREFIX_RE = /^\/(?:[A-Za-z0-9][A-Za-z0-9_-]{0,19})?$/;

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

function prefixProblem(value: string): string | undefined {
  if (PREFIX_RE.test(value)) return undefined;
  if (!value.startsWith("/")) return `${codeSpan(value)} does not start with \`/\``;
  if (/\s/.test(value)) return `${codeSpan(value)} contains whitespace`;
  return `${codeSpan(value)} is not allowed`;
}

function timezoneProblem(value: string): string | undefined {
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
function cronProblem(value: string): string | undefined {
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

function staleProblem(value: number): string | undefined {
  if (value > 0 && value <= MAX_STALE_HOURS) return undefined;
  return `${codeSpan(String(value))} is out of range`;
}

/** A Go/No-Go count: a whole number, 0 or more (0 turns the rule off). */
function countProblem(value: number): string | undefined {
  if (!Number.isInteger(value)) return `${codeSpan(String(value))} is not a whole number`;
  if (value < 0) return `${codeSpan(String(value))} is below 0`;
  return undefined;
}

/** A string schema whose extra rule reports one custom issue with a readable message. */
function checkedString(rule: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const problem = rule(value);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: value });
  });
}

const labelName = (fallback: string) =>
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = labelProblem(value);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: value });
    })
    .default(fallback);

const principals = z
  .array(checkedString(principalProblem).transform(normalisePrincipal))
  .superRefine((list, ctx) => {
    if (list.length > MAX_PRINCIPALS) ctx.addIssue({ code: "custom", message: `Has ${list.length} entries` });
  })
  .default([]);

// ---------------------------------------------------------------------------------------------
// The schema
// ---------------------------------------------------------------------------------------------

const DEFAULT_COORDINATION_LABEL = "coordination";
const DEFAULT_LABELS = {
  blocked: "blocked",
  ready: "ready",
  inProgress: "in-progress",
  urgent: "urgent",
  gate: "gate",
  gateApproved: "gate:approved",
  gateRejected: "gate:rejected",
} as const;

/** Names of the labels Coordinator reads and writes. Missing labels are created. */
const labelsSchema = z.strictObject({
  /** Put on an issue while it has an open blocker; swapped for `ready` when the last one finishes. */
  blocked: labelName(DEFAULT_LABELS.blocked),
  /** Put on an issue whose blockers are all done (the unblock notification, SPEC §3). */
  ready: labelName(DEFAULT_LABELS.ready),
  /** An open issue carrying it counts as in progress; Coordinator reads it (and creates the label) but never puts it on. */
  inProgress: labelName(DEFAULT_LABELS.inProgress),
  /** Marks an issue urgent (`🚨 URGENT` comment or `/escalate`) until an orchestrator clears it. */
  urgent: labelName(DEFAULT_LABELS.urgent),
  /** Makes an issue a gate (SPEC §5). */
  gate: labelName(DEFAULT_LABELS.gate),
  /** Added by an approver to approve a gate: GO when its criteria are met and Coordinator judged and recorded that addition. */
  gateApproved: labelName(DEFAULT_LABELS.gateApproved),
  /** Added by an approver to reject a gate: NO-GO. */
  gateRejected: labelName(DEFAULT_LABELS.gateRejected),
});

/** A count (whole number ≥ 0; for a Go/No-Go rule, 0 disables it) with its default. */
const countWithDefault = (fallback: number) =>
  z
    .number()
    .superRefine((value, ctx) => {
      const problem = countProblem(value);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: value });
    })
    .default(fallback);

/**
 * The rules that set the Go/No-Go colour of the synthesis and dashboard (`goNoGoVerdict` in
 * src/domain/synthesis.ts). The first rule that fires decides, RED before YELLOW; GREEN when none
 * does. The output is assignable to `SynthesisThresholds`.
 */
const goNoGoSchema = z.strictObject({
  /** RED while an urgent item is open: an issue marked urgent (`🚨 URGENT`, `/escalate`) that is not done. */
  redOnUrgent: z.boolean().default(true),
  /**
   * RED while an issue on the critical path is stuck (blocked by a report, by no open blocker, or
   * by a missing one; merely waiting for open dependencies does not count). Off: such issues
   * count towards `yellowOnBlocked` instead.
   */
  redOnBlockedCriticalPath: z.boolean().default(true),
  /** RED while a gate carries a NO-GO (rejected by an approver: `labels.gateRejected` or `/nogo`). */
  redOnRejectedGate: z.boolean().default(true),
  /** YELLOW when at least this many workers are stale (`staleAfterHours`); 0 turns the rule off. */
  yellowOnStaleWorkers: countWithDefault(1),
  /** YELLOW when at least this many issues off the critical path are stuck; 0 turns the rule off. */
  yellowOnBlocked: countWithDefault(1),
  /** YELLOW when the dependency graph has a cycle. */
  yellowOnCycles: z.boolean().default(true),
});

/** The daily Team Status comment (SPEC §6). */
const synthesisSchema = z.strictObject({
  /** When to post, as a 5-field cron expression (minute hour day-of-month month day-of-week). */
  cron: checkedString(cronProblem).default("0 9 * * *"),
  /** IANA time zone for `cron` and for the date in the `## Team Status - YYYY-MM-DD` heading. */
  timezone: checkedString(timezoneProblem).default("UTC"),
  /** A worker with no report for this many hours is flagged stale (0 < hours ≤ 720). */
  staleAfterHours: z.number().superRefine((value, ctx) => {
    const problem = staleProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: value });
  }).default(24),
  /** The Go/No-Go rules: which conditions turn the colour RED or YELLOW; set only those to change. */
  goNoGo: goNoGoSchema.prefault({}),
});

/** Unblock notifications (SPEC §3, docs/graph.md). */
const notificationsSchema = z.strictObject({
  /**
   * Up to this many issues unblocked at once each get a comment; more are told in one summary on
   * the coordination issue that mentions their assignees (0: always a summary).
   */
  summaryAbove: countWithDefault(10),
});

/**
 * The schema of `.github/coordinator.yml`. Every key is optional; unknown keys are problems.
 * Entries of `orchestrators`, `workers` and `approvers` come out normalised: user logins
 * without `@`, teams as `@org/team-slug` (compare logins case-insensitively).
 */
export const configSchema = z
  .strictObject({
    /** Probot's `_extends` (another repository's file to start from); consumed by the loader. */
    _extends: z.string().optional(),
    /** The label that makes an issue a coordination issue (as does `/coordinate`). */
    coordinationLabel: labelName(DEFAULT_COORDINATION_LABEL),
    /** Names of the labels Coordinator uses; set only those you want to rename. */
    labels: labelsSchema.prefault({}),
    /** Who may run orchestrator commands: logins and `@org/team`s. Empty: write permission or higher. */
    orchestrators: principals,
    /** Whose reports count: logins and `@org/team`s. Empty: triage permission or higher. */
    workers: principals,
    /** Who may approve or reject gates: logins and `@org/team`s. Empty: maintain or admin permission. */
    approvers: principals,
    /**
     * When an issue is done: `closed` (closed as completed) or `reported` (also when its latest
     * report says Complete).
     */
    doneWhen: z.enum(["closed", "reported"]).default("closed"),
    /** What starts a command: `/` gives `/verb`; `/coord` gives `/coord verb`. */
    commandPrefix: checkedString(prefixProblem).default("/"),
    /** The daily synthesis: when, in which time zone, when a worker counts as stale, and the Go/No-Go rules. */
    synthesis: synthesisSchema.prefault({}),
    /** How unblocked issues are told: one comment each, or one summary for a large fan-out. */
    notifications: notificationsSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    // GitHub label names are unique ignoring case: two roles on one label would fight.
    const roles: Array<{ key: string; name: string; path: PropertyKey[]; changed: boolean }> = [
      {
        key: "coordinationLabel",
        name: config.coordinationLabel,
        path: ["coordinationLabel"],
        changed: config.coordinationLabel !== DEFAULT_COORDINATION_LABEL,
      },
      ...Object.entries(config.labels).map(([k, name]) => ({
        key: `labels.${k}`,
        name,
        path: ["labels", k],
        changed: name !== DEFAULT_LABELS[k as keyof typeof DEFAULT_LABELS],
      })),
    ];
    const groups = new Map<string, typeof roles>();
    for (const role of roles) {
      const lower = role.name.toLowerCase();
      groups.set(lower, [...(groups.get(lower) ?? []), role]);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      // Blame the keys the file changed; if it changed all of them, every one after the first.
      const changed = group.filter((r) => r.changed);
      const blamed = changed.length > 0 && changed.length < group.length ? changed : group.slice(1);
      for (const role of blamed) {
        const others = group.filter((r) => r !== role).map((r) => `\`${r.key}\``);
        ctx.addIssue({
          code: "custom",
          path: role.path,
          input: role.name,
          message: `${codeSpan(role.name)} is also the label for ${others.join(" and ")} (label names ignore case)`,
        });
      }
    }
  });

type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The validated configuration, every key filled in. Read-only: it is shared. */
export type Config = DeepReadonly<Omit<z.output<typeof configSchema>, "_extends">>;

/** Compiles only when `T` can be handed to `goNoGoVerdict` as its thresholds. */
type Thresholds<T extends SynthesisThresholds> = T;

/** `synthesis.goNoGo`, ready to hand to `goNoGoVerdict` (a compile error here if the shapes drift). */
export type GoNoGoConfig = Thresholds<Config["synthesis"]["goNoGo"]>;

/** One problem in a configuration file. */
export interface ConfigProblem {
  /**
   * Where: a dotted path such as `synthesis.timezone`, `[i]` for list entries
   * (`orchestrators[1]`), or `(file)` for the file as a whole. User-supplied key names are
   * cut to 100 characters.
   */
  key: string;
  /**
   * What is wrong and what is expected, as Markdown. Values from the file appear only inside
   * code spans, without backticks, bounded to 100 characters (no mentions, no references).
   */
  message: string;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function withoutExtends(parsed: z.output<typeof configSchema>): Config {
  const { _extends: _ignored, ...config } = parsed;
  return deepFreeze(config);
}

/** The configuration in force without a file, or when the file has any problem. Frozen. */
export const DEFAULT_CONFIG: Config = withoutExtends(configSchema.parse({}));

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
const EXPECTED: Readonly<Record<string, string>> = {
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

/** Bounded, single-line, backtick-free text from any value. */
function clip(value: string): string {
  const flat = value.slice(0, MAX_ECHO * 4).replace(/[\p{Cc}\u2028\u2029]+/gu, " ");
  const chars = Array.from(flat);
  const cut = chars.length > MAX_ECHO || value.length > MAX_ECHO * 4;
  return chars.slice(0, MAX_ECHO).join("") + (cut ? "…" : "");
}

/**
 * A user value shown safely: in a code span (nothing renders there: no mention, link, image or
 * HTML), one line, backticks removed so the span cannot close early (escape.ts, `escapeCode`).
 */
function codeSpan(value: string): string {
  const text = escapeCode(value, MAX_ECHO + 1);
  return text.length === 0 ? '`""`' : `\`${text}\``;
}

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

function sentence(what: string, expected: string): string {
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
function issueProblems(issue: z.core.$ZodIssue, room: number): { problems: ConfigProblem[]; more: number } {
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

/**
 * A key written with no value (`labels:` with every entry commented out) reads as `null`;
 * it means "not set", so the default applies. Only mappings are cleaned, three levels deep
 * (down to the keys of `synthesis.goNoGo`).
 */
function dropNullEntries(value: unknown, depth = 0): unknown {
  if (!isMapping(value)) return value;
  // Most files have nothing to drop: then the mapping is used as it is (no copy of every key).
  let clean = true;
  for (const key in value) {
    const v = value[key];
    if (v === null || (depth < 2 && isMapping(v))) {
      clean = false;
      break;
    }
  }
  if (clean) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, depth < 2 ? dropNullEntries(v, depth + 1) : v]),
  );
}

/**
 * Validate a configuration object as Probot's loader returns it.
 *
 * - `null` / `undefined` (no file anywhere): the defaults, no problems.
 * - Valid: the file's values over the defaults (partial `labels`/`synthesis`/`synthesis.goNoGo`
 *   merge key by key).
 * - Any problem: **the defaults, entirely**: valid keys of an invalid file do not apply either
 *   (SPEC §7, "the defaults stay in force"), so a half-applied file never surprises anyone.
 *
 * Never throws. Problems are bounded to 50 (plus one line counting the rest).
 */
export function parseConfig(raw: unknown): { config: Config; problems: ConfigProblem[] } {
  if (raw === null || raw === undefined) return { config: DEFAULT_CONFIG, problems: [] };
  try {
    const result = configSchema.safeParse(dropNullEntries(raw), { reportInput: true });
    if (result.success) return { config: withoutExtends(result.data), problems: [] };
    const problems: ConfigProblem[] = [];
    let total = 0;
    for (const issue of result.error.issues) {
      // The cap comes first: a file of 100,000 unknown keys costs 50 suggestions, not 100,000.
      const { problems: listed, more } = issueProblems(issue, MAX_PROBLEMS - problems.length);
      problems.push(...listed);
      total += more;
    }
    if (total > 0) problems.push({ key: "(file)", message: `${total} more problems are not listed.` });
    return { config: DEFAULT_CONFIG, problems };
  } catch {
    return {
      config: DEFAULT_CONFIG,
      problems: [{ key: "(file)", message: sentence("Could not be read", EXPECTED["(file)"] ?? "") }],
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The explanatory comment
// ---------------------------------------------------------------------------------------------

/** Longest message read from a problem (ours are far shorter; others are cut, then made safe). */
const MAX_MESSAGE = 2_000;

/**
 * A problem's message, made safe whoever wrote it, on one line. The message is Markdown whose
 * values sit in code spans; it is not trusted to be well formed (a message from the config
 * loader may echo a YAML error with a lone backtick, which flipped the old odd/even reading of
 * backticks and let `@team` outside a span ping). So it is written again, span by span, as
 * CommonMark reads it: each code span through `escapeCode` in a span of ours, everything else
 * through `escapeInline` (a lone backtick becomes `` \` ``; `@`, links, images, URLs and HTML are
 * broken). The result holds only well-formed spans of ours and escaped text.
 */
function safeMessage(markdown: string): string {
  const source = markdown.length > MAX_MESSAGE ? `${markdown.slice(0, MAX_MESSAGE)}…` : markdown;
  const out: string[] = [];
  for (const part of segments(source)) {
    if (part.code) {
      const text = escapeCode(part.text, MAX_MESSAGE);
      out.push(text === "" ? '`""`' : `\`${text}\``);
      continue;
    }
    // escapeInline trims; the spaces around a piece of text are kept (as one space).
    const text = escapeInline(part.text, Number.POSITIVE_INFINITY);
    const before = /^\s/u.test(part.text) ? " " : "";
    const after = /\s$/u.test(part.text) ? " " : "";
    out.push(text === "" ? (before || after) : before + text + after);
  }
  return out.join("").replace(/ {2,}/g, " ").trim();
}

/**
 * The Markdown comment body explaining an invalid configuration file: each bad key, what is
 * wrong and what is expected, that the defaults are in force, and where the keys are
 * documented. Values are shown in code spans (nobody is mentioned). Finding and updating an
 * earlier copy of this comment (hidden marker) is the caller's business.
 */
export function renderConfigProblems(problems: readonly ConfigProblem[], path = ".github/coordinator.yml"): string {
  const file = codeSpan(path);
  if (problems.length === 0) {
    return `### ✅ Coordinator configuration\n\n${file} is valid; its settings are in force.\n`;
  }
  const shown = problems.slice(0, MAX_PROBLEMS + 1);
  const items = shown.map((p) => {
    const where = p.key === "(file)" ? "The file" : codeSpan(p.key);
    return `- ${where}: ${safeMessage(p.message)}`;
  });
  if (problems.length > shown.length) items.push(`- …and ${problems.length - shown.length} more.`);
  const count = problems.length === 1 ? "a problem" : `${problems.length} problems`;
  // One line per paragraph: GitHub renders a line break inside a comment as a break.
  return [
    `### ⚠️ Coordinator configuration: ${count} in ${file}`,
    "",
    `Coordinator could not use ${file}, so **the default configuration is in force**: none of the file's settings apply, not even the valid ones, until every problem below is fixed.`,
    "",
    ...items,
    "",
    "A problem may also come from a file this one extends (`_extends`) or, when the repository has no file of its own, from the organisation's `.github` repository. Every key, its default and an example file are described in `docs/configuration.md` in Coordinator's documentation.",
    "",
  ].join("\n");
}
