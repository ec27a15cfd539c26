import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { sqliteDriver } from "../database/drivers.js";
import type pg from "pg";
import type { PgConnectionFields } from "./datasource.js";
import { withDatabase } from "./datasource.js";
import { EngineError, mapPostgresError, mapSqliteError } from "./errors.js";
import { quoteIdentifier, withClient } from "./postgres-connection.js";
import type { SupportedDatasource } from "./supported-datasource.js";

/**
 * Runs administrative statements on the server of `connection`. CREATE/DROP DATABASE cannot run in
 * the database they act on, and the target may not exist yet, so this falls back from the named
 * database to the `postgres` and `template1` maintenance databases.
 */
export async function adminClientFor<T>(connection: PgConnectionFields, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const candidates = [...new Set([connection.database, "postgres", "template1"])];
  let lastError: unknown;
  for (const database of candidates) {
    try {
      return await withClient(withDatabase(connection, database), work);
    } catch (error) {
      // Only a missing database is worth another try; anything else (unreachable, auth) is final.
      if ((error as { code?: string }).code !== "3D000") throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/** Fails with P1003 (missing database), P1001 (unreachable), P1000 (auth) ... like the native engine. */
export async function ensureCanConnect(datasource: SupportedDatasource): Promise<void> {
  if (datasource.provider === "sqlite") {
    try {
      statSync(datasource.filePath);
      const db = new (sqliteDriver())(datasource.filePath, { fileMustExist: true, readonly: true });
      db.close();
    } catch (error) {
      throw mapSqliteError(error, datasource.filePath);
    }
    return;
  }
  try {
    await withClient(datasource.connection, (client) => client.query("SELECT 1"));
  } catch (error) {
    throw mapPostgresError(error, datasource.connection);
  }
}

/** Creates the database; returns its name as the native engine does. */
export async function createDatabase(datasource: SupportedDatasource): Promise<string> {
  if (datasource.provider === "sqlite") {
    try {
      mkdirSync(path.dirname(datasource.filePath), { recursive: true });
      new (sqliteDriver())(datasource.filePath).close();
    } catch (error) {
      throw mapSqliteError(error, datasource.filePath);
    }
    return path.basename(datasource.filePath);
  }
  const { connection } = datasource;
  try {
    await adminClientFor(withDatabase(connection, "postgres"), (client) =>
      client.query(`CREATE DATABASE ${quoteIdentifier(connection.database)}`),
    );
  } catch (error) {
    throw mapPostgresError(error, connection);
  }
  return connection.database;
}

export async function dropDatabase(datasource: SupportedDatasource): Promise<void> {
  if (datasource.provider === "sqlite") {
    if (!existsSync(datasource.filePath)) {
      throw new EngineError(`Failed to delete SQLite database at \`${datasource.filePath}\`.\nNo such file or directory`);
    }
    removeSqliteFiles(datasource.filePath);
    return;
  }
  const { connection } = datasource;
  try {
    await adminClientFor(withDatabase(connection, "postgres"), (client) =>
      client.query(`DROP DATABASE ${quoteIdentifier(connection.database)}`),
    );
  } catch (error) {
    throw mapPostgresError(error, connection);
  }
}

/** An SQLite database file and the journal and WAL files that belong to it. */
export function removeSqliteFiles(filePath: string): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(filePath + suffix, { force: true });
}

/** The server version string, as `getDatabaseVersion` returns it. */
export async function databaseVersion(datasource: SupportedDatasource): Promise<string> {
  if (datasource.provider === "sqlite") {
    const db = new (sqliteDriver())(":memory:");
    try {
      return (db.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
    } finally {
      db.close();
    }
  }
  try {
    return await withClient(datasource.connection, async (client) => {
      const { rows } = await client.query<{ version: string }>("SELECT version()");
      return rows[0]?.version ?? "";
    });
  } catch (error) {
    throw mapPostgresError(error, datasource.connection);
  }
}
