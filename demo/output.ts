// What the demo leaves behind, in one folder (default demo-out/):
// - issues/<N>.md: every issue of the simulated repository with every comment, as Markdown;
// - index.html: the coordination issue as GitHub shows it (its body with the dashboard, the
//   Mermaid graph drawn, its comments: reports, replies, the Team Status), then the app's notices
//   on the other issues (unblock notices, gate decisions); issues/<N>.html: every other issue;
// - mermaid.min.js (Mermaid's browser bundle, copied from node_modules so the pages work offline),
//   page.js (draws the graphs), app.log (the app's own log, JSON lines), scenario.txt (the events).
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { BOT_LOGIN, type WorldComment, type WorldIssue } from "../test/fakes/github-world.js";
import type { DemoResult } from "./engine.js";
import { escapeHtml, renderMarkdown } from "./markdown-html.js";

export interface Written {
  dir: string;
  index: string;
  files: string[];
}

/** Mermaid's browser bundle (UMD, defines `window.mermaid`). */
export function mermaidBundle(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("mermaid/package.json")), "dist", "mermaid.min.js");
}

const PAGE_SCRIPT = `// Draws every Mermaid block of the page; body[data-mermaid] says when it is done ("rendered" or "failed").
mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default" });
mermaid.run({ querySelector: "pre.mermaid" }).then(
  () => { document.body.dataset.mermaid = "rendered"; },
  (error) => { document.body.dataset.mermaid = "failed"; console.error(error); },
);
`;

const STYLE = `
body { margin: 0; font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; background: #fff; }
header.site { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 12px 24px; }
header.site .note { color: #59636e; font-size: 12px; }
main { max-width: 1012px; margin: 0 auto; padding: 24px; }
h1.title { font-size: 32px; font-weight: 400; margin: 0 0 8px; }
h1.title .number { color: #59636e; font-weight: 300; }
.meta { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding-bottom: 16px; border-bottom: 1px solid #d1d9e0; margin-bottom: 16px; color: #59636e; }
.state { color: #fff; border-radius: 2em; padding: 4px 12px; font-weight: 500; }
.state.open { background: #1f883d; } .state.closed { background: #8250df; }
.label { border: 1px solid #d1d9e0; border-radius: 2em; padding: 0 8px; font-size: 12px; font-weight: 500; background: #f6f8fa; }
.comment { border: 1px solid #d1d9e0; border-radius: 6px; margin: 0 0 16px; }
.comment > .head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; border-radius: 6px 6px 0 0; color: #59636e; }
.comment.bot > .head { background: #ddf4ff; }
.comment > .head b { color: #1f2328; }
.bot-badge { border: 1px solid #d1d9e0; border-radius: 2em; padding: 0 6px; font-size: 11px; margin-left: 4px; }
.markdown-body { padding: 16px; overflow-wrap: break-word; }
.markdown-body table { border-collapse: collapse; display: block; overflow: auto; margin: 0 0 16px; }
.markdown-body th, .markdown-body td { border: 1px solid #d1d9e0; padding: 6px 13px; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body code { background: #eff1f3; border-radius: 6px; padding: .2em .4em; font-size: 85%; }
.markdown-body pre { background: #f6f8fa; border-radius: 6px; padding: 16px; overflow: auto; }
.markdown-body pre code { background: none; padding: 0; }
.markdown-body pre.mermaid { background: #fff; text-align: center; }
.markdown-body blockquote { margin: 0; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
.markdown-body ul { padding-left: 2em; }
.markdown-body li:has(> input[type=checkbox]), .markdown-body li:has(> p > input[type=checkbox]) { list-style: none; margin-left: -1.4em; }
.markdown-body details { margin: 0 0 16px; }
.markdown-body summary { cursor: pointer; }
.mention { font-weight: 600; }
a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }
h2.section { font-size: 20px; font-weight: 600; margin: 32px 0 8px; padding-bottom: 8px; border-bottom: 1px solid #d1d9e0; }
.on-issue { color: #59636e; }
`;

function time(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** One issue and its comments as Markdown. */
export function issueMarkdown(issue: WorldIssue): string {
  const lines = [
    `# ${issue.title} (${issue.owner}/${issue.repo}#${issue.number})`,
    "",
    `- **State**: ${issue.state === "OPEN" ? "open" : `closed (${(issue.stateReason ?? "completed").toLowerCase().replace("_", " ")})`}`,
    `- **Opened by**: ${issue.author ?? "unknown"}${issue.createdAt ? ` on ${time(issue.createdAt)}` : ""}`,
    `- **Labels**: ${issue.labels.length > 0 ? issue.labels.map((l) => `\`${l}\``).join(", ") : "none"}`,
    `- **Assignees**: ${issue.assignees.length > 0 ? issue.assignees.join(", ") : "none"}`,
    "",
    "## Description",
    "",
    issue.body,
  ];
  for (const c of issue.comments) {
    lines.push("", "---", "", `## Comment ${c.id} by ${c.author}${c.authorType === "Bot" ? " (bot)" : ""} on ${time(c.createdAt)}${c.updatedAt !== c.createdAt ? ` (edited ${time(c.updatedAt)})` : ""}`, "", c.body);
  }
  return `${lines.join("\n")}\n`;
}

interface PageContext {
  /** Path from the page to the output folder's root ("" or "../"). */
  root: string;
  coordination: number;
  numbers: Set<number>;
  /** `owner/repo` of the simulated repository. */
  repository: string;
}

function hrefOf(ctx: PageContext, number: number): string | null {
  if (!ctx.numbers.has(number)) return null;
  return number === ctx.coordination ? `${ctx.root}index.html` : `${ctx.root}issues/${number}.html`;
}

function linksOf(ctx: PageContext) {
  const prefix = `https://github.com/${ctx.repository}/issues/`.toLowerCase();
  return {
    issueHref: (n: number) => hrefOf(ctx, n),
    // GitHub's own links to an issue or a comment of this repository lead to the page here.
    localHref: (href: string) => {
      if (!href.toLowerCase().startsWith(prefix)) return null;
      const m = /^(\d+)(#issuecomment-\d+)?$/.exec(href.slice(prefix.length));
      const page = m ? hrefOf(ctx, Number(m[1])) : null;
      return page === null ? null : `${page}${m?.[2] ?? ""}`;
    },
  };
}

function commentHtml(ctx: PageContext, c: WorldComment, onIssue: WorldIssue | null): string {
  const bot = c.authorType === "Bot";
  const where = onIssue ? ` <span class="on-issue">on <a href="${escapeHtml(hrefOf(ctx, onIssue.number) ?? "#")}">#${onIssue.number}</a> ${escapeHtml(onIssue.title)}</span>` : "";
  const edited = c.updatedAt !== c.createdAt ? " · edited" : "";
  return `<article class="comment${bot ? " bot" : ""}" id="issuecomment-${c.id}">
<div class="head"><b>${escapeHtml(c.author)}</b>${bot ? '<span class="bot-badge">bot</span>' : ""} commented on ${escapeHtml(time(c.createdAt))}${edited}${where}</div>
<div class="markdown-body">${renderMarkdown(c.body, linksOf(ctx))}</div>
</article>`;
}

function page(ctx: PageContext, result: DemoResult, issue: WorldIssue, extra: string): string {
  const labels = issue.labels.map((l) => `<span class="label">${escapeHtml(l)}</span>`).join(" ");
  const state = issue.state === "OPEN" ? '<span class="state open">Open</span>' : '<span class="state closed">Closed</span>';
  const opener: WorldComment = { id: 0, author: issue.author ?? "unknown", authorType: issue.author === BOT_LOGIN ? "Bot" : "User", body: issue.body, createdAt: issue.createdAt ?? "", updatedAt: issue.createdAt ?? "" };
  const body = commentHtml(ctx, opener, null).replace(" commented on ", " opened this issue on ").replace('id="issuecomment-0"', 'id="description"');
  const assignees = issue.assignees.length > 0 ? ` · assigned to ${issue.assignees.map((a) => `<span class="mention">@${escapeHtml(a)}</span>`).join(", ")}` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>${escapeHtml(issue.title)} · Issue #${issue.number} · ${escapeHtml(`${issue.owner}/${issue.repo}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="site"><b>${escapeHtml(`${issue.owner}/${issue.repo}`)}</b> · <a href="${ctx.root}index.html">coordination #${ctx.coordination}</a>
<div class="note">Coordinator demo: ${escapeHtml(result.scenario.title)}. Written by the real app on a simulated GitHub (<code>npm run demo</code>); nothing here was sent to github.com.</div></header>
<main>
<h1 class="title">${escapeHtml(issue.title)} <span class="number">#${issue.number}</span></h1>
<div class="meta">${state} ${labels}${assignees} · ${issue.comments.length} comment${issue.comments.length === 1 ? "" : "s"}</div>
${body}
${issue.comments.map((c) => commentHtml(ctx, c, null)).join("\n")}
${extra}
</main>
<script src="${ctx.root}mermaid.min.js"></script>
<script src="${ctx.root}page.js"></script>
</body>
</html>
`;
}

/** Writes the demo's output into `dir` (its earlier output there is replaced). */
export function writeOutput(result: DemoResult, dir: string): Written {
  const { world, scenario } = result;
  const issues = [...world.issues.values()].filter((i) => i.owner === scenario.owner && i.repo === scenario.repo).sort((a, b) => a.number - b.number);
  const numbers = new Set(issues.map((i) => i.number));
  const repository = `${scenario.owner}/${scenario.repo}`;
  rmSync(join(dir, "issues"), { recursive: true, force: true });
  mkdirSync(join(dir, "issues"), { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    files.push(name);
  };
  for (const issue of issues) {
    write(`issues/${issue.number}.md`, issueMarkdown(issue));
    if (issue.number !== scenario.coordination) write(`issues/${issue.number}.html`, page({ root: "../", coordination: scenario.coordination, numbers, repository }, result, issue, ""));
  }
  const coordination = world.issue(scenario.coordination);
  const ctx: PageContext = { root: "", coordination: scenario.coordination, numbers, repository };
  // The app's comments elsewhere (unblock notices, gate decisions, replies on tracked issues), in time order.
  const notices = issues
    .filter((i) => i.number !== scenario.coordination)
    .flatMap((i) => i.comments.filter((c) => c.author === BOT_LOGIN).map((c) => ({ issue: i, comment: c })))
    .sort((a, b) => a.comment.createdAt.localeCompare(b.comment.createdAt) || a.comment.id - b.comment.id);
  const extra =
    notices.length === 0
      ? ""
      : `<h2 class="section">Coordinator's notices on other issues</h2>\n${notices.map((n) => commentHtml(ctx, n.comment, n.issue)).join("\n")}`;
  write("index.html", page(ctx, result, coordination, extra));
  copyFileSync(mermaidBundle(), join(dir, "mermaid.min.js"));
  files.push("mermaid.min.js");
  write("page.js", PAGE_SCRIPT);
  write("app.log", result.log.length > 0 ? `${result.log.join("\n")}\n` : "");
  write(
    "scenario.txt",
    `${scenario.title}\n\n${result.outcomes.map((o) => `${o.event.at.toISOString()}  ${o.line}\n    → ${o.effects.length > 0 ? o.effects.join(", ") : "nothing written"}`).join("\n")}\n`,
  );
  return { dir, index: join(dir, "index.html"), files };
}
