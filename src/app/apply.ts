// The applier: writes a plan's effects, each compared with what GitHub has (the run's facts) so
// that only differences are written. It keeps the facts true as it writes, so a plan made again
// after early effects sees them. Every write is paid for from the installation's budget.
import type { Logger } from "pino";
import { applyTrackedEdits } from "../domain/body-edit.js";
import { replaceDashboard, splitBody } from "../domain/dashboard.js";
import { DASHBOARD_MAX_CHARS } from "../domain/dashboard-budget.js";
import { parseRefKey } from "../domain/refs.js";
import { SEAL_LINE_LENGTH, sealBlock, type Sealer } from "../domain/seal.js";
import type { Effect } from "../domain/effects.js";
import { homeOf, markerKey, type RunFacts } from "../domain/run/facts.js";
import type { IssueRef, RawIssue, RefKey } from "../domain/types.js";
import { BodyNotKeptError, RetryLaterError, type GitHubPort } from "../github/port.js";
import type { TrackedEdit } from "../domain/body-edit.js";
import { dashboardWithParts } from "./state-comments.js";

/** GitHub's refusals of a native dependency, answered by a `Depends on` line instead. */
const UNSUPPORTED = [403, 404, 410, 422];

export interface BodyWrite {
  coordination: RefKey;
  body: string;
  /** `textDigest` of the orchestrator's text the write was based on. */
  base: string;
  edits: TrackedEdit[];
}

export interface ApplyContext {
  port: GitHubPort;
  facts: RunFacts;
  /** Takes one write from the budget (a background write leaves a reserve for others), or throws RetryLaterError. */
  spend: (background?: boolean) => Promise<void>;
  /** Takes one courtesy write; false when the share is spent (the write is skipped). */
  courtesy: () => Promise<boolean>;
  now: () => Date;
  log: Logger;
  seal: Sealer;
  /** GitHub calls made by the run so far: more than its first read means time passed since it. */
  calls: () => number;
  textDigest: (before: string, after: string) => string;
  onBodyWritten?: (write: BodyWrite) => void;
  /** Label node ids by `owner/repo name` (lower-cased; null: no such label), asked once per repository. */
  labelIds: Map<string, string | null>;
}

export interface Applied {
  bodyWritten: boolean;
  writes: number;
}

const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));

function target(on: RefKey): IssueRef {
  const ref = parseRefKey(on);
  if (!ref) throw new Error(`not an issue: ${on}`);
  return ref;
}

function issueIn(facts: RunFacts, on: RefKey): RawIssue | null {
  return on === facts.coordination.ref ? facts.coordination : (facts.issues.get(on) ?? null);
}

/**
 * The write budget ran out where only background effects were left (a fan-out's labels): they
 * wait, as planned, to be applied when budget frees, without reading the coordination again.
 */
export class EffectsWaiting extends RetryLaterError {
  constructor(
    cause: RetryLaterError,
    /** The effects not written yet, in order (the first is the one the budget refused). */
    readonly rest: Effect[],
    readonly applied: Applied,
  ) {
    super(cause.message, cause.retryAfterMs);
    this.name = "EffectsWaiting";
  }
}

const isBackground = (effect: Effect): boolean => effect.kind === "labels" && effect.background === true;

/**
 * Background writes one run makes before it lets the queue look for new work for its coordination:
 * Octokit spaces writes a second apart, so a report arriving during a 200-issue fan-out waits
 * about 20 seconds, not 3 minutes.
 */
export const BACKGROUND_SLICE = 20;

export async function applyEffects(effects: readonly Effect[], ctx: ApplyContext): Promise<Applied> {
  const applied: Applied = { bodyWritten: false, writes: 0 };
  let background = 0;
  for (const [i, effect] of effects.entries()) {
    if (background >= BACKGROUND_SLICE && effects.slice(i).every(isBackground)) {
      // Only background writes are left (they come last): the rest continue as planned, after anything new.
      throw new EffectsWaiting(new RetryLaterError("background writes continue after new work, if any", 0), effects.slice(i), applied);
    }
    let outcome: string;
    try {
      outcome = await applyEffect(effect, ctx);
    } catch (error) {
      const rest = effects.slice(i);
      if (error instanceof RetryLaterError && rest.every(isBackground)) throw new EffectsWaiting(error, rest, applied);
      throw error;
    }
    if (effect.kind === "dashboard" && outcome === "written") applied.bodyWritten = true;
    if (outcome !== "unchanged" && outcome !== "skipped") {
      applied.writes++;
      if (isBackground(effect)) background++;
    }
  }
  return applied;
}

/**
 * Writes one effect; returns its outcome: "unchanged", "skipped" (courtesy spent), "written",
 * "ok", an issue number (created), or "failed:<status>" (a dependency GitHub would not hold).
 */
export async function applyEffect(effect: Effect, ctx: ApplyContext): Promise<string> {
  const { port, facts } = ctx;
  switch (effect.kind) {
    case "comment": {
      const window = facts.windows.get(effect.on);
      const existing = effect.existing ?? window?.comments.find((c) => c.viewerDidAuthor && c.body.startsWith(effect.marker))?.id ?? null;
      if (existing !== null) {
        if (!effect.update || window?.comments.find((c) => c.id === existing)?.body === effect.body) return "unchanged";
        if (!(await pay(ctx, effect.courtesy === true, effect.on))) return "skipped";
        await port.updateComment(target(effect.on).owner, target(effect.on).repo, existing, effect.body);
        const c = window?.comments.find((x) => x.id === existing);
        if (c) c.body = effect.body;
        return "written";
      }
      if (!(await pay(ctx, effect.courtesy === true, effect.on))) return "skipped";
      const { id } = await port.createComment(target(effect.on), effect.body);
      const at = ctx.now().toISOString();
      window?.comments.push({ id, on: effect.on, author: facts.self ?? "", authorType: "Bot", body: effect.body, createdAt: at, updatedAt: at, url: "", viewerDidAuthor: true });
      return "written";
    }
    case "labels": {
      const issue = issueIn(facts, effect.on);
      const present = lower(issue?.labels ?? []);
      const add = effect.add.filter((l) => !issue || !present.has(l.toLowerCase()));
      const remove = effect.remove.filter((l) => !issue || present.has(l.toLowerCase()));
      if (add.length === 0 && remove.length === 0) return "unchanged";
      const keep = (added: string[], removed: string[]) => {
        if (issue) issue.labels = [...issue.labels.filter((l) => !lower(removed).has(l.toLowerCase())), ...added];
      };
      const swap = add.length > 0 && remove.length > 0 && issue?.nodeId ? await labelIds(ctx, target(effect.on), [...add, ...remove]) : null;
      if (swap && issue?.nodeId) {
        // Both in one request, each change incremental: a label someone adds meanwhile stays.
        await ctx.spend(effect.background === true);
        await port.swapLabels(target(effect.on), issue.nodeId, add.map((l) => swap.get(l.toLowerCase()) ?? ""), remove.map((l) => swap.get(l.toLowerCase()) ?? ""));
        keep(add, remove);
        return "written";
      }
      if (add.length > 0) {
        await ctx.spend(effect.background === true);
        await port.addLabels(target(effect.on), add);
        keep(add, []);
      }
      for (const label of remove) {
        await ctx.spend(effect.background === true);
        await port.removeLabel(target(effect.on), label);
        keep([], [label]);
      }
      return "written";
    }
    case "assignees": {
      const issue = issueIn(facts, effect.on);
      const present = lower(issue?.assignees ?? []);
      const add = effect.add.filter((a) => !issue || !present.has(a.toLowerCase()));
      const remove = effect.remove.filter((a) => !issue || present.has(a.toLowerCase()));
      if (add.length > 0) {
        await ctx.spend();
        await port.addAssignees(target(effect.on), add);
      }
      if (remove.length > 0) {
        await ctx.spend();
        await port.removeAssignees(target(effect.on), remove);
      }
      if (issue) issue.assignees = [...issue.assignees.filter((a) => !lower(remove).has(a.toLowerCase())), ...add];
      return add.length + remove.length > 0 ? "written" : "unchanged";
    }
    case "blocked-by": {
      const issue = issueIn(facts, effect.on);
      await ctx.spend();
      if (!effect.present) {
        await port.removeBlockedBy(target(effect.on), effect.blockerId);
        if (issue) issue.blockedBy = issue.blockedBy.filter((b) => b !== effect.blocker);
        return "ok";
      }
      try {
        await port.addBlockedBy(target(effect.on), effect.blockerId);
      } catch (error) {
        // Dependencies GitHub will not hold (another organisation, the 50-per-issue limit, the
        // feature off on this server): the plan falls back to a line in the body.
        const status = (error as { status?: number }).status;
        if (status === undefined || !UNSUPPORTED.includes(status)) throw error;
        return `failed:${status}`;
      }
      if (issue && !issue.blockedBy.includes(effect.blocker)) issue.blockedBy.push(effect.blocker);
      return "ok";
    }
    case "issue-body": {
      const issue = issueIn(facts, effect.on);
      if (issue?.body === effect.body) return "unchanged";
      await ctx.spend();
      const kept = await port.updateIssueBody(target(effect.on), effect.body);
      if (issue) issue.body = kept;
      return "written";
    }
    case "close": {
      const issue = issueIn(facts, effect.on);
      if (issue?.state === "closed") return "unchanged";
      await ctx.spend();
      await port.closeIssue(target(effect.on));
      if (issue) {
        issue.state = "closed";
        issue.stateReason = "completed";
      }
      return "written";
    }
    case "create-issue": {
      await ctx.spend();
      const { number } = await port.createIssue(effect.owner, effect.repo, { title: effect.title, body: effect.body, labels: effect.labels });
      for (const label of effect.labels) facts.markers.set(markerKey(effect.owner, effect.repo, label, effect.marker), number);
      return String(number);
    }
    case "create-labels": {
      for (const spec of effect.labels) {
        await ctx.spend();
        await port.createLabel(effect.owner, effect.repo, spec);
      }
      return effect.labels.length > 0 ? "written" : "unchanged";
    }
    case "react": {
      if (!(await ctx.courtesy())) return "skipped";
      await port.react(target(effect.on).owner, target(effect.on).repo, effect.commentId, effect.content);
      return "written";
    }
    case "dashboard":
      return writeDashboard(effect, ctx);
  }
}

/**
 * The node ids of `names` in `ref`'s repository, or null when one is missing there (then REST,
 * which creates a missing label, does the work). One request per repository and run.
 */
async function labelIds(ctx: ApplyContext, ref: IssueRef, names: string[]): Promise<Map<string, string> | null> {
  const repo = `${ref.owner}/${ref.repo}`.toLowerCase();
  const unknown = names.filter((n) => !ctx.labelIds.has(`${repo} ${n.toLowerCase()}`));
  if (unknown.length > 0) {
    const found = await ctx.port.labelIds(ref.owner, ref.repo, unknown);
    for (const name of unknown) ctx.labelIds.set(`${repo} ${name.toLowerCase()}`, found.get(name) ?? null);
  }
  const ids = new Map<string, string>();
  for (const name of names) {
    const id = ctx.labelIds.get(`${repo} ${name.toLowerCase()}`);
    if (!id) return null;
    ids.set(name.toLowerCase(), id);
  }
  return ids;
}

/** Courtesy writes come out of their share and are skipped once it is spent; others are paid for. */
async function pay(ctx: ApplyContext, courtesy: boolean, on: RefKey): Promise<boolean> {
  if (!courtesy) {
    await ctx.spend();
    return true;
  }
  if (await ctx.courtesy()) return true;
  ctx.log.info({ on }, "courtesy budget spent: an answer to someone without permission is not written");
  return false;
}

/**
 * The coordination's body: the orchestrator's text with a fresh, sealed dashboard. GitHub has no
 * conditional write: when the run made other requests since its read (so time passed), the body
 * is read again and an orchestrator's edit made meanwhile is kept (the commands' Tracked-list
 * edits replayed on it). A body GitHub did not keep is tried once more with half the dashboard.
 */
async function writeDashboard(effect: Extract<Effect, { kind: "dashboard" }>, ctx: ApplyContext): Promise<string> {
  const { port, facts } = ctx;
  const coordination = target(effect.on);
  const onGitHub = splitBody(facts.coordination.body);
  let base = { before: onGitHub.before, after: onGitHub.after };
  let text = { before: effect.before, after: effect.after };
  if (ctx.calls() > 1) {
    const fresh = splitBody(await port.readBody(coordination));
    if (fresh.before !== onGitHub.before || fresh.after !== onGitHub.after) {
      base = { before: fresh.before, after: fresh.after };
      text = { before: applyTrackedEdits(fresh.before, effect.edits), after: fresh.after };
    }
  }
  const body = text.before + (onGitHub.dashboard ?? "") + text.after;
  const force = effect.force || text.before !== base.before || text.after !== base.after;
  const repo = homeOf(facts);
  // The orchestrator's own text counts against GitHub's limit too: the dashboard gets what is left.
  const room = Math.max(2_000, Math.min(DASHBOARD_MAX_CHARS, 65_000 - text.before.length - text.after.length));
  let maxChars = room;
  // The app's state comments, kept up to date across attempts (the second reuses what the first created).
  const parts = [...(effect.parts ?? [])];
  for (let attempt = 0; attempt < 2; attempt++) {
    const { block, finish } = await dashboardWithParts(effect.state, { now: ctx.now(), repo, maxChars: maxChars - SEAL_LINE_LENGTH }, coordination, parts, effect.stray ?? [], ctx);
    const next = replaceDashboard(body, sealBlock(block, ctx.seal));
    if (next === body && !force) return (await finish()) > 0 ? "written" : "unchanged";
    await ctx.spend();
    try {
      await port.updateIssueBody(coordination, next);
      facts.coordination.body = next;
      ctx.onBodyWritten?.({ coordination: effect.on, body: next, base: ctx.textDigest(base.before, base.after), edits: effect.edits });
      await finish();
      return "written";
    } catch (error) {
      if (!(error instanceof BodyNotKeptError) || attempt === 1) throw error;
      // GitHub kept the old body: the last good dashboard stays; try once more, much smaller.
      ctx.log.warn({ sent: next.length }, "GitHub kept the previous body; retrying with a smaller dashboard");
      maxChars = Math.floor(room / 2);
    }
  }
  return "unchanged";
}
