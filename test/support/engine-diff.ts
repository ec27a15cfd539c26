// Diffs two Prisma schema texts with Prisma's own schema engine (the wasm build backant ships),
// in-process, the way `prisma migrate diff --from-schema A --to-schema B --script` does.
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { openPostgresAdapter, openSqliteAdapter } from "../../src/engine/adapters.js";
import { parseDatasourceUrl } from "../../src/engine/datasource.js";
import { schemaOnlyPostgresFactory } from "../../src/engine/schema-only-adapter.js";
import { createWasmEngine, type SchemaEngine } from "../../src/engine/wasm-engine.js";

export type DiffProvider = "sqlite" | "postgresql";

const noFilters = { externalTables: [], externalEnums: [] };

function sqliteFactory(): SqlMigrationAwareDriverAdapterFactory {
  return { provider: "sqlite", adapterName: "@prisma/adapter-libsql", connect: () => openSqliteAdapter(":memory:"), connectToShadowDb: () => openSqliteAdapter(":memory:") };
}

/** A factory connected to a real PostgreSQL database (to check the schema-only adapter against). */
export function postgresFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const ds = parseDatasourceUrl(url);
  if (ds.provider !== "postgres") throw new Error(`not a PostgreSQL URL: ${url}`);
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => openPostgresAdapter(ds.connection, ds.schema),
    connectToShadowDb: () => Promise.reject(new Error("no shadow database in schema diffs")),
  };
}

/** One engine for many diffs (construction costs ~60 ms). Dispose with free(). */
/** A schema: its text, or the [name, text] files of a schema folder; null for nothing. */
export type SchemaInput = string | ReadonlyArray<readonly [string, string]> | null;

export async function schemaDiffer(provider: DiffProvider, factory?: SqlMigrationAwareDriverAdapterFactory): Promise<{ diff(from: SchemaInput, to: SchemaInput): Promise<string>; free(): void }> {
  const engine: SchemaEngine = await createWasmEngine([], bindMigrationAwareSqlAdapterFactory(factory ?? (provider === "sqlite" ? sqliteFactory() : schemaOnlyPostgresFactory())), () => {});
  const target = (schema: SchemaInput) =>
    schema === null
      ? { tag: "empty" as const }
      : { tag: "schemaDatamodel" as const, files: typeof schema === "string" ? [{ path: "schema.prisma", content: schema }] : schema.map(([path, content]) => ({ path, content })) };
  return {
    async diff(from, to) {
      const result = await engine.diff({ from: target(from), to: target(to), script: true, exitCode: null, filters: noFilters });
      return result.stdout ?? "";
    },
    free: () => engine.free(),
  };
}

/** The SQL the engine would run to go from `from` to `to`; "-- This is an empty migration." when none. */
export async function diffSchemas(provider: DiffProvider, from: SchemaInput, to: SchemaInput): Promise<string> {
  const differ = await schemaDiffer(provider);
  try {
    return await differ.diff(from, to);
  } finally {
    differ.free();
  }
}

export const EMPTY_MIGRATION = /^\s*-- This is an empty migration\.\s*$/;
