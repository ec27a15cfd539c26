// Conformance harness: runs the REAL prisma CLI against real SQLite and PostgreSQL databases
// through backant's offline schema engine, and reads the databases back through their catalogs so
// that tests check what happened, not only what the CLI said.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import Database from "libsql";
import { afterEach } from "vitest";
import { enginePath, prismaCli, repoRoot } from "../support/paths.js";
import { createPgDatabase, dropPgDatabase, pgDatabaseNames, pgUrl, uniqueDatabaseName, withPgClient } from "../support/postgres.js";
import { runNode } from "../support/processes.js";
import { scratchDir } from "../support/scratch.js";

export type Provider = "sqlite" | "postgresql";
export const PROVIDERS: readonly Provider[] = ["sqlite", "postgresql"];

// One switch for the engine under test, so the suite can run against a prototype or a build.
const ENGINE_PATH = process.env.BACKANT_CONFORMANCE_ENGINE
  ? path.resolve(repoRoot, process.env.BACKANT_CONFORMANCE_ENGINE)
  : enginePath;

const DB_PREFIX = "bk_conf_";
// Names of throwaway databases Prisma's engine creates on PostgreSQL (shadow databases). The
// offline engine reuses Prisma's naming; anything matching after a test is a leak.
const SHADOW_DB_PATTERNS = ["prisma_migrate_shadow_db%"];

function randomSuffix(): string {
  return randomBytes(5).toString("hex");
}

async function newPgDatabase(): Promise<string> {
  const name = uniqueDatabaseName(DB_PREFIX);
  await createPgDatabase(name);
  return name;
}

// ---------------------------------------------------------------------------------------------
// Catalog reads

export interface ColumnInfo {
  name: string;
  /** Type as the catalog spells it (sqlite: declared type, e.g. TEXT; postgresql: udt name, e.g. int4). */
  type: string;
  nullable: boolean;
}

export interface IndexInfo {
  name: string;
  columns: string[];
  unique: boolean;
}

export interface EnumInfo {
  name: string;
  values: string[];
}

export interface MigrationRow {
  migration_name: string;
  finished_at: string | null;
  rolled_back_at: string | null;
  logs: string | null;
  applied_steps_count: number;
  checksum: string;
}

export interface Catalog {
  readonly provider: Provider;
  readonly url: string;
  /** User tables and _prisma_migrations, sorted; never SQLite's own tables. */
  tables(): Promise<string[]>;
  columns(table: string): Promise<ColumnInfo[]>;
  indexes(table: string): Promise<IndexInfo[]>;
  /** PostgreSQL enum types in the public schema; always empty on SQLite. */
  enums(): Promise<EnumInfo[]>;
  /** Rows of _prisma_migrations in the order they were started; [] if the table is absent. */
  migrationRows(): Promise<MigrationRow[]>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs statements that return nothing (DDL, inserts). */
  execute(sql: string): Promise<void>;
}

function sqlitePathFromUrl(url: string, cwd: string): string {
  const p = url.replace(/^file:/, "");
  return path.isAbsolute(p) ? p : path.resolve(cwd, p);
}

class SqliteCatalog implements Catalog {
  readonly provider = "sqlite" as const;
  constructor(
    readonly url: string,
    private readonly file: string,
  ) {}

  // A connection per call: a connection held open across CLI runs would hold locks against them.
  private with<T>(fn: (db: Database.Database) => T, create = false): T {
    const db = new Database(this.file, { fileMustExist: !create });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }

  private exists(): boolean {
    return fs.existsSync(this.file);
  }

  async tables(): Promise<string[]> {
    if (!this.exists()) return [];
    return this.with((db) =>
      (
        db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
          .all() as { name: string }[]
      ).map((r) => r.name),
    );
  }

  async columns(table: string): Promise<ColumnInfo[]> {
    return this.with((db) =>
      (
        db.prepare("SELECT name, type, \"notnull\" AS nn, pk FROM pragma_table_info(?) ORDER BY cid").all(table) as {
          name: string;
          type: string;
          nn: number;
          pk: number;
        }[]
      ).map((r) => ({ name: r.name, type: r.type, nullable: r.nn === 0 && r.pk === 0 })),
    );
  }

  async indexes(table: string): Promise<IndexInfo[]> {
    return this.with((db) => {
      const list = db
        .prepare("SELECT name, \"unique\" AS u FROM pragma_index_list(?) ORDER BY name")
        .all(table) as { name: string; u: number }[];
      return list.map((ix) => ({
        name: ix.name,
        unique: ix.u === 1,
        columns: (
          db.prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno").all(ix.name) as { name: string }[]
        ).map((c) => c.name),
      }));
    });
  }

  async enums(): Promise<EnumInfo[]> {
    return [];
  }

  async migrationRows(): Promise<MigrationRow[]> {
    if (!(await this.tables()).includes("_prisma_migrations")) return [];
    return this.with(
      (db) =>
        db
          .prepare(
            "SELECT migration_name, finished_at, rolled_back_at, logs, applied_steps_count, checksum FROM _prisma_migrations ORDER BY started_at, migration_name",
          )
          .all() as MigrationRow[],
    );
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.with((db) => db.prepare(sql).all(...params) as T[]);
  }

  async execute(sql: string): Promise<void> {
    // Tests seed raw SQL before any CLI run, so the file may not exist yet.
    this.with((db) => db.exec(sql), true);
  }
}

class PostgresCatalog implements Catalog {
  readonly provider = "postgresql" as const;
  constructor(readonly url: string) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return withPgClient(this.url, async (c) => (await c.query(sql, params)).rows as T[]);
  }

  async execute(sql: string): Promise<void> {
    await withPgClient(this.url, (c) => c.query(sql));
  }

  async tables(): Promise<string[]> {
    const rows = await this.query<{ t: string }>(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    return rows.map((r) => r.t);
  }

  async columns(table: string): Promise<ColumnInfo[]> {
    const rows = await this.query<{ name: string; type: string; nullable: string }>(
      `SELECT column_name AS name, udt_name AS type, is_nullable AS nullable
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1
        ORDER BY ordinal_position`,
      [table],
    );
    return rows.map((r) => ({ name: r.name, type: r.type, nullable: r.nullable === "YES" }));
  }

  async indexes(table: string): Promise<IndexInfo[]> {
    const rows = await this.query<{ name: string; unique: boolean; columns: string[] }>(
      `SELECT i.relname::text AS name, ix.indisunique AS unique,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE n.nspname = 'public' AND t.relname = $1
        GROUP BY i.relname, ix.indisunique ORDER BY i.relname`,
      [table],
    );
    return rows;
  }

  async enums(): Promise<EnumInfo[]> {
    const rows = await this.query<{ name: string; values: string[] }>(
      `SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
         JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY t.typname`,
    );
    return rows;
  }

  async migrationRows(): Promise<MigrationRow[]> {
    if (!(await this.tables()).includes("_prisma_migrations")) return [];
    return this.query<MigrationRow>(
      "SELECT migration_name, finished_at::text, rolled_back_at::text, logs, applied_steps_count, checksum FROM _prisma_migrations ORDER BY started_at, migration_name",
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Projects

export interface PrismaRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved, colours stripped. */
  output: string;
  timedOut: boolean;
}

export interface DatasourceConfig {
  url: string;
  shadowDatabaseUrl?: string;
}

export interface RunOptions {
  /** Text fed to stdin (for `--stdin`); stdin is closed otherwise. */
  input?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}

export function datasourceBlock(provider: Provider): string {
  return `datasource db {\n  provider = "${provider}"\n}\n`;
}

export class ConformanceProject {
  /** Extra databases made with newDatabase(), dropped at dispose. */
  private readonly extraPgDatabases: string[] = [];
  private readonly extraSqliteFiles: string[] = [];
  private datasource: DatasourceConfig;

  private constructor(
    readonly provider: Provider,
    readonly dir: string,
    /** Private TMPDIR for every process this project starts, so leftovers are attributable. */
    readonly osTmpDir: string,
    /** Marker put in the environment of the CLI and inherited by the engine, to find our processes. */
    readonly marker: string,
    readonly url: string,
    private readonly pgDatabase: string | undefined,
  ) {
    this.datasource = { url };
  }

  static async create(provider: Provider, models: string): Promise<ConformanceProject> {
    const id = randomSuffix();
    const dir = scratchDir(`conf-${id}`);
    const osTmpDir = path.join(dir, ".os-tmp");
    fs.mkdirSync(osTmpDir);
    fs.mkdirSync(path.join(dir, "prisma"));
    let url: string;
    let pgDatabase: string | undefined;
    if (provider === "sqlite") {
      url = "file:./dev.db";
    } else {
      pgDatabase = await newPgDatabase();
      url = pgUrl(pgDatabase);
    }
    const project = new ConformanceProject(provider, dir, osTmpDir, `conf-${id}`, url, pgDatabase);
    project.writeConfig({ url });
    project.writeModels(models);
    return project;
  }

  get schemaPath(): string {
    return path.join(this.dir, "prisma/schema.prisma");
  }

  get migrationsDir(): string {
    return path.join(this.dir, "prisma/migrations");
  }

  /** Catalog of the configured database, or of another URL of the same provider. */
  catalog(url: string = this.datasource.url): Catalog {
    return this.provider === "sqlite"
      ? new SqliteCatalog(url, sqlitePathFromUrl(url, this.dir))
      : new PostgresCatalog(url);
  }

  get db(): Catalog {
    return this.catalog(this.url);
  }

  writeModels(models: string, file: string = this.schemaPath): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${datasourceBlock(this.provider)}\n${models.trim()}\n`);
  }

  writeConfig(datasource: DatasourceConfig): void {
    this.datasource = datasource;
    const config = `import { defineConfig } from "prisma/config";
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: ${JSON.stringify(datasource)},
});
`;
    fs.writeFileSync(path.join(this.dir, "prisma.config.ts"), config);
  }

  get configuredDatasource(): DatasourceConfig {
    return this.datasource;
  }

  /** A further fresh, empty database of the project's provider (dropped at dispose). */
  async newDatabase(): Promise<string> {
    if (this.provider === "sqlite") {
      const name = `extra-${randomSuffix()}.db`;
      this.extraSqliteFiles.push(name);
      return `file:./${name}`;
    }
    const name = await newPgDatabase();
    this.extraPgDatabases.push(name);
    return pgUrl(name);
  }

  /**
   * The URL of a PostgreSQL database that does not exist yet, dropped at dispose if a command
   * created it (migrate deploy and db push create a missing database).
   */
  missingDatabaseUrl(): string {
    if (this.provider !== "postgresql") throw new Error("missingDatabaseUrl is for PostgreSQL");
    const name = `${uniqueDatabaseName(DB_PREFIX)}_missing`;
    this.extraPgDatabases.push(name);
    return pgUrl(name);
  }

  /** Migration folder names in order. */
  migrationNames(): string[] {
    if (!fs.existsSync(this.migrationsDir)) return [];
    return fs
      .readdirSync(this.migrationsDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  }

  migrationSql(name: string): string {
    return fs.readFileSync(path.join(this.migrationsDir, name, "migration.sql"), "utf8");
  }

  writeMigration(name: string, sql: string): void {
    fs.mkdirSync(path.join(this.migrationsDir, name), { recursive: true });
    fs.writeFileSync(path.join(this.migrationsDir, name, "migration.sql"), sql);
    const lock = path.join(this.migrationsDir, "migration_lock.toml");
    if (!fs.existsSync(lock)) fs.writeFileSync(lock, `provider = "${this.provider}"\n`);
  }

  async prisma(args: string[], options: RunOptions = {}): Promise<PrismaRun> {
    const result = await runNode(prismaCli, args, {
      cwd: this.dir,
      env: {
        PRISMA_SCHEMA_ENGINE_BINARY: ENGINE_PATH,
        CI: "1",
        NO_COLOR: "1",
        FORCE_COLOR: "0",
        TMPDIR: this.osTmpDir,
        BACKANT_CONFORMANCE_MARK: this.marker,
        ...options.env,
      },
      ...(options.input === undefined ? { stdin: "ignore" as const } : { input: options.input }),
      timeout: options.timeoutMs ?? 90_000,
      all: true,
    });
    return {
      exitCode: result.exitCode ?? -1,
      stdout: stripVTControlCharacters(result.stdout),
      stderr: stripVTControlCharacters(result.stderr),
      output: stripVTControlCharacters(result.all ?? ""),
      timedOut: result.timedOut,
    };
  }

  /** Runs prisma and throws with its whole output if it does not exit 0. */
  async prismaOk(args: string[], options: RunOptions = {}): Promise<PrismaRun> {
    const run = await this.prisma(args, options);
    if (run.exitCode !== 0) {
      throw new Error(`prisma ${args.join(" ")} exited ${run.exitCode}:\n${run.output}`);
    }
    return run;
  }

  async dispose(): Promise<void> {
    for (const name of [...(this.pgDatabase ? [this.pgDatabase] : []), ...this.extraPgDatabases]) {
      await dropPgDatabase(name);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  // -------------------------------------------------------------------------------------------
  // Leftover checks

  /** Processes still alive whose environment carries this project's marker. */
  liveProcesses(): { pid: number; cmdline: string }[] {
    const found: { pid: number; cmdline: string }[] = [];
    const needle = `BACKANT_CONFORMANCE_MARK=${this.marker}\0`;
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const environ = fs.readFileSync(`/proc/${entry}/environ`, "latin1");
        if (!environ.includes(needle)) continue;
        const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "latin1").replaceAll("\0", " ").trim();
        // Zombies have an empty cmdline; they hold no resources worth reporting.
        if (cmdline) found.push({ pid: Number(entry), cmdline });
      } catch {
        // the process ended while we looked, or is not ours to read
      }
    }
    return found;
  }

  /** Files the engine or the CLI left in the private TMPDIR. */
  tempLeftovers(): string[] {
    // jiti/ is the CLI's own cache of the transpiled prisma.config.ts, kept on purpose.
    return fs.readdirSync(this.osTmpDir).filter((f) => f !== "jiti");
  }

  /** Files in the project root that none of the test's own steps put there (e.g. shadow files). */
  strayProjectFiles(): string[] {
    const expected = new Set([
      "prisma",
      "prisma.config.ts",
      ".os-tmp",
      "dev.db",
      "dev.db-journal",
      ...this.extraSqliteFiles,
      ...this.extraSqliteFiles.map((f) => `${f}-journal`),
    ]);
    return fs.readdirSync(this.dir).filter((f) => !expected.has(f) && !f.startsWith("keep-"));
  }
}

export interface Leftovers {
  shadowDatabases: string[];
  processes: { pid: number; cmdline: string }[];
  tempFiles: string[];
  strayFiles: string[];
}

export function isClean(l: Leftovers): boolean {
  return !l.shadowDatabases.length && !l.processes.length && !l.tempFiles.length && !l.strayFiles.length;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Everything a project's CLI runs left behind. Engines exit a moment after the CLI closes their
 * stdin and other helpers' tests create shadow databases of their own on the same server, so a
 * finding must persist over a short grace period before it counts.
 */
export async function findLeftovers(project: ConformanceProject, shadowBefore: Set<string>): Promise<Leftovers> {
  let result: Leftovers = { shadowDatabases: [], processes: [], tempFiles: [], strayFiles: [] };
  for (let attempt = 0; attempt < 6; attempt++) {
    const shadows = (await pgDatabaseNames(SHADOW_DB_PATTERNS)).filter((n) => !shadowBefore.has(n));
    result = {
      shadowDatabases: shadows,
      processes: project.liveProcesses(),
      tempFiles: project.tempLeftovers(),
      strayFiles: project.strayProjectFiles(),
    };
    if (isClean(result)) return result;
    await sleep(500);
  }
  return result;
}

/**
 * Registers an afterEach that checks every project made through the returned factory for
 * leftovers (failing the test if any) and then drops its databases and folder.
 */
export function useProjects(): { create(provider: Provider, models: string): Promise<ConformanceProject> } {
  const live: { project: ConformanceProject; shadowBefore: Set<string> }[] = [];
  afterEach(async () => {
    const batch = live.splice(0);
    const problems: string[] = [];
    for (const { project, shadowBefore } of batch) {
      try {
        const l = await findLeftovers(project, shadowBefore);
        if (!isClean(l)) problems.push(`${project.dir}: ${JSON.stringify(l)}`);
      } finally {
        await project.dispose();
      }
    }
    if (problems.length) throw new Error(`leftovers after the test:\n${problems.join("\n")}`);
  });
  return {
    async create(provider, models) {
      const shadowBefore = new Set(await pgDatabaseNames(SHADOW_DB_PATTERNS));
      const project = await ConformanceProject.create(provider, models);
      live.push({ project, shadowBefore });
      return project;
    },
  };
}

/** Lines of a stack trace (`    at fn (file:line)`), which a user-facing error must not show. */
export function stackLines(text: string): string[] {
  return text.split("\n").filter((l) => /^\s+at .+[(:]/.test(l));
}
