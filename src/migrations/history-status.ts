import { CommandFailure } from "../errors.js";
import { migrateStatus } from "../prisma/commands.js";
import type { MigrateStatus } from "../prisma/migrate-status.js";
import { resolveDatabaseTarget } from "../project/database-target.js";
import { projectEnv } from "../project/env.js";
import type { MigrationProject } from "./migration-project.js";

/**
 * Prisma's migrate status, plus the answer for a database that does not exist yet (P1003), and a
 * failed migration reported as failed even when later ones are pending too.
 */
export type HistoryStatus =
  | Exclude<MigrateStatus, { state: "failed" }>
  | { state: "failed"; migrationCount: number; failed: string[]; pending: string[] }
  | { state: "no-database"; migrationCount: number };

/**
 * A database that does not exist is a state, not a failure, for backant: `migrate deploy` creates
 * it (a fresh project's SQLite file), nothing in it can be rolled back, and status reports it.
 * When migrations are pending, Prisma 7.10's status prints them and exits before it looks at failed
 * ones, so then the failed rows are read from _prisma_migrations directly: a failed migration is
 * what blocks every deploy, and it must not hide behind "pending".
 */
export async function historyStatus(project: MigrationProject): Promise<HistoryStatus> {
  try {
    const { status } = await migrateStatus(project.prisma);
    if (status.state === "failed") return { ...status, pending: [] };
    if (status.state !== "pending") return status;
    // no _prisma_migrations yet (an empty database): nothing failed
    const failed = await failedInDatabase(project).catch(() => []);
    return failed.length > 0 ? { state: "failed", migrationCount: status.migrationCount, failed, pending: status.pending } : status;
  } catch (error) {
    if (error instanceof CommandFailure && error.code === "P1003") return { state: "no-database", migrationCount: 0 };
    throw error;
  }
}

const FAILED_ROWS = `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NULL AND rolled_back_at IS NULL ORDER BY started_at`;

/** Migrations started and never finished nor rolled back, read with the driver (SQLite, PostgreSQL). */
async function failedInDatabase(project: MigrationProject): Promise<string[]> {
  const target = resolveDatabaseTarget(project.dir, project.config.provider, projectEnv(project.dir, project.prisma.env ?? process.env));
  if (target.provider === "sqlite") {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(target.filePath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(FAILED_ROWS).all() as Array<{ migration_name: string }>).map((row) => row.migration_name);
    } finally {
      db.close();
    }
  }
  if (target.provider === "postgres") {
    const { withClient } = await import("../engine/postgres-connection.js");
    const rows = await withClient(target.connection, (client) => client.query<{ migration_name: string }>(FAILED_ROWS), target.schema);
    return rows.rows.map((row) => row.migration_name);
  }
  return [];
}
