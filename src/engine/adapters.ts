import { pathToFileURL } from "node:url";
import { DriverAdapterError, isDriverAdapterError, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory, type SqlQuery, type Transaction } from "@prisma/driver-adapter-utils";
import { importing } from "../database/drivers.js";
import type { PgConnectionFields } from "./datasource.js";
import { createEnginePool, quoteIdentifier, withClient } from "./postgres-connection.js";
import type { SupportedDatasource } from "./supported-datasource.js";

let lastScriptErrorCode: string | undefined;

/**
 * The database's own error code (e.g. PostgreSQL's 42601, SQLite's 1) of the last failed statement. The
 * wasm engine formats a failed migration without it; Prisma's P3018 message shows it.
 */
export function takeLastScriptErrorCode(): string | undefined {
  const code = lastScriptErrorCode;
  lastScriptErrorCode = undefined;
  return code;
}

function rememberErrorCode(error: unknown): never {
  const cause = (error as { cause?: { originalCode?: unknown; code?: unknown; extendedCode?: unknown } }).cause;
  // SQLite: the extended result code, as the native engine prints it; PostgreSQL: the SQLSTATE.
  const code = cause?.extendedCode ?? cause?.originalCode ?? cause?.code;
  lastScriptErrorCode = code === undefined ? undefined : String(code);
  throw error;
}

/** Wraps a driver call so its failure is remembered; some adapters throw synchronously, hence the async wrapper. */
function remembering<A, R>(call: (arg: A) => Promise<R>): (arg: A) => Promise<R> {
  return async (arg) => {
    try {
      return await call(arg);
    } catch (error) {
      return rememberErrorCode(error);
    }
  };
}

type CallWrapper = <A, R>(call: (arg: A) => Promise<R>) => (arg: A) => Promise<R>;

/** A transaction whose queries (and savepoints) go through `wrap`. */
function wrappedTransaction(tx: Transaction, wrap: CallWrapper): Transaction {
  const wrapped: Transaction = {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: wrap((query: SqlQuery) => tx.queryRaw(query)),
    executeRaw: wrap((query: SqlQuery) => tx.executeRaw(query)),
    commit: () => tx.commit(),
    rollback: () => tx.rollback(),
  };
  const { createSavepoint, rollbackToSavepoint, releaseSavepoint } = tx;
  if (createSavepoint) wrapped.createSavepoint = wrap((name: string) => createSavepoint.call(tx, name));
  if (rollbackToSavepoint) wrapped.rollbackToSavepoint = wrap((name: string) => rollbackToSavepoint.call(tx, name));
  if (releaseSavepoint) wrapped.releaseSavepoint = wrap((name: string) => releaseSavepoint.call(tx, name));
  return wrapped;
}

type AdapterOverrides = Partial<Pick<SqlDriverAdapter, "queryRaw" | "executeRaw" | "executeScript" | "dispose">>;

/**
 * A driver adapter whose calls (its transactions' too) go through `wrap`, with some of its methods
 * replaced; bindAdapter only reads these members.
 */
function wrappedAdapter(inner: SqlDriverAdapter, wrap: CallWrapper, overrides: AdapterOverrides = {}): SqlDriverAdapter {
  const queryRaw = overrides.queryRaw ?? ((query: SqlQuery) => inner.queryRaw(query));
  const executeScript = overrides.executeScript ?? ((script: string) => inner.executeScript(script));
  const executeRaw = overrides.executeRaw ?? ((query: SqlQuery) => inner.executeRaw(query));
  const adapter: SqlDriverAdapter = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    // SQLite migration scripts arrive as queries rather than through executeScript.
    queryRaw: wrap(queryRaw),
    executeRaw: wrap(executeRaw),
    executeScript: wrap(executeScript),
    startTransaction: wrap(async (isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]) => wrappedTransaction(await inner.startTransaction(isolationLevel), wrap)),
    dispose: overrides.dispose ?? (() => inner.dispose()),
  };
  const connectionInfo = inner.getConnectionInfo?.bind(inner);
  if (connectionInfo) adapter.getConnectionInfo = connectionInfo;
  return adapter;
}

/** A driver adapter with some of its methods replaced, whose failures are remembered (takeLastScriptErrorCode). */
export function overrideAdapter(inner: SqlDriverAdapter, overrides: AdapterOverrides): SqlDriverAdapter {
  return wrappedAdapter(inner, remembering, overrides);
}

/**
 * Whether a parameterless SQL text may hold more than one statement: a `;` before its end. A `;`
 * inside a string literal or a trigger body counts too; such a text is then run as a script, which is
 * as correct, only without a row count.
 */
export function mayHoldSeveralStatements(sql: string): boolean {
  return sql.replace(/[\s;]+$/, "").includes(";");
}

const LIBSQL_PREFIX = /^SQLITE_[A-Z_]+: /;

/**
 * @prisma/adapter-libsql recognizes a missing table or column by the start of SQLite's message, but
 * a local libsql database prefixes its messages with the error's name ("SQLITE_ERROR: no such
 * table: x"), so they arrive as generic SQLite errors, and the engine, which tells "no migrations
 * table yet" by TableDoesNotExist, fails instead. This maps them as the adapter means to, and
 * takes the prefix off every message.
 */
export function translateLibsqlError(error: unknown): unknown {
  if (!isDriverAdapterError(error)) return error;
  // SQLITE_BUSY arrives as SocketTimeout, a kind the wasm engine cannot read ("unknown variant"):
  // passed on as the SQLite error it is, "database is locked".
  if (error.cause.kind === "SocketTimeout") {
    const { originalCode, originalMessage } = error.cause;
    return new DriverAdapterError({ kind: "sqlite", extendedCode: Number(originalCode) || 5, message: (originalMessage ?? "database is locked").replace(LIBSQL_PREFIX, ""), originalCode, originalMessage } as never);
  }
  if (error.cause.kind !== "sqlite") return error;
  const message = error.cause.message.replace(LIBSQL_PREFIX, "");
  const after = (marker: string) => message.slice(message.indexOf(marker) + marker.length);
  if (message.startsWith("no such table: ")) return new DriverAdapterError({ ...error.cause, kind: "TableDoesNotExist", table: after(": ") } as never);
  if (message.startsWith("no such column: ")) return new DriverAdapterError({ ...error.cause, kind: "ColumnNotFound", column: after(": ") } as never);
  if (message.includes("has no column named ")) return new DriverAdapterError({ ...error.cause, kind: "ColumnNotFound", column: after("has no column named ") } as never);
  return new DriverAdapterError({ ...error.cause, message });
}

function translating<A, R>(call: (arg: A) => Promise<R>): (arg: A) => Promise<R> {
  return async (arg) => {
    try {
      return await call(arg);
    } catch (error) {
      throw translateLibsqlError(error);
    }
  };
}

/**
 * The engine sends whole migration scripts through executeRaw on SQLite (shadow database, table
 * redefinitions), and libsql runs only the first statement of a text it prepares, silently. A raw
 * command without parameters that may hold several statements runs as a script instead.
 */
export async function openSqliteAdapter(filePath: string): Promise<SqlDriverAdapter> {
  // Each adapter is loaded when its database is opened: an SQLite project never loads pg.
  const { PrismaLibSql } = await importing("sqlite", () => import("@prisma/adapter-libsql"));
  // A file URL, percent-encoded: libsql reads `#` and `?` in a plain path as URL parts.
  const url = filePath === ":memory:" ? filePath : pathToFileURL(filePath).href;
  // Waits for another writer (a second deploy, the running app) instead of failing at once.
  // What it throws is translated (translateLibsqlError), its transactions' failures included.
  const inner = wrappedAdapter(await new PrismaLibSql({ url, timeout: 10_000 }).connect(), translating);
  const asScript = remembering((script: string) => inner.executeScript(script));
  const script = (query: SqlQuery) => query.args.length === 0 && mayHoldSeveralStatements(query.sql);
  return overrideAdapter(inner, {
    queryRaw: async (query: SqlQuery) => {
      if (!script(query)) return inner.queryRaw(query);
      await asScript(query.sql);
      return { columnNames: [], columnTypes: [], rows: [] };
    },
    executeRaw: async (query: SqlQuery) => {
      if (!script(query)) return inner.executeRaw(query);
      await asScript(query.sql);
      return 0;
    },
  });
}

/**
 * adapter-pg's executeScript splits the script on every `;`, which breaks function bodies and string
 * literals. A parameterless query goes over PostgreSQL's simple query protocol, which runs a
 * multi-statement script as the native engine does, and keeps the adapter's error mapping.
 */
export async function openPostgresAdapter(connection: PgConnectionFields, schema: string): Promise<SqlDriverAdapter> {
  // The native engine creates a missing `?schema=` schema instead of failing on it.
  if (schema !== "public") await withClient(connection, (client) => client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`));
  const pool = createEnginePool(connection, schema);
  const { PrismaPg } = await importing("postgresql", () => import("@prisma/adapter-pg"));
  const inner = await new PrismaPg(pool, { schema, disposeExternalPool: true }).connect();
  return overrideAdapter(inner, {
    executeScript: async (script: string) => {
      await inner.executeRaw({ sql: script, args: [], argTypes: [] });
    },
  });
}

export type ShadowDatabaseOpener = () => Promise<SqlDriverAdapter>;

/** The adapter factory handed to the wasm engine: the datasource's database plus a shadow database opener. */
export function createAdapterFactory(
  datasource: SupportedDatasource,
  openShadowDatabase: ShadowDatabaseOpener,
): SqlMigrationAwareDriverAdapterFactory {
  if (datasource.provider === "sqlite") {
    return {
      provider: "sqlite",
      adapterName: "@prisma/adapter-libsql",
      connect: () => openSqliteAdapter(datasource.filePath),
      connectToShadowDb: openShadowDatabase,
    };
  }
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => openPostgresAdapter(datasource.connection, datasource.schema),
    connectToShadowDb: openShadowDatabase,
  };
}
