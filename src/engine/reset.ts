import { sqliteDriver } from "../database/drivers.js";
import type { PgConnectionFields } from "./datasource.js";
import { mapPostgresError } from "./errors.js";
import { quoteIdentifier, withClient } from "./postgres-connection.js";

/**
 * Empties an SQLite database file: every table, view, index and trigger (the wasm engine's reset
 * only deletes rows). The file itself stays, so open connections and file permissions are kept.
 */
export function resetSqliteFile(filePath: string, externalTables: readonly string[]): void {
  const db = new (sqliteDriver())(filePath);
  try {
    const objects = db
      .prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND type IN ('table', 'view', 'trigger', 'index')")
      .all() as Array<{ type: "table" | "view" | "trigger" | "index"; name: string }>;
    const keep = new Set(externalTables);
    const order = { trigger: 0, view: 1, index: 2, table: 3 } as const;
    const statements = objects
      .filter((object) => !(object.type === "table" && keep.has(object.name)))
      .sort((a, b) => order[a.type] - order[b.type])
      .map((object) => `DROP ${object.type.toUpperCase()} IF EXISTS ${quoteIdentifier(object.name)};`);
    db.pragma("foreign_keys = OFF");
    db.exec(["BEGIN;", ...statements, "COMMIT;"].join("\n"));
    const hasSequence = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get();
    if (hasSequence) db.exec("DELETE FROM sqlite_sequence");
    db.exec("VACUUM");
  } finally {
    db.close();
  }
}

interface SchemaState {
  owner: string;
  acl: string[] | null;
  comment: string | null;
}

/**
 * Drops and recreates each schema, as the native engine does, then restores the schema's owner,
 * its grants and comment so that e.g. PostgreSQL 15's `public` keeps USAGE for PUBLIC.
 */
export async function resetPostgresSchemas(connection: PgConnectionFields, schemas: readonly string[]): Promise<void> {
  try {
    await withClient(connection, async (client) => {
      for (const schema of schemas) {
        const { rows } = await client.query<SchemaState>(
          `SELECT pg_get_userbyid(n.nspowner) AS owner, n.nspacl::text[] AS acl, obj_description(n.oid, 'pg_namespace') AS comment
             FROM pg_namespace n WHERE n.nspname = $1`,
          [schema],
        );
        const state = rows[0];
        const name = quoteIdentifier(schema);
        await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
        await client.query(`CREATE SCHEMA ${name}`);
        if (!state) continue;
        const restore = [`ALTER SCHEMA ${name} OWNER TO ${quoteIdentifier(state.owner)}`, ...grantsFromAcl(name, state.acl ?? [], state.owner)];
        if (state.comment !== null) restore.push(`COMMENT ON SCHEMA ${name} IS ${quoteLiteral(state.comment)}`);
        for (const statement of restore) {
          // Restoring is best effort: a non-superuser may not be allowed to hand the schema to its old owner.
          await client.query(statement).catch(() => undefined);
        }
      }
    });
  } catch (error) {
    throw mapPostgresError(error, connection);
  }
}

/** `grantee=UC/grantor` items of a schema ACL as GRANT statements (U = USAGE, C = CREATE). */
function grantsFromAcl(schema: string, acl: readonly string[], owner: string): string[] {
  const statements: string[] = [];
  for (const item of acl) {
    const match = /^(.*)=([A-Za-z*]*)\/.*$/.exec(item);
    if (!match) continue;
    const rawGrantee = match[1] ?? "";
    const grantee = rawGrantee === "" ? "PUBLIC" : quoteIdentifier(rawGrantee.replace(/^"|"$/g, "").replace(/""/g, '"'));
    if (rawGrantee === owner) continue;
    const privileges = match[2] ?? "";
    if (privileges.includes("U")) statements.push(`GRANT USAGE ON SCHEMA ${schema} TO ${grantee}`);
    if (privileges.includes("C")) statements.push(`GRANT CREATE ON SCHEMA ${schema} TO ${grantee}`);
  }
  return statements;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
