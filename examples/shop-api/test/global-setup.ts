import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { testDatabaseUrl } from "./database-url.js";

const require = createRequire(import.meta.url);

function run(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  execFileSync(process.execPath, [script, ...args], { stdio: ["ignore", "inherit", "inherit"], env });
}

/**
 * Before any test file: bring prisma/schema.prisma up to date with src/models (`backant schema`
 * writes it only when it changed), regenerate the Prisma client if it did, and push the schema
 * into the test database (created if missing). Test data is disposable, so columns the models
 * dropped may be dropped there (--accept-data-loss); the development database is never touched.
 */
export default function setup(): void {
  const schemaFile = "prisma/schema.prisma";
  const before = existsSync(schemaFile) ? readFileSync(schemaFile, "utf8") : "";
  run(require.resolve("backant/package.json").replace(/package\.json$/, "bin/backant.js"), ["schema"]);
  const prisma = require.resolve("prisma/build/index.js");
  // Also when the client is older than the schema: `backant add-model` writes the schema itself.
  const client = "src/generated/prisma/client.ts";
  const stale = !existsSync(client) || statSync(client).mtimeMs < statSync(schemaFile).mtimeMs;
  if (readFileSync(schemaFile, "utf8") !== before || stale) run(prisma, ["generate"]);
  run(prisma, ["db", "push", "--accept-data-loss"], { ...process.env, DATABASE_URL: testDatabaseUrl() });
}
