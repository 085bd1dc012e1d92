// Phase gates in a coordination run (SPEC §5): criteria kept true on the gate's checklist, and
// label-based approval decided on the approver's live permission. Every decision comment carries a
// marker naming the approver and the criteria, so a redelivered label event decides nothing twice.
import type { Config } from "../config.js";
import { decideApproval, evaluateCriteria, gateDecisionMarker, parseCriteria, summariseGate, syncChecklist, type CriterionVerdict } from "../domain/gates.js";
import { escapeInline, quoteLogin } from "../domain/escape.js";
import type { Verdict } from "../domain/permissions.js";
import { formatRef, parseRefKey } from "../domain/refs.js";
import type { CommentWindow, CoordinationState, RawIssue, RefKey } from "../domain/types.js";
import type { GitHubPort } from "../github/port.js";
import type { GateEvent } from "./work.js";
import { fnv1a } from "../domain/hash.js";

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
  windows: readonly CommentWindow[];
  events: readonly GateEvent[];
  nogo: readonly NoGo[];
  config: Config;
  now: Date;
  repo: { owner: string; repo: string };
}

export interface GatesEnv {
  port: GitHubPort;
  spend: () => void;
  /** The approver verdict, from the live permission read in this run. */
  approver: (login: string) => Promise<Verdict>;
}

/** What the dashboard's state carries per gate (the shape its Gates section reads). */
export interface GateEntry {
  ref: RefKey;
  name: string;
  state: "pending" | "go" | "no-go";
  done: number;
  total: number;
  unmet: string[];
}


export async function runGates(input: GatesInput, env: GatesEnv): Promise<GateEntry[]> {
  const { config } = input;
  const { port } = env;
  const labels = config.labels;
  const is = (raw: RawIssue, label: string) => raw.labels.some((l) => l.toLowerCase() === label.toLowerCase());
  const entries: GateEntry[] = [];

  for (const key of input.tracked) {
    const raw = input.issues.get(key);
    const ref = parseRefKey(key);
    if (!raw || !ref || !is(raw, labels.gate)) continue;
    const ctx = { owner: ref.owner, repo: ref.repo };
    const short = formatRef(ref, input.repo);
    const verdicts: CriterionVerdict[] = evaluateCriteria(parseCriteria(raw.body, ctx), input.state, { gate: key });
    const ours = input.windows.filter((w) => w.on === key).flatMap((w) => w.comments.filter((c) => c.viewerDidAuthor));
    const post = async (marker: string, body: string) => {
      if (ours.some((c) => c.body.startsWith(marker))) return;
      env.spend();
      await port.createComment(ref, body);
    };
    const dropLabel = async (label: string) => {
      if (!is(raw, label)) return;
      env.spend();
      await port.removeLabel(ref, label);
      raw.labels = raw.labels.filter((l) => l.toLowerCase() !== label.toLowerCase());
    };

    for (const event of input.events.filter((e) => e.gate === key)) {
      // Every approval is judged, bots' too (an app is an approver only when listed in `approvers`);
      // Coordinator itself never adds these labels.
      const label = event.label.toLowerCase();
      if (event.action === "labeled" && label === labels.gateApproved.toLowerCase() && is(raw, labels.gateApproved)) {
        const verdict = await env.approver(event.login);
        const decision = decideApproval({ gate: key, approver: event.login, approverAllowed: verdict.allowed, approverReason: verdict.reason, verdicts, now: input.now, repo: input.repo });
        const marker = decision.body.split("\n")[0] ?? "";
        if (decision.kind !== "go") await dropLabel(labels.gateApproved);
        await post(marker, decision.body);
        if (decision.kind === "go" && raw.state === "open") {
          env.spend();
          await port.closeIssue(ref);
          raw.state = "closed";
          raw.stateReason = "completed";
        }
      } else if (event.action === "labeled" && label === labels.gateRejected.toLowerCase() && is(raw, labels.gateRejected)) {
        const verdict = await env.approver(event.login);
        const marker = gateDecisionMarker(key, verdict.allowed ? "no-go" : "refused", fnv1a(`${event.login.toLowerCase()} rejected`));
        if (!verdict.allowed) {
          await dropLabel(labels.gateRejected);
          await post(marker, `${marker}\n🚫 ${quoteLogin(event.login)} is not an approver (${escapeInline(verdict.reason, 200)}): \`${labels.gateRejected}\` removed.`);
        } else {
          await post(marker, `${marker}\n❌ **NO-GO** for ${short}: recorded by ${quoteLogin(event.login)} with the \`${labels.gateRejected}\` label, ${input.now.toISOString()}.`);
        }
      } else if (event.action === "unlabeled" && label === labels.gateApproved.toLowerCase() && raw.state === "closed") {
        // Nothing reopens silently: say what the removal changed.
        const marker = gateDecisionMarker(key, "unapproved", fnv1a(`${event.login.toLowerCase()} ${raw.closedAt ?? ""}`));
        await post(
          marker,
          `${marker}\n⚠️ ${quoteLogin(event.login)} removed \`${labels.gateApproved}\` from ${short}. The gate stays closed, but it no longer counts as approved: what waits on it is blocked again until it is approved anew.`,
        );
      }
    }

    for (const n of input.nogo.filter((x) => x.gate === key)) {
      const marker = gateDecisionMarker(key, "no-go", fnv1a(`${n.login.toLowerCase()} ${n.reason}`));
      if (!is(raw, labels.gateRejected)) {
        env.spend();
        await port.addLabels(ref, [labels.gateRejected]);
        raw.labels.push(labels.gateRejected);
      }
      await dropLabel(labels.gateApproved);
      await post(marker, `${marker}\n❌ **NO-GO** for ${short}, by ${quoteLogin(n.login)}, ${input.now.toISOString()}: ${escapeInline(n.reason || "no reason given", 300)}`);
    }

    // Criteria that name issues or waves are ticked by Coordinator; a person's ticks are kept.
    const synced = syncChecklist(raw.body, verdicts);
    if (synced !== raw.body) {
      env.spend();
      raw.body = await port.updateIssueBody(ref, synced);
    }
    const summary = summariseGate(key, raw.title, raw.labels, raw.state === "closed", verdicts, { approved: labels.gateApproved, rejected: labels.gateRejected });
    entries.push({ ref: key, name: summary.name, state: summary.state, done: summary.met, total: summary.total, unmet: summary.unmet });
  }
  return entries;
}
