import { existsSync } from "node:fs";
import type { Datasource } from "../engine/datasource.js";
import { mapPostgresError, mapSqliteError } from "../engine/errors.js";
import { CommandFailure } from "../errors.js";
import { type SqliteDatabase, sqliteDriver } from "./drivers.js";
import type { ProjectContext } from "../project/context.js";

/** The databases backant talks to with its own driver (MySQL goes through Prisma's native engine only). */
export type DriverDatasource = Extract<Datasource, { provider: "sqlite" | "postgres" }>;

/**
 * One connection to the project's database through its driver (libsql, pg), for what the
 * schema engine does not do: backant's metadata, the migrations table, catalog reads and atomic
 * migration scripts. One session, so transactions and PostgreSQL's advisory locks hold across calls.
 */
export interface DatabaseConnection {
  readonly datasource: DriverDatasource;
  /** Rows of one statement with bound parameters ($1.. on PostgreSQL, ? on SQLite). */
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements as it is (no parameters). */
  execute(script: string): Promise<void>;
  close(): Promise<void>;
  /** Drops the connection at once, mid-query (an interrupted command): the server rolls back what was open. */
  terminate(): void;
}

export interface OpenOptions {
  /** SQLite: create the file when missing (default: a missing file is P1003). */
  create?: boolean;
}

/** Opens a connection; throws EngineError with Prisma's codes (P1001 unreachable, P1003 missing ...). */
export async function openConnection(datasource: DriverDatasource, options: OpenOptions = {}): Promise<DatabaseConnection> {
  return datasource.provider === "sqlite" ? openSqlite(datasource, options) : openPostgres(datasource);
}

/** Like openConnection, but a database that does not exist yet is undefined instead of an error. */
export async function openExisting(datasource: DriverDatasource): Promise<DatabaseConnection | undefined> {
  try {
    return await openConnection(datasource);
  } catch (error) {
    if ((error as { errorCode?: string }).errorCode === "P1003") return undefined;
    throw error;
  }
}

export async function withConnection<T>(datasource: DriverDatasource, work: (connection: DatabaseConnection) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const connection = await openConnection(datasource, options);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

async function openSqlite(datasource: Extract<DriverDatasource, { provider: "sqlite" }>, options: OpenOptions): Promise<DatabaseConnection> {
  const Database = sqliteDriver();
  if (!options.create && !existsSync(datasource.filePath)) throw mapSqliteError(Object.assign(new Error("missing"), { code: "ENOENT" }), datasource.filePath);
  let db: SqliteDatabase;
  try {
    if (options.create) (await import("node:fs")).mkdirSync((await import("node:path")).dirname(datasource.filePath), { recursive: true });
    // Waits for another writer (a second deploy, the running app) instead of failing at once.
    db = new Database(datasource.filePath, { timeout: 10_000 });
  } catch (error) {
    throw mapSqliteError(error, datasource.filePath);
  }
  const wrap = <T>(work: () => T): Promise<T> => {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(mapSqliteError(error, datasource.filePath));
    }
  };
  return {
    datasource,
    query: <T extends object>(sql: string, params: readonly unknown[] = []) =>
      wrap(() => {
        const statement = db.prepare(sql);
        // Parameters as one array: libsql reads a lone object argument as named parameters (a lone
        // null fails, a lone Buffer aborts the process).
        if (statement.reader) return statement.all([...params]) as T[];
        statement.run([...params]);
        return [] as T[];
      }),
    execute: (script) => wrap(() => void db.exec(script)),
    close: async () => {
      if (db.open) db.close();
    },
    terminate: () => {
      // SQLite work is synchronous: nothing is in flight when this runs; an open transaction is rolled back.
      if (db.open) db.close();
    },
  };
}

async function openPostgres(datasource: Extract<DriverDatasource, { provider: "postgres" }>): Promise<DatabaseConnection> {
  const { connectClient, searchPathStatement } = await import("../engine/postgres-connection.js");
  let client: import("pg").Client;
  try {
    client = await connectClient(datasource.connection);
    if (datasource.schema !== "public") await client.query(searchPathStatement(datasource.schema));
  } catch (error) {
    throw mapPostgresError(error, datasource.connection);
  }
  const map = (error: unknown) => Promise.reject(mapPostgresError(error, datasource.connection));
  return {
    datasource,
    query: <T extends object>(sql: string, params: readonly unknown[] = []) => client.query(sql, params as unknown[]).then((result) => result.rows as T[], map),
    // The simple query protocol: the whole script in one round trip, several statements allowed.
    execute: (script) => client.query(script).then(() => undefined, map),
    close: () => client.end().catch(() => undefined),
    terminate: () => {
      const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
      stream?.destroy();
    },
  };
}

/** The database a project command acts on, as a driver datasource; MySQL is refused with what to do. */
export function driverDatasource(context: ProjectContext): DriverDatasource {
  const target = context.database();
  if (target.provider === "sqlite" || target.provider === "postgres") return target;
  throw new CommandFailure(
    target.provider === "mysql"
      ? "This project uses MySQL: backant's schema commands run on SQLite and PostgreSQL (backant's in-process engine has no MySQL connector)."
      : `DATABASE_URL uses a database backant does not support (${target.scheme}:).`,
    {
      code: target.provider === "mysql" ? "MYSQL_NEEDS_NATIVE_ENGINE" : "UNSUPPORTED_DATABASE",
      hint: target.provider === "mysql" ? "Use Prisma's CLI with its native engine for MySQL (npx prisma migrate ..., network access needed once to download it)." : "Point DATABASE_URL at SQLite (file:...) or PostgreSQL (postgresql://...).",
    },
  );
}
