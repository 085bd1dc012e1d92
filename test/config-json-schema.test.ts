// docs/config.schema.json: generated from the zod schema with the descriptions of
// docs/configuration.md (`npm run schema`), and checked here to be current and to agree with the app.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.js";
import { configJsonSchema, descriptionsFromDocs, MissingDescriptionError } from "../src/config-json-schema.js";

const DOCS = readFileSync(new URL("../docs/configuration.md", import.meta.url), "utf8");
const COMMITTED = JSON.parse(readFileSync(new URL("../docs/config.schema.json", import.meta.url), "utf8")) as Record<string, unknown>;

type Node = { properties?: Record<string, Node>; description?: string };
function paths(node: Node, prefix = ""): Array<[string, Node]> {
  return Object.entries(node.properties ?? {}).flatMap(([k, child]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return [[path, child] as [string, Node], ...paths(child, path)];
  });
}

const validate = new Ajv2020({ strict: false }).compile(COMMITTED);
const valid = (yaml: string) => validate(parseYaml(yaml));

describe("docs/config.schema.json", () => {
  it("is what `npm run schema` writes from the current schema and docs (run it after changing either)", () => {
    expect(COMMITTED).toEqual(configJsonSchema(DOCS));
  });

  it("describes every key with the text of docs/configuration.md", () => {
    const descriptions = descriptionsFromDocs(DOCS);
    const all = paths(COMMITTED as Node);
    expect(all.map(([p]) => p)).toEqual(expect.arrayContaining(["_extends", "labels.gateApproved", "synthesis.goNoGo.yellowOnCycles", "notifications.summaryAbove"]));
    for (const [path, node] of all) {
      expect(node.description, path).toBeTruthy();
      expect((node as { markdownDescription?: string }).markdownDescription, path).toBe(descriptions.get(path));
    }
    expect(descriptions.get("synthesis.timezone")).toBe("IANA time zone for `cron` and for the date in the `## Team Status - YYYY-MM-DD` heading");
  });

  it("refuses to build while the docs leave a key undescribed", () => {
    const without = DOCS.split("\n").filter((l) => !l.startsWith("| `notifications.summaryAbove`")).join("\n");
    expect(() => configJsonSchema(without)).toThrow(MissingDescriptionError);
  });

  it("accepts the docs' complete example, which the app accepts too", () => {
    const example = /## A complete example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(DOCS)?.[1] ?? "";
    expect(example).toContain("coordinationLabel: epic");
    expect(valid(example), JSON.stringify(validate.errors)).toBe(true);
    expect(parseConfig(parseYaml(example)).problems).toEqual([]);
    expect(valid("{}")).toBe(true);
  });

  it.each([
    ["an unknown key", "orchestrator: [alice]"],
    ["a value outside an enum", "doneWhen: sometimes"],
    ["a label name that is too long", `labels:\n  urgent: "${"x".repeat(51)}"`],
    ["a count that is not a whole number", "notifications:\n  summaryAbove: 2.5"],
    ["a prefix with a space", "commandPrefix: '/co ord'"],
    ["too many hours", "synthesis:\n  staleAfterHours: 721"],
    ["a text where a list goes", "workers: alice"],
  ])("rejects %s, as the app does", (_what, yaml) => {
    expect(valid(yaml)).toBe(false);
    expect(parseConfig(parseYaml(yaml)).problems).not.toEqual([]);
  });
});
