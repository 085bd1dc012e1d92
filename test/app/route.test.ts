import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config-schema.js";
import { parseConfig } from "../../src/config.js";
import { coordinateCommand, isCoordinationEvent, isOwnEvent, mattersToTracker, mayBeOwnEvent, tracks, workForTracker, workOnCoordination } from "../../src/app/route.js";
import { emptyCoordinationWork } from "../../src/app/queued-work.js";
import { DASHBOARD_END, DASHBOARD_START, renderDashboard, replaceDashboard } from "../../src/domain/dashboard.js";
import { configMarker, replyMarker } from "../../src/domain/replies.js";
import type { CoordinationState, StateIssue } from "../../src/domain/types.js";
import type { RepoEvent } from "../../src/handlers/normalize.js";
import { emptyState, NOW, REPO } from "../fixtures/dashboard/states.js";

// ---------------------------------------------------------------------------
// Events by hand, in the shape src/handlers/normalize.ts produces

type Comment = NonNullable<RepoEvent["comment"]>;

function event(name: string, extra: Partial<RepoEvent> = {}): RepoEvent {
  // As GitHub sends them: a comment's sender is its author unless the test says who edited it.
  const sender = extra.sender ?? (extra.comment ? { login: extra.comment.author, type: extra.comment.authorType } : { login: "alice", type: "User" });
  return {
    delivery: "d-1",
    name,
    installationId: 7,
    owner: "owner",
    repo: "repo",
    issue: { number: 12, body: "Issue body", labels: [] },
    parent: null,
    comment: null,
    previousBody: null,
    label: null,
    touchesConfig: false,
    ...extra,
    sender,
  };
}

function comment(body: string, extra: Partial<Comment> = {}): Comment {
  return { id: 501, body, author: "alice", authorType: "User", viaApp: null, association: "NONE", ...extra };
}

const commented = (body: string, extra: Partial<Comment> = {}, name = "issue_comment.created") => event(name, { comment: comment(body, extra) });

const REPORT = "## Worker 3 Report - Phase 1\n\n**Issue**: #12\n**Status**: 🔄 In Progress";
const MALFORMED = "## Worker 3 Report - Phase 1\n\n**Status**: Done";

function issueState(number: number): StateIssue {
  return { ref: `owner/repo#${number}`, number, title: `Issue ${number}`, state: "open", stateReason: null, status: "ready", blockedBy: [], assignees: [], worker: null, estimateMinutes: null, wave: null, urgent: false };
}

/** A coordination body: the orchestrator's text and a dashboard whose state tracks `numbers`. */
function coordinationBody(text: string, numbers: number[], after = ""): string {
  const state: CoordinationState = { ...emptyState(), issues: numbers.map(issueState), progress: { done: 0, total: numbers.length } };
  return replaceDashboard(text, renderDashboard(state, { now: NOW, repo: REPO })) + after;
}

// ---------------------------------------------------------------------------

describe("isOwnEvent", () => {
  const SELF = { id: 123, login: "coordinator[bot]" };
  const before = "Plan: #1 then #2\n\n";
  const dashboardA = `${DASHBOARD_START}\nold dashboard\n${DASHBOARD_END}`;
  const dashboardB = `${DASHBOARD_START}\nnew dashboard\n${DASHBOARD_END}`;
  const edited = (previous: string | null, now: string, sender = { login: "alice", type: "User" }) =>
    event("issues.edited", { issue: { number: 977, body: now, labels: ["coordination"] }, previousBody: previous, sender });
  const bot = { login: "coordinator[bot]", type: "Bot" };

  it.each<[string, RepoEvent, boolean]>([
    ["our reply (written by our app)", commented(`${replyMarker(5)}\nThanks`, { authorType: "Bot", author: "coordinator[bot]", viaApp: 123 }), true],
    ["our config notice, by our bot account", commented(`${configMarker("ab12")}\n### config`, { authorType: "Bot", author: "coordinator[bot]" }), true],
    ["our reply, deleted by a person", commented(`${replyMarker(5)}\nThanks`, { authorType: "Bot", author: "coordinator[bot]", viaApp: 123 }, "issue_comment.deleted"), true],
    ["another app's comment carrying our marker", commented(`${replyMarker(5)}\nThanks`, { authorType: "Bot", author: "mimic[bot]", viaApp: 999 }), false],
    ["another bot's comment", commented("Deploy finished", { authorType: "Bot", author: "ci[bot]" }), false],
    ["another bot posting a report", commented(REPORT, { authorType: "Bot", author: "agent[bot]" }), false],
    ["a person's comment starting with our marker text", commented(`${replyMarker(5)}\n${REPORT}`), false],
    ["a person quoting our reply", commented(`> ${replyMarker(5)}\n> Thanks\n\nAgreed`), false],
    ["a person's report", commented(REPORT), false],
    ["our dashboard write", edited(before + dashboardA, before + dashboardB, bot), true],
    ["a person's edit of the dashboard region only", edited(before + dashboardA, before + dashboardB), false],
    ["a person's edit of the orchestrator's text", edited(before + dashboardA, `Plan: #1 then #3\n\n${dashboardA}`), false],
    ["a label we added", event("issues.labeled", { label: "blocked", sender: bot }), true],
    ["a label another app added", event("issues.labeled", { label: "gate:approved", sender: { login: "other[bot]", type: "Bot" } }), false],
    ["a closed issue", event("issues.closed"), false],
  ])("%s → %s", (_name, e, own) => {
    expect(isOwnEvent(e, SELF)).toBe(own);
  });

  it.each<[string, RepoEvent, boolean]>([
    ["a person's comment", commented(REPORT), false],
    ["a bot's comment", commented("x", { authorType: "Bot", author: "ci[bot]" }), true],
    ["a comment an app wrote", commented("x", { viaApp: 5 }), true],
    ["a change sent by a bot", event("issues.closed", { sender: { login: "x[bot]", type: "Bot" } }), true],
    ["a person's change", event("issues.closed"), false],
  ])("only %s may be ours (asking who we are is needed: %s)", (_name, e, may) => {
    expect(mayBeOwnEvent(e)).toBe(may);
  });
});

describe("isCoordinationEvent", () => {
  it.each<[string, string[], boolean]>([
    ["labelled coordination", ["bug", "coordination"], true],
    ["not labelled", ["bug"], false],
    ["a different label", ["coordination-old"], false],
  ])("%s → %s", (_name, labels, expected) => {
    expect(isCoordinationEvent(event("issues.edited", { issue: { number: 977, body: "", labels } }), DEFAULT_CONFIG)).toBe(expected);
  });

  it("uses the configured label", () => {
    const { config } = parseConfig({ coordinationLabel: "epic" });
    expect(isCoordinationEvent(event("issues.edited", { issue: { number: 977, body: "", labels: ["epic"] } }), config)).toBe(true);
    expect(isCoordinationEvent(event("issues.edited", { issue: { number: 977, body: "", labels: ["coordination"] } }), config)).toBe(false);
  });

  it("an event without an issue is not one", () => {
    expect(isCoordinationEvent(event("push", { issue: null }), DEFAULT_CONFIG)).toBe(false);
  });
});

describe("tracks", () => {
  const on12 = event("issues.closed");

  it.each<[string, string, boolean]>([
    ["named in the orchestrator's text", "Plan: #11, #12", true],
    ["named as owner/repo#12", "Plan: owner/repo#12", true],
    ["named by URL", "Plan: https://github.com/owner/repo/issues/12", true],
    ["not named", "Plan: #11, #13, #120", false],
    ["named only in a code block", "```\n#12\n```", false],
    ["named only in inline code", "Not `#12`", false],
    ["named only in a quote", "> #12", false],
    ["named in another repository", "other/repo#12", false],
    ["in the state block", coordinationBody("Plan: #11", [12]), true],
    ["in the text after the dashboard", coordinationBody("Plan: #11", [11], "\n\nAlso #12"), true],
    ["neither in the text nor in the state block", coordinationBody("Plan: #11", [11, 13]), false],
    ["a state block outside the markers does not count", `<!-- coordinator:state ${JSON.stringify({ ...emptyState(), issues: [issueState(12)] })} -->`, false],
  ])("%s → %s", (_name, body, expected) => {
    expect(tracks(body, 977, on12)).toBe(expected);
  });

  it("a coordination does not track itself", () => {
    expect(tracks("This is #12", 12, on12)).toBe(false);
  });

  it("an issue named only in the dashboard's Markdown (not its state) is not tracked", () => {
    const body = `Plan\n\n${DASHBOARD_START}\n#12 is mentioned here\n${DASHBOARD_END}`;
    expect(tracks(body, 977, on12)).toBe(false);
  });
});

describe("mattersToTracker", () => {
  it.each<[string, RepoEvent, boolean]>([
    ["a report comment", commented(REPORT), true],
    ["a malformed report (owed a reply)", commented(MALFORMED), true],
    ["an urgent comment", commented("🚨 URGENT: prod is down"), true],
    ["an edited report", commented(REPORT, {}, "issue_comment.edited"), true],
    ["a deleted comment (it may have been a report)", commented("anything", {}, "issue_comment.deleted"), true],
    ["a chat comment", commented("LGTM"), false],
    ["a report quoted in a code block", commented("```\n" + REPORT + "\n```"), false],
    ["issues.closed", event("issues.closed"), true],
    ["issues.reopened", event("issues.reopened"), true],
    ["issues.edited", event("issues.edited"), true],
    ["issues.labeled", event("issues.labeled", { label: "blocked" }), true],
    ["issues.unlabeled", event("issues.unlabeled", { label: "blocked" }), true],
    ["issues.assigned", event("issues.assigned"), true],
    ["issues.unassigned", event("issues.unassigned"), true],
    ["issues.deleted", event("issues.deleted"), true],
    ["issues.transferred", event("issues.transferred"), true],
    ["issues.opened", event("issues.opened"), false],
    ["issues.milestoned", event("issues.milestoned"), false],
    ["issues.pinned", event("issues.pinned"), false],
    ["an event without an issue", event("issues.closed", { issue: null }), false],
  ])("%s → %s", (_name, e, expected) => {
    expect(mattersToTracker(e)).toBe(expected);
  });
});

describe("workOnCoordination", () => {
  const onCoordination = (name: string, extra: Partial<RepoEvent> = {}) => event(name, { issue: { number: 977, body: "Plan #12", labels: ["coordination"] }, ...extra });

  it("a report comment: its id changed, its author to be asked about", () => {
    const work = workOnCoordination(onCoordination("issue_comment.created", { comment: comment(REPORT, { id: 42, author: "Bob" }) }), DEFAULT_CONFIG);
    expect(work).toEqual({ ...emptyCoordinationWork(7, "owner", "repo", 977), hintBody: "Plan #12", changed: [42], authors: ["Bob"], deliveries: ["d-1"] });
  });

  it.each<[string, RepoEvent, Partial<ReturnType<typeof emptyCoordinationWork>>]>([
    ["a malformed report: author asked (the reply depends on it)", onCoordination("issue_comment.edited", { comment: comment(MALFORMED, { id: 42 }) }), { changed: [42], authors: ["alice"] }],
    ["a chat comment: changed (it may be a command's reply to edit), nobody asked", onCoordination("issue_comment.created", { comment: comment("thanks", { id: 42 }) }), { changed: [42], authors: [] }],
    ["a deleted comment", onCoordination("issue_comment.deleted", { comment: comment(REPORT, { id: 42 }) }), { deleted: [42], changed: [], authors: [] }],
    ["labelled coordination: set up", onCoordination("issues.labeled", { label: "coordination" }), { setup: true }],
    ["labelled something else: no setup", onCoordination("issues.labeled", { label: "bug" }), { setup: false }],
    ["opened: set up", onCoordination("issues.opened"), { setup: true }],
    ["edited: just a run", onCoordination("issues.edited"), { setup: false, changed: [], deleted: [] }],
  ])("%s", (_name, e, expected) => {
    expect(workOnCoordination(e, DEFAULT_CONFIG)).toMatchObject({ kind: "coordination", number: 977, hintBody: "Plan #12", deliveries: ["d-1"], ...expected });
  });

  it("set-up follows the configured coordination label", () => {
    const { config } = parseConfig({ coordinationLabel: "epic" });
    expect(workOnCoordination(onCoordination("issues.labeled", { label: "epic" }), config)?.setup).toBe(true);
    expect(workOnCoordination(onCoordination("issues.labeled", { label: "coordination" }), config)?.setup).toBe(false);
  });

  it("no issue: no work", () => {
    expect(workOnCoordination(event("push", { issue: null }), DEFAULT_CONFIG)).toBeNull();
  });
});

describe("coordinateCommand", () => {
  const { config: coordPrefix } = parseConfig({ commandPrefix: "/coord" });

  it("an edit by someone else runs, and is judged, as the editor", () => {
    const e = commented("/assign #12 @mallory", { id: 42, author: "orchestrator" }, "issue_comment.edited");
    const edited = { ...e, sender: { login: "mallory", type: "User" } };
    expect(workOnCoordination({ ...edited, issue: { number: 977, body: "", labels: ["coordination"] } }, DEFAULT_CONFIG)?.commands).toEqual([{ commentId: 42, on: "owner/repo#977", login: "mallory" }]);
    const report = { ...commented(REPORT, { id: 43, author: "w3" }, "issue_comment.edited"), sender: { login: "mallory", type: "User" } };
    expect(workForTracker(report, { number: 977, body: "" }).authors).toEqual(["mallory"]);
  });

  it("/coordinate by a person: work that carries the command", () => {
    const work = coordinateCommand(commented("/coordinate", { id: 42, author: "carol" }), DEFAULT_CONFIG);
    expect(work).toMatchObject({ number: 12, changed: [42], commands: [{ commentId: 42, on: "owner/repo#12", login: "carol" }] });
  });

  it.each<[string, RepoEvent, typeof DEFAULT_CONFIG]>([
    ["a bot's /coordinate", commented("/coordinate", { authorType: "Bot" }), DEFAULT_CONFIG],
    ["a deleted /coordinate", commented("/coordinate", {}, "issue_comment.deleted"), DEFAULT_CONFIG],
    ["/coordinate in a code block", commented("```\n/coordinate\n```"), DEFAULT_CONFIG],
    ["/coordinate with another prefix configured", commented("/coordinate"), coordPrefix],
    ["no comment", event("issues.labeled"), DEFAULT_CONFIG],
  ])("nothing for %s", (_name, e, config) => {
    expect(coordinateCommand(e, config)).toBeNull();
  });

  it("/coord coordinate with that prefix configured", () => {
    expect(coordinateCommand(commented("/coord coordinate", { id: 3 }), coordPrefix)?.commands).toEqual([{ commentId: 3, on: "owner/repo#12", login: "alice" }]);
  });
});

describe("workForTracker", () => {
  const coordination = { number: 977, body: "Plan: #12" };

  it.each<[string, RepoEvent, Partial<ReturnType<typeof emptyCoordinationWork>>]>([
    ["a report on the tracked issue: read its comments, reply if owed, ask about the author", commented(REPORT, { id: 42, author: "Bob" }), { touched: ["owner/repo#12"], changed: [42], authors: ["Bob"], deleted: [] }],
    ["an edited comment", commented(MALFORMED, { id: 42 }, "issue_comment.edited"), { touched: ["owner/repo#12"], changed: [42], authors: ["alice"] }],
    ["a deleted comment: read its comments again, forget it", commented(REPORT, { id: 42 }, "issue_comment.deleted"), { touched: ["owner/repo#12"], deleted: [42], changed: [], authors: [] }],
    ["a closed issue: just a run", event("issues.closed"), { touched: [], changed: [], deleted: [], authors: [] }],
  ])("%s", (_name, e, expected) => {
    expect(workForTracker(e, coordination)).toEqual({ ...emptyCoordinationWork(7, "owner", "repo", 977), hintBody: "Plan: #12", deliveries: ["d-1"], ...expected });
  });

  it("touched keys are canonical (lower-case)", () => {
    const e = event("issue_comment.created", { owner: "Owner", repo: "Repo", comment: comment(REPORT) });
    expect(workForTracker(e, coordination).touched).toEqual(["owner/repo#12"]);
  });

  it("never sets up, and runs commands only when given the configuration", () => {
    const work = workForTracker(commented("/coordinate"), coordination);
    expect([work.setup, work.commands]).toEqual([false, []]);
  });
});

describe("label events that cannot change a coordination", () => {
  it.each([
    ["blocked", false],
    ["ready", false],
    ["urgent", true],
    ["in-progress", true],
    ["worker:7", true],
  ])("%s labelled on a tracked issue → run: %s", (label, runs) => {
    const e = { ...event("issues.labeled"), label };
    expect(mattersToTracker(e, DEFAULT_CONFIG)).toBe(runs);
  });
});
