import type { SchemaEngineClient, SchemaFile } from "../engine/client.js";
import { CommandFailure } from "../errors.js";
import type { ProjectContext } from "../project/context.js";
import { describeDatabase } from "../project/database-target.js";
import { authorizeDestructive, isProduction, type DestructiveGrant, type DestructiveRequest } from "../project/production-guard.js";
import { onExit } from "../process-exit.js";
import { driverDatasource, openConnection, type DatabaseConnection, type DriverDatasource } from "./connection.js";

export { driverDatasource };
import { PRODUCTION, readMetadata, recordEnvironment } from "./metadata.js";

/**
 * The project's database for one command: a driver connection (backant's metadata, the migrations
 * table, catalogs, atomic scripts) and, when needed, the schema engine on the same database.
 * Closed on every exit path, interrupted ones included (PostgreSQL then rolls back what was open).
 */
export interface ProjectDatabase {
  readonly datasource: DriverDatasource;
  /** For messages: "SQLite /p/dev.db", "PostgreSQL postgresql://u:***@h/db". */
  readonly description: string;
  readonly connection: DatabaseConnection;
  /** The schema engine on this database, started on first use (the wasm engine and its drivers load then). */
  engine(schema: SchemaFile[]): Promise<SchemaEngineClient>;
  /** The production guard with the environment recorded in this database. */
  authorize(request: DestructiveRequest): Promise<DestructiveGrant>;
  /** What the guard treats as production: NODE_ENV (shell, else .env), or this database marked production. */
  isProduction(): Promise<boolean>;
  /** Records the command's environment in the database ("production" stays until an allowed reset overwrites it). */
  recordEnvironment(options?: { overwrite?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function openProjectDatabase(context: ProjectContext, options: { create?: boolean } = {}): Promise<ProjectDatabase> {
  const datasource = driverDatasource(context);
  const description = describeDatabase(datasource);
  let connection: DatabaseConnection;
  try {
    connection = await openConnection(datasource, options);
  } catch (error) {
    if (options.create && (error as { errorCode?: string }).errorCode === "P1003" && datasource.provider === "postgres") {
      const { createDatabase } = await import("../engine/database-admin.js");
      await createDatabase(datasource);
      connection = await openConnection(datasource);
    } else {
      throw error;
    }
  }
  let engine: SchemaEngineClient | undefined;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      unregister();
      await engine?.close().catch(() => undefined);
      await connection.close();
    })());
  // Interrupted: the session is dropped at once (a graceful end would wait for a running statement).
  const unregister = onExit(async () => {
    connection.terminate();
    await engine?.close().catch(() => undefined);
  });
  return {
    datasource,
    description,
    connection,
    async engine(schema) {
      if (!engine) {
        // Loaded on first use: commands that only read the migrations table never load the wasm engine.
        const { openSchemaEngine } = await import("../engine/open-engine.js");
        const opened = await openSchemaEngine({ url: datasource.url, schema, cwd: context.dir }, context.env);
        if (engine) await opened.close();
        else engine = opened;
      }
      return engine as SchemaEngineClient;
    },
    async authorize(request) {
      const metadata = await readMetadata(connection);
      return authorizeDestructive(context.environment, metadata.environment, description, request);
    },
    isProduction: async () => isProduction(context.environment) || (await readMetadata(connection)).environment === PRODUCTION,
    recordEnvironment: (recordOptions) => recordEnvironment(connection, context.environment.name, recordOptions),
    close,
  };
}
