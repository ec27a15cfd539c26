import { InputError } from "../errors.js";
import { parseDatasourceUrl, type Datasource } from "../engine/datasource.js";
import type { Provider } from "./config.js";

/** Where the generated prisma.config.ts points for SQLite when DATABASE_URL is unset. */
export const SQLITE_DEFAULT_URL = "file:./dev.db";

/** The development database: a parsed DATABASE_URL (SQLite file path, PostgreSQL fields and ?schema=). */
export type DatabaseTarget = Datasource;

/**
 * The development database, found the way the generated prisma.config.ts finds it: DATABASE_URL
 * (environment first, then .env), and for SQLite `file:./dev.db` in the project folder when unset.
 * A relative SQLite path is resolved against the project folder, where prisma runs. Throws
 * InputError when a PostgreSQL or MySQL project has no DATABASE_URL at all.
 */
export function resolveDatabaseTarget(projectDir: string, provider: Provider, env: NodeJS.ProcessEnv): DatabaseTarget {
  const url = env.DATABASE_URL?.trim() || (provider === "sqlite" ? SQLITE_DEFAULT_URL : undefined);
  if (url === undefined) {
    throw new InputError(`DATABASE_URL is not set, neither in the environment nor in ${projectDir}/.env; this ${provider} project needs it to reach its database.`, {
      code: "NO_DATABASE_URL",
      hint: provider === "postgresql" ? 'Add e.g. DATABASE_URL="postgresql://postgres@localhost:5432/my_api" to .env (docker compose up -d db starts one).' : "Add DATABASE_URL to .env.",
    });
  }
  try {
    return parseDatasourceUrl(url, projectDir);
  } catch (error) {
    throw new InputError(`DATABASE_URL could not be read: ${(error as Error).message}`, { code: "BAD_DATABASE_URL", hint: "Fix DATABASE_URL in the environment or in .env.", cause: error });
  }
}

/** The URL with its password hidden, for messages and --report. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

/** "SQLite /path/dev.db", "PostgreSQL postgresql://user:***@host/db": for messages and --report. */
export function describeDatabase(target: DatabaseTarget): string {
  if (target.provider === "sqlite") return `SQLite ${target.filePath}`;
  if (target.provider === "postgres") return `PostgreSQL ${redactUrl(target.url)}`;
  return redactUrl(target.url);
}
