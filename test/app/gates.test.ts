// Gates through the real app: creation, criteria kept true, the approval matrix, GO releasing
// dependants with one notification each, NO-GO with a reason, redelivery deciding nothing twice.
import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseState } from "../../src/domain/dashboard.js";
import { BOT_LOGIN, GitHubWorld } from "../fakes/github-world.js";
import { API, appIdentity, commentPayload, coordinationsLookup, eyes, graphqlFrom, INSTALLATION_ID, issuePayload, labelWrites, makeApp, patchBody, postComment, repositoryPayload, tokenAndConfig, tokenAndNoConfig, useNock, withBody } from "../helpers/probot.js";

const GATE_BODY = "<!-- coordinator:gate -->\n## 🚦 Gate: Phase 1 exit\n\n- [ ] #12\n- [x] Security review signed off\n";

function seed(opts: { closed12?: boolean } = {}): GitHubWorld {
  const world = new GitHubWorld();
  world.addIssue({ number: 10, title: "Coordination", body: "Plan: #12, gate #30, then #40.\n", labels: ["coordination"] });
  world.addIssue({ number: 12, title: "API", ...(opts.closed12 ? { state: "CLOSED" as const, stateReason: "COMPLETED" as const } : {}) });
  world.addIssue({ number: 30, title: "Gate: Phase 1 exit", body: GATE_BODY, labels: ["gate"] });
  world.addIssue({ number: 40, title: "Phase 2 API", body: "Depends on #30\n", assignees: ["dana"] });
  world.permissions.set("lead", "write");
  world.permissions.set("boss", "maintain");
  return world;
}


function labelEvent(world: GitHubWorld, action: "labeled" | "unlabeled", label: string, sender: string, type = "User") {
  return {
    action,
    issue: issuePayload(world, 30),
    label: { name: label },
    repository: repositoryPayload(),
    sender: { login: sender, type },
    installation: { id: INSTALLATION_ID },
  };
}

/** Gate-issue writes: comments recorded, label removals applied, the close applied. */
function gateWrites(world: GitHubWorld, comments: string[], log: string[]): void {
  postComment(world, 30, comments, 3);
  labelWrites(world, log);
  nock(API)
    .patch("/repos/acme/app/issues/30")
    .times(3)
    .optionally()
    .reply(
      200,
      withBody((body) => {
        const b = body as { body?: string; state?: string; state_reason?: string };
        if (b.body !== undefined) world.issue(30).body = b.body;
        if (b.state === "closed") {
          log.push(`closed #30 (${b.state_reason})`);
          world.issue(30).state = "CLOSED";
          world.issue(30).stateReason = "COMPLETED";
        }
        return { number: 30, body: world.issue(30).body };
      }),
    );
}

/** The repository's gates, newest first (how a retried `/gate` finds the one it created). */
function gateList(world: GitHubWorld, times = 1): nock.Scope {
  return nock(API)
    .get("/repos/acme/app/issues")
    .query({ labels: "gate", state: "all", sort: "created", direction: "desc", per_page: 100 })
    .times(times)
    .reply(200, () =>
      [...world.issues.values()]
        .filter((i) => i.labels.includes("gate"))
        .reverse()
        .map((i) => ({ number: i.number, body: i.body, labels: i.labels.map((name) => ({ name })) })),
    );
}

useNock(/\/issues\/30\/comments/);

describe("/gate", () => {
  it("creates the gate issue with one criterion per issue and tracks it", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(10, "lead", '/gate "Phase 2 exit" after #12 #40');
    const created: Array<{ title: string; body: string; labels: string[] }> = [];
    const replies: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    gateList(world);
    nock(API)
      .post("/repos/acme/app/issues")
      .reply(
        201,
        withBody((body) => {
          const b = body as { title: string; body: string; labels: string[] };
          created.push(b);
          world.addIssue({ number: 50, title: b.title, body: b.body, labels: b.labels });
          return { number: 50 };
        }),
      );
    labelWrites(world, []);
    patchBody(world, 10, []);
    postComment(world, 10, replies);
    eyes([]);
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(created[0]?.title).toBe("Gate: Phase 2 exit");
    expect(created[0]?.labels).toEqual(["gate"]);
    expect(created[0]?.body).toContain("- [ ] #12");
    expect(created[0]?.body).toContain("- [ ] #40");
    expect(world.issue(10).body).toContain("### Tracked\n- #50");
    expect(replies[0]).toContain("gate #50 created");
    const gates = parseState(world.issue(10).body)?.gates as Array<{ ref: string; state: string }>;
    expect(gates.map((g) => [g.ref, g.state])).toEqual([
      ["acme/app#30", "pending"],
      ["acme/app#50", "pending"],
    ]);
  });
});

describe("/gate, retried", () => {
  it("a run that failed after creating the gate does not create a second one when it runs again", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(10, "lead", '/gate "Phase 2 exit" after #12');
    const created: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 4);
    gateList(world, 2);
    nock(API)
      .post("/repos/acme/app/issues")
      .reply(
        201,
        withBody((body) => {
          const b = body as { title: string; body: string; labels: string[] };
          created.push(b.title);
          world.addIssue({ number: 50, title: b.title, body: b.body, labels: b.labels });
          return { number: 50 };
        }),
      );
    labelWrites(world, []);
    // The first body write fails: the whole run is retried from a fresh read.
    nock(API).get("/repos/acme/app/issues/10").reply(200, () => ({ number: 10, body: world.issue(10).body }));
    nock(API).patch("/repos/acme/app/issues/10").reply(502, { message: "Bad gateway" });
    patchBody(world, 10, []);
    postComment(world, 10, []);
    eyes([]);
    await app.deliver("issue_comment", commentPayload("created", world, 10, command));
    expect(created).toEqual(["Gate: Phase 2 exit"]);
    expect(world.issue(10).body).toContain("### Tracked\n- #50");
    expect(app.coordinator.runs.retried).toBe(1);
  });
});

describe("criteria", () => {
  it("are ticked as their issues finish, and a person's tick is kept", async () => {
    const world = seed({ closed12: true });
    const app = await makeApp();
    const log: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world);
    patchBody(world, 10, []);
    gateWrites(world, [], log);
    await app.deliver("issues", { action: "labeled", issue: issuePayload(world, 10), label: { name: "x" }, repository: repositoryPayload(), sender: { login: "lead", type: "User" }, installation: { id: INSTALLATION_ID } });
    expect(world.issue(30).body).toBe(GATE_BODY.replace("- [ ] #12", "- [x] #12"));
    expect(world.issue(30).body).toContain("- [x] Security review signed off");
    const gates = parseState(world.issue(10).body)?.gates as Array<{ done: number; total: number; state: string }>;
    expect(gates[0]).toMatchObject({ done: 2, total: 2, state: "pending" });
  });
});

describe("approval by label", () => {
  it("from someone who is not an approver: the label is removed and the reason commented", async () => {
    const world = seed({ closed12: true });
    world.addLabel(30, "gate:approved", "lead");
    const app = await makeApp();
    const comments: string[] = [];
    const log: string[] = [];
    tokenAndNoConfig();
    coordinationsLookup(world, [10]);
    graphqlFrom(world);
    patchBody(world, 10, []);
    gateWrites(world, comments, log);
    await app.deliver("issues", labelEvent(world, "labeled", "gate:approved", "lead"));
    expect(log).toContain("-gate:approved #30");
    expect(comments.find((c) => c.includes("gate-decision"))).toMatch(/not an approver/);
    expect(world.issue(30).state).toBe("OPEN");
  });

  it("from an approver with criteria unmet: NO-GO, label removed, unmet criteria listed", async () => {
    const world = seed();
    world.addLabel(30, "gate:approved", "boss");
    const app = await makeApp();
    const comments: string[] = [];
    const log: string[] = [];
    tokenAndNoConfig();
    coordinationsLookup(world, [10]);
    graphqlFrom(world);
    patchBody(world, 10, []);
    gateWrites(world, comments, log);
    await app.deliver("issues", labelEvent(world, "labeled", "gate:approved", "boss"));
    expect(log).toContain("-gate:approved #30");
    const decision = comments.find((c) => c.includes("gate-decision")) ?? "";
    expect(decision).toMatch(/NO-GO/);
    expect(decision).toContain("#12");
    expect(world.issue(30).state).toBe("OPEN");
  });

  it("from an approver with criteria met: GO, the gate closes, its dependant is notified once; redelivery decides nothing again", async () => {
    const world = seed({ closed12: true });
    world.issue(40).labels.push("blocked");
    world.addLabel(30, "gate:approved", "boss");
    const app = await makeApp();
    const comments: string[] = [];
    const notices: string[] = [];
    const log: string[] = [];
    tokenAndNoConfig();
    coordinationsLookup(world, [10], 2);
    graphqlFrom(world, 2);
    patchBody(world, 10, []);
    gateWrites(world, comments, log);
    postComment(world, 40, notices);
    const event = labelEvent(world, "labeled", "gate:approved", "boss");
    await app.deliver("issues", event);
    const decision = comments.find((c) => c.includes("gate-decision")) ?? "";
    expect(decision).toMatch(/GO/);
    expect(decision).toContain("`boss`");
    expect(log).toContain("closed #30 (completed)");
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("#30");
    expect(parseState(world.issue(10).body)?.issues.find((i) => i.ref === "acme/app#40")?.status).toBe("ready");

    await app.deliver("issues", event);
    expect(world.issue(30).comments.filter((c) => c.author === BOT_LOGIN && c.body.includes("gate-decision"))).toHaveLength(1);
    expect(notices).toHaveLength(1);
  });

  it("a label added by a bot that is not a listed approver is removed like anyone else's", async () => {
    const world = seed({ closed12: true });
    world.addLabel(30, "gate:approved", "some-app[bot]");
    const app = await makeApp();
    const comments: string[] = [];
    const log: string[] = [];
    tokenAndNoConfig();
    appIdentity();
    coordinationsLookup(world, [10]);
    graphqlFrom(world);
    patchBody(world, 10, []);
    gateWrites(world, comments, log);
    nock(API).get("/repos/acme/app/collaborators/some-app%5Bbot%5D/permission").reply(404, { message: "Not Found" });
    await app.deliver("issues", labelEvent(world, "labeled", "gate:approved", "some-app[bot]", "Bot"));
    expect(comments.find((c) => c.includes("gate-decision"))).toMatch(/not an approver/);
    expect(log).toContain("-gate:approved #30");
    expect(world.issue(30).state).toBe("OPEN");
  });
});

describe("/nogo", () => {
  it("by an approver on the gate records NO-GO with its reason and the rejected label", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(30, "boss", "/nogo load tests failed");
    const comments: string[] = [];
    const log: string[] = [];
    tokenAndNoConfig();
    coordinationsLookup(world, [10]);
    graphqlFrom(world);
    patchBody(world, 10, []);
    gateWrites(world, comments, log);
    eyes([]);
    await app.deliver("issue_comment", commentPayload("created", world, 30, command));
    expect(log).toContain("+gate:rejected #30");
    expect(comments.find((c) => c.includes("gate-decision"))).toContain("load tests failed");
    const gates = parseState(world.issue(10).body)?.gates as Array<{ state: string }>;
    expect(gates[0]?.state).toBe("no-go");
    expect(parseState(world.issue(10).body)?.status).toBe("RED");
  });
});

describe("removing an approval", () => {
  it("from a gate that went GO reopens nothing silently: Coordinator says what changed and dependants wait again", async () => {
    const world = seed({ closed12: true });
    world.addLabel(30, "gate:approved", "boss");
    world.issue(40).labels.push("blocked");
    const app = await makeApp();
    const comments: string[] = [];
    const log: string[] = [];
    tokenAndNoConfig();
    coordinationsLookup(world, [10], 2);
    graphqlFrom(world, 3);
    patchBody(world, 10, [], 2);
    gateWrites(world, comments, log);
    postComment(world, 40, []);
    await app.deliver("issues", labelEvent(world, "labeled", "gate:approved", "boss"));
    expect(world.issue(30).state).toBe("CLOSED");
    expect(parseState(world.issue(10).body)?.issues.find((i) => i.ref === "acme/app#40")?.status).toBe("ready");

    world.issue(30).labels = world.issue(30).labels.filter((l) => l !== "gate:approved");
    log.length = 0;
    await app.deliver("issues", labelEvent(world, "unlabeled", "gate:approved", "boss"));
    expect(comments.filter((c) => c.includes("gate-decision")).pop()).toMatch(/was removed .*no longer counts as approved/s);
    expect(log).toEqual(["+blocked #40", "-ready #40"]);
    expect(parseState(world.issue(10).body)?.issues.find((i) => i.ref === "acme/app#40")?.status).toBe("blocked");
  });
});

describe("approvers from the configuration", () => {
  it("a member of a listed team approves: GO", async () => {
    const world = seed({ closed12: true });
    world.addLabel(30, "gate:approved", "carol");
    const app = await makeApp();
    const comments: string[] = [];
    const log: string[] = [];
    tokenAndConfig('approvers:\n  - "@acme/release"\n');
    nock(API).get("/orgs/acme/teams/release/memberships/carol").reply(200, { state: "active", role: "member" });
    coordinationsLookup(world, [10]);
    graphqlFrom(world);
    patchBody(world, 10, []);
    gateWrites(world, comments, log);
    await app.deliver("issues", labelEvent(world, "labeled", "gate:approved", "carol"));
    expect(comments.find((c) => c.includes("gate-decision"))).toMatch(/GO/);
    expect(log).toContain("closed #30 (completed)");
    expect(log).toContain("+ready #40");
  });
});

describe("approval cannot be forged or undone by label order", () => {
  it("remove `gate`, add `gate:approved`, add `gate` back (a triager, criteria unmet): refused, never GO", async () => {
    const world = seed();
    world.permissions.set("tina", "triage");
    world.issue(30).labels = [];
    world.addLabel(30, "gate:approved", "tina", "2026-11-27T09:40:00Z");
    world.addLabel(30, "gate", "tina", "2026-11-27T09:41:00Z");
    const app = await makeApp();
    const comments: string[] = [];
    const log: string[] = [];
    tokenAndNoConfig();
    coordinationsLookup(world, [10]);
    graphqlFrom(world);
    patchBody(world, 10, []);
    gateWrites(world, comments, log);
    // Only the last event: the approval was added while the issue was not a gate.
    await app.deliver("issues", labelEvent(world, "labeled", "gate", "tina"));
    expect(log).toContain("-gate:approved #30");
    expect(comments.find((c) => c.includes("gate-decision"))).toMatch(/`tina` is not an approver/);
    const gates = parseState(world.issue(10).body)?.gates as Array<{ state: string }>;
    expect(gates[0]?.state).toBe("pending");
    expect(world.issue(30).state).toBe("OPEN");
  });

  it("a missed label event is judged by the hourly reconcile from GitHub's record", async () => {
    const world = seed();
    world.permissions.set("tina", "triage");
    world.addLabel(30, "gate:approved", "tina");
    const app = await makeApp();
    const comments: string[] = [];
    const log: string[] = [];
    tokenAndNoConfig();
    graphqlFrom(world, 2);
    nock(API).get("/repos/acme/app/collaborators/tina/permission").reply(200, { permission: "read", role_name: "triage", user: { login: "tina" } });
    patchBody(world, 10, []);
    gateWrites(world, comments, log);
    app.coordinator.reconcile({ installationId: INSTALLATION_ID, owner: "acme", repo: "app", number: 10, body: world.issue(10).body });
    await app.coordinator.idle();
    expect(log).toContain("-gate:approved #30");
    expect(comments.find((c) => c.includes("gate-decision"))).toMatch(/not an approver/);
    expect(parseState(world.issue(10).body)?.issues.find((i) => i.ref === "acme/app#40")?.status).toBe("blocked");
  });

  it("an approval judged GO stays GO on later runs without asking again (the decision is the record)", async () => {
    const world = seed({ closed12: true });
    world.addLabel(30, "gate:approved", "boss");
    const app = await makeApp();
    const comments: string[] = [];
    tokenAndNoConfig();
    coordinationsLookup(world, [10], 2);
    graphqlFrom(world, 2);
    patchBody(world, 10, []);
    gateWrites(world, comments, []);
    await app.deliver("issues", labelEvent(world, "labeled", "gate:approved", "boss"));
    // boss loses maintain; the approval made while boss was an approver stands.
    world.permissions.set("boss", "read");
    await app.deliver("issues", { action: "edited", issue: issuePayload(world, 30), changes: { title: { from: "x" } }, repository: repositoryPayload(), sender: { login: "lead", type: "User" }, installation: { id: INSTALLATION_ID } });
    expect(comments.filter((c) => c.includes("gate-decision"))).toHaveLength(1);
    expect((parseState(world.issue(10).body)?.gates as Array<{ state: string }>)[0]?.state).toBe("go");
  });

  it("the app's own `gate:rejected` (from /nogo) is never judged as a person's: not removed, no refusal", async () => {
    const world = seed();
    const app = await makeApp();
    const command = world.addComment(30, "boss", "/nogo load tests failed");
    const comments: string[] = [];
    const log: string[] = [];
    tokenAndNoConfig();
    appIdentity();
    coordinationsLookup(world, [10]);
    graphqlFrom(world, 2);
    patchBody(world, 10, []);
    gateWrites(world, comments, log);
    eyes([]);
    await app.deliver("issue_comment", commentPayload("created", world, 30, command));
    expect(log.filter((l) => l.endsWith("#30"))).toEqual(["+gate:rejected #30"]);
    // The label event our own addition caused comes back: ignored.
    await app.deliver("issues", labelEvent(world, "labeled", "gate:rejected", BOT_LOGIN, "Bot"));
    // Any later run reads the timeline: the label was ours, the NO-GO stands.
    app.coordinator.reconcile({ installationId: INSTALLATION_ID, owner: "acme", repo: "app", number: 10, body: world.issue(10).body });
    await app.coordinator.idle();
    expect(log.filter((l) => l.endsWith("#30"))).toEqual(["+gate:rejected #30"]);
    expect(comments.filter((c) => c.includes("gate-decision"))).toHaveLength(1);
    expect((parseState(world.issue(10).body)?.gates as Array<{ state: string }>)[0]?.state).toBe("no-go");
  });
});
