import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  DASHBOARD_END,
  DASHBOARD_START,
  parseState,
  renderDashboard,
  replaceDashboard,
  splitBody,
} from "../../src/domain/dashboard.js";
import { PARTS_NOTE } from "../../src/domain/dashboard-budget.js";
import { STATE_PREFIX } from "../../src/domain/state-block.js";
import type {
  CoordinationState,
} from "../../src/domain/types.js";
import { emptyState, hostileState, NOW, REPO, seedState } from "../fixtures/dashboard/states.js";
import { renderContext, renderStatus } from "../../src/domain/status-replies.js";
import { contextFacts } from "../../src/domain/issue-context.js";
import { decideApproval, renderGateBody } from "../../src/domain/gates.js";
import { renderSynthesis } from "../../src/domain/synthesis.js";
import { hostileRendering } from "./rendered.js";
import { PINGS, render, visible } from "./dashboard-render.js";
import { stateArb, userText } from "./state-arbitraries.js";


describe("golden files", () => {
  const goldens: [string, () => CoordinationState][] = [
    ["empty", emptyState],
    ["seed", seedState],
    ["hostile", hostileState],
  ];
  it.each(goldens)("%s.md", (name, build) => {
    const expected = readFileSync(new URL(`../fixtures/dashboard/${name}.md`, import.meta.url), "utf8");
    expect(render(build()) + "\n").toBe(expected);
  });

  it("the hostile golden pings nobody and keeps one pair of markers", () => {
    const block = render(hostileState());
    expect(visible(block)).not.toMatch(PINGS);
    expect(block.split(DASHBOARD_START)).toHaveLength(2);
    expect(block.split(DASHBOARD_END)).toHaveLength(2);
    expect(block.split("<!--")).toHaveLength(4); // start, state, end
    expect(visible(block)).not.toContain("javascript:");
    expect(parseState(block)).toEqual(hostileState());
  });
});

describe("splitBody / replaceDashboard", () => {
  const block = render(emptyState());
  const S = DASHBOARD_START;
  const E = DASHBOARD_END;

  const splits: [string, string, { before: string; dashboard: string | null; after: string }][] = [
    ["no markers", "hello", { before: "hello", dashboard: null, after: "" }],
    ["empty body", "", { before: "", dashboard: null, after: "" }],
    ["one block", `a\n${S}x${E}\nb`, { before: "a\n", dashboard: `${S}x${E}`, after: "\nb" }],
    ["start without end", `a ${S} b`, { before: `a ${S} b`, dashboard: null, after: "" }],
    ["end without start", `a ${E} b`, { before: `a ${E} b`, dashboard: null, after: "" }],
    ["end before the block", `${E}a${S}x${E}b`, { before: `${E}a`, dashboard: `${S}x${E}`, after: "b" }],
    ["two starts: the nearest one", `${S}a${S}x${E}b`, { before: `${S}a`, dashboard: `${S}x${E}`, after: "b" }],
    ["two blocks: the first", `${S}x${E}m${S}y${E}`, { before: "", dashboard: `${S}x${E}`, after: `m${S}y${E}` }],
    ["end glued to start", `${S}${E}`, { before: "", dashboard: `${S}${E}`, after: "" }],
    ["overlapping marker text", `<!-- coordinator:dashboard:start ${E}`, {
      before: `<!-- coordinator:dashboard:start ${E}`,
      dashboard: null,
      after: "",
    }],
  ];
  it.each(splits)("split: %s", (_name, body, expected) => {
    expect(splitBody(body)).toEqual(expected);
  });

  const appends: [string, string, string][] = [
    ["empty body", "", block],
    ["no trailing newline", "Plan", `Plan\n\n${block}`],
    ["one trailing newline", "Plan\n", `Plan\n\n${block}`],
    ["blank line already", "Plan\n\n", `Plan\n\n${block}`],
    ["CRLF blank line already", "Plan\r\n\r\n", `Plan\r\n\r\n${block}`],
    ["trailing spaces", "Plan  ", `Plan  \n\n${block}`],
  ];
  it.each(appends)("append: %s", (_name, body, expected) => {
    expect(replaceDashboard(body, block)).toBe(expected);
  });

  it("never loses the text after an orphaned start marker, across repeated writes", () => {
    const body = `Plan\n${S}\nnotes the orchestrator keeps\n`;
    const once = replaceDashboard(body, block);
    expect(once.startsWith(body)).toBe(true);
    const twice = replaceDashboard(once, render(seedState()));
    expect(twice.startsWith(body)).toBe(true);
    expect(parseState(twice)).toEqual(seedState());
    expect(replaceDashboard(twice, block)).toBe(once);
  });

  it("changes only the marked region (property)", () => {
    fc.assert(
      fc.property(userText, userText, stateArb, stateArb, (before, after, s1, s2) => {
        const old = render(s1);
        const next = render(s2);
        const body = before + old + after;
        const replaced = replaceDashboard(body, next);
        expect(replaced).toBe(before + next + after);
        expect(splitBody(replaced)).toEqual({ before, dashboard: next, after });
        expect(parseState(replaced)).toEqual(s2);
      }),
      { numRuns: 200 },
    );
  });

  it("appends to a body without a dashboard, keeping it as a prefix (property)", () => {
    fc.assert(
      fc.property(userText, stateArb, (body, state) => {
        const block2 = render(state);
        const replaced = replaceDashboard(body, block2);
        expect(replaced.startsWith(body)).toBe(true);
        expect(replaced.endsWith(block2)).toBe(true);
        expect(splitBody(replaced).dashboard).toBe(block2);
      }),
      { numRuns: 200 },
    );
  });
});

describe("parseState", () => {
  it("round-trips any state through a body (property)", () => {
    fc.assert(
      fc.property(userText, stateArb, (body, state) => {
        const parsed = parseState(replaceDashboard(body, render(state)));
        expect(parsed).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it("ignores a state block outside the markers", () => {
    const fake = `${STATE_PREFIX}${JSON.stringify({ ...seedState(), coordination: "fake/fake#1" })} -->`;
    expect(parseState(fake)).toBeNull();
    expect(parseState(`${fake}\n\nPlan`)).toBeNull();
    const body = replaceDashboard(`${fake}\n\nPlan`, render(emptyState()));
    expect(parseState(body)).toEqual(emptyState());
    expect(parseState(body + `\n${fake}`)).toEqual(emptyState());
  });

  const valid = JSON.stringify(emptyState());
  const wrap = (json: string): string => `${DASHBOARD_START}\n${STATE_PREFIX}${json} -->\n${DASHBOARD_END}`;
  const bad: [string, string][] = [
    ["no state block", `${DASHBOARD_START}\nhi\n${DASHBOARD_END}`],
    ["unclosed comment", `${DASHBOARD_START}\n${STATE_PREFIX}${valid}\n${DASHBOARD_END}`],
    ["not JSON", wrap("{nope")],
    ["JSON null", wrap("null")],
    ["JSON array", wrap("[1]")],
    ["version 2", wrap(valid.replace('"version":1', '"version":2'))],
    ["missing field", wrap(JSON.stringify({ ...emptyState(), fingerprint: undefined }))],
    ["bad status", wrap(valid.replace('"GREEN"', '"BLUE"'))],
    ["progress not numbers", wrap(valid.replace('"done":0', '"done":"0"'))],
    ["issues not an array", wrap(valid.replace('"issues":[]', '"issues":{}'))],
    [
      "issue with a wrong type",
      wrap(JSON.stringify({ ...seedState(), issues: [{ ...seedState().issues[0], number: "970" }] })),
    ],
    ["truncated not strings", wrap(JSON.stringify({ ...emptyState(), truncated: [1] }))],
    ["deeply nested", wrap("[".repeat(100_000) + "]".repeat(100_000))],
  ];
  it.each(bad)("returns null: %s", (_name, body) => {
    expect(parseState(body)).toBeNull();
  });

});

// ---------------------------------------------------------------------------
// Issue 9, "echoed text stays text": an issue titled as an image (or a link, an autolink, a
// mention, HTML) is shown as those characters wherever the app writes it. Checked by rendering
// the output with a CommonMark parser that has GFM's autolinks on (test/domain/rendered.ts).

describe("hostile titles stay text: dashboard, /context, /status, gates, Team Status, notices", () => {
  const TITLES = [
    "![x](https://evil.example/p.png)",
    "[click me](https://evil.example/login) and [ref][1]\n\n[1]: https://evil.example/r",
    "see https://evil.example/a or www.evil.example or <https://evil.example/b> or mail a@evil.example",
    "@org/team @alice &#64;bob \\@carol",
    "<img src=x onerror=alert(1)> <details open><summary>x</summary> <!-- hidden",
  ];
  const r = (n: number) => `owner/repo#${n}`;
  const hostile = (): CoordinationState => {
    const base = seedState();
    const t = (n: number) => TITLES[n % TITLES.length] ?? "";
    return {
      ...base,
      issues: base.issues.map((i, n) => ({ ...i, title: t(n), worker: t(n + 1) })),
      reports: base.reports.map((rep, n) => ({ ...rep, worker: t(n), phase: t(n + 2), summary: t(n + 3) })),
      urgent: base.urgent.map((u, n) => ({ ...u, summary: t(n) })),
      workers: base.workers.map((w, n) => ({ ...w, id: t(n) })),
      statusReason: t(0),
      gates: [{ name: t(0), ref: r(993), state: "pending", done: 0, total: 2, unmet: [t(1)] }],
    };
  };
  /** What renders from user text: links or images to evil.example, mentions, HTML other than ours, comments. */
  const fromUser = (markdown: string) =>
    hostileRendering(markdown).filter((p) => !/^link or image to https:\/\/github\.com\//.test(p) && !/^HTML <\/?(details|summary|sub)>$/.test(p));

  it("in the dashboard", () => {
    const block = render(hostile());
    const md = visible(block).replace(DASHBOARD_START, "");
    expect(fromUser(md), md).toEqual([]);
    expect(md).toContain(`\\!\\[x\\](https\u200D://evil.example/p.png)`);
    // Our markers are the only comments: start, state and end.
    expect(block.split("<!--")).toHaveLength(4);
    expect(parseState(block)).toEqual(hostile());
  });

  it("in /context and /status", () => {
    const state = hostile();
    for (const ref of state.issues.map((i) => i.ref)) {
      const reply = renderContext(contextFacts(state, ref, NOW), ref, { repo: REPO, now: NOW });
      // The facts as JSON follow in a code fence, where nothing renders.
      const markdown = reply.slice(0, reply.indexOf("```json"));
      expect(fromUser(markdown)).toEqual([]);
      expect(markdown).not.toMatch(/!\[x\]\(https:/);
    }
    expect(fromUser(renderStatus(state, { repo: REPO, now: NOW }))).toEqual([]);
  });

  it("in a gate's body and its decision comments", () => {
    for (const title of TITLES) {
      const body = renderGateBody(title, [], REPO, title);
      expect(body.startsWith("<!-- coordinator:gate -->\n")).toBe(true);
      expect(fromUser(body.split("\n").slice(1).join("\n"))).toEqual([]);
      const verdicts = [
        { criterion: { line: 2, text: title, checked: false, kind: "manual" as const, issues: [], wave: null }, met: false, evidence: title },
        { criterion: { line: 3, text: title, checked: true, kind: "manual" as const, issues: [], wave: null }, met: true, evidence: title },
      ];
      for (const approverAllowed of [true, false]) {
        for (const list of [verdicts, verdicts.slice(1)]) {
          const decision = decideApproval({ gate: r(993), approver: "dana", approverAllowed, approverReason: title, verdicts: list, now: NOW, repo: REPO });
          expect(fromUser(decision.body.split("\n").slice(1).join("\n"))).toEqual([]);
        }
      }
    }
  });

  it("in the Team Status synthesis", () => {
    const body = renderSynthesis({ state: hostile(), now: NOW, timeZone: "UTC", staleAfterHours: 24, previousAt: null, repo: REPO });
    expect(fromUser(body.split("\n").slice(1).join("\n"))).toEqual([]);
  });
});

describe("renderDashboard with state comments", () => {
  it("writes the same Markdown and a state line that lists the comments instead of the graph lists", () => {
    const state = seedState();
    const parts = [{ id: 7, node: "IC_7", digest: "0123456789abcdef0123456789abcdef" }];
    const plain = renderDashboard(state, { now: NOW, repo: REPO });
    const block = renderDashboard(state, { now: NOW, repo: REPO, parts });
    expect(block.slice(0, block.indexOf(STATE_PREFIX))).toBe(plain.slice(0, plain.indexOf(STATE_PREFIX)));
    expect(parseState(block)?.parts).toEqual(parts);
    expect(parseState(block)?.edges).toEqual([]);
    expect(parseState(block)?.truncated).toEqual([PARTS_NOTE]);
    expect(parseState(plain)?.parts).toBeUndefined();
  });
});
