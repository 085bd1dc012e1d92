// The comment that explains an invalid configuration file: each problem made safe, whoever wrote it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConfigProblem } from "../src/config-schema.js";
import { parseConfig } from "../src/config.js";
import { renderConfigProblems } from "../src/config-notice.js";
import { hostileRendering } from "./domain/rendered.js";

/** The rendered text with code spans removed: what GitHub scans for mentions. */
function outsideCodeSpans(markdown: string): string {
  return markdown.split("`").filter((_, i) => i % 2 === 0).join("");
}


describe("renderConfigProblems", () => {
  const raw = {
    orchestrator: ["@alice"],
    orchestrators: ["@evil user", "ok"],
    workers: ["a`b`@c d"],
    synthesis: { timezone: "@bob/`x", staleAfterHours: -3 },
    "@mallory": 1,
    "line\nbreak": 2,
  };
  const { problems } = parseConfig(raw);
  const body = renderConfigProblems(problems);

  it("names every bad key in a code span", () => {
    expect(problems.length).toBeGreaterThanOrEqual(6);
    for (const p of problems) expect(body).toContain(`\`${p.key.replace(/\n/g, " ")}\``);
  });

  it("says the defaults are in force and points at the docs without a link", () => {
    expect(body).toContain("the default configuration is in force");
    expect(body).toContain("`.github/coordinator.yml`");
    expect(body).toContain("docs/configuration.md");
    expect(body).not.toMatch(/https?:|\]\(/);
  });

  it("says what is expected for each key", () => {
    expect(body).toContain("Expected a GitHub login");
    expect(body).toContain("Expected an IANA time zone name");
    expect(body).toContain("Expected a number of hours");
  });

  it("pings nobody: every @ stays inside a code span", () => {
    expect(body).toContain("`@evil user`");
    expect(outsideCodeSpans(body)).not.toMatch(/@[A-Za-z0-9]/);
  });

  it("strips backticks and line breaks from echoed values", () => {
    expect(body).toContain("`ab@c d`");
    expect(body).toContain("`@bob/x`");
    const items = body.split("\n").filter((l) => l.startsWith("- "));
    expect(items).toHaveLength(problems.length);
  });

  it("neutralises mentions in messages from elsewhere too", () => {
    const foreign: ConfigProblem[] = [{ key: "x", message: "ask @alice or `@bob`\nthen @carol" }];
    const text = renderConfigProblems(foreign, "custom/path.yml");
    expect(text).toContain("`custom/path.yml`");
    expect(text).toContain("`@bob`");
    expect(outsideCodeSpans(text)).not.toMatch(/@[A-Za-z0-9]/);
    expect(text.split("\n").filter((l) => l.startsWith("- "))).toHaveLength(1);
  });

  it("a lone backtick in a message from elsewhere cannot make a mention, link or image live (issue 9)", () => {
    // The config loader echoes YAML errors; a lone backtick flipped the old odd/even reading of
    // backticks, so `@my-org/admins` after it was taken for code and pinged the team.
    const foreign: ConfigProblem[] = [
      { key: "(file)", message: "Could not be read (unexpected ` at line 2: @my-org/admins and @alice). Expected valid YAML" },
      { key: "x", message: "see ![x](https://evil.example/p.png) [click](https://evil.example) <img src=x> <!-- www.evil.example a@evil.example" },
      { key: "y", message: "``code with ` inside`` then &#64;bob and `@carol` and \\@dave" },
    ];
    const text = renderConfigProblems(foreign);
    expect(hostileRendering(text)).toEqual([]);
    expect(text).toContain("`@carol`"); // a value in a code span stays as typed
    expect(text.split("\n").filter((l) => l.startsWith("- "))).toHaveLength(3);
  });

  it("echoed values never render, whatever they hold (property)", () => {
    const hostile = fc.constantFrom("`", "@team", "@org/team", "![x](https://evil.example/p.png)", "[a](https://e.example)", "<img src=x>", "<!--", "-->", "www.evil.example", "a@evil.example", "\\", "\n", " ");
    const value = fc.array(hostile, { maxLength: 12 }).map((xs) => xs.join(""));
    fc.assert(
      fc.property(value, value, (a, b) => {
        const { problems } = parseConfig({ orchestrators: [a], [b]: 1, synthesis: { timezone: a }, labels: { blocked: `${b}${"x".repeat(60)}` } });
        const text = renderConfigProblems([...problems, { key: a, message: `${a} \`${b}\` ${b}` }]);
        expect(hostileRendering(text)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("bounds a long value", () => {
    const text = renderConfigProblems(parseConfig({ synthesis: { timezone: "z".repeat(10_000) } }).problems);
    expect(text.length).toBeLessThan(2000);
    expect(text).toContain("…");
  });

  it("speaks of the file as a whole in words, not as a key", () => {
    const text = renderConfigProblems(parseConfig("just text").problems);
    expect(text).toContain("- The file: Found the text `just text`");
    expect(text).toContain("a problem in");
  });

  it("says a valid file is in force when there is nothing wrong", () => {
    expect(renderConfigProblems([])).toContain("is valid");
  });
});

