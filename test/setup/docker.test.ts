// The image cannot be built on this machine (no Docker engine; the CI workflow builds it). These
// tests check what can be checked without one: the Dockerfile's promises read from the file, the
// HEALTHCHECK command run for real against a local server, the build context's allow-list against
// what the Dockerfile copies, and docker-compose.yml's key mount.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const yaml = createRequire(join(ROOT, "node_modules/probot/lib/index.js"))("yaml") as typeof import("yaml");

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions (continuation lines joined, comments dropped), split into stages at FROM. */
function stages(): Instruction[][] {
  const text = readFileSync(join(ROOT, "Dockerfile"), "utf8").replace(/\\\n\s*/g, " ");
  const out: Instruction[][] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const [op = "", ...rest] = trimmed.split(/\s+/);
    const instruction = { op: op.toUpperCase(), args: rest.join(" ") };
    if (instruction.op === "FROM") out.push([]);
    out.at(-1)?.push(instruction);
  }
  return out;
}

const runtime = () => stages().at(-1) ?? [];
const args = (stage: Instruction[], op: string) => stage.filter((i) => i.op === op).map((i) => i.args);

describe("Dockerfile", () => {
  it("has a build stage and a runtime stage on the same pinned Node 22 slim image", () => {
    const froms = stages().map((s) => s[0]?.args ?? "");
    expect(froms).toHaveLength(2);
    for (const from of froms) expect(from).toMatch(/^node:22\.\d+\.\d+-[a-z]+-slim( AS build)?$/);
    expect(froms[0]?.split(" ")[0]).toBe(froms[1]);
  });

  it("builds with dev dependencies and runs with production ones only", () => {
    const [build = [], run = []] = stages();
    expect(args(build, "RUN")).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci\b(?!.*--omit=dev)/), "npm run build"]));
    expect(args(run, "RUN")).toEqual([expect.stringMatching(/^npm ci --omit=dev\b/)]);
  });

  it("copies into the runtime only dist/, package*.json and app.yml", () => {
    expect(args(runtime(), "COPY")).toEqual(["package.json package-lock.json ./", "--from=build /app/dist ./dist", "app.yml ./"]);
  });

  it("runs node directly as the non-root node user, in production, stopping on SIGTERM", () => {
    const run = runtime();
    expect(args(run, "USER")).toEqual(["node"]);
    expect(args(run, "ENV").join(" ")).toMatch(/\bNODE_ENV=production\b/);
    expect(args(run, "STOPSIGNAL")).toEqual(["SIGTERM"]);
    expect(args(run, "CMD")).toEqual(['["node", "dist/main.js"]']);
  });

  describe("HEALTHCHECK", () => {
    let server: Server | null = null;
    afterEach(async () => {
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      server = null;
    });

    /** The exec-form command of the HEALTHCHECK, run here with PORT pointing at a local server. */
    function healthcheck(port: number): Promise<number | null> {
      const line = args(runtime(), "HEALTHCHECK")[0] ?? "";
      const command = JSON.parse(line.slice(line.indexOf("CMD ") + 4)) as string[];
      expect(command[0]).toBe("node");
      const child = spawn(process.execPath, command.slice(1), { env: { PORT: String(port) }, stdio: "ignore", timeout: 10_000 });
      return new Promise((r) => child.on("exit", (code) => r(code)));
    }

    async function serve(status: number): Promise<{ port: number; paths: string[] }> {
      const paths: string[] = [];
      server = createServer((req, res) => {
        paths.push(req.url ?? "");
        res.writeHead(req.url === "/healthz" ? status : 404).end();
      });
      await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
      return { port: (server.address() as { port: number }).port, paths };
    }

    it("asks /healthz with node (slim images have no curl) and passes on 200", async () => {
      expect(args(runtime(), "HEALTHCHECK")[0]).not.toMatch(/curl|wget/);
      const { port, paths } = await serve(200);
      expect(await healthcheck(port)).toBe(0);
      expect(paths).toEqual(["/healthz"]);
    });

    it("fails when /healthz does not answer 2xx, or nothing listens", async () => {
      const { port } = await serve(503);
      expect(await healthcheck(port)).toBe(1);
      await new Promise<void>((r) => server?.close(() => r()));
      server = null;
      expect(await healthcheck(port)).toBe(1);
    });
  });
});

describe(".dockerignore", () => {
  const lines = readFileSync(join(ROOT, ".dockerignore"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));

  it("is an allow-list: everything is excluded unless named", () => {
    expect(lines[0]).toBe("*");
  });

  it("allows exactly what the Dockerfile copies from the build context", () => {
    const allowed = lines.filter((l) => l.startsWith("!")).map((l) => l.slice(1).replace(/\/$/, ""));
    const copied = stages()
      .flatMap((stage) => args(stage, "COPY"))
      .filter((a) => !a.startsWith("--from="))
      .flatMap((a) => a.split(/\s+/).slice(0, -1))
      .map((p) => p.replace(/^\.\//, "").replace(/\/$/, ""));
    expect([...new Set(copied)].sort()).toEqual([...allowed].sort());
  });
});

describe("docker-compose.yml", () => {
  interface Service {
    build?: unknown;
    env_file?: unknown;
    environment?: Record<string, unknown>;
    volumes?: string[];
    ports?: string[];
    stop_grace_period?: string;
  }
  const compose = yaml.parse(readFileSync(join(ROOT, "docker-compose.yml"), "utf8")) as { services: Record<string, Service> };
  const service = compose.services.coordinator as Service;

  it("builds this repository's Dockerfile and reads settings from .env", () => {
    expect(service.build).toBe(".");
    expect(service.env_file).toBe(".env");
  });

  it("gives the key as a read-only mounted file at PRIVATE_KEY_PATH, with PRIVATE_KEY blanked (Probot prefers it)", () => {
    const path = service.environment?.PRIVATE_KEY_PATH;
    expect(service.volumes).toContainEqual(expect.stringMatching(new RegExp(`^\\./[^:]+\\.pem:${String(path)}:ro$`)));
    expect(service.environment?.PRIVATE_KEY).toBe("");
  });

  it("listens on the published port and gives SIGTERM time to drain", () => {
    expect(service.environment?.HOST).toBe("0.0.0.0");
    expect(service.ports).toEqual([`${String(service.environment?.PORT)}:${String(service.environment?.PORT)}`]);
    expect(Number.parseInt(service.stop_grace_period ?? "0", 10)).toBeGreaterThanOrEqual(30);
  });
});
