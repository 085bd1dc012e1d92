// The demo's engine: the real app (createApp from src/index.ts, loaded into a real Probot) against
// the simulated GitHub of test/fakes, in one process. Each scenario event is done on the
// simulated GitHub as a person would do it (a comment posted, an issue closed, a label added) and
// then delivered to Probot as GitHub delivers it: a webhook payload signed with the app's secret,
// verified by Probot (webhooks.verifyAndReceive) and handed to the app's listener. The app then
// queues, reads (GraphQL executed against GitHub's schema), plans and writes (REST and GraphQL) as
// in production; its Octokit reaches the simulated GitHub through an in-process `fetch`, so nothing
// leaves the process and no credential exists (the app's private key is made for the run).
import { createHmac, generateKeyPairSync, randomBytes } from "node:crypto";
import pino from "pino";
import { Probot, ProbotOctokit } from "probot";
import type { Coordinator } from "../src/app/coordinator.js";
import { createApp, type Running } from "../src/index.js";
import { FakeGitHubServer, type Recorded } from "../test/fakes/github-server.js";
import { BOT_LOGIN, GitHubWorld, type WorldComment, type WorldIssue } from "../test/fakes/github-world.js";
import { ScenarioError, type IssueName, type Scenario, type ScenarioEvent } from "./scenario.js";

/** GitHub Enterprise's API shape on a host that cannot resolve: only the in-process fetch answers it. */
const BASE_URL = "http://github.invalid/api/v3";
const INSTALLATION_ID = 1;

/**
 * Probot's Octokit without the pacing and retries meant for github.com (a second between writes,
 * three between comments): the simulated GitHub has no limits to respect and never fails.
 */
const DemoOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));

export interface EventOutcome {
  index: number;
  event: ScenarioEvent;
  /** What happened, in words (the scenario's `say`, or a description of the action). */
  line: string;
  /** What the app wrote in answer, in words (`dashboard updated`, `unblock notice on #973`, …). */
  effects: string[];
  /** GitHub requests the app made for this event (reads and writes). */
  requests: number;
}

export interface DemoResult {
  scenario: Scenario;
  world: GitHubWorld;
  outcomes: EventOutcome[];
  /** The app's log, as JSON lines. */
  log: string[];
  /** Log lines at warn level or above. */
  problems: string[];
}

export interface DemoHooks {
  /** Before each event (the --step pause waits here). */
  before?: (index: number, event: ScenarioEvent, line: string) => Promise<void> | void;
  /** After the app has finished with each event. */
  after?: (outcome: EventOutcome, total: number) => void;
}

function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** What an event does, in words. */
export function describeEvent(event: ScenarioEvent, resolve: (name: IssueName) => string): string {
  const a = event.action;
  const who = event.by;
  switch (a.kind) {
    case "comment": {
      const first = a.body.split("\n").find((l) => l.trim() !== "") ?? "";
      return `${who} comments on ${resolve(a.on)}: ${clip(first.replace(/^#+\s*/, ""), 60)}`;
    }
    case "editComment":
      return `${who} edits their comment "${a.name}"`;
    case "close":
      return `${who} closes ${resolve(a.on)}${a.reason === "not_planned" ? " as not planned" : ""}`;
    case "reopen":
      return `${who} reopens ${resolve(a.on)}`;
    case "label":
      return `${who} adds the label ${a.label} to ${resolve(a.on)}`;
    case "unlabel":
      return `${who} removes the label ${a.label} from ${resolve(a.on)}`;
    case "open":
      return `${who} opens an issue: ${clip(a.issue.title, 60)}`;
    case "editBody":
      return `${who} edits the description of ${resolve(a.on)}`;
  }
}

/** The kind of comment the app wrote, from its hidden marker. */
function commentKind(body: string): string {
  const marker = /^<!-- coordinator:([a-z-]+)/.exec(body)?.[1];
  switch (marker) {
    case "unblocked":
      return "unblock notice";
    case "unblocked-summary":
      return "unblock summary";
    case "synthesis":
      return "Team Status";
    case "commands":
      return "command reply";
    case "gate-decision":
      return "gate decision";
    case "urgent":
      return "urgent alert";
    case "refusal":
      return "refusal";
    default:
      return "reply";
  }
}

/** `+ready #974`, `-blocked #974`, … grouped by change: `+ready #974 #975 -blocked #974 #975`; long lists counted. */
function groupLabels(changes: string[]): string {
  const groups = new Map<string, string[]>();
  for (const change of changes) {
    const [op = "", issue = ""] = change.split(" ");
    groups.set(op, [...(groups.get(op) ?? []), issue]);
  }
  return [...groups]
    .map(([op, issues]) => (issues.length <= 5 ? `${op} ${issues.join(" ")}` : `${op} on ${issues.length} issues (${issues[0]} … ${issues.at(-1)})`))
    .join(" ");
}

/** The app's writes among `requests`, in words; label swaps made by GraphQL come from `mutations`. */
function effectsOf(requests: Recorded[], mutations: string[], world: GitHubWorld, coordination: number): string[] {
  const effects: string[] = [];
  const labels: string[] = [...mutations];
  let created = 0;
  for (const r of requests) {
    const body = (r.body ?? {}) as Record<string, unknown>;
    let m: RegExpMatchArray | null;
    if (r.method === "PATCH" && (m = r.path.match(/\/issues\/(\d+)$/))) {
      const n = Number(m[1]);
      if (typeof body.body === "string") effects.push(n === coordination ? "dashboard updated" : `description of #${n} updated`);
      if (body.state === "closed") effects.push(`#${n} closed`);
    } else if (r.method === "POST" && (m = r.path.match(/\/issues\/(\d+)\/comments$/))) {
      effects.push(`${commentKind(String(body.body ?? ""))} on #${m[1]}`);
    } else if (r.method === "PATCH" && r.path.match(/\/issues\/comments\/(\d+)$/)) {
      effects.push(`${commentKind(String(body.body ?? ""))} edited`);
    } else if (r.method === "POST" && r.path.endsWith("/reactions")) {
      effects.push(body.content === "eyes" ? "👀" : `reaction ${String(body.content)}`);
    } else if (r.method === "POST" && /\/repos\/[^/]+\/[^/]+\/issues$/.test(r.path)) {
      const issue = [...world.issues.values()].find((i) => i.title === body.title && i.author === BOT_LOGIN);
      effects.push(`opened #${issue?.number ?? "?"} "${clip(String(body.title ?? ""), 40)}"`);
    } else if (r.method === "POST" && (m = r.path.match(/\/issues\/(\d+)\/labels$/))) {
      for (const l of (body.labels as string[] | undefined) ?? []) labels.push(`+${l} #${m[1]}`);
    } else if (r.method === "DELETE" && (m = r.path.match(/\/issues\/(\d+)\/labels\/(.+)$/))) {
      labels.push(`-${m[2]} #${m[1]}`);
    } else if (r.method === "POST" && /\/repos\/[^/]+\/[^/]+\/labels$/.test(r.path)) {
      created += 1;
    } else if ((m = r.path.match(/\/issues\/(\d+)\/assignees$/))) {
      effects.push(`assignees of #${m[1]} ${r.method === "POST" ? "added" : "removed"}`);
    } else if ((m = r.path.match(/\/issues\/(\d+)\/dependencies\/blocked_by/))) {
      effects.push(`dependency of #${m[1]} ${r.method === "POST" ? "added" : "removed"}`);
    }
  }
  if (created > 0) effects.push(`${created} label${created === 1 ? "" : "s"} created`);
  if (labels.length > 0) effects.push(`labels ${groupLabels(labels)}`);
  return effects;
}

/** The payload parts GitHub sends that the app reads. */
function issuePayload(issue: WorldIssue) {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state.toLowerCase(),
    labels: issue.labels.map((name) => ({ name })),
    assignees: issue.assignees.map((login) => ({ login })),
    user: { login: issue.author ?? "ghost", type: "User" },
  };
}

function association(permission: string | undefined): string {
  return ["write", "maintain", "admin"].includes(permission ?? "") ? "COLLABORATOR" : "NONE";
}

export class DemoRun {
  readonly world: GitHubWorld;
  readonly github: FakeGitHubServer;
  private clock: Date;
  private probot: Probot | null = null;
  private coordinator: Coordinator | null = null;
  private running: Running | null = null;
  private readonly secret = randomBytes(16).toString("hex");
  private readonly comments = new Map<string, { issue: WorldIssue; comment: WorldComment }>();
  private deliveries = 0;
  readonly log: string[] = [];

  constructor(readonly scenario: Scenario) {
    const world = new GitHubWorld(scenario.owner, scenario.repo);
    this.clock = scenario.start;
    world.clock = () => this.clock;
    for (const [login, permission] of scenario.people) world.permissions.set(login.toLowerCase(), permission);
    for (const [team, members] of scenario.teams) world.teams.set(team.toLowerCase(), members);
    if (scenario.config !== null) world.files.set(`${scenario.owner}/${scenario.repo}/.github/coordinator.yml`.toLowerCase(), scenario.config);
    const at = scenario.start.toISOString();
    for (const i of scenario.issues) {
      world.addIssue({
        number: i.number,
        title: i.title,
        body: i.body,
        state: i.state === "closed" ? "CLOSED" : "OPEN",
        stateReason: i.state === "closed" ? (i.reason === "not_planned" ? "NOT_PLANNED" : "COMPLETED") : null,
        closedAt: i.state === "closed" ? at : null,
        labels: [...i.labels],
        labelEvents: i.labels.map((label) => ({ label, actor: i.author ?? scenario.owner, at })),
        assignees: [...i.assignees],
        blockedBy: [...i.blockedBy],
        subIssues: [...i.subIssues],
        author: i.author ?? scenario.owner,
        createdAt: at,
      });
    }
    this.world = world;
    this.github = new FakeGitHubServer(world);
  }

  /** Starts the app: a real Probot with the app loaded, its GitHub the simulated one. */
  async start(): Promise<void> {
    const sink = { write: (line: string) => void this.log.push(line.trimEnd()) };
    const log = pino({ level: "info" }, sink);
    const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    this.probot = new Probot({ appId: 1, privateKey, secret: this.secret, baseUrl: BASE_URL, request: { fetch: this.github.fetch }, Octokit: DemoOctokit, log });
    await this.probot.load(
      createApp({
        // A fixed key: the demo has no secret to keep, and its output is the same on every run.
        stateKey: "coordinator demo: the state seal key of a simulated GitHub",
        now: () => this.clock,
        // One process in memory, whatever REDIS_URL the environment has: the demo needs nothing outside.
        redisUrl: "",
        scheduler: false,
        processMetrics: false,
        onReady: (c, _s, r) => {
          this.coordinator = c;
          this.running = r;
        },
      }),
    );
    if (!this.coordinator) throw new Error("the app did not start");
  }

  /** `#973`, or the issue `#{Title}` names now. */
  resolve(name: IssueName): number {
    if (typeof name === "number") return name;
    const title = name.slice(2, -1);
    const found = [...this.world.issues.values()].find((i) => i.owner === this.scenario.owner && i.repo === this.scenario.repo && i.title === title);
    if (!found) throw new Error(`no issue is titled "${title}" at this point of the scenario`);
    return found.number;
  }

  /** Text with each `#{Title}` replaced by that issue's `#N`. */
  private fill(text: string): string {
    return text.replace(/#\{([^}]+)\}/g, (placeholder) => `#${this.resolve(placeholder)}`);
  }

  /** The line an event prints (placeholders resolved when their issue exists). */
  describe(event: ScenarioEvent): string {
    return event.say ?? describeEvent(event, (name) => {
      try {
        return `#${this.resolve(name)}`;
      } catch {
        return String(name);
      }
    });
  }

  /** Does the event on the simulated GitHub, delivers its webhook and waits until the app is idle. */
  async play(index: number, event: ScenarioEvent): Promise<EventOutcome> {
    const coordinator = this.coordinator;
    if (!coordinator) throw new Error("start() first");
    this.clock = event.at;
    const line = this.describe(event);
    const before = this.github.requests.length;
    this.world.mutations = [];
    const [name, payload] = this.perform(event);
    await this.deliver(name, payload);
    await coordinator.idle();
    const requests = this.github.requests.slice(before);
    return { index, event, line, effects: effectsOf(requests, this.world.mutations, this.world, this.scenario.coordination), requests: requests.length };
  }

  /** Runs every event in order. */
  async run(hooks: DemoHooks = {}): Promise<DemoResult> {
    await this.start();
    const outcomes: EventOutcome[] = [];
    const events = this.scenario.events;
    try {
      for (const [i, event] of events.entries()) {
        await hooks.before?.(i, event, this.describe(event));
        let outcome: EventOutcome;
        try {
          outcome = await this.play(i, event);
        } catch (error) {
          // A scenario that names what is not there (an issue, a title) stops at that event, saying where.
          throw new ScenarioError(`events[${i}] (${this.describe(event)}): ${(error as Error).message}`);
        }
        outcomes.push(outcome);
        hooks.after?.(outcome, events.length);
      }
    } finally {
      await this.running?.drain();
    }
    const problems = this.log.filter((l) => {
      try {
        return ((JSON.parse(l) as { level?: number }).level ?? 0) >= 40;
      } catch {
        return false;
      }
    });
    return { scenario: this.scenario, world: this.world, outcomes, log: this.log, problems };
  }

  private repository() {
    return { id: 1, name: this.scenario.repo, full_name: `${this.scenario.owner}/${this.scenario.repo}`, owner: { login: this.scenario.owner, type: "Organization" }, default_branch: "main" };
  }

  /** A signed delivery, verified and dispatched by Probot as its webhook endpoint does. */
  private async deliver(name: string, payload: Record<string, unknown>): Promise<void> {
    const probot = this.probot;
    if (!probot) throw new Error("start() first");
    this.deliveries += 1;
    const body = JSON.stringify({ ...payload, repository: this.repository(), installation: { id: INSTALLATION_ID } });
    const signature = `sha256=${createHmac("sha256", this.secret).update(body).digest("hex")}`;
    await probot.webhooks.verifyAndReceive({ id: `demo-${this.deliveries}`, name, payload: body, signature });
  }

  /** Changes the simulated GitHub as the event's person would; returns the webhook GitHub sends for it. */
  private perform(event: ScenarioEvent): [string, Record<string, unknown>] {
    const w = this.world;
    const a = event.action;
    const at = event.at.toISOString();
    const sender = { login: event.by, type: event.by.endsWith("[bot]") ? "Bot" : "User" };
    const permission = w.permissions.get(event.by.toLowerCase());
    switch (a.kind) {
      case "comment": {
        const issue = w.issue(this.resolve(a.on));
        const comment = w.addComment(issue.number, event.by, this.fill(a.body), at, sender.type as "User" | "Bot");
        if (a.name !== null) this.comments.set(a.name, { issue, comment });
        return ["issue_comment", { action: "created", issue: issuePayload(issue), comment: this.commentPayload(comment, permission), sender }];
      }
      case "editComment": {
        const found = this.comments.get(a.name);
        if (!found) throw new Error(`no comment named "${a.name}"`);
        const from = found.comment.body;
        found.comment.body = this.fill(a.body);
        found.comment.updatedAt = at;
        found.comment.editor = event.by;
        return ["issue_comment", { action: "edited", issue: issuePayload(found.issue), comment: this.commentPayload(found.comment, permission), changes: { body: { from } }, sender }];
      }
      case "close": {
        const issue = w.issue(this.resolve(a.on));
        Object.assign(issue, { state: "CLOSED", stateReason: a.reason === "not_planned" ? "NOT_PLANNED" : "COMPLETED", closedAt: at });
        return ["issues", { action: "closed", issue: issuePayload(issue), sender }];
      }
      case "reopen": {
        const issue = w.issue(this.resolve(a.on));
        Object.assign(issue, { state: "OPEN", stateReason: "REOPENED", closedAt: null });
        return ["issues", { action: "reopened", issue: issuePayload(issue), sender }];
      }
      case "label": {
        const issue = w.issue(this.resolve(a.on));
        w.addLabel(issue.number, a.label, event.by, at);
        return ["issues", { action: "labeled", issue: issuePayload(issue), label: { name: a.label }, sender }];
      }
      case "unlabel": {
        const issue = w.issue(this.resolve(a.on));
        issue.labels = issue.labels.filter((l) => l !== a.label);
        return ["issues", { action: "unlabeled", issue: issuePayload(issue), label: { name: a.label }, sender }];
      }
      case "open": {
        const numbers = [...w.issues.values()].filter((i) => i.owner === this.scenario.owner && i.repo === this.scenario.repo).map((i) => i.number);
        const number = a.issue.number ?? Math.max(0, ...numbers) + 1;
        if (numbers.includes(number)) throw new Error(`#${number} already exists`);
        const issue = w.addIssue({
          number,
          title: a.issue.title,
          body: this.fill(a.issue.body),
          labels: [...a.issue.labels],
          labelEvents: a.issue.labels.map((label) => ({ label, actor: event.by, at })),
          assignees: [...a.issue.assignees],
          blockedBy: [...a.issue.blockedBy],
          subIssues: [...a.issue.subIssues],
          author: event.by,
          createdAt: at,
        });
        return ["issues", { action: "opened", issue: issuePayload(issue), sender }];
      }
      case "editBody": {
        const issue = w.issue(this.resolve(a.on));
        const from = issue.body;
        issue.body = this.fill(a.body);
        return ["issues", { action: "edited", issue: issuePayload(issue), changes: { body: { from } }, sender }];
      }
    }
  }

  private commentPayload(comment: WorldComment, permission: string | undefined) {
    return {
      id: comment.id,
      body: comment.body,
      user: { login: comment.author, type: comment.authorType },
      performed_via_github_app: null,
      author_association: association(permission),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
    };
  }
}

/** Runs a scenario from start to end. */
export async function runDemo(scenario: Scenario, hooks: DemoHooks = {}): Promise<DemoResult> {
  return new DemoRun(scenario).run(hooks);
}
