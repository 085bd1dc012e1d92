// One run for one coordination issue: read what the plan needs, plan (pure), apply; one log line.
//
//   read the coordination (one GraphQL request: its body, comments, sub-issues, the issues its
//   last state block named, the people to judge)
//   loop: plan → needs more? read it (or write what the rest depends on), plan again
//   apply the plan's effects, each compared with what GitHub has
import type { Logger } from "pino";
import { renderConfigProblems } from "../config-notice.js";
import type { Config, ConfigProblem } from "../config-schema.js";
import { parseState, splitBody } from "../domain/dashboard.js";
import { fnv1a } from "../domain/hash.js";
import { refKey, type RepoContext } from "../domain/refs.js";
import { configMarker } from "../domain/replies.js";
import { effectKey, type Effect } from "../domain/effects.js";
import { homeOf, markerKey, permissionKey, teamKey, type IssueRead, type Needs, type RunFacts } from "../domain/run/facts.js";
import { planRun, type RunWork } from "../domain/run/plan.js";
import type { Sealer } from "../domain/seal.js";
import { toRefs, trackedRefs } from "../domain/tracking.js";
import type { IssueRef, ParsedComment, RawComment, RefKey } from "../domain/types.js";
import type { AppIdentity } from "../github/app-port.js";
import { RetryLaterError, type CoordinationRead, type GitHubPort } from "../github/port.js";
import type { ContentBudget } from "../queue/write-budget.js";
import { applyEffect, applyEffects, EffectsWaiting, type ApplyContext, type BodyWrite } from "./apply.js";
import { labelSpecs } from "./labels.js";
import { runPort } from "./run-port.js";
import type { CoordinationWork, Resume } from "./queued-work.js";

/** Plans a run may make before it must have settled (reads, then writes whose outcome it needs). */
const MAX_PLANS = 16;

export interface RunDeps {
  port: GitHubPort;
  /** Seals the state block with the app's key, and checks the last one. */
  seal: Sealer;
  /** Who the app is (asked of GitHub once per process, only when needed). */
  identity: () => Promise<AppIdentity>;
  /** Told of every body write: what was written, on which text, with which Tracked-list edits. */
  onBodyWritten?: (write: BodyWrite) => void;
  /** Parses a comment (memoised across runs by the Coordinator). */
  parse?: (comment: RawComment, context: RepoContext) => ParsedComment;
  config: Config;
  configProblems: ConfigProblem[];
  budget: ContentBudget;
  now: () => Date;
  log: Logger;
}

export interface RunOutcome {
  skipped?: string;
  bodyWritten: boolean;
  writes: number;
  replies: number;
  notifications?: number;
  unblocked?: number;
  labelChanges?: number;
  synthesized?: boolean;
  tracked: number;
  reports: number;
  /** Plans made: 1 when the first read was enough (0: a resumed run, which plans nothing). */
  plans: number;
  /** Effects a resumed run took up from an earlier run's plan. */
  resumed?: number;
}

/** A digest of the orchestrator's text around the dashboard (what a body write was based on). */
export function textDigest(before: string, after: string): string {
  return fnv1a(`${before}\u0000${after}`);
}

/** A run's background writes (a fan-out's labels) left waiting for budget: the queue resumes them later. */
export class Deferred extends RetryLaterError {
  constructor(
    cause: RetryLaterError,
    readonly resume: Resume,
  ) {
    super(cause.message, cause.retryAfterMs);
    this.name = "Deferred";
  }
}

export async function runCoordination(work: CoordinationWork, deps: RunDeps): Promise<RunOutcome> {
  const { config, budget } = deps;
  const coordination: IssueRef = { owner: work.owner, repo: work.repo, number: work.number };
  const installation = String(work.installationId);
  // The clock is read once: one run, one "now".
  const now = deps.now();
  // The budget counts each write when it is made (a long run's writes are spread over minutes):
  // the clock is read again here, unlike for the run's decisions.
  const spend = async (background = false) => {
    const wait = await budget.take(installation, deps.now().getTime(), background);
    if (wait > 0) throw new RetryLaterError(`content write budget spent for this installation${background ? " (background share)" : ""}`, wait);
  };
  const courtesy = async () => budget.takeCourtesy(installation, deps.now().getTime());
  // Issues of repositories this coordination may not show come back redacted, whoever reads them.
  const { port, calls } = runPort(deps.port, { owner: work.owner, repo: work.repo }, config.labels.gate);
  const context = (facts: RunFacts, labelIds: Map<string, string | null>) => ({
    port, facts, spend, courtesy, now: () => now, log: deps.log, seal: deps.seal, calls, textDigest, labelIds,
    ...(deps.onBodyWritten ? { onBodyWritten: deps.onBodyWritten } : {}),
  });
  // Effects are applied; those left waiting for budget come back as a Deferred carrying them.
  const applyAll = async (effects: readonly Effect[], ctx: ApplyContext) => {
    try {
      return await applyEffects(effects, ctx);
    } catch (error) {
      if (error instanceof EffectsWaiting) throw new Deferred(error, { effects: error.rest, facts: ctx.facts, labelIds: ctx.labelIds });
      throw error;
    }
  };

  if (work.resume) {
    // A fan-out's labels, planned by an earlier run: written as planned, nothing read again.
    const applied = await applyAll(work.resume.effects, context(work.resume.facts, work.resume.labelIds));
    return { bodyWritten: false, writes: applied.writes, replies: 0, tracked: 0, reports: 0, plans: 0, resumed: work.resume.effects.length };
  }

  const hint = knownFromHint(coordination, work.hintBody);
  // Command authors and label senders are asked about in the first read: a live answer, no extra request.
  const commanders = [...work.commands.map((c) => c.login), ...work.labellers].map((l) => l.toLowerCase());
  const unlisted = (login: string) => !config.workers.some((w) => w.replace(/^@/, "").toLowerCase() === login);
  const logins = [...new Set([...work.authors.map((l) => l.toLowerCase()), ...commanders])].filter((l) => unlisted(l) || commanders.includes(l));
  const read = await port.readCoordination({
    coordination,
    known: toRefs(hint.known),
    touched: toRefs(work.touched),
    watched: toRefs(hint.blocked),
    logins,
    gates: toRefs([...new Set([...work.gates, ...hint.gates])]),
    labels: [config.labels.blocked, config.labels.ready],
    parts: hint.parts,
  });
  const facts = factsFrom(read, coordination);

  const runWork: RunWork = { changed: work.changed, deleted: work.deleted, commands: work.commands, setup: work.setup, synthesize: work.synthesize, restore: work.restore };
  const options = {
    config,
    now,
    seal: deps.seal,
    labelSpecs: labelSpecs(config),
    configNotice: configNotice(deps.configProblems),
    ...(deps.parse ? { parse: deps.parse } : {}),
    textDigest,
  };
  // Label ids of the coordination's repository came with the read; others are asked when needed.
  const home = `${work.owner}/${work.repo}`.toLowerCase();
  const apply = context(facts, new Map([...(read.labelIds ?? new Map<string, string | null>())].map(([name, id]) => [`${home} ${name.toLowerCase()}`, id])));
  let graphRounds = 0;
  for (let plans = 1; plans <= MAX_PLANS; plans++) {
    const plan = planRun(facts, runWork, options, graphRounds);
    if (plan.kind === "done") {
      const applied = await applyAll(plan.effects, apply);
      return { ...plan.summary, bodyWritten: applied.bodyWritten, writes: applied.writes, plans };
    }
    if (plan.graph) graphRounds++;
    deps.log.debug({ needs: describeNeeds(plan.needs) }, "the plan needs more");
    await fulfil(plan.needs, facts, port, deps, async (effect) => applyEffect(effect, apply));
  }
  throw new Error(`the run's plan still needed more after ${MAX_PLANS} rounds`);
}

/** The facts of a run's first read. */
export function factsFrom(read: CoordinationRead, coordination: IssueRef): RunFacts {
  const issues = new Map(read.issues);
  for (const sub of read.subIssues) issues.set(sub.ref, sub);
  return {
    coordination: { ...read.coordination, ref: refKey(coordination) },
    issues,
    subIssues: read.subIssues,
    windows: new Map(read.windows.map((w) => [w.on, w])),
    permissions: read.permissions,
    repoPermissions: new Map(),
    teams: new Map(),
    repoLabels: new Map(),
    self: undefined,
    markers: new Map(),
    outcomes: new Map(),
    refreshed: false,
    gatesRead: new Set(),
    ...(read.parts ? { parts: new Map(read.parts) } : {}),
  };
}

/** Reads (and early writes) what the plan asked for, into the facts. */
async function fulfil(needs: Needs, facts: RunFacts, port: GitHubPort, deps: RunDeps, write: (effect: Parameters<typeof applyEffect>[0]) => Promise<string>): Promise<void> {
  // Issues in as few requests as their shapes allow (comments to read, gate fields).
  const groups = new Map<string, IssueRead[]>();
  for (const r of needs.reads.values()) {
    const key = `${r.comments} ${r.gate}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const group of groups.values()) {
    const [first] = group;
    if (!first) continue;
    const more = await port.readIssues(toRefs(group.map((r) => r.ref)), first.comments, { gates: first.gate });
    for (const [k, v] of more.issues) facts.issues.set(k, v);
    for (const w of more.windows) {
      const had = facts.windows.get(w.on);
      if (!had || w.comments.length >= had.comments.length) facts.windows.set(w.on, w);
    }
    if (first.gate) for (const r of group) facts.gatesRead.add(r.ref);
  }
  if (needs.refresh) facts.refreshed = true;
  const home = homeOf(facts);
  for (const key of needs.permissions) {
    const [repo = "", login = ""] = key.split(" ");
    const [owner = "", name = ""] = repo.split("/");
    const permission = await port.permission(owner, name, login);
    if (owner === home.owner && name === home.repo) facts.permissions.set(login, permission);
    else facts.repoPermissions.set(permissionKey(owner, name, login), permission);
  }
  for (const key of needs.teams) {
    const [team = "", login = ""] = key.split(" ");
    const [org = "", slug = ""] = team.split("/");
    facts.teams.set(teamKey(org, slug, login), await port.isTeamMember(org, slug, login));
  }
  for (const repo of needs.labels) {
    const [owner = "", name = ""] = repo.split("/");
    facts.repoLabels.set(repo, await port.listLabels(owner, name));
  }
  for (const m of needs.markers.values()) {
    facts.markers.set(markerKey(m.owner, m.repo, m.label, m.marker), await port.findIssueByMarker(m.owner, m.repo, m.label, m.marker));
  }
  if (needs.parts.size > 0) facts.parts = new Map([...(facts.parts ?? []), ...(await port.readParts([...needs.parts]))]);
  if (needs.self) facts.self = (await deps.identity()).login;
  for (const effect of needs.effects) facts.outcomes.set(effectKey(effect), await write(effect));
}

/** What a plan asked for, in a few words (debug logs). */
function describeNeeds(needs: Needs): Record<string, unknown> {
  return {
    reads: [...needs.reads.values()].map((r) => `${r.ref}${r.comments > 0 ? ` +${r.comments} comments` : ""}${r.gate ? " (gate)" : ""}`).slice(0, 20),
    permissions: [...needs.permissions],
    teams: [...needs.teams],
    labels: [...needs.labels],
    markers: needs.markers.size,
    writes: needs.effects.map((e) => e.kind),
    self: needs.self,
    refresh: needs.refresh,
    parts: needs.parts.size,
  };
}

/** One notice per distinct set of configuration problems, found again by its marker. */
function configNotice(problems: readonly ConfigProblem[]): { marker: string; body: string } | null {
  if (problems.length === 0) return null;
  const marker = configMarker(fnv1a(JSON.stringify(problems)));
  return { marker, body: `${marker}\n${renderConfigProblems(problems)}` };
}

/**
 * What the body an event carried says: the issues its state block and text track (read in the
 * first request), those it showed blocked (their comments too: they may be owed a notice), its
 * gates (read with who added their labels), and its state comments (read by node id, so a large
 * coordination's complete state costs no request of its own). A hint only: nothing here is trusted.
 */
function knownFromHint(coordination: IssueRef, body: string | null): { known: RefKey[]; blocked: RefKey[]; gates: RefKey[]; parts: string[] } {
  if (body === null) return { known: [], blocked: [], gates: [], parts: [] };
  const { before, after } = splitBody(body);
  const state = parseState(body);
  const fromText = trackedRefs({ coordination, orchestratorText: `${before}\n\n${after}`, subIssues: [], reports: [], edges: [] });
  return {
    known: [...new Set([...fromText, ...(state?.issues.map((i) => i.ref) ?? [])])],
    blocked: (state?.issues ?? []).filter((i) => i.status === "blocked").map((i) => i.ref),
    gates: (state?.gates ?? []).map((g) => g.ref),
    parts: (state?.parts ?? []).map((p) => p.node),
  };
}
