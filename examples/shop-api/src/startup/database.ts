import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";

/**
 * The Prisma client with the SQLite driver adapter (Prisma 7 talks to the database
 * through a JavaScript driver, no query engine binary). One client per process: it owns the pool.
 * The schema itself is managed by backant (`npm run dev` syncs it, `backant migrate` writes migrations).
 */
export function createPrismaClient(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }) });
}
