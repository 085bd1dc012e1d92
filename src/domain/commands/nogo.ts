// `/nogo [reason]`: an approver rejects the gate this is commented on (NO-GO, SPEC §5).
import { codeSpan } from "../escape.js";
import { parseRefKey } from "../refs.js";
import { commandText } from "./command-text.js";
import { reasonText } from "./read.js";
import type { CommandModule } from "./types.js";

export const nogo: CommandModule = {
  spec: { verb: "nogo", usage: "[reason]", description: "Reject (NO-GO) the gate this is commented on.", who: "approver", examples: ["load tests still fail"] },
  parse: (rest) => ({ ok: true, command: { verb: "nogo", reason: reasonText(rest) } }),
  plan(command, env) {
    if (command.verb !== "nogo") return undefined;
    const on = parseRefKey(env.comment.on);
    const issue = on ? env.issue(on) : null;
    if (issue === undefined) return undefined;
    if (!issue || !issue.labels.some((l) => l.toLowerCase() === env.labels.gate.toLowerCase())) {
      return { reply: `⚠️ \`${commandText(env.prefix, "nogo")}\` belongs on a gate issue (labelled ${codeSpan(env.labels.gate, 50)})` };
    }
    return { nogo: { gate: env.comment.on, login: env.comment.login, reason: command.reason }, reply: "❌ NO-GO recorded on this gate" };
  },
};
