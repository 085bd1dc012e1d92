import tseslint from "typescript-eslint";

/** Everything outside the pure core: the core may import none of it (docs/architecture.md). */
const SHELL = ["../app/*", "../github/*", "../queue/*", "../schedule/*", "../server/*", "../handlers/*", "../index.js", "../main.js", "../metrics.js", "../logging.js", "../environment.js"];

export default tseslint.config(
  { ignores: ["dist/**", "dist-bench/**", "dist-all/**", "dist-e2e/**", "dist-demo/**", "demo-out/**", "node_modules/**", "coverage/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // The pure core: no network, clock, logger or shell module; node:crypto (hashes) is pure.
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: SHELL, message: "src/domain is the pure core: it imports nothing from the shell." },
            { group: ["../../*", "!../../domain/*"], message: "src/domain is the pure core: it imports nothing from the shell." },
            { group: ["probot", "pino", "@octokit/*", "prom-client", "croner"], message: "src/domain is the pure core: no GitHub client, logger, metrics or scheduler." },
            { group: ["node:*", "!node:crypto"], message: "src/domain is the pure core: no I/O." },
          ],
        },
      ],
    },
  },
  {
    // Only src/github/ talks to GitHub's client; everything else goes through the port.
    files: ["src/**/*.ts"],
    ignores: ["src/github/**", "src/domain/**", "src/main.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "probot", importNames: ["ProbotOctokit"], message: "Only src/github/ uses Octokit: go through the GitHub port." }],
          patterns: [{ group: ["@octokit/*"], message: "Only src/github/ uses Octokit: go through the GitHub port." }],
        },
      ],
    },
  },
);
