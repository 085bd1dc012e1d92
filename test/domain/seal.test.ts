import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderDashboard, replaceDashboard } from "../../src/domain/dashboard.js";
import { hmacSealer, SEAL_LINE_LENGTH, sealBlock, sealedState } from "../../src/domain/seal.js";
import type { CoordinationState, StateReport } from "../../src/domain/types.js";
import { emptyState, NOW, REPO } from "../fixtures/dashboard/states.js";

const seal = hmacSealer("app key");
const COORD = "owner/repo#977";

function report(commentId: number, author: string): StateReport {
  return { kind: "report", commentId, on: COORD, url: "u", author, at: "2025-11-18T08:00:00Z", summary: "", worker: "3", phase: "1", issue: "owner/repo#12", status: "complete", durationMinutes: null, blockers: [], created: [] };
}

function body(state: CoordinationState, sealer = seal): string {
  return replaceDashboard("Plan: #12\n", sealBlock(renderDashboard(state, { now: NOW, repo: REPO }), sealer));
}

const state: CoordinationState = { ...emptyState(), reports: [report(5, "worker3")] };

describe("sealed state blocks", () => {
  it("reads back a block the app sealed for this coordination", () => {
    expect(sealedState(body(state), COORD, seal)?.reports.map((r) => r.commentId)).toEqual([5]);
  });

  it("adds exactly one seal line of the announced length", () => {
    const block = renderDashboard(state, { now: NOW, repo: REPO });
    expect(sealBlock(block, seal).length - block.length).toBe(SEAL_LINE_LENGTH);
  });

  it.each<[string, (b: string) => string]>([
    ["a report added to the JSON", (b) => b.replace('"reports":[', `"reports":[${JSON.stringify(report(6, "mallory"))},`)],
    ["an author changed", (b) => b.replace('"author":"worker3"', '"author":"mallory"')],
    ["the seal removed", (b) => b.replace(/\n<!-- coordinator:seal [0-9a-f]+ -->/, "")],
    ["the seal changed", (b) => b.replace(/(<!-- coordinator:seal )([0-9a-f])/, (_m, p: string, c: string) => p + (c === "0" ? "1" : "0"))],
    ["a second state block appended inside the dashboard", (b) => b.replace("<!-- coordinator:dashboard:end -->", `<!-- coordinator:state ${JSON.stringify({ ...state, reports: [] })} -->\n<!-- coordinator:dashboard:end -->`)],
  ])("ignores a block with %s", (_name, tamper) => {
    const tampered = tamper(body(state));
    expect(tampered).not.toBe(body(state));
    expect(sealedState(tampered, COORD, seal)).toBeNull();
  });

  it("ignores a block sealed with another key, or for another coordination", () => {
    expect(sealedState(body(state, hmacSealer("another key")), COORD, seal)).toBeNull();
    expect(sealedState(body(state), "owner/repo#978", seal)).toBeNull();
  });

  it("ignores an unsealed block (a dashboard written before seals, or by hand)", () => {
    const unsealed = replaceDashboard("Plan\n", renderDashboard(state, { now: NOW, repo: REPO }));
    expect(sealedState(unsealed, COORD, seal)).toBeNull();
  });

  it("any one-character change inside the state line breaks the seal", () => {
    const sealed = body(state);
    const start = sealed.lastIndexOf("<!-- coordinator:state ");
    const end = sealed.indexOf("-->", start) + 3;
    fc.assert(
      fc.property(fc.integer({ min: start, max: end - 1 }), fc.string({ minLength: 1, maxLength: 1 }), (at, ch) => {
        fc.pre(sealed[at] !== ch);
        const changed = sealed.slice(0, at) + ch + sealed.slice(at + 1);
        expect(sealedState(changed, COORD, seal)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
