import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, SqlResultSet } from "@prisma/driver-adapter-utils";
import { EngineError } from "./errors.js";

/**
 * A PostgreSQL "connection" for diffs of schema files only (`migrate diff --from-schema A
 * --to-schema B`, backant's import checks), where no database is involved.
 *
 * Prisma's native engine diffs two schema files without connecting. The wasm engine's PostgreSQL
 * connector cannot be built without an adapter: while it is constructed it sends exactly one query,
 * "does the schema exist, which server version is this" (sql-schema-connector's flavour setup), and
 * a diff between two schema files sends nothing else (checked: the corpus diffs in
 * test/engine/schema-only-diff.test.ts give the same SQL as with a real server). This adapter
 * answers that one query the way a PostgreSQL 16 server with the schema would, and refuses every
 * other statement with an error that says a database is needed, so it can never pretend to have
 * applied or read anything.
 */
export const SCHEMA_ONLY_POSTGRES_VERSION = { text: "PostgreSQL 16.0 (schema-only, no server)", number: 160000 } as const;

const CONSTRUCTION_QUERY = /^\s*SELECT\s+EXISTS\s*\(\s*SELECT\s+1\s+FROM\s+pg_namespace\s+WHERE\s+nspname\s*=\s*\$1\s*\)\s*,\s*version\(\)\s*,\s*current_setting\('server_version_num'\)::integer\s+as\s+numeric_version\s*;?\s*$/i;

// ColumnTypeEnum of @prisma/driver-adapter-utils: Boolean 5, Text 7, Int32 0.
const BOOLEAN = 5;
const TEXT = 7;
const INT32 = 0;

function needsDatabase(what: string): EngineError {
  return new EngineError(
    `${what} needs a PostgreSQL database, but the engine was started without one (schema-only: it can diff schema files, nothing else). Set \`datasource.url\` in prisma.config.ts or pass a URL.`,
    "P1001",
  );
}

function schemaOnlyAdapter(): SqlDriverAdapter {
  const refuse = (query: SqlQuery | string): Promise<never> => {
    const sql = typeof query === "string" ? query : query.sql;
    return Promise.reject(needsDatabase(`The statement \`${sql.trim().split("\n")[0]!.slice(0, 80)}\``));
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    queryRaw: async (query: SqlQuery): Promise<SqlResultSet> => {
      if (!CONSTRUCTION_QUERY.test(query.sql)) return refuse(query);
      return {
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [BOOLEAN, TEXT, INT32],
        rows: [[true, SCHEMA_ONLY_POSTGRES_VERSION.text, SCHEMA_ONLY_POSTGRES_VERSION.number]],
      };
    },
    executeRaw: refuse,
    executeScript: refuse,
    startTransaction: () => Promise.reject(needsDatabase("A transaction")),
    getConnectionInfo: () => ({ schemaName: "public", supportsRelationJoins: true }),
    dispose: async () => {},
  };
}

/** The adapter factory for a wasm engine that only diffs schema files (see schemaOnlyAdapter). */
export function schemaOnlyPostgresFactory(): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: async () => schemaOnlyAdapter(),
    connectToShadowDb: () => Promise.reject(needsDatabase("A shadow database")),
  };
}
