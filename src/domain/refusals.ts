// Bounded answers to people without permission (SPEC §8, Trust): at most one refusal per person
// per issue per hour. A refusal carries a hidden marker naming whom it refused, so the next run
// finds it on GitHub (no memory); a further refusal within the hour becomes a 👎 reaction on the
// refused comment. Pure: the clock comes in.
import type { CommentWindow, RefKey } from "./types.js";

export const REFUSAL_WINDOW_MS = 3_600_000;

/** The hidden line a refusal carries, naming the refused login (reduced to login characters). */
export function refusalMarker(login: string): string {
  return `<!-- coordinator:refusal:${login.toLowerCase().replace(/[^a-z0-9\-[\]]/g, "").replace(/-+/g, "-").slice(0, 60)} -->`;
}

export interface Refusable {
  on: RefKey;
  /** Our reply already written for this comment: editing it is not a new refusal. */
  existingId: number | null;
  /** Present when the reply refuses someone: who, and the comment it answers. */
  refusal?: { login: string; commentId: number };
}

export interface Bounded<R> {
  replies: R[];
  /** Refused comments that get a 👎 instead of another refusal. */
  reactions: Array<{ on: RefKey; commentId: number }>;
}

export function boundRefusals<R extends Refusable>(replies: readonly R[], windows: readonly CommentWindow[], now: Date): Bounded<R> {
  const since = now.getTime() - REFUSAL_WINDOW_MS;
  const recent = new Set<string>();
  for (const w of windows) {
    for (const c of w.comments) {
      if (!c.viewerDidAuthor || Date.parse(c.createdAt) <= since) continue;
      const at = c.body.indexOf("<!-- coordinator:refusal:");
      if (at < 0) continue;
      const end = c.body.indexOf(" -->", at);
      if (end > at) recent.add(`${w.on} ${c.body.slice(at, end + 4)}`);
    }
  }
  const out: Bounded<R> = { replies: [], reactions: [] };
  for (const reply of replies) {
    if (!reply.refusal || reply.existingId !== null) {
      out.replies.push(reply);
      continue;
    }
    const key = `${reply.on} ${refusalMarker(reply.refusal.login)}`;
    if (recent.has(key)) out.reactions.push({ on: reply.on, commentId: reply.refusal.commentId });
    else {
      recent.add(key);
      out.replies.push(reply);
    }
  }
  return out;
}
