// Rendering a dashboard in the tests, and what its visible part must never hold.
import { renderDashboard } from "../../src/domain/dashboard.js";
import { STATE_PREFIX } from "../../src/domain/state-block.js";
import type { CoordinationState } from "../../src/domain/types.js";
import { NOW, REPO } from "../fixtures/dashboard/states.js";

export const render = (s: CoordinationState, maxChars?: number): string =>
  renderDashboard(s, { now: NOW, repo: REPO, ...(maxChars !== undefined ? { maxChars } : {}) });

/** The rendered (visible) part of a block: everything before the state comment. */
export function visible(block: string): string {
  return block.slice(0, block.indexOf(STATE_PREFIX));
}

export const PINGS = /@[A-Za-z0-9_-]/;
/** The edge lines of the Mermaid graph: the only `-->` that is not the end of one of our comments. */
export const EDGE_LINES = /^ {2}n_[a-z0-9_]+ --> n_[a-z0-9_]+$/gm;
