// A demo scenario: a repository, its people and issues at the start, and the events people cause
// on GitHub one after the other (comments, closes, labels, …). Written in YAML (or JSON, which is
// YAML too); the format is documented in docs/demo.md. Parsing checks everything up front, so a
// mistake in a seed file is reported with its place before anything runs.
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { z } from "zod";

/** An issue named by its number, or by `#{Title}`: the issue with that exact title when the event runs. */
export type IssueName = number | string;

export interface ScenarioIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  reason: "completed" | "not_planned";
  labels: string[];
  assignees: string[];
  /** Who opened it (default: the scenario's first person). */
  author: string | null;
  /** Native "blocked by" dependencies (issue numbers). */
  blockedBy: number[];
  /** Native sub-issues (issue numbers). */
  subIssues: number[];
}

export type ScenarioAction =
  | { kind: "comment"; on: IssueName; body: string; name: string | null }
  | { kind: "editComment"; name: string; body: string }
  | { kind: "close"; on: IssueName; reason: "completed" | "not_planned" }
  | { kind: "reopen"; on: IssueName }
  | { kind: "label"; on: IssueName; label: string }
  | { kind: "unlabel"; on: IssueName; label: string }
  | { kind: "open"; issue: Omit<ScenarioIssue, "number" | "state" | "reason" | "author"> & { number: number | null } }
  | { kind: "editBody"; on: IssueName; body: string };

export interface ScenarioEvent {
  /** When it happens on the scenario's clock (the app's clock and GitHub's timestamps). */
  at: Date;
  /** The GitHub login that acts. */
  by: string;
  /** The line printed for it; default: a description of the action. */
  say: string | null;
  action: ScenarioAction;
}

export interface Scenario {
  title: string;
  owner: string;
  repo: string;
  /** The coordination issue (rendered as index.html). */
  coordination: number;
  start: Date;
  /** Login → repository permission (read, triage, write, maintain, admin). */
  people: Map<string, string>;
  /** `org/slug` → member logins. */
  teams: Map<string, string[]>;
  /** `.github/coordinator.yml`, when the repository has one. */
  config: string | null;
  issues: ScenarioIssue[];
  events: ScenarioEvent[];
}

const ACTIONS = ["comment", "editComment", "close", "reopen", "label", "unlabel", "open", "editBody"] as const;

const issueName = z.union([z.number().int().positive(), z.string().regex(/^#\{[^}]+\}$/, "an issue number, or #{Title} for the issue with that title")]);
const login = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*(\[bot\])?$/, "a GitHub login");
const when = z.string().regex(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?Z|\+(\d+d)?(\d+h)?(\d+m)?)$/, "an ISO time in UTC (2025-11-17T09:00:00Z) or a step such as +30m, +2h, +1d4h");

const issueFields = {
  title: z.string().min(1),
  body: z.string().default(""),
  labels: z.array(z.string().min(1)).default([]),
  assignees: z.array(login).default([]),
  blockedBy: z.array(z.number().int().positive()).default([]),
  subIssues: z.array(z.number().int().positive()).default([]),
};

const issueSchema = z.strictObject({
  number: z.number().int().positive(),
  ...issueFields,
  state: z.enum(["open", "closed"]).default("open"),
  reason: z.enum(["completed", "not_planned"]).default("completed"),
  author: login.optional(),
});

const eventSchema = z
  .strictObject({
    at: z.union([when, z.date()]).optional(),
    by: login,
    say: z.string().optional(),
    on: issueName.optional(),
    name: z.string().min(1).optional(),
    body: z.string().optional(),
    reason: z.enum(["completed", "not_planned"]).optional(),
    comment: z.string().optional(),
    editComment: z.string().optional(),
    close: issueName.optional(),
    reopen: issueName.optional(),
    label: z.string().min(1).optional(),
    unlabel: z.string().min(1).optional(),
    open: z.strictObject({ number: z.number().int().positive().optional(), ...issueFields }).optional(),
    editBody: z.string().optional(),
  })
  .superRefine((event, ctx) => {
    const kinds = ACTIONS.filter((k) => event[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({ code: "custom", message: `an event has exactly one action (${ACTIONS.join(", ")}); this one has ${kinds.length === 0 ? "none" : kinds.join(" and ")}` });
      return;
    }
    const kind = kinds[0];
    if ((kind === "comment" || kind === "label" || kind === "unlabel" || kind === "editBody") && event.on === undefined) {
      ctx.addIssue({ code: "custom", path: ["on"], message: `\`${kind}\` needs \`on\`: the issue it happens on` });
    }
    if (kind === "editComment" && event.body === undefined) ctx.addIssue({ code: "custom", path: ["body"], message: "`editComment` needs `body`: the comment's new text" });
    if (kind !== "close" && event.reason !== undefined) ctx.addIssue({ code: "custom", path: ["reason"], message: "`reason` belongs to `close`" });
    if (kind !== "comment" && event.name !== undefined) ctx.addIssue({ code: "custom", path: ["name"], message: "`name` belongs to `comment` (it names the comment for a later `editComment`)" });
  });

const scenarioSchema = z.strictObject({
  title: z.string().min(1),
  repository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, "owner/name"),
  coordination: z.number().int().positive(),
  start: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?Z$/, "an ISO time in UTC"), z.date()]),
  people: z.record(login, z.enum(["none", "read", "triage", "write", "maintain", "admin"])),
  teams: z.record(z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, "org/team-slug"), z.array(login)).default({}),
  config: z.string().optional(),
  issues: z.array(issueSchema).min(1),
  events: z.array(eventSchema).min(1),
});

type RawEvent = z.infer<typeof eventSchema>;

/** `+1d2h30m` in milliseconds. */
function stepMs(step: string): number {
  const m = /^\+(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(step);
  if (!m) return 0;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000;
}

/** Events without `at` come this long after the previous one. */
export const DEFAULT_STEP_MS = 5 * 60_000;

function actionOf(e: RawEvent): ScenarioAction {
  if (e.comment !== undefined) return { kind: "comment", on: e.on ?? 0, body: e.comment, name: e.name ?? null };
  if (e.editComment !== undefined) return { kind: "editComment", name: e.editComment, body: e.body ?? "" };
  if (e.close !== undefined) return { kind: "close", on: e.close, reason: e.reason ?? "completed" };
  if (e.reopen !== undefined) return { kind: "reopen", on: e.reopen };
  if (e.label !== undefined) return { kind: "label", on: e.on ?? 0, label: e.label };
  if (e.unlabel !== undefined) return { kind: "unlabel", on: e.on ?? 0, label: e.unlabel };
  if (e.open !== undefined) return { kind: "open", issue: { ...e.open, number: e.open.number ?? null } };
  return { kind: "editBody", on: e.on ?? 0, body: e.editBody ?? "" };
}

export class ScenarioError extends Error {}

/** A scenario from its parsed YAML/JSON value; throws ScenarioError naming every problem. */
export function parseScenario(value: unknown, source = "scenario"): Scenario {
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success) throw new ScenarioError(`${source} is not a valid demo scenario (docs/demo.md):\n${z.prettifyError(parsed.error)}`);
  const s = parsed.data;
  const [owner = "", repo = ""] = s.repository.split("/");
  const start = new Date(s.start);
  const problems: string[] = [];
  const numbers = new Set<number>();
  for (const issue of s.issues) {
    if (numbers.has(issue.number)) problems.push(`issues: #${issue.number} is listed twice`);
    numbers.add(issue.number);
  }
  if (!numbers.has(s.coordination)) problems.push(`coordination: #${s.coordination} is not among the issues`);
  for (const issue of s.issues) {
    for (const n of [...issue.blockedBy, ...issue.subIssues]) if (!numbers.has(n)) problems.push(`issues: #${issue.number} names #${n}, which is not among the issues`);
  }
  const names = new Set<string>();
  let at = start.getTime();
  const events: ScenarioEvent[] = [];
  s.events.forEach((e, i) => {
    const before = at;
    if (e.at instanceof Date) at = e.at.getTime();
    else if (e.at?.startsWith("+")) at += stepMs(e.at);
    else if (e.at !== undefined) at = new Date(e.at).getTime();
    else if (i > 0) at += DEFAULT_STEP_MS;
    if (at < before) problems.push(`events[${i}]: \`at\` goes back in time`);
    const action = actionOf(e);
    if (action.kind === "comment" && action.name !== null) {
      if (names.has(action.name)) problems.push(`events[${i}]: a comment named "${action.name}" already exists`);
      names.add(action.name);
    }
    if (action.kind === "editComment" && !names.has(action.name)) problems.push(`events[${i}]: no earlier comment is named "${action.name}"`);
    events.push({ at: new Date(at), by: e.by, say: e.say ?? null, action });
  });
  if (problems.length > 0) throw new ScenarioError(`${source} is not a valid demo scenario (docs/demo.md):\n${problems.map((p) => `✖ ${p}`).join("\n")}`);
  const firstPerson = Object.keys(s.people)[0] ?? owner;
  return {
    title: s.title,
    owner,
    repo,
    coordination: s.coordination,
    start,
    people: new Map(Object.entries(s.people)),
    teams: new Map(Object.entries(s.teams)),
    config: s.config ?? null,
    issues: s.issues.map((i) => ({ ...i, author: i.author ?? firstPerson })),
    events,
  };
}

/** Reads and parses a scenario file (YAML or JSON). */
export function loadScenario(path: string): Scenario {
  let value: unknown;
  try {
    value = load(readFileSync(path, "utf8"), { filename: path });
  } catch (error) {
    throw new ScenarioError(`${path}: ${(error as Error).message}`);
  }
  return parseScenario(value, path);
}
