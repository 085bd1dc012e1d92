import { describe, expect, it } from "vitest";
import { parseArgs, UsageError } from "../../src/cli/args.js";

const spec = { options: ["on", "repo"], flags: ["json"] };

describe("parseArgs", () => {
  it("reads positionals, options (spaced or with =) and flags in any order", () => {
    const args = parseArgs(["/track #4", "--on", "a/b#1", "--json", "--repo=acme/app"], spec);
    expect(args.positional).toEqual(["/track #4"]);
    expect(Object.fromEntries(args.options)).toEqual({ on: "a/b#1", repo: "acme/app" });
    expect([...args.flags]).toEqual(["json"]);
  });

  it("keeps `-` (standard input) and everything after `--` as positionals", () => {
    expect(parseArgs(["-", "--", "--json"], spec).positional).toEqual(["-", "--json"]);
  });

  it.each([
    [["--nope"], "unknown option --nope"],
    [["--on"], "--on needs a value"],
    [["--on="], "--on needs a value"],
    [["--json=yes"], "--json takes no value"],
  ])("refuses %j", (argv, message) => {
    expect(() => parseArgs(argv, spec)).toThrow(new UsageError(message));
  });
});
