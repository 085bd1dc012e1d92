import { describe, expect, it } from "vitest";
import { actorsToJudge, applicationDigest, gateRecords, latestApplication, planGate, type GateFacts, type GatePlanInput } from "../../src/domain/gate-approval.js";
import type { CriterionVerdict } from "../../src/domain/gate-checklist.js";
import { gateDecisionMarker } from "../../src/domain/gates.js";

const GATE = "acme/app#30";
const SELF = "coordinator[bot]";
const met: CriterionVerdict[] = [{ criterion: { line: 0, text: "#12", checked: false, kind: "issue", issues: ["acme/app#12"], wave: null }, met: true, evidence: "#12 closed" }];
const unmet: CriterionVerdict[] = [{ ...met[0]!, met: false, evidence: "#12 open (ready)" }];

function facts(extra: Partial<GateFacts> = {}): GateFacts {
  return { ref: GATE, open: true, hasApproved: false, hasRejected: false, approved: null, rejected: null, records: [], previousApproval: null, ...extra };
}

function plan(f: GateFacts, extra: Partial<GatePlanInput> = {}) {
  return planGate({
    facts: f,
    criteria: met,
    verdicts: new Map([
      ["boss", { allowed: true, reason: "has maintain permission" }],
      ["tina", { allowed: false, reason: "has triage permission; maintain or higher is needed" }],
    ]),
    nogo: [],
    self: SELF,
    labels: { approved: "gate:approved", rejected: "gate:rejected" },
    now: new Date("2026-11-27T10:00:00Z"),
    repo: { owner: "acme", repo: "app" },
    ...extra,
  });
}

const byBoss = { actor: "boss", at: "2026-11-27T09:30:00Z" };
const byTina = { actor: "tina", at: "2026-11-27T09:31:00Z" };
const record = (kind: string, digest: string, at = "2026-11-27T09:35:00Z") => ({ kind, digest, at });

describe("reading GitHub's record", () => {
  it("takes the latest addition of a label, whatever the case of its name", () => {
    const events = [
      { label: "gate:approved", actor: "boss", at: "2026-11-27T09:00:00Z" },
      { label: "Gate:Approved", actor: "tina", at: "2026-11-27T09:10:00Z" },
      { label: "gate", actor: "boss", at: "2026-11-27T09:20:00Z" },
    ];
    expect(latestApplication(events, "gate:approved")).toEqual({ actor: "tina", at: "2026-11-27T09:10:00Z" });
    expect(latestApplication(events, "gate:rejected")).toBeNull();
    expect(latestApplication(undefined, "gate:approved")).toBeNull();
  });

  it("reads back only this gate's decision markers", () => {
    const digest = applicationDigest("approved", byBoss);
    const records = gateRecords(GATE, [
      { body: `${gateDecisionMarker(GATE, "go", digest)}\n✅ GO`, createdAt: "t1" },
      { body: `${gateDecisionMarker("acme/app#31", "go", digest)}\n✅ GO`, createdAt: "t2" },
      { body: "a person's comment", createdAt: "t3" },
    ]);
    expect(records).toEqual([{ kind: "go", digest, at: "t1" }]);
  });
});

describe("planGate", () => {
  it("judges a new approval by an approver with criteria met: GO, recorded, gate closed", () => {
    const p = plan(facts({ hasApproved: true, approved: byBoss }));
    expect(p.state).toBe("go");
    expect(p.close).toBe(true);
    expect(p.approval).toBe(applicationDigest("approved", byBoss));
    expect(p.comments.map((c) => c.marker)).toEqual([gateDecisionMarker(GATE, "go", applicationDigest("approved", byBoss))]);
    expect(p.removeLabels).toEqual([]);
  });

  it.each<[string, Partial<GateFacts>, Partial<GatePlanInput>, string, string[]]>([
    ["a triager's approval: refused, label removed", { hasApproved: true, approved: byTina }, {}, "pending", ["gate:approved"]],
    ["an approver's approval with criteria unmet: NO-GO recorded, label removed", { hasApproved: true, approved: byBoss }, { criteria: unmet }, "pending", ["gate:approved"]],
    ["an approval whose author GitHub does not name: refused", { hasApproved: true, approved: null }, {}, "pending", ["gate:approved"]],
    ["an approval the app itself would have added: removed", { hasApproved: true, approved: { actor: SELF, at: "t" } }, {}, "pending", ["gate:approved"]],
    ["an approval judged GO before (its comment): GO, nothing written", { hasApproved: true, approved: byBoss, records: [record("go", applicationDigest("approved", byBoss))] }, {}, "go", []],
    ["an approval the sealed state recorded GO: GO, nothing written", { hasApproved: true, approved: byBoss, previousApproval: applicationDigest("approved", byBoss) }, {}, "go", []],
    ["a decision of 0.1 (GO posted after the label was added): GO", { hasApproved: true, approved: byBoss, records: [record("go", "0a1b2c3d")] }, {}, "go", []],
    ["an approval refused before whose removal failed: removed again, no second comment", { hasApproved: true, approved: byTina, records: [record("refused", applicationDigest("approved", byTina))] }, {}, "pending", ["gate:approved"]],
    ["a re-added approval after a GO: the new addition is judged (refused)", { hasApproved: true, approved: { actor: "tina", at: "2026-11-27T09:50:00Z" }, records: [record("go", applicationDigest("approved", byBoss))] }, {}, "pending", ["gate:approved"]],
  ])("%s", (_name, f, extra, state, removed) => {
    const p = plan(facts(f), extra);
    expect(p.state).toBe(state);
    expect(p.removeLabels).toEqual(removed);
    expect(p.close).toBe(false);
  });

  it("names the actor and the reason when it refuses", () => {
    const p = plan(facts({ hasApproved: true, approved: byTina }));
    expect(p.comments[0]?.body).toMatch(/`tina` is not an approver: has triage permission/);
  });

  it("says once that an approval which made the gate GO was taken away", () => {
    const go = record("go", applicationDigest("approved", byBoss));
    const first = plan(facts({ hasApproved: false, approved: byBoss, records: [go] }));
    expect(first.state).toBe("pending");
    expect(first.comments[0]?.body).toMatch(/no longer counts as approved/);
    const again = plan(facts({ hasApproved: false, approved: byBoss, records: [go, record("unapproved", applicationDigest("approved", byBoss))] }));
    expect(again.comments).toEqual([]);
  });

  it("rejection: an approver's label is a NO-GO that takes the approval away; a triager's is removed", () => {
    const go = record("go", applicationDigest("approved", byBoss));
    const rejected = plan(facts({ hasApproved: true, approved: byBoss, records: [go], hasRejected: true, rejected: { actor: "boss", at: "2026-11-27T09:40:00Z" } }));
    expect(rejected.state).toBe("no-go");
    expect(rejected.removeLabels).toEqual(["gate:approved"]);
    const refused = plan(facts({ hasRejected: true, rejected: byTina }));
    expect(refused.state).toBe("pending");
    expect(refused.removeLabels).toEqual(["gate:rejected"]);
    expect(refused.comments[0]?.body).toMatch(/`tina` is not an approver/);
  });

  it("the app's own rejected label (from /nogo) stands without judgement", () => {
    const p = plan(facts({ hasRejected: true, rejected: { actor: SELF, at: "t" } }));
    expect(p).toMatchObject({ state: "no-go", removeLabels: [], comments: [] });
  });

  it("/nogo records the NO-GO, adds the rejected label and removes an approval", () => {
    const p = plan(facts({ hasApproved: true, approved: byBoss, records: [record("go", applicationDigest("approved", byBoss))] }), { nogo: [{ login: "boss", reason: "load tests failed" }] });
    expect(p.state).toBe("no-go");
    expect(p.addLabels).toEqual(["gate:rejected"]);
    expect(p.removeLabels).toEqual(["gate:approved"]);
    expect(p.comments[0]?.body).toContain("load tests failed");
  });
});

describe("actorsToJudge", () => {
  it("asks about additions nobody judged, never about the app or judged ones", () => {
    expect(actorsToJudge(facts({ hasApproved: true, approved: byTina, hasRejected: true, rejected: { actor: "Boss", at: "t" } }), SELF)).toEqual(["tina", "boss"]);
    expect(actorsToJudge(facts({ hasApproved: true, approved: byBoss, records: [record("go", applicationDigest("approved", byBoss))] }), SELF)).toEqual([]);
    expect(actorsToJudge(facts({ hasRejected: true, rejected: { actor: SELF, at: "t" } }), SELF)).toEqual([]);
    expect(actorsToJudge(facts({ approved: byTina }), SELF)).toEqual([]);
  });
});
