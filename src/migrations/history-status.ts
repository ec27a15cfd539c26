import { CommandFailure } from "../cli/errors.js";
import { migrateStatus } from "../prisma/commands.js";
import type { MigrateStatus } from "../prisma/migrate-status.js";
import type { PrismaProject } from "../prisma/project-paths.js";

/** Prisma's migrate status, plus the answer for a database that does not exist yet (P1003). */
export type HistoryStatus = MigrateStatus | { state: "no-database"; migrationCount: number };

/**
 * A database that does not exist is a state, not a failure, for backant: `migrate deploy` creates
 * it (a fresh project's SQLite file), nothing in it can be rolled back, and status reports it.
 */
export async function historyStatus(project: PrismaProject): Promise<HistoryStatus> {
  try {
    return (await migrateStatus(project)).status;
  } catch (error) {
    if (error instanceof CommandFailure && error.code === "P1003") return { state: "no-database", migrationCount: 0 };
    throw error;
  }
}
