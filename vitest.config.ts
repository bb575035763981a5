import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.ts", "app/**/*.test.tsx", "emails/**/*.test.tsx", "tests/**/*.test.ts"],
    globalSetup: ["tests/setup/test-database.ts"],
    setupFiles: ["tests/setup/each-file.ts"],
    // One database for the run; files take turns so that PGlite (one backend)
    // and the Postgres server behave alike.
    fileParallelism: false,
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
