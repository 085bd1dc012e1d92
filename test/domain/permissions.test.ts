import { describe, expect, it } from "vitest";
import { listedVerdict, meets, permissionVerdict, splitPrincipals } from "../../src/domain/permissions.js";
import type { Permission } from "../../src/domain/types.js";

const LEVELS: Permission[] = ["none", "read", "triage", "write", "maintain", "admin"];

describe("meets / permissionVerdict: the permission matrix", () => {
  // Every (permission, minimum) pair: allowed exactly when the permission ranks at least as high.
  const matrix: Array<[Permission, Permission, boolean]> = LEVELS.flatMap((permission, p) =>
    LEVELS.map((minimum, m): [Permission, Permission, boolean] => [permission, minimum, p >= m]),
  );

  it("covers all 36 pairs", () => {
    expect(matrix).toHaveLength(36);
    expect(matrix.filter(([, , allowed]) => allowed)).toHaveLength(21);
  });

  it.each(matrix)("%s against minimum %s → %s", (permission, minimum, allowed) => {
    expect(meets(permission, minimum)).toBe(allowed);
    const verdict = permissionVerdict(permission, minimum);
    expect(verdict.allowed).toBe(allowed);
    expect(verdict.reason).toContain(permission);
    expect(verdict.reason).toContain(minimum);
  });

  it.each<[Permission, Permission, boolean]>([
    // The defaults of SPEC §2, §4, §5 spelled out.
    ["read", "triage", false],
    ["triage", "triage", true],
    ["triage", "write", false],
    ["write", "write", true],
    ["write", "maintain", false],
    ["maintain", "maintain", true],
    ["admin", "maintain", true],
    ["none", "read", false],
  ])("the documented defaults: %s against %s → %s", (permission, minimum, allowed) => {
    expect(meets(permission, minimum)).toBe(allowed);
  });
});

describe("splitPrincipals", () => {
  it.each<[string, string[], string[], Array<{ org: string; slug: string }>]>([
    ["logins are lower-cased, without @", ["Alice", "@Bob"], ["alice", "bob"], []],
    ["teams keep their org and slug", ["@my-org/leads", "@Other/Team.x"], [], [{ org: "my-org", slug: "leads" }, { org: "Other", slug: "Team.x" }]],
    ["a team written without @ is still a team", ["org/team"], [], [{ org: "org", slug: "team" }]],
    ["whitespace around entries is ignored", ["  carol  ", " @org/t "], ["carol"], [{ org: "org", slug: "t" }]],
    ["empty entries are dropped", ["", "   ", "@"], [], []],
    ["bot accounts are logins", ["my-agent[bot]"], ["my-agent[bot]"], []],
    ["duplicates collapse", ["dave", "DAVE", "@dave"], ["dave"], []],
    ["mixed", ["@org/a", "erin", "@org/b"], ["erin"], [{ org: "org", slug: "a" }, { org: "org", slug: "b" }]],
  ])("%s", (_name, list, logins, teams) => {
    const out = splitPrincipals(list);
    expect([...out.logins]).toEqual(logins);
    expect(out.teams).toEqual(teams);
  });
});

describe("listedVerdict", () => {
  it.each<[string, string, string[], boolean | null]>([
    ["a listed login is allowed", "alice", ["alice", "bob"], true],
    ["listing ignores case and @", "Alice", ["@ALICE"], true],
    ["a listed login is allowed even when teams are listed", "alice", ["@org/leads", "alice"], true],
    ["not listed, teams present: membership must be asked", "carol", ["alice", "@org/leads"], null],
    ["not listed, only teams: membership must be asked", "carol", ["@org/leads"], null],
    ["not listed, no teams: refused", "carol", ["alice", "bob"], false],
    ["empty list: the permission decides", "carol", [], null],
    ["a login is not a team's slug", "leads", ["@org/leads", "alice"], null],
  ])("%s", (_name, login, list, expected) => {
    const verdict = listedVerdict(login, list, "workers");
    expect(verdict === null ? null : verdict.allowed).toBe(expected);
    if (verdict !== null) expect(verdict.reason).toContain("workers");
  });

  it("names the role in its reason", () => {
    expect(listedVerdict("x", ["x"], "orchestrators")).toEqual({ allowed: true, reason: "listed in orchestrators" });
    expect(listedVerdict("y", ["x"], "approvers")).toEqual({ allowed: false, reason: "not listed in approvers" });
  });
});
