import { readCatalog, sameCatalog, serverVersion, type Catalog, type ColumnInfo } from "../database/catalog.js";
import type { DatabaseConnection } from "../database/connection.js";
import { driverDatasource } from "../database/project-database.js";
import type { ProjectContext } from "../project/context.js";
import { readCachedCatalog, writeCachedCatalog } from "./catalog-cache.js";
import { historyState } from "./history.js";
import { withHistoryDatabase } from "./history-database.js";
import type { LocalMigration } from "./migration-folders.js";
import { runAtomically, withMigrationLock } from "./apply.js";
import { ensureMigrationsTable, insertAppliedRow, readMigrationRows } from "./migrations-table.js";

/**
 * In development the database follows the models by schema pushes (`backant dev`, `sync`), so it
 * may already hold what pending migrations would do: after `rollback` then `sync`, after
 * `migrate --create-only` then `sync`, or when a teammate's migration arrives for models already
 * synced. Running such a migration fails half-way ("duplicate column") and leaves a failed row.
 *
 * The history is a sequence of schemas (one after each migration). When the database holds exactly
 * one of them (its catalog, read from the database, equals the catalog of a scratch database the
 * migrations up to there were applied to), the pending migrations up to that point are recorded as
 * applied without running; whatever follows runs as usual. A database holding none of them is left
 * alone: the caller decides (migrate pushes it to the models or names the drift).
 */
export async function recordSyncedMigrations(context: ProjectContext, connection: DatabaseConnection, local: readonly LocalMigration[]): Promise<string[]> {
  const state = historyState(local, await readMigrationRows(connection));
  if (state.pending.length === 0 || state.failed.length > 0) return [];
  const current = await readCatalog(connection);
  if (isEmptyCatalog(current)) return [];
  const held = await heldHistoryPrefix(context, connection, local, state.pending, current);
  if (held === undefined) return [];
  return recordApplied(connection, local.slice(0, held), current);
}

/**
 * Records the pending ones among `migrations` as applied: the database already has what they do,
 * as judged on its catalog `judged`. Under the migration lock, in one transaction, the history is
 * read again and the catalog compared with `judged`: a deploy running beside this one may have
 * applied some of them since (recording them too would give a migration two rows), or changed the
 * tables (then nothing is recorded, and the caller's apply, under the same lock, sees what is left).
 */
export async function recordApplied(connection: DatabaseConnection, migrations: readonly LocalMigration[], judged: Catalog): Promise<string[]> {
  await ensureMigrationsTable(connection);
  let recorded: string[] = [];
  await withMigrationLock(connection, () =>
    runAtomically(connection, async () => {
      if (!sameCatalog(await readCatalog(connection), judged)) return false;
      recorded = await recordPendingRows(connection, migrations);
      return recorded.length > 0;
    }),
  );
  return recorded;
}

/** Inserts applied rows for the ones among `migrations` the history (read now) has as pending. The caller holds the migration lock and a transaction. */
export async function recordPendingRows(connection: DatabaseConnection, migrations: readonly LocalMigration[]): Promise<string[]> {
  const pending = historyState(migrations, await readMigrationRows(connection)).pending;
  const recorded = migrations.filter((migration) => pending.includes(migration.name));
  for (const migration of recorded) await insertAppliedRow(connection, migration.name, migration.checksum);
  return recorded.map((migration) => migration.name);
}

/**
 * The longest prefix of `local` (its length) whose schema the database holds, from the one where
 * the applied migrations leave it (before the first pending one) to the whole history; undefined
 * when it holds none of them. Catalogs come from `known`, then from the cache shared with
 * `migrate status`; the missing ones are built in one scratch database, applying the migrations one
 * by one.
 */
export async function heldHistoryPrefix(
  context: ProjectContext,
  connection: DatabaseConnection,
  local: readonly LocalMigration[],
  pending: readonly string[],
  current: Catalog,
  known: ReadonlyMap<number, Catalog> = new Map(),
): Promise<number | undefined> {
  const firstPending = local.findIndex((migration) => pending.includes(migration.name));
  if (firstPending < 0) return undefined;
  const server = await serverVersion(connection);
  const keyOf = (length: number) => ({ provider: context.config.provider, server, migrations: local.slice(0, length) });
  const catalogs = new Map<number, Catalog>(known);
  for (let length = firstPending; length <= local.length; length++) {
    const cached = catalogs.has(length) ? undefined : readCachedCatalog(context.dir, keyOf(length));
    if (cached) catalogs.set(length, cached);
  }
  if (catalogs.size < local.length - firstPending + 1) {
    try {
      await withHistoryDatabase(driverDatasource(context), local.slice(0, firstPending), [], context.dir, async (history) => {
        for (let length = firstPending; length <= local.length; length++) {
          if (length > firstPending) await history.connection.execute((local[length - 1] as LocalMigration).sql);
          if (catalogs.has(length)) continue;
          const catalog = await history.catalog();
          catalogs.set(length, catalog);
          writeCachedCatalog(context.dir, keyOf(length), catalog);
        }
      });
    } catch {
      // A history that does not replay is not this function's to report: deploy and status say it.
      return undefined;
    }
  }
  for (let length = local.length; length >= firstPending; length--) {
    const catalog = catalogs.get(length);
    if (catalog && sameCatalog(current, catalog)) return length;
  }
  return undefined;
}

export function isEmptyCatalog(catalog: Catalog): boolean {
  return Object.keys(catalog.tables).length === 0 && Object.keys(catalog.views).length === 0 && Object.keys(catalog.enums).length === 0;
}

/**
 * What a dev database holds that neither of the given schemas explains (manual DDL: a table, column,
 * index or constraint created or changed by hand), and what all of them have but the database lost
 * (dropped by hand). A schema push would undo these, so migrate names them instead. One line each:
 * "table audit_log", "column users.nickname (text)", "missing index users_email_key on users".
 */
export function unexplainedObjects(current: Catalog, schemas: readonly Catalog[]): string[] {
  const lines: string[] = [];
  const column = (info: ColumnInfo) => `${info.type}${info.notNull ? " NOT NULL" : ""}${info.default === null ? "" : ` DEFAULT ${info.default}`}`;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const [name, table] of Object.entries(current.tables)) {
    const known = schemas.map((schema) => schema.tables[name]).filter((entry) => entry !== undefined);
    if (known.length === 0) {
      lines.push(`table ${name}`);
      continue;
    }
    for (const [columnName, info] of Object.entries(table.columns)) {
      if (!known.some((other) => other.columns[columnName] && column(other.columns[columnName]) === column(info))) lines.push(`column ${name}.${columnName} (${column(info)})`);
    }
    for (const columnName of Object.keys(known[0]?.columns ?? {})) {
      if (!(columnName in table.columns) && known.length === schemas.length && known.every((other) => columnName in other.columns)) lines.push(`missing column ${name}.${columnName}`);
    }
    for (const [indexName, index] of Object.entries(table.indexes)) {
      if (!known.some((other) => same(other.indexes[indexName], index))) lines.push(`index ${indexName} on ${name} (${index.columns.join(", ")})`);
    }
    for (const indexName of Object.keys(known[0]?.indexes ?? {})) {
      if (!(indexName in table.indexes) && known.length === schemas.length && known.every((other) => indexName in other.indexes)) lines.push(`missing index ${indexName} on ${name}`);
    }
    for (const [key, definition] of Object.entries(table.constraints)) {
      if (!known.some((other) => other.constraints[key] === definition)) lines.push(`constraint ${key} on ${name}`);
    }
    if (!known.some((other) => same(other.primaryKey, table.primaryKey))) lines.push(`primary key of ${name} (${table.primaryKey.join(", ")})`);
  }
  for (const name of Object.keys(schemas[0]?.tables ?? {})) {
    if (!(name in current.tables) && schemas.every((schema) => name in schema.tables)) lines.push(`missing table ${name}`);
  }
  for (const [name, definition] of Object.entries(current.views)) {
    if (!schemas.some((schema) => schema.views[name] === definition)) lines.push(`view ${name}`);
  }
  for (const [name, values] of Object.entries(current.enums)) {
    if (!schemas.some((schema) => same(schema.enums[name], values))) lines.push(`enum ${name} (${values.join(", ")})`);
  }
  return lines.sort();
}
