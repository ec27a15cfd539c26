import { createHash } from "node:crypto";
import { backantVersion } from "../version.js";
import type { DatabaseConnection } from "./connection.js";

/**
 * What backant records inside the database it manages, as Rails records its environment in
 * ar_internal_metadata: the environment the database was last deployed or synced in (a database
 * marked production refuses destructive commands even when the local NODE_ENV says development),
 * and the fingerprint of the last dev sync (hash of the rendered schema and of the catalog after the
 * push: sync is skipped when both still match, and manual DDL changes the catalog hash).
 *
 * - SQLite: the file header, not a table (a table would show up as drift to `prisma migrate dev`):
 *   application_id holds backant's mark and whether the database is production, user_version the
 *   first 32 bits of the sync fingerprint.
 * - PostgreSQL: one row per target schema in "_backant".metadata, a schema of its own that Prisma
 *   (which only looks at the datasource's schemas) never sees, drops or reports as drift.
 */
export interface BackantMetadata {
  /** "production", another environment name, or undefined when backant never recorded one. */
  environment: string | undefined;
  syncFingerprint: string | undefined;
}

export const PRODUCTION = "production";

export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

export function syncFingerprint(schemaHash: string, catalogHash: string): string {
  return sha256(`${schemaHash}\n${catalogHash}`);
}

// "bk" in the two high bytes; the low byte says production (2) or another environment (1).
const SQLITE_MARK = 0x626b0000;
const SQLITE_PRODUCTION = 2;
const SQLITE_OTHER = 1;

const STATE_SCHEMA = "_backant";
const METADATA_TABLE = `"${STATE_SCHEMA}"."metadata"`;

export async function readMetadata(connection: DatabaseConnection): Promise<BackantMetadata> {
  const { datasource } = connection;
  if (datasource.provider === "sqlite") {
    const [{ application_id: mark = 0 } = {}] = await connection.query<{ application_id?: number }>("PRAGMA application_id");
    const [{ user_version: version = 0 } = {}] = await connection.query<{ user_version?: number }>("PRAGMA user_version");
    const ours = (mark & 0xffff0000) === SQLITE_MARK;
    const environment = !ours ? undefined : (mark & 0xff) === SQLITE_PRODUCTION ? PRODUCTION : (mark & 0xff) === SQLITE_OTHER ? "development" : undefined;
    return { environment, syncFingerprint: ours && version !== 0 ? hex32(version) : undefined };
  }
  try {
    const rows = await connection.query<{ environment: string | null; sync_fingerprint: string | null }>(
      `SELECT environment, sync_fingerprint FROM ${METADATA_TABLE} WHERE target_schema = $1`,
      [datasource.schema],
    );
    return { environment: rows[0]?.environment ?? undefined, syncFingerprint: rows[0]?.sync_fingerprint ?? undefined };
  } catch (error) {
    // 3F000 no such schema, 42P01 no such table: backant never wrote here
    if (["3F000", "42P01"].includes((error as { databaseCode?: string }).databaseCode ?? "")) return { environment: undefined, syncFingerprint: undefined };
    throw error;
  }
}

/** True when the stored fingerprint equals `fingerprint` (to the stored precision: 32 bits on SQLite). */
export function fingerprintMatches(metadata: BackantMetadata, fingerprint: string): boolean {
  if (metadata.syncFingerprint === undefined) return false;
  return fingerprint.startsWith(metadata.syncFingerprint);
}

/**
 * Records the environment a command acted in. "production" is sticky: a later deploy or sync in
 * development does not clear it (that would turn the guard off for the next destructive command);
 * only `overwrite` (a reset the user explicitly allowed on it, which rebuilt the database) does.
 */
export async function recordEnvironment(connection: DatabaseConnection, environment: string, options: { overwrite?: boolean } = {}): Promise<void> {
  const current = await readMetadata(connection);
  if (current.environment === PRODUCTION && environment !== PRODUCTION && !options.overwrite) return;
  if (current.environment === environment) return;
  const { datasource } = connection;
  if (datasource.provider === "sqlite") {
    const code = environment === PRODUCTION ? SQLITE_PRODUCTION : SQLITE_OTHER;
    // The pragma takes a literal only; the value is a number computed here.
    await connection.query(`PRAGMA application_id = ${(SQLITE_MARK | code) | 0}`);
    return;
  }
  await ensureMetadataTable(connection);
  await connection.query(
    `INSERT INTO ${METADATA_TABLE} (target_schema, environment, environment_at) VALUES ($1, $2, now())
     ON CONFLICT (target_schema) DO UPDATE SET environment = EXCLUDED.environment, environment_at = EXCLUDED.environment_at`,
    [datasource.schema, environment],
  );
}

/**
 * The database is exactly as backant left it after syncing (or migrating, or resetting) it to the
 * schema of this hash: the recorded fingerprint matches, and the catalog hash in it says no table
 * was changed since. Sync's fast path and migrate's drift judgement both ask this.
 */
export async function isSyncedWith(connection: DatabaseConnection, schemaHash: string): Promise<boolean> {
  return fingerprintMatches(await readMetadata(connection), syncFingerprint(schemaHash, await catalogHash(connection)));
}

/** Records that the database now holds what the schema of this hash gives (see isSyncedWith). */
export async function recordSync(connection: DatabaseConnection, schemaHash: string): Promise<void> {
  await writeSyncFingerprint(connection, syncFingerprint(schemaHash, await catalogHash(connection)), { schemaHash, backantVersion: backantVersion() });
}

export async function writeSyncFingerprint(connection: DatabaseConnection, fingerprint: string, info: { schemaHash: string; backantVersion: string }): Promise<void> {
  const { datasource } = connection;
  if (datasource.provider === "sqlite") {
    const [{ application_id: mark = 0 } = {}] = await connection.query<{ application_id?: number }>("PRAGMA application_id");
    if ((mark & 0xffff0000) !== SQLITE_MARK) await connection.query(`PRAGMA application_id = ${(SQLITE_MARK | SQLITE_OTHER) | 0}`);
    await connection.query(`PRAGMA user_version = ${Number.parseInt(fingerprint.slice(0, 8), 16) | 0}`);
    return;
  }
  await ensureMetadataTable(connection);
  await connection.query(
    `INSERT INTO ${METADATA_TABLE} (target_schema, sync_fingerprint, schema_hash, backant_version, synced_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (target_schema) DO UPDATE SET sync_fingerprint = EXCLUDED.sync_fingerprint, schema_hash = EXCLUDED.schema_hash,
       backant_version = EXCLUDED.backant_version, synced_at = EXCLUDED.synced_at`,
    [datasource.schema, fingerprint, info.schemaHash, info.backantVersion],
  );
}

/** Forgets the sync fingerprint (after a reset or a migration changed the tables), keeping the environment. */
export async function clearSyncFingerprint(connection: DatabaseConnection): Promise<void> {
  const { datasource } = connection;
  if (datasource.provider === "sqlite") {
    await connection.query("PRAGMA user_version = 0");
    return;
  }
  try {
    await connection.query(`UPDATE ${METADATA_TABLE} SET sync_fingerprint = NULL WHERE target_schema = $1`, [datasource.schema]);
  } catch (error) {
    if (!["3F000", "42P01"].includes((error as { databaseCode?: string }).databaseCode ?? "")) throw error;
  }
}

const hex32 = (value: number): string => (value >>> 0).toString(16).padStart(8, "0");

async function ensureMetadataTable(connection: DatabaseConnection): Promise<void> {
  const ddl = `CREATE SCHEMA IF NOT EXISTS "${STATE_SCHEMA}";
    CREATE TABLE IF NOT EXISTS ${METADATA_TABLE} (
      target_schema text PRIMARY KEY,
      environment text,
      environment_at timestamptz,
      sync_fingerprint text,
      schema_hash text,
      backant_version text,
      synced_at timestamptz
    );
    DROP TABLE IF EXISTS "${STATE_SCHEMA}"."sync_state"`;
  try {
    await connection.execute(ddl);
  } catch (error) {
    // Two commands creating it at the same moment: IF NOT EXISTS is not atomic; the other one won.
    if ((error as { databaseCode?: string }).databaseCode !== "23505") throw error;
  }
}

/**
 * A cheap hash of the schema as the database holds it (tables, columns, types, defaults, indexes,
 * constraints, enums; Prisma's _prisma_migrations excluded): the part of the sync fingerprint that
 * notices manual DDL.
 */
export async function catalogHash(connection: DatabaseConnection): Promise<string> {
  const { datasource } = connection;
  if (datasource.provider === "sqlite") {
    const rows = await connection.query(
      `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND tbl_name <> '_prisma_migrations' ORDER BY type, name`,
    );
    return sha256(JSON.stringify(rows));
  }
  const rows = await connection.query<{ hash: string }>(PG_CATALOG_HASH_SQL, [datasource.schema]);
  return rows[0]?.hash ?? "";
}

const PG_CATALOG_HASH_SQL = `
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
