import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_THRESHOLDS, type SynthesisThresholds } from "../../src/domain/go-no-go.js";
import { renderSynthesis, SYNTHESIS_MAX_CHARS } from "../../src/domain/synthesis.js";
import { parseSynthesisMarker, synthesisMarker } from "../../src/domain/synthesis-marker.js";
import { oddStateArb } from "./state-arbitraries.js";
import { ago, done, input, issue, key, NOW, PINGS, render, report, sectionOf, standup, state, urgent, worker } from "./synthesis-fixtures.js";
import type {
  CoordinationState,
  StateIssue,
  StateReport,
  StateUrgent,
  StateWorker,
} from "../../src/domain/types.js";

// ---------------------------------------------------------------------------

describe("the day and its marker in the body", () => {
  it("puts the zone's date in the heading", () => {
    const s = state({ issues: [issue(1)] });
    const late = new Date("2025-11-18T23:30:00Z");
    expect(render(s, { now: late, timeZone: "Asia/Tokyo" })).toContain("## Team Status - 2025-11-19\n");
    expect(render(s, { now: late, timeZone: "America/New_York" })).toContain("## Team Status - 2025-11-18\n");
    const fallBack = new Date("2025-11-03T04:30:00Z");
    const body = render(s, { now: fallBack, timeZone: "America/New_York" });
    expect(body).toContain("## Team Status - 2025-11-02\n");
    expect(body).toContain("As of 2025-11-02 23:30 America/New_York.");
    expect(parseSynthesisMarker(body)).toEqual({ date: "2025-11-02", at: "2025-11-03T04:30:00.000Z" });
  });

  it("round-trips through render and parse, and the body starts with the day's marker", () => {
    const body = render(state({ issues: [issue(1)] }));
    expect(body.split("\n")[0]).toBe(synthesisMarker("2025-11-18", NOW.toISOString()));
    expect(body.startsWith(synthesisMarker("2025-11-18"))).toBe(true);
    expect(body.startsWith(synthesisMarker("2025-11-17"))).toBe(false);
    expect(parseSynthesisMarker(body)).toEqual({ date: "2025-11-18", at: "2025-11-18T09:00:00.000Z" });
  });
});

describe("the Go/No-Go in the body", () => {
  const calm = () =>
    state({
      issues: [done(1), issue(2, { status: "in_progress", worker: "1" }), issue(3, { status: "blocked", blockedBy: [key(2)] })],
      criticalPath: [key(2), key(3)],
      workers: [worker("1")],
    });

  it("is the colour the synthesis shows, with the rule, and the rules are spelled out", () => {
    const s = { ...calm(), urgent: [urgent(2)] };
    const body = render(s, { thresholds: { ...DEFAULT_THRESHOLDS, yellowOnStaleWorkers: 3 } });
    expect(body).toContain("**Go/No-Go Status**: 🔴 RED — urgent item open on #2");
    expect(body).toContain(
      "<sub>RED on an open urgent item, a blocked issue on the critical path, a NO-GO gate; YELLOW on 3 stale workers or more, 1 blocked issue or more off the critical path, a dependency cycle; GREEN otherwise.",
    );
    const off = render(s, {
      thresholds: {
        redOnUrgent: false,
        redOnBlockedCriticalPath: false,
        redOnRejectedGate: false,
        yellowOnStaleWorkers: 0,
        yellowOnBlocked: 0,
        yellowOnCycles: false,
      },
    });
    expect(off).toContain("🟢 GREEN");
    expect(off).toContain("<sub>RED never; YELLOW never; GREEN otherwise.");
  });

  it("never throws on odd input: an invalid clock, an unknown zone, odd hours, a previous time that is not one", () => {
    const body = renderSynthesis(input(calm(), { now: new Date(Number.NaN), timeZone: "Nowhere/Else", staleAfterHours: Number.NaN, previousAt: "soon" }));
    expect(parseSynthesisMarker(body)?.date).toBe("1970-01-01");
    expect(body).toContain("## Team Status - 1970-01-01");
    expect(renderSynthesis(input(calm(), { thresholds: null as unknown as SynthesisThresholds }))).toContain("🟢 GREEN");
  });

  it("lets a programming error through instead of a degraded body", () => {
    // Not a state (issues is null): the error reaches the shell's log rather than a body that
    // says nothing about why.
    const broken = { ...calm(), issues: null } as unknown as CoordinationState;
    expect(() => renderSynthesis(input(broken))).toThrow(TypeError);
  });

  it("never throws on a state of the documented shape, however odd its values (property)", () => {
    fc.assert(
      fc.property(oddStateArb, fc.constantFrom("UTC", "Asia/Tokyo", "", "Mars/Base"), fc.double(), fc.option(fc.string()), fc.array(fc.option(fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())))), (s, timeZone, hours, previousAt, closes) => {
        const closedAt = new Map(s.issues.map((i, n) => [i.ref, closes[n % Math.max(1, closes.length)] ?? null]));
        const body = renderSynthesis(input(s, { timeZone, staleAfterHours: hours, previousAt, closedAt }));
        expect(body.length).toBeLessThanOrEqual(SYNTHESIS_MAX_CHARS);
        expect(parseSynthesisMarker(body)).not.toBeNull();
        expect(body).not.toMatch(PINGS);
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------
// Hostile text and size

const HOSTILE = [
  "@alice please look",
  "\\@bob",
  "&#64;carol",
  "&commat;dave",
  "-->",
  "<!-- coordinator:synthesis:2099-01-01 -->",
  "a | b | c",
  "`unclosed",
  "line\n## Fake heading\n- [x] item",
  "\u202Eevil",
  "<img src=x onerror=alert(1)>",
  "[click](javascript:alert(1))",
  "**bold** _em_",
];

function hostileState(texts: string[]): CoordinationState {
  const t = (n: number) => texts[n % texts.length] ?? "";
  const issues: StateIssue[] = [];
  const reports: StateReport[] = [];
  const urgents: StateUrgent[] = [];
  const workers: StateWorker[] = [];
  const statuses: StateIssue["status"][] = ["done", "in_progress", "blocked", "ready", "blocked"];
  for (let n = 1; n <= 20; n++) {
    const status = statuses[n % statuses.length] ?? "ready";
    issues.push(
      issue(n, {
        title: t(n),
        status,
        blockedBy: status === "blocked" ? [key(n - 1)] : [],
        worker: t(n + 1),
        assignees: [t(n + 2)],
        wave: n % 3,
      }),
    );
    reports.push(
      report({
        issue: key(n),
        worker: t(n + 3),
        author: t(n + 4),
        phase: t(n + 5),
        summary: t(n + 6),
        status: status === "done" ? "complete" : status === "blocked" ? "blocked" : "in_progress",
        at: ago(n),
        durationMinutes: 30,
      }),
    );
    reports.push(standup({ issue: key(n), worker: t(n + 1), at: ago(n / 2), durationMinutes: 60 }));
    if (n % 4 === 0) urgents.push(urgent(n, { summary: t(n + 7), author: t(n + 8) }));
    workers.push(worker(t(n), { login: t(n + 9), issue: key(n), lastReportAt: ago(n * 5) }));
  }
  return state({
    issues,
    reports,
    urgent: urgents,
    workers,
    criticalPath: [key(1), key(2), key(3)],
    cycles: [[key(4), key(5)]],
    gates: [{ name: t(0), ref: key(900), state: "no-go", done: 0, total: 1, unmet: [t(1)] }],
  });
}

function assertSafe(body: string): void {
  expect(body).not.toMatch(PINGS);
  // Our two hidden comments on the first line, and no other comment opened or closed.
  expect(body.match(/<!--/g)?.length).toBe(2);
  expect(body.match(/-->/g)?.length).toBe(2);
  expect(parseSynthesisMarker(body)).toEqual({ date: "2025-11-18", at: NOW.toISOString() });
  // Raw HTML from user text never survives: the only tags are ours.
  expect(body.replace(/<\/?sub>/g, "").replace(/<!--[^\n]*?-->/g, "")).not.toMatch(/<[A-Za-z/!]/);
  // Headings and list items are only ours: every line is one we start.
  for (const line of body.split("\n").slice(1)) {
    if (line.startsWith("#")) expect(line).toMatch(/^## Team Status - \d{4}-\d{2}-\d{2}$/);
  }
  expect(body).not.toMatch(/\u202E/);
}

describe("hostile text", () => {
  it("neither pings nor breaks the Markdown or the marker", () => {
    const body = render(hostileState(HOSTILE));
    assertSafe(body);
    // Escaped, not dropped.
    expect(body).toContain("@\u200Dalice please look");
    expect(body).toContain("a \\| b \\| c");
    expect(body).toContain("--&gt;");
    expect(body).toContain("line ## Fake heading - \\[x\\] item");
  });

  it("holds for any text (property)", () => {
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), fc.constantFrom(...HOSTILE));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 12 }), (texts) => {
        assertSafe(render(hostileState(texts)));
      }),
      { numRuns: 60 },
    );
  });
});

describe("size", () => {
  it("stays under the cap with 2,000 issues, saying how many more there are", () => {
    const statuses: StateIssue["status"][] = ["done", "in_progress", "blocked", "ready"];
    const long = "Ünïcödé title with | pipes and @mentions ".repeat(10);
    const issues = Array.from({ length: 2000 }, (_, k) => {
      const n = k + 1;
      const status = statuses[n % 4] ?? "ready";
      return issue(n, {
        title: `${long}${n}`,
        status,
        blockedBy: status === "blocked" ? Array.from({ length: 30 }, (_, b) => key(((n + b) % 2000) + 1)) : [],
        worker: `w${n % 300}`,
        wave: n % 40,
        estimateMinutes: 60,
      });
    });
    const reports = issues.map((i, k) =>
      report({
        issue: i.ref,
        worker: `w${k % 300}`,
        status: i.status === "done" ? "complete" : i.status === "blocked" ? "blocked" : "in_progress",
        phase: `Phase ${k % 100} ${long}`,
        at: ago((k % 20) + 1),
      }),
    );
    const workers = Array.from({ length: 300 }, (_, k) => worker(`w${k}`, { lastReportAt: ago(48), login: `login-${k}` }));
    const s = state({
      issues,
      reports,
      workers,
      urgent: issues.filter((i) => i.status !== "done").slice(0, 400).map((i) => urgent(i.number, { summary: long })),
      criticalPath: issues.filter((i) => i.status !== "done").slice(0, 500).map((i) => i.ref),
    });
    const body = render(s, { previousAt: ago(24) });
    expect(body.length).toBeLessThanOrEqual(SYNTHESIS_MAX_CHARS);
    expect(body).toMatch(/- … and \d+ more/);
    expect(body).toContain("**Blocked** (500):");
    expect(body).toContain("**In Progress** (500):");
    expect(body).toContain("## Team Status - 2025-11-18");
    expect(parseSynthesisMarker(body)?.date).toBe("2025-11-18");
    expect(body).not.toMatch(PINGS);
  });

  it("lists fewer items per section when the longest lines would not fit", () => {
    const far = (n: number) => `${"o".repeat(39)}/${"r".repeat(100)}#${n}`;
    const long = "<&>".repeat(200);
    const url = `https://github.com/${"x".repeat(400)}`;
    const statuses: StateIssue["status"][] = ["done", "in_progress", "blocked", "ready"];
    const issues = Array.from({ length: 2000 }, (_, k) =>
      issue(k + 1, {
        ref: far(k + 1),
        title: long,
        status: statuses[k % 4] ?? "ready",
        blockedBy: k % 4 === 2 ? Array.from({ length: 10 }, (_, b) => far(k + 100 + b)) : [],
        assignees: ["a".repeat(39)],
        worker: `${"w".repeat(40)}${k}`,
        estimateMinutes: 60,
        wave: k,
      }),
    );
    const s = state({
      issues,
      reports: issues.map((i, k) =>
        report({
          issue: i.ref,
          url,
          worker: i.worker ?? "",
          phase: `Phase ${k} ${long}`,
          status: i.status === "done" ? "complete" : i.status === "blocked" ? "blocked" : "in_progress",
          at: ago(k / 60),
        }),
      ),
      workers: issues.map((i) => worker(i.worker ?? "", { login: "l".repeat(39), issue: i.ref, lastReportAt: ago(200) })),
      urgent: issues.map((i, k) => urgent(k + 1, { ref: i.ref, url, author: "a".repeat(39), summary: long })),
      criticalPath: issues.slice(0, 300).map((i) => i.ref),
    });
    const body = render(s);
    expect(body.length).toBeLessThanOrEqual(SYNTHESIS_MAX_CHARS);
    const blocked = sectionOf(body, "Blocked").split("\n").filter((l) => l.startsWith("- "));
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.length).toBeLessThan(25);
    expect(blocked.at(-1)).toMatch(/^- … and \d+ more$/);
    expect(parseSynthesisMarker(body)?.date).toBe("2025-11-18");
  });
});
