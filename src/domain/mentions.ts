// The one place Coordinator mentions people on purpose: the orchestrators, when something is
// escalated (`/escalate`, a 🚨 URGENT comment), and the people a large fan-out unblocks (their
// issues' assignees as GitHub lists them, else the orchestrators). The configured logins and
// `@org/team`s, and GitHub's own logins, only: never a name taken from someone's text.

/** A GitHub login or `org/team` as GitHub spells them: what a mention may name. */
const MENTIONABLE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9_.-]{1,100})?$/;

/** `@login` when `login` is one GitHub could have given; otherwise the login quoted, pinging nobody. */
export function mention(login: string): string {
  const bare = login.replace(/^@/, "");
  return MENTIONABLE.test(bare) ? `@${bare}` : "`" + bare.replace(/[^A-Za-z0-9._\-[\]/]/g, "").slice(0, 100) + "`";
}

/** "; @a @b please take a look", or a hint to configure `orchestrators` when none are. */
export function orchestratorMentions(orchestrators: readonly string[]): string {
  const list = orchestrators.map((o) => (o.startsWith("@") ? o : `@${o}`));
  return list.length > 0 ? `; ${list.join(" ")} please take a look` : " (set `orchestrators` in the configuration to have them mentioned)";
}
