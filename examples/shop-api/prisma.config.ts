// Prisma configuration, read by every prisma command and by backant.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

// Prisma 7 does not read .env itself. Variables already set in the environment win over the file.
const envFile = fileURLToPath(new URL(".env", import.meta.url));
if (existsSync(envFile)) process.loadEnvFile(envFile);

// Prisma's CLI downloads its native schema engine from binaries.prisma.sh before db and migrate
// commands, which fails offline, behind many proxies and in locked-down CI. backant's offline engine
// (WebAssembly + driver adapters) stands in, so plain `npx prisma ...` works here too.
// Set BACKANT_ENGINE=native to use Prisma's own engine; a PRISMA_SCHEMA_ENGINE_BINARY you set wins.
if (process.env.BACKANT_ENGINE !== "native") {
  try {
    process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= createRequire(import.meta.url).resolve("backant/schema-engine");
  } catch {
    // backant is not installed: Prisma uses (and if needed downloads) its native engine
  }
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx prisma/seed.ts",
  },
  datasource: {
    // SQLite needs nothing installed: dev.db in the project folder unless DATABASE_URL says otherwise.
    url: process.env.DATABASE_URL ?? "file:./dev.db",
  },
});
