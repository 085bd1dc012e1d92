// Re-exported for src/domain/commands.ts and src/config.ts until they import inline-markdown.ts.
export { plainInline, referenceText, segments } from "./inline-markdown.js";
