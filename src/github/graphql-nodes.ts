// The shapes of GitHub's GraphQL answers that the port reads, and their conversion into the
// domain's issues and comment windows.
import type { CommentWindow, RawComment, RawIssue, RawPartComment } from "./port.js";
import type { RefKey } from "../domain/types.js";
import { refKey } from "../domain/refs.js";
import { COMMENT_WINDOW } from "./queries.js";

interface GqlRefNode {
  number: number;
  repository: { nameWithOwner: string };
}

export interface GqlIssue {
  id?: string;
  number: number;
  databaseId?: number | null;
  title: string;
  state: string;
  stateReason: string | null;
  closedAt?: string | null;
  blockedBy?: { nodes: Array<GqlRefNode | null> | null } | null;
  url: string;
  repository: { nameWithOwner: string; visibility?: string };
  labels: { nodes: Array<{ name: string } | null> | null } | null;
  assignees: { nodes: Array<{ login: string } | null> | null } | null;
  body?: string;
  comments?: { totalCount: number; nodes: Array<GqlComment | null> | null };
  /** Full issues for the coordination's sub-issues; only references for a tracked issue's children. */
  subIssues?: { nodes: Array<GqlRefNode | null> | null };
  /** Gates only: label additions (LabeledEvent nodes; other timeline items come back empty). */
  timelineItems?: { nodes: Array<{ createdAt?: string; actor?: { login: string } | null; label?: { name: string } } | null> | null };
}

interface GqlComment {
  databaseId: number | null;
  body: string;
  createdAt: string;
  updatedAt: string;
  url: string;
  viewerDidAuthor: boolean;
  author: { login: string; __typename: string } | null;
  editor?: { login: string } | null;
}

export type GqlData = Record<string, Record<string, unknown> | null | undefined>;

function keyOf(node: GqlRefNode): RefKey {
  const [owner = "", repo = ""] = node.repository.nameWithOwner.split("/");
  return refKey({ owner, repo, number: node.number });
}

function keysOf(connection: { nodes: Array<GqlRefNode | null> | null } | null | undefined): RefKey[] {
  return (connection?.nodes ?? []).flatMap((n) => (n ? [keyOf(n)] : []));
}

function visibilityOf(value: string | undefined): Pick<RawIssue, "visibility"> {
  const v = value?.toLowerCase();
  return v === "public" || v === "private" || v === "internal" ? { visibility: v } : {};
}

export function toRawIssue(node: GqlIssue): RawIssue {
  const [owner = "", repo = ""] = node.repository.nameWithOwner.split("/");
  return {
    ref: refKey({ owner, repo, number: node.number }),
    number: node.number,
    databaseId: node.databaseId ?? null,
    ...(node.id ? { nodeId: node.id } : {}),
    title: node.title,
    state: node.state === "CLOSED" ? "closed" : "open",
    stateReason: node.stateReason ? node.stateReason.toLowerCase() : null,
    labels: (node.labels?.nodes ?? []).flatMap((l) => (l ? [l.name] : [])),
    assignees: (node.assignees?.nodes ?? []).flatMap((a) => (a ? [a.login] : [])),
    url: node.url,
    closedAt: node.closedAt ?? null,
    body: node.body ?? "",
    ...visibilityOf(node.repository.visibility),
    blockedBy: keysOf(node.blockedBy),
    subIssues: keysOf(node.subIssues),
    ...(node.timelineItems
      ? {
          labelEvents: (node.timelineItems.nodes ?? []).flatMap((e) =>
            e && e.createdAt && e.label ? [{ label: e.label.name, actor: e.actor?.login ?? null, at: e.createdAt }] : [],
          ),
        }
      : {}),
  };
}

export function toWindow(on: RefKey, comments: GqlIssue["comments"], size = COMMENT_WINDOW): CommentWindow {
  const nodes = comments?.nodes ?? [];
  const list: RawComment[] = [];
  for (const c of nodes) {
    if (!c || c.databaseId === null) continue;
    list.push({
      id: c.databaseId,
      on,
      author: c.author?.login ?? "ghost",
      authorType: c.author?.__typename ?? "User",
      body: c.body,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      url: c.url,
      viewerDidAuthor: c.viewerDidAuthor,
      editor: c.editor?.login ?? null,
    });
  }
  return { on, comments: list, complete: (comments?.totalCount ?? 0) <= size };
}

interface GqlPartComment {
  id?: string;
  databaseId?: number | null;
  body?: string;
  viewerDidAuthor?: boolean;
}

/**
 * State comments read by node id (`nodes(ids:)`, in the order asked): a node that is no comment,
 * or that GitHub could not resolve, is null.
 */
export function toPartComments(nodes: readonly string[], answer: unknown): Map<string, RawPartComment | null> {
  const list = Array.isArray(answer) ? (answer as Array<GqlPartComment | null>) : [];
  return new Map(
    nodes.map((node, i) => {
      const c = list[i];
      if (!c || typeof c.body !== "string" || typeof c.databaseId !== "number" || c.id !== node) return [node, null];
      return [node, { node, id: c.databaseId, body: c.body, viewerDidAuthor: c.viewerDidAuthor === true }];
    }),
  );
}
