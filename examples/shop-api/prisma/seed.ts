import { existsSync, readdirSync } from "node:fs";
import { faker } from "@faker-js/faker";
import type { PrismaClient } from "../src/generated/prisma/client.js";
import { createPrismaClient } from "../src/startup/database.js";
import { environmentOrExit } from "../src/startup/environment.js";

// Run by `backant seed` (and `prisma db seed`, see prisma.config.ts) against DATABASE_URL.
if (existsSync(".env")) process.loadEnvFile(".env");
const prisma = createPrismaClient(environmentOrExit().DATABASE_URL);

/** What each model's factory (test/factories/<Model>.factory.ts) exports for seeding. */
interface Factory {
  model: string;
  count: (prisma: PrismaClient) => Promise<number>;
  create: (prisma: PrismaClient) => Promise<unknown>;
}

/** The rows an empty table gets. */
const ROWS = 3;

/**
 * Fills each empty table with rows from its model's factory (`backant add-model` adds one per
 * model), parents included, the same rows every time (faker.seed). A table that has rows is left
 * alone, so seeding twice changes nothing, and an imported database's data is never added to.
 */
async function seed(): Promise<void> {
  faker.seed(1);
  const folder = new URL("../test/factories/", import.meta.url);
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith(".factory.ts"))
    .sort()) {
    const { factory } = (await import(new URL(file, folder).href)) as { factory?: Factory };
    // A model whose rows need parents its factory cannot make alone (see its create function).
    if (!factory) continue;
    if ((await factory.count(prisma)) > 0) {
      console.log(`${factory.model}: has rows, left alone`);
      continue;
    }
    for (let i = 0; i < ROWS; i++) await factory.create(prisma);
    console.log(`${factory.model}: ${ROWS} rows`);
  }
}

try {
  await seed();
  console.log("Seeded.");
} catch (error) {
  // The message says what failed (a row, the database); the stack trace would only say where in here.
  console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
