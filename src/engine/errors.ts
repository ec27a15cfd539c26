import type { PgConnectionFields } from "./datasource.js";
import { serverAddress } from "./datasource.js";

/**
 * An error the engine reports to the Prisma CLI: a Prisma error code (P1001 ...) when one applies,
 * the message the user sees, and Prisma's `meta` fields.
 */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly errorCode: string | undefined = undefined,
    readonly meta: Record<string, unknown> | undefined = undefined,
    readonly isPanic = false,
    /** The database's own error code (PostgreSQL SQLSTATE such as 42P01, SQLite's SQLITE_BUSY ...), when it raised one. */
    readonly databaseCode: string | undefined = undefined,
  ) {
    super(message);
    this.name = "EngineError";
  }
}

/** The JSON-RPC error object Prisma's native engine sends for a failed request. */
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: {
    is_panic: boolean;
    message: string;
    error_code?: string;
    meta?: Record<string, unknown> | null;
    backtrace?: string | null;
  };
}

/** The JSON-RPC error code Prisma's engine uses for every failed method call. */
export const ENGINE_ERROR_RPC_CODE = 4466;

export function toJsonRpcError(error: EngineError): JsonRpcErrorObject {
  return {
    code: ENGINE_ERROR_RPC_CODE,
    message: "An error happened. Check the data field for details.",
    data: {
      is_panic: error.isPanic,
      message: error.message,
      ...(error.errorCode ? { error_code: error.errorCode } : {}),
      meta: error.meta ?? null,
    },
  };
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null || !(key in value)) return undefined;
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return stringField(error, "message") ?? String(error);
}

const unreachableCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EAI_AGAIN", "ECONNRESET"]);

/**
 * Maps a node-postgres error (connection or server error) to the error Prisma's native engine would
 * report for the same situation, with the same code and wording. Unknown errors keep the driver's text.
 */
export function mapPostgresError(error: unknown, connection: PgConnectionFields): EngineError {
  const code = stringField(error, "code");
  const message = errorMessage(error);
  const address = serverAddress(connection);
  if ((code && unreachableCodes.has(code)) || /timeout expired|Connection terminated due to connection timeout/i.test(message)) {
    return new EngineError(
      `Can't reach database server at \`${connection.host}\`:\`${connection.port}\`\n\nPlease make sure your database server is running at \`${connection.host}\`:\`${connection.port}\`.`,
      "P1001",
      { database_host: connection.host, database_port: connection.port },
    );
  }
  switch (code) {
    case "3D000":
      return new EngineError(
        `Database \`${connection.database}\` does not exist on the database server at \`${address}\`.`,
        "P1003",
        { database_name: connection.database, database_host: connection.host, database_port: connection.port },
      );
    case "28P01":
    case "28000":
      return new EngineError(
        `Authentication failed against database server at \`${connection.host}\`, the provided database credentials for \`${connection.user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${connection.host}\`.`,
        "P1000",
        { database_user: connection.user, database_host: connection.host },
      );
    case "42501":
      return new EngineError(
        `User \`${connection.user}\` was denied access on the database \`${connection.database}\``,
        "P1010",
        { database_user: connection.user, database_name: connection.database },
      );
    case "42P04":
      return new EngineError(
        `Database \`${connection.database}\` already exists on the database server at \`${address}\``,
        "P1009",
        { database_name: connection.database, database_host: connection.host, database_port: connection.port },
      );
    default:
      // tokio-postgres's wording in the native engine: "db error: ERROR: <message>".
      return new EngineError(code ? `db error: ${stringField(error, "severity") ?? "ERROR"}: ${message}` : message, undefined, undefined, false, code);
  }
}

/** Maps a libsql or file system error for an SQLite database file. */
export function mapSqliteError(error: unknown, filePath: string): EngineError {
  const code = stringField(error, "code");
  const message = errorMessage(error);
  if (code === "SQLITE_CANTOPEN" || code === "ENOENT") {
    const name = filePath.split(/[\\/]/).pop() ?? filePath;
    return new EngineError(`Database ${name} does not exist at ${filePath}`, "P1003", {
      database_file_name: name,
      database_file_path: filePath,
    });
  }
  return new EngineError(code ? `SQLite database error\n${message}` : message, undefined, undefined, false, code);
}
