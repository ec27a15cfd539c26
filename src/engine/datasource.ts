import path from "node:path";

/** Connection fields for node-postgres, taken from a postgres:// URL field by field. */
export interface PgConnectionFields {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  ssl: false | { rejectUnauthorized: boolean };
  connectionTimeoutMillis: number | undefined;
  applicationName: string | undefined;
}

export type Datasource =
  | { provider: "sqlite"; url: string; filePath: string }
  | { provider: "postgres"; url: string; connection: PgConnectionFields; schema: string }
  | { provider: "mysql"; url: string }
  | { provider: "unsupported"; url: string; scheme: string };

export class InvalidDatasourceUrl extends Error {}

/**
 * Reads a datasource URL the way Prisma's native engine does. A relative SQLite path is resolved
 * against the working directory: the Prisma CLI starts the engine in the folder of prisma.config.ts,
 * so `file:./dev.db` lands next to the config, as with the native engine.
 */
export function parseDatasourceUrl(url: string, cwd: string = process.cwd()): Datasource {
  const trimmed = url.trim();
  if (trimmed.startsWith("file:")) {
    const withoutScheme = trimmed.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    const withoutQuery = withoutScheme.split("?")[0] ?? "";
    if (withoutQuery === "") throw new InvalidDatasourceUrl("The SQLite URL has no file path.");
    return { provider: "sqlite", url: trimmed, filePath: path.resolve(cwd, decodeURIComponent(withoutQuery)) };
  }
  const scheme = /^([a-z0-9+.-]+):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === "postgres" || scheme === "postgresql") return parsePostgresUrl(trimmed);
  if (scheme === "mysql" || scheme === "mariadb") return { provider: "mysql", url: trimmed };
  return { provider: "unsupported", url: trimmed, scheme: scheme ?? "" };
}

function parsePostgresUrl(url: string): Datasource {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidDatasourceUrl("The PostgreSQL connection string could not be parsed.");
  }
  const query = parsed.searchParams;
  const socketHost = query.get("host");
  const sslmode = query.get("sslmode");
  const timeoutSeconds = query.get("connect_timeout");
  const connection: PgConnectionFields = {
    host: socketHost ?? (decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, "")) || "localhost"),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || "postgres",
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres",
    // libpq's "prefer" falls back to plain TCP; node-postgres cannot, so only "require" and up use TLS.
    ssl: sslmode === "require" || sslmode === "no-verify"
      ? { rejectUnauthorized: false }
      : sslmode === "verify-ca" || sslmode === "verify-full"
        ? { rejectUnauthorized: true }
        : false,
    connectionTimeoutMillis: timeoutSeconds ? Number(timeoutSeconds) * 1000 : undefined,
    applicationName: query.get("application_name") ?? undefined,
  };
  return { provider: "postgres", url, connection, schema: query.get("schema") ?? "public" };
}

/** The same PostgreSQL server and credentials, another database (shadow databases, CREATE DATABASE). */
export function withDatabase(connection: PgConnectionFields, database: string): PgConnectionFields {
  return { ...connection, database };
}

/** `host:port` as Prisma prints it in connection errors. */
export function serverAddress(connection: PgConnectionFields): string {
  return `${connection.host}:${connection.port}`;
}
