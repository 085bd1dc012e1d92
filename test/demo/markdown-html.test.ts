// The demo pages' Markdown: GitHub's rendering where the app relies on it (hidden comments, the
// tags it writes, task boxes, the Mermaid block, issue links) and nothing a person typed as HTML.
import { describe, expect, it } from "vitest";
import { escapeHtml, renderMarkdown } from "../../demo/markdown-html.js";

const links = { issueHref: (n: number) => (n === 12 ? "issues/12.html" : null) };
const html = (md: string) => renderMarkdown(md, links);

describe("Markdown as GitHub shows it", () => {
  it("hides HTML comments outside code, and keeps them in code", () => {
    expect(html("<!-- coordinator:state {\"a\":\"`x`\"} -->\nshown")).toBe("<p>shown</p>\n");
    expect(html("<!-- coordinator:reply:1 -->")).toBe("");
    expect(html("```\n<!-- kept -->\n```")).toBe("<pre><code>&lt;!-- kept --&gt;\n</code></pre>\n");
    expect(html("`<!-- kept -->`")).toBe("<p><code>&lt;!-- kept --&gt;</code></p>\n");
    expect(html("a <!-- x `y` --> b `<!--` c --> d")).toBe("<p>a  b <code>&lt;!--</code> c --&gt; d</p>\n");
    expect(html("<!-- unclosed")).toBe("<p>&lt;!-- unclosed</p>\n");
  });

  it("lets the attribute-less tags GitHub allows through, and escapes every other tag", () => {
    expect(html("<details><summary>Tracked (30)</summary>\n\n| a |\n| - |\n| 1 |\n\n</details>")).toBe(
      "<details><summary>Tracked (30)</summary>\n<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n</details>",
    );
    expect(html("<sub>rule</sub> a<br>b")).toBe("<p><sub>rule</sub> a<br>b</p>\n");
    expect(html('<details open><summary onclick="x()">s</summary>')).toBe("<p>&lt;details open&gt;&lt;summary onclick=&quot;x()&quot;&gt;s</summary></p>\n");
    expect(html("<script>alert(1)</script><img src=x onerror=alert(1)>")).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</p>\n");
    expect(html("[x](javascript:alert(1))")).toBe("<p>[x](javascript:alert(1))</p>\n");
  });

  it("keeps line breaks, draws task boxes, links known issues and styles mentions", () => {
    expect(html("a\nb")).toBe("<p>a<br>\nb</p>\n");
    expect(html("- [ ] #12\n- [x] #13")).toBe(
      '<ul>\n<li><input type="checkbox" disabled> <a class="issue-link" href="issues/12.html">#12</a></li>\n<li><input type="checkbox" disabled checked> #13</li>\n</ul>\n',
    );
    expect(html("ping @worker-6, not a@b.com nor @\u200dquiet")).toBe('<p>ping <span class="mention">@worker-6</span>, not <a href="mailto:a@b.com">a@b.com</a> nor @\u200dquiet</p>\n');
    expect(html("[see #12](https://example.com)")).toBe('<p><a href="https://example.com">see #12</a></p>\n');
    const local = { ...links, localHref: (href: string) => (href.startsWith("https://github.com/acme/app/issues/12") ? "issues/12.html#issuecomment-5" : null) };
    expect(renderMarkdown("[comment](https://github.com/acme/app/issues/12#issuecomment-5) [other](https://github.com/x/y)", local)).toBe(
      '<p><a href="issues/12.html#issuecomment-5">comment</a> <a href="https://github.com/x/y">other</a></p>\n',
    );
  });

  it("turns a mermaid block into an escaped <pre class=\"mermaid\"> for the page's script", () => {
    expect(html('```mermaid\nflowchart LR\n  n1["#972 a &lt;b&gt;"] --> n2\n```')).toBe('<pre class="mermaid">flowchart LR\n  n1[&quot;#972 a &amp;lt;b&amp;gt;&quot;] --&gt; n2\n</pre>\n');
    expect(escapeHtml(`<a href="x">&</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
  });
});
