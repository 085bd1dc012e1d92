// The schema of `.github/coordinator.yml` (the user-facing reference is docs/configuration.md; a
// test keeps the two in step), its types and its frozen defaults. Pure.
import { z } from "zod";
import type { SynthesisThresholds } from "./domain/go-no-go.js";
import { checkedString, codeSpan, countProblem, cronProblem, labelName, principals, prefixProblem, staleProblem, timezoneProblem } from "./config-rules.js";

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
export const labelsSchema = z.strictObject({
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
export const goNoGoSchema = z.strictObject({
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
export const synthesisSchema = z.strictObject({
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
export const notificationsSchema = z.strictObject({
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

export function withoutExtends(parsed: z.output<typeof configSchema>): Config {
  const { _extends: _ignored, ...config } = parsed;
  return deepFreeze(config);
}

/** The configuration in force without a file, or when the file has any problem. Frozen. */
export const DEFAULT_CONFIG: Config = withoutExtends(configSchema.parse({}));
