// `coordinator mcp [--coordination owner/repo#N]`: the MCP server on standard input and output
// (docs/agents.md). Standard output carries only the protocol; nothing else is printed there.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { parseArgs, UsageError } from "../args.js";
import { clientFromEnv } from "../coordination.js";
import { EXIT, type Io } from "../io.js";
import { readIssue } from "../targets.js";
import { createMcpServer } from "./server.js";

export const MCP_USAGE = "coordinator mcp [--coordination owner/repo#N]   (stdio; GITHUB_TOKEN)";

export async function mcpCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { options: ["coordination"] });
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0] ?? ""}`);
  const named = args.options.get("coordination");
  const coordination = named === undefined ? null : readIssue(named);
  const client = clientFromEnv(io.env);
  const server = createMcpServer({ port: client.port, viewer: () => client.viewer(), coordination, now: () => io.now() });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once("end", () => resolve());
  });
  await server.connect(transport);
  io.err(`coordinator mcp: serving${coordination ? ` ${named}` : ""} on stdio`);
  await closed;
  await server.close();
  return EXIT.ok;
}
