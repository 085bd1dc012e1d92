// An independent oracle for "echoed text stays text": render Markdown with markdown-it in its
// full CommonMark mode, raw HTML allowed and GFM-style autolinks on (linkify: `https://…`,
// `www.…`, e-mail addresses), and say what a reader would see that user text must not produce.
import MarkdownIt from "markdown-it";

const md = new MarkdownIt("default", { html: true, linkify: true });
// GFM links `www.` and `scheme://` text and e-mail addresses, not bare domains or `//host`.
md.linkify.set({ fuzzyLink: false, fuzzyEmail: true }).add("//", null).tlds(["example", "test"], true);

export interface Rendered {
  html: string;
  /** Link targets (`href`) and image sources (`src`). */
  targets: string[];
  /** Tag names of raw HTML elements (as written in the source, not produced by Markdown). */
  tags: string[];
  /** `@name` outside code: what GitHub would turn into a mention. */
  mentions: string[];
  /** HTML comments in the output (`<!--` passed through as raw HTML). */
  comments: number;
  /** `www.` text where GFM starts an extended www autolink (linkify-it only finds it with fuzzy links on). */
  www: number;
}

export function rendered(markdown: string): Rendered {
  const html = md.render(markdown);
  const targets = [...html.matchAll(/<[A-Za-z][^>]*>/g)]
    .flatMap((tag) => [...tag[0].matchAll(/\s(?:href|src)=("[^"]*"|'[^']*'|[^\s>]+)/gi)])
    .map((m) => (m[1] ?? "").replace(/^["']|["']$/g, ""))
    // GFM's autolinks take ASCII letters and digits in a domain; linkify-it also takes a
    // zero-width joiner as one (punycode `xn--`), which GitHub does not link.
    .filter((t) => !/^(?:mailto:[^@]*@|https?:\/\/)[^/]*xn--/.test(t));
  // Tags markdown-it writes itself; anything else came from raw HTML in the source.
  const own = new Set(["p", "a", "img", "code", "pre", "em", "strong", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "hr", "table", "thead", "tbody", "tr", "th", "td", "s", "del"]);
  const tags = [...html.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)/g)].map((m) => (m[1] ?? "").toLowerCase()).filter((t) => !own.has(t));
  const text = html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, " ").replace(/<[^>]*>/g, " ");
  const decoded = text.replace(/&#64;|&#x40;|&commat;/gi, "@");
  const mentions = [...decoded.matchAll(/(?<![A-Za-z0-9])@[A-Za-z0-9][A-Za-z0-9-/]*/g)].map((m) => m[0]);
  const www = (decoded.match(/(?:^|[\s*_~(])www\./gim) ?? []).length;
  return { html, targets, tags, mentions, comments: (html.match(/<!--/g) ?? []).length, www };
}

/** What in `markdown` renders as an image, link, autolink, mention, HTML or comment (empty: nothing). */
export function hostileRendering(markdown: string): string[] {
  const r = rendered(markdown);
  return [
    ...r.targets.map((t) => `link or image to ${t}`),
    ...r.tags.map((t) => `HTML <${t}>`),
    ...r.mentions.map((m) => `mention ${m}`),
    ...(r.comments > 0 ? [`${r.comments} HTML comment(s)`] : []),
    ...(r.www > 0 ? [`${r.www} www autolink(s)`] : []),
  ];
}
