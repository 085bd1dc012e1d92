// What a slash command would do, computed by the app's own run (app/run.ts: read, plan, read what
// the plan needs, apply) on the live coordination, with the command shown to the run as a comment
// of the token's account on the coordination issue, and a port that writes nothing (dry-run.ts).
//
// Differences from the app, said in the output: the run trusts the state block (and its state
// comments) as published, since checking their seal needs the app's key; the app's own comments
// are known by their markers on bot comments, since GitHub's "you wrote this" is the token's; and
// a write GitHub would number (a gate's new issue) gets a stand-in number.
import pino from "pino";
import { parseConfig } from "../config.js";
import type { ConfigProblem } from "../config-schema.js";
import { DEFAULT_CONFIG } from "../config-schema.js";
import { refKey } from "../domain/refs.js";
import type { Sealer } from "../domain/seal.js";
import type { IssueRef, RawComment } from "../domain/types.js";
import { commandsMarker } from "../domain/run/commands.js";
import { runCoordination, type RunOutcome } from "../app/run.js";
import { emptyCoordinationWork, type CoordinationWork } from "../app/queued-work.js";
import type { GitHubPort } from "../github/port.js";
import { WriteBudget } from "../queue/write-budget.js";
import { presentedSeal } from "./coordination.js";
import { dryRunPort, DRY_RUN_ID_BASE, type RecordedWrite } from "./dry-run.js";

/** The comment id the previewed command is given (no GitHub comment has it). */
export const PREVIEW_COMMENT_ID = DRY_RUN_ID_BASE - 1;

export interface Preview {
  command: string;
  coordination: string;
  as: string;
  /** The reply the app would post on the command (without its hidden marker); null: it would not answer. */
  reply: string | null;
  /** Every other write, in the order the app would make it. */
  writes: RecordedWrite[];
  outcome: RunOutcome;
  configProblems: ConfigProblem[];
}

/**
 * Answers the seal check with the seal written next to the line (the body's state line, a state
 * comment's line): the run then uses the published state as the app would use its own (the CLI
 * cannot hold the app's key to check it).
 */
function trustingSealer(): { seal: Sealer; sawBody: (body: string) => void; sawPart: (body: string) => void } {
  const presented = new Map<string, string>();
  return {
    seal: (text) => presented.get(text) ?? "0".repeat(64),
    sawBody: (body) => {
      const found = presentedSeal(body);
      if (found) presented.set(found.line, found.hex);
    },
    sawPart: (body) => {
      const close = body.indexOf("-->");
      const line = close < 0 ? "" : body.slice(0, close + 3);
      const hex = /^\n<!-- coordinator:seal ([0-9a-f]{64}) -->/.exec(body.slice(line.length))?.[1];
      if (line !== "" && hex !== undefined) presented.set(line, hex);
    },
  };
}

async function loadConfig(port: GitHubPort, ref: IssueRef): Promise<{ config: ReturnType<typeof parseConfig>["config"]; problems: ConfigProblem[] }> {
  try {
    return parseConfig(await port.loadConfigFile(ref.owner, ref.repo));
  } catch (error) {
    if (typeof (error as { status?: unknown }).status === "number") throw error;
    return { config: DEFAULT_CONFIG, problems: [{ key: "(file)", message: `Could not be read (${((error as Error).message ?? "").split("\n")[0]})` }] };
  }
}

export async function previewCommand(port: GitHubPort, coordination: IssueRef, command: string, login: string, now: Date): Promise<Preview> {
  const key = refKey(coordination);
  const { config, problems } = await loadConfig(port, coordination);
  const at = now.toISOString();
  const comment: RawComment = {
    id: PREVIEW_COMMENT_ID,
    on: key,
    author: login,
    authorType: "User",
    body: command,
    createdAt: at,
    updatedAt: at,
    url: `https://github.com/${coordination.owner}/${coordination.repo}/issues/${coordination.number}#preview`,
    viewerDidAuthor: false,
  };
  const dry = dryRunPort(port, { on: key, comment });
  const sealer = trustingSealer();
  const watched: GitHubPort = new Proxy(dry.port, {
    get(target, name, receiver) {
      if (name === "readCoordination") {
        return async (...args: Parameters<GitHubPort["readCoordination"]>) => {
          const read = await target.readCoordination(...args);
          sealer.sawBody(read.coordination.body);
          for (const c of read.parts?.values() ?? []) if (c) sealer.sawPart(c.body);
          return read;
        };
      }
      if (name === "readParts") {
        return async (nodes: string[]) => {
          const read = await target.readParts(nodes);
          for (const c of read.values()) if (c) sealer.sawPart(c.body);
          return read;
        };
      }
      return Reflect.get(target, name, receiver) as unknown;
    },
  });
  const work: CoordinationWork = {
    ...emptyCoordinationWork(0, coordination.owner, coordination.repo, coordination.number),
    commands: [{ commentId: PREVIEW_COMMENT_ID, on: key, login }],
  };
  const outcome = await runCoordination(work, {
    port: watched,
    seal: sealer.seal,
    identity: async () => ({ id: 0, login: "coordinator[bot]" }),
    config,
    // The app's notice about a bad file is not the command's doing: the problems are reported apart.
    configProblems: [],
    budget: new WriteBudget(),
    now: () => now,
    log: pino({ level: "silent" }),
  });
  const marker = commandsMarker(PREVIEW_COMMENT_ID);
  const replyWrite = dry.writes.find((w) => (w.method === "createComment" || w.method === "updateComment") && (w.body ?? "").startsWith(marker));
  const reply = replyWrite?.body === undefined ? null : replyWrite.body.slice(marker.length).replace(/^\n/, "");
  return {
    command,
    coordination: key,
    as: login,
    reply,
    writes: dry.writes.filter((w) => w !== replyWrite),
    outcome,
    configProblems: problems,
  };
}
