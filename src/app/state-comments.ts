// The dashboard block of a body write, with the state comments a coordination too large for its
// body needs (docs/state.md). The body alone, as before, whenever the complete state fits it;
// otherwise the graph lists go to the app's own comments on the coordination issue, listed (ids
// and digests) in the body's sealed block. Comments to create are posted before the body (the
// block must name them); comments to edit or delete after it, so a failure in between leaves a
// body whose digests the stale comments do not match: readers see it, and the next run (which
// then trusts no cache) writes them again. Only comments whose text changed are written.
import { renderDashboard, type RenderOptions } from "../domain/dashboard.js";
import { DASHBOARD_MAX_CHARS } from "../domain/dashboard-budget.js";
import { readStateLine, renderStateLine } from "../domain/state-block.js";
import { assignParts, partListing, partText, splitState, type ExistingPart } from "../domain/state-parts.js";
import type { CoordinationState, IssueRef } from "../domain/types.js";
import type { ApplyContext } from "./apply.js";

export interface PartsBlock {
  /** The dashboard block to write (not sealed yet). */
  block: string;
  /** Edits and deletes the state comments, once the body is written; the writes it made. */
  finish: () => Promise<number>;
}

/**
 * The block for `state` within `opts.maxChars`, creating the state comments it lists when the
 * state does not fit. `existing` holds the app's state comments for this coordination and is kept
 * up to date (a retry with a smaller block reuses what this one created); `stray` are ids of its
 * state comments no block lists, deleted with the surplus.
 */
export async function dashboardWithParts(state: CoordinationState, opts: RenderOptions, coordination: IssueRef, existing: ExistingPart[], stray: readonly number[], ctx: ApplyContext): Promise<PartsBlock> {
  // The body alone holds the complete state when its block needs no cut (as for every ordinary
  // coordination). A state longer than the whole budget cannot fit: no need to render it to know.
  const budget = opts.maxChars ?? DASHBOARD_MAX_CHARS;
  const plain = renderStateLine(state).length > budget ? null : renderDashboard(state, opts);
  // No parts either when one item alone exceeds a comment: the body then keeps what fits, as it did.
  const parts = (plain !== null && readStateLine(plain)?.truncated === undefined ? [] : splitState(state)) ?? [];
  const wanted = parts.map((p) => partText(p, ctx.seal));
  const { slots, surplus } = assignParts(wanted, existing);
  const placed: Array<{ text: (typeof wanted)[number]; comment: ExistingPart }> = [];
  for (const slot of slots) {
    let comment = slot.comment;
    if (comment === null) {
      await ctx.spend();
      const created = await ctx.port.createComment(coordination, slot.text.body);
      if (created.nodeId === undefined) throw new Error("GitHub gave no node id for a new state comment");
      comment = { id: created.id, node: created.nodeId, body: slot.text.body };
      existing.push(comment);
    }
    placed.push({ text: slot.text, comment });
  }
  const block = placed.length > 0 ? renderDashboard(state, { ...opts, parts: partListing(placed) }) : (plain ?? renderDashboard(state, opts));
  return {
    block,
    finish: async () => {
      let writes = 0;
      for (const { text, comment } of placed) {
        if (comment.body === text.body) continue;
        await ctx.spend();
        await ctx.port.updateComment(coordination.owner, coordination.repo, comment.id, text.body);
        comment.body = text.body;
        writes++;
      }
      for (const comment of surplus) {
        await ctx.spend();
        await ctx.port.deleteComment(coordination.owner, coordination.repo, comment.id);
        existing.splice(existing.indexOf(comment), 1);
        writes++;
      }
      for (const id of stray) {
        if (placed.some((p) => p.comment.id === id)) continue;
        await ctx.spend();
        await ctx.port.deleteComment(coordination.owner, coordination.repo, id);
        writes++;
      }
      return writes;
    },
  };
}
