import { existsSync } from "node:fs";
import { createPrismaClient } from "../src/startup/database.js";
import { environmentOrExit } from "../src/startup/environment.js";

// Run by `backant seed` (and `prisma db seed`, see prisma.config.ts) against DATABASE_URL.
if (existsSync(".env")) process.loadEnvFile(".env");
const prisma = createPrismaClient(environmentOrExit().DATABASE_URL);

/**
 * Idempotent: every row is an upsert keyed by a unique field, so seeding twice leaves the same
 * rows (and never overwrites what someone changed since: `update` is empty).
 */
async function seed(): Promise<void> {
  for (const n of [1, 2]) {
    await prisma.categories.upsert({
      where: { name: `name ${n}` },
      update: {},
      create: { name: `name ${n}` },
    });
  }
  for (const n of [1, 2]) {
    await prisma.customers.upsert({
      where: { email: `user${n}@example.com` },
      update: {},
      create: { email: `user${n}@example.com`, name: `name ${n}` },
    });
  }
  for (const n of [1, 2]) {
    await prisma.products.upsert({
      where: { sku: `sku ${n}` },
      update: {},
      create: { sku: `sku ${n}`, name: `name ${n}`, price: "1.5" },
    });
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
