import { describe, expect, it } from "vitest";
import { lintComment, NOT_A_REPORT } from "../../src/domain/report-lint.js";
import { malformedReply } from "../../src/domain/replies.js";
import { parseComment } from "../../src/domain/report.js";

const ctx = { owner: "acme", repo: "app" };

describe("lintComment", () => {
  it("accepts what the app counts, with what it understood", () => {
    const body = "## Worker 3 Report - Phase 1\n\n**Issue**: #12\n**Status**: WIP\n";
    const lint = lintComment(body, ctx);
    expect(lint).toMatchObject({ kind: "report", valid: true, problems: [], template: null, reply: null });
    expect(lint.understood).toMatchObject({ worker: "3", status: "in_progress", issue: { owner: "acme", repo: "app", number: 12 } });
  });

  it("answers a malformed report with the app's own reply, without the marker of a comment not yet posted", () => {
    const body = "## Worker 3 Report\n\n**Status**: Done\n";
    const parsed = parseComment(body, ctx);
    if (parsed.kind !== "malformed") throw new Error("expected a malformed report");
    const lint = lintComment(body, ctx);
    expect(lint.valid).toBe(false);
    expect(lint.problems).toEqual(parsed.problems);
    expect(lint.template).toBe(parsed.template);
    expect(`<!-- coordinator:reply:7 -->\n${lint.reply}`).toBe(malformedReply(7, parsed.problems, parsed.template));
  });

  it("reads standups and urgent comments as valid", () => {
    expect(lintComment("## Daily Standup - 2025-11-18 - Worker 3\n\n**Today**: #12\n", ctx)).toMatchObject({ kind: "standup", valid: true });
    expect(lintComment("🚨 URGENT: prod is down", ctx)).toMatchObject({ kind: "urgent", valid: true, urgent: { summary: "prod is down" } });
  });

  it("says plainly that other comments are not read at all (the app posts no reply to them)", () => {
    const lint = lintComment("LGTM", ctx);
    expect(lint).toMatchObject({ kind: "none", valid: false, problems: [NOT_A_REPORT], reply: null });
    expect(lint.template).toContain("## Worker [id] Report - [phase]");
    // A standup with an impossible date is no standup for the app either.
    expect(lintComment("## Daily Standup - 2025-02-30 - Worker 3\n\n**Today**: #12", ctx).kind).toBe("none");
  });
});
