// Label-based gate approval decided from GitHub's record (SPEC §5, §8 Trust), whatever order the
// label events arrive in, or if they never arrive. Labels anyone with triage can toggle, so a label
// alone decides nothing: every run looks at who last added `gate:approved` / `gate:rejected` (the
// issue's timeline) and whether the app has already judged that very application (its decision
// comment, or the sealed state). An application nobody judged yet is judged now, on the actor's
// live permission and the criteria as they stand; a gate is GO only on an approval so judged.
// Pure: verdicts, time and identity come in.
import type { CriterionVerdict } from "./gate-checklist.js";
import { decideApproval, gateDecisionMarker } from "./gates.js";
import { codeSpan, escapeInline, quoteLogin } from "./escape.js";
import { fnv1a } from "./hash.js";
import type { Verdict } from "./permissions.js";
import { formatRef, parseRefKey, type RepoContext } from "./refs.js";
import type { LabelEvent, RefKey } from "./types.js";

export type ApprovalLabel = "approved" | "rejected";

/** One judged (or to be judged) addition of an approval label: who added it, when. */
export interface Application {
  actor: string | null;
  at: string;
}

/** A decision comment of ours on the gate, read back from its marker. */
export interface GateRecord {
  kind: string;
  digest: string;
  at: string;
}

export interface GateFacts {
  ref: RefKey;
  open: boolean;
  hasApproved: boolean;
  hasRejected: boolean;
  /** The latest addition of each label in the timeline read (null: none found there). */
  approved: Application | null;
  rejected: Application | null;
  records: GateRecord[];
  /** The digest of the application the sealed previous state recorded as GO, if any. */
  previousApproval: string | null;
}

export interface GatePlanInput {
  facts: GateFacts;
  criteria: CriterionVerdict[];
  /** Approver verdicts asked in this run, by lower-cased login. */
  verdicts: ReadonlyMap<string, Verdict>;
  /** `/nogo` commands on this gate in this run. */
  nogo: ReadonlyArray<{ login: string; reason: string }>;
  /** The app's own login (`<slug>[bot]`): its own label changes are never judged. */
  self: string | null;
  labels: { approved: string; rejected: string };
  now: Date;
  repo: RepoContext;
}

export interface GatePlan {
  state: "go" | "no-go" | "pending";
  /** The digest of the application that made it GO (kept in the sealed state). */
  approval: string | null;
  comments: Array<{ marker: string; body: string }>;
  addLabels: string[];
  removeLabels: string[];
  close: boolean;
}

/** Identifies one addition of a label to a gate: the same addition always gets the same digest. */
export function applicationDigest(label: ApprovalLabel, app: Application): string {
  return fnv1a(`${label}|${(app.actor ?? "").toLowerCase()}|${app.at}`);
}

/** The latest addition of `label` in a gate's timeline (label names compare case-insensitively). */
export function latestApplication(events: readonly LabelEvent[] | undefined, label: string): Application | null {
  let latest: Application | null = null;
  for (const e of events ?? []) {
    if (e.label.toLowerCase() !== label.toLowerCase()) continue;
    if (latest === null || e.at >= latest.at) latest = { actor: e.actor, at: e.at };
  }
  return latest;
}

/** Our decision comments on `gate` (only comments the app wrote should be passed in). */
export function gateRecords(gate: RefKey, comments: ReadonlyArray<{ body: string; createdAt: string }>): GateRecord[] {
  // The marker up to its kind: `<!-- coordinator:gate-decision:<gate>:`.
  const sample = gateDecisionMarker(gate, "k", "d");
  const head = sample.slice(0, sample.length - "k:d -->".length);
  const out: GateRecord[] = [];
  for (const c of comments) {
    if (!c.body.startsWith(head)) continue;
    const end = c.body.indexOf(" -->");
    if (end < 0 || end > 400) continue;
    const [kind = "", digest = ""] = c.body.slice(head.length, end).split(":");
    out.push({ kind, digest, at: c.createdAt });
  }
  return out;
}

/** Logins whose approver verdict this run needs: the actors of applications nobody judged yet. */
export function actorsToJudge(facts: GateFacts, self: string | null): string[] {
  const out: string[] = [];
  const pending = (label: ApprovalLabel, app: Application | null) => app !== null && app.actor !== null && !isSelf(app.actor, self) && recordFor(facts, label, app) === null;
  if (facts.hasApproved && pending("approved", facts.approved) && facts.approved?.actor) out.push(facts.approved.actor.toLowerCase());
  if (facts.hasRejected && pending("rejected", facts.rejected) && facts.rejected?.actor) out.push(facts.rejected.actor.toLowerCase());
  return [...new Set(out)];
}

function isSelf(actor: string | null, self: string | null): boolean {
  return actor !== null && self !== null && actor.toLowerCase() === self.toLowerCase();
}

const APPROVAL_KINDS = ["go", "no-go", "refused"];
const REJECTION_KINDS = ["rejected", "rejection-refused"];

/** How the app already decided on an application: "go", "no-go", "refused", … or null (never judged). */
function recordFor(facts: GateFacts, label: ApprovalLabel, app: Application): string | null {
  const digest = applicationDigest(label, app);
  const kinds = label === "approved" ? APPROVAL_KINDS : REJECTION_KINDS;
  const exact = facts.records.find((r) => r.digest === digest && kinds.includes(r.kind));
  if (exact) return exact.kind;
  if (label === "approved" && facts.previousApproval === digest) return "go";
  // Decisions written before applications were named (0.1): a GO posted after this addition.
  if (label === "approved" && facts.records.some((r) => r.kind === "go" && r.at >= app.at)) return "go";
  return null;
}

export function planGate(input: GatePlanInput): GatePlan {
  const { facts, labels } = input;
  const short = formatRef(parseRefKey(facts.ref) ?? { owner: "", repo: "", number: 0 }, input.repo);
  const plan: GatePlan = { state: "pending", approval: null, comments: [], addLabels: [], removeLabels: [], close: false };
  const posted = (marker: string) => facts.records.some((r) => marker === gateDecisionMarker(facts.ref, r.kind, r.digest));
  const comment = (marker: string, text: string) => {
    if (!posted(marker)) plan.comments.push({ marker, body: `${marker}\n${text}` });
  };
  const remove = (label: string) => {
    if (!plan.removeLabels.includes(label)) plan.removeLabels.push(label);
  };
  let go = false;
  let nogo = false;

  // Approval: the latest addition of the approved label, judged once.
  if (facts.hasApproved) {
    const app = facts.approved;
    if (app === null || app.actor === null) {
      remove(labels.approved);
      comment(gateDecisionMarker(facts.ref, "refused", "unattributed"), `⛔ **Approval refused** for gate ${short}: GitHub's record does not say who added ${codeSpan(labels.approved, 50)}, label removed. An approver can add it again.`);
    } else {
      const digest = applicationDigest("approved", app);
      const decided = recordFor(facts, "approved", app);
      if (decided === "go") {
        go = true;
        plan.approval = digest;
      } else if (decided !== null || isSelf(app.actor, input.self)) {
        // Judged and refused before (the removal failed), or added by the app, which never approves.
        remove(labels.approved);
      } else {
        const verdict = input.verdicts.get(app.actor.toLowerCase()) ?? { allowed: false, reason: "could not be asked" };
        const decision = decideApproval({ gate: facts.ref, approver: app.actor, approverAllowed: verdict.allowed, approverReason: verdict.reason, verdicts: input.criteria, now: input.now, repo: input.repo });
        const marker = gateDecisionMarker(facts.ref, decision.kind, digest);
        comment(marker, decision.body.split("\n").slice(1).join("\n"));
        if (decision.kind === "go") {
          go = true;
          plan.approval = digest;
          plan.close = facts.open;
        } else {
          remove(labels.approved);
        }
      }
    }
  } else if (facts.approved !== null && recordFor(facts, "approved", facts.approved) === "go") {
    // The approval that made it GO was taken away: say so once, nothing reopens silently.
    const marker = gateDecisionMarker(facts.ref, "unapproved", applicationDigest("approved", facts.approved));
    comment(marker, `⚠️ ${codeSpan(labels.approved, 50)} was removed from ${short}: the gate no longer counts as approved, and what waits on it is blocked again until it is approved anew.`);
  }

  // Rejection: `/nogo` in this run, or the latest addition of the rejected label, judged once.
  for (const n of input.nogo) {
    nogo = true;
    comment(gateDecisionMarker(facts.ref, "no-go", fnv1a(`${n.login.toLowerCase()} ${n.reason}`)), `❌ **NO-GO** for ${short}, by ${quoteLogin(n.login)}, ${input.now.toISOString()}: ${escapeInline(n.reason || "no reason given", 300)}`);
    if (!facts.hasRejected && !plan.addLabels.includes(labels.rejected)) plan.addLabels.push(labels.rejected);
  }
  if (facts.hasRejected && input.nogo.length === 0) {
    const app = facts.rejected;
    if (app === null || app.actor === null) {
      remove(labels.rejected);
      comment(gateDecisionMarker(facts.ref, "rejection-refused", "unattributed"), `🚫 GitHub's record does not say who added ${codeSpan(labels.rejected, 50)} to ${short}: label removed.`);
    } else if (isSelf(app.actor, input.self)) {
      nogo = true; // our own `/nogo`, recorded when it ran
    } else {
      const digest = applicationDigest("rejected", app);
      const decided = recordFor(facts, "rejected", app);
      if (decided === "rejected") nogo = true;
      else if (decided !== null) remove(labels.rejected);
      else {
        const verdict = input.verdicts.get(app.actor.toLowerCase()) ?? { allowed: false, reason: "could not be asked" };
        if (verdict.allowed) {
          nogo = true;
          comment(gateDecisionMarker(facts.ref, "rejected", digest), `❌ **NO-GO** for ${short}: recorded by ${quoteLogin(app.actor)} with the ${codeSpan(labels.rejected, 50)} label, ${input.now.toISOString()}.`);
        } else {
          remove(labels.rejected);
          comment(gateDecisionMarker(facts.ref, "rejection-refused", digest), `🚫 ${quoteLogin(app.actor)} is not an approver (${escapeInline(verdict.reason, 200)}): ${codeSpan(labels.rejected, 50)} removed.`);
        }
      }
    }
  }
  if (nogo) {
    // A NO-GO takes an approval away: the gate is not done while it stands.
    if (facts.hasApproved) remove(labels.approved);
    go = false;
    plan.approval = null;
    plan.close = false;
  }
  plan.state = go ? "go" : nogo ? "no-go" : "pending";
  return plan;
}
