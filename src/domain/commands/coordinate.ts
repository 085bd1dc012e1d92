// `/coordinate`: make the issue it is commented on a coordination issue.
import { noArguments } from "./read.js";
import type { CommandModule } from "./types.js";

export const coordinate: CommandModule = {
  spec: { verb: "coordinate", usage: "", description: "Make this issue a coordination issue.", who: "orchestrator", examples: [""] },
  parse: (rest) => noArguments("coordinate", rest),
  plan: (_command, env) => ({
    coordinate: true,
    reply: env.isCoordination ? "↩️ this issue already is a coordination issue" : "✅ this issue is now a coordination issue; the dashboard is below the description",
  }),
};
