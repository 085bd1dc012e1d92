// Gates (SPEC §5): an issue labelled `gate` whose body is a checklist of criteria
// (gate-checklist.ts), judged against the state (gate-evaluation.ts). Here: the body `/gate`
// creates, a gate's summary for the dashboard, and the decision on an approval label.
//
// - Approval is label-based; `decideApproval` writes the decision comment, whose hidden marker
//   names the gate, the outcome and a digest of who decided on which criteria, so a redelivered
//   webhook finds the comment it already posted.
//
// Pure: no I/O, no clock (the time comes in). Never throws.
import { escapeCode, escapeInline, quoteLogin } from "./escape.js";
import { MAX_CRITERION_TEXT, type CriterionVerdict } from "./gate-checklist.js";
import { fnv1a } from "./hash.js";
import { cut } from "./markdown.js";
import { formatRef, parseRefKey, refKey, type RepoContext } from "./refs.js";
import type { GateState, IssueRef, RefKey } from "./types.js";

export interface GateSummary {
  ref: RefKey;
  name: string;
  state: GateState;
  met: number;
  total: number;
  /** "criterion — evidence" for each unmet criterion (plain text, at most `MAX_UNMET`). */
  unmet: string[];
}

export interface Decision {
  kind: "go" | "no-go" | "refused";
  /** Comment Markdown starting with `gateDecisionMarker(…)`. */
  body: string;
}

export interface ApprovalInput {
  gate: RefKey;
  approver: string;
  approverAllowed: boolean;
  /** Why the approver may or may not approve (shown when refused). */
  approverReason: string;
  verdicts: CriterionVerdict[];
  now: Date;
  /** The gate's repository, for short references. */
  repo: RepoContext;
}

/** The hidden marker at the top of every gate body `/gate` creates. */
export const GATE_MARKER = "<!-- coordinator:gate -->";
/** Issues `renderGateBody` lists; `/gate` accepts no more (commands' MAX_ISSUES). */
export const MAX_GATE_ISSUES = 100;
const MAX_UNMET = 50;
const MAX_NAME = 100;

/**
 * The body `/gate` creates: the hidden marker, a short intro, one `- [ ] #A` criterion per issue
 * (deduplicated, at most `MAX_GATE_ISSUES`), and how to add criteria people tick.
 */
export function renderGateBody(name: string, after: IssueRef[], ctx: RepoContext, approvedLabel = "gate:approved"): string {
  const seen = new Set<RefKey>();
  const refs: IssueRef[] = [];
  for (const ref of Array.isArray(after) ? after : []) {
    const key = refKey(ref);
    if (seen.has(key) || refs.length >= MAX_GATE_ISSUES) continue;
    seen.add(key);
    refs.push(ref);
  }
  const title = escapeInline(typeof name === "string" ? name : "", MAX_NAME) || "gate";
  const label = "`" + (escapeCode(approvedLabel, 50) || "gate:approved") + "`";
  const criteria =
    refs.length > 0
      ? ["**Criteria** — Coordinator ticks an issue criterion when its issues are done and unticks it if one reopens:", "", ...refs.map((r) => `- [ ] ${formatRef(r, ctx)}`)]
      : ["**Criteria** — none yet: add them below."];
  return [
    GATE_MARKER,
    `## 🚦 Gate: ${title}`,
    "",
    `Work that depends on this gate waits until an approver adds the ${label} label with every criterion met.`,
    "",
    ...criteria,
    "",
    "Add criteria by editing this list: an item naming issues (`- [ ] #12 closed`) or a wave (`- [ ] all of wave 2`) is checked by Coordinator; any other item (`- [ ] load test signed off`) is for people to tick, and Coordinator never changes it.",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------
// Summary and decisions

function gateName(title: string): string {
  // A name is at most MAX_NAME characters: a bounded prefix of the title is all it can come from.
  const plain = (typeof title === "string" ? title.slice(0, MAX_NAME * 20) : "").replace(/\s+/g, " ").trim();
  const stripped = plain.replace(/^(?:🚦\s*)?gate\s*[:—–-]\s*/iu, "").trim();
  return cut(stripped === "" ? plain : stripped, MAX_NAME);
}

function unmetLine(v: CriterionVerdict): string {
  return cut(`${v.criterion.text} — ${v.evidence}`, MAX_CRITERION_TEXT + 100);
}

/**
 * A gate for the dashboard. GO when it carries the approved label (what makes a gate done, SPEC §3;
 * the approval flow removes the label when criteria are unmet, so GO means approved with criteria
 * met); else NO-GO when it carries the rejected label; else pending — closing a gate by hand does
 * not approve it, so `closed` does not change the state. Labels compare case-insensitively.
 */
export function summariseGate(
  ref: RefKey,
  title: string,
  labels: string[],
  _closed: boolean,
  verdicts: CriterionVerdict[],
  labelNames: { approved: string; rejected: string },
): GateSummary {
  const list = Array.isArray(verdicts) ? verdicts : [];
  const has = (label: string) => (Array.isArray(labels) ? labels : []).some((l) => typeof l === "string" && l.length === String(label).length && l.toLowerCase() === String(label).toLowerCase());
  const state: GateState = has(labelNames.approved) ? "go" : has(labelNames.rejected) ? "no-go" : "pending";
  const unmet = list.filter((v) => !v.met);
  return { ref, name: gateName(title), state, met: list.length - unmet.length, total: list.length, unmet: unmet.slice(0, MAX_UNMET).map(unmetLine) };
}


const markerPart = (s: string) => String(s).toLowerCase().replace(/[^a-z0-9._/#-]/g, "").slice(0, 200);

/** `<!-- coordinator:gate-decision:<ref>:<kind>:<digest> -->`; each part reduced to `[a-z0-9._/#-]`. */
export function gateDecisionMarker(gate: RefKey, kind: string, digest: string): string {
  return `<!-- coordinator:gate-decision:${markerPart(gate)}:${markerPart(kind)}:${markerPart(digest)} -->`;
}

/** FNV-1a of the approver (case-insensitive, as GitHub logins are) and the sorted criteria states. */
function decisionDigest(approver: string, verdicts: CriterionVerdict[]): string {
  const states = verdicts.map((v) => `${v.criterion.kind}|${v.met ? 1 : 0}|${v.criterion.text}`).sort();
  return fnv1a([String(approver).replace(/^@+/, "").toLowerCase(), ...states].join("\n"));
}

function verdictLine(v: CriterionVerdict): string {
  return `- ${v.met ? "✅" : "❌"} ${escapeInline(v.criterion.text, MAX_CRITERION_TEXT) || "(empty)"} — ${escapeInline(v.evidence, 300)}`;
}

/**
 * What the approval label on a gate means: refused (not an approver; the label comes off),
 * NO-GO (criteria unmet; the label comes off, each unmet criterion listed with its evidence) or
 * GO (who, when in UTC, each criterion with its evidence). A gate without criteria is a plain
 * approval: GO. The same approver and criteria states always give the same marker.
 */
export function decideApproval(input: ApprovalInput): Decision {
  const verdicts = Array.isArray(input.verdicts) ? input.verdicts.filter((v) => v && v.criterion) : [];
  const digest = decisionDigest(input.approver, verdicts);
  const gateRef = parseRefKey(String(input.gate));
  const repo = input.repo && typeof input.repo.owner === "string" && typeof input.repo.repo === "string" ? input.repo : null;
  const gate = gateRef && repo ? formatRef(gateRef, repo) : escapeInline(String(input.gate), 120);
  const who = quoteLogin(input.approver);
  const time = input.now instanceof Date && !Number.isNaN(input.now.getTime()) ? input.now.toISOString() : "an unknown time";
  if (!input.approverAllowed) {
    const reason = escapeInline(input.approverReason, 300) || "not allowed";
    return {
      kind: "refused",
      body: [
        gateDecisionMarker(input.gate, "refused", digest),
        `⛔ **Approval refused** for gate ${gate}: ${who} is not an approver: ${reason}, label removed.`,
      ].join("\n"),
    };
  }
  const unmet = verdicts.filter((v) => !v.met);
  if (unmet.length > 0) {
    return {
      kind: "no-go",
      body: [
        gateDecisionMarker(input.gate, "no-go", digest),
        `❌ **NO-GO** for gate ${gate}: ${who} approved at ${time}, but ${unmet.length} of ${verdicts.length} criteria are unmet, so the approval label was removed. Unmet:`,
        "",
        ...unmet.map(verdictLine),
        "",
        "Add the label again once they are met.",
      ].join("\n"),
    };
  }
  return {
    kind: "go",
    body: [
      gateDecisionMarker(input.gate, "go", digest),
      `✅ **GO** for gate ${gate}: approved by ${who} at ${time}.`,
      "",
      ...(verdicts.length > 0 ? [`Criteria (${verdicts.length} of ${verdicts.length} met):`, "", ...verdicts.map(verdictLine)] : ["The gate has no criteria: the approval alone decides."]),
    ].join("\n"),
  };
}
