import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCoordinator } from "../helpers/cli.js";

const VALID = [
  "## Worker 3 Report - Phase 2.1",
  "",
  "**Issue**: #978",
  "**Status**: ✅ Complete",
  "**Duration**: 2h 30m",
  "**Deliverables**:",
  "- apps/api/org.ts",
  "",
  "**Dependencies Created**: #979",
  "**Blockers**: None",
].join("\n");

const MALFORMED = ["## Worker Report - Phase 2", "", "**Issue**: #978, #979", "**Status**: maybe"].join("\n");

describe("coordinator lint-report", () => {
  it("reads a valid report from standard input: exit 0 and what was understood", async () => {
    const r = await runCoordinator(["lint-report", "--repo", "acme/app"], { stdin: VALID });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("valid: a worker report by Worker 3 on #978, ✅ Complete (phase Phase 2.1)");
    expect(r.stdout).toContain("duration: 2h 30m");
    expect(r.stdout).toContain("dependencies created (they wait for #978): #979");
  });

  it("prints the app's own reply to a malformed report (problems and the corrected template): exit 1", async () => {
    const r = await runCoordinator(["lint-report", "-"], { stdin: MALFORMED });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("3 problems: the app would not count this report, and would reply:");
    expect(r.stdout).toContain("⚠️ **This looks like a worker report, but it could not be read**");
    expect(r.stdout).toContain("| Issue | 2 issues named |");
    expect(r.stdout).toContain('| Status | "maybe" is not a status |');
    expect(r.stdout).toContain("## Worker [id] Report - [phase]");
    // The reply's hidden marker names a comment; a comment not yet posted has none.
    expect(r.stdout).not.toContain("<!-- coordinator:reply");
  });

  it("reads a file, and answers in JSON for agents", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lint-"));
    writeFileSync(join(dir, "report.md"), MALFORMED);
    const r = await runCoordinator(["lint-report", join(dir, "report.md"), "--json"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { kind: string; valid: boolean; problems: Array<{ field: string }>; template: string };
    expect(json.kind).toBe("malformed");
    expect(json.valid).toBe(false);
    expect(json.problems.map((p) => p.field)).toEqual(["Heading", "Issue", "Status"]);
    expect(json.template).toContain("**Issue**: #[number]");
  });

  it("accepts a standup and an urgent comment", async () => {
    const standup = ["## Daily Standup - 2025-11-18 - Worker 3", "", "**Yesterday**: #978", "**Today**: #979", "**Blockers**: None", "**ETA**: 4h"].join("\n");
    const s = await runCoordinator(["lint-report"], { stdin: standup });
    expect(s.code).toBe(0);
    expect(s.stdout).toContain("valid: a daily standup of Worker 3 for 2025-11-18");
    const u = await runCoordinator(["lint-report", "--json", "--repo", "acme/app"], { stdin: "🚨 URGENT: the build is red on #12" });
    expect(u.code).toBe(0);
    expect(JSON.parse(u.stdout)).toMatchObject({ kind: "urgent", valid: true, urgent: { issues: [{ owner: "acme", repo: "app", number: 12 }] } });
  });

  it("says a comment that is no report at all is ignored by the app: exit 1", async () => {
    const r = await runCoordinator(["lint-report"], { stdin: "Looks good to me!" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("not read as a report, a standup or an urgent comment");
    expect(r.stdout).toContain("## Worker [id] Report - [phase]");
  });

  it.each([
    [["lint-report", "a.md", "b.md"], "one input at most"],
    [["lint-report", "--nope"], "unknown option --nope"],
    [["lint-report", "--repo"], "--repo needs a value"],
    [["lint-report", "--repo", "not a repo"], "is not a repository"],
    [["lint-report", "/no/such/file.md"], "cannot read /no/such/file.md"],
  ])("exits 2 on a usage error: %j", async (args, message) => {
    const r = await runCoordinator(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("Usage: coordinator lint-report");
  });
});

describe("coordinator", () => {
  it("lists its commands with --help (exit 0), and without a command (exit 2)", async () => {
    const help = await runCoordinator(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("coordinator lint-report");
    const none = await runCoordinator([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: coordinator <command>");
    const unknown = await runCoordinator(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});
