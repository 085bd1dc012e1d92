// GitHub's errors as the queue understands them.
import { RetryLaterError } from "./port.js";

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

/**
 * Rate limits become RetryLaterError with GitHub's own delay (`retry-after`, or the reset time of
 * an exhausted primary limit); everything else is rethrown for the queue's backoff.
 */
export function mapGitHubError(error: unknown, nowMs: number): unknown {
  const e = error as { status?: number; response?: { headers?: unknown }; message?: string };
  const status = e?.status;
  if (status !== 403 && status !== 429) return error;
  const headers = e.response?.headers;
  const retryAfter = headerValue(headers, "retry-after");
  const remaining = headerValue(headers, "x-ratelimit-remaining");
  const reset = headerValue(headers, "x-ratelimit-reset");
  if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) {
    return new RetryLaterError(`rate limited (${status})`, Math.max(1000, Number(retryAfter) * 1000));
  }
  if (remaining === "0" && reset !== undefined && Number.isFinite(Number(reset))) {
    return new RetryLaterError(`primary rate limit exhausted (${status})`, Math.max(1000, Number(reset) * 1000 - nowMs));
  }
  if (status === 429 || /secondary rate limit|abuse/i.test(e.message ?? "")) {
    // GitHub's advice when no header says how long: wait at least a minute.
    return new RetryLaterError(`secondary rate limit (${status})`, 60_000);
  }
  return error;
}
