import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "libsql";
import { afterEach } from "vitest";
import { renderPrismaConfig } from "../../src/prisma/prisma-config.js";
import { repoRoot } from "../support/paths.js";
import { createPgDatabase, dropPgDatabase, pgUrl, uniqueDatabaseName, withPgClient } from "../support/postgres.js";
import { cleanEnv } from "../support/processes.js";
import { removeDir, scratchDir } from "../support/scratch.js";

export type TestProvider = "sqlite" | "postgresql";

export interface TestProject {
  dir: string;
  provider: TestProvider;
  url: string;
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
    const dir = scratchDir(`prisma-${provider}`);
    mkdirSync(path.join(dir, "prisma"));
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(repoRoot, path.join(dir, "node_modules", "backant"), "dir");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: path.basename(dir), private: true, type: "module" }));
    if (options.withConfig !== false) writeFileSync(path.join(dir, "prisma.config.ts"), renderPrismaConfig({ provider }));
    cleanups.push(() => removeDir(dir));

    let url: string;
    if (provider === "sqlite") {
      url = "file:./dev.db";
    } else {
      const database = uniqueDatabaseName("bk_run_");
      await createPgDatabase(database);
      cleanups.push(() => dropPgDatabase(database));
      url = pgUrl(database);
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
      return withPgClient(url, async (client) => (await client.query(sql)).rows as T[]);
    }

    return {
      dir,
      provider,
      url,
      env,
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
