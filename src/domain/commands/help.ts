// `/help`: the command list, rendered from the registry. One list per comment, however often asked.
import { renderHelp } from "./registry.js";
import { noArguments } from "./read.js";
import type { CommandModule } from "./types.js";

export const help: CommandModule = {
  spec: { verb: "help", usage: "", description: "This list of commands.", who: "anyone", examples: [""] },
  parse: (rest) => noArguments("help", rest),
  plan: (_command, env) => ({ reply: `\n\n${renderHelp(env.prefix)}` }),
};
