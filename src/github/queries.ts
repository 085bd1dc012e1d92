// GraphQL documents for bulk reads. Built from parts so one request reads a whole coordination;
// every document built here is validated against GitHub's schema in test/github/queries.test.ts.
import type { IssueRef } from "../domain/types.js";

export const ISSUE_FIELDS = `fragment IssueFields on Issue {
  id
  number
  databaseId
  title
  state
  stateReason
  closedAt
  url
  repository { nameWithOwner visibility }
  labels(first: 50) { nodes { name } }
  assignees(first: 20) { nodes { login } }
}`;

/** What a tracked issue says about its place in the graph: its body, native blockers and children. */
export const ISSUE_LINKS = `fragment IssueLinks on Issue {
  body
  blockedBy(first: 50) { nodes { number repository { nameWithOwner } } }
  subIssues(first: 100) { nodes { number repository { nameWithOwner } } }
}`;

export const COMMENT_FIELDS = `fragment CommentFields on IssueComment {
  databaseId
  body
  createdAt
  updatedAt
  url
  viewerDidAuthor
  author { login __typename }
  editor { login }
}`;

/** How many of an issue's latest comments one read covers (GitHub's page maximum). */
export const COMMENT_WINDOW = 100;

/** Who added labels to a gate, and when: GitHub's record of an approval (the latest 50 additions). */
export const GATE_LABEL_EVENTS = `timelineItems(itemTypes: [LABELED_EVENT], last: 50) { nodes { ... on LabeledEvent { createdAt actor { login } label { name } } } }`;
/** Comments read on a gate: enough to find the app's decisions on it. */
export const GATE_COMMENTS = 50;

export interface IssueSlot {
  alias: string;
  ref: IssueRef;
  /** How many of the issue's latest comments to read (0: none). */
  comments: number;
  /** A gate: also who added its labels (and at least GATE_COMMENTS comments). */
  gate?: boolean;
}

export interface BuiltQuery {
  query: string;
  variables: Record<string, string | number | string[]>;
}

/** A state comment read by node id: its text, and GitHub's record of whether the app wrote it. */
export const PART_FIELDS = `fragment PartFields on IssueComment {
  id
  databaseId
  body
  viewerDidAuthor
}`;

/**
 * Groups issue look-ups by repository (`rN: repository(...) { iM: issue(number: M) {...} }`).
 * Owners and names travel as variables; numbers are validated integers, inlined.
 */
function issueSelections(slots: IssueSlot[], variables: BuiltQuery["variables"], decls: string[]): string {
  const byRepo = new Map<string, IssueSlot[]>();
  for (const slot of slots) {
    const key = `${slot.ref.owner}/${slot.ref.repo}`;
    const list = byRepo.get(key) ?? [];
    list.push(slot);
    byRepo.set(key, list);
  }
  let out = "";
  let r = 0;
  for (const list of byRepo.values()) {
    const first = list[0];
    if (!first) continue;
    decls.push(`$o${r}: String!`, `$n${r}: String!`);
    variables[`o${r}`] = first.ref.owner;
    variables[`n${r}`] = first.ref.repo;
    out += `  r${r}: repository(owner: $o${r}, name: $n${r}) {\n`;
    for (const slot of list) {
      const number = Math.trunc(slot.ref.number);
      const last = Math.max(0, Math.min(COMMENT_WINDOW, Math.trunc(slot.gate ? Math.max(slot.comments, GATE_COMMENTS) : slot.comments)));
      const comments = last > 0 ? ` comments(last: ${last}) { totalCount nodes { ...CommentFields } }` : "";
      const labelEvents = slot.gate ? ` ${GATE_LABEL_EVENTS}` : "";
      out += `    ${slot.alias}: issue(number: ${number}) { ...IssueFields ...IssueLinks${comments}${labelEvents} }\n`;
    }
    out += "  }\n";
    r++;
  }
  return out;
}

/**
 * The one request of an ordinary event: the coordination issue, its comments, sub-issues, known
 * issues, permissions, and the state comments its last state block listed (by node id).
 */
export function coordinationQuery(
  coordination: IssueRef,
  slots: IssueSlot[],
  logins: string[],
  labels: readonly string[] = [],
  parts: readonly string[] = [],
): BuiltQuery {
  const variables: BuiltQuery["variables"] = {
    owner: coordination.owner,
    repo: coordination.repo,
    number: coordination.number,
  };
  const decls = ["$owner: String!", "$repo: String!", "$number: Int!"];
  let perms = "";
  logins.forEach((login, i) => {
    decls.push(`$l${i}: String!`);
    variables[`l${i}`] = login;
    perms += `    p${i}: collaborators(login: $l${i}, first: 1) { edges { permission node { login } } }\n`;
  });
  // Label node ids a label swap needs, read here rather than in a request of their own.
  labels.forEach((name, i) => {
    decls.push(`$lb${i}: String!`);
    variables[`lb${i}`] = name;
    perms += `    lb${i}: label(name: $lb${i}) { id }\n`;
  });
  const issues = issueSelections(slots, variables, decls);
  let stateParts = "";
  if (parts.length > 0) {
    decls.push("$parts: [ID!]!");
    variables.parts = [...parts];
    stateParts = "  parts: nodes(ids: $parts) { ... on IssueComment { ...PartFields } }\n";
  }
  const query = `query Coordination(${decls.join(", ")}) {
${stateParts}  coordination: repository(owner: $owner, name: $repo) {
    issue(number: $number) {
      ...IssueFields
      body
      comments(last: ${COMMENT_WINDOW}) { totalCount nodes { ...CommentFields } }
      subIssues(first: 100) { nodes { ...IssueFields ...IssueLinks } }
    }
${perms}  }
${issues}}
${ISSUE_FIELDS}
${ISSUE_LINKS}
${COMMENT_FIELDS}${parts.length > 0 ? `\n${PART_FIELDS}` : ""}`;
  return { query, variables };
}

/** State comments by node id (when the first request did not know them). */
export function partsQuery(nodes: readonly string[]): BuiltQuery {
  return {
    query: `query StateParts($parts: [ID!]!) {\n  parts: nodes(ids: $parts) { ... on IssueComment { ...PartFields } }\n}\n${PART_FIELDS}`,
    variables: { parts: [...nodes] },
  };
}

/** The node ids of a repository's labels, by name (aliases l0, l1, …; null for a missing label). */
export function labelIdsQuery(owner: string, repo: string, names: readonly string[]): BuiltQuery {
  const decls = ["$owner: String!", "$repo: String!"];
  const variables: BuiltQuery["variables"] = { owner, repo };
  let fields = "";
  names.forEach((name, i) => {
    decls.push(`$l${i}: String!`);
    variables[`l${i}`] = name;
    fields += `    l${i}: label(name: $l${i}) { id name }\n`;
  });
  return { query: `query LabelIds(${decls.join(", ")}) {\n  repository(owner: $owner, name: $repo) {\n${fields}  }\n}`, variables };
}

/**
 * Labels added to and removed from one issue in one request: two mutations, each incremental,
 * so a label someone else adds meanwhile is never dropped (unlike setting the whole list).
 */
export function swapLabelsMutation(issueId: string, add: readonly string[], remove: readonly string[]): { query: string; variables: Record<string, unknown> } {
  const decls = ["$issue: ID!"];
  const variables: Record<string, unknown> = { issue: issueId };
  let fields = "";
  if (add.length > 0) {
    decls.push("$add: [ID!]!");
    variables.add = [...add];
    fields += "  add: addLabelsToLabelable(input: { labelableId: $issue, labelIds: $add }) { clientMutationId }\n";
  }
  if (remove.length > 0) {
    decls.push("$remove: [ID!]!");
    variables.remove = [...remove];
    fields += "  remove: removeLabelsFromLabelable(input: { labelableId: $issue, labelIds: $remove }) { clientMutationId }\n";
  }
  return { query: `mutation SwapLabels(${decls.join(", ")}) {\n${fields}}`, variables };
}

/** A follow-up read of issues the first request did not know about. */
export function issuesQuery(slots: IssueSlot[]): BuiltQuery {
  const variables: BuiltQuery["variables"] = {};
  const decls: string[] = [];
  const issues = issueSelections(slots, variables, decls);
  const needsComments = slots.some((s) => s.comments > 0 || s.gate === true);
  const query = `query Issues(${decls.join(", ")}) {
${issues}}
${ISSUE_FIELDS}
${ISSUE_LINKS}${needsComments ? `\n${COMMENT_FIELDS}` : ""}`;
  return { query, variables };
}
