import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { liveBlocks } from "../../src/domain/markdown.js";
import type { RepoContext } from "../../src/domain/refs.js";
import { parseComment, parseStatus, parseUrgent, renderTemplate } from "../../src/domain/report.js";
import type { IssueRef, ParsedComment, Report, ReportStatus, Standup } from "../../src/domain/types.js";

const ctx: RepoContext = { owner: "acme", repo: "miyabi" };
const ref = (number: number, owner = "acme", repo = "miyabi"): IssueRef => ({ owner, repo, number });
const refs = (...numbers: number[]) => numbers.map((n) => ref(n));
const lines = (...l: string[]) => l.join("\n");

// The seeds' emoji after a UTF-8 → Windows-1252 → UTF-8 round trip, byte for byte as in
// shared/seeds/004_*.txt (the ⚠️ one carries a no-break space, 0xA0 read as Latin-1).
const OK = "âœ…";
const WIP = "ðŸ”„";
const WARN = "âš\u00a0ï¸";
const SIREN = "ðŸš¨";
const PAUSE = "â¸ï¸";

/** The seed's "Progress Reporting Template", exactly as workers copy it out of the plan's fence. */
const SEED_REPORT_TEMPLATE = lines(
  "## Worker [N] Report - [Phase X.Y]",
  "",
  "**Issue**: #[number]",
  `**Status**: ${OK} Complete / ${WIP} In Progress / ${WARN} Blocked`,
  "**Duration**: [actual time]",
  "**Deliverables**:",
  "- [File/PR created]",
  "- [Tests added]",
  "- [Documentation updated]",
  "",
  "**Dependencies Met**: [list]",
  "**Dependencies Created**: [list for next tasks]",
  "**Blockers**: [if any]",
  "",
  "**Next Task**: [if applicable]",
);

/** The seed's "Daily Standup" template. */
const SEED_STANDUP_TEMPLATE = lines(
  "## Daily Standup - [Date] - Worker [N]",
  "",
  "**Yesterday**: Completed #[issue] - [brief description]",
  "**Today**: Working on #[issue] - [brief description]",
  "**Blockers**: [None / List blockers]",
  "**ETA**: [Completion time estimate]",
);

/** SPEC §2, verbatim. */
const CANONICAL = lines(
  "## Worker 3 Report - Phase 2.1",
  "",
  "**Issue**: #978",
  "**Status**: ✅ Complete",
  "**Duration**: 2h 30m",
  "**Deliverables**:",
  "- apps/api/org.ts",
  "- 14 tests added",
  "",
  "**Dependencies Met**: #972, #973",
  "**Dependencies Created**: #979, #980",
  "**Blockers**: None",
  "**Next Task**: #979",
);

function expectKind<K extends ParsedComment["kind"]>(parsed: ParsedComment, kind: K): Extract<ParsedComment, { kind: K }> {
  expect(parsed.kind, JSON.stringify(parsed)).toBe(kind);
  return parsed as Extract<ParsedComment, { kind: K }>;
}
const report = (body: string): Report => expectKind(parseComment(body, ctx), "report").report;
const standup = (body: string): Standup => expectKind(parseComment(body, ctx), "standup").standup;

/** A minimal valid report around the given field lines. */
const minimal = (...fields: string[]) => lines("## Worker 3 Report - Phase 2.1", "", ...fields);

describe("parseComment: valid reports", () => {
  it("reads the canonical SPEC §2 template field by field", () => {
    expect(parseComment(CANONICAL, ctx)).toEqual({
      kind: "report",
      urgent: null,
      report: {
        worker: "3",
        phase: "Phase 2.1",
        issue: ref(978),
        status: "complete",
        durationMinutes: 150,
        deliverables: ["apps/api/org.ts", "14 tests added"],
        dependenciesMet: refs(972, 973),
        dependenciesCreated: refs(979, 980),
        blockers: [],
        blockersText: null,
        nextTask: "#979",
      },
    });
  });

  it.each<[string, string, Partial<Report>]>([
    ["`**Field:** value` form", minimal("**Issue:** #12", "**Status:** Done"), { issue: ref(12), status: "complete" }],
    ["plain `Field: value` lines", minimal("Issue: #12", "Status: WIP"), { issue: ref(12), status: "in_progress" }],
    ["case-insensitive field names", minimal("**ISSUE**: #12", "**status**: blocked", "**next task**: #13"), { issue: ref(12), status: "blocked", nextTask: "#13" }],
    ["an h3 heading", lines("### Worker 3 Report - Phase 2.1", "**Issue**: #12", "**Status**: Complete"), { worker: "3", phase: "Phase 2.1" }],
    ["an en dash in the heading", lines("## Worker 3 Report – Phase 2.1", "**Issue**: #12", "**Status**: Complete"), { phase: "Phase 2.1" }],
    ["an em dash in the heading", lines("## Worker 3 Report — Phase 2.1", "**Issue**: #12", "**Status**: Complete"), { phase: "Phase 2.1" }],
    ["a colon in the heading", lines("## Worker 3 Report: Phase 2.1", "**Issue**: #12", "**Status**: Complete"), { phase: "Phase 2.1" }],
    ["no phase", lines("## Worker 3 Report", "**Issue**: #12", "**Status**: Complete"), { worker: "3", phase: "" }],
    ["an emoji in the heading", lines("## ✅ Worker 3 Report - Phase 2.1", "**Issue**: #12", "**Status**: Complete"), { worker: "3" }],
    ["a bold heading", lines("## **Worker 3 Report** - Phase 2.1", "**Issue**: #12", "**Status**: Complete"), { worker: "3", phase: "Phase 2.1" }],
    ["a worker id like backend-1", lines("## Worker backend-1 Report - API", "**Issue**: #12", "**Status**: Complete"), { worker: "backend-1", phase: "API" }],
    ["a worker id with underscores", lines("## Worker qa_bot_2 Report - QA", "**Issue**: #12", "**Status**: Complete"), { worker: "qa_bot_2" }],
    ["a worker id with double underscores", lines("## Worker ci__1 Report - QA", "**Issue**: #12", "**Status**: Complete"), { worker: "ci__1" }],
    ["a worker id starting with underscores", lines("## Worker __a Report - QA", "**Issue**: #12", "**Status**: Complete"), { worker: "__a" }],
    ["a bold worker id", lines("## Worker **3** Report - QA", "**Issue**: #12", "**Status**: Complete"), { worker: "3" }],
    ["a bold phase", lines("## Worker 3 Report - **Phase 2.1** ✅", "**Issue**: #12", "**Status**: Complete"), { worker: "3", phase: "Phase 2.1" }],
    ["real emoji: ✅ Complete", minimal("**Issue**: #12", "**Status**: ✅ Complete"), { status: "complete" }],
    ["real emoji: 🔄 In Progress", minimal("**Issue**: #12", "**Status**: 🔄 In Progress"), { status: "in_progress" }],
    ["real emoji: ⚠️ Blocked", minimal("**Issue**: #12", "**Status**: ⚠️ Blocked"), { status: "blocked" }],
    ["real emoji without the variation selector: ⚠ Blocked", minimal("**Issue**: #12", "**Status**: ⚠ Blocked"), { status: "blocked" }],
    ["mis-encoded âœ… Complete", minimal("**Issue**: #12", `**Status**: ${OK} Complete`), { status: "complete" }],
    ["mis-encoded ðŸ”„ In Progress", minimal("**Issue**: #12", `**Status**: ${WIP} In Progress`), { status: "in_progress" }],
    ["mis-encoded âš ï¸ Blocked (with the seeds' no-break space)", minimal("**Issue**: #12", `**Status**: ${WARN} Blocked`), { status: "blocked" }],
    ["mis-encoded âš ï¸ Blocked (with a plain space)", minimal("**Issue**: #12", "**Status**: âš ï¸ Blocked"), { status: "blocked" }],
    ["no emoji", minimal("**Issue**: #12", "**Status**: In Progress"), { status: "in_progress" }],
    ["WIP", minimal("**Issue**: #12", "**Status**: WIP"), { status: "in_progress" }],
    ["Done", minimal("**Issue**: #12", "**Status**: Done"), { status: "complete" }],
    ["Completed", minimal("**Issue**: #12", "**Status**: Completed"), { status: "complete" }],
    ["a bold status", minimal("**Issue**: #12", "**Status**: **Complete**"), { status: "complete" }],
    ["an emoji after the status", minimal("**Issue**: #12", "**Status**: Complete ✅"), { status: "complete" }],
    ["an issue URL", minimal("**Issue**: https://github.com/acme/miyabi/issues/12", "**Status**: Done"), { issue: ref(12) }],
    ["an issue in another repository", minimal("**Issue**: other/tools#7", "**Status**: Done"), { issue: ref(7, "other", "tools") }],
    ["an issue with a title after it", minimal("**Issue**: #978 - Organization API", "**Status**: Done"), { issue: ref(978) }],
    ["an issue as a link", minimal("**Issue**: [#978](https://github.com/acme/miyabi/issues/978)", "**Status**: Done"), { issue: ref(978) }],
    ["durations: 45m", minimal("**Issue**: #12", "**Status**: Done", "**Duration**: 45m"), { durationMinutes: 45 }],
    ["durations: 1.5 hours", minimal("**Issue**: #12", "**Status**: Done", "**Duration**: 1.5 hours"), { durationMinutes: 90 }],
    ["durations: 1-2h (upper bound)", minimal("**Issue**: #12", "**Status**: Done", "**Duration**: 1-2h"), { durationMinutes: 120 }],
    ["durations: 2d", minimal("**Issue**: #12", "**Status**: Done", "**Duration**: 2d"), { durationMinutes: 960 }],
    ["an empty duration", minimal("**Issue**: #12", "**Status**: Done", "**Duration**:"), { durationMinutes: null }],
    ["a duration placeholder left in", minimal("**Issue**: #12", "**Status**: Done", "**Duration**: [actual time]"), { durationMinutes: null }],
    ["list deliverables", minimal("**Issue**: #12", "**Status**: Done", "**Deliverables**:", "- a.ts", "- b.ts"), { deliverables: ["a.ts", "b.ts"] }],
    ["`*` list deliverables", minimal("**Issue**: #12", "**Status**: Done", "**Deliverables**:", "* a.ts", "* b.ts"), { deliverables: ["a.ts", "b.ts"] }],
    ["deliverables after a blank line", minimal("**Issue**: #12", "**Status**: Done", "**Deliverables**:", "", "- a.ts"), { deliverables: ["a.ts"] }],
    ["same-line deliverables", minimal("**Issue**: #12", "**Status**: Done", "**Deliverables**: PR #40, 3 tests"), { deliverables: ["PR #40, 3 tests"] }],
    ["same-line and list deliverables", minimal("**Issue**: #12", "**Status**: Done", "**Deliverables**: PR #40", "- a.ts"), { deliverables: ["PR #40", "a.ts"] }],
    ["markup in deliverables", minimal("**Issue**: #12", "**Status**: Done", "**Deliverables**:", "- `apps/api/org.ts` (**new**)"), { deliverables: ["apps/api/org.ts (new)"] }],
    [
      "blockers with refs while Blocked",
      minimal("**Issue**: #12", `**Status**: ${WARN} Blocked`, "**Blockers**: waiting on #10 and other/tools#11"),
      { status: "blocked", blockers: [ref(10), ref(11, "other", "tools")], blockersText: "waiting on #10 and other/tools#11" },
    ],
    [
      "blockers as a list",
      minimal("**Issue**: #12", "**Status**: Blocked", "**Blockers**:", "- #10 (schema)", "- #11"),
      { blockers: refs(10, 11), blockersText: "#10 (schema); #11" },
    ],
    ["blockers: None", minimal("**Issue**: #12", "**Status**: Done", "**Blockers**: None"), { blockers: [], blockersText: null }],
    ["blockers: -", minimal("**Issue**: #12", "**Status**: Done", "**Blockers**: -"), { blockers: [], blockersText: null }],
    ["blockers: N/A", minimal("**Issue**: #12", "**Status**: Done", "**Blockers**: N/A"), { blockers: [], blockersText: null }],
    ["blockers: empty", minimal("**Issue**: #12", "**Status**: Done", "**Blockers**:"), { blockers: [], blockersText: null }],
    ["Dependencies Met", minimal("**Issue**: #12", "**Status**: Done", "**Dependencies Met**: #10, #11"), { dependenciesMet: refs(10, 11) }],
    ["Dependencies Created", minimal("**Issue**: #12", "**Status**: Done", "**Dependencies Created**: #13, o/r#14"), { dependenciesCreated: [ref(13), ref(14, "o", "r")] }],
    ["Dependencies Created as a range", minimal("**Issue**: #971", "**Status**: Done", "**Dependencies Created**: #972-976"), { dependenciesCreated: refs(972, 973, 974, 975, 976) }],
    [
      "a field directly after the list, without a blank line",
      minimal("**Issue**: #12", "**Status**: Blocked", "**Deliverables**:", "- a.ts", "- b.ts", "**Blockers**: #10", "**Next Task**: #13"),
      { deliverables: ["a.ts", "b.ts"], blockers: refs(10), nextTask: "#13" },
    ],
    [
      "trailing double-space hard breaks, as in the seeds",
      minimal("**Issue**: #12  ", "**Status**: Done  ", "**Duration**: 30min  ", "**Blockers**: None  "),
      { issue: ref(12), status: "complete", durationMinutes: 30, blockers: [] },
    ],
    ["CRLF line endings", minimal("**Issue**: #12", "**Status**: Done", "**Deliverables**:", "- a.ts").replace(/\n/g, "\r\n"), { issue: ref(12), deliverables: ["a.ts"] }],
    ["Next Task: None", minimal("**Issue**: #12", "**Status**: Done", "**Next Task**: None"), { nextTask: null }],
    ["the first value of a repeated field wins", minimal("**Issue**: #12", "**Status**: Done", "**Issue**: #13"), { issue: ref(12) }],
    ["fields under an h4 inside the report", minimal("#### Details", "**Issue**: #12", "**Status**: Done"), { issue: ref(12) }],
    [
      "a later section is not part of the report",
      minimal("**Issue**: #12", "**Status**: Done", "", "## Notes", "**Blockers**: #99"),
      { blockers: [], blockersText: null },
    ],
    [
      "a quoted template inside the report is not read",
      minimal("> **Issue**: #99", "", "**Issue**: #12", "**Status**: Done"),
      { issue: ref(12) },
    ],
    ["unknown fields are ignored", minimal("**Issue**: #12", "**Status**: Done", "**Reviewer**: @someone"), { issue: ref(12) }],
  ])("%s", (_name, body, expected) => {
    expect(report(body)).toMatchObject(expected);
  });
});

describe("parseComment: the seeds' templates, filled in as workers do", () => {
  it.each<[string, string, Partial<Report>]>([
    [
      "Complete, with a range of created dependencies",
      lines(
        "## Worker 2 Report - Phase 1.1",
        "",
        "**Issue**: #972",
        `**Status**: ${OK} Complete`,
        "**Duration**: 3h 15m",
        "**Deliverables**:",
        "- packages/db/src/connection.ts (PostgreSQL pool)",
        "- 12 tests added",
        "- docs/database/connection.md",
        "",
        "**Dependencies Met**: #970, #971",
        "**Dependencies Created**: #973-976",
        "**Blockers**: None",
        "",
        "**Next Task**: #973",
      ),
      {
        worker: "2",
        phase: "Phase 1.1",
        issue: ref(972),
        status: "complete",
        durationMinutes: 195,
        deliverables: ["packages/db/src/connection.ts (PostgreSQL pool)", "12 tests added", "docs/database/connection.md"],
        dependenciesMet: refs(970, 971),
        dependenciesCreated: refs(973, 974, 975, 976),
        blockers: [],
        blockersText: null,
        nextTask: "#973",
      },
    ],
    [
      "In Progress",
      lines(
        "## Worker 3 Report - Phase 2.1",
        "",
        "**Issue**: #978",
        `**Status**: ${WIP} In Progress`,
        "**Duration**: 1.5 hours",
        "**Deliverables**:",
        "- apps/api/routes/organizations.ts (CRUD endpoints)",
        "- Tests: 6/14 written",
        "",
        "**Dependencies Met**: #975",
        "**Dependencies Created**: None yet",
        "**Blockers**: None",
        "",
        "**Next Task**: Finish #978, then #979",
      ),
      { worker: "3", issue: ref(978), status: "in_progress", durationMinutes: 90, dependenciesMet: refs(975), dependenciesCreated: [], nextTask: "Finish #978, then #979" },
    ],
    [
      "Blocked, with the seeds' hard breaks",
      lines(
        "## Worker 4 Report - Phase 3.1",
        "",
        "**Issue**: #983  ",
        `**Status**: ${WARN} Blocked  `,
        "**Duration**: 45min  ",
        "**Deliverables**:",
        "- apps/web/src/auth/LoginForm.tsx (skeleton)",
        "**Dependencies Met**: #979",
        "**Dependencies Created**: #984",
        "**Blockers**: Waiting on #980 (Permission API) - JWT claims not final",
        "",
        "**Next Task**: Resume #983 once #980 lands",
      ),
      {
        worker: "4",
        phase: "Phase 3.1",
        issue: ref(983),
        status: "blocked",
        durationMinutes: 45,
        deliverables: ["apps/web/src/auth/LoginForm.tsx (skeleton)"],
        dependenciesMet: refs(979),
        dependenciesCreated: refs(984),
        blockers: refs(980),
        blockersText: "Waiting on #980 (Permission API) - JWT claims not final",
      },
    ],
    [
      "Issue and Status filled, the other placeholders left in",
      SEED_REPORT_TEMPLATE.replace("[N]", "5").replace("[Phase X.Y]", "Phase 4.1").replace("#[number]", "#987").replace(/\*\*Status\*\*: .*/, `**Status**: ${WIP} In Progress`),
      { worker: "5", phase: "Phase 4.1", issue: ref(987), status: "in_progress", durationMinutes: null, dependenciesMet: [], dependenciesCreated: [] },
    ],
  ])("%s", (_name, body, expected) => {
    expect(report(body)).toMatchObject(expected);
  });

  it.each<[string, string, Partial<Standup>]>([
    [
      "a standup with the seeds' emoji",
      lines(
        "## Daily Standup - 2025-11-18 - Worker 3",
        "",
        `**Yesterday**: Completed #978 - Organization API endpoints ${OK}`,
        `**Today**: Working on #979 - Auth API (JWT refresh) ${WIP}`,
        "**Blockers**: None",
        "**ETA**: 4h",
      ),
      {
        date: "2025-11-18",
        worker: "3",
        yesterday: `Completed #978 - Organization API endpoints ${OK}`,
        today: `Working on #979 - Auth API (JWT refresh) ${WIP}`,
        blockers: "None",
        todayIssues: refs(979),
        etaText: "4h",
        etaMinutes: 240,
      },
    ],
    [
      "a blocked standup with a range ETA",
      lines(
        "## Daily Standup - 2025-11-19 - Worker 4",
        "",
        "**Yesterday**: Completed #983 - login form skeleton",
        "**Today**: Working on #984, #985 - org switcher",
        `**Blockers**: ${WARN} Waiting on #980 (Permission API)`,
        "**ETA**: 1-2 days",
      ),
      { worker: "4", todayIssues: refs(984, 985), blockers: `${WARN} Waiting on #980 (Permission API)`, etaText: "1-2 days", etaMinutes: 960 },
    ],
    [
      "a standup with an ETA that is not a duration",
      lines("## Daily Standup - 2025-11-20 - Worker 5", "", "**Today**: Working on #987", "**ETA**: EOD Friday"),
      { worker: "5", etaText: "EOD Friday", etaMinutes: null, yesterday: null, blockers: null },
    ],
  ])("%s", (_name, body, expected) => {
    expect(standup(body)).toMatchObject(expected);
  });

  it("an Emergency Protocol comment, filled in", () => {
    const body = lines(
      `${SIREN} URGENT: Production login broken after #979 deploy`,
      "",
      "@orchestrator",
      "- Issue: #979",
      "- Blocker: JWT refresh returns 500 for every organization",
      "- Proposed solution: revert #979, hotfix in #990",
      "- Impact: all users logged out",
    );
    expect(parseComment(body, ctx)).toEqual({ kind: "urgent", urgent: { summary: "Production login broken after #979 deploy", issues: refs(979, 990) } });
  });

  it.each([
    ["the seeds' Team Status synthesis", lines(
      "## Team Status - 2025-11-18",
      "",
      "**Overall Progress**: 35% complete",
      "",
      "**Completed Today**:",
      `- Worker 2: #972 ${OK}`,
      `- Worker 3: #978 ${OK}`,
      "",
      "**In Progress**:",
      `- Worker 4: #983 ${WIP} 2h`,
      "",
      "**Blocked**:",
      `- Worker 5: #987 ${WARN} waiting on #980`,
      "",
      "**Next 24h Goals**:",
      "- Finish Phase 2",
    )],
    ["the seeds' Day Status Report", lines(
      "## Day 3 Status Report",
      "",
      "### Phase: Backend API",
      "**Progress**: 4/12 tickets completed",
      "**Hours**: 18/40",
      "",
      "### Completed Today:",
      `- ${OK} #978: Organization API`,
      "",
      "### In Progress:",
      `- ${WIP} #979: Auth API, no blockers`,
      "",
      "### Risks & Issues:",
      `- ${SIREN} JWT library upgrade may slip`,
      "",
      "### Go/No-Go Status: GREEN",
    )],
    ["the seeds' validator Report Format", "✓ Check passed / ✗ Check failed: pnpm lint"],
    ["the seed's standup template, unfilled", SEED_STANDUP_TEMPLATE],
    ["the seeds' worker matrix", lines("| Worker | Phase | Status | Issues |", "|---|---|---|---|", `| Worker 2 | Phase 1 | ${OK} Complete | #971, #972-976 |`)],
    ["a seed plan quoting the template in a fence", lines("### Progress Reporting Template", "Workers post this comment on #977 after completing their task:", "", "```markdown", SEED_REPORT_TEMPLATE, "```")],
    ["a seed plan that mentions the urgent prefix", lines("### Emergency Protocol", `1. Create HIGH PRIORITY comment on #977 with "${SIREN} URGENT" prefix`)],
  ])("%s is neither a report nor urgent", (_name, body) => {
    expect(parseComment(body, ctx)).toEqual({ kind: "none" });
  });
});

/** Fills the placeholders a corrected template leaves: the issue, the status menu and the worker id. */
function fill(template: string, status = "🔄 In Progress"): string {
  return template
    .replace("#[number]", "#42")
    .replace(/^\*\*Status\*\*: .*\(pick one\)$/m, `**Status**: ${status}`)
    .replace("## Worker [id] Report", "## Worker 7 Report");
}

describe("parseComment: malformed reports", () => {
  it.each<[string, string, string[], Partial<Report>]>([
    ["missing Issue", minimal("**Status**: Done", "**Deliverables**:", "- a.ts"), ["Issue"], { status: "complete", deliverables: ["a.ts"] }],
    ["missing Status", minimal("**Issue**: #12", "**Blockers**: #10"), ["Status"], { issue: ref(12), blockers: refs(10) }],
    ["missing both", lines("## Worker 3 Report - Phase 2.1", "", "All done, see PR."), ["Issue", "Status"], { worker: "3", phase: "Phase 2.1" }],
    ["two issues", minimal("**Issue**: #12, #13", "**Status**: Done"), ["Issue"], { status: "complete" }],
    ["a range in Issue", minimal("**Issue**: #972-976", "**Status**: Done"), ["Issue"], {}],
    ["no reference in Issue", minimal("**Issue**: TBD", "**Status**: Done"), ["Issue"], {}],
    ["an unknown status", minimal("**Issue**: #12", `**Status**: ${PAUSE} Pending review`), ["Status"], { issue: ref(12) }],
    ["an empty status", minimal("**Issue**: #12", "**Status**:"), ["Status"], { issue: ref(12) }],
    ["two statuses", minimal("**Issue**: #12", "**Status**: Done / Blocked"), ["Status"], { issue: ref(12) }],
    ["an invalid Duration", minimal("**Issue**: #12", "**Status**: Done", "**Duration**: a while"), ["Duration"], { issue: ref(12), status: "complete", durationMinutes: null }],
    ["no worker id", lines("## Worker Report - Phase 2.1", "**Issue**: #12", "**Status**: Done"), ["Heading"], { issue: ref(12) }],
    ["a worker id with bad characters", lines("## Worker #3 Report - Phase 2.1", "**Issue**: #12", "**Status**: Done"), ["Heading"], { issue: ref(12) }],
    ["the seed's template, unfilled", SEED_REPORT_TEMPLATE, ["Heading", "Issue", "Status"], { durationMinutes: null }],
    ["fields written as a bullet list", minimal("- **Issue**: #12", "- **Status**: Done"), ["Issue", "Status"], {}],
  ])("%s", (_name, body, fields, understood) => {
    const parsed = expectKind(parseComment(body, ctx), "malformed");
    expect(parsed.problems.map((p) => p.field)).toEqual(fields);
    for (const p of parsed.problems) {
      expect(p.problem).not.toBe("");
      expect(p.expected).not.toBe("");
    }
    expect(parsed.understood).toMatchObject(understood);
    expect(parsed.urgent).toBeNull();

    // The corrected template, once its placeholders are filled, is a valid report that keeps
    // everything that was understood.
    const fixed = report(fill(parsed.template));
    expect(fixed.status).toBe(parsed.understood.status ?? "in_progress");
    expect(fixed.issue).toEqual(parsed.understood.issue ?? ref(42));
    expect(fixed.worker).toBe(parsed.understood.worker ?? "7");
    if (parsed.understood.blockers?.length) expect(fixed.blockers).toEqual(parsed.understood.blockers);
    if (parsed.understood.deliverables?.length) expect(fixed.deliverables).toEqual(parsed.understood.deliverables);
  });

  it.each<[string, string, RegExp]>([
    ["two issues", minimal("**Issue**: #12, #13", "**Status**: Done"), /2 issues/],
    ["a range in Issue", minimal("**Issue**: #972-976", "**Status**: Done"), /5 issues/],
    ["missing Issue", minimal("**Status**: Done"), /missing/],
    ["an unknown status", minimal("**Issue**: #12", "**Status**: Pending"), /"Pending" is not a status/],
    ["the seed's template, unfilled", SEED_REPORT_TEMPLATE, /several statuses/],
    ["an invalid Duration", minimal("**Issue**: #12", "**Status**: Done", "**Duration**: soonish"), /"soonish" is not a duration/],
  ])("says what is wrong: %s", (_name, body, problem) => {
    const parsed = expectKind(parseComment(body, ctx), "malformed");
    expect(parsed.problems.map((p) => p.problem).join("\n")).toMatch(problem);
  });

  it("the seed's unfilled template: Issue has no reference, Status names several", () => {
    const parsed = expectKind(parseComment(SEED_REPORT_TEMPLATE, ctx), "malformed");
    const byField = new Map(parsed.problems.map((p) => [p.field, p.problem]));
    expect(byField.get("Issue")).toContain("no issue reference");
    expect(byField.get("Status")).toBe("several statuses given");
    expect(parseStatus(`${OK} Complete / ${WIP} In Progress / ${WARN} Blocked`)).toBe("several");
  });

  it.each(["✅ Complete", "⚠️ Blocked", "Done"])("the corrected template re-parses with status %s", (status) => {
    const parsed = expectKind(parseComment(minimal("**Status**: Done"), ctx), "malformed");
    const expected: Record<string, ReportStatus> = { "✅ Complete": "complete", "⚠️ Blocked": "blocked", Done: "complete" };
    expect(report(fill(parsed.template.replace("**Status**: ✅ Complete", "**Status**: ✅ Complete (pick one)"), status)).status).toBe(expected[status]);
  });
});

describe("parseComment: should NOT parse", () => {
  const body = lines("## Worker 3 Report - Phase 2.1", "", "**Issue**: #12", "**Status**: Done");
  it.each([
    ["inside a ``` fence", lines("```", body, "```")],
    ["inside a ```markdown fence", lines("```markdown", body, "```")],
    ["inside a ~~~ fence", lines("~~~", body, "~~~")],
    ["indented code", body.split("\n").map((l) => `    ${l}`).join("\n")],
    ["a > quote", body.split("\n").map((l) => `> ${l}`).join("\n")],
    ["a nested > quote", body.split("\n").map((l) => `> > ${l}`).join("\n")],
    ["a quote inside a list", body.split("\n").map((l, i) => (i === 0 ? `- > ${l}` : `  > ${l}`)).join("\n")],
    ["a <!-- --> comment", lines("<!--", body, "-->")],
    ["an HTML block", lines("<div>", body, "</div>")],
    ["heading level 1", body.replace("## ", "# ")],
    ["heading level 4", body.replace("## ", "#### ")],
    ["heading text mid-paragraph", lines("Please use ## Worker 3 Report - Phase 2.1 as the heading", "**Issue**: #12", "**Status**: Done")],
    ["heading text as a paragraph", body.replace("## ", "")],
    ["heading text in bold", body.replace("## ", "**").replace("Phase 2.1", "Phase 2.1**")],
    ["heading text in a list", body.replace("## ", "- ")],
    ["a heading that only mentions workers", lines("## Worker assignments", "**Issue**: #12", "**Status**: Done")],
    ["an empty comment", ""],
    ["whitespace", "  \n\t\n"],
    ["an ordinary comment", "LGTM, merging #12 now."],
  ])("%s", (_name, text) => {
    expect(parseComment(text, ctx)).toEqual({ kind: "none" });
  });

  it("reads a non-string as nothing", () => {
    expect(parseComment(undefined as unknown as string, ctx)).toEqual({ kind: "none" });
  });
});

describe("parseComment: standups", () => {
  it("reads a valid standup", () => {
    expect(
      parseComment(
        lines("## Daily Standup - 2025-11-18 - Worker 3", "", "**Yesterday**: Completed #972 - schema", "**Today**: Working on #973 - RBAC", "**Blockers**: None", "**ETA**: 2h 30m"),
        ctx,
      ),
    ).toEqual({
      kind: "standup",
      urgent: null,
      standup: {
        date: "2025-11-18",
        worker: "3",
        yesterday: "Completed #972 - schema",
        today: "Working on #973 - RBAC",
        blockers: "None",
        todayIssues: refs(973),
        etaText: "2h 30m",
        etaMinutes: 150,
      },
    });
  });

  it.each<[string, string, Partial<Standup>]>([
    ["an h3 and en dashes", lines("### Daily Standup – 2025-11-18 – Worker backend-1", "**Today**: #973"), { worker: "backend-1", todayIssues: refs(973) }],
    ["ETA 45m", lines("## Daily Standup - 2025-11-18 - Worker 3", "**ETA**: 45m"), { etaMinutes: 45, today: null, todayIssues: [] }],
    ["ETA 1.5 hours", lines("## Daily Standup - 2025-11-18 - Worker 3", "**ETA**: 1.5 hours"), { etaMinutes: 90 }],
    ["ETA 2d", lines("## Daily Standup - 2025-11-18 - Worker 3", "**ETA**: 2d"), { etaMinutes: 960 }],
    ["Today as a list", lines("## Daily Standup - 2025-11-18 - Worker 3", "**Today**:", "- #973 RBAC", "- #974 JWT"), { today: "#973 RBAC; #974 JWT", todayIssues: refs(973, 974) }],
    ["a worker id with double underscores", lines("## Daily Standup - 2025-11-18 - Worker ci__1", "**Today**: #1"), { worker: "ci__1" }],
    ["a bold date", lines("## Daily Standup - **2025-11-18** - Worker 3", "**Today**: #1"), { date: "2025-11-18", worker: "3" }],
    ["a leap day", lines("## Daily Standup - 2024-02-29 - Worker 3", "**Today**: #1"), { date: "2024-02-29" }],
    ["hard breaks", lines("## Daily Standup - 2025-11-18 - Worker 3", "**Today**: #973  ", "**ETA**: 1h  "), { todayIssues: refs(973), etaMinutes: 60 }],
  ])("%s", (_name, body, expected) => {
    expect(standup(body)).toMatchObject(expected);
  });

  it.each([
    ["a placeholder date", SEED_STANDUP_TEMPLATE.replace("Worker [N]", "Worker 3")],
    ["month 13", lines("## Daily Standup - 2025-13-01 - Worker 3", "**Today**: #1")],
    ["February 30", lines("## Daily Standup - 2025-02-30 - Worker 3", "**Today**: #1")],
    ["February 29 in a common year", lines("## Daily Standup - 2025-02-29 - Worker 3", "**Today**: #1")],
    ["a US date", lines("## Daily Standup - 11/18/2025 - Worker 3", "**Today**: #1")],
    ["a short date", lines("## Daily Standup - 2025-1-8 - Worker 3", "**Today**: #1")],
    ["words", lines("## Daily Standup - today - Worker 3", "**Today**: #1")],
    ["no worker id", lines("## Daily Standup - 2025-11-18 - Worker", "**Today**: #1")],
    ["in a code block", lines("```", "## Daily Standup - 2025-11-18 - Worker 3", "**Today**: #1", "```")],
    ["in a quote", lines("> ## Daily Standup - 2025-11-18 - Worker 3", "> **Today**: #1")],
  ])("a bad standup is nothing: %s", (_name, body) => {
    expect(parseComment(body, ctx)).toEqual({ kind: "none" });
  });
});

describe("parseComment: urgent", () => {
  it.each<[string, string, string, IssueRef[]]>([
    ["🚨 URGENT", "🚨 URGENT: #12 is down", "#12 is down", refs(12)],
    ["ðŸš¨ URGENT", `${SIREN} URGENT - DB down on #972`, "DB down on #972", refs(972)],
    ["URGENT:", "URGENT: migrations fail on #973", "migrations fail on #973", refs(973)],
    ["lowercase", "urgent: please look", "please look", []],
    ["lowercase with the emoji", "🚨 urgent deploy is broken", "deploy is broken", []],
    ["no space after the emoji", "🚨URGENT: x", "x", []],
    ["leading blank lines", "\n\n🚨 URGENT: x", "x", []],
    ["issues named further down", lines("🚨 URGENT: prod is down", "", "Caused by #979, see also other/tools#5", "", "- #990 has the hotfix"), "prod is down", [ref(979), ref(5, "other", "tools"), ref(990)]],
    ["issues in code are not named", lines("🚨 URGENT: #1", "", "```", "#2", "```", "", "`#3`"), "#1", refs(1)],
    ["a range", "URGENT: #972-974 all failing", "#972-974 all failing", refs(972, 973, 974)],
  ])("%s", (_name, body, summary, issues) => {
    expect(parseComment(body, ctx)).toEqual({ kind: "urgent", urgent: { summary, issues } });
  });

  it.each([
    ["URGENT mid-text", "This is URGENT: please look at #12"],
    ["URGENT on a later line", lines("Hello", "", "🚨 URGENT: #12")],
    ["URGENT without a colon or emoji", "URGENT please look"],
    ["urgently", "urgently: x"],
    ["in a quote", "> 🚨 URGENT: #12"],
    ["in a quote, plain", "> URGENT: #12"],
    ["in a code block", lines("```", "🚨 URGENT: #12", "```")],
    ["in indented code", "    🚨 URGENT: #12"],
    ["in inline code", "`🚨 URGENT: #12`"],
    ["in an HTML comment", "<!-- 🚨 URGENT: #12 -->"],
    ["in a list", "- 🚨 URGENT: #12"],
  ])("NOT urgent: %s", (_name, body) => {
    expect(parseComment(body, ctx)).toEqual({ kind: "none" });
  });

  it("an urgent report is a report, flagged urgent", () => {
    const parsed = expectKind(parseComment(lines("🚨 URGENT: #12 blocks the release", "", "## Worker 3 Report - Phase 2.1", "**Issue**: #12", "**Status**: ⚠️ Blocked"), ctx), "report");
    expect(parsed.report.status).toBe("blocked");
    expect(parsed.urgent?.summary).toBe("#12 blocks the release");
    expect(parsed.urgent?.issues).toContainEqual(ref(12));
  });

  it("a report containing an urgent line in code is not urgent", () => {
    expect(expectKind(parseComment(lines(CANONICAL, "", "```", "🚨 URGENT: #1", "```"), ctx), "report").urgent).toBeNull();
  });

  it("parseUrgent checks the first block, not just the raw first line", () => {
    const body = "🚨 URGENT: #12";
    expect(parseUrgent(body, liveBlocks(body), ctx)).toEqual({ summary: "#12", issues: refs(12) });
    expect(parseUrgent(body, [], ctx)).toBeNull();
    expect(parseUrgent(body, [{ type: "list", items: [body] }], ctx)).toBeNull();
  });
});

describe("parseStatus", () => {
  it.each<[string, ReportStatus | "several" | null]>([
    ["Complete", "complete"],
    ["complete.", "complete"],
    ["Completed", "complete"],
    ["Done", "complete"],
    ["DONE!", "complete"],
    ["✅ Complete", "complete"],
    [`${OK} Complete`, "complete"],
    ["In Progress", "in_progress"],
    ["in-progress", "in_progress"],
    ["WIP", "in_progress"],
    [`${WIP} In Progress`, "in_progress"],
    ["Blocked", "blocked"],
    ["⚠️ Blocked", "blocked"],
    [`${WARN} Blocked`, "blocked"],
    ["**Blocked**", "blocked"],
    ["Done / Done", "complete"],
    ["Complete / In Progress", "several"],
    ["Done or Blocked", "several"],
    [`${OK} Complete / ${WIP} In Progress / ${WARN} Blocked`, "several"],
    ["Complete / nonsense", "several"],
    ["", null],
    ["Pending", null],
    [`${PAUSE} Not started`, null],
    ["Not done", null],
    ["nonsense / Complete", null],
  ])("%j is %s", (text, status) => {
    expect(parseStatus(text)).toBe(status);
  });
});

/** Milliseconds `fn` takes (the fastest of three runs). */
function ms(fn: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe("hostile comments are read in linear time (issue 9)", () => {
  // Each took seconds with the old pre-filter (`^ {0,3}#{2,3}[ \t]+\S*[ \t]*…`), the old split of
  // the status (`\s*[/|,]\s*`) or the old trailing `[.!]+$`; test/domain/linear-time.test.ts has
  // the full table of families.
  const hostile: [string, string][] = [
    ["## + 65,530 tabs + x", `## ${"\t".repeat(65_530)}x`],
    ["## + 65,530 spaces + x", `## ${" ".repeat(65_530)}x`],
    ["a line of 65,536 spaces", " ".repeat(65_536)],
    ["🚨 + 65,530 tabs", `🚨${"\t".repeat(65_530)}`],
    ["**Status**: + spaces", `## Worker 1 Report - p\n\n**Issue**: #1\n**Status**:${" ".repeat(60_000)}x`],
    ["**Issue**: name + spaces", `## Worker 1 Report - p\n\n${`Issue${" ".repeat(1_990)}x\n`.repeat(32)}`],
  ];
  it.each(hostile)("parseComment: %s", (_name, body) => {
    expect(ms(() => parseComment(body, ctx))).toBeLessThan(250);
  });

  it.each([
    ["a run of spaces", `Complete${" ".repeat(20_000)}x`],
    ["a run of spaces around a slash", `Complete${" ".repeat(20_000)}/${" ".repeat(20_000)}x`],
    ["a run of dots", `Complete${".".repeat(20_000)}x`],
  ])("parseStatus: %s", (_name, text) => {
    expect(ms(() => parseStatus(text))).toBeLessThan(250);
  });

  it("still reads a status padded with spaces, and refuses a very long one", () => {
    expect(parseStatus(`Complete   /    Blocked`)).toBe("several");
    expect(parseStatus(`  Done!!!...  `)).toBe("complete");
    expect(parseStatus(`Complete${" ".repeat(1_000)}`)).toBeNull();
  });
});

describe("renderTemplate", () => {
  it("renders the canonical template with placeholders", () => {
    const t = renderTemplate({}, ctx);
    expect(t).toContain("## Worker [id] Report - [phase]");
    expect(t).toContain("**Issue**: #[number]");
    expect(t).toContain("(pick one)");
    expect(parseComment(t, ctx).kind).toBe("malformed");
  });

  it("names issues of the same repository as #n and others in full", () => {
    const t = renderTemplate({ worker: "3", phase: "P", issue: ref(12), status: "blocked", dependenciesMet: [ref(1), ref(2, "o", "r")] }, ctx);
    expect(t).toContain("**Issue**: #12");
    expect(t).toContain("**Status**: ⚠️ Blocked");
    expect(t).toContain("**Dependencies Met**: #1, o/r#2");
  });
});

describe("parseComment properties", () => {
  const reportish = fc
    .array(
      fc.constantFrom(
        "## Worker 3 Report - P\n",
        "### Worker a_b Report\n",
        "## Daily Standup - 2025-11-18 - Worker 3\n",
        "🚨 URGENT: ",
        `${SIREN} URGENT `,
        "URGENT:",
        "**Issue**: ",
        "**Status**: ",
        "**Duration**: ",
        "**Deliverables**:\n",
        "**Blockers**: ",
        "**Today**: ",
        "**ETA**: ",
        "#12",
        "#972-976",
        "o/r#1",
        "Done",
        "WIP",
        OK,
        WARN,
        "- ",
        "> ",
        "```\n",
        "    ",
        "<!--",
        "-->",
        "`",
        "*",
        "_",
        "\n",
        "\n\n",
        " ",
        "2h",
        "[x](y)",
        "\\",
        "\r\n",
      ),
      { maxLength: 60 },
    )
    .map((p) => p.join(""));
  const kinds = new Set(["none", "report", "malformed", "standup", "urgent"]);

  it("never throws on arbitrary strings", () => {
    fc.assert(fc.property(fc.string(), (s) => kinds.has(parseComment(s, ctx).kind)));
    fc.assert(fc.property(reportish, (s) => kinds.has(parseComment(s, ctx).kind)));
  });

  it("never throws on unicode strings, lone surrogates included", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => kinds.has(parseComment(s, ctx).kind)));
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => kinds.has(parseComment(`## Worker 3 Report - ${s}\n**Issue**: ${s}\n**Status**: ${s}`, ctx).kind)));
    const utf16 = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 100 }).map((codes) => String.fromCharCode(...codes));
    fc.assert(fc.property(utf16, (s) => kinds.has(parseComment(`## Worker 3 Report\n**Issue**: #1${s}\n**Status**: ${s}`, ctx).kind)));
  });

  it.each([
    [">".repeat(65_536)],
    ["- ".repeat(30_000)],
    ["```\n".repeat(16_000)],
    ["[a".repeat(32_768)],
    ["*a".repeat(32_768)],
    ["`a".repeat(32_768)],
    ["1. ".repeat(21_845)],
    ["*".repeat(65_536)],
    ["URGENT".repeat(10_000)],
    ["🚨".repeat(30_000)],
    [`## Worker 3 Report\n**Issue**: ${"#1 ".repeat(20_000)}\n**Status**: Done`],
    [`## Worker 3 Report\n**Issue**: #1\n**Status**: ${"Done / ".repeat(9_000)}`],
    [`## Worker 3 Report\n**Issue**: #1\n**Status**: Done\n**Deliverables**:\n${"- x\n".repeat(16_000)}`],
    [`## Worker 3 Report\n**Issue**: #1\n**Status**: Done\n**Blockers**: ${"#1-".repeat(20_000)}`],
    [`## Worker ${"a".repeat(60_000)} Report`],
    [`## Daily Standup - 2025-11-18 - Worker 3\n**Today**: ${"#9 ".repeat(20_000)}`],
    [`🚨 URGENT: ${"#1 ".repeat(20_000)}`],
    ["## Worker 3 Report\n".repeat(3_500)],
    [("## Worker 3 Report - P\n" + "**Issue**: #1\n").repeat(1_800)],
  ])("returns on hostile input %#", (text) => {
    const parsed = parseComment(text, ctx);
    expect(kinds.has(parsed.kind)).toBe(true);
    if (parsed.kind === "malformed") expect(parsed.template.length).toBeLessThan(20_000);
  });

  it("bounds what it keeps from huge reports", () => {
    const parsed = parseComment(`## Worker 3 Report\n**Issue**: #1\n**Status**: Done\n**Deliverables**:\n${"- x\n".repeat(16_000)}**Blockers**: ${"#1-".repeat(100)}`, ctx);
    const r = expectKind(parsed, "report").report;
    expect(r.deliverables.length).toBeLessThanOrEqual(50);
  });

  const workerId = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/);
  const status = fc.constantFrom<ReportStatus>("complete", "in_progress", "blocked");
  const issue = fc.integer({ min: 1, max: 99_999 });
  const duration = fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null });
  const phase = fc.array(fc.stringMatching(/^[A-Za-z0-9.]{1,8}$/), { maxLength: 3 }).map((w) => w.join(" "));

  it("round trip: a report rendered by renderTemplate parses back to the same fields", () => {
    fc.assert(
      fc.property(workerId, phase, status, issue, duration, (worker, ph, st, number, minutes) => {
        const rendered = renderTemplate({ worker, phase: ph, status: st, issue: ref(number), durationMinutes: minutes }, ctx);
        const r = report(rendered);
        expect(r).toMatchObject({ worker, status: st, issue: ref(number), durationMinutes: minutes, phase: ph === "" ? "[phase]" : ph });
      }),
    );
  });

  const STATUS_WORDS: Record<ReportStatus, string[]> = {
    complete: ["✅ Complete", `${OK} Complete`, "Done", "Completed", "**Complete**"],
    in_progress: ["🔄 In Progress", `${WIP} In Progress`, "WIP", "in progress"],
    blocked: ["⚠️ Blocked", `${WARN} Blocked`, "Blocked", "⚠ blocked"],
  };
  const style = fc.record({
    level: fc.constantFrom("##", "###"),
    dash: fc.constantFrom("-", "–", "—"),
    colonInside: fc.boolean(),
    hardBreaks: fc.boolean(),
    statusWord: fc.nat(4),
    issueForm: fc.constantFrom("hash", "full", "url"),
  });

  it("round trip: a report written in any accepted style parses back to the same fields", () => {
    fc.assert(
      fc.property(workerId, status, issue, duration, style, (worker, st, number, minutes, s) => {
        const words = STATUS_WORDS[st];
        const word = words[s.statusWord % words.length] ?? "";
        const field = (name: string, value: string) => `${s.colonInside ? `**${name}:**` : `**${name}**:`} ${value}${s.hardBreaks ? "  " : ""}`;
        const issueText = s.issueForm === "hash" ? `#${number}` : s.issueForm === "full" ? `acme/miyabi#${number}` : `https://github.com/acme/miyabi/issues/${number}`;
        const body = lines(
          `${s.level} Worker ${worker} Report ${s.dash} Phase 1`,
          "",
          field("Issue", issueText),
          field("Status", word),
          ...(minutes === null ? [] : [field("Duration", `${minutes}min`)]),
          field("Blockers", st === "blocked" ? "#1" : "None"),
        );
        const r = report(body);
        expect(r).toMatchObject({ worker, phase: "Phase 1", status: st, issue: ref(number), durationMinutes: minutes });
        expect(r.blockers).toEqual(st === "blocked" ? refs(1) : []);
      }),
    );
  });
});
