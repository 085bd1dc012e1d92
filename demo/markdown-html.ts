// GitHub-flavoured Markdown to HTML for the demo's pages, safe for any comment body: markdown-it
// with `html: false`, so every `<`, `>` and `&` a person typed is escaped and no tag, script or
// attribute of theirs reaches the page (and `breaks: true`: GitHub keeps the line breaks of issues
// and comments). GitHub's look is kept with a few token rules:
// - HTML comments (`<!-- … -->`, the app's hidden markers and state block) are hidden, as GitHub hides them;
// - the attribute-less tags GitHub allows and the app writes (`<details>`, `<summary>`, `<sub>`,
//   `<br>`, …) are let through exactly in that form, never with attributes;
// - task list items (`- [ ]`, `- [x]`) become disabled checkboxes;
// - `#N` becomes a link to that issue's page, `@login` a mention (styled, not linked), and a link
//   to an issue or comment of the simulated repository on github.com points to its page here;
// - a `mermaid` code block becomes `<pre class="mermaid">` (its text escaped), which the page's
//   Mermaid script draws.
import MarkdownIt from "markdown-it";

type Token = ReturnType<MarkdownIt["parse"]>[number];

const ALLOWED_TAG = /<(\/?)(details|summary|sub|sup|b|i|em|strong|kbd|ins|del|s|code)>|<br\s*\/?>/gi;

/**
 * Inline text without its HTML comments, read left to right as CommonMark does: a code span that
 * starts first keeps a comment inside it as text, and a comment that starts first hides the
 * backticks inside it (the state block's JSON may hold some). An unclosed comment stays text.
 */
export function withoutComments(text: string): string {
  let out = "";
  let i = 0;
  // Backtick runs of a length with no closer after some point have none after any later point
  // either: remembered, so that no text makes this quadratic.
  const noCloser = new Set<number>();
  let commentsClose = true;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") {
      out += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === "`") {
      let n = 1;
      while (text[i + n] === "`") n += 1;
      let end = i + n;
      if (!noCloser.has(n)) {
        let at = text.indexOf("`".repeat(n), i + n);
        while (at !== -1 && (text[at - 1] === "`" || text[at + n] === "`")) {
          let skip = at;
          while (text[skip] === "`") skip += 1;
          at = text.indexOf("`".repeat(n), skip);
        }
        if (at === -1) noCloser.add(n);
        else end = at + n;
      }
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (commentsClose && text.startsWith("<!--", i)) {
      const close = text.indexOf("-->", i + 4);
      if (close !== -1) {
        i = close + 3;
        continue;
      }
      commentsClose = false;
    }
    out += c;
    i += 1;
  }
  return out;
}
const REFERENCE = /(^|[^\w&/#])#(\d+)\b|(^|[^\w`/@.])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?)/g;

export interface LinkContext {
  /** The page of issue #N, or null when the output has none. */
  issueHref: (number: number) => string | null;
  /** A local address for a link's URL (an issue or comment of the simulated repository), or null to keep it. */
  localHref?: (href: string) => string | null;
}

type TokenClass = new (type: string, tag: string, nesting: 0) => Token;

function token(Token: TokenClass, template: Token, type: string, content: string): Token {
  const t = new Token(type, "", 0);
  t.content = content;
  t.level = template.level;
  return t;
}

export function createRenderer(): MarkdownIt {
  const md = new MarkdownIt("default", { html: false, linkify: true, typographer: false, breaks: true });
  const escape = md.utils.escapeHtml;

  // Before inline parsing: hidden comments go (only in inline content: code blocks keep theirs).
  md.core.ruler.after("block", "github_hidden_comments", (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t?.type !== "inline" || !t.content.includes("<!--")) continue;
      t.content = withoutComments(t.content).trim();
      const open = tokens[i - 1];
      const close = tokens[i + 1];
      if (t.content === "" && open?.type === "paragraph_open" && close?.type === "paragraph_close") {
        open.hidden = true;
        close.hidden = true;
      }
    }
  });

  // After inline parsing: allowed tags, task boxes, issue links and mentions.
  md.core.ruler.push("github_inline", (state) => {
    const env = state.env as LinkContext;
    const make = (template: Token, type: string, content: string) => token(state.Token as TokenClass, template, type, content);
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const block = tokens[i];
      if (block?.type !== "inline" || !block.children) continue;
      const out: Token[] = [];
      let inLink = 0;
      for (const [j, child] of block.children.entries()) {
        if (child.type === "link_open") inLink += 1;
        if (child.type === "link_close") inLink -= 1;
        if (child.type !== "text") {
          out.push(child);
          continue;
        }
        let text = child.content;
        // A task list item: its paragraph's first text starts with [ ] or [x].
        if (j === 0 && tokens[i - 2]?.type === "list_item_open") {
          const box = /^\[([ xX])\]\s/.exec(text);
          if (box) {
            out.push(make(child, "html_inline", `<input type="checkbox" disabled${box[1] === " " ? "" : " checked"}> `));
            text = text.slice(box[0].length);
          }
        }
        let last = 0;
        const pieces: Token[] = [];
        const plain = (s: string) => s !== "" && pieces.push(make(child, "text", s));
        const pattern = new RegExp(`${ALLOWED_TAG.source}|${inLink > 0 ? "(?!)" : REFERENCE.source}`, "gi");
        for (const m of text.matchAll(pattern)) {
          const index = m.index ?? 0;
          plain(text.slice(last, index));
          last = index + m[0].length;
          if (m[2] !== undefined || /^<br/i.test(m[0])) {
            pieces.push(make(child, "html_inline", m[2] === undefined ? "<br>" : `<${m[1]}${m[2].toLowerCase()}>`));
          } else if (m[4] !== undefined) {
            plain(m[3] ?? "");
            const href = env.issueHref(Number(m[4]));
            pieces.push(make(child, "html_inline", href === null ? escape(`#${m[4]}`) : `<a class="issue-link" href="${escape(href)}">#${escape(m[4])}</a>`));
          } else if (m[6] !== undefined) {
            plain(m[5] ?? "");
            pieces.push(make(child, "html_inline", `<span class="mention">@${escape(m[6])}</span>`));
          } else {
            plain(m[0]);
          }
        }
        plain(text.slice(last));
        out.push(...pieces);
      }
      block.children = out;
      // A paragraph that is only a block-level tag (<details>, </details>, <summary>…) is not wrapped in <p>.
      const first = out[0];
      if (first?.type === "html_inline" && /^<\/?(details|summary)>$/.test(first.content) && tokens[i - 1]?.type === "paragraph_open" && tokens[i + 1]?.type === "paragraph_close") {
        (tokens[i - 1] as Token).hidden = true;
        (tokens[i + 1] as Token).hidden = true;
      }
    }
  });

  md.renderer.rules.link_open = (tokens, idx, options, env: LinkContext, self) => {
    const t = tokens[idx];
    const local = t ? env.localHref?.(t.attrGet("href") ?? "") : null;
    if (t && local) t.attrSet("href", local);
    return self.renderToken(tokens, idx, options);
  };

  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const t = tokens[idx];
    if (t && t.info.trim().toLowerCase() === "mermaid") return `<pre class="mermaid">${escape(t.content)}</pre>\n`;
    return fence ? fence(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  };
  return md;
}

const renderer = createRenderer();

/** A Markdown body as GitHub would show it (see the file's head for what is kept and what is escaped). */
export function renderMarkdown(markdown: string, links: LinkContext): string {
  return renderer.render(markdown, links);
}

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return renderer.utils.escapeHtml(text);
}
