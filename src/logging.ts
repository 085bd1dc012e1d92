// The app's logger: Probot's own (pino, pretty or JSON by LOG_FORMAT, errors to Sentry by
// SENTRY_DSN), with secrets redacted at every level. Probot's HTTP access log writes request
// headers, so an `Authorization: Bearer <secret>` on the synthesis endpoint, a webhook signature or
// a cookie would land in the log; Octokit errors carry the request's headers too.
import { getTransformStream } from "@probot/pino";
import pino, { type Logger } from "pino";

/** Paths of log fields that may hold secrets (pino redaction syntax; `*` is one level). */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-hub-signature"]',
  'req.headers["x-hub-signature-256"]',
  'res.headers["set-cookie"]',
  "headers.authorization",
  "*.headers.authorization",
  "*.*.headers.authorization",
  "request.headers.authorization",
  "err.request.headers.authorization",
  "err.response.headers.authorization",
  "privateKey",
  "*.privateKey",
  "secret",
  "*.secret",
  "token",
  "*.token",
];

export interface LogOptions {
  level?: string;
  logFormat?: "json" | "pretty";
  logLevelInString?: boolean;
  logMessageKey?: string;
  sentryDsn?: string;
}

/** Options as Probot reads them from the environment (LOG_LEVEL, LOG_FORMAT, …). */
export function logOptionsFromEnv(env: NodeJS.ProcessEnv): LogOptions {
  const format = env.LOG_FORMAT ? (env.LOG_FORMAT === "pretty" ? "pretty" : "json") : env.NODE_ENV === "production" ? "json" : "pretty";
  return {
    level: env.LOG_LEVEL,
    logFormat: format,
    logLevelInString: env.LOG_LEVEL_IN_STRING === "true",
    logMessageKey: env.LOG_MESSAGE_KEY,
    sentryDsn: env.SENTRY_DSN,
  };
}

export async function createLog(options: LogOptions): Promise<Logger> {
  const { level, logMessageKey, ...streamOptions } = options;
  const transform = await getTransformStream(streamOptions);
  // As Probot does: the transform formats (or forwards JSON), the destination writes to stdout.
  transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
  return pino({ level: level || "info", name: "probot", messageKey: logMessageKey || "msg", redact: { paths: REDACTED_PATHS, censor: "[redacted]" } }, transform);
}
