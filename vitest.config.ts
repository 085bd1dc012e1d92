import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // Builds dist/ once for the end-to-end tests.
    globalSetup: ["test/global-setup.ts"],
    environment: "node",
    // Handler and e2e tests start real Probot instances; keep them isolated per file.
    pool: "forks",
    testTimeout: 20_000,
  },
});
