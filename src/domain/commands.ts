// Slash commands in a comment (SPEC §4): a line of live Markdown that starts with the prefix and a
// known verb. Quoted, fenced or HTML-commented lines never run; unknown verbs belong to other bots.
import { liveBlocks } from "./markdown.js";
import { plainInline, referenceText } from "./inline.js";

export interface Command {
  verb: string;
  args: string[];
  /** The line as written (bounded), for replies. */
  line: string;
}

/** Verbs this version understands; others are left alone. */
export const KNOWN_VERBS = new Set(["coordinate"]);

const MAX_COMMANDS = 20;

export function parseCommands(body: string, prefix = "/"): Command[] {
  const out: Command[] = [];
  const lead = prefix === "/" ? "/" : `${prefix} `;
  for (const block of liveBlocks(body)) {
    if (block.type !== "paragraph") continue;
    // A command written as inline code (`` `/verb` ``) is shown, not said: the line must start
    // with the prefix outside code spans too. Both readings keep the block's line breaks.
    const live = referenceText(block.text).split("\n");
    for (const [i, rawLine] of plainInline(block.text).split("\n").entries()) {
      const line = rawLine.trim();
      if (!line.startsWith(lead) || !(live[i] ?? "").trim().startsWith(lead)) continue;
      const words = line.slice(lead.length).split(/\s+/).filter((w) => w !== "");
      const verb = (words[0] ?? "").toLowerCase();
      if (!KNOWN_VERBS.has(verb)) continue;
      out.push({ verb, args: words.slice(1, 50), line: line.slice(0, 200) });
      if (out.length >= MAX_COMMANDS) return out;
    }
  }
  return out;
}
