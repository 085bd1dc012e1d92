// `/refresh`: rebuild the dashboard from GitHub (the latest comments of every tracked issue, no cache).
import { noArguments } from "./read.js";
import type { CommandModule } from "./types.js";

export const refresh: CommandModule = {
  spec: { verb: "refresh", usage: "", description: "Rebuild the dashboard from GitHub.", who: "orchestrator", examples: [""] },
  parse: (rest) => noArguments("refresh", rest),
  plan: () => ({ refresh: true, reply: "✅ the dashboard is rebuilt from GitHub" }),
};
