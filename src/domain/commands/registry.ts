// The command registry (SPEC §4, in its order) and the help table built from it.
import type { CommandSpec, Who } from "./types.js";

export const COMMANDS: readonly CommandSpec[] = [
  { verb: "help", usage: "", description: "This list of commands.", who: "anyone", examples: [""] },
  { verb: "coordinate", usage: "", description: "Make this issue a coordination issue.", who: "orchestrator", examples: [""] },
  { verb: "status", usage: "", description: "A short status reply.", who: "anyone", examples: [""] },
  {
    verb: "context",
    usage: "[#N]",
    description: "Context recovery for #N (default: this issue): its blockers and their state, latest reports, gate, what to do next.",
    who: "anyone",
    examples: ["", "#12"],
  },
  { verb: "refresh", usage: "", description: "Rebuild the dashboard from GitHub.", who: "orchestrator", examples: [""] },
  { verb: "track", usage: "#N …", description: "Add issues to the tracked list (ranges like #20-24 work).", who: "orchestrator", examples: ["#12 #13", "#20-24"] },
  { verb: "untrack", usage: "#N …", description: "Remove issues from the tracked list.", who: "orchestrator", examples: ["#13"] },
  {
    verb: "depends",
    usage: "#A on #B …",
    description: "Add dependencies: each issue before `on` waits for each issue after it; separate clauses with `,` or `;`.",
    who: "orchestrator",
    examples: ["#13 on #12", "#14 #15 on #13", "#2 on #1, #3 on #2"],
  },
  { verb: "undepends", usage: "#A on #B …", description: "Remove dependencies (same form as depends).", who: "orchestrator", examples: ["#13 on #12"] },
  {
    verb: "assign",
    usage: "#N @login|worker-id",
    description: "Assign #N to a GitHub user (`@login`) or to a named worker (a bare id).",
    who: "orchestrator",
    examples: ["#12 @octocat", "#13 worker-3"],
  },
  { verb: "unassign", usage: "#N", description: "Remove the assignment of #N.", who: "orchestrator", examples: ["#12"] },
  {
    verb: "gate",
    usage: '"<name>" after #A #B …',
    description: "Create a gate that waits for #A #B …; quote a name with spaces, omit `after` for a gate checked by people.",
    who: "orchestrator",
    examples: ['"Phase 1 exit" after #12 #13', "beta"],
  },
  { verb: "nogo", usage: "[reason]", description: "Reject (NO-GO) the gate this is commented on.", who: "approver", examples: ["load tests still fail"] },
  {
    verb: "escalate",
    usage: "#N <reason>",
    description: "Mark #N urgent and mention the orchestrators; an orchestrator lifts it with `clear #N`.",
    who: "reporter",
    examples: ["#12 CI has been red since Monday", "clear #12"],
  },
  { verb: "synthesize", usage: "", description: "Post (or update) today's Team Status now.", who: "orchestrator", examples: [""] },
];

/** Verbs this version understands; any other verb belongs to someone else and is left alone. */
export const KNOWN_VERBS: ReadonlySet<string> = new Set(COMMANDS.map((c) => c.verb));

const BY_VERB = new Map(COMMANDS.map((c) => [c.verb, c]));

/** How the verb is typed: `/verb` with the default prefix, `/coord verb` with commandPrefix "/coord". */
export function commandText(prefix: string, verb: string): string {
  return prefix === "/" ? `/${verb}` : `${prefix} ${verb}`;
}

/** The command followed by its arguments. */
function joined(prefix: string, verb: string, args: string): string {
  return args === "" ? commandText(prefix, verb) : `${commandText(prefix, verb)} ${args}`;
}

/** The full usage of a verb, with the prefix: `/depends #A on #B …`. */
export function usageText(prefix: string, verb: string): string {
  return joined(prefix, verb, BY_VERB.get(verb)?.usage ?? "");
}

/** One example of a verb, with the prefix. */
export function exampleText(prefix: string, verb: string, example: string): string {
  return joined(prefix, verb, example);
}

const WHO_LABEL: Record<Who, string> = {
  anyone: "anyone",
  orchestrator: "orchestrators",
  reporter: "allowed reporters",
  approver: "approvers",
};

/** A code span that holds `text` whatever backticks it contains, safe in a table cell. */
function code(text: string): string {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === "`" ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`.replace(/\|/g, "\\|");
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s+/g, " ");

/** The command list as a Markdown table: command (with the prefix), who, what, example. */
export function renderHelp(prefix: string): string {
  const rows = COMMANDS.map((c) => {
    const examples = c.examples.map((e) => code(exampleText(prefix, c.verb, e))).join("<br>");
    return `| ${code(usageText(prefix, c.verb))} | ${WHO_LABEL[c.who]} | ${cell(c.description)} | ${examples} |`;
  });
  return ["| command | who | what | example |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
