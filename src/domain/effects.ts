// What a run writes, as plain data: the plan (pure) lists effects, the applier (shell) compares
// each with what GitHub has and writes only differences. Every effect is idempotent: a comment by
// its marker, a label or an assignee by its presence, an issue by the marker in its body.
import type { CoordinationState, RefKey } from "./types.js";
import type { TrackedEdit } from "./body-edit.js";
import type { ExistingPart } from "./state-parts.js";

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

export type Effect =
  /**
   * A comment found by `marker` (its first line): posted when there is none; with `update`, an
   * existing one is edited to `body` when it differs. `courtesy`: only while the courtesy share of
   * the write budget lasts (an answer to someone without permission).
   */
  | { kind: "comment"; on: RefKey; marker: string; body: string; update: boolean; existing?: number; courtesy?: boolean; refusal?: { login: string; commentId: number } }
  /**
   * Labels to add and remove on an issue (written only where the issue differs). `background`: a
   * label of a fan-out, written from the budget's background share and resumable without a re-read.
   */
  | { kind: "labels"; on: RefKey; add: string[]; remove: string[]; background?: boolean }
  | { kind: "assignees"; on: RefKey; add: string[]; remove: string[] }
  /** A native dependency: `on` is blocked by the issue with database id `blocker`. */
  | { kind: "blocked-by"; on: RefKey; blocker: RefKey; blockerId: number; present: boolean }
  /** A new description for an issue other than the coordination (a gate's checklist, a `Depends on` line). */
  | { kind: "issue-body"; on: RefKey; body: string }
  /** Close an issue as completed (a gate on GO). */
  | { kind: "close"; on: RefKey }
  /** Open an issue carrying `marker` in its body (a `/gate`), unless one already does. */
  | { kind: "create-issue"; owner: string; repo: string; marker: string; title: string; body: string; labels: string[] }
  | { kind: "create-labels"; owner: string; repo: string; labels: LabelSpec[] }
  /** A reaction on a comment (👎 for a refusal already given within the hour); always a courtesy. */
  | { kind: "react"; on: RefKey; commentId: number; content: "-1" | "eyes" }
  /**
   * The coordination's body: the orchestrator's text around a dashboard rendered from `state`.
   * `base`/`edits` let the applier keep an edit saved since the read (re-read, replay the edits).
   * `parts`: the app's state comments found through the last block, which the complete state
   * reuses (docs/state.md) or deletes when the body alone holds it; `stray`: ids of the app's state
   * comments no block lists (a write that failed after posting them), deleted.
   */
  | { kind: "dashboard"; on: RefKey; before: string; after: string; state: CoordinationState; force: boolean; edits: TrackedEdit[]; parts?: ExistingPart[]; stray?: number[] };

/** The key an early effect's outcome is recorded under (a plan that needs the outcome asks again). */
export function effectKey(effect: Effect): string {
  switch (effect.kind) {
    case "create-issue":
      return `create ${effect.owner}/${effect.repo} ${effect.marker}`.toLowerCase();
    case "blocked-by":
      return `blocked-by ${effect.on} ${effect.blocker} ${effect.present}`;
    default:
      return `${effect.kind} ${"on" in effect ? effect.on : ""}`;
  }
}
