// `coordinator check-config [path]`: a `.github/coordinator.yml` read as the app reads it (the YAML
// parser Probot's config loader uses, then parseConfig: the app's schema, its problems and their
// "did you mean"), printed as the comment the app would post. Exit 0 valid, 1 problems, 2 usage.
import { parse as parseYaml } from "yaml";
import { renderConfigProblems } from "../config-notice.js";
import { EXPECTED, sentence } from "../config-problems.js";
import type { Config, ConfigProblem } from "../config-schema.js";
import { parseConfig } from "../config.js";
import { isRecord } from "../domain/guards.js";
import { parseArgs, UsageError } from "./args.js";
import { EXIT, type Io } from "./io.js";

export const CHECK_CONFIG_USAGE = "coordinator check-config [path] [--json]   (default .github/coordinator.yml)";

export interface ConfigCheck {
  valid: boolean;
  problems: ConfigProblem[];
  /** The configuration in force: the file's, or the defaults when it has any problem. */
  config: Config;
  /** Set when the file names `_extends`: the app validates the file merged with the one it extends. */
  extendsNote: string | null;
}

/** The text of a configuration file checked as the app checks what its loader returns. */
export function checkConfigText(text: string): ConfigCheck {
  let raw: unknown;
  try {
    // As @probot/octokit-plugin-config reads the file: an empty file is an empty mapping.
    raw = (parseYaml(text, { logLevel: "error" }) as unknown) || {};
  } catch (error) {
    const reason = ((error as Error).message.split("\n")[0] ?? "").slice(0, 200) || "unreadable";
    const problems = [{ key: "(file)", message: sentence(`Could not be read (invalid YAML: ${reason})`, EXPECTED["(file)"] ?? "") }];
    return { valid: false, problems, config: parseConfig(null).config, extendsNote: null };
  }
  if (!isRecord(raw)) {
    const problems = [{ key: "(file)", message: sentence("Could not be read (YAML is not a mapping)", EXPECTED["(file)"] ?? "") }];
    return { valid: false, problems, config: parseConfig(null).config, extendsNote: null };
  }
  const { config, problems } = parseConfig(raw);
  const extendsNote =
    typeof raw._extends === "string"
      ? `This file extends \`${raw._extends}\`: the app validates the two merged (the keys here replace the same keys there); only this file was checked here.`
      : null;
  return { valid: problems.length === 0, problems, config, extendsNote };
}

export async function checkConfigCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { flags: ["json"] });
  if (args.positional.length > 1) throw new UsageError(`one file at most (found ${args.positional.length})`);
  const path = args.positional[0] ?? ".github/coordinator.yml";
  let text: string;
  try {
    text = path === "-" ? await io.stdin() : await io.readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const check = checkConfigText(text);
  if (args.flags.has("json")) io.out(JSON.stringify(check, null, 2));
  else {
    io.out(renderConfigProblems(check.problems, path === "-" ? ".github/coordinator.yml" : path));
    if (check.extendsNote) io.out(check.extendsNote);
  }
  return check.valid ? EXIT.ok : EXIT.problems;
}
