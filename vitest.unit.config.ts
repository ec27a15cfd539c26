import { defineConfig } from "vitest/config";

/**
 * `npm run test:unit`: the tests that need no database, no npm install and no child process, for
 * quick loops (under a minute). `npm test` runs these and everything else.
 */
export default defineConfig({
  test: {
    include: [
      "test/model/**/*.test.ts",
      "test/runtime/**/*.test.ts",
      "test/import/**/*.test.ts",
      "test/schema/{check-model-set,load-models,render-features,render-property}.test.ts",
      "test/cli/{field-spec,main,model-name,plan}.test.ts",
      "test/create/{help,project-name,spec,npm-progress}.test.ts",
      "test/resources/{json-input,mock-data,route-name,route-wiring}.test.ts",
      "test/hostile/cli-input.test.ts",
      "test/engine/drivers.test.ts",
      "test/templates/deployment-files.test.ts",
    ],
    testTimeout: 60_000,
    maxWorkers: 2,
  },
});
