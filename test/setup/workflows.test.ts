// The GitHub workflows (CI, and the scheduled-synthesis example users copy) hold to the rules
// docs/setup.md promises: actions pinned by full commit SHA with the release in a comment,
// read-only token by default, secrets reaching scripts only through env:, and CI covering the
// Node versions and checks it claims to.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const yaml = createRequire(join(ROOT, "node_modules/probot/lib/index.js"))("yaml") as typeof import("yaml");

const WORKFLOW_FILES = [
  ...readdirSync(join(ROOT, ".github/workflows")).map((f) => `.github/workflows/${f}`),
  ...readdirSync(join(ROOT, "docs/examples")).filter((f) => f.endsWith(".yml")).map((f) => `docs/examples/${f}`),
];

interface Step {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  steps: Step[];
  strategy?: { matrix?: { node?: number[] } };
}
interface Workflow {
  permissions?: unknown;
  jobs: Record<string, Job>;
}

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const parse = (file: string) => yaml.parse(read(file)) as Workflow;

describe.each(WORKFLOW_FILES)("%s", (file) => {
  it("pins every action to a full commit SHA, with its release in a comment", () => {
    const uses = read(file)
      .split("\n")
      .filter((line) => /^\s*(-\s*)?uses:/.test(line));
    for (const line of uses) {
      expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  it("gives the token no more than read access to contents", () => {
    const { permissions } = parse(file);
    expect([{}, { contents: "read" }]).toContainEqual(permissions);
  });

  it("never interpolates a secret into a script: secrets reach run: through env:", () => {
    for (const job of Object.values(parse(file).jobs)) {
      for (const step of job.steps) {
        expect(step.run ?? "").not.toMatch(/\$\{\{\s*secrets\./);
      }
    }
  });
});

describe("CI workflow", () => {
  const ci = parse(".github/workflows/ci.yml");
  const runs = Object.values(ci.jobs).flatMap((job) => job.steps.map((s) => s.run ?? ""));

  it("tests on Node 20, 22 and 24", () => {
    expect(ci.jobs.test?.strategy?.matrix?.node).toEqual([20, 22, 24]);
  });

  it("installs, lints, typechecks, builds, checks the docs and runs the tests", () => {
    for (const command of ["npm ci", "npm run lint", "npm run typecheck", "npm run build", "vitest run test/docs", "npm test"]) {
      expect(runs.some((r) => r.includes(command)), command).toBe(true);
    }
  });

  it("builds the Docker image without pushing it", () => {
    const build = Object.values(ci.jobs)
      .flatMap((job) => job.steps)
      .find((s) => s.uses?.startsWith("docker/build-push-action@"));
    expect(build?.with?.push).toBe(false);
  });
});

describe("scheduled-synthesis example", () => {
  const example = parse("docs/examples/coordinator-synthesis.yml");

  it("hands both secrets to the step through env:", () => {
    const step = Object.values(example.jobs).flatMap((j) => j.steps)[0];
    expect(Object.values(step?.env ?? {})).toEqual(expect.arrayContaining(["${{ secrets.COORDINATOR_SYNTHESIS_SECRET }}", "${{ secrets.COORDINATOR_URL }}"]));
  });

  it("is the workflow docs/synthesis.md shows", () => {
    const docs = read("docs/synthesis.md");
    const shown = /```yaml\n(# Copy to \.github\/workflows\/coordinator-synthesis\.yml[\s\S]*?)```/.exec(docs)?.[1];
    expect(shown).toBe(read("docs/examples/coordinator-synthesis.yml"));
  });
});
