// The docs check: the documentation stays true to the code and to itself.
// - every relative link and #anchor in the Markdown files resolves (GitHub's heading slugs);
// - every command of the registry has its section in docs/commands.md;
// - every key of the configuration schema is documented in docs/configuration.md;
// - every environment variable the code reads — and the Probot ones the app relies on — appears in
//   .env.example and docs/setup.md, and .env.example holds no usable secret.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config-schema.js";
import { COMMANDS } from "../../src/domain/commands/registry.js";

const ROOT = resolve(import.meta.dirname, "../..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

// ---------------------------------------------------------------------------------------------
// Markdown: links, headings, anchors
// ---------------------------------------------------------------------------------------------

const markdown = new MarkdownIt({ html: true });

type Token = ReturnType<typeof markdown.parse>[number];

function markdownFiles(): string[] {
  const top = ["README.md", "CHANGELOG.md", "SECURITY.md", "CONTRIBUTING.md"].filter((f) => existsSync(join(ROOT, f)));
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) return walk(path);
      return e.name.endsWith(".md") ? [path] : [];
    });
  return [...top, ...walk("docs")];
}

/** The text GitHub slugs for a heading: its inline content without Markdown syntax or HTML tags. */
function inlineText(token: Token): string {
  return (token.children ?? [])
    .map((child) => (child.type === "text" || child.type === "code_inline" ? child.content : ""))
    .join("");
}

/**
 * GitHub's heading anchors (github-slugger): lower case; every character that is not a letter,
 * mark, number, connector (`_`), hyphen or space removed; spaces become hyphens; repeated slugs
 * get `-1`, `-2`, ….
 */
function githubSlug(text: string, seen: Map<string, number>): string {
  const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "").replace(/ /g, "-");
  const count = seen.get(base) ?? 0;
  seen.set(base, count + 1);
  return count === 0 ? base : `${base}-${count}`;
}

interface Doc {
  anchors: Set<string>;
  links: Array<{ href: string; line: number }>;
}

const docs = new Map<string, Doc>();

function parseDoc(path: string): Doc {
  const cached = docs.get(path);
  if (cached) return cached;
  const tokens = markdown.parse(read(path), {});
  const anchors = new Set<string>();
  const links: Doc["links"] = [];
  const seen = new Map<string, number>();
  tokens.forEach((token, i) => {
    if (token.type === "heading_open") {
      const inline = tokens[i + 1];
      if (inline) anchors.add(githubSlug(inlineText(inline), seen));
    }
    const html = token.type === "html_block" || token.type === "html_inline" ? [token] : (token.children ?? []).filter((c) => c.type === "html_inline");
    for (const h of html) for (const m of h.content.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)) anchors.add(m[1] ?? "");
    for (const child of token.children ?? []) {
      if (child.type === "link_open" || child.type === "image") {
        const href = child.attrGet(child.type === "image" ? "src" : "href") ?? "";
        links.push({ href, line: (token.map?.[0] ?? 0) + 1 });
      }
    }
  });
  const doc = { anchors, links };
  docs.set(path, doc);
  return doc;
}

describe.each(markdownFiles())("%s", (file) => {
  it("has only relative links and anchors that resolve", () => {
    const broken: string[] = [];
    for (const { href, line } of parseDoc(file).links) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) continue; // http(s), mailto, …
      const [pathPart = "", anchor] = href.split("#", 2) as [string, string | undefined];
      const path = decodeURIComponent(pathPart.split("?")[0] ?? "");
      const target = path === "" ? file : relative(ROOT, resolve(ROOT, dirname(file), path));
      if (target.startsWith("..") || !existsSync(join(ROOT, target))) {
        broken.push(`line ${line}: ${href} (no file ${target})`);
        continue;
      }
      if (anchor === undefined || anchor === "") continue;
      if (!target.endsWith(".md") || statSync(join(ROOT, target)).isDirectory()) {
        broken.push(`line ${line}: ${href} (an anchor into a file that is not Markdown)`);
        continue;
      }
      if (!parseDoc(target).anchors.has(decodeURIComponent(anchor))) {
        broken.push(`line ${line}: ${href} (no heading #${anchor} in ${target})`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe("githubSlug", () => {
  it.each([
    ["`/gate` and `/nogo`", "gate-and-nogo"],
    ["The `/context` JSON block", "the-context-json-block"],
    ["Requests per command (200-issue coordination)", "requests-per-command-200-issue-coordination"],
    ["`synthesis.goNoGo`", "synthesisgonogo"],
    ["🧭 Context for #973 — Base schema", "-context-for-973--base-schema"],
    ["Known gaps in this version", "known-gaps-in-this-version"],
  ])("%s → #%s", (text, slug) => {
    expect(githubSlug(text, new Map())).toBe(slug);
  });

  it("numbers repeated headings", () => {
    const seen = new Map<string, number>();
    expect(["Example", "Example", "Example"].map((t) => githubSlug(t, seen))).toEqual(["example", "example-1", "example-2"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Commands and configuration keys
// ---------------------------------------------------------------------------------------------

describe("docs/commands.md", () => {
  const headings = markdown
    .parse(read("docs/commands.md"), {})
    .flatMap((t, i, all) => (t.type === "heading_open" ? [inlineText(all[i + 1] as Token)] : []));

  it.each(COMMANDS.map((c) => c.verb))("has a section for /%s", (verb) => {
    const pattern = new RegExp(`(^|[^\\w/-])/${verb}(?![\\w-])`);
    expect(headings.some((h) => pattern.test(h)), `no heading names /${verb}`).toBe(true);
  });
});

interface ZodLike {
  def?: { type?: string; shape?: Record<string, ZodLike>; innerType?: ZodLike; in?: ZodLike };
  _zod?: { def?: ZodLike["def"] };
}

/** Dotted keys of every mapping in the schema, through defaults, optionals and pipes. */
function schemaKeys(schema: ZodLike, prefix = ""): string[] {
  let def = schema.def ?? schema._zod?.def;
  for (let i = 0; i < 10 && def && def.type !== "object"; i++) {
    const inner: ZodLike | undefined = def.innerType ?? def.in;
    def = inner?.def ?? inner?._zod?.def;
  }
  if (!def?.shape) return [];
  return Object.entries(def.shape).flatMap(([key, child]) => {
    const dotted = prefix ? `${prefix}.${key}` : key;
    return [dotted, ...schemaKeys(child, dotted)];
  });
}

describe("docs/configuration.md", () => {
  const text = read("docs/configuration.md");
  const keys = schemaKeys(configSchema as unknown as ZodLike);

  it("finds the keys of the schema (the walk still understands zod)", () => {
    expect(keys).toEqual(expect.arrayContaining(["doneWhen", "labels.urgent", "synthesis.goNoGo.redOnUrgent"]));
  });

  it.each(keys)("documents `%s`", (key) => {
    expect(text).toContain(`\`${key}\``);
  });
});

// ---------------------------------------------------------------------------------------------
// Environment variables
// ---------------------------------------------------------------------------------------------

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return filesUnder(path, ext);
    return ext.test(e.name) ? [path] : [];
  });
}

/** `process.env.X`, `process.env["X"]` and `const { X } = process.env` in the given files. */
function envReads(files: string[]): string[] {
  const names = new Set<string>();
  for (const file of files) {
    const text = read(file);
    for (const m of text.matchAll(/\b(?:process\.)?env\.([A-Z][A-Z0-9_]*)\b/g)) names.add(m[1] ?? "");
    for (const m of text.matchAll(/\b(?:process\.)?env\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]/g)) names.add(m[1] ?? "");
    for (const m of text.matchAll(/\{([^}]*)\}\s*=\s*process\.env\b/g)) {
      for (const n of (m[1] ?? "").matchAll(/\b([A-Z][A-Z0-9_]*)\b/g)) names.add(n[1] ?? "");
    }
  }
  return [...names].sort();
}

/** What Probot's setup writes into .env once GitHub hands the app's credentials back. */
function writtenBySetup(): string[] {
  const text = read("node_modules/probot/lib/manifest-creation.js");
  // The object literals handed to updateEnv: their keys, one per line (values may contain braces).
  return [...text.matchAll(/updateEnv\(\{([\s\S]*?)\}\);/g)].flatMap((m) =>
    [...(m[1] ?? "").matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*[:,]?\s*.*$/gm)].map((n) => n[1] ?? ""),
  );
}

/** Variables Probot reads that this app does not rely on, and why. */
const PROBOT_VARIABLES_NOT_RELIED_ON: Readonly<Record<string, string>> = {
  PROJECT_DOMAIN: "Glitch hosting only",
  npm_lifecycle_event: "npx detection inside npx-import-light",
};

const PROBOT_SOURCES = [
  "node_modules/probot/lib/bin/read-env-options.js",
  "node_modules/probot/lib/apps/setup.js",
  "node_modules/probot/lib/manifest-creation.js",
  "node_modules/@probot/get-private-key/dist-src/index.js",
];

describe("environment variables", () => {
  const fromCode = envReads(filesUnder("src", /\.ts$/));
  const fromProbot = [...envReads(PROBOT_SOURCES), ...writtenBySetup()].filter((n) => !(n in PROBOT_VARIABLES_NOT_RELIED_ON));
  const all = [...new Set([...fromCode, ...fromProbot])].sort();
  const example = read(".env.example");
  const setup = read("docs/setup.md");

  it("finds what the code and Probot read (the scan still works)", () => {
    expect(fromCode).toEqual(expect.arrayContaining(["SYNTHESIS_SECRET"]));
    expect(fromProbot).toEqual(expect.arrayContaining(["APP_ID", "PRIVATE_KEY", "PRIVATE_KEY_PATH", "WEBHOOK_SECRET", "GHE_HOST", "GH_ORG", "GITHUB_CLIENT_SECRET"]));
  });

  it.each(all)("%s is in .env.example", (name) => {
    expect(example).toMatch(new RegExp(`^#?\\s*${name}=`, "m"));
  });

  it.each(all)("%s is in docs/setup.md", (name) => {
    expect(setup).toContain(`\`${name}\``);
  });

  it(".env.example holds no usable secret", () => {
    const assigned = new Map(
      [...example.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1] ?? "", (m[2] ?? "").trim()]),
    );
    for (const name of ["WEBHOOK_SECRET", "PRIVATE_KEY", "SYNTHESIS_SECRET", "GITHUB_CLIENT_SECRET", "SENTRY_DSN"]) {
      expect(assigned.get(name) ?? "", name).toBe("");
    }
    expect(example).not.toMatch(/^WEBHOOK_SECRET=development/m);
  });
});

describe("docs/setup.md", () => {
  const setup = read("docs/setup.md");

  it.each([
    ["GitHub Enterprise Server", /GitHub Enterprise Server/],
    ["a personal account's private app cannot go on an organisation", /GH_ORG[\s\S]*organi[sz]ation/],
    ["the organisation's .github repository in the installation", /`\.github` repository/],
    ["the webhook proxy", /smee/],
    ["the synthesis endpoint", /\/api\/coordinator\/synthesize/],
    ["a production checklist", /^#+ .*[Pp]roduction checklist/m],
    ["JSON logs", /LOG_FORMAT=json/],
  ])("covers %s", (_what, pattern) => {
    expect(setup).toMatch(pattern);
  });
});
