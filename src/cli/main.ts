// `coordinator`: the command-line tool (docs/cli.md). Each subcommand reuses the app's own code, so
// what it says is what the app does. Exit codes: 0 valid / done, 1 problems, 2 usage error.
import { checkConfigCommand, CHECK_CONFIG_USAGE } from "./check-config.js";
import { UsageError } from "./args.js";
import { EXIT, processIo, type Io } from "./io.js";
import { lintReportCommand, LINT_USAGE } from "./lint-report.js";
import { mcpCommand, MCP_USAGE } from "./mcp/command.js";
import { contextCommand, CONTEXT_USAGE, previewSubcommand, PREVIEW_USAGE, stateCommand, STATE_USAGE } from "./remote-commands.js";

type Command = (argv: readonly string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string; what: string }> = {
  "lint-report": { run: lintReportCommand, usage: LINT_USAGE, what: "check a report, standup or 🚨 URGENT comment with the app's parser" },
  "check-config": { run: checkConfigCommand, usage: CHECK_CONFIG_USAGE, what: "validate .github/coordinator.yml with the app's schema" },
  state: { run: stateCommand, usage: STATE_USAGE, what: "print a coordination's state block (GITHUB_TOKEN)" },
  context: { run: contextCommand, usage: CONTEXT_USAGE, what: "print what /context would answer for an issue (GITHUB_TOKEN)" },
  preview: { run: previewSubcommand, usage: PREVIEW_USAGE, what: "what a slash command would change and reply, writing nothing (GITHUB_TOKEN)" },
  mcp: { run: mcpCommand, usage: MCP_USAGE, what: "the MCP server for AI workers (docs/agents.md)" },
};

export function usage(): string {
  const rows = Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.what}`);
  return ["Usage: coordinator <command> [arguments]", "", "Commands:", ...rows, "", "Exit codes: 0 valid or done, 1 problems found, 2 usage error.", "Documentation: docs/cli.md"].join("\n");
}

export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`coordinator: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`Usage: ${command.usage}\n${command.what}`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`coordinator ${name}: ${error.message}\nUsage: ${command.usage}`);
      return EXIT.usage;
    }
    io.err(`coordinator ${name}: ${(error as Error).message ?? String(error)}`);
    return EXIT.problems;
  }
}

/** The process entry (bin/coordinator.js). */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), processIo());
}
