// The vocabulary of slash commands (SPEC §4): who may run them, what a parsed line says.
import type { IssueRef } from "../types.js";

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
