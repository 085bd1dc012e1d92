// Probot's Octokit with two changes:
// - rate limits are not waited out inside a request: the error reaches the queue, which re-queues
//   the work after GitHub's `retry-after` without holding a run;
// - every request's method and status is told to the listeners (metrics, readiness).
import { ProbotOctokit } from "probot";

export type RequestListener = (method: string, status: number) => void;

const listeners = new Set<RequestListener>();

/** Hears every GitHub request the app's Octokit makes; returns a function that stops listening. */
export function onGitHubRequest(listener: RequestListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function tell(method: string, status: number): void {
  for (const listener of listeners) listener(method, status);
}

interface HookedOctokit {
  hook: { wrap: (name: "request", fn: (request: (o: { method?: string }) => Promise<{ status: number }>, options: { method?: string }) => Promise<unknown>) => void };
}

function observeRequests(octokit: HookedOctokit): void {
  octokit.hook.wrap("request", async (request, options) => {
    const method = (options.method ?? "GET").toUpperCase();
    try {
      const response = await request(options);
      tell(method, response.status);
      return response;
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      tell(method, typeof status === "number" ? status : 0);
      throw error;
    }
  });
}

type ScriptCallback = (error: Error | null, replies: unknown) => void;
interface BottleneckConnection {
  __scriptArgs__?: (name: string, id: string, args: unknown[], callback: ScriptCallback) => unknown[];
  coordinatorRecovers?: true;
}

/**
 * With REDIS_URL, Probot clusters its write spacing through Bottleneck on Redis. Bottleneck
 * re-creates its keys when a script answers SETTINGS_KEY_NOT_FOUND or UNKNOWN_CLIENT (Redis lost
 * them: a restart without persistence), but Redis 7 prefixes those answers with "ERR ", which
 * Bottleneck does not expect: every request then failed until the process restarted. The prefix
 * is taken off those two answers, so Bottleneck recovers as designed.
 */
export function recoverBottleneck(connection: unknown): void {
  const c = connection as BottleneckConnection | null | undefined;
  if (!c || typeof c.__scriptArgs__ !== "function" || c.coordinatorRecovers) return;
  const scriptArgs = c.__scriptArgs__.bind(c);
  c.__scriptArgs__ = (name, id, args, callback) =>
    scriptArgs(name, id, args, (error, replies) => {
      if (error && /^ERR (SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)$/.test(error.message)) error.message = error.message.slice(4);
      callback(error, replies);
    });
  c.coordinatorRecovers = true;
}

export const CoordinatorOctokit = ProbotOctokit.plugin(observeRequests as never).defaults((options: Record<string, unknown>) => {
  const throttle = options.throttle as Record<string, unknown> | undefined;
  recoverBottleneck(throttle?.connection);
  return {
    ...options,
    throttle: {
      ...throttle,
      onRateLimit: () => false,
      onSecondaryRateLimit: () => false,
    },
  };
});
