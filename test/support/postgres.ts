import { randomBytes } from "node:crypto";
import pg from "pg";

export const PG_SERVER = "postgresql://postgres@127.0.0.1:5432";

export function pgUrl(database: string, query = ""): string {
  return `${PG_SERVER}/${database}${query}`;
}

export const PG_ADMIN_URL = pgUrl("postgres");

/**
 * A database name no other run uses. Each suite passes its own prefix (bk_eng_, bk_conf_, bk_run_,
 * bk_cli_) so that suites running in parallel, and their leftover checks, never meet.
 */
export function uniqueDatabaseName(prefix: string): string {
  // BK_TEST_DB_PREFIX puts every database of a run under one more prefix, for a machine whose
  // PostgreSQL is shared by several checkouts that must each clean up only their own.
  return `${process.env.BK_TEST_DB_PREFIX ?? ""}${prefix}${randomBytes(5).toString("hex")}`;
}

export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Rows of one query against a database of the local server. */
export async function pgQuery<T extends pg.QueryResultRow = Record<string, unknown>>(
  database: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  return withPgClient(pgUrl(database), async (client) => (await client.query<T>(sql, values)).rows);
}

export async function createPgDatabase(name: string): Promise<void> {
  await pgQuery("postgres", `CREATE DATABASE "${name}"`);
}

/** FORCE ends the sessions an engine under test may have left open, which would block the drop. */
export async function dropPgDatabase(name: string): Promise<void> {
  await pgQuery("postgres", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export async function pgDatabaseNames(likePatterns: readonly string[]): Promise<string[]> {
  const rows = await pgQuery<{ datname: string }>(
    "postgres",
    "SELECT datname FROM pg_database WHERE datname LIKE ANY($1::text[]) ORDER BY datname",
    [likePatterns],
  );
  return rows.map((row) => row.datname);
}
