// Coordinator's own comments. Each carries a hidden marker that names what it answers, so the
// app finds its earlier reply (never by login or title) and edits it instead of posting again.
import type { ReportProblem } from "./types.js";
import { escapeInline } from "./escape.js";

const MARKER_PREFIX = "<!-- coordinator:";

/** The marker of our reply to comment `commentId`. Render and search use this one function. */
export function replyMarker(commentId: number): string {
  return `${MARKER_PREFIX}reply:${commentId} -->`;
}

/** The marker of a configuration notice for one set of problems. */
export function configMarker(digest: string): string {
  return `${MARKER_PREFIX}config:${digest} -->`;
}

/** True when a comment body is one of ours (any coordinator marker at its start). */
export function isOwnArtefact(body: string): boolean {
  return body.trimStart().startsWith(MARKER_PREFIX);
}

/** The comment id a reply answers, or null when the body is not a reply of ours. */
export function repliedCommentId(body: string): number | null {
  const head = body.trimStart();
  if (!head.startsWith(`${MARKER_PREFIX}reply:`)) return null;
  const end = head.indexOf(" -->");
  if (end < 0 || end > 60) return null;
  const id = Number(head.slice(`${MARKER_PREFIX}reply:`.length, end));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export function malformedReply(commentId: number, problems: ReportProblem[], template: string): string {
  const rows = problems
    .map((p) => `| ${escapeInline(p.field, 60)} | ${escapeInline(p.problem, 200)} | ${escapeInline(p.expected, 200)} |`)
    .join("\n");
  // The template is shown in a fence long enough that nothing inside can close it.
  const longestRun = Math.max(2, ...Array.from(template.matchAll(/`+/g), (m) => m[0].length));
  const fence = "`".repeat(longestRun + 1);
  return [
    replyMarker(commentId),
    "⚠️ **This looks like a worker report, but it could not be read**, so it does not count yet.",
    "",
    "| field | what is wrong | expected |",
    "| --- | --- | --- |",
    rows,
    "",
    "Here is the template filled with what was understood. Edit your comment into this shape and this reply will confirm it:",
    "",
    `${fence}markdown`,
    template,
    fence,
  ].join("\n");
}

export function fixedReply(commentId: number): string {
  return [
    replyMarker(commentId),
    "✅ **Report read.** Thanks for the edit: this report now counts on the coordination dashboard.",
  ].join("\n");
}

export function unauthorisedReply(commentId: number): string {
  return [
    replyMarker(commentId),
    "👋 Thanks for the update. Only the coordination's reporters are counted on its dashboard " +
      "(the `workers` list in `.github/coordinator.yml`, or by default anyone with triage permission or higher), " +
      "so this comment was not counted. A maintainer can add you to `workers` if you should report here.",
  ].join("\n");
}
