import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach } from "vitest";
import { renderPrismaConfig } from "../../src/prisma/prisma-config.js";
import type { PrismaProject } from "../../src/prisma/project-paths.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const TMP_ROOT = path.join(REPO_ROOT, ".tmp", "prisma-tests");
const PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export type TestProvider = "sqlite" | "postgresql";

export interface TestProject {
  dir: string;
  provider: TestProvider;
  url: string;
  /** What the prisma functions take: env has DATABASE_URL, no PRISMA_SCHEMA_ENGINE_BINARY. */
  project: PrismaProject;
  env: NodeJS.ProcessEnv;
  writeSchema(models: string): void;
  /** Rows of a query against the project's database. */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  tables(): Promise<string[]>;
  columns(table: string): Promise<string[]>;
}

export function schemaText(provider: string, models: string): string {
  return `datasource db {\n  provider = "${provider}"\n}\n\ngenerator client {\n  provider = "prisma-client"\n  output   = "../src/generated/prisma"\n}\n${models}`;
}

/** The base environment of a test run: the shell's, minus anything that picks an engine. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.PRISMA_SCHEMA_ENGINE_BINARY;
  delete env.PRISMA_MIGRATION_ENGINE_BINARY;
  delete env.BACKANT_ENGINE;
  delete env.DATABASE_URL;
  return { ...env, ...extra };
}

export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(4).toString("hex")}`;
}

/**
 * Temporary projects under .tmp (so node_modules resolution reaches the repository's prisma), each
 * with a rendered prisma.config.ts and node_modules/backant linked to this repository, as if
 * backant were installed: the config resolves `backant/schema-engine` through that link.
 */
export function useProjects() {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function create(provider: TestProvider, models: string, options: { withConfig?: boolean } = {}): Promise<TestProject> {
    const dir = path.join(TMP_ROOT, uniqueName(`${provider}-`));
    mkdirSync(path.join(dir, "prisma"), { recursive: true });
    mkdirSync(path.join(dir, "node_modules"), { recursive: true });
    symlinkSync(REPO_ROOT, path.join(dir, "node_modules", "backant"), "dir");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: path.basename(dir), private: true, type: "module" }));
    if (options.withConfig !== false) writeFileSync(path.join(dir, "prisma.config.ts"), renderPrismaConfig({ provider }));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

    let url: string;
    if (provider === "sqlite") {
      url = "file:./dev.db";
    } else {
      const database = uniqueName("bk_run_");
      await adminQuery(`CREATE DATABASE "${database}"`);
      cleanups.push(() => adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
      url = `postgresql://postgres@127.0.0.1:5432/${database}`;
    }
    const env = cleanEnv({ DATABASE_URL: url });
    const writeSchema = (text: string) => writeFileSync(path.join(dir, "prisma", "schema.prisma"), schemaText(provider, text));
    writeSchema(models);

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
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql)).rows as T[];
      } finally {
        await client.end();
      }
    }

    return {
      dir,
      provider,
      url,
      env,
      project: { dir, env, timeoutMs: 90_000 },
      writeSchema,
      query,
      async tables() {
        const rows =
          provider === "sqlite"
            ? await query<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
            : await query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
        return rows.map((row) => row.name);
      },
      async columns(table: string) {
        const rows =
          provider === "sqlite"
            ? await query<{ name: string }>(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`)
            : await query<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${table}' ORDER BY ordinal_position`);
        return rows.map((row) => row.name);
      },
    };
  }

  return { create, cleanups };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const USER = `
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
`;

export const USER_WITH_BIO = `
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  bio   String?
}
`;
