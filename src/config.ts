/**
 * `.github/coordinator.yml` read into a configuration (SPEC §7, ARCHITECTURE item 8): the schema
 * and defaults are config-schema.ts (built on the field rules of config-rules.ts), the problems a
 * user can act on config-problems.ts, and the comment that explains them config-notice.ts.
 *
 * The user-facing reference is docs/configuration.md; a test keeps it in step with this file.
 *
 * Pure: no network, no clock, no logging. Reading the file (Probot's config loader, which
 * follows `_extends` and falls back to the organisation's `.github` repository) happens in the
 * GitHub adapter; it hands the merged object, or `null` when there is no file, to {@link parseConfig}.
 */
import { DEFAULT_CONFIG, configSchema, withoutExtends, type Config, type ConfigProblem } from "./config-schema.js";
import { EXPECTED, issueProblems, sentence } from "./config-problems.js";
import { MAX_PROBLEMS } from "./config-rules.js";
import { isRecord as isMapping } from "./domain/guards.js";


/**
 * A key written with no value (`labels:` with every entry commented out) reads as `null`;
 * it means "not set", so the default applies. Only mappings are cleaned, three levels deep
 * (down to the keys of `synthesis.goNoGo`).
 */
function dropNullEntries(value: unknown, depth = 0): unknown {
  if (!isMapping(value)) return value;
  // Most files have nothing to drop: then the mapping is used as it is (no copy of every key).
  let clean = true;
  for (const key in value) {
    const v = value[key];
    if (v === null || (depth < 2 && isMapping(v))) {
      clean = false;
      break;
    }
  }
  if (clean) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, depth < 2 ? dropNullEntries(v, depth + 1) : v]),
  );
}

/**
 * Validate a configuration object as Probot's loader returns it.
 *
 * - `null` / `undefined` (no file anywhere): the defaults, no problems.
 * - Valid: the file's values over the defaults (partial `labels`/`synthesis`/`synthesis.goNoGo`
 *   merge key by key).
 * - Any problem: **the defaults, entirely**: valid keys of an invalid file do not apply either
 *   (SPEC §7, "the defaults stay in force"), so a half-applied file never surprises anyone.
 *
 * Never throws. Problems are bounded to 50 (plus one line counting the rest).
 */
export function parseConfig(raw: unknown): { config: Config; problems: ConfigProblem[] } {
  if (raw === null || raw === undefined) return { config: DEFAULT_CONFIG, problems: [] };
  try {
    const result = configSchema.safeParse(dropNullEntries(raw), { reportInput: true });
    if (result.success) return { config: withoutExtends(result.data), problems: [] };
    const problems: ConfigProblem[] = [];
    let total = 0;
    for (const issue of result.error.issues) {
      // The cap comes first: a file of 100,000 unknown keys costs 50 suggestions, not 100,000.
      const { problems: listed, more } = issueProblems(issue, MAX_PROBLEMS - problems.length);
      problems.push(...listed);
      total += more;
    }
    if (total > 0) problems.push({ key: "(file)", message: `${total} more problems are not listed.` });
    return { config: DEFAULT_CONFIG, problems };
  } catch {
    return {
      config: DEFAULT_CONFIG,
      problems: [{ key: "(file)", message: sentence("Could not be read", EXPECTED["(file)"] ?? "") }],
    };
  }
}
