// The plan is pure: from facts (what was read), either what it still needs or the effects to write.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config.js";
import { factsFrom, textDigest } from "../../../src/app/run.js";
import { labelSpecs } from "../../../src/app/labels.js";
import type { RunFacts } from "../../../src/domain/run/facts.js";
import { GRAPH_ROUNDS, planRun, type RunWork } from "../../../src/domain/run/plan.js";
import { GitHubWorld } from "../../fakes/github-world.js";
import { FakePort } from "../../fakes/port.js";
import { NOW, seal } from "../../helpers/run.js";

const { config } = parseConfig({});
const options = { config, now: NOW, seal, labelSpecs: labelSpecs(config), configNotice: null, textDigest };
const work = (extra: Partial<RunWork> = {}): RunWork => ({ changed: [], deleted: [], commands: [], setup: false, synthesize: false, restore: null, ...extra });

async function factsOf(w: GitHubWorld, known: number[], logins: string[] = [], touched: number[] = []): Promise<RunFacts> {
  const ref = (number: number) => ({ owner: "acme", repo: "app", number });
  const read = await new FakePort(w).readCoordination({ coordination: ref(10), known: known.map(ref), touched: touched.map(ref), watched: [], logins });
  return factsFrom(read, ref(10));
}

function world(): GitHubWorld {
  const w = new GitHubWorld();
  w.addIssue({ number: 10, title: "Coordination", body: "Plan: #12\n", labels: ["coordination"] });
  w.addIssue({ number: 12, title: "API", body: "Depends on #13\n" });
  w.addIssue({ number: 13, title: "Schema", body: "Depends on #14\n" });
  w.addIssue({ number: 14, title: "Database" });
  w.permissions.set("worker3", "write");
  return w;
}

describe("planRun", () => {
  it("asks to read the blockers of tracked issues it does not know yet (a graph round)", async () => {
    const plan = planRun(await factsOf(world(), [12]), work(), options);
    expect(plan.kind).toBe("needs");
    if (plan.kind !== "needs") return;
    expect(plan.graph).toBe(true);
    expect([...plan.needs.reads.keys()]).toEqual(["acme/app#13"]);
  });

  it("stops asking after its graph rounds: deeper chains wait for the next run", async () => {
    const plan = planRun(await factsOf(world(), [12]), work(), options, GRAPH_ROUNDS);
    expect(plan.kind).toBe("done");
  });

  it("asks GitHub about the author of a changed report it was not told about", async () => {
    const w = world();
    const c = w.addComment(10, "worker3", "## Worker 3 Report - P\n\n**Issue**: #12\n**Status**: Done\n");
    const plan = planRun(await factsOf(w, [12, 13, 14]), work({ changed: [c.id] }), options);
    expect(plan.kind === "needs" && [...plan.needs.permissions]).toEqual(["acme/app worker3"]);
  });

  it("plans plain data: the dashboard from the state, and the blocked labels the graph calls for", async () => {
    const w = world();
    const c = w.addComment(10, "worker3", "## Worker 3 Report - P\n\n**Issue**: #12\n**Status**: Done\n");
    const plan = planRun(await factsOf(w, [12, 13, 14], ["worker3"]), work({ changed: [c.id] }), options);
    expect(plan.kind).toBe("done");
    if (plan.kind !== "done") return;
    expect(plan.effects.map((e) => e.kind)).toEqual(["dashboard", "labels", "labels"]);
    expect(plan.effects.slice(1)).toEqual([
      { kind: "labels", on: "acme/app#12", add: ["blocked"], remove: [], background: true },
      { kind: "labels", on: "acme/app#13", add: ["blocked"], remove: [], background: true },
    ]);
    const dashboard = plan.effects[0];
    expect(dashboard?.kind === "dashboard" && dashboard.state.workers.map((x) => x.id)).toEqual(["3"]);
    expect(JSON.parse(JSON.stringify(plan.effects[0]))).toBeTruthy();
  });

  it("a newly unblocked issue whose comments were not read: reads them first, to find an earlier notice", async () => {
    const w = world();
    w.issue(12).labels.push("blocked");
    w.issue(13).state = "CLOSED";
    w.issue(13).stateReason = "COMPLETED";
    const plan = planRun(await factsOf(w, [12, 13, 14]), work(), options);
    expect(plan.kind === "needs" && [...plan.needs.reads.values()]).toEqual([{ ref: "acme/app#12", comments: 30, gate: false }]);
  });

  it("writes a fan-out's labels last, as background writes: the news and every reply come first (issue 15)", async () => {
    const w = new GitHubWorld();
    const refs = Array.from({ length: 12 }, (_, i) => 20 + i);
    w.addIssue({ number: 10, title: "Coordination", body: `Plan: #1\n${refs.map((n) => `- #${n} after #1`).join("\n")}\n`, labels: ["coordination"] });
    w.addIssue({ number: 1, title: "Schema", state: "CLOSED", stateReason: "COMPLETED" });
    for (const n of refs) w.addIssue({ number: n, title: `Task ${n}`, labels: ["blocked"], assignees: [`dev${n}`] });
    w.permissions.set("lead", "write");
    const command = w.addComment(10, "lead", "/status");
    const ref = (number: number) => ({ owner: "acme", repo: "app", number });
    const read = await new FakePort(w).readCoordination({ coordination: ref(10), known: [1, ...refs].map(ref), touched: [ref(10)], watched: refs.map(ref), logins: ["lead"] });
    const plan = planRun(factsFrom(read, ref(10)), work({ changed: [command.id], commands: [{ commentId: command.id, on: "acme/app#10" }] }), options);
    expect(plan.kind).toBe("done");
    if (plan.kind !== "done") return;
    // A comment by its marker's kind (`coordinator:<kind>:…`), labels with their class.
    const shape = plan.effects.map((e) => (e.kind === "comment" ? `comment ${/coordinator:([a-z-]+):/.exec(e.marker)?.[1] ?? "?"}` : e.kind === "labels" ? `labels${e.background ? " (background)" : ""}` : e.kind));
    expect(shape).toEqual(["dashboard", "comment unblocked-summary", "comment commands", ...refs.map(() => "labels (background)")]);
    expect(plan.summary.unblocked).toBe(12);
  });
});
