import { defineConfig } from "vitest/config";
import { testDatabaseUrl } from "./test/database-url.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    env: { NODE_ENV: "test", DATABASE_URL: testDatabaseUrl() },
    // The test files share one test database and empty its tables: one file at a time.
    fileParallelism: false,
    hookTimeout: 60_000,
  },
});
