import { randomUUID } from "node:crypto";
import type { DatabaseConnection } from "../database/connection.js";

/**
 * Prisma's `_prisma_migrations` table, read and written by backant itself with the rows Prisma's
 * engine writes (same columns, checksums and timestamp format), so `npx prisma migrate status` and
 * `deploy` agree with backant about what is applied. DDL copied from the 7.10 engine.
 */
export const MIGRATIONS_TABLE = "_prisma_migrations";

export interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: unknown;
  finished_at: unknown;
  rolled_back_at: unknown;
  logs: string | null;
  applied_steps_count: number;
}

const DDL = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgres: `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`,
} as const;

export async function ensureMigrationsTable(connection: DatabaseConnection): Promise<void> {
  try {
    await connection.execute(DDL[connection.datasource.provider]);
  } catch (error) {
    // Two deploys creating it at once on PostgreSQL: IF NOT EXISTS is not atomic; the other one won.
    if ((error as { databaseCode?: string }).databaseCode !== "23505") throw error;
  }
}

/** Every row, oldest first; undefined when the table does not exist (a database never migrated). */
export async function readMigrationRows(connection: DatabaseConnection): Promise<MigrationRow[] | undefined> {
  if (!(await hasMigrationsTable(connection))) return undefined;
  return connection.query<MigrationRow>(`SELECT id, checksum, migration_name, started_at, finished_at, rolled_back_at, logs, applied_steps_count FROM ${quoted(connection)} ORDER BY started_at, migration_name`);
}

export async function hasMigrationsTable(connection: DatabaseConnection): Promise<boolean> {
  const { datasource } = connection;
  const rows =
    datasource.provider === "sqlite"
      ? await connection.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE])
      : await connection.query("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2", [datasource.schema, MIGRATIONS_TABLE]);
  return rows.length > 0;
}

/** A finished row for a migration applied (or baselined) now, as Prisma's engine writes it. */
export async function insertAppliedRow(connection: DatabaseConnection, name: string, checksum: string): Promise<void> {
  if (connection.datasource.provider === "sqlite") {
    const now = sqliteTimestamp(new Date());
    await connection.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
      [randomUUID(), checksum, now, name, now],
    );
    return;
  }
  await connection.query(
    `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, NULL, NULL, now(), 1)`,
    [randomUUID(), checksum, name],
  );
}

/** A row for a migration started and not finished (the non-atomic path): Prisma's failed state if it never finishes. */
export async function insertStartedRow(connection: DatabaseConnection, name: string, checksum: string): Promise<string> {
  const id = randomUUID();
  if (connection.datasource.provider === "sqlite") {
    await connection.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)`, [id, checksum, name, sqliteTimestamp(new Date())]);
  } else {
    await connection.query(`INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`, [id, checksum, name]);
  }
  return id;
}

export async function finishRow(connection: DatabaseConnection, id: string): Promise<void> {
  if (connection.datasource.provider === "sqlite") {
    await connection.query(`UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?`, [sqliteTimestamp(new Date()), id]);
  } else {
    await connection.query(`UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
  }
}

export async function failRow(connection: DatabaseConnection, id: string, logs: string): Promise<void> {
  const placeholder = connection.datasource.provider === "sqlite" ? ["?", "?"] : ["$1", "$2"];
  await connection.query(`UPDATE ${quoted(connection)} SET logs = ${placeholder[0]} WHERE id = ${placeholder[1]}`, [logs, id]);
}

/** Removes the rows of rolled-back migrations, so `migrate deploy` applies them again. */
export async function deleteRows(connection: DatabaseConnection, names: readonly string[]): Promise<void> {
  for (const name of names) {
    if (connection.datasource.provider === "sqlite") await connection.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = ?`, [name]);
    else await connection.query(`DELETE FROM _prisma_migrations WHERE migration_name = $1`, [name]);
  }
}

/** Marks a failed migration rolled back (what `prisma migrate resolve --rolled-back` does). */
export async function markRolledBack(connection: DatabaseConnection, name: string): Promise<void> {
  if (connection.datasource.provider === "sqlite") {
    await connection.query(`UPDATE "_prisma_migrations" SET rolled_back_at = ? WHERE migration_name = ? AND finished_at IS NULL AND rolled_back_at IS NULL`, [sqliteTimestamp(new Date()), name]);
  } else {
    await connection.query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`, [name]);
  }
}

/** Prisma's engine writes SQLite timestamps as RFC 3339 text with an explicit +00:00 offset. */
function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

function quoted(connection: DatabaseConnection): string {
  return connection.datasource.provider === "sqlite" ? `"${MIGRATIONS_TABLE}"` : MIGRATIONS_TABLE;
}
