// The command line read into positional arguments and options: `--name value`, `--name=value`
// and flags. Unknown options are usage errors (exit 2), never silently ignored.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface Args {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

/**
 * `spec.options`: options that take a value; `spec.flags`: options that do not. A lone `-` is a
 * positional argument (standard input); `--` ends the options.
 */
export function parseArgs(argv: readonly string[], spec: { options?: readonly string[]; flags?: readonly string[] }): Args {
  const positional: string[] = [];
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const takes = new Set(spec.options ?? []);
  const isFlag = new Set(spec.flags ?? []);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (isFlag.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
    } else if (takes.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "") throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positional, options, flags };
}
