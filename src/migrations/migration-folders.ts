import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import slugify from "@sindresorhus/slugify";
import { InputError } from "../errors.js";

/** Prisma's migrations folder of a generated project (prisma.config.ts `migrations.path`). */
export const MIGRATIONS_DIR = path.join("prisma", "migrations");
export const MIGRATION_FILE = "migration.sql";
export const DOWN_FILE = "down.sql";
export const LOCK_FILE = "migration_lock.toml";

const MIGRATION_FOLDER = /^\d{14}_/;

/** Migration folder names (timestamp_slug), oldest first, as Prisma orders them. */
export function listMigrations(migrationsDir: string): string[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir)
    .filter((entry) => MIGRATION_FOLDER.test(entry) && statSync(path.join(migrationsDir, entry)).isDirectory())
    .sort();
}

/** "add phone" -> "add_phone" (Prisma's folder style: lower case, underscores). */
export function migrationSlug(message: string): string {
  const slug = slugify(message, { separator: "_" }).slice(0, 200).replace(/_+$/, "");
  if (slug === "") {
    throw new InputError(`"${message}" is not usable as a migration name.`, { code: "BAD_MIGRATION_NAME", hint: 'Describe the change in a few words with letters or digits, e.g. backant migrate "add phone".' });
  }
  return slug;
}

/** UTC yyyymmddhhmmss, as Prisma names folders, kept after the newest existing one. */
export function nextMigrationTimestamp(existing: readonly string[], now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  let stamp = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const newest = existing.at(-1)?.slice(0, 14);
  if (newest !== undefined && stamp <= newest) stamp = String(BigInt(newest) + 1n);
  return stamp;
}

export function readMigrationSql(migrationsDir: string, name: string): string {
  return readFileSync(path.join(migrationsDir, name, MIGRATION_FILE), "utf8");
}

export function downPath(migrationsDir: string, name: string): string {
  return path.join(migrationsDir, name, DOWN_FILE);
}

/**
 * A temporary migrations folder holding only `names` (and the lock file), for diffs against part
 * of the history: what the applied migrations produce, or the state before one migration.
 * Removed when `fn` settles.
 */
export async function withMigrationSubset<T>(migrationsDir: string, names: readonly string[], fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "backant-migrations-"));
  try {
    for (const name of names) cpSync(path.join(migrationsDir, name), path.join(dir, name), { recursive: true });
    const lock = path.join(migrationsDir, LOCK_FILE);
    if (existsSync(lock)) cpSync(lock, path.join(dir, LOCK_FILE));
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
