import type {
  DiffTarget,
  ApplyMigrationsOutput,
  CreateMigrationOutput,
  DevAction,
  DiagnoseMigrationHistoryOutput,
  EvaluateDataLossOutput,
  IntrospectResult,
  MigrationList,
  SchemaFilter,
  SchemaPushOutput,
} from "@prisma/schema-engine-wasm";

export type { ApplyMigrationsOutput, CreateMigrationOutput, DevAction, DiagnoseMigrationHistoryOutput, EvaluateDataLossOutput, IntrospectResult, MigrationList, SchemaPushOutput };

/** A schema file: its path (for messages and relative paths) and its text. */
export interface SchemaFile {
  path: string;
  content: string;
}

/** One side of a diff. */
export type DiffSide =
  | { kind: "empty" }
  /** Prisma schema files (their datamodel; the datasource block gives the provider). */
  | { kind: "schema"; files: SchemaFile[] }
  /** The database the engine is connected to. */
  | { kind: "database" }
  /** A migrations folder, applied to a shadow database to find the schema it produces. */
  | { kind: "migrations"; list: MigrationList };

export interface DiffResult {
  changed: boolean;
  /** The SQL script (script: true) or the engine's summary, "" when nothing changed. */
  text: string;
}

export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

/**
 * Prisma's schema engine as typed functions: what the JSON-RPC methods of the native
 * `schema-engine` binary do, with their typed answers, for backant's own commands (no Prisma CLI
 * process, no reading of Prisma's messages). Failures are EngineError (src/engine/errors.ts):
 * Prisma's error code (P1001, P3018 ...), its message and meta. Two implementations: the wasm engine
 * in this process (SQLite, PostgreSQL) and Prisma's native binary over JSON-RPC on stdio (MySQL,
 * BACKANT_ENGINE=native). Calls run one at a time, in order.
 */
export interface SchemaEngineClient {
  readonly kind: "in-process" | "json-rpc";
  /** `db push`: applies the schema unless it has warnings (then only with force) or unexecutable steps. */
  schemaPush(input: { schema: SchemaFile[]; force: boolean; filter?: SchemaFilter }): Promise<SchemaPushOutput>;
  diff(from: DiffSide, to: DiffSide, options: { script: boolean; filter?: SchemaFilter }): Promise<DiffResult>;
  /** Warnings and unexecutable steps (with their step index) of the migration from `migrations` to `schema`, counted against the database's rows. */
  evaluateDataLoss(migrations: MigrationList, schema: SchemaFile[], filter?: SchemaFilter): Promise<EvaluateDataLossOutput>;
  /** The next migration's script from `migrations` to `schema` (null when there is nothing to do and draft is false). */
  createMigration(input: { migrations: MigrationList; schema: SchemaFile[]; name: string; draft: boolean; filter?: SchemaFilter }): Promise<CreateMigrationOutput>;
  /** Prisma's own apply (one migration after the other, each recorded in _prisma_migrations). */
  applyMigrations(migrations: MigrationList, filter?: SchemaFilter): Promise<ApplyMigrationsOutput>;
  devDiagnostic(migrations: MigrationList, filter?: SchemaFilter): Promise<DevAction>;
  diagnoseMigrationHistory(migrations: MigrationList, options: { optInToShadowDatabase: boolean; filter?: SchemaFilter }): Promise<DiagnoseMigrationHistoryOutput>;
  markMigrationApplied(name: string, migrations: MigrationList): Promise<void>;
  markMigrationRolledBack(name: string): Promise<void>;
  /** Drops everything in the database (all of the datasource's schemas on PostgreSQL). */
  reset(filter?: SchemaFilter): Promise<void>;
  introspect(input: { schema: SchemaFile[]; force: boolean; baseDirectoryPath: string; namespaces?: string[] }): Promise<IntrospectResult>;
  /** Runs a script against the database. */
  executeScript(script: string): Promise<void>;
  /** Fails with the engine's code (P1001 unreachable, P1003 missing database, P1000 credentials) unless it can connect. */
  ensureConnection(): Promise<void>;
  /** Creates the database (SQLite file, PostgreSQL database); returns its name. */
  createDatabase(): Promise<string>;
  version(): Promise<string>;
  close(): Promise<void>;
}

export interface EngineTarget {
  /** The datasource URL (relative SQLite paths are resolved against `cwd`). */
  url: string;
  shadowDatabaseUrl?: string;
  /** The project's schema files (the engine's datamodels). */
  schema: SchemaFile[];
  cwd: string;
}

/**
 * How a client reaches an engine: one JSON-RPC method call with its params, answered with the
 * result and whatever the engine asked to print meanwhile (diff output). Calls are made one at a time.
 */
export interface EngineTransport {
  readonly kind: SchemaEngineClient["kind"];
  call(method: string, params: Record<string, unknown>): Promise<{ result: unknown; printed: string }>;
  close(): Promise<void>;
}

/** The typed client over a transport: each method's params as Prisma's JSON-RPC API takes them. */
export function clientOver(transport: EngineTransport, target: EngineTarget): SchemaEngineClient {
  const call = async <T>(method: string, params: Record<string, unknown>): Promise<T> => (await transport.call(method, params)).result as T;
  const files = (schema: SchemaFile[]) => ({ files: schema.map((file) => ({ path: file.path, content: file.content })) });
  const ownSchema = () => ({ ...files(target.schema), configDir: target.cwd });
  const diffTarget = (side: DiffSide): DiffTarget => {
    switch (side.kind) {
      case "empty":
        return { tag: "empty" };
      case "schema":
        return { tag: "schemaDatamodel", ...files(side.files) };
      case "database":
        return { tag: "schemaDatasource", ...ownSchema() };
      case "migrations":
        return { tag: "migrations", ...side.list };
    }
  };
  return {
    kind: transport.kind,
    schemaPush: ({ schema, force, filter }) => call("schemaPush", { force, schema: files(schema), filters: filter ?? NO_FILTER }),
    async diff(from, to, { script, filter }) {
      const { result, printed } = await transport.call("diff", { from: diffTarget(from), to: diffTarget(to), script, exitCode: true, filters: filter ?? NO_FILTER });
      // The engine prints the diff (the native engine through a `print` request); --exit-code semantics: 2 when the sides differ.
      const answer = result as { exitCode: number; stdout?: string | null };
      const text = printed || answer.stdout || "";
      const changed = answer.exitCode === 2;
      return { changed, text: changed ? (text.endsWith("\n") ? text : `${text}\n`) : "" };
    },
    evaluateDataLoss: (migrations, schema, filter) => call("evaluateDataLoss", { migrationsList: migrations, schema: files(schema), filters: filter ?? NO_FILTER }),
    createMigration: ({ migrations, schema, name, draft, filter }) =>
      call("createMigration", { migrationsList: migrations, schema: files(schema), migrationName: name, draft, filters: filter ?? NO_FILTER }),
    applyMigrations: (migrations, filter) => call("applyMigrations", { migrationsList: migrations, filters: filter ?? NO_FILTER }),
    devDiagnostic: async (migrations, filter) => (await call<{ action: DevAction }>("devDiagnostic", { migrationsList: migrations, filters: filter ?? NO_FILTER })).action,
    diagnoseMigrationHistory: (migrations, { optInToShadowDatabase, filter }) =>
      call("diagnoseMigrationHistory", { migrationsList: migrations, optInToShadowDatabase, filters: filter ?? NO_FILTER }),
    markMigrationApplied: async (name, migrations) => void (await call("markMigrationApplied", { migrationName: name, migrationsList: migrations })),
    markMigrationRolledBack: async (name) => void (await call("markMigrationRolledBack", { migrationName: name })),
    reset: async (filter) => void (await call("reset", { filter: filter ?? NO_FILTER })),
    introspect: ({ schema, force, baseDirectoryPath, namespaces }) =>
      call("introspect", { schema: files(schema), force, baseDirectoryPath, compositeTypeDepth: -1, namespaces: namespaces ?? null }),
    executeScript: async (script) => void (await call("dbExecute", { datasourceType: { tag: "schema", ...ownSchema() }, script })),
    ensureConnection: async () => void (await call("ensureConnectionValidity", { datasource: { tag: "Schema", ...files(target.schema) } })),
    createDatabase: async () => (await call<{ databaseName: string }>("createDatabase", { datasource: { tag: "Schema", ...files(target.schema) } })).databaseName,
    version: () => call<string>("version", {}),
    close: () => transport.close(),
  };
}
