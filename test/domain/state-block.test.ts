import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseState } from "../../src/domain/dashboard.js";
import {
  computeFingerprint,
  findStateLine,
  readStateLine,
  renderStateLine,
  STATE_PREFIX,
  STATE_SUFFIX,
  validateState,
} from "../../src/domain/state-block.js";
import type { CoordinationState } from "../../src/domain/types.js";
import { emptyState, hostileState, seedState } from "../fixtures/dashboard/states.js";
import { render } from "./dashboard-render.js";
import { stateArb } from "./state-arbitraries.js";

const wrap = (json: string): string => `${STATE_PREFIX}${json}${STATE_SUFFIX}`;

describe("the state line", () => {
  it("is written and read with the same prefix, and found again where it stands", () => {
    const line = renderStateLine(seedState());
    expect(line.startsWith(STATE_PREFIX)).toBe(true);
    expect(line.endsWith(STATE_SUFFIX)).toBe(true);
    expect(readStateLine(line)).toEqual(seedState());
    const text = `before\n${line}\nafter`;
    const found = findStateLine(text);
    expect(found?.line).toBe(line);
    expect(found && text.slice(0, found.end)).toBe(`before\n${line}`);
  });

  it("round-trips any state, hostile text included (property)", () => {
    expect(readStateLine(renderStateLine(hostileState()))).toEqual(hostileState());
    fc.assert(
      fc.property(stateArb, (state) => {
        const line = renderStateLine(state);
        expect(line.slice(STATE_PREFIX.length, -STATE_SUFFIX.length)).not.toContain("--");
        expect(readStateLine(line)).toEqual(state);
      }),
      { numRuns: 200 },
    );
  });

  it("reads the last state line, and nothing when there is none or it is not closed", () => {
    const first = renderStateLine(emptyState());
    const last = renderStateLine(seedState());
    expect(readStateLine(`${first}\n${last}`)).toEqual(seedState());
    expect(findStateLine("no state here")).toBeNull();
    expect(findStateLine(`${STATE_PREFIX}{"version":1}`)).toBeNull();
    expect(readStateLine(wrap("{not json"))).toBeNull();
  });
});

describe("validateState", () => {
  it("drops unknown fields", () => {
    const body = wrap(JSON.stringify({ ...emptyState(), extra: { __proto__: 1 } }));
    expect(readStateLine(body)).toEqual(emptyState());
    expect(Object.keys(readStateLine(body) ?? {})).not.toContain("extra");
  });

  it("reads gate entries of any shape through the state block: odd ones left out, old words understood", () => {
    const gates: unknown[] = [null, 3, [], { name: 7 }, { status: "rejected", title: "QA", ref: "owner/repo#5" }];
    const state = validateState({ ...emptyState(), gates });
    expect(state?.gates).toEqual([{ ref: "owner/repo#5", name: "QA", state: "no-go", done: 0, total: 0, unmet: [], status: "rejected", title: "QA" }]);
  });

  it("keeps a gate's recorded approval and drops one that is not a string", () => {
    const gate = { ref: "owner/repo#5", name: "QA", state: "go", done: 1, total: 1, unmet: [] };
    expect(validateState({ ...emptyState(), gates: [{ ...gate, approval: "abc" }] })?.gates[0]?.approval).toBe("abc");
    expect(validateState({ ...emptyState(), gates: [{ ...gate, approval: 7 }] })?.gates[0]).toEqual(gate);
  });

  it("is null for what is not a version-1 state, and for any list with an odd item (gates apart)", () => {
    expect(validateState(null)).toBeNull();
    expect(validateState({ ...emptyState(), version: 2 })).toBeNull();
    expect(validateState({ ...emptyState(), issues: [null] })).toBeNull();
    expect(validateState({ ...emptyState(), gates: {} })).toBeNull();
    expect(validateState({ ...emptyState(), gates: [null] })).toEqual(emptyState());
  });
});

describe("computeFingerprint", () => {
  it("ignores updatedAt, fingerprint and truncated", () => {
    const a = seedState();
    const b = { ...a, updatedAt: "2030-01-01T00:00:00Z", fingerprint: "x", truncated: ["y"] };
    expect(computeFingerprint(b)).toBe(computeFingerprint(a));
    expect(computeFingerprint(a)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("does not depend on key order", () => {
    const a = seedState();
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as unknown as CoordinationState;
    expect(computeFingerprint(reordered)).toBe(computeFingerprint(a));
  });

  it("changes with content", () => {
    const a = seedState();
    const b = { ...a, issues: a.issues.map((i, n) => (n === 0 ? { ...i, title: "changed" } : i)) };
    expect(computeFingerprint(b)).not.toBe(computeFingerprint(a));
    expect(computeFingerprint({ ...a, status: "RED" })).not.toBe(computeFingerprint(a));
  });

  it("survives the state block round trip", () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const parsed = parseState(render(state));
        expect(parsed && computeFingerprint(parsed)).toBe(computeFingerprint(state));
      }),
      { numRuns: 100 },
    );
  });
});
