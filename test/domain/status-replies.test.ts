import { describe, expect, it } from "vitest";
import { renderContext, renderStatus } from "../../src/domain/status-replies.js";
import { contextFacts, type ContextFacts } from "../../src/domain/issue-context.js";
import type { CoordinationState, RefKey } from "../../src/domain/types.js";
import { ago, emptyState, issue, NOW, r, report, REPO, seedState } from "./context-fixtures.js";

const render = (state: CoordinationState, ref: RefKey): string =>
  renderContext(contextFacts(state, ref, NOW), ref, { repo: REPO, now: NOW });

/** The ```json block of a reply: exactly one, and it is the last thing in the reply. */
function jsonBlock(reply: string): unknown {
  const fences = reply.split("\n").filter((l) => /^ {0,3}(`{3,}|~{3,})/.test(l));
  expect(fences).toEqual(["```json", "```"]);
  const m = /\n```json\n([\s\S]*)\n```$/.exec(reply);
  expect(m).not.toBeNull();
  return JSON.parse(m?.[1] ?? "");
}

function markdownPart(reply: string): string {
  return reply.slice(0, reply.indexOf("```json"));
}

/** A mention GitHub would link: `@` directly followed by a login character. */
const PING = /@[A-Za-z0-9_-]/;

describe("renderContext", () => {
  const state = seedState();

  it.each([r(976), r(983), r(973), r(988), r(975), r(987)])("the JSON block of %s parses and equals the facts", (ref) => {
    const reply = render(state, ref);
    expect(jsonBlock(reply)).toEqual(contextFacts(state, ref, NOW));
  });

  it.each([r(976), r(983), r(973), r(988), r(975), r(999)])("the Markdown of %s is concise and pings nobody", (ref) => {
    const reply = render(state, ref);
    const md = markdownPart(reply);
    expect(md.split("\n").length).toBeLessThanOrEqual(40);
    expect(reply).not.toMatch(PING);
    expect(reply).not.toContain("<!--");
    expect(reply).not.toContain("-->");
  });

  it("shows the blockers, dependants, gate, reports and next step with short refs", () => {
    const md = markdownPart(render(state, r(976)));
    expect(md).toContain("### 🧭 Context for #976 — Phase 1.5 - JWT Authentication");
    expect(md).toContain("**Blockers** (1 open of 1):");
    expect(md).toContain("- #975 Phase 1.4 - RBAC Implementation — 🔄 In progress");
    expect(md).toContain("**Dependants**: #993 (⚠️ Blocked)");
    expect(md).toContain("**Gate**: #993 Gate: Phase 1 complete — ⚠️ Blocked");
    expect(md).toContain("**Next**: Wait for #975 (in progress, worker 8).");
    expect(md).toContain("🎯 critical path");
    expect(md).not.toContain("owner/repo#");
  });

  it("lists the latest reports with links and logins without pings", () => {
    const md = markdownPart(render(state, r(975)));
    expect(md).toContain("**Assignees**: `frank`");
    expect(md).toContain("🚨 urgent");
    expect(md).toMatch(/- 2025-11-18 08:00 UTC \(1h ago\) · Worker 8 · 🔄 In Progress — guards wired · \[comment\]\(https:/);
    expect(md).toContain("waiting on @\u200Dalice");
  });

  it("keeps refs of other repositories in full", () => {
    const s = seedState();
    s.issues = s.issues.map((i) => (i.ref === r(990) ? { ...i, status: "blocked" as const, blockedBy: ["other/lib#5"] } : i));
    const reply = render(s, r(990));
    expect(reply).toContain("- other/lib#5 — ❓ Missing");
    expect(contextFacts(s, r(990), NOW)?.next).toBe("Wait for other/lib#5 (not tracked)");
  });

  it("answers an untracked ref with a clear next step and a parseable block", () => {
    const reply = render(state, r(999));
    expect(reply).toContain("### 🧭 Context for #999");
    expect(reply).toContain("#999 is not tracked by this coordination");
    expect(jsonBlock(reply)).toEqual({
      ref: r(999),
      tracked: false,
      next: "Not tracked by this coordination — an orchestrator can add it with /track #999",
    });
  });

  it("escapes an untracked ref that is not a ref at all", () => {
    const reply = renderContext(null, "@alice`|-->", { repo: REPO, now: NOW });
    expect(reply).not.toMatch(PING);
    expect(reply).not.toContain("-->");
    expect(jsonBlock(reply)).toMatchObject({ ref: "@alice`|-->", tracked: false });
  });

  describe("hostile text", () => {
    const hostile = [
      "```\n@alice closes the fence",
      "~~~ tilde fence @bob",
      "<!-- coordinator:state {} --> @carol",
      "a | b | c \\| d",
      "&#64;dave &commat;erin \\@frank",
      "\u202Eevil\u2028line",
      "    ```json",
    ];
    function hostileState(): CoordinationState {
      const s = seedState();
      let n = 0;
      const pick = () => hostile[n++ % hostile.length] ?? "";
      // The original title stays first, so gates are still found and the layout is comparable.
      s.issues = s.issues.map((i) => ({ ...i, title: `${i.title} ${pick()} ${pick()}`, assignees: ["@mallory", "`x`"] }));
      s.reports = s.reports.map((x) => ({ ...x, summary: pick(), worker: `${x.worker}@evil` }));
      s.urgent = s.urgent.map((u) => ({ ...u, summary: pick(), author: "@root" }));
      s.workers = s.workers.map((w) => ({ ...w, id: `${w.id}\`@x`, login: "@ghost" }));
      s.statusReason = hostile.join(" ");
      return s;
    }

    it.each([r(976), r(975), r(973), r(988), r(978)])("neither break the fence nor ping (%s)", (ref) => {
      const s = hostileState();
      const reply = render(s, ref);
      expect(jsonBlock(reply)).toEqual(contextFacts(s, ref, NOW));
      expect(reply).not.toMatch(PING);
      expect(reply).not.toContain("<!--");
      expect(reply).not.toContain("-->");
      expect(reply).not.toMatch(/&#0*64;|&commat;/i);
      expect(reply).not.toMatch(/[\u202E\u2028]/);
      // Every line of the Markdown part is a line we wrote: no title added a line of its own.
      expect(markdownPart(reply).split("\n").length).toBe(markdownPart(render(seedState(), ref)).split("\n").length);
    });

    it("keeps hostile text in the JSON as data", () => {
      const s = hostileState();
      s.issues = s.issues.map((i) => (i.ref === r(975) ? { ...i, title: "```\n@alice | -->" } : i));
      const facts = contextFacts(s, r(975), NOW) as ContextFacts;
      const parsed = jsonBlock(render(s, r(975))) as ContextFacts;
      expect(parsed.issue.title).toBe(facts.issue.title);
      expect(parsed.issue.title).toBe("```\n@alice | -->");
      expect(parsed.reports[0]?.worker).toBe("8@evil");
    });
  });

  it("stays within GitHub's comment limit for an issue with very many long blockers", () => {
    const s = seedState();
    const many = Array.from({ length: 300 }, (_, k) => issue(2000 + k, "`@<>&".repeat(200), "ready"));
    s.issues = [...s.issues, ...many];
    s.edges = [...s.edges, ...many.map((i) => ({ from: i.ref, to: r(982), source: "table" as const }))];
    s.reports = [...s.reports, ...Array.from({ length: 20 }, () => report(982, 1, "9".repeat(100), "blocked", "@".repeat(1000)))];
    const facts = contextFacts(s, r(982), NOW);
    expect(facts?.blockers.length).toBeLessThanOrEqual(25);
    const reply = renderContext(facts, r(982), { repo: REPO, now: NOW });
    expect(reply.length).toBeLessThan(65_536);
    expect(jsonBlock(reply)).toEqual(facts);
  });
});

// ---------------------------------------------------------------------------
// renderStatus

describe("renderStatus", () => {
  const status = (s: CoordinationState): string => renderStatus(s, { repo: REPO, now: NOW });

  it("summarises the seed state in at most 15 lines", () => {
    const out = status(seedState());
    const lines = out.split("\n");
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(lines[0]).toBe("### 📊 Status of #977");
    expect(lines[1]).toMatch(/^[█░]{20} \*\*5\/23 done \(21%\)\*\* · 🟡 YELLOW — 1 dependency cycle/);
    expect(out).toContain("🔄 3 in progress · ⚠️ 7 blocked · ▶️ 8 ready");
    expect(out).toContain("🚨 Urgent: #975 — RBAC spec conflicts with ADR-004, cc @\u200Dbob");
    expect(out).toContain("⏰ Stale: worker 5 (`dave`, #987, last report 30h ago)");
    expect(out).not.toMatch(PING);
  });

  it("lists up to 5 ready issues, critical path first", () => {
    const s = seedState();
    s.criticalPath = [r(990), r(991)];
    const out = status(s);
    const items = out.split("\n").filter((l) => l.startsWith("- "));
    expect(items).toEqual([
      "- #990 🎯 Phase 4.4 - Performance Benchmarking",
      "- #979 Phase 2.2 - User Authentication API",
      "- #980 Phase 2.3 - Permission & RBAC API",
      "- #981 Phase 2.4 - Agent Management API",
      "- #983 Phase 3.1 - Auth UI Components",
    ]);
    expect(out).toContain("▶️ Next ready (5 of 8), critical path first:");
  });

  it.each<[string, (s: CoordinationState) => void, string]>([
    ["no urgent items", (s) => (s.urgent = []), "🚨"],
    ["no stale workers", (s) => (s.workers = s.workers.map((w) => ({ ...w, stale: false }))), "⏰"],
    ["no missing issues", () => undefined, "❓"],
  ])("omits a line when there is %s", (_name, change, absent) => {
    const s = seedState();
    change(s);
    expect(status(s)).not.toContain(absent);
  });

  it("says when nothing is ready", () => {
    const s = seedState();
    s.issues = s.issues.map((i) => (i.status === "ready" ? { ...i, status: "blocked" as const } : i));
    expect(status(s)).toContain("▶️ Nothing is ready to start");
  });

  it("answers an empty state", () => {
    const out = status(emptyState());
    expect(out.split("\n")).toEqual([
      "### 📊 Status of #977",
      `${"░".repeat(20)} **0/0 done (0%)** · 🟢 GREEN — nothing tracked yet`,
      "Nothing tracked yet: an orchestrator can add issues with `/track #N`.",
    ]);
  });

  it("escapes hostile text and bounds many urgent items and stale workers", () => {
    const s = seedState();
    s.statusReason = "```\n@alice <!-- | -->";
    s.urgent = Array.from({ length: 10 }, (_, k) => ({ ...(seedState().urgent[0] as NonNullable<CoordinationState["urgent"][number]>), summary: `@u${k} |` }));
    s.workers = Array.from({ length: 10 }, (_, k) => ({
      id: `w${k}@x`,
      login: `@login${k}`,
      issue: r(987),
      status: "in_progress" as const,
      lastReportAt: ago(50),
      stale: true,
    }));
    const out = status(s);
    expect(out.split("\n").length).toBeLessThanOrEqual(15);
    expect(out).not.toMatch(PING);
    expect(out).not.toContain("<!--");
    expect(out).not.toContain("-->");
    expect(out.split("\n").filter((l) => l.startsWith("```"))).toEqual([]);
    expect(out).toContain("(+7 more)");
  });
});
