// `npm start` (scripts/start.js) on the machines it meets: a fresh clone (no build, TypeScript
// installed: build, then run), a production install (build present, no TypeScript: just run), and
// the mistakes in between. Each case is a scratch copy of the script with a stand-in app and, where
// the case has one, a stand-in TypeScript compiler that records how it was called.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const scratch: string[] = [];

interface Layout {
  /** dist/main.js exists (a stand-in app that prints "app ran"). */
  built: boolean;
  /** src/ exists, and is newer than the build when `stale`. */
  src?: "older" | "newer";
  /** node_modules/typescript/bin/tsc exists; "fails" makes it exit 2. */
  typescript?: "builds" | "fails";
}

function project(layout: Layout): string {
  const dir = mkdtempSync(join(tmpdir(), "coordinator-start-"));
  scratch.push(dir);
  mkdirSync(join(dir, "scripts"));
  copyFileSync(join(ROOT, "scripts/start.js"), join(dir, "scripts/start.js"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "scratch", type: "module" }));
  writeFileSync(join(dir, "tsconfig.build.json"), "{}");
  const past = new Date(Date.now() - 3_600_000);
  utimesSync(join(dir, "tsconfig.build.json"), past, past);
  if (layout.src) {
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src/main.ts"), "export {};\n");
    const when = layout.src === "older" ? past : new Date(Date.now() + 60_000);
    utimesSync(join(dir, "src/main.ts"), when, when);
  }
  if (layout.built) {
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist/main.js"), 'console.log("app ran");\n');
  }
  if (layout.typescript) {
    const bin = join(dir, "node_modules/typescript/bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(dir, "node_modules/typescript/package.json"), JSON.stringify({ name: "typescript", version: "0.0.0" }));
    const compiler =
      layout.typescript === "fails"
        ? "process.exit(2);\n"
        : [
            'const { mkdirSync, writeFileSync } = require("node:fs");',
            'writeFileSync("tsc-args.json", JSON.stringify(process.argv.slice(2)));',
            'mkdirSync("dist", { recursive: true });',
            'writeFileSync("dist/main.js", \'console.log("app ran");\\n\');',
          ].join("\n");
    writeFileSync(join(bin, "tsc"), compiler);
  }
  return dir;
}

function start(dir: string) {
  const result = spawnSync(process.execPath, ["scripts/start.js"], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("on a fresh clone builds with the project's tsconfig, then runs the build", () => {
    const dir = project({ built: false, src: "newer", typescript: "builds" });
    const run = start(dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("No build yet: building");
    expect(JSON.parse(readFileSync(join(dir, "tsc-args.json"), "utf8"))).toEqual(["-p", "tsconfig.build.json"]);
    expect(run.stdout).toBe("app ran\n");
  });

  it("rebuilds when src/ changed since the build", () => {
    const dir = project({ built: true, src: "newer", typescript: "builds" });
    const run = start(dir);
    expect(run.stderr).toContain("src/ changed since the last build");
    expect(readFileSync(join(dir, "tsc-args.json"), "utf8")).toContain("tsconfig.build.json");
    expect(run.stdout).toBe("app ran\n");
  });

  it("runs an up-to-date build without compiling", () => {
    const dir = project({ built: true, src: "older", typescript: "builds" });
    const run = start(dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("app ran\n");
  });

  it("in a production install (build, no src/, no TypeScript) just runs the build", () => {
    const run = start(project({ built: true }));
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("app ran\n");
  });

  it("without TypeScript runs an older build and says so", () => {
    const run = start(project({ built: true, src: "newer" }));
    expect(run.stderr).toContain("TypeScript is not installed here: running the existing build");
    expect(run.stdout).toBe("app ran\n");
  });

  it("with neither a build nor TypeScript explains what to run, and fails", () => {
    const run = start(project({ built: false, src: "newer" }));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("dist/main.js does not exist and TypeScript is not installed");
    expect(run.stdout).toBe("");
  });

  it("stops when the build fails, with the compiler's exit code", () => {
    const run = start(project({ built: false, src: "newer", typescript: "fails" }));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("The build failed");
    expect(run.stdout).toBe("");
  });
});
