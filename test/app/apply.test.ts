// The applier: each effect compared with what GitHub has (the run's facts); only differences written.
import pino from "pino";
import { describe, expect, it } from "vitest";
import { applyEffect, applyEffects, BACKGROUND_SLICE, EffectsWaiting, type ApplyContext } from "../../src/app/apply.js";
import { RetryLaterError } from "../../src/github/port.js";
import { factsFrom, textDigest } from "../../src/app/run.js";
import type { Effect } from "../../src/domain/effects.js";
import type { RunFacts } from "../../src/domain/run/facts.js";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { FakePort } from "../fakes/port.js";
import { NOW, seal } from "../helpers/run.js";
import { emptyState } from "../fixtures/dashboard/states.js";

async function setup(): Promise<{ w: GitHubWorld; port: FakePort; facts: RunFacts; ctx: ApplyContext; courtesyLeft: { n: number } }> {
  const w = new GitHubWorld();
  w.addIssue({ number: 10, title: "Coordination", body: "Plan: #12\n", labels: ["coordination"] });
  w.addIssue({ number: 12, title: "API", labels: ["blocked"], assignees: ["dana"] });
  w.addComment(10, BOT_LOGIN, "<!-- coordinator:reply:5 -->\nold", "2026-11-27T09:00:00Z", "Bot");
  const port = new FakePort(w);
  const read = await port.readCoordination({ coordination: { owner: "acme", repo: "app", number: 10 }, known: [{ owner: "acme", repo: "app", number: 12 }], touched: [], watched: [], logins: [] });
  const facts = factsFrom(read, { owner: "acme", repo: "app", number: 10 });
  const courtesyLeft = { n: 1 };
  let calls = 1;
  const ctx: ApplyContext = {
    port,
    facts,
    spend: async () => {},
    courtesy: async () => courtesyLeft.n-- > 0,
    now: () => NOW,
    log: pino({ level: "silent" }),
    seal,
    calls: () => calls++,
    textDigest,
    labelIds: new Map(),
  };
  return { w, port, facts, ctx, courtesyLeft };
}

describe("applyEffects", () => {
  it.each<[string, Effect, string[]]>([
    ["a label already there is not added again; one that is, removed", { kind: "labels", on: "acme/app#12", add: ["blocked", "ready"], remove: ["blocked"] }, ["+label ready acme/app#12", "-label blocked acme/app#12"]],
    ["a label not there is not removed", { kind: "labels", on: "acme/app#12", add: [], remove: ["urgent"] }, []],
    ["an assignee already there is not added", { kind: "assignees", on: "acme/app#12", add: ["dana"], remove: [] }, []],
    ["a reply found by its marker is edited, not posted again", { kind: "comment", on: "acme/app#10", marker: "<!-- coordinator:reply:5 -->", body: "<!-- coordinator:reply:5 -->\nnew", update: true }, ["edit comment 1000"]],
    ["a reply that says the same is left alone", { kind: "comment", on: "acme/app#10", marker: "<!-- coordinator:reply:5 -->", body: "<!-- coordinator:reply:5 -->\nold", update: true }, []],
    ["a notice found by its marker is never edited", { kind: "comment", on: "acme/app#10", marker: "<!-- coordinator:reply:5 -->", body: "different", update: false }, []],
    ["a new comment is posted", { kind: "comment", on: "acme/app#10", marker: "<!-- coordinator:reply:6 -->", body: "<!-- coordinator:reply:6 -->\nhi", update: true }, ["comment acme/app#10"]],
    ["an open issue is closed; a closed one is not", { kind: "close", on: "acme/app#12" }, ["close acme/app#12"]],
  ])("%s", async (_name, effect, writes) => {
    const { port, ctx } = await setup();
    await applyEffects([effect], ctx);
    expect(port.writes).toEqual(writes);
  });

  it("answers to people without permission stop when the courtesy share is spent", async () => {
    const { port, ctx } = await setup();
    const reply = (n: number): Effect => ({ kind: "comment", on: "acme/app#10", marker: `<!-- coordinator:reply:${n} -->`, body: `<!-- coordinator:reply:${n} -->\nno`, update: true, courtesy: true });
    await applyEffects([reply(7), reply(8), { kind: "react", on: "acme/app#10", commentId: 9, content: "-1" }], ctx);
    expect(port.writes).toEqual(["comment acme/app#10"]);
  });

  it("a dependency GitHub will not hold comes back as its status (the plan then writes a line)", async () => {
    const { port, ctx } = await setup();
    port.failures.set("+blocked-by", 422);
    expect(await applyEffect({ kind: "blocked-by", on: "acme/app#12", blocker: "acme/app#10", blockerId: 500_010, present: true }, ctx)).toBe("failed:422");
    port.failures.clear();
    expect(await applyEffect({ kind: "blocked-by", on: "acme/app#12", blocker: "acme/app#10", blockerId: 500_010, present: true }, ctx)).toBe("ok");
    expect(port.writes).toEqual(["+blocked-by acme/app#12 #10"]);
  });

  it("the dashboard keeps an orchestrator's edit saved since the read, with the commands' Tracked edits replayed", async () => {
    const { w, port, ctx } = await setup();
    // Time passed since the read (other requests were made): the body is read again.
    ctx.calls = () => 2;
    w.issue(10).body = "Plan: #12, edited meanwhile.\n";
    await applyEffects([{ kind: "dashboard", on: "acme/app#10", before: "Plan: #12\n\n### Tracked\n- #13\n", after: "", state: { ...emptyState(), coordination: "acme/app#10" }, force: true, edits: [{ add: ["#13"] }] }], ctx);
    expect(port.reads).toContain("body acme/app#10");
    expect(w.issue(10).body.startsWith("Plan: #12, edited meanwhile.\n\n### Tracked\n- #13\n")).toBe(true);
    expect(w.issue(10).body).toContain("<!-- coordinator:seal ");
  });

  it("swaps labels in one request when both exist, asking a repository's label ids once (issue 15)", async () => {
    const { w, port, ctx, facts } = await setup();
    w.addIssue({ number: 14, title: "Docs", labels: ["blocked"] });
    for (const [k, v] of (await port.readIssues([{ owner: "acme", repo: "app", number: 14 }])).issues) facts.issues.set(k, v);
    w.repoLabels.set("acme/app", ["blocked", "ready"]);
    await applyEffects(
      [
        { kind: "labels", on: "acme/app#12", add: ["ready"], remove: ["blocked"], background: true },
        { kind: "labels", on: "acme/app#14", add: ["ready"], remove: ["blocked"], background: true },
      ],
      ctx,
    );
    expect(port.reads.filter((r) => r.startsWith("label ids"))).toEqual(["label ids acme/app"]);
    expect(port.writes).toEqual(["labels +ready -blocked acme/app#12", "labels +ready -blocked acme/app#14"]);
    expect(w.issue(12).labels).toEqual(["ready"]);
  });

  it("uses the label ids the first read brought, and REST where a label does not exist yet", async () => {
    const { port, ctx } = await setup();
    ctx.labelIds.set("acme/app blocked", "LA_acme/app:blocked");
    ctx.labelIds.set("acme/app ready", null);
    await applyEffects([{ kind: "labels", on: "acme/app#12", add: ["ready"], remove: ["blocked"] }], ctx);
    expect(port.reads.filter((r) => r.startsWith("label ids"))).toEqual([]);
    // REST creates the missing label as it adds it.
    expect(port.writes).toEqual(["+label ready acme/app#12", "-label blocked acme/app#12"]);
  });

  it("keeps a label someone added meanwhile: the swap adds and removes only its own", async () => {
    const { w, ctx } = await setup();
    w.repoLabels.set("acme/app", ["blocked", "ready"]);
    // Added on GitHub after the run's read (the facts do not know it).
    w.issue(12).labels.push("needs-design");
    await applyEffects([{ kind: "labels", on: "acme/app#12", add: ["ready"], remove: ["blocked"] }], ctx);
    expect(w.issue(12).labels.sort()).toEqual(["needs-design", "ready"]);
  });

  it("stops at the budget where only background writes are left, handing them back in order", async () => {
    const { w, port, ctx, facts } = await setup();
    w.repoLabels.set("acme/app", ["blocked", "ready"]);
    w.addIssue({ number: 14, title: "Docs", labels: ["blocked"] });
    for (const [k, v] of (await port.readIssues([{ owner: "acme", repo: "app", number: 14 }])).issues) facts.issues.set(k, v);
    let left = 2;
    ctx.spend = async () => {
      if (left-- <= 0) throw new RetryLaterError("budget spent", 30_000);
    };
    const notice: Effect = { kind: "comment", on: "acme/app#10", marker: "<!-- coordinator:unblocked-summary:1 -->", body: "<!-- coordinator:unblocked-summary:1 -->\nnews", update: false };
    const swap = (n: number): Effect => ({ kind: "labels", on: `acme/app#${n}`, add: ["ready"], remove: ["blocked"], background: true });
    const error = await applyEffects([notice, swap(12), swap(14)], ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EffectsWaiting);
    expect((error as EffectsWaiting).rest).toEqual([swap(14)]);
    expect((error as EffectsWaiting).retryAfterMs).toBe(30_000);
    expect(port.writes).toEqual(["comment acme/app#10", "labels +ready -blocked acme/app#12"]);
    // A write that is not background still to come: the whole run is retried, as any budget wait.
    left = 0;
    const plain = await applyEffects([swap(14), notice], ctx).catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(RetryLaterError);
    expect(plain).not.toBeInstanceOf(EffectsWaiting);
  });

  it("hands back background writes after a slice of 20, so new work for the coordination comes first", async () => {
    const { w, ctx, facts, port } = await setup();
    const refs = Array.from({ length: 25 }, (_, i) => 40 + i);
    for (const n of refs) w.addIssue({ number: n, title: `T${n}`, labels: ["blocked"] });
    for (const [k, v] of (await port.readIssues(refs.map((number) => ({ owner: "acme", repo: "app", number })))).issues) facts.issues.set(k, v);
    w.repoLabels.set("acme/app", ["blocked", "ready"]);
    const effects: Effect[] = refs.map((n) => ({ kind: "labels", on: `acme/app#${n}`, add: ["ready"], remove: ["blocked"], background: true }));
    const error = await applyEffects(effects, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EffectsWaiting);
    expect((error as EffectsWaiting).retryAfterMs).toBe(0);
    expect((error as EffectsWaiting).rest).toEqual(effects.slice(BACKGROUND_SLICE));
    expect(port.writes).toHaveLength(BACKGROUND_SLICE);
    // What is left applies as a whole when handed back (5 is less than a slice).
    await applyEffects((error as EffectsWaiting).rest, ctx);
    expect(port.writes).toHaveLength(25);
  });
});

