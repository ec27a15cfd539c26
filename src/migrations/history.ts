import { checksumMatches, type LocalMigration } from "./migration-folders.js";
import type { MigrationRow } from "./migrations-table.js";

/**
 * Where a database stands against prisma/migrations, from its _prisma_migrations rows, decided as
 * Prisma's engine decides it (schema-core's diagnose_migration_history and apply_migrations): a
 * migration is applied when a row of its name finished and was not rolled back, failed when a row
 * started and neither finished nor was rolled back; rolled-back rows are history only.
 */
export interface HistoryState {
  /** The database has a _prisma_migrations table. */
  managed: boolean;
  /** Local migrations applied to the database, oldest first. */
  applied: string[];
  /** Local migrations not applied yet (failed ones excluded), oldest first. */
  pending: string[];
  /** Started and never finished nor rolled back: these block every deploy (Prisma's P3009). */
  failed: string[];
  /** Applied, but migration.sql changed since (checksum differs). */
  edited: string[];
  /** Applied in the database, absent from prisma/migrations. */
  missingLocally: string[];
}

export function historyState(local: readonly LocalMigration[], rows: readonly MigrationRow[] | undefined): HistoryState {
  const live = (rows ?? []).filter((row) => row.rolled_back_at === null || row.rolled_back_at === undefined);
  const finished = new Map<string, MigrationRow>();
  const failed = new Set<string>();
  for (const row of live) {
    if (row.finished_at === null || row.finished_at === undefined) failed.add(row.migration_name);
    else finished.set(row.migration_name, row);
  }
  const names = new Set(local.map((migration) => migration.name));
  return {
    managed: rows !== undefined,
    applied: local.filter((migration) => finished.has(migration.name)).map((migration) => migration.name),
    pending: local.filter((migration) => !finished.has(migration.name) && !failed.has(migration.name)).map((migration) => migration.name),
    failed: [...failed].filter((name) => !finished.has(name)),
    edited: local.filter((migration) => {
      const row = finished.get(migration.name);
      return row !== undefined && !checksumMatches(migration.sql, row.checksum);
    }).map((migration) => migration.name),
    missingLocally: [...finished.keys()].filter((name) => !names.has(name)),
  };
}
