// The state block's seal: an HMAC over the exact state line, keyed by a secret only the app holds.
// Anyone who can edit the coordination's body can edit the state block, so the block is trusted
// (as the cache of what was accepted) only when its seal checks out and it names this very
// coordination; otherwise the run rebuilds from GitHub. Pure: the key comes in as a parameter.
import { createHmac, timingSafeEqual } from "node:crypto";
import { parseState, splitBody } from "./dashboard.js";
import { findStateLine } from "./state-block.js";
import type { CoordinationState, RefKey } from "./types.js";

/** Computes the seal (hex) of a text with the app's key. */
export type Sealer = (text: string) => string;

export const SEAL_PREFIX = "<!-- coordinator:seal ";
const SEAL_SUFFIX = " -->";
const SEAL_HEX = 64;
/** What a seal adds to the dashboard: a newline and the seal comment. */
export const SEAL_LINE_LENGTH = 1 + SEAL_PREFIX.length + SEAL_HEX + SEAL_SUFFIX.length;

export function hmacSealer(key: string | Buffer): Sealer {
  return (text) => createHmac("sha256", key).update(text, "utf8").digest("hex");
}

/** The dashboard block with the seal of its state line added right after that line. */
export function sealBlock(block: string, seal: Sealer): string {
  const found = findStateLine(block);
  if (!found) return block;
  return `${block.slice(0, found.end)}\n${SEAL_PREFIX}${seal(found.line)}${SEAL_SUFFIX}${block.slice(found.end)}`;
}

/**
 * The previous state, when the body holds a state block this app sealed for this coordination;
 * null for a block without a valid seal (edited, copied from elsewhere, or older than seals).
 */
export function sealedState(body: string, coordination: RefKey, seal: Sealer): CoordinationState | null {
  const { dashboard } = splitBody(body);
  if (dashboard === null) return null;
  const found = findStateLine(dashboard);
  if (!found) return null;
  const expected = `\n${SEAL_PREFIX}`;
  if (dashboard.slice(found.end, found.end + expected.length) !== expected) return null;
  const from = found.end + expected.length;
  const presented = dashboard.slice(from, from + SEAL_HEX);
  if (!/^[0-9a-f]{64}$/.test(presented) || dashboard.slice(from + SEAL_HEX, from + SEAL_HEX + SEAL_SUFFIX.length) !== SEAL_SUFFIX) return null;
  if (!timingSafeEqual(Buffer.from(presented, "utf8"), Buffer.from(seal(found.line), "utf8"))) return null;
  const state = parseState(body);
  return state !== null && state.coordination === coordination ? state : null;
}
