// `/synthesize`: post (or update) today's Team Status now.
import { noArguments } from "./read.js";
import type { CommandModule } from "./types.js";

export const synthesize: CommandModule = {
  spec: { verb: "synthesize", usage: "", description: "Post (or update) today's Team Status now.", who: "orchestrator", examples: [""] },
  parse: (rest) => noArguments("synthesize", rest),
  plan: () => ({ synthesize: true, reply: "✅ today's Team Status is posted (or updated) on the coordination issue" }),
};
