import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkConfigText } from "../../src/cli/check-config.js";
import { runCoordinator } from "../helpers/cli.js";

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "check-config-"));
  const path = join(dir, "coordinator.yml");
  writeFileSync(path, text);
  return path;
}

describe("coordinator check-config", () => {
  it("accepts a valid file: exit 0", async () => {
    const r = await runCoordinator(["check-config", file("doneWhen: reported\nsynthesis:\n  timezone: Europe/Paris\n  cron: '0 8 * * 1-5'\n")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("is valid; its settings are in force");
  });

  it("prints the app's comment for a bad file, with did-you-mean, bad cron and bad time zone: exit 1", async () => {
    const r = await runCoordinator(["check-config", file("orchestrator: [alice]\nsynthesis:\n  timezone: Europe/Berlinn\n  cron: '0 9 * *'\n")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("### ⚠️ Coordinator configuration: 3 problems in");
    expect(r.stdout).toContain("the default configuration is in force");
    expect(r.stdout).toContain("`orchestrator`: Unknown key (did you mean `orchestrators`?)");
    expect(r.stdout).toContain("`synthesis.timezone`: `Europe/Berlinn` is not a known time zone");
    expect(r.stdout).toContain("`synthesis.cron`:");
  });

  it("reads .github/coordinator.yml of the working directory by default, and answers in JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "check-config-"));
    mkdirSync(join(dir, ".github"));
    writeFileSync(join(dir, ".github/coordinator.yml"), "doneWhen: sometimes\n");
    const r = await runCoordinator(["check-config", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { valid: boolean; problems: Array<{ key: string; message: string }>; config: { doneWhen: string } };
    expect(json.valid).toBe(false);
    expect(json.problems[0]?.key).toBe("doneWhen");
    // The defaults stay in force, as in the app.
    expect(json.config.doneWhen).toBe("closed");
  });

  it("reports YAML that cannot be read, and a file that is not a mapping", () => {
    const bad = checkConfigText("labels:\n  urgent: [unclosed\n");
    expect(bad.valid).toBe(false);
    expect(bad.problems[0]?.message).toMatch(/^Could not be read \(invalid YAML: .+\)\. Expected a YAML mapping/);
    const list = checkConfigText("- a\n- b\n");
    expect(list.problems[0]?.message).toMatch(/^Could not be read \(YAML is not a mapping\)/);
    // An empty file is a file: the defaults, no problem (as Probot's loader reads it).
    expect(checkConfigText("").valid).toBe(true);
  });

  it("says that a file with _extends is validated merged by the app", async () => {
    const r = await runCoordinator(["check-config", file("_extends: .github\ndoneWhen: reported\n")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("This file extends `.github`");
  });

  it.each([
    [["check-config", "/no/such/coordinator.yml"], "cannot read /no/such/coordinator.yml"],
    [["check-config", "a.yml", "b.yml"], "one file at most"],
    [["check-config", "--strict"], "unknown option --strict"],
  ])("exits 2 on a usage error: %j", async (args, message) => {
    const r = await runCoordinator(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
