// The vocabulary of slash commands (SPEC §4): who may run them, what a parsed line says.
import type { TrackedEdit } from "../body-edit.js";
import type { RepoContext } from "../refs.js";
import type { Effect } from "../effects.js";
import type { CoordinationState, IssueRef, Permission, RawIssue, RefKey, StateEdge, StateUrgent } from "../types.js";

/** Who may run a command: anyone, orchestrators, allowed reporters, or gate approvers. */
export type Who = "anyone" | "orchestrator" | "reporter" | "approver";

export interface CommandSpec {
  /** As typed after the prefix, lower case. */
  verb: string;
  /** Synopsis of the arguments after the verb ("" when it takes none); see `usageText`. */
  usage: string;
  /** One sentence for the help table. */
  description: string;
  who: Who;
  /** Example arguments after the verb ("" for the bare command); see `exampleText`. */
  examples: string[];
}

/** A user by GitHub login, or a named worker (SPEC §2 worker id). */
export type Assignee = { kind: "user"; login: string } | { kind: "worker"; id: string };

export type ParsedCommand =
  | { verb: "help" }
  | { verb: "coordinate" }
  | { verb: "status" }
  | { verb: "refresh" }
  | { verb: "synthesize" }
  /** `null`: the issue the comment is on. */
  | { verb: "context"; issue: IssueRef | null }
  | { verb: "track" | "untrack"; issues: IssueRef[] }
  /** Each `dependent` waits for its `blocker` (the blocker must finish first). */
  | { verb: "depends" | "undepends"; pairs: Array<{ dependent: IssueRef; blocker: IssueRef }> }
  | { verb: "assign"; issue: IssueRef; assignee: Assignee }
  | { verb: "unassign"; issue: IssueRef }
  /** `reason`: plain text as written (at most 300 characters); escape it before echoing. */
  | { verb: "escalate"; issue: IssueRef; reason: string }
  | { verb: "escalate-clear"; issue: IssueRef }
  /** `name`: as written (at most 100 characters); `after` may be empty (criteria checked by people). */
  | { verb: "gate"; name: string; after: IssueRef[] }
  /** `reason`: plain text, "" when none was given (at most 300 characters). */
  | { verb: "nogo"; reason: string };

/**
 * One command line of a comment. `verb` is the verb as typed (always one of `KNOWN_VERBS`, so
 * `/escalate clear #5` has verb "escalate" and command verb "escalate-clear"); `line` is the
 * line as read (plain text, at most 200 characters) and `args` its words after the verb (at most
 * 49), both for replies. A known verb with bad arguments is `ok: false` with one precise
 * `problem` and the `usage` to show (with the prefix).
 */
export type CommandLine = { verb: string; line: string; args: string[] } & (
  | { ok: true; command: ParsedCommand }
  | { ok: false; problem: string; usage: string }
);

/**
 * What a command can see while it is planned: the facts of the run (read from GitHub), the
 * orchestrator's text after the commands before it, and answers it may have to ask for. An
 * accessor that returns undefined has asked for what it lacks; the command then returns undefined
 * and is planned again once the run has read it.
 */
export interface CommandEnv {
  prefix: string;
  /** The coordination's repository: `#N` in replies is relative to it. */
  home: RepoContext;
  coordination: RefKey;
  /** The command comment: its id, the issue it is on, and who wrote it (GitHub's record). */
  comment: { id: number; on: RefKey; login: string };
  isCoordination: boolean;
  labels: { gate: string; gateApproved: string; urgent: string };
  orchestrators: readonly string[];
  now: Date;
  /** Issues tracked before this command (and those `/track` added earlier in the run). */
  tracked: ReadonlySet<RefKey>;
  edges: readonly StateEdge[];
  /** The orchestrator's text as the earlier commands of this run left it. */
  text: string;
  /** An issue as read (with this run's earlier writes applied); null: missing; undefined: being read. */
  issue(ref: IssueRef): RawIssue | null | undefined;
  /** The first issue read so far that passes `test`. */
  findIssue(test: (issue: RawIssue) => boolean): RawIssue | undefined;
  /**
   * In another repository, a refusal when the author lacks `minimum` there (GitHub's live answer);
   * null when allowed or in the coordination's own repository; undefined while asked.
   */
  refusedIn(ref: IssueRef, minimum: Permission, what: string): string | null | undefined;
  /** The issue carrying `marker` among the repository's latest issues with `label` (null: none); undefined while asked. */
  findByMarker(owner: string, repo: string, label: string, marker: string): number | null | undefined;
  /** The outcome of a write the command must know before it answers, applied early; undefined until then. */
  outcome(effect: Effect): string | undefined;
  /** The outcome of that write if it was made in this run, without asking for it. */
  written(effect: Effect): string | undefined;
}

/** What running a command comes to; undefined from `plan` means "ask again once the run has read more". */
export interface CommandResult {
  /** The reply line's text; a function when it shows the run's final state (`/status`, `/context`). */
  reply: string | ((state: CoordinationState) => string);
  /** The author may not do this (a refusal: bounded like every refusal, see refusals.ts). */
  refused?: boolean;
  effects?: Effect[];
  /** Edits of the orchestrator's text (the Tracked list). */
  edits?: TrackedEdit[];
  /** Issues the run should read, to show them. */
  mention?: RefKey[];
  urgent?: StateUrgent[];
  clear?: RefKey[];
  refresh?: boolean;
  coordinate?: boolean;
  synthesize?: boolean;
  nogo?: { gate: RefKey; login: string; reason: string };
}

/** One slash command: its help entry and who may run it, how its arguments read, what it does. */
export interface CommandModule {
  spec: CommandSpec;
  /** The arguments after the verb (`rest`), strictly read; `ctx` is the comment's repository. */
  parse(rest: string, ctx: RepoContext | undefined): ArgumentsResult;
  /** Pure: the command's effects and reply from what the run knows (undefined while it reads more). */
  plan(command: ParsedCommand, env: CommandEnv): CommandResult | undefined;
}

export type ArgumentsResult =
  | { ok: true; command: ParsedCommand }
  /** `usage`: the arguments synopsis when it differs from the verb's (the `escalate clear` form). */
  | { ok: false; problem: string; usage?: string };
