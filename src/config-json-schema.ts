// docs/config.schema.json, built from the app's zod schema (config-schema.ts, through zod's
// `z.toJSONSchema`) and the words of docs/configuration.md: every key's description is the text
// that page gives it in its tables, so an editor shows what the reference says. The rules zod's
// refinements check (label length, list size, whole numbers, the prefix) are added as JSON Schema
// keywords from the same constants. `npm run schema` writes the file; a test keeps it in step. Pure.
import { z } from "zod";
import { configSchema } from "./config-schema.js";
import { MAX_LABEL_LENGTH, MAX_PRINCIPALS, MAX_STALE_HOURS, PREFIX_RE } from "./config-rules.js";

export const CONFIG_SCHEMA_ID = "urn:coordinator:config:1";

type JsonSchema = { [key: string]: unknown; properties?: Record<string, JsonSchema>; items?: JsonSchema };

/**
 * Each key's description from docs/configuration.md: the last cell of a table row whose first
 * cell is the key in a code span (the first table that names a key wins: "All keys at a glance"
 * for the top-level keys, the tables of each section for the keys inside them).
 */
export function descriptionsFromDocs(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of markdown.split("\n")) {
    const m = /^\|\s*`([A-Za-z_][A-Za-z.]*)`\s*\|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    const cells = (m[2] ?? "").split(/(?<!\\)\|/).map((c) => c.trim());
    const last = cells[cells.length - 1] ?? "";
    const key = m[1] ?? "";
    if (last !== "" && !out.has(key)) out.set(key, last);
  }
  return out;
}

/** Markdown of a table cell as plain text: links become their text, emphasis goes; code spans stay. */
function plain(markdown: string): string {
  return markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/\*\*([^*]+)\*\*/g, "$1");
}

/** Constraints the zod refinements check, which `z.toJSONSchema` cannot see. */
function constraints(path: string): Record<string, unknown> {
  const label = { minLength: 1, maxLength: MAX_LABEL_LENGTH };
  if (path === "coordinationLabel" || path.startsWith("labels.")) return label;
  if (["orchestrators", "workers", "approvers"].includes(path)) return { maxItems: MAX_PRINCIPALS };
  if (path === "commandPrefix") return { pattern: PREFIX_RE.source };
  if (path === "synthesis.staleAfterHours") return { exclusiveMinimum: 0, maximum: MAX_STALE_HOURS };
  if (path === "synthesis.goNoGo.yellowOnStaleWorkers" || path === "synthesis.goNoGo.yellowOnBlocked" || path === "notifications.summaryAbove") {
    return { type: "integer", minimum: 0 };
  }
  if (path === "synthesis.cron") return { examples: ["0 9 * * *", "30 9 * * MON-FRI"] };
  if (path === "synthesis.timezone") return { examples: ["UTC", "Europe/Berlin", "America/New_York"] };
  return {};
}

/** Every key path of the schema, with its node, depth first. */
function walk(node: JsonSchema, prefix: string, visit: (path: string, node: JsonSchema) => void): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    visit(path, child);
    walk(child, path, visit);
  }
}

export class MissingDescriptionError extends Error {
  constructor(readonly keys: string[]) {
    super(`docs/configuration.md describes no ${keys.map((k) => `\`${k}\``).join(", ")} in its tables`);
    this.name = "MissingDescriptionError";
  }
}

/** The JSON Schema of `.github/coordinator.yml`. Throws when the docs leave a key undescribed. */
export function configJsonSchema(docsMarkdown: string): Record<string, unknown> {
  const descriptions = descriptionsFromDocs(docsMarkdown);
  // The input side: what a file may say (defaults make every key optional).
  const generated = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const missing: string[] = [];
  walk(generated, "", (path, node) => {
    const text = descriptions.get(path);
    if (text === undefined) missing.push(path);
    else {
      node.description = plain(text);
      node.markdownDescription = text;
    }
    Object.assign(node, constraints(path));
  });
  if (missing.length > 0) throw new MissingDescriptionError(missing);
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: CONFIG_SCHEMA_ID,
    title: "Coordinator configuration (.github/coordinator.yml)",
    description:
      "Every key is optional; a key left out keeps its default. A file with any problem is not applied at all: the defaults stay in force and Coordinator comments on the coordination issue (docs/configuration.md). Generated from src/config-schema.ts by `npm run schema`.",
    ...rest,
  };
}
