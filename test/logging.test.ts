import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { logOptionsFromEnv, REDACTED_PATHS } from "../src/logging.js";

/** A logger with the app's redaction, writing JSON lines into `lines`. */
function capture(lines: string[]) {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return pino({ level: "trace", redact: { paths: REDACTED_PATHS, censor: "[redacted]" } }, sink);
}

describe("secrets in logs", () => {
  it("redacts what Probot's access log and Octokit's errors carry, at every level", () => {
    const lines: string[] = [];
    const log = capture(lines);
    log.info({ req: { method: "POST", url: "/api/coordinator/synthesize", headers: { authorization: "Bearer cron-secret", cookie: "session=abc", "x-hub-signature-256": "sha256=feed" } } }, "request completed");
    log.error({ err: { message: "Bad credentials", request: { headers: { authorization: "token ghs_installation" } }, response: { headers: { authorization: "token ghs_echo" } } } }, "GitHub failed");
    log.trace({ options: { privateKey: "-----BEGIN RSA PRIVATE KEY-----", secret: "webhook-secret", headers: { authorization: "Bearer jwt" } } }, "probot options");
    log.debug({ token: "ghs_token", auth: { token: "ghs_nested" } }, "auth");
    const text = lines.join("");
    for (const secret of ["cron-secret", "session=abc", "sha256=feed", "ghs_installation", "ghs_echo", "BEGIN RSA", "webhook-secret", "Bearer jwt", "ghs_token", "ghs_nested"]) {
      expect(text).not.toContain(secret);
    }
    expect(text.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(10);
  });
});

describe("logOptionsFromEnv", () => {
  it.each<[NodeJS.ProcessEnv, "json" | "pretty"]>([
    [{}, "pretty"],
    [{ NODE_ENV: "production" }, "json"],
    [{ NODE_ENV: "production", LOG_FORMAT: "pretty" }, "pretty"],
    [{ LOG_FORMAT: "json" }, "json"],
    [{ LOG_FORMAT: "anything" } as unknown as NodeJS.ProcessEnv, "json"],
  ])("%o → %s, as Probot chooses", (env, format) => {
    expect(logOptionsFromEnv(env).logFormat).toBe(format);
  });
});
