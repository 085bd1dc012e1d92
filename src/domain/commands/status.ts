// `/status`: a short status reply, from the run's final state.
import { renderStatus } from "../status-replies.js";
import { noArguments } from "./read.js";
import type { CommandModule } from "./types.js";

export const status: CommandModule = {
  spec: { verb: "status", usage: "", description: "A short status reply.", who: "anyone", examples: [""] },
  parse: (rest) => noArguments("status", rest),
  plan: (_command, env) => ({ reply: (state) => `\n\n${renderStatus(state, { repo: env.home, now: env.now })}` }),
};
