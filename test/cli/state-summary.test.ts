import { describe, expect, it } from "vitest";
import { summariseState } from "../../src/cli/state-summary.js";
import { NOW, REPO, emptyState, seedState } from "../fixtures/dashboard/states.js";

describe("summariseState", () => {
  it("says the colour and why, progress, issues by status, the critical path, waves, workers, gates", () => {
    const state = seedState();
    const text = summariseState(state, REPO, NOW, "Miyabi");
    const lines = text.split("\n");
    expect(lines[0]).toBe(`#977 "Miyabi": ${state.status} (${state.statusReason})`);
    expect(lines[1]).toMatch(/^Progress: \d+\/\d+ done \(\d+%\), updated /);
    expect(text).toContain("Critical path: #987 → #988 → #989 → #991");
    expect(text).toMatch(/^Wave 1: /m);
    expect(text).toMatch(/^Worker 7 \(/m);
    for (const g of state.gates) expect(text).toContain(`Gate #${g.ref.split("#")[1]} ${g.name}: ${g.state.toUpperCase()}`);
  });

  it("stays short for an empty coordination", () => {
    expect(summariseState(emptyState(), REPO, NOW).split("\n")).toEqual(["#977: GREEN (nothing tracked yet)", "Progress: 0/0 done (0%), updated just now"]);
  });
});
