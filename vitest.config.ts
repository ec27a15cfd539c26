import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Engine and CLI tests spawn the real prisma CLI (about a second each) against real databases.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: keep parallel prisma processes bounded.
    maxWorkers: 2,
  },
});
