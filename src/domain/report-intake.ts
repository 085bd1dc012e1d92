// From comments to accepted reports, standups and urgent items, and the replies they call for.
// Comments read from GitHub are authoritative inside their window; reports outside every window
// (older comments on busy issues) come from the previous state block, the app's cache.
import {
  actorOf,
  type CommentWindow,
  type IssueRef,
  type ParsedComment,
  type RawComment,
  type RefKey,
  type StateReport,
  type StateUrgent,
} from "./types.js";
import { parseComment } from "./report.js";
import { refusalMarker } from "./refusals.js";
import { parseRefKey, refKey, type RepoContext } from "./refs.js";
import { fixedReply, isOwnArtefact, malformedReply, repliedCommentId, replyMarker, unauthorisedReply } from "./replies.js";

export interface FreshComment {
  comment: RawComment;
  parsed: ParsedComment;
}

/**
 * Comments of every window that might be reports (ours and empty ones left out), parsed once. The
 * shell may pass a memoised `parse` (the same comment at the same revision parses the same).
 */
export function parseWindows(windows: CommentWindow[], parse: (comment: RawComment, context: RepoContext) => ParsedComment = (c, ctx) => parseComment(c.body, ctx)): FreshComment[] {
  const out: FreshComment[] = [];
  for (const window of windows) {
    const ctx = parseRefKey(window.on) ?? { owner: "", repo: "", number: 0 };
    for (const comment of window.comments) {
      if (comment.viewerDidAuthor || isOwnArtefact(comment.body)) continue;
      const parsed = parse(comment, { owner: ctx.owner, repo: ctx.repo });
      if (parsed.kind !== "none") out.push({ comment, parsed });
    }
  }
  return out;
}

/**
 * Logins whose right to report must be asked of GitHub: the people answerable for comments that
 * changed in this run (the editor of an edited comment, else its author), unless the config
 * decides. Every change is judged on GitHub's live answer, whoever reported before: having
 * reported once grants nothing. Unchanged comments keep the verdict they got when they changed
 * (the sealed state block remembers which were accepted); a rebuild judges every one again.
 */
export function authorsToCheck(
  fresh: FreshComment[],
  rebuild: boolean,
  changed: Set<number>,
  isListed: (login: string) => boolean | null,
): string[] {
  const out = new Set<string>();
  for (const { comment } of fresh) {
    const login = actorOf(comment).toLowerCase();
    if (isListed(login) !== null) continue;
    if (!rebuild && !changed.has(comment.id)) continue;
    out.add(login);
  }
  return [...out];
}

function covered(windows: CommentWindow[], on: RefKey, commentId: number): boolean {
  for (const w of windows) {
    if (w.on !== on) continue;
    if (w.complete) return true;
    const oldest = w.comments.reduce((min, c) => Math.min(min, c.id), Number.POSITIVE_INFINITY);
    if (commentId >= oldest) return true;
  }
  return false;
}

function summaryOf(parsed: ParsedComment): string {
  if (parsed.kind === "report") {
    const r = parsed.report;
    return r.deliverables.length > 0 ? r.deliverables.join("; ") : (r.blockersText ?? r.phase);
  }
  if (parsed.kind === "standup") return parsed.standup.today ?? parsed.standup.yesterday ?? "";
  return "";
}

function bounded(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface IngestInput {
  windows: CommentWindow[];
  fresh: FreshComment[];
  previousReports: StateReport[];
  previousUrgent: StateUrgent[];
  /** Comment ids deleted since the last run (from webhooks). */
  deleted: number[];
  /** Comment ids created or edited since the last run: judged on this run's verdicts alone. */
  changed?: ReadonlySet<number>;
  /**
   * Whether a login (lower-cased) may report, asked of GitHub in this run. A comment whose
   * answerable person is absent here counts only if the previous (sealed) state had accepted it.
   */
  verdicts: Map<string, boolean>;
  /** The config's verdicts (the `workers` list): policy, applied to every comment, changed or not. */
  policy?: ReadonlyMap<string, boolean>;
}

export interface Ingested {
  reports: StateReport[];
  urgent: StateUrgent[];
  /** Fresh comments with their verdict, for the replies. */
  judged: Array<FreshComment & { allowed: boolean }>;
}

export function ingest(input: IngestInput): Ingested {
  const deleted = new Set(input.deleted);
  // Trust is per comment, never per person: what was accepted when it last changed.
  const accepted = new Set([...input.previousReports.map((r) => r.commentId), ...input.previousUrgent.map((u) => u.commentId)]);
  const keep = (on: RefKey, id: number) => !deleted.has(id) && !covered(input.windows, on, id);

  const reports = input.previousReports.filter((r) => keep(r.on, r.commentId));
  const urgent = input.previousUrgent.filter((u) => keep(u.on, u.commentId));
  const judged: Ingested["judged"] = [];

  for (const item of input.fresh) {
    const { comment, parsed } = item;
    if (deleted.has(comment.id)) continue;
    // A comment accepted when it last changed stays accepted; a changed one needs a verdict now.
    const login = actorOf(comment).toLowerCase();
    const verdict = input.verdicts.get(login);
    const allowed = input.policy?.get(login) ?? (input.changed?.has(comment.id) ? verdict === true : accepted.has(comment.id) || verdict === true);
    judged.push({ ...item, allowed });
    if (!allowed) continue;
    const base = {
      commentId: comment.id,
      on: comment.on,
      url: comment.url,
      author: comment.author,
      at: comment.createdAt,
      summary: bounded(summaryOf(parsed), 200),
    };
    if (parsed.kind === "report") {
      reports.push({
        ...base,
        kind: "report",
        worker: parsed.report.worker,
        phase: parsed.report.phase,
        issue: refKey(parsed.report.issue),
        status: parsed.report.status,
        durationMinutes: parsed.report.durationMinutes,
        blockers: parsed.report.blockers.map(refKey),
        created: parsed.report.dependenciesCreated.map(refKey),
      });
    } else if (parsed.kind === "standup") {
      const first: IssueRef | undefined = parsed.standup.todayIssues[0];
      reports.push({
        ...base,
        kind: "standup",
        worker: parsed.standup.worker,
        phase: "",
        issue: first ? refKey(first) : null,
        status: null,
        durationMinutes: parsed.standup.etaMinutes,
        blockers: [],
        created: [],
      });
    }
    const u = parsed.kind === "none" ? null : parsed.urgent;
    if (u) {
      const targets = u.issues.length > 0 ? u.issues.map(refKey) : [comment.on];
      for (const ref of targets) {
        urgent.push({ ref, on: comment.on, commentId: comment.id, url: comment.url, author: comment.author, at: comment.createdAt, summary: bounded(u.summary, 200) });
      }
    }
  }
  return { reports: boundReports(reports), urgent: dedupeUrgent(urgent), judged };
}

function dedupeUrgent(list: StateUrgent[]): StateUrgent[] {
  const seen = new Map<string, StateUrgent>();
  for (const u of list) seen.set(`${u.ref} ${u.commentId}`, u);
  return [...seen.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.commentId - b.commentId));
}

/** Reports kept in the cache: the latest 50, plus the latest of each worker and of each issue. */
export const REPORTS_KEPT = 50;

export function boundReports(list: StateReport[]): StateReport[] {
  const byId = new Map<number, StateReport>();
  for (const r of list) byId.set(r.commentId, r);
  const sorted = [...byId.values()].sort((a, b) => (a.at > b.at ? -1 : a.at < b.at ? 1 : b.commentId - a.commentId));
  const keep = new Set<number>();
  const workers = new Set<string>();
  const issues = new Set<string>();
  sorted.forEach((r, i) => {
    const w = r.worker.toLowerCase();
    const issue = r.issue ?? "";
    if (i < REPORTS_KEPT || !workers.has(w) || (issue !== "" && !issues.has(issue))) keep.add(r.commentId);
    workers.add(w);
    if (issue !== "") issues.add(issue);
  });
  return sorted.filter((r) => keep.has(r.commentId));
}

export interface ReplyEffect {
  /** The issue to comment on (where the answered comment is). */
  on: RefKey;
  /** Our existing reply, when there is one. */
  existingId: number | null;
  /** The hidden marker that finds this reply again (its first line). */
  marker: string;
  body: string;
  /** A refusal: whom it refuses and the comment it answers (bounded, see refusals.ts). */
  refusal?: { login: string; commentId: number };
  /** Written only while the courtesy share of the write budget lasts (an answer to a stranger). */
  courtesy?: boolean;
}

/**
 * Replies owed for the comments that changed in this run: one per malformed report (updated
 * when it is fixed), one polite answer per unauthorised report. Unchanged replies are skipped.
 */
export function planReplies(judged: Ingested["judged"], windows: CommentWindow[], changed: Set<number>): ReplyEffect[] {
  const ours = new Map<number, RawComment>();
  for (const w of windows) {
    for (const c of w.comments) {
      if (!c.viewerDidAuthor) continue;
      const id = repliedCommentId(c.body);
      if (id !== null && !ours.has(id)) ours.set(id, c);
    }
  }
  const effects: ReplyEffect[] = [];
  for (const { comment, parsed, allowed } of judged) {
    if (!changed.has(comment.id)) continue;
    const existing = ours.get(comment.id) ?? null;
    let body: string | null = null;
    const refused = !allowed;
    if (refused) {
      // One polite reply, ever: an edit by the same person does not earn a second one.
      if (existing === null && parsed.kind !== "urgent") body = `${unauthorisedReply(comment.id)}\n${refusalMarker(actorOf(comment))}`;
    } else if (parsed.kind === "malformed") {
      body = malformedReply(comment.id, parsed.problems, parsed.template);
    } else if (existing !== null && (parsed.kind === "report" || parsed.kind === "standup")) {
      body = fixedReply(comment.id);
    }
    if (body === null || (existing !== null && existing.body === body)) continue;
    effects.push({
      on: comment.on,
      existingId: existing?.id ?? null,
      marker: replyMarker(comment.id),
      body,
      ...(refused ? { refusal: { login: actorOf(comment), commentId: comment.id }, courtesy: true } : {}),
    });
  }
  return effects;
}
