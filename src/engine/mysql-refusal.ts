import { EngineError } from "./errors.js";

/**
 * The wasm schema engine panics on a MySQL driver adapter ("Unsupported adapter provider: Mysql"),
 * so MySQL and MariaDB are refused before any connection, with what to do instead.
 */
export function mysqlRefusal(): EngineError {
  return new EngineError(
    "MySQL and MariaDB need Prisma's native schema engine: backant's offline engine (Prisma's wasm schema engine) " +
      "supports SQLite and PostgreSQL only. Set BACKANT_ENGINE=native to let Prisma download its native engine once " +
      "(this needs network access to binaries.prisma.sh).",
    "P1019",
    { provider: "mysql", hint: "BACKANT_ENGINE=native" },
  );
}
