import { dbExecute } from "../prisma/commands.js";
import type { Provider } from "../project/config.js";
import type { MigrationProject } from "./migration-project.js";

/**
 * Prisma's `_prisma_migrations` table, with the DDL its schema engine uses (copied from the 7.10
 * engine). Baselining a db push'd database needs it before `migrate resolve --applied`: the native
 * engine creates it there itself, but the wasm engine (behind backant's offline engine) fails with
 * P1014 and the offline engine's repair (applying an empty migration list) refuses a non-empty
 * database with P3005, the very case a baseline is for.
 */
const DDL: Partial<Record<Provider, string>> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);`,
  postgresql: `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`,
};

/** Creates the table when missing; MySQL is left to Prisma's native engine, which does it itself. */
export async function ensureMigrationsTable(project: MigrationProject): Promise<void> {
  const ddl = DDL[project.config.provider];
  if (ddl !== undefined) await dbExecute(project.prisma, { sql: ddl });
}
