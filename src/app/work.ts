// Units of queued work and how bursts of them fold into one.
import type { RepoEvent } from "../handlers/normalize.js";
import type { RefKey } from "../domain/types.js";

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
    return {
      ...newer,
      hintBody: newer.hintBody ?? older.hintBody,
      touched: union(older.touched, newer.touched),
      changed: union(older.changed, newer.changed),
      deleted: union(older.deleted, newer.deleted),
      authors: union(older.authors, newer.authors),
      commands: [...older.commands, ...newer.commands.filter((c) => !older.commands.some((o) => o.commentId === c.commentId))],
      setup: older.setup || newer.setup,
      synthesize: older.synthesize || newer.synthesize,
      gates: union(older.gates, newer.gates),
      labellers: union(older.labellers, newer.labellers),
      restore: newer.restore ?? older.restore,
      deliveries: union(older.deliveries, newer.deliveries).slice(-50),
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
