// Edits Coordinator makes to text people own: the `### Tracked` list of the coordination's own
// text (`/track`, `/untrack`, `/gate`) and a line appended to an issue body (`/depends`). Pure and
// linear: bodies are user text of up to 65,536 characters.

export const TRACKED_HEADING = "### Tracked";

/** Adds refs to the `### Tracked` list at the end of the orchestrator's text (created if missing). */
export function addToTrackedList(text: string, refs: string[]): string {
  if (refs.length === 0) return text;
  const items = refs.map((r) => `- ${r}`).join("\n");
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.trim() === TRACKED_HEADING);
  if (at < 0) return `${text.trimEnd()}\n\n${TRACKED_HEADING}\n${items}\n`;
  let end = at + 1;
  while (end < lines.length && /^\s*-\s+\S/.test(lines[end] ?? "")) end++;
  lines.splice(end, 0, ...refs.map((r) => `- ${r}`));
  return lines.join("\n");
}

/** Removes refs from the `### Tracked` list; returns the text and which refs were removed. */
export function removeFromTrackedList(text: string, refs: string[]): { text: string; removed: string[] } {
  // A line that goes names its ref: a text naming none of them is left as it is, unread.
  if (!refs.some((r) => r !== "" && text.includes(r))) return { text, removed: [] };
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.trim() === TRACKED_HEADING);
  if (at < 0) return { text, removed: [] };
  const removed: string[] = [];
  const out = lines.filter((line, i) => {
    if (i <= at) return true;
    const m = /^\s*-\s+(\S+)\s*$/.exec(line);
    if (m && refs.includes(m[1] ?? "")) {
      removed.push(m[1] ?? "");
      return false;
    }
    return true;
  });
  // Nothing removed: the text as it was (not a copy of it).
  return { text: removed.length > 0 ? out.join("\n") : text, removed };
}

/** `body` with `line` appended after one blank line (trailing whitespace of the body dropped). */
export function appendLine(body: string, line: string): string {
  return `${body.trimEnd()}\n\n${line}\n`;
}

/** One change a command made to the Tracked list: replayable on a text someone edited meanwhile. */
export type TrackedEdit = { add: string[] } | { remove: string[] };

/** The text with the edits applied in order (what `/track`, `/untrack` and `/gate` did). */
export function applyTrackedEdits(text: string, edits: readonly TrackedEdit[]): string {
  let out = text;
  for (const edit of edits) out = "add" in edit ? addToTrackedList(out, edit.add) : removeFromTrackedList(out, edit.remove).text;
  return out;
}
