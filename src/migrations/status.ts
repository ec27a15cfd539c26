import { existsSync } from "node:fs";
import { describeDifferences, readCatalog, serverVersion, type Catalog } from "../database/catalog.js";
import { readCachedCatalog, writeCachedCatalog } from "./catalog-cache.js";
import { openExisting, type DatabaseConnection } from "../database/connection.js";
import { driverDatasource } from "../database/project-database.js";
import type { ProjectContext } from "../project/context.js";
import { describeDatabase } from "../project/database-target.js";
import { planSchemaFile } from "../scaffold/schema-file.js";
import { historyState, type HistoryState } from "./history.js";
import { withHistoryDatabase } from "./history-database.js";
import { readMigrations } from "./migration-folders.js";
import { readMigrationRows } from "./migrations-table.js";

export type StatusState = "no-database" | "not-managed" | "up-to-date" | "pending" | "failed" | "diverged";

export interface MigrationStatusReport {
  state: StatusState;
  database: string;
  local: string[];
  applied: string[];
  pending: string[];
  failed: string[];
  missingLocally: string[];
  /** Applied, but migration.sql was changed since. */
  edited: string[];
  /** How the database differs from what its applied migrations produce; undefined when not checked (not managed, pending, failed). */
  drift: string[] | undefined;
  /** How the models differ from what all the migrations produce (a `backant migrate` is due); undefined without models. */
  modelsAhead: string[] | undefined;
  /** Migrations without a down.sql (rollback needs --force for them). */
  missingDown: string[];
  upToDate: boolean;
}

/**
 * Where the dev (or any) database stands against prisma/migrations and the models, read-only:
 * the history from _prisma_migrations (as Prisma's engine reads it), drift by comparing the
 * database's catalog with the catalog of a scratch database the migrations were applied to, and
 * models ahead by pushing the models onto that scratch database and comparing again.
 */
export async function migrationStatus(context: ProjectContext): Promise<MigrationStatusReport> {
  const local = readMigrations(context.paths.migrations);
  const datasource = driverDatasource(context);
  const connection = await openExisting(datasource);
  try {
    const rows = connection ? await readMigrationRows(connection) : undefined;
    const history = historyState(local, rows);
    const state = stateOf(connection, history);
    const schemaPlan = existsSync(context.paths.models) ? await planSchemaFile(context.dir) : undefined;
    const checkDrift = connection !== undefined && state === "up-to-date";
    let drift: string[] | undefined;
    let modelsAhead: string[] | undefined;
    if (checkDrift || schemaPlan) {
      const schema = schemaPlan ? [{ path: schemaPlan.schemaPath, content: schemaPlan.text }] : [];
      // Built once per set of migrations (and models), then read from the cache: see catalog-cache.ts.
      const server = connection ? await serverVersion(connection) : undefined;
      const historyKey = server === undefined ? undefined : { provider: context.config.provider, server, migrations: local };
      const modelsKey = historyKey && schemaPlan ? { ...historyKey, schemaText: schemaPlan.text } : undefined;
      let historyCatalog: Catalog | undefined = historyKey && readCachedCatalog(context.dir, historyKey);
      let modelsCatalog: Catalog | undefined = modelsKey && readCachedCatalog(context.dir, modelsKey);
      if (!historyCatalog || (schemaPlan && !modelsCatalog)) {
        await withHistoryDatabase(datasource, local, schema, context.dir, async (scratch) => {
          historyCatalog = await scratch.catalog();
          if (historyKey) writeCachedCatalog(context.dir, historyKey, historyCatalog);
          if (schemaPlan) {
            await scratch.engine.schemaPush({ schema, force: true });
            modelsCatalog = await scratch.catalog();
            if (modelsKey) writeCachedCatalog(context.dir, modelsKey, modelsCatalog);
          }
        });
      }
      if (checkDrift && connection && historyCatalog) drift = describeDifferences(historyCatalog, await readCatalog(connection));
      if (historyCatalog && modelsCatalog) modelsAhead = describeDifferences(historyCatalog, modelsCatalog);
    }
    const report = {
      state,
      database: describeDatabase(datasource),
      local: local.map((migration) => migration.name),
      applied: history.applied,
      pending: state === "no-database" ? local.map((migration) => migration.name) : history.pending,
      failed: history.failed,
      missingLocally: history.missingLocally,
      edited: history.edited,
      drift,
      modelsAhead,
      missingDown: local.filter((migration) => migration.down === undefined).map((migration) => migration.name),
    };
    const upToDate = state === "up-to-date" && (drift?.length ?? 0) === 0 && (modelsAhead?.length ?? 0) === 0 && history.edited.length === 0;
    return { ...report, upToDate };
  } finally {
    await connection?.close();
  }
}

function stateOf(connection: DatabaseConnection | undefined, history: HistoryState): StatusState {
  if (connection === undefined) return "no-database";
  if (history.failed.length > 0) return "failed";
  if (history.missingLocally.length > 0) return "diverged";
  if (!history.managed) return history.pending.length === 0 ? "up-to-date" : "not-managed";
  return history.pending.length > 0 ? "pending" : "up-to-date";
}
