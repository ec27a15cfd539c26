import { type SqliteDatabase, sqliteDriver } from "../database/drivers.js";
import { schemaEngineCommit } from "../prisma/versions.js";
import { createDatabase, databaseVersion, ensureCanConnect } from "./database-admin.js";
import { EngineError, mapPostgresError, mapSqliteError } from "./errors.js";
import { withClient } from "./postgres-connection.js";
import { resetPostgresSchemas, resetSqliteFile } from "./reset.js";
import { withSqliteApplyLock } from "./sqlite-apply-lock.js";
import type { EngineSession } from "./session.js";
import { providerFromDatamodels, schemasFromDatamodels } from "./session.js";
import type { SupportedDatasource } from "./supported-datasource.js";
import type { SchemaEngine } from "./wasm-engine.js";
import { takePanicMessage } from "./wasm-engine.js";

type Params = Record<string, unknown>;
/** What a method may ask of the Prisma CLI on the other end of the pipe. */
export interface CliHost {
  print(content: string): Promise<void>;
}

type Handler = (session: EngineSession, params: Params, host: CliHost) => Promise<unknown>;

function record(value: unknown): Params {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Params) : {};
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/**
 * The URL a `DatasourceParam` ({tag: "ConnectionString", url} or {tag: "Schema", files}) points to.
 * Prisma 7 schemas carry no URL, so a schema-tagged datasource means the engine's own datasource.
 */
function datasourceParamUrl(param: unknown): string | undefined {
  const value = record(param);
  const tag = value["tag"];
  if ((tag === "ConnectionString" || tag === "url") && typeof value["url"] === "string") return value["url"];
  return undefined;
}

/** Forwards a method to the wasm engine unchanged. */
function passThrough<K extends keyof SchemaEngine>(method: K): Handler {
  return async (session, params) => {
    const engine = await session.wasm();
    const fn = engine[method] as unknown as (this: SchemaEngine, input: Params) => Promise<unknown>;
    return fn.call(engine, params);
  };
}

const MIGRATIONS_TABLE_MISSING = /_prisma_migrations/;
const SHADOW_FACTORY_MISSING = /shadow DB must be provided through an external factory/;

/**
 * Two gaps of the wasm engine, each repaired once and followed by one retry: it does not create
 * `_prisma_migrations` on a fresh database before reading it (P1014 "The underlying table for model
 * `_prisma_migrations` does not exist."; applying an empty migration list creates the table), and
 * some methods cannot reach the shadow database (see below).
 */
function withMigrationsTable<K extends keyof SchemaEngine>(method: K): Handler {
  const call = passThrough(method);
  return async (session, params, host) => {
    try {
      return await call(session, params, host);
    } catch (error) {
      const engineError = session.toEngineError(error);
      const migrationsList = record(params["migrationsList"]);
      const engine = await session.wasm();
      if (params["migrationsList"] && SHADOW_FACTORY_MISSING.test(engineError.message)) {
        // evaluateDataLoss and createMigration read the schema of the migration history from a cache
        // and, unlike devDiagnostic, cannot open a shadow database when it misses (after `migrate dev`
        // applied a --create-only migration). devDiagnostic fills the cache through the shadow database.
        await engine.devDiagnostic({
          migrationsList: migrationsList as unknown as Parameters<SchemaEngine["devDiagnostic"]>[0]["migrationsList"],
          filters: (params["filters"] ?? { externalTables: [], externalEnums: [] }) as unknown as Parameters<SchemaEngine["devDiagnostic"]>[0]["filters"],
        });
        return call(session, params, host);
      }
      if (engineError.errorCode !== "P1014" || !MIGRATIONS_TABLE_MISSING.test(engineError.message) || !params["migrationsList"]) {
        throw engineError;
      }
      await engine.applyMigrations({
        migrationsList: { ...migrationsList, migrationDirectories: [] } as unknown as Parameters<SchemaEngine["applyMigrations"]>[0]["migrationsList"],
        filters: (params["filters"] ?? { externalTables: [], externalEnums: [] }) as unknown as Parameters<SchemaEngine["applyMigrations"]>[0]["filters"],
      });
      return call(session, params, host);
    }
  };
}

/**
 * On SQLite the wasm engine's connection keeps the file write-locked after it wrote
 * `_prisma_migrations` (applyMigrations, markMigrationApplied/RolledBack: a transaction it never
 * ends). A process that ends right after (the Prisma CLI's engine) never notices; a long-lived one
 * (backant in-process) would lock every other connection out. The engine is disposed instead, and
 * a fresh one is built on the next call.
 */
function releasingSqliteLock(handler: Handler): Handler {
  return async (session, params, host) => {
    const main = session.main;
    if (main?.provider !== "sqlite") return handler(session, params, host);
    // Disposed (its connections closed) before another process may take the lock and write the history.
    return withSqliteApplyLock(main.filePath, async () => {
      try {
        return await handler(session, params, host);
      } finally {
        await session.dispose();
      }
    });
  };
}

/**
 * On SQLite the wasm engine fails `diagnoseMigrationHistory` with P1014 when `_prisma_migrations`
 * does not exist (after `db push`, or on a database never migrated), where the native engine treats
 * the missing table as "no migration applied" (PostgreSQL already behaves so through the wasm engine).
 * `migrate status` must stay read-only, so the table is not created here: the answer is built the
 * way the native engine builds it from an empty applied list.
 */
async function diagnoseMigrationHistory(session: EngineSession, params: Params, host: CliHost): Promise<unknown> {
  try {
    return await passThrough("diagnoseMigrationHistory")(session, params, host);
  } catch (error) {
    const engineError = session.toEngineError(error);
    const datasource = session.resolve(undefined);
    if (engineError.errorCode !== "P1014" || datasource.provider !== "sqlite" || sqliteHasTable(datasource.filePath, "_prisma_migrations")) {
      throw engineError;
    }
    const directories = Array.isArray(record(params["migrationsList"])["migrationDirectories"])
      ? (record(params["migrationsList"])["migrationDirectories"] as unknown[])
      : [];
    const unappliedMigrationNames = directories.map((directory) => String(record(directory)["path"] ?? ""));
    return {
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: false,
      history: unappliedMigrationNames.length > 0 ? { diagnostic: "databaseIsBehind", unappliedMigrationNames } : null,
    };
  }
}

function sqliteHasTable(filePath: string, table: string): boolean {
  const db = new (sqliteDriver())(filePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
  } finally {
    db.close();
  }
}

async function executeScript(datasource: SupportedDatasource, script: string): Promise<void> {
  if (datasource.provider === "sqlite") {
    let db: SqliteDatabase | undefined;
    try {
      // The engine's own connection may hold the file for a moment (WAL checkpoint, a read): wait, do not fail.
      db = new (sqliteDriver())(datasource.filePath, { timeout: 10_000 });
      db.exec(script);
    } catch (error) {
      throw mapSqliteError(error, datasource.filePath);
    } finally {
      db?.close();
    }
    return;
  }
  try {
    // Simple query protocol: the whole script in one round trip, multi-statement like psql -c.
    await withClient(datasource.connection, (client) => client.query(script), datasource.schema);
  } catch (error) {
    throw mapPostgresError(error, datasource.connection);
  }
}

/**
 * The wasm engine returns the diff as `stdout`; the native engine prints it through the CLI's
 * `print` request and returns no stdout, and the CLI only shows (and writes to --output) what is
 * printed that way.
 */
async function diff(session: EngineSession, params: Params, host: CliHost): Promise<unknown> {
  for (const side of [params["from"], params["to"]]) {
    const files = record(side)["files"];
    if (Array.isArray(files)) session.providerHint ??= providerFromDatamodels(files.map((file) => ["", String(record(file)["content"] ?? "")] as const));
  }
  const result = record(await passThrough("diff")(session, params, host));
  const stdout = result["stdout"];
  if (typeof stdout === "string" && stdout !== "") await host.print(stdout.endsWith("\n") ? stdout.slice(0, -1) : stdout);
  return { ...result, stdout: null };
}

async function reset(session: EngineSession, params: Params): Promise<null> {
  const datasource = session.resolve(undefined);
  const filter = record(params["filter"]);
  if (datasource.provider === "sqlite") {
    try {
      resetSqliteFile(datasource.filePath, stringArray(filter["externalTables"]));
    } catch (error) {
      throw mapSqliteError(error, datasource.filePath);
    }
    return null;
  }
  const schemas = [...new Set([datasource.schema, ...schemasFromDatamodels(session.datamodels)])];
  await resetPostgresSchemas(datasource.connection, schemas);
  return null;
}

/**
 * Every JSON-RPC method of Prisma's schema engine (schema-engine/json-rpc-api method_names.rs).
 * Most go to the wasm engine; the ones it lacks or gets wrong are answered here.
 */
export const METHODS: Readonly<Record<string, Handler>> = {
  applyMigrations: releasingSqliteLock(passThrough("applyMigrations")),
  createMigration: withMigrationsTable("createMigration"),
  devDiagnostic: withMigrationsTable("devDiagnostic"),
  diagnoseMigrationHistory,
  evaluateDataLoss: withMigrationsTable("evaluateDataLoss"),
  markMigrationApplied: releasingSqliteLock(withMigrationsTable("markMigrationApplied")),
  markMigrationRolledBack: releasingSqliteLock(passThrough("markMigrationRolledBack")),
  schemaPush: passThrough("schemaPush"),
  diff,
  introspect: passThrough("introspect"),
  introspectSql: passThrough("introspectSql"),
  reset,
  async createDatabase(session, params) {
    const databaseName = await createDatabase(session.resolve(datasourceParamUrl(params["datasource"])));
    return { databaseName };
  },
  async ensureConnectionValidity(session, params) {
    await ensureCanConnect(session.resolve(datasourceParamUrl(params["datasource"])));
    return {};
  },
  async getDatabaseVersion(session, params) {
    return databaseVersion(session.resolve(datasourceParamUrl(params["datasource"])));
  },
  async dbExecute(session, params) {
    const script = params["script"];
    if (typeof script !== "string") throw new EngineError("dbExecute needs a `script` string.");
    await executeScript(session.resolve(datasourceParamUrl(params["datasourceType"])), script);
    return null;
  },
  async version() {
    return schemaEngineCommit();
  },
  async debugPanic(session) {
    const engine = await session.wasm();
    try {
      engine.debugPanic();
    } catch (error) {
      throw new EngineError(takePanicMessage() ?? String(error), undefined, undefined, true);
    }
    throw new EngineError("debugPanic did not panic", undefined, undefined, true);
  },
};
