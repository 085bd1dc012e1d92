// Phase gates in a coordination run (SPEC §5): criteria kept true on the gate's checklist, and
// label-based approval decided from GitHub's record (domain/gate-approval.ts): who last added
// each approval label, and whether the app already judged that addition. Event order does not
// matter and a missed webhook changes nothing: every run looks again.
import type { Config } from "../config.js";
import { actorsToJudge, gateRecords, latestApplication, planGate, type GateFacts } from "../domain/gate-approval.js";
import { evaluateCriteria, parseCriteria, summariseGate, syncChecklist } from "../domain/gates.js";
import type { Verdict } from "../domain/permissions.js";
import { parseRefKey } from "../domain/refs.js";
import type { CommentWindow, CoordinationState, RawIssue, RefKey } from "../domain/types.js";
import type { GitHubPort } from "../github/port.js";

export interface NoGo {
  gate: RefKey;
  login: string;
  reason: string;
}

export interface GatesInput {
  /** The state before gates are summarised (issue statuses are what criteria read). */
  state: CoordinationState;
  tracked: readonly RefKey[];
  issues: Map<RefKey, RawIssue | null>;
  /** Comment windows read so far; gates read now are added. */
  windows: CommentWindow[];
  nogo: readonly NoGo[];
  /** The gate entries of the sealed previous state (their recorded approvals). */
  previous: readonly GateEntry[];
  config: Config;
  now: Date;
  repo: { owner: string; repo: string };
  /** Whether the app may write to a gate on its own (domain/reach.ts); false: decide nothing there. */
  writable: (ref: RefKey) => boolean;
}

export interface GatesEnv {
  port: GitHubPort;
  spend: () => void;
  /** The approver verdict, from the live permission read in this run. */
  approver: (login: string) => Promise<Verdict>;
  /** The app's own login, asked only when a bot added an approval label. */
  self: () => Promise<string>;
}

/** What the dashboard's state carries per gate (the shape its Gates section reads). */
export interface GateEntry {
  ref: RefKey;
  name: string;
  state: "pending" | "go" | "no-go";
  done: number;
  total: number;
  unmet: string[];
  /** The label addition the app judged GO (its digest): the recorded approval. */
  approval?: string;
}

export interface GatesOutcome {
  entries: GateEntry[];
  /** Gates GO on a recorded approval: the only gates that are done. */
  approved: Set<RefKey>;
}

/** Previous gate entries from a state block's open-ended `gates` list. */
export function gateEntries(gates: readonly unknown[] | undefined): GateEntry[] {
  return (gates ?? []).flatMap((g) => {
    const e = g as Partial<GateEntry> | null;
    return e && typeof e.ref === "string" && typeof e.state === "string" ? [e as GateEntry] : [];
  });
}

/** Gates the last (sealed) state recorded as GO that still carry the approved label. */
export function recordedApprovals(previous: readonly GateEntry[], issues: ReadonlyMap<RefKey, RawIssue | null>, approvedLabel: string): Set<RefKey> {
  const has = (raw: RawIssue | null | undefined) => raw?.labels.some((l) => l.toLowerCase() === approvedLabel.toLowerCase()) === true;
  return new Set(previous.filter((g) => g.state === "go" && has(issues.get(g.ref))).map((g) => g.ref));
}

export async function runGates(input: GatesInput, env: GatesEnv): Promise<GatesOutcome> {
  const { config, issues } = input;
  const labels = config.labels;
  const is = (raw: RawIssue, label: string) => raw.labels.some((l) => l.toLowerCase() === label.toLowerCase());
  const previous = new Map(input.previous.map((g) => [g.ref, g]));
  const gates = input.tracked.filter((key) => {
    const raw = issues.get(key);
    return raw && is(raw, labels.gate);
  });

  // Who added the approval labels, and the app's decisions: read for the gates that need them.
  const needed = gates.filter((key) => {
    const raw = issues.get(key);
    if (!raw || raw.labelEvents !== undefined) return false;
    return is(raw, labels.gateApproved) || is(raw, labels.gateRejected) || (previous.get(key)?.state ?? "pending") !== "pending";
  });
  if (needed.length > 0) {
    const refs = needed.flatMap((k) => parseRefKey(k) ?? []);
    const more = await env.port.readIssues(refs, 0, { gates: true });
    for (const [k, v] of more.issues) issues.set(k, v);
    for (const w of more.windows) if (!input.windows.some((x) => x.on === w.on)) input.windows.push(w);
  }

  const entries: GateEntry[] = [];
  const approved = new Set<RefKey>();
  let self: string | null = null;
  for (const key of gates) {
    const raw = issues.get(key);
    const ref = parseRefKey(key);
    if (!raw || !ref) continue;
    const verdicts = evaluateCriteria(parseCriteria(raw.body, { owner: ref.owner, repo: ref.repo }), input.state, { gate: key });
    const ours = input.windows.filter((w) => w.on === key).flatMap((w) => w.comments.filter((c) => c.viewerDidAuthor));
    const facts: GateFacts = {
      ref: key,
      open: raw.state === "open",
      hasApproved: is(raw, labels.gateApproved),
      hasRejected: is(raw, labels.gateRejected),
      approved: latestApplication(raw.labelEvents, labels.gateApproved),
      rejected: latestApplication(raw.labelEvents, labels.gateRejected),
      records: gateRecords(key, ours),
      previousApproval: previous.get(key)?.approval ?? null,
    };
    // Our own login matters only when a bot added one of the labels.
    if (self === null && [facts.approved?.actor, facts.rejected?.actor].some((a) => a?.toLowerCase().endsWith("[bot]"))) self = await env.self();
    const approvers = new Map<string, Verdict>();
    for (const login of actorsToJudge(facts, self)) approvers.set(login, await env.approver(login));
    const plan = planGate({
      facts,
      criteria: verdicts,
      verdicts: approvers,
      nogo: input.nogo.filter((n) => n.gate === key),
      self,
      labels: { approved: labels.gateApproved, rejected: labels.gateRejected },
      now: input.now,
      repo: input.repo,
    });

    const summary = () => summariseGate(key, raw.title, raw.labels, raw.state === "closed", verdicts, { approved: labels.gateApproved, rejected: labels.gateRejected });
    if (!input.writable(key)) {
      // A gate elsewhere that does not link back: the app cannot record a decision there, so
      // nothing new counts; decisions recorded earlier still do.
      const state = plan.comments.length === 0 ? plan.state : "pending";
      if (state === "go") approved.add(key);
      const s = summary();
      entries.push({ ref: key, name: s.name, state, done: s.met, total: s.total, unmet: s.unmet });
      continue;
    }
    for (const c of plan.comments) {
      env.spend();
      await env.port.createComment(ref, c.body);
    }
    for (const label of plan.removeLabels) {
      if (!is(raw, label)) continue;
      env.spend();
      await env.port.removeLabel(ref, label);
      raw.labels = raw.labels.filter((l) => l.toLowerCase() !== label.toLowerCase());
    }
    if (plan.addLabels.length > 0) {
      env.spend();
      await env.port.addLabels(ref, plan.addLabels);
      raw.labels.push(...plan.addLabels);
    }
    if (plan.close) {
      env.spend();
      await env.port.closeIssue(ref);
      raw.state = "closed";
      raw.stateReason = "completed";
    }
    // Criteria that name issues or waves are ticked by Coordinator; a person's ticks are kept.
    const synced = syncChecklist(raw.body, verdicts);
    if (synced !== raw.body) {
      env.spend();
      raw.body = await env.port.updateIssueBody(ref, synced);
    }
    const s = summary();
    if (plan.state === "go") approved.add(key);
    entries.push({ ref: key, name: s.name, state: plan.state, done: s.met, total: s.total, unmet: s.unmet, ...(plan.approval ? { approval: plan.approval } : {}) });
  }
  return { entries, approved };
}
