import type { DatabaseConnection } from "./connection.js";

/**
 * The schema a database holds, read from its own catalog (PRAGMAs on SQLite, pg_catalog on
 * PostgreSQL): tables with their columns, indexes and constraints, views and enums. Two of them
 * compared say what a change does to the data (see changes.ts) and whether a database drifted from
 * its migrations, without reading any SQL script or any message text. Column order is not part of
 * it: a column added by a migration and the same column created by a push are the same column.
 */
export interface Catalog {
  tables: Record<string, TableInfo>;
  views: Record<string, string>;
  enums: Record<string, string[]>;
}

export interface TableInfo {
  columns: Record<string, ColumnInfo>;
  /** The primary key's columns in key order (empty without one). */
  primaryKey: string[];
  indexes: Record<string, IndexInfo>;
  /** Foreign keys and checks by a stable key, with their definition. */
  constraints: Record<string, string>;
}

export interface ColumnInfo {
  /** The database's own type name (format_type on PostgreSQL, the declared type on SQLite). */
  type: string;
  notNull: boolean;
  /** The default expression as the database reports it, or null. */
  default: string | null;
}

export interface IndexInfo {
  unique: boolean;
  columns: string[];
}

/** Tables backant and Prisma keep for themselves: never part of a user's schema. */
const BOOKKEEPING_TABLES = new Set(["_prisma_migrations"]);

/** Reads the catalog of the connection's database (PostgreSQL: the given schemas, the datasource's by default). */
export async function readCatalog(connection: DatabaseConnection, schemas?: readonly string[]): Promise<Catalog> {
  return connection.datasource.provider === "sqlite" ? readSqliteCatalog(connection) : readPostgresCatalog(connection, schemas ?? [connection.datasource.schema]);
}

async function readSqliteCatalog(connection: DatabaseConnection): Promise<Catalog> {
  const catalog: Catalog = { tables: {}, views: {}, enums: {} };
  const objects = await connection.query<{ type: string; name: string; sql: string | null }>(
    "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  for (const object of objects) {
    if (BOOKKEEPING_TABLES.has(object.name)) continue;
    if (object.type === "view") {
      catalog.views[object.name] = normalizeSpace(object.sql ?? "");
      continue;
    }
    const table: TableInfo = { columns: {}, primaryKey: [], indexes: {}, constraints: {} };
    const quoted = quoteSqlite(object.name);
    const columns = await connection.query<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number }>(`PRAGMA table_xinfo(${quoted})`);
    for (const column of columns) {
      if (column.hidden === 1) continue;
      // SQLite keeps the declared type as written; its affinity is what matters, but a changed
      // declaration (INTEGER -> TEXT) is what Prisma renders for a type change, so it is compared as is.
      table.columns[column.name] = { type: column.type.toUpperCase(), notNull: column.notnull === 1 || column.pk > 0, default: column.dflt_value };
    }
    table.primaryKey = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name);
    const indexes = await connection.query<{ name: string; unique: number; origin: string }>(`PRAGMA index_list(${quoted})`);
    for (const index of indexes) {
      if (index.origin === "pk") continue;
      const parts = await connection.query<{ seqno: number; name: string | null }>(`PRAGMA index_info(${quoteSqlite(index.name)})`);
      table.indexes[index.name] = { unique: index.unique === 1, columns: parts.sort((a, b) => a.seqno - b.seqno).map((part) => part.name ?? "<expression>") };
    }
    const foreignKeys = await connection.query<{ id: number; seq: number; table: string; from: string; to: string | null; on_update: string; on_delete: string }>(`PRAGMA foreign_key_list(${quoted})`);
    const byId = new Map<number, typeof foreignKeys>();
    for (const key of foreignKeys) byId.set(key.id, [...(byId.get(key.id) ?? []), key]);
    for (const parts of byId.values()) {
      parts.sort((a, b) => a.seq - b.seq);
      const first = parts[0];
      if (!first) continue;
      const from = parts.map((part) => part.from).join(", ");
      const definition = `FOREIGN KEY (${from}) REFERENCES ${first.table}(${parts.map((part) => part.to ?? "").join(", ")}) ON UPDATE ${first.on_update} ON DELETE ${first.on_delete}`;
      table.constraints[`fk(${from})`] = definition;
    }
    catalog.tables[object.name] = table;
  }
  return catalog;
}

async function readPostgresCatalog(connection: DatabaseConnection, schemas: readonly string[]): Promise<Catalog> {
  const catalog: Catalog = { tables: {}, views: {}, enums: {} };
  // With one schema, names stay bare ("users"); with several, they are qualified ("auth.users").
  const qualify = (schema: string, name: string) => (schemas.length === 1 ? name : `${schema}.${name}`);
  const relations = await connection.query<{ schema: string; name: string; kind: string; view: string | null }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
            CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS view
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
    [schemas],
  );
  for (const relation of relations) {
    if (BOOKKEEPING_TABLES.has(relation.name)) continue;
    const key = qualify(relation.schema, relation.name);
    if (relation.kind === "v" || relation.kind === "m") catalog.views[key] = normalizeSpace(relation.view ?? "");
    else catalog.tables[key] = { columns: {}, primaryKey: [], indexes: {}, constraints: {} };
  }
  const columns = await connection.query<{ schema: string; table: string; name: string; type: string; not_null: boolean; default: string | null }>(
    `SELECT n.nspname AS schema, c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'f')`,
    [schemas],
  );
  for (const column of columns) {
    const table = catalog.tables[qualify(column.schema, column.table)];
    if (table) table.columns[column.name] = { type: column.type, notNull: column.not_null, default: column.default };
  }
  const constraints = await connection.query<{ schema: string; table: string; name: string; type: string; definition: string; columns: string[] | null }>(
    `SELECT n.nspname AS schema, cl.relname AS table, con.conname AS name, con.contype::text AS type, pg_get_constraintdef(con.oid) AS definition,
            ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
       FROM pg_constraint con
       JOIN pg_class cl ON cl.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE n.nspname = ANY($1)`,
    [schemas],
  );
  for (const constraint of constraints) {
    const table = catalog.tables[qualify(constraint.schema, constraint.table)];
    if (!table) continue;
    if (constraint.type === "p") table.primaryKey = constraint.columns ?? [];
    else if (constraint.type !== "u") table.constraints[constraint.name] = constraint.definition; // unique ones are indexes below
  }
  const indexes = await connection.query<{ schema: string; table: string; name: string; unique: boolean; primary: boolean; columns: string[] | null }>(
    `SELECT n.nspname AS schema, t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
            ARRAY(SELECT coalesce(a.attname, pg_get_indexdef(x.indexrelid, k.ord::int, true)) FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0 ORDER BY k.ord)::text[] AS columns
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = ANY($1)`,
    [schemas],
  );
  for (const index of indexes) {
    const table = catalog.tables[qualify(index.schema, index.table)];
    if (table && !index.primary) table.indexes[index.name] = { unique: index.unique, columns: index.columns ?? [] };
  }
  const enums = await connection.query<{ schema: string; name: string; values: string[] }>(
    `SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = ANY($1) GROUP BY n.nspname, t.typname`,
    [schemas],
  );
  for (const row of enums) catalog.enums[qualify(row.schema, row.name)] = row.values;
  return catalog;
}

function quoteSqlite(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * The differences between two catalogs, one line each ("+ table posts", "- column users.phone",
 * "~ column users.age: integer -> text"), sorted; empty when they hold the same schema.
 */
export function describeDifferences(from: Catalog, to: Catalog): string[] {
  const lines: string[] = [];
  const keys = (a: object, b: object) => [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const name of keys(from.tables, to.tables)) {
    const before = from.tables[name];
    const after = to.tables[name];
    if (!before) {
      lines.push(`+ table ${name}`);
      continue;
    }
    if (!after) {
      lines.push(`- table ${name}`);
      continue;
    }
    for (const column of keys(before.columns, after.columns)) {
      const a = before.columns[column];
      const b = after.columns[column];
      if (!a) lines.push(`+ column ${name}.${column} ${describeColumn(b as ColumnInfo)}`);
      else if (!b) lines.push(`- column ${name}.${column}`);
      else if (describeColumn(a) !== describeColumn(b)) lines.push(`~ column ${name}.${column}: ${describeColumn(a)} -> ${describeColumn(b)}`);
    }
    if (before.primaryKey.join(",") !== after.primaryKey.join(",")) lines.push(`~ primary key of ${name}: (${before.primaryKey.join(", ")}) -> (${after.primaryKey.join(", ")})`);
    for (const index of keys(before.indexes, after.indexes)) {
      const a = before.indexes[index];
      const b = after.indexes[index];
      if (!a) lines.push(`+ ${describeIndex(index, b as IndexInfo)} on ${name}`);
      else if (!b) lines.push(`- ${describeIndex(index, a)} on ${name}`);
      else if (describeIndex(index, a) !== describeIndex(index, b)) lines.push(`~ ${describeIndex(index, a)} -> ${describeIndex(index, b)} on ${name}`);
    }
    for (const constraint of keys(before.constraints, after.constraints)) {
      const a = before.constraints[constraint];
      const b = after.constraints[constraint];
      if (a === b) continue;
      if (a === undefined) lines.push(`+ constraint ${constraint} on ${name}: ${b}`);
      else if (b === undefined) lines.push(`- constraint ${constraint} on ${name}`);
      else lines.push(`~ constraint ${constraint} on ${name}: ${a} -> ${b}`);
    }
  }
  for (const view of keys(from.views, to.views)) {
    if (from.views[view] === to.views[view]) continue;
    lines.push(from.views[view] === undefined ? `+ view ${view}` : to.views[view] === undefined ? `- view ${view}` : `~ view ${view}`);
  }
  for (const name of keys(from.enums, to.enums)) {
    const a = from.enums[name];
    const b = to.enums[name];
    if (!a) lines.push(`+ enum ${name} (${(b ?? []).join(", ")})`);
    else if (!b) lines.push(`- enum ${name}`);
    else if (a.join(",") !== b.join(",")) lines.push(`~ enum ${name}: (${a.join(", ")}) -> (${b.join(", ")})`);
  }
  return lines;
}

function describeColumn(column: ColumnInfo): string {
  return `${column.type}${column.notNull ? " NOT NULL" : ""}${column.default === null ? "" : ` DEFAULT ${column.default}`}`;
}

function describeIndex(name: string, index: IndexInfo): string {
  return `${index.unique ? "unique index" : "index"} ${name} (${index.columns.join(", ")})`;
}

/** The database's version, for keys of anything derived from its catalogs. */
export async function serverVersion(connection: DatabaseConnection): Promise<string> {
  if (connection.datasource.provider === "sqlite") {
    const [row] = await connection.query<{ version: string }>("SELECT sqlite_version() AS version");
    return `sqlite ${row?.version ?? "?"}`;
  }
  const [row] = await connection.query<{ server_version_num: string }>("SHOW server_version_num");
  return `postgresql ${row?.server_version_num ?? "?"}`;
}

/** Column order is not compared: a column a migration adds and the same column a push creates are equal. */
export function sameCatalog(a: Catalog, b: Catalog): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item) ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}
