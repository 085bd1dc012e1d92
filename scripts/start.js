// `npm start`: run the built app (dist/main.js) in this process.
//
// - A fresh clone (`npm ci && npm start`): dist/ is missing, TypeScript (a dev dependency) is
//   installed, so the app is built first, exactly as `npm run build` builds it.
// - A clone whose src/ changed since the last build: rebuilt the same way.
// - A production install (`npm ci --omit=dev`, the Docker image): no TypeScript, so dist/ runs as it
//   is; nothing here needs a dev dependency. The image itself runs `node dist/main.js` directly.
//
// The app is imported, not spawned: signals (SIGTERM from `docker stop`, Ctrl-C) reach it directly.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "dist", "main.js");
const BUILD_INPUTS = ["src", "tsconfig.json", "tsconfig.build.json"];

/** Newest modification time among the build's inputs (files under src/ and the tsconfigs); 0 if none. */
function newestInput() {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (stat.mtimeMs > newest) {
      newest = stat.mtimeMs;
    }
  };
  for (const input of BUILD_INPUTS) visit(join(root, input));
  return newest;
}

function typescriptCompiler() {
  try {
    return createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
  } catch {
    return null;
  }
}

const built = existsSync(entry);
const stale = built && newestInput() > statSync(entry).mtimeMs;

if (!built || stale) {
  const tsc = typescriptCompiler();
  if (tsc) {
    console.error(built ? "src/ changed since the last build: building (npm run build)…" : "No build yet: building (npm run build)…");
    const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
    if (result.status !== 0) {
      console.error("The build failed; fix the errors above, or run the last build with `node dist/main.js`.");
      process.exit(result.status ?? 1);
    }
  } else if (!built) {
    console.error(
      "dist/main.js does not exist and TypeScript is not installed (production install).\n" +
        "Build first: `npm ci && npm run build` (with dev dependencies), then `npm ci --omit=dev` to run it.",
    );
    process.exit(1);
  } else {
    console.error("src/ is newer than dist/, but TypeScript is not installed here: running the existing build.");
  }
}

await import(pathToFileURL(entry).href);
