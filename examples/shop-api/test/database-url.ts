import { existsSync } from "node:fs";

/**
 * The database the tests use: never the development one, because every test empties its tables.
 * TEST_DATABASE_URL wins; otherwise a test.db file next to dev.db.
 */
export function testDatabaseUrl(): string {
  if (existsSync(".env")) process.loadEnvFile(".env");
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  return "file:./test.db";
}
