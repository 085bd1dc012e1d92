// Who may do what (SPEC §2, §4, §5). Verdicts carry their reason; asking GitHub is the shell's job.
import type { Permission } from "./types.js";

const RANK: Record<Permission, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

export function meets(permission: Permission, minimum: Permission): boolean {
  return RANK[permission] >= RANK[minimum];
}

export interface Verdict {
  allowed: boolean;
  reason: string;
}

export interface TeamRef {
  org: string;
  slug: string;
}

/** Splits a config list into logins (lower-cased, no `@`) and `@org/team` entries. */
export function splitPrincipals(list: readonly string[]): { logins: Set<string>; teams: TeamRef[] } {
  const logins = new Set<string>();
  const teams: TeamRef[] = [];
  for (const raw of list) {
    const entry = raw.trim().replace(/^@/, "");
    const slash = entry.indexOf("/");
    if (slash > 0) teams.push({ org: entry.slice(0, slash), slug: entry.slice(slash + 1) });
    else if (entry !== "") logins.add(entry.toLowerCase());
  }
  return { logins, teams };
}

/**
 * The verdict from a configured list alone: allowed when the login is listed; null when only a
 * team membership (asked of GitHub) or the repository permission can decide.
 */
export function listedVerdict(login: string, list: readonly string[], role: string): Verdict | null {
  if (list.length === 0) return null;
  const { logins, teams } = splitPrincipals(list);
  if (logins.has(login.toLowerCase())) return { allowed: true, reason: `listed in ${role}` };
  if (teams.length === 0) return { allowed: false, reason: `not listed in ${role}` };
  return null;
}

export function permissionVerdict(permission: Permission, minimum: Permission): Verdict {
  return meets(permission, minimum)
    ? { allowed: true, reason: `has ${permission} permission (${minimum} or higher needed)` }
    : { allowed: false, reason: `has ${permission} permission; ${minimum} or higher is needed` };
}
