// States and their parts for the tests of the Team Status and the Go/No-Go rule.
import { emptyState } from "../../src/domain/state.js";
import { renderSynthesis, type SynthesisInput } from "../../src/domain/synthesis.js";
import type { CoordinationState, StateIssue, StateReport, StateUrgent, StateWorker } from "../../src/domain/types.js";

export const REPO = { owner: "acme", repo: "app" };
export const NOW = new Date("2025-11-18T09:00:00.000Z");
export const HOUR = 3_600_000;
export const ago = (hours: number): string => new Date(NOW.getTime() - hours * HOUR).toISOString();
export const key = (n: number): string => `acme/app#${n}`;

export function issue(n: number, over: Partial<StateIssue> = {}): StateIssue {
  return {
    ref: key(n),
    number: n,
    title: `Task ${n}`,
    state: "open",
    stateReason: null,
    status: "ready",
    blockedBy: [],
    assignees: [],
    worker: null,
    estimateMinutes: null,
    wave: null,
    urgent: false,
    ...over,
  };
}

export function done(n: number, over: Partial<StateIssue> = {}): StateIssue {
  return issue(n, { status: "done", state: "closed", stateReason: "completed", ...over });
}

let nextId = 1000;
export function report(over: Partial<StateReport> = {}): StateReport {
  nextId += 1;
  return {
    commentId: nextId,
    on: key(977),
    url: `https://github.com/acme/app/issues/977#issuecomment-${nextId}`,
    author: "agent-3",
    at: ago(1),
    kind: "report",
    worker: "3",
    phase: "",
    issue: key(972),
    status: "in_progress",
    durationMinutes: null,
    blockers: [],
    created: [],
    summary: "",
    ...over,
  };
}

export function standup(over: Partial<StateReport> = {}): StateReport {
  return report({ kind: "standup", status: null, phase: "", ...over });
}

export function worker(id: string, over: Partial<StateWorker> = {}): StateWorker {
  return { id, login: `agent-${id}`, issue: null, status: "in_progress", lastReportAt: ago(1), stale: false, ...over };
}

export function urgent(n: number, over: Partial<StateUrgent> = {}): StateUrgent {
  return {
    ref: key(n),
    on: key(977),
    commentId: 5000 + n,
    url: `https://github.com/acme/app/issues/977#issuecomment-${5000 + n}`,
    author: "agent-1",
    at: ago(2),
    summary: "Database migration failed",
    ...over,
  };
}

export function state(over: Partial<CoordinationState> = {}): CoordinationState {
  const issues = over.issues ?? [];
  return {
    ...emptyState(key(977), NOW.toISOString()),
    progress: { done: issues.filter((i) => i.status === "done").length, total: issues.length },
    ...over,
  };
}

export const PINGS = /@[A-Za-z0-9_-]/;

export function input(s: CoordinationState, over: Partial<SynthesisInput> = {}): SynthesisInput {
  return { state: s, now: NOW, timeZone: "UTC", staleAfterHours: 24, previousAt: null, repo: REPO, ...over };
}

export const render = (s: CoordinationState, over: Partial<SynthesisInput> = {}): string => renderSynthesis(input(s, over));

/** The lines of one bold-titled section, up to the next blank-line-separated section title. */
export function sectionOf(body: string, title: string): string {
  const start = body.indexOf(`**${title}`);
  if (start < 0) return "";
  const rest = body.slice(start);
  const next = rest.slice(2).search(/\n\n\*\*|\n\n<sub>/);
  return next < 0 ? rest : rest.slice(0, next + 2);
}
