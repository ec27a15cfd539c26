import { readCatalog, type Catalog } from "../database/catalog.js";
import { openConnection, type DatabaseConnection, type DriverDatasource } from "../database/connection.js";
import type { SchemaEngineClient, SchemaFile } from "../engine/client.js";
import { openInProcessEngine } from "../engine/in-process-client.js";
import { createScratchDatabase } from "../engine/shadow.js";
import { CommandFailure } from "../errors.js";
import { onExit } from "../process-exit.js";
import type { LocalMigration } from "./migration-folders.js";

/** A throwaway database holding exactly what a list of migrations produces. */
export interface HistoryDatabase {
  connection: DatabaseConnection;
  /** The schema engine connected to it (diffs between it and schema files, pushes). */
  engine: SchemaEngineClient;
  catalog(): Promise<Catalog>;
}

/**
 * Applies `migrations` to a scratch database beside the project's (a temp file for SQLite, a
 * database on the same server for PostgreSQL: what Prisma's shadow database is for) and hands it to
 * `work`: the schema the history produces is then a database like any other, which the engine can
 * diff against the models both ways and whose catalog says what a new migration changes. The scratch
 * database is removed afterwards, on a signal, and (named after the pid) by the next run after a kill.
 */
export async function withHistoryDatabase<T>(
  main: DriverDatasource,
  migrations: readonly LocalMigration[],
  schema: SchemaFile[],
  cwd: string,
  work: (history: HistoryDatabase) => Promise<T>,
): Promise<T> {
  const scratch = await createScratchDatabase(main);
  const removeOnExit = onExit(() => scratch.remove());
  let connection: DatabaseConnection | undefined;
  let engine: SchemaEngineClient | undefined;
  try {
    connection = await openConnection(scratch.datasource, { create: true });
    for (const migration of migrations) {
      try {
        await connection.execute(migration.sql);
      } catch (error) {
        throw new CommandFailure(`Migration ${migration.name} does not apply to an empty database: ${(error as Error).message.replace(/^db error: /, "")}`, {
          code: "MIGRATION_DOES_NOT_APPLY",
          hint: `The migrations must build the schema from nothing, as \`migrate deploy\` does on a new database: fix prisma/migrations/${migration.name}/migration.sql.`,
          details: { migration: migration.name },
          cause: error,
        });
      }
    }
    engine = openInProcessEngine({ url: scratch.url, schema, cwd });
    const current = connection;
    return await work({ connection: current, engine, catalog: () => readCatalog(current) });
  } finally {
    await engine?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await scratch.remove().catch(() => undefined);
    removeOnExit();
  }
}
