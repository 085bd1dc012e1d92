import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseCriteria, type CriterionVerdict } from "../../src/domain/gate-checklist.js";
import { decideApproval, GATE_MARKER, gateDecisionMarker, renderGateBody, summariseGate } from "../../src/domain/gates.js";
import type { IssueRef } from "../../src/domain/types.js";
import { criterion, CTX, key, LABELS } from "./gate-fixtures.js";

describe("renderGateBody", () => {
  const refs: IssueRef[] = [
    { owner: "acme", repo: "app", number: 972 },
    { owner: "Other", repo: "Repo", number: 5 },
    { owner: "acme", repo: "app", number: 972 },
  ];

  it("writes the marker, one unticked criterion per issue, and the hint", () => {
    const body = renderGateBody("Phase 1: Database Ready", refs, CTX);
    expect(body.startsWith(GATE_MARKER)).toBe(true);
    expect(body).toContain("Phase 1: Database Ready");
    expect(body).toContain("- [ ] #972\n- [ ] Other/Repo#5\n");
    expect(body).toContain("for people to tick");
    expect(body).toContain("`gate:approved`");
  });

  it("round-trips: each issue becomes an issue criterion, and the hint adds none", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ owner: fc.constantFrom("acme", "other"), repo: fc.constantFrom("app", "lib"), number: fc.integer({ min: 1, max: 99_999 }) }), { maxLength: 30 }),
        fc.string({ maxLength: 120 }),
        (after, name) => {
          const criteria = parseCriteria(renderGateBody(name, after, CTX), CTX);
          const unique = [...new Set(after.map((r) => `${r.owner}/${r.repo}#${r.number}`))];
          expect(criteria.map((c) => c.issues)).toEqual(unique.map((k) => [k]));
          expect(criteria.every((c) => c.kind === "issue" && !c.checked)).toBe(true);
        },
      ),
    );
  });

  it("escapes the name: no pings, no markup, no marker breaking", () => {
    const body = renderGateBody("@team <!-- x --> | `y`\n- [ ] #9", [], CTX);
    expect(body).not.toMatch(/@(?!\u200D)/);
    expect(body).not.toContain("<!-- x");
    expect(parseCriteria(body, CTX)).toEqual([]);
  });
});

describe("summariseGate", () => {
  const verdicts: CriterionVerdict[] = [
    { criterion: criterion({ kind: "issue", issues: [key(1)], text: "#1" }), met: true, evidence: "#1 closed" },
    { criterion: criterion({ text: "Docs reviewed" }), met: false, evidence: "not ticked" },
  ];

  it.each<[string[], boolean, string]>([
    [[], false, "pending"],
    [["gate"], true, "pending"],
    [["gate", "gate:approved"], true, "go"],
    [["gate", "Gate:Approved"], false, "go"],
    [["gate", "gate:rejected"], false, "no-go"],
  ])("labels %j closed=%s → %s", (labels, closed, state) => {
    expect(summariseGate(key(5), "Gate: Phase 2 exit", labels, closed, verdicts, LABELS)).toEqual({
      ref: key(5),
      name: "Phase 2 exit",
      state,
      met: 1,
      total: 2,
      unmet: ["Docs reviewed — not ticked"],
    });
  });

  it("keeps a title without the Gate prefix", () => {
    expect(summariseGate(key(5), "  Release   sign-off ", [], false, [], LABELS).name).toBe("Release sign-off");
  });
});

describe("decideApproval", () => {
  const met: CriterionVerdict[] = [
    { criterion: criterion({ kind: "issue", issues: [key(972)], text: "#972 closed" }), met: true, evidence: "#972 closed" },
    { criterion: criterion({ kind: "wave", wave: 1, text: "all of wave 1" }), met: true, evidence: "wave 1: 3 of 3 done" },
    { criterion: criterion({ checked: true, text: "Reviewed by @carol" }), met: true, evidence: "ticked by a person" },
  ];
  const unmet: CriterionVerdict[] = [met[0] as CriterionVerdict, { criterion: criterion({ text: "Docs reviewed" }), met: false, evidence: "not ticked" }];
  const base = {
    gate: key(980),
    approver: "alice",
    approverAllowed: true,
    approverReason: "maintain permission",
    verdicts: met,
    now: new Date("2026-11-27T10:30:00.000Z"),
    repo: CTX,
  };
  const markerOf = (body: string) => body.split("\n")[0] ?? "";

  it("refuses someone who is not an approver", () => {
    const d = decideApproval({ ...base, approver: "@mallory", approverAllowed: false, approverReason: "needs maintain permission (has write), ask @admins" });
    expect(d.kind).toBe("refused");
    expect(d.body).toContain("`mallory` is not an approver: needs maintain permission (has write), ask @\u200Dadmins, label removed");
    expect(markerOf(d.body)).toMatch(/^<!-- coordinator:gate-decision:acme\/app#980:refused:[0-9a-f]{8} -->$/);
  });

  it("says NO-GO with each unmet criterion and its evidence", () => {
    const d = decideApproval({ ...base, verdicts: unmet });
    expect(d.kind).toBe("no-go");
    expect(d.body).toContain("NO-GO");
    expect(d.body).toContain("1 of 2 criteria are unmet");
    expect(d.body).toContain("- ❌ Docs reviewed — not ticked");
    expect(d.body).not.toContain("#972 closed — #972 closed");
    expect(markerOf(d.body)).toMatch(/:no-go:[0-9a-f]{8} -->$/);
  });

  it("says GO with who, when and every criterion with its evidence", () => {
    const d = decideApproval(base);
    expect(d.kind).toBe("go");
    expect(d.body).toContain("approved by `alice` at 2026-11-27T10:30:00.000Z");
    expect(d.body).toContain("- ✅ #972 closed — #972 closed");
    expect(d.body).toContain("- ✅ all of wave 1 — wave 1: 3 of 3 done");
    expect(d.body).toContain("- ✅ Reviewed by @\u200Dcarol — ticked by a person");
    expect(d.body).toContain("gate #980");
  });

  it("approves a gate without criteria", () => {
    expect(decideApproval({ ...base, verdicts: [] }).kind).toBe("go");
  });

  it("gives the same marker for the same decision, and another for another approver or other criteria", () => {
    const first = markerOf(decideApproval(base).body);
    expect(markerOf(decideApproval({ ...base, now: new Date("2026-12-01T00:00:00Z"), verdicts: [...met].reverse() }).body)).toBe(first);
    expect(markerOf(decideApproval({ ...base, approver: "Alice" }).body)).toBe(first);
    expect(markerOf(decideApproval({ ...base, approver: "bob" }).body)).not.toBe(first);
    const flipped = met.map((v, i) => (i === 2 ? { ...v, criterion: { ...v.criterion, text: "Reviewed by carol" } } : v));
    expect(markerOf(decideApproval({ ...base, verdicts: flipped }).body)).not.toBe(first);
    expect(first).toBe(gateDecisionMarker(key(980), "go", first.split(":").pop()?.replace(" -->", "") ?? ""));
  });

  it("never pings and never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), fc.boolean(), fc.boolean(), (approver, reason, text, allowed, ok) => {
        const verdicts: CriterionVerdict[] = [{ criterion: criterion({ text }), met: ok, evidence: text }];
        const d = decideApproval({ ...base, approver, approverReason: reason, approverAllowed: allowed, verdicts, now: new Date(Number.NaN) });
        expect(d.body).not.toMatch(/@(?!\u200D)/);
        expect(d.body.indexOf("-->")).toBe(d.body.split("\n")[0]?.indexOf("-->"));
      }),
    );
  });

  it("keeps markers to safe characters", () => {
    expect(gateDecisionMarker("Acme/App#1 -->", "GO:x", "ab<>")).toBe("<!-- coordinator:gate-decision:acme/app#1--:gox:ab -->");
  });
});
