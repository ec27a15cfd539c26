import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Catalog } from "../database/catalog.js";
import { backantVersion } from "../version.js";
import type { LocalMigration } from "./migration-folders.js";

/**
 * What a list of migrations produces (and what the models produce on top of it) is a pure function
 * of their scripts, the database engine and backant: building it means a scratch database, which on
 * PostgreSQL costs a CREATE DATABASE (0.1 to 0.4 s here). `migrate status` and `migrate` keep the
 * catalogs they built under node_modules/.cache/backant/catalogs, keyed by a hash of all of that,
 * and reuse them until a migration, the models or the versions change. A missing or unreadable
 * entry is built again; entries are written by rename, so a reader never sees half of one.
 */
export interface CatalogKey {
  provider: string;
  /** The database server's version (PostgreSQL) or the SQLite library's. */
  server: string;
  migrations: readonly LocalMigration[];
  /** The schema pushed on top of the migrations, for the models' catalog. */
  schemaText?: string;
}

function cacheDir(projectDir: string): string | undefined {
  const nodeModules = path.join(projectDir, "node_modules");
  return existsSync(nodeModules) ? path.join(nodeModules, ".cache", "backant", "catalogs") : undefined;
}

function keyOf(key: CatalogKey): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([backantVersion(), key.provider, key.server, key.migrations.map((migration) => [migration.name, migration.checksum]), key.schemaText ?? null]));
  return hash.digest("hex");
}

export function readCachedCatalog(projectDir: string, key: CatalogKey): Catalog | undefined {
  const dir = cacheDir(projectDir);
  if (!dir) return undefined;
  try {
    return JSON.parse(readFileSync(path.join(dir, `${keyOf(key)}.json`), "utf8")) as Catalog;
  } catch {
    return undefined;
  }
}

export function writeCachedCatalog(projectDir: string, key: CatalogKey, catalog: Catalog): void {
  const dir = cacheDir(projectDir);
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${keyOf(key)}.json`);
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(temp, JSON.stringify(catalog));
    renameSync(temp, file);
  } catch {
    // a cache: the next run builds it again
  }
}
