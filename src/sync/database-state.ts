import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import type { DatabaseTarget } from "../project/database-target.js";

/**
 * What backant remembers inside the development database itself about its last sync, so that a
 * fresh clone, a copied database file or another DATABASE_URL can never be mistaken for a synced
 * one: a fingerprint = hash(rendered schema, catalog after the push). Comparing it with the hash of
 * the schema we would push and the catalog as it is now notices both model changes and manual DDL.
 *
 * - SQLite: the 64 first bits of the fingerprint in the file header (PRAGMA user_version and
 *   application_id): no table, which `prisma db push` would otherwise offer to drop.
 * - PostgreSQL: one row per target schema in "_backant".sync_state, a schema of its own that Prisma
 *   (which only looks at the datasource's schema) never sees or drops.
 *
 * Only the drivers are loaded (better-sqlite3 / pg), never Prisma: this is the fast path of sync.
 */
export interface DatabaseState {
  /** Hash of the tables, columns, types, defaults, indexes, constraints and enums; Prisma's _prisma_migrations excluded. */
  catalogHash(): Promise<string>;
  /** True when the stored fingerprint equals `fingerprint` (to the stored precision). */
  fingerprintMatches(fingerprint: string): Promise<boolean>;
  writeFingerprint(fingerprint: string, info: { schemaHash: string; backantVersion: string }): Promise<void>;
  close(): Promise<void>;
}

export function syncFingerprint(schemaHash: string, catalogHash: string): string {
  return sha256(`${schemaHash}\n${catalogHash}`);
}

export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Opens the target; undefined when it does not exist yet or cannot be reached (the slow path then lets Prisma create it or report why). */
export async function openDatabaseState(target: DatabaseTarget): Promise<DatabaseState | undefined> {
  if (target.provider === "sqlite") return openSqliteState(target.filePath);
  if (target.provider === "postgres") return openPostgresState(target);
  return undefined;
}

async function openSqliteState(filePath: string): Promise<DatabaseState | undefined> {
  if (!existsSync(filePath)) return undefined;
  const { default: Database } = await import("better-sqlite3");
  let db: import("better-sqlite3").Database;
  try {
    db = new Database(filePath, { fileMustExist: true, timeout: 5_000 });
  } catch {
    return undefined;
  }
  const header = () => {
    const hi = db.pragma("application_id", { simple: true }) as number;
    const lo = db.pragma("user_version", { simple: true }) as number;
    return hex32(hi) + hex32(lo);
  };
  return {
    async catalogHash() {
      const rows = db
        .prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND tbl_name <> '_prisma_migrations' ORDER BY type, name`)
        .all();
      return sha256(JSON.stringify(rows));
    },
    async fingerprintMatches(fingerprint) {
      return header() === fingerprint.slice(0, 16);
    },
    async writeFingerprint(fingerprint) {
      // Both are signed 32-bit integers in the header; the pragma takes a literal only.
      db.pragma(`application_id = ${int32(fingerprint.slice(0, 8))}`);
      db.pragma(`user_version = ${int32(fingerprint.slice(8, 16))}`);
    },
    async close() {
      db.close();
    },
  };
}

const hex32 = (value: number): string => (value >>> 0).toString(16).padStart(8, "0");
const int32 = (hex: string): number => Number.parseInt(hex, 16) | 0;

const PG_CATALOG_SQL = `
SELECT md5(coalesce(string_agg(item, E'\\n' ORDER BY item), '')) AS hash FROM (
  SELECT 'column|' || c.relname || '|' || c.relkind::text || '|' || a.attname || '|' || format_type(a.atttypid, a.atttypmod)
         || '|' || a.attnotnull::text || '|' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') AS item
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
   WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relname <> '_prisma_migrations'
  UNION ALL
  SELECT 'constraint|' || cl.relname || '|' || con.conname || '|' || pg_get_constraintdef(con.oid)
    FROM pg_constraint con
    JOIN pg_class cl ON cl.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = cl.relnamespace
   WHERE n.nspname = $1 AND cl.relname <> '_prisma_migrations'
  UNION ALL
  SELECT 'index|' || indexname || '|' || indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename <> '_prisma_migrations'
  UNION ALL
  SELECT 'enum|' || t.typname || '|' || e.enumsortorder::text || '|' || e.enumlabel
    FROM pg_type t
    JOIN pg_enum e ON e.enumtypid = t.oid
    JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname = $1
) items`;

const STATE_SCHEMA = "_backant";
const STATE_TABLE = `"${STATE_SCHEMA}"."sync_state"`;

async function openPostgresState(target: Extract<DatabaseTarget, { provider: "postgres" }>): Promise<DatabaseState | undefined> {
  const { default: pg } = await import("pg");
  const fields = target.connection;
  const client = new pg.Client({
    host: fields.host,
    port: fields.port,
    user: fields.user,
    password: fields.password,
    database: fields.database,
    ssl: fields.ssl,
    connectionTimeoutMillis: fields.connectionTimeoutMillis ?? 5_000,
    application_name: "backant-sync",
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch {
    await client.end().catch(() => undefined);
    return undefined;
  }
  return {
    async catalogHash() {
      const { rows } = await client.query<{ hash: string }>(PG_CATALOG_SQL, [target.schema]);
      return rows[0]?.hash ?? "";
    },
    async fingerprintMatches(fingerprint) {
      try {
        const { rows } = await client.query<{ fingerprint: string }>(`SELECT fingerprint FROM ${STATE_TABLE} WHERE target_schema = $1`, [target.schema]);
        return rows[0]?.fingerprint === fingerprint;
      } catch (error) {
        // 3F000 no such schema, 42P01 no such table: never synced by backant
        if (["3F000", "42P01"].includes((error as { code?: string }).code ?? "")) return false;
        throw error;
      }
    },
    async writeFingerprint(fingerprint, info) {
      await ensureStateTable(client);
      await client.query(
        `INSERT INTO ${STATE_TABLE} (target_schema, fingerprint, schema_hash, backant_version, synced_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (target_schema) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, schema_hash = EXCLUDED.schema_hash,
           backant_version = EXCLUDED.backant_version, synced_at = EXCLUDED.synced_at`,
        [target.schema, fingerprint, info.schemaHash, info.backantVersion],
      );
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

async function ensureStateTable(client: import("pg").Client): Promise<void> {
  const ddl = `CREATE SCHEMA IF NOT EXISTS "${STATE_SCHEMA}";
    CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (
      target_schema text PRIMARY KEY,
      fingerprint text NOT NULL,
      schema_hash text NOT NULL,
      backant_version text NOT NULL,
      synced_at timestamptz NOT NULL
    )`;
  try {
    await client.query(ddl);
  } catch (error) {
    // Two syncs creating it at the same moment: IF NOT EXISTS is not atomic; the other one won.
    if ((error as { code?: string }).code !== "23505") throw error;
  }
}
