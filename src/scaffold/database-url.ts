import { InputError } from "../errors.js";
import type { PgConnectionFields } from "../engine/datasource.js";
import { redactUrl } from "../project/database-target.js";

/**
 * The PostgreSQL server a new project will use, checked before anything is written or installed:
 * a mistyped URL or a server that is not running is found now, in one message, instead of at the
 * project's first `npm run dev` after a minute of npm install.
 */
export interface CheckedDatabaseUrl {
  url: string;
  /** Whether the database named in the URL exists; `npm run dev` creates it when it does not. */
  exists: boolean;
}

/** Syntax only (no connection): for a prompt's inline validation and before connecting. */
export function databaseUrlProblem(url: string): string | undefined {
  const trimmed = url.trim();
  if (!/^postgres(ql)?:\/\//i.test(trimmed)) return "A PostgreSQL URL starts with postgresql:// (e.g. postgresql://postgres@127.0.0.1:5432/my_api).";
  try {
    const parsed = new URL(trimmed);
    if (!parsed.hostname && !parsed.searchParams.get("host")) return "The URL names no server (postgresql://USER:PASSWORD@HOST:PORT/DATABASE).";
  } catch {
    return "The URL could not be parsed (postgresql://USER:PASSWORD@HOST:PORT/DATABASE; a password with @, : or / must be percent-encoded).";
  }
  return undefined;
}

export async function checkPostgresUrl(url: string, option: string): Promise<CheckedDatabaseUrl> {
  const trimmed = url.trim();
  const shown = redactUrl(trimmed);
  const problem = databaseUrlProblem(trimmed);
  if (problem) throw new InputError(`${option} ${shown}: ${problem} Nothing was written.`, { code: "BAD_DATABASE_URL", hint: "Give the URL of the PostgreSQL server the project should use." });
  const [{ parseDatasourceUrl }, { adminClientFor }, { mapPostgresError }] = await Promise.all([
    import("../engine/datasource.js"),
    import("../engine/database-admin.js"),
    import("../engine/errors.js"),
  ]);
  const datasource = parseDatasourceUrl(trimmed);
  if (datasource.provider !== "postgres") throw new InputError(`${option} ${shown} is not a PostgreSQL URL. Nothing was written.`, { code: "BAD_DATABASE_URL" });
  // A new project on a stopped server should not wait for pg's default of no timeout at all.
  const connection: PgConnectionFields = { ...datasource.connection, connectionTimeoutMillis: datasource.connection.connectionTimeoutMillis ?? 5_000 };
  try {
    // The named database may not exist yet (`npm run dev` creates it): then the server and the
    // credentials are checked on its maintenance database, as CREATE DATABASE will need.
    const rows = await adminClientFor(connection, async (client) => (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [connection.database])).rows);
    return { url: trimmed, exists: rows.length > 0 };
  } catch (error) {
    const mapped = mapPostgresError(error, connection);
    const reason = (mapped.message.split("\n")[0] ?? "").replace(/\.$/, "");
    throw new InputError(`Could not connect to ${shown}: ${reason}. Nothing was written.`, {
      code: "DATABASE_UNREACHABLE",
      hint:
        "Start the server or correct the URL, then run the command again. To create the project without a server now, leave out --database-url " +
        "and pass --yes: .env gets the default URL, and `docker compose up -d db` in the project starts a PostgreSQL for it.",
      details: { url: shown, ...(mapped.errorCode ? { prismaCode: mapped.errorCode } : {}) },
      cause: error,
    });
  }
}

/**
 * The URL as committed files show it (.env.example, the tests' fallback): its password replaced,
 * since .env is git-ignored and those files are not.
 */
export function committableUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1PASSWORD@");
}
