// The one place Coordinator mentions people on purpose: the orchestrators, when something is
// escalated (`/escalate`, a 🚨 URGENT comment). The configured logins and `@org/team`s only.

/** "; @a @b please take a look", or a hint to configure `orchestrators` when none are. */
export function orchestratorMentions(orchestrators: readonly string[]): string {
  const list = orchestrators.map((o) => (o.startsWith("@") ? o : `@${o}`));
  return list.length > 0 ? `; ${list.join(" ")} please take a look` : " (set `orchestrators` in the configuration to have them mentioned)";
}
