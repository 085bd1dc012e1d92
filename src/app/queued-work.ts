// Units of queued work and how bursts of them fold into one.
import type { RepoEvent } from "../handlers/normalize.js";
import type { RefKey } from "../domain/types.js";
import type { Effect } from "../domain/effects.js";
import type { RunFacts } from "../domain/run/facts.js";

/**
 * Background writes an earlier run planned and the budget held back (a fan-out's labels): applied
 * as planned when budget frees, on the facts that run read. Effects are idempotent, so applying
 * one twice, or after a newer run, writes nothing wrong.
 */
export interface Resume {
  effects: Effect[];
  facts: RunFacts;
  /** Label node ids the run already looked up. */
  labelIds: Map<string, string | null>;
}

/** Everything one run for a coordination issue must take into account. */
export interface CoordinationWork {
  kind: "coordination";
  installationId: number;
  owner: string;
  repo: string;
  number: number;
  /** The coordination's body as the latest event carried it: a hint of what it tracks. */
  hintBody: string | null;
  /** Issues whose comments changed: their latest comments are read. */
  touched: RefKey[];
  /** Comment ids created or edited: they may be owed a reply. */
  changed: number[];
  deleted: number[];
  /** Logins whose right to report is asked of GitHub in the same read. */
  authors: string[];
  /** Comments with slash commands to run (or re-run, after an edit): which, where, by whom. */
  commands: Array<{ commentId: number; on: RefKey; login: string }>;
  /** The coordination was just created: ensure the labels exist. */
  setup: boolean;
  /** Post (or update) today's Team Status: the scheduler, the HTTP endpoint or `/synthesize`. */
  synthesize: boolean;
  /** Gates whose approval labels changed: read with who added their labels, in the first request. */
  gates: RefKey[];
  /** Who changed those labels, by the webhooks: their permission is asked in the first request too. */
  labellers: string[];
  /**
   * An orchestrator's edit one of our writes overwrote: put `before`/`after` back, if the text is
   * still what we wrote (`expected`, a textDigest); a newer edit by a person wins.
   */
  restore: { before: string; after: string; expected: string } | null;
  /** Set only on the work the queue retries after a Deferred: nothing to read, only these writes. */
  resume?: Resume;
  deliveries: string[];
}

/** Events for one repository, waiting to be routed to the coordinations they concern. */
export interface RouteWork {
  kind: "route";
  installationId: number;
  owner: string;
  repo: string;
  events: RepoEvent[];
}

export type Work = CoordinationWork | RouteWork;

const union = <T>(a: T[], b: T[]): T[] => [...new Set([...a, ...b])];

export function mergeWork(older: Work, newer: Work): Work {
  if (older.kind === "route" && newer.kind === "route") {
    return { ...newer, events: [...older.events, ...newer.events] };
  }
  if (older.kind === "coordination" && newer.kind === "coordination") {
    if (older.resume && newer.resume) return newer;
    // Anything else is a full run, which plans the waiting writes again from what it reads.
    const { resume: _o, ...o } = older;
    const { resume: _n, ...n } = newer;
    return {
      ...n,
      hintBody: n.hintBody ?? o.hintBody,
      touched: union(o.touched, n.touched),
      changed: union(o.changed, n.changed),
      deleted: union(o.deleted, n.deleted),
      authors: union(o.authors, n.authors),
      commands: [...o.commands, ...n.commands.filter((c) => !o.commands.some((x) => x.commentId === c.commentId))],
      setup: o.setup || n.setup,
      synthesize: o.synthesize || n.synthesize,
      gates: union(o.gates, n.gates),
      labellers: union(o.labellers, n.labellers),
      restore: n.restore ?? o.restore,
      deliveries: union(o.deliveries, n.deliveries).slice(-50),
    };
  }
  // Keys separate kinds, so this is unreachable; keep the newest rather than lose it.
  return newer;
}

export function workKey(work: Work): string {
  return work.kind === "route"
    ? `route:${work.installationId}:${work.owner}/${work.repo}`.toLowerCase()
    : `coord:${work.installationId}:${work.owner}/${work.repo}#${work.number}`.toLowerCase();
}

export function emptyCoordinationWork(installationId: number, owner: string, repo: string, number: number): CoordinationWork {
  return {
    kind: "coordination",
    installationId,
    owner,
    repo,
    number,
    hintBody: null,
    touched: [],
    changed: [],
    deleted: [],
    authors: [],
    commands: [],
    setup: false,
    synthesize: false,
    gates: [],
    labellers: [],
    restore: null,
    deliveries: [],
  };
}
