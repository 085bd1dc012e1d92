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

export const CoordinatorOctokit = ProbotOctokit.plugin(observeRequests as never).defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: {
    ...(options.throttle as Record<string, unknown> | undefined),
    onRateLimit: () => false,
    onSecondaryRateLimit: () => false,
  },
}));
