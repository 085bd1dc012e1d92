import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDotEnv, productionProblem, shutdownTimeoutMs } from "../src/environment.js";

describe("productionProblem", () => {
  it.each<[string, NodeJS.ProcessEnv, RegExp | null]>([
    ["development without a secret: fine (Probot's local default)", {}, null],
    ["production with a secret of its own", { NODE_ENV: "production", WEBHOOK_SECRET: "s3cr3t" }, null],
    ["production without a secret", { NODE_ENV: "production" }, /WEBHOOK_SECRET is not set/],
    ["production with an empty secret", { NODE_ENV: "production", WEBHOOK_SECRET: "" }, /WEBHOOK_SECRET is not set/],
    ["production with Probot's public default", { NODE_ENV: "production", WEBHOOK_SECRET: "development" }, /the public default "development"/],
  ])("%s", (_name, env, problem) => {
    const out = productionProblem(env);
    if (problem === null) expect(out).toBeNull();
    else expect(out).toMatch(problem);
  });
});

describe("loadDotEnv", () => {
  it("reads .env over the environment, as Probot does, and does nothing without one", () => {
    const dir = mkdtempSync(join(tmpdir(), "coordinator-env-"));
    const env: NodeJS.ProcessEnv = { WEBHOOK_SECRET: "from-env", KEEP: "1" };
    loadDotEnv(env, dir);
    expect(env).toEqual({ WEBHOOK_SECRET: "from-env", KEEP: "1" });
    writeFileSync(join(dir, ".env"), 'WEBHOOK_SECRET=from-file\nPRIVATE_KEY="-----BEGIN\\nKEY-----"\n');
    loadDotEnv(env, dir);
    expect(env.WEBHOOK_SECRET).toBe("from-file");
    expect(env.KEEP).toBe("1");
  });
});

describe("shutdownTimeoutMs", () => {
  it.each<[string | undefined, number]>([
    [undefined, 25_000],
    ["5000", 5_000],
    ["soon", 25_000],
    ["-1", 25_000],
  ])("SHUTDOWN_TIMEOUT_MS=%s → %i", (value, expected) => {
    expect(shutdownTimeoutMs(value === undefined ? {} : { SHUTDOWN_TIMEOUT_MS: value })).toBe(expected);
  });
});
