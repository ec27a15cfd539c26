import { existsSync } from "node:fs";
import path from "node:path";
import Database from "libsql";
import { afterEach } from "vitest";
import { renderPrismaConfig } from "../../src/prisma/prisma-config.js";
import { repoRoot } from "../support/paths.js";
import { dropPgDatabase, pgQuery, pgUrl, uniqueDatabaseName } from "../support/postgres.js";
import { cleanEnv, runNode } from "../support/processes.js";
import { removeDir, scratchDir, writeFiles } from "../support/scratch.js";

export type Provider = "sqlite" | "postgresql";
export const PROVIDERS: Provider[] = ["sqlite", "postgresql"];
export const backantBin = path.join(repoRoot, "bin", "backant.js");

/** One line a field: `src/models/<Name>.model.ts` from the body of model(...). */
export function modelFile(name: string, fields: string, options = ""): string {
  return `import { model, t } from "backant/model";\n\nexport default model("${name}", {\n${fields}\n}${options ? `, ${options}` : ""});\n`;
}

/** An idempotent seed through the generated client and the driver adapter, as the generated project's. */
function seedFile(provider: Provider): string {
  const adapter =
    provider === "sqlite"
      ? `import { PrismaLibSql } from "@prisma/adapter-libsql";\nconst adapter = new PrismaLibSql({ url: process.env.DATABASE_URL ?? "file:./dev.db" });`
      : `import { PrismaPg } from "@prisma/adapter-pg";\nconst adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL });`;
  return `${adapter}
import { PrismaClient } from "../src/generated/prisma/client.js";

const prisma = new PrismaClient({ adapter });
await prisma.users.upsert({ where: { email: "seed@example.com" }, create: { email: "seed@example.com", name: "Seed" }, update: {} });
console.log("seed done");
await prisma.$disconnect();
`;
}

export interface SyncTestProject {
  dir: string;
  provider: Provider;
  /** PostgreSQL database name (bk_sync_...), undefined for SQLite. */
  database: string | undefined;
  writeModel(name: string, fields: string, options?: string): void;
  removeModel(name: string): void;
  /** `backant <args> --report` in the project; the parsed JSON and the process result. */
  run(args: string[], env?: NodeJS.ProcessEnv): Promise<{ exitCode: number; report: Record<string, any>; stderr: string }>;
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  exec(sql: string): Promise<void>;
  columns(table: string): Promise<string[]>;
  /** Tables and their column definitions, to compare before/after. */
  catalog(): Promise<string>;
  databaseExists(): Promise<boolean>;
}

/** Minimal backant projects under .tmp/ (package.json, prisma.config.ts, src/models, prisma/seed.ts), removed after each test with their databases. */
export function useSyncProjects() {
  const made: Array<{ dir: string; database: string | undefined }> = [];
  afterEach(async () => {
    for (const { dir, database } of made.splice(0)) {
      removeDir(dir);
      if (database) await dropPgDatabase(database);
    }
  });
  return {
    create(provider: Provider, models: Record<string, string>): SyncTestProject {
      const dir = scratchDir(`sync-${provider}`);
      const database = provider === "postgresql" ? uniqueDatabaseName("bk_sync_") : undefined;
      made.push({ dir, database });
      const files: Record<string, string> = {
        "package.json": JSON.stringify({ name: path.basename(dir).toLowerCase(), private: true, type: "module", backant: { provider } }, null, 2),
        "prisma.config.ts": renderPrismaConfig({ provider, seedCommand: "tsx prisma/seed.ts" }),
        "prisma/seed.ts": seedFile(provider),
        ...(database ? { ".env": `DATABASE_URL="${pgUrl(database)}"\n` } : {}),
      };
      for (const [name, fields] of Object.entries(models)) files[`src/models/${name}.model.ts`] = modelFile(name, fields);
      writeFiles(dir, files);
      return projectHandle(dir, provider, database);
    },
  };
}

export function projectHandle(dir: string, provider: Provider, database: string | undefined): SyncTestProject {
  const sqliteFile = path.join(dir, "dev.db");
  const query = async <T>(sql: string): Promise<T[]> => {
    if (database) return pgQuery(database, sql) as Promise<T[]>;
    const db = new Database(sqliteFile, { fileMustExist: true });
    try {
      const statement = db.prepare(sql);
      return (statement.reader ? statement.all() : (statement.run(), [])) as T[];
    } finally {
      db.close();
    }
  };
  return {
    dir,
    provider,
    database,
    writeModel(name, fields, options) {
      writeFiles(dir, { [`src/models/${name}.model.ts`]: modelFile(name, fields, options) });
    },
    removeModel(name) {
      removeDir(path.join(dir, "src", "models", `${name}.model.ts`));
    },
    async run(args, env = {}) {
      const result = await runNode(backantBin, [...args, "--report"], { cwd: dir, env: cleanEnv(env), extendEnv: false, timeout: 300_000 });
      const stdout = String(result.stdout).trim();
      let report: Record<string, any> = {};
      try {
        report = JSON.parse(stdout.split("\n").at(-1) ?? "{}");
      } catch {
        report = { unparsed: stdout };
      }
      return { exitCode: result.exitCode ?? -1, report, stderr: String(result.stderr) };
    },
    query,
    async exec(sql) {
      await query(sql);
    },
    async columns(table) {
      if (database) {
        const rows = await pgQuery<{ column_name: string }>(database, `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${table}' ORDER BY ordinal_position`);
        return rows.map((row) => row.column_name);
      }
      return (await query<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`)).map((row) => row.name);
    },
    async catalog() {
      if (database) {
        const rows = await pgQuery(database, `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`);
        const constraints = await pgQuery(database, `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conname`);
        return JSON.stringify({ rows, constraints });
      }
      return JSON.stringify(await query(`SELECT type, name, sql FROM sqlite_master ORDER BY type, name`));
    },
    async databaseExists() {
      if (database) return (await pgQuery("postgres", `SELECT 1 FROM pg_database WHERE datname = '${database}'`)).length === 1;
      return existsSync(sqliteFile);
    },
  };
}
