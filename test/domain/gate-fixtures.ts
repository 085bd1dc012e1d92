// Issues, states and criteria for the tests of gates, their checklist and its evaluation.
import { expect } from "vitest";
import { parseCriteria, type Criterion } from "../../src/domain/gate-checklist.js";
import { emptyState } from "../../src/domain/state.js";
import type { CoordinationState, StateIssue } from "../../src/domain/types.js";

export const CTX = { owner: "acme", repo: "app" };
export const key = (n: number) => `acme/app#${n}`;
export const LABELS = { approved: "gate:approved", rejected: "gate:rejected" };

export function issue(n: number, status: StateIssue["status"], extra: Partial<StateIssue> = {}): StateIssue {
  const closed = status === "done";
  return {
    ref: key(n),
    number: n,
    title: `Issue ${n}`,
    state: status === "missing" ? null : closed ? "closed" : "open",
    stateReason: closed ? "completed" : null,
    status,
    blockedBy: [],
    assignees: [],
    worker: null,
    estimateMinutes: null,
    wave: null,
    urgent: false,
    ...extra,
  };
}

export function stateOf(issues: StateIssue[], edges: Array<[number, number]> = []): CoordinationState {
  return {
    ...emptyState("acme/app#1", "2026-11-27T10:00:00.000Z"),
    progress: { done: issues.filter((i) => i.status === "done").length, total: issues.length },
    issues,
    edges: edges.map(([from, to]) => ({ from: key(from), to: key(to), source: "table" as const })),
  };
}

export function criterion(extra: Partial<Criterion>): Criterion {
  return { line: 0, text: "", checked: false, kind: "manual", issues: [], wave: null, ...extra };
}

export const one = (body: string) => {
  const parsed = parseCriteria(body, CTX);
  expect(parsed).toHaveLength(1);
  return parsed[0] as Criterion;
};

export const splitLines = (text: string) => text.split(/\r\n|\r|\n/);
