import type {
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
