// Phase gates in a run (SPEC §5), planned: criteria kept true on the gate's checklist, and
// label-based approval decided from GitHub's record (gate-approval.ts): who last added each
// approval label, and whether the app already judged that addition. Event order does not matter
// and a missed webhook changes nothing: every run looks again. Pure.
import { actorsToJudge, gateRecords, latestApplication, planGate, type GateFacts } from "../gate-approval.js";
import { parseCriteria, syncChecklist } from "../gate-checklist.js";
import { evaluateCriteria } from "../gate-evaluation.js";
import { summariseGate } from "../gates.js";
import type { Verdict } from "../permissions.js";
import { parseRefKey, type RepoContext } from "../refs.js";
import type { CoordinationState, RawIssue, RefKey, StateGate } from "../types.js";
import type { Effect } from "../effects.js";
import type { Needs, RunFacts } from "./facts.js";

/** Comments read on a gate: enough to find the app's decisions on it. */
export const GATE_COMMENTS = 50;

export interface GatesInput {
  facts: RunFacts;
  needs: Needs;
  /** The issues as read, with this run's command writes applied. */
  issues: ReadonlyMap<RefKey, RawIssue | null>;
  /** The state before gates are summarised (issue statuses are what criteria read). */
  state: CoordinationState;
  tracked: readonly RefKey[];
  nogo: ReadonlyArray<{ gate: RefKey; login: string; reason: string }>;
  /** The gate entries of the sealed previous state (their recorded approvals). */
  previous: readonly StateGate[];
  labels: { gate: string; gateApproved: string; gateRejected: string };
  now: Date;
  home: RepoContext;
  /** Approver verdicts (undefined while GitHub's answer is asked for). */
  approver: (login: string) => Verdict | undefined;
  /** Whether the app may write to a gate on its own (domain/reach.ts); false: decide nothing there. */
  writable: (ref: RefKey) => boolean;
}

export interface GatesPlan {
  entries: StateGate[];
  /** Gates GO on a recorded approval: the only gates that are done. */
  approved: Set<RefKey>;
  effects: Effect[];
}

const has = (raw: RawIssue, label: string) => raw.labels.some((l) => l.toLowerCase() === label.toLowerCase());

/** Gates the last (sealed) state recorded as GO that still carry the approved label. */
export function recordedApprovals(previous: readonly StateGate[], issues: ReadonlyMap<RefKey, RawIssue | null>, approvedLabel: string): Set<RefKey> {
  return new Set(previous.filter((g) => g.state === "go" && issues.get(g.ref) && has(issues.get(g.ref) as RawIssue, approvedLabel)).map((g) => g.ref));
}

export function planGates(input: GatesInput): GatesPlan | undefined {
  const { facts, needs, labels, issues } = input;
  const previous = new Map(input.previous.map((g) => [g.ref, g]));
  const gates = input.tracked.filter((key) => {
    const raw = issues.get(key);
    return raw && has(raw, labels.gate);
  });
  // Who added the approval labels, and the app's decisions: read for the gates that need them.
  let pending = false;
  for (const key of gates) {
    const raw = issues.get(key) as RawIssue;
    const decided = has(raw, labels.gateApproved) || has(raw, labels.gateRejected) || (previous.get(key)?.state ?? "pending") !== "pending";
    if (decided && raw.labelEvents === undefined) {
      needs.read(key, GATE_COMMENTS, true);
      pending = true;
    }
  }
  if (pending) return undefined;

  const plan: GatesPlan = { entries: [], approved: new Set(), effects: [] };
  for (const key of gates) {
    const raw = issues.get(key) as RawIssue;
    const ref = parseRefKey(key);
    if (!ref) continue;
    const verdicts = evaluateCriteria(parseCriteria(raw.body, { owner: ref.owner, repo: ref.repo }), input.state, { gate: key });
    const ours = (facts.windows.get(key)?.comments ?? []).filter((c) => c.viewerDidAuthor);
    const gateFacts: GateFacts = {
      ref: key,
      open: raw.state === "open",
      hasApproved: has(raw, labels.gateApproved),
      hasRejected: has(raw, labels.gateRejected),
      approved: latestApplication(raw.labelEvents, labels.gateApproved),
      rejected: latestApplication(raw.labelEvents, labels.gateRejected),
      records: gateRecords(key, ours),
      previousApproval: previous.get(key)?.approval ?? null,
    };
    // Our own login matters only when a bot added one of the labels.
    const botActor = [gateFacts.approved?.actor, gateFacts.rejected?.actor].some((a) => a?.toLowerCase().endsWith("[bot]"));
    if (botActor && facts.self === undefined) {
      needs.self = true;
      pending = true;
      continue;
    }
    const self = facts.self ?? null;
    const approvers = new Map<string, Verdict>();
    for (const login of actorsToJudge(gateFacts, self)) {
      const verdict = input.approver(login);
      if (verdict === undefined) pending = true;
      else approvers.set(login, verdict);
    }
    if (pending) continue;
    const decided = planGate({
      facts: gateFacts,
      criteria: verdicts,
      verdicts: approvers,
      nogo: input.nogo.filter((n) => n.gate === key),
      self,
      labels: { approved: labels.gateApproved, rejected: labels.gateRejected },
      now: input.now,
      repo: input.home,
    });
    const summary = summariseGate(key, raw.title, raw.labels, raw.state === "closed", verdicts, { approved: labels.gateApproved, rejected: labels.gateRejected });
    const entry: StateGate = { ref: key, name: summary.name, state: decided.state, done: summary.met, total: summary.total, unmet: summary.unmet };
    if (!input.writable(key)) {
      // A gate elsewhere that does not link back: the app cannot record a decision there, so
      // nothing new counts; decisions recorded earlier still do.
      entry.state = decided.comments.length === 0 ? decided.state : "pending";
      if (entry.state === "go") plan.approved.add(key);
      plan.entries.push(entry);
      continue;
    }
    for (const c of decided.comments) plan.effects.push({ kind: "comment", on: key, marker: c.marker, body: c.body, update: false });
    const remove = decided.removeLabels.filter((l) => has(raw, l));
    if (remove.length > 0 || decided.addLabels.length > 0) plan.effects.push({ kind: "labels", on: key, add: decided.addLabels, remove });
    if (decided.close) plan.effects.push({ kind: "close", on: key });
    // Criteria that name issues or waves are ticked by Coordinator; a person's ticks are kept.
    const synced = syncChecklist(raw.body, verdicts);
    if (synced !== raw.body) plan.effects.push({ kind: "issue-body", on: key, body: synced });
    if (decided.state === "go") plan.approved.add(key);
    if (decided.approval) entry.approval = decided.approval;
    plan.entries.push(entry);
  }
  return pending ? undefined : plan;
}
