// The GitHub port as one coordination run sees it:
// - issues of other repositories it may not show come back redacted (domain/reach.ts), and of their
//   comments only the app's own are kept, so no later step of the run can echo a title, a person
//   or a report from a repository its readers may not see;
// - every call is counted, so the run knows whether time passed between its read and its write.
import { redacted, shownFrom, type Home } from "../domain/reach.js";
import type { CommentWindow, RawIssue, RefKey } from "../domain/types.js";
import type { GitHubPort } from "../github/port.js";

export interface RunPort {
  port: GitHubPort;
  /** GitHub calls made through `port` so far. */
  calls: () => number;
}

export function runPort(port: GitHubPort, home: Home, gateLabel: string): RunPort {
  const view = (issues: Map<RefKey, RawIssue | null>, windows: CommentWindow[]): CommentWindow[] => {
    const hidden = new Set<RefKey>();
    for (const [key, raw] of issues) {
      if (raw && !shownFrom(raw, home)) {
        issues.set(key, redacted(raw, gateLabel));
        hidden.add(key);
      }
    }
    // Of a hidden issue only the app's own comments are kept: enough to find an earlier notice.
    return windows.map((w) => (hidden.has(w.on) ? { ...w, comments: w.comments.filter((c) => c.viewerDidAuthor) } : w));
  };
  const scoped: Partial<GitHubPort> = {
    async readCoordination(req) {
      const read = await port.readCoordination(req);
      const subs = new Map<RefKey, RawIssue | null>(read.subIssues.map((s) => [s.ref, s]));
      const windows = view(read.issues, view(subs, read.windows));
      return { ...read, windows, subIssues: [...subs.values()].filter((s): s is RawIssue => s !== null) };
    },
    async readIssues(refs, comments, options) {
      const read = await port.readIssues(refs, comments, options);
      return { issues: read.issues, windows: view(read.issues, read.windows) };
    },
  };
  let calls = 0;
  const proxy = new Proxy(port, {
    get(target, name, receiver) {
      const own = scoped[name as keyof GitHubPort];
      const value: unknown = own ?? Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls += 1;
        return (value as (...a: unknown[]) => unknown).apply(own ? scoped : target, args);
      };
    },
  });
  return { port: proxy, calls: () => calls };
}
