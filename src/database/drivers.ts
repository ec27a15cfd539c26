import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type Libsql from "libsql";
import { CommandFailure } from "../errors.js";
import { PROVIDER_DEPENDENCIES } from "../scaffold/project-versions.js";

/**
 * The database drivers (libsql, pg) and Prisma's adapters for them are the project's own
 * dependencies, and only optional peers of backant: a PostgreSQL project installs no SQLite driver,
 * and installing backant compiles nothing. backant loads them from the project, and says which to
 * install when one is missing instead of failing on a module path.
 */
const require = createRequire(import.meta.url);

type DriverProvider = "sqlite" | "postgresql";
const DATABASE_NAMES: Record<DriverProvider, string> = { sqlite: "SQLite", postgresql: "PostgreSQL" };

export type SqliteDatabase = Libsql.Database;
export type SqliteOptions = Libsql.Options;
type SqliteConstructor = new (filename: string, options?: SqliteOptions) => SqliteDatabase;
let sqliteDatabase: SqliteConstructor | undefined;

/**
 * libsql's Database class (better-sqlite3's API). libsql ignores two of better-sqlite3's options that
 * backant relies on to change nothing on disk, `fileMustExist` (libsql creates a missing file) and
 * `readonly`; the subclass keeps both.
 */
export function sqliteDriver(): SqliteConstructor {
  if (sqliteDatabase) return sqliteDatabase;
  const Driver = loading("sqlite", () => require("libsql") as typeof Libsql) as unknown as SqliteConstructor;
  sqliteDatabase = class Database extends Driver {
    constructor(filename: string, options?: SqliteOptions) {
      if (options?.fileMustExist && filename !== ":memory:" && !existsSync(filename)) {
        throw Object.assign(new Error(`unable to open database file: ${filename}`), { code: "SQLITE_CANTOPEN" });
      }
      super(filename, options);
      if (options?.readonly) this.pragma("query_only = ON");
    }
  };
  return sqliteDatabase;
}

/** Runs `load` (a require or an import of a driver package), turning "module not found" into what to install. */
export function loading<T>(provider: DriverProvider, load: () => T): T {
  try {
    return load();
  } catch (error) {
    throw driverMissing(provider, error);
  }
}

/** The same for a dynamic import. */
export async function importing<T>(provider: DriverProvider, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw driverMissing(provider, error);
  }
}

function driverMissing(provider: DriverProvider, error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (code !== "MODULE_NOT_FOUND" && code !== "ERR_MODULE_NOT_FOUND") return error;
  const packages = Object.entries(PROVIDER_DEPENDENCIES[provider]).map(([name, version]) => `${name}@${version}`);
  return new CommandFailure(`This project's database is ${DATABASE_NAMES[provider]}, and its driver is not installed (${(error as Error).message.split("\n")[0]}).`, {
    code: "DATABASE_DRIVER_MISSING",
    hint: `Install it in the project: npm install ${packages.join(" ")}`,
    details: { packages },
    cause: error,
  });
}
