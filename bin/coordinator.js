#!/usr/bin/env node
// The `coordinator` command (docs/cli.md): runs the built CLI in dist/cli/. From a clone:
// `npm ci && npm run build`, then `npx coordinator …`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write("coordinator: dist/cli/main.js is missing; build it first with `npm run build`.\n");
  process.exit(2);
}
const { main } = await import(new URL("../dist/cli/main.js", import.meta.url).href);
await main();
