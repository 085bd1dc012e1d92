// Who may do what, decided from facts read from GitHub (SPEC §2, §4, §5): the configured list
// (logins, `@org/team`s) when there is one, else a minimum permission on the coordination's
// repository. An answer GitHub has not given yet is asked for (undefined now, a need recorded).
import { listedVerdict, permissionVerdict, splitPrincipals, type Verdict } from "../permissions.js";
import type { Permission } from "../types.js";
import { homeOf, permissionKey, teamKey, type Needs, type RunFacts } from "./facts.js";

export type Role = "reporter" | "orchestrator" | "approver";

export interface Principals {
  workers: readonly string[];
  orchestrators: readonly string[];
  approvers: readonly string[];
}

const ROLE: Record<Role, { list: keyof Principals; minimum: Permission }> = {
  reporter: { list: "workers", minimum: "triage" },
  orchestrator: { list: "orchestrators", minimum: "write" },
  approver: { list: "approvers", minimum: "maintain" },
};

/** The verdict for `login` in `role`, or undefined while GitHub's answer is still needed. */
export function verdictOf(login: string, role: Role, principals: Principals, facts: RunFacts, needs: Needs): Verdict | undefined {
  const { list: name, minimum } = ROLE[role];
  const list = principals[name];
  const listed = listedVerdict(login, list, name);
  if (listed) return listed;
  if (list.length > 0) {
    let unknown = false;
    for (const team of splitPrincipals(list).teams) {
      const member = facts.teams.get(teamKey(team.org, team.slug, login));
      if (member === true) return { allowed: true, reason: `member of a team listed in ${name}` };
      if (member === undefined) {
        needs.teams.add(teamKey(team.org, team.slug, login));
        unknown = true;
      }
    }
    return unknown ? undefined : { allowed: false, reason: `not listed in ${name}` };
  }
  const home = homeOf(facts);
  const permission = permissionIn(home.owner, home.repo, login, facts, needs);
  return permission === undefined ? undefined : permissionVerdict(permission, minimum);
}

/** The config alone: allowed or refused when it lists the login, null when GitHub must decide. */
export function listedOnly(login: string, role: Role, principals: Principals): boolean | null {
  const { list: name } = ROLE[role];
  const v = listedVerdict(login, principals[name], name);
  return v === null ? null : v.allowed;
}

/** A person's permission in a repository (the coordination's own, or another), or undefined while asked. */
export function permissionIn(owner: string, repo: string, login: string, facts: RunFacts, needs: Needs): Permission | undefined {
  const home = homeOf(facts);
  if (owner.toLowerCase() === home.owner && repo.toLowerCase() === home.repo) {
    const own = facts.permissions.get(login.toLowerCase());
    if (own === undefined) needs.permissions.add(permissionKey(owner, repo, login));
    return own;
  }
  const value = facts.repoPermissions.get(permissionKey(owner, repo, login));
  if (value === undefined) needs.permissions.add(permissionKey(owner, repo, login));
  return value;
}
