// Probot's Octokit with one change: rate limits are not waited out inside a request. The error
// reaches the queue, which re-queues the work after GitHub's `retry-after` without holding a run.
import { ProbotOctokit } from "probot";

export const CoordinatorOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: {
    ...(options.throttle as Record<string, unknown> | undefined),
    onRateLimit: () => false,
    onSecondaryRateLimit: () => false,
  },
}));
