// Once before every test file: the project's own build (`npm run build` → dist/), which the
// end-to-end tests start as `npm start` does (node dist/main.js). One build, so that no two test
// files write dist/ at the same time; skipped when dist/ is newer than every source file.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export default function setup(): void {
  const built = join(ROOT, "dist", "main.js");
  const inputs = Math.max(newest(join(ROOT, "src")), newest(join(ROOT, "tsconfig.json")), newest(join(ROOT, "tsconfig.build.json")), newest(join(ROOT, "package-lock.json")));
  if (existsSync(built) && statSync(built).mtimeMs > inputs) return;
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "pipe" });
}
