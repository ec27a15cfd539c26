import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "libsql";
import { execa } from "execa";
import { afterEach } from "vitest";
import { renderPrismaConfig } from "../../src/prisma/prisma-config.js";
import { repoRoot } from "../support/paths.js";
import { createPgDatabase, dropPgDatabase, pgUrl, uniqueDatabaseName, withPgClient } from "../support/postgres.js";
import { cleanEnv } from "../support/processes.js";
import { removeDir, scratchDir } from "../support/scratch.js";

export type Provider = "sqlite" | "postgresql";
export const PROVIDERS: Provider[] = ["sqlite", "postgresql"];

/** Minutes, not seconds: each CLI run starts prisma several times, on a machine shared with other suites. */
export const SLOW = 15 * 60_000;

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface MigrationTestProject {
  dir: string;
  provider: Provider;
  url: string;
  migrationsDir: string;
  /** Writes src/models/<Name>.model.ts from the field lines of a model("Name", {...}) call. */
  writeModel(name: string, fields: string): void;
  removeModel(name: string): void;
  /** `node bin/backant.js ...args` in the project, no TTY, DATABASE_URL set. */
  backant(args: string[], env?: NodeJS.ProcessEnv): Promise<CliRun>;
  /** `node bin/backant.js ...args` started and left running (for signals). */
  start(args: string[], env?: NodeJS.ProcessEnv): ReturnType<typeof execa>;
  /** `node bin/backant.js ... --report`, parsed. */
  report(args: string[], env?: NodeJS.ProcessEnv): Promise<{ exitCode: number; json: Record<string, any> }>;
  prisma(args: string[]): Promise<CliRun>;
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  exec(sql: string): Promise<void>;
  /** The schema as the database holds it, normalised for comparison (without _prisma_migrations). */
  catalog(): Promise<unknown>;
  migrationRows(): Promise<Array<{ migration_name: string; finished_at: unknown; rolled_back_at: unknown }>>;
  migrations(): string[];
  read(file: string): string;
}

const cliBin = path.join(repoRoot, "bin/backant.js");
const prismaCli = path.join(repoRoot, "node_modules/prisma/build/index.js");

/**
 * Minimal backant projects under .tmp/ (package.json with the provider, src/models, the rendered
 * prisma.config.ts, node_modules/backant linked to this repository as if installed), each with its
 * own SQLite file or PostgreSQL database (bk_mig_*), removed after the test.
 */
export function useMigrationProjects() {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function create(provider: Provider): Promise<MigrationTestProject> {
    const dir = scratchDir(`mig-${provider}`);
    cleanups.push(() => removeDir(dir));
    mkdirSync(path.join(dir, "src", "models"), { recursive: true });
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(repoRoot, path.join(dir, "node_modules", "backant"), "dir");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: path.basename(dir), private: true, type: "module", backant: { provider } }, null, 2));
    writeFileSync(path.join(dir, "prisma.config.ts"), renderPrismaConfig({ provider }));

    let url = "file:./dev.db";
    if (provider === "postgresql") {
      const database = uniqueDatabaseName("bk_mig_");
      await createPgDatabase(database);
      cleanups.push(() => dropPgDatabase(database));
      url = pgUrl(database);
    }
    const env = cleanEnv({ DATABASE_URL: url, NO_COLOR: "1", FORCE_COLOR: "0", DEBUG: "", NODE_ENV: "development" });

    async function run(bin: string, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliRun> {
      const result = await execa(process.execPath, [bin, ...args], { cwd: dir, env: { ...env, ...extra }, extendEnv: false, stdin: "ignore", reject: false });
      return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
    }

    async function query<T>(sql: string): Promise<T[]> {
      if (provider === "sqlite") {
        const db = new Database(path.join(dir, "dev.db"));
        try {
          const statement = db.prepare(sql);
          return (statement.reader ? statement.all() : (statement.run(), [])) as T[];
        } finally {
          db.close();
        }
      }
      return withPgClient(url, async (client) => (await client.query(sql)).rows as T[]);
    }

    const migrationsDir = path.join(dir, "prisma", "migrations");
    return {
      dir,
      provider,
      url,
      migrationsDir,
      writeModel(name, fields) {
        writeFileSync(path.join(dir, "src", "models", `${name}.model.ts`), `import { model, t } from "backant/model";\n\nexport default model("${name}", {\n${fields}\n});\n`);
      },
      removeModel(name) {
        rmSync(path.join(dir, "src", "models", `${name}.model.ts`));
      },
      backant: (args, extra) => run(cliBin, args, extra),
      start: (args, extra = {}) => execa(process.execPath, [cliBin, ...args], { cwd: dir, env: { ...env, ...extra }, extendEnv: false, stdin: "ignore", reject: false }),
      async report(args, extra) {
        const result = await run(cliBin, [...args, "--report"], extra);
        try {
          return { exitCode: result.exitCode, json: JSON.parse(result.stdout) as Record<string, any> };
        } catch {
          throw new Error(`--report printed no JSON (exit ${result.exitCode}):\n${result.stdout}\n${result.stderr}`);
        }
      },
      prisma: (args) => run(prismaCli, args, { PRISMA_SCHEMA_ENGINE_BINARY: path.join(repoRoot, "bin/backant-schema-engine.js") }),
      query,
      async exec(sql) {
        if (provider === "sqlite") {
          const db = new Database(path.join(dir, "dev.db"));
          try {
            db.exec(sql);
          } finally {
            db.close();
          }
        } else {
          await withPgClient(url, async (client) => void (await client.query(sql)));
        }
      },
      catalog: () => (provider === "sqlite" ? sqliteCatalog(query) : postgresCatalog(query)),
      migrationRows: () => query(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`),
      migrations: () => (existsSync(migrationsDir) ? readdirSync(migrationsDir).filter((name) => /^\d{14}_/.test(name)).sort() : []),
      read: (file) => readFileSync(path.join(dir, file), "utf8"),
    };
  }

  return { create };
}

type Query = <T>(sql: string) => Promise<T[]>;

/** Tables with their columns, indexes and foreign keys, each sorted by name (column order is not compared). */
async function sqliteCatalog(query: Query): Promise<unknown> {
  const tables = await query<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`);
  const catalog: Record<string, unknown> = {};
  for (const { name } of tables) {
    const indexes = await query<{ name: string; unique: number }>(`SELECT name, "unique" FROM pragma_index_list('${name}') ORDER BY name`);
    catalog[name] = {
      columns: await query(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('${name}') ORDER BY name`),
      indexes: await Promise.all(indexes.map(async (index) => ({ ...index, columns: (await query<{ name: string }>(`SELECT name FROM pragma_index_info('${index.name}') ORDER BY seqno`)).map((c) => c.name) }))),
      foreignKeys: await query(`SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list('${name}') ORDER BY "from"`),
    };
  }
  return catalog;
}

async function postgresCatalog(query: Query): Promise<unknown> {
  return {
    columns: await query(
      `SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
    ),
    indexes: await query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`),
    constraints: await query(
      `SELECT conrelid::regclass::text AS table_name, conname, contype, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY conname`,
    ),
    enums: await query(`SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder`),
  };
}
