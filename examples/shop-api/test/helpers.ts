import type { FastifyInstance } from "fastify";
import { buildApp } from "../src/app.js";
import type { PrismaClient } from "../src/generated/prisma/client.js";
import { createPrismaClient } from "../src/startup/database.js";
import { loadEnvironment } from "../src/startup/environment.js";

/** The real app on the test database (vitest.config.ts sets DATABASE_URL), for app.inject(). */
export async function createTestApp(): Promise<{ app: FastifyInstance; prisma: PrismaClient }> {
  const env = loadEnvironment({ ...process.env, NODE_ENV: "test" });
  const prisma = createPrismaClient(env.DATABASE_URL);
  const app = await buildApp({ env, prisma });
  await app.ready();
  return { app, prisma };
}

/** Empties every table (not the migrations table) so each test starts from nothing. */
export async function clearDatabase(prisma: PrismaClient): Promise<void> {
  const tables = await prisma.$queryRawUnsafe<Array<{ name: string }>>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'",
  );
  // Foreign keys would make the order of the deletes matter.
  await prisma.$executeRawUnsafe("PRAGMA foreign_keys = OFF");
  try {
    for (const { name } of tables) await prisma.$executeRawUnsafe(`DELETE FROM "${name.replaceAll('"', '""')}"`);
  } finally {
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  }
}
