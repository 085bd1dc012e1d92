// Markdown as GitHub reads it (CommonMark + GFM), and the few walks the comment parsers share.
import type { Heading, List, Nodes, Paragraph, Root, Table } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { defuseMarkdown } from "./markdown-guard.js";

/**
 * GitHub refuses comments and bodies longer than 65,536 characters, so nothing longer is a
 * real document: anything beyond is cut before parsing, which also bounds the parser's work.
 */
export const MAX_MARKDOWN_LENGTH = 65_536;

/**
 * GFM without autolink literals: their "unbalanced bracket" check walks back over the paragraph
 * at every word (quadratic on hostile input). Bare URLs stay text, where refs.ts finds issue URLs.
 */
const extensions = [gfm(), { disable: { null: ["emailAutolink", "wwwAutolink", "protocolAutolink"] } }];
const mdastExtensions = [gfmFromMarkdown()];

/** The blocks that carry what a comment says; see {@link liveBlocks}. */
export type LiveBlock = Paragraph | Heading | List | Table;

/** Cuts `text` to at most `max` UTF-16 units without leaving half a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return text.slice(0, end);
}

/**
 * Parses GitHub-flavoured Markdown in time linear in the input (see markdown-guard.ts).
 * Never throws: unparseable input reads as an empty document.
 */
export function parseMarkdown(text: string): Root {
  const source = typeof text === "string" ? cut(text, MAX_MARKDOWN_LENGTH) : "";
  try {
    return fromMarkdown(defuseMarkdown(source), { extensions, mdastExtensions });
  } catch {
    return { type: "root", children: [] };
  }
}

/**
 * The top-level paragraphs, headings, lists and tables of a document. Code blocks, `>` quotes
 * and HTML (comments included) are skipped: text there is quoted or hidden, not said.
 */
export function* liveBlocks(root: Root): Generator<LiveBlock> {
  for (const node of root.children) {
    if (node.type === "paragraph" || node.type === "heading" || node.type === "list" || node.type === "table") {
      yield node;
    }
  }
}

/**
 * The visible text of a node: text, inline code and image alt text; hard and soft breaks become
 * "\n", separate blocks are joined by "\n". HTML is dropped. Iterative, so any nesting depth is safe.
 */
export function plainText(node: Nodes | readonly Nodes[]): string {
  const out: string[] = [];
  const stack: (Nodes | string)[] = Array.isArray(node) ? [...node].reverse() : [node as Nodes];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === undefined) break;
    if (typeof current === "string") {
      out.push(current);
      continue;
    }
    switch (current.type) {
      case "text":
      case "inlineCode":
        out.push(current.value);
        break;
      case "image":
        out.push(current.alt ?? "");
        break;
      case "break":
        out.push("\n");
        break;
      case "html":
      case "definition":
      case "footnoteDefinition":
        break;
      case "code":
        out.push(current.value, "\n");
        break;
      default:
        if ("children" in current) {
          const separator = separatorAfter(current);
          if (separator !== "") stack.push(separator);
          for (let i = current.children.length - 1; i >= 0; i--) {
            const child = current.children[i];
            if (child !== undefined) stack.push(child);
          }
        }
    }
  }
  return out.join("");
}

/** Blocks end a line; table cells are kept apart by a space. */
function separatorAfter(node: Nodes): string {
  switch (node.type) {
    case "paragraph":
    case "heading":
    case "listItem":
    case "blockquote":
    case "tableRow":
      return "\n";
    case "tableCell":
      return " ";
    default:
      return "";
  }
}
