import type { ModelDef } from "../model/model-def.js";
import { databaseName } from "../schema/naming.js";
import { columnsOf, type ExtraForeignKey } from "./columns.js";

/**
 * The SELECT a generated repository sends through Prisma's $queryRawUnsafe for reads by id and
 * unfiltered pages (about half of Prisma's per-query CPU, see bench/README.md). It is built at run
 * time from the model file the project imports, with the same table and column names the schema
 * renderer gives (.map(), @@map, snake_case), so renaming a column with .map() and syncing or
 * migrating never leaves a repository selecting a column that is gone.
 */
export interface ReadSql {
  /** `SELECT <every column AS its field> FROM <table>` */
  select: string;
  /** The primary-key column, quoted. */
  id: string;
  /** Field name -> quoted column, for ORDER BY. */
  columns: Record<string, string>;
  /** Bound parameters: "$" for PostgreSQL ($1, $2), "?" for SQLite and MySQL. */
  placeholder: "$" | "?";
}

export type SqlProvider = "postgresql" | "sqlite" | "mysql";

/**
 * null when the model has no single-field id (composite keys read through the Prisma API), or on
 * SQLite when it has a json column: SQLite gives a JSON number back as a number (the column's
 * affinity), which Prisma's raw-query serializer refuses ("Cannot serialize value of type number as
 * Json"), so one row holding `5` made every unfiltered list a 500. The Prisma API reads it fine.
 * `naming` is the project's (package.json "backant.naming"): the names of tables and columns that
 * the model does not set itself.
 */
export function usesReadSql(model: ModelDef, provider: SqlProvider): boolean {
  if (model.id !== null) return false;
  return !(provider === "sqlite" && model.fields.some((f) => f.kind === "scalar" && f.type === "json"));
}

export function readSqlOf(model: ModelDef, provider: SqlProvider, extraForeignKeys: readonly ExtraForeignKey[] = [], naming: "snake_case" | "as-written" = "snake_case"): ReadSql | null {
  if (!usesReadSql(model, provider)) return null;
  const idField = model.fields.find((f) => f.kind === "scalar" && f.id !== null);
  if (!idField) return null;
  // Column names as the renderer writes them (src/schema/model-checks.ts columnNameOf; generated
  // foreign keys are always snake_case of their field name).
  const columnOf = new Map<string, string>();
  for (const f of model.fields) if (f.kind === "scalar") columnOf.set(f.name, f.column ?? databaseName(f.name, naming));
  for (const f of model.fields) {
    // A belongsTo over declared fields (foreignKey naming a scalar, or a list) has its columns above.
    if (f.kind !== "relation" || f.relation !== "belongsTo" || (f.fields ?? null) !== null) continue;
    const fk = f.foreignKey ?? `${f.name}Id`;
    if (!columnOf.has(fk)) columnOf.set(fk, f.column ?? databaseName(fk, naming));
  }
  for (const fk of extraForeignKeys) if (!columnOf.has(fk.name)) columnOf.set(fk.name, databaseName(fk.name, naming));

  const quote = (name: string): string => (provider === "mysql" ? `\`${name}\`` : `"${name}"`);
  const column = (field: string): string => quote(columnOf.get(field) ?? field);
  const fields = columnsOf(model, extraForeignKeys).map((c) => c.name);
  const list = fields.map((field) => ((columnOf.get(field) ?? field) === field ? quote(field) : `${column(field)} AS ${quote(field)}`));
  return {
    select: `SELECT ${list.join(", ")} FROM ${model.schema ? `${quote(model.schema)}.` : ""}${quote(model.table ?? databaseName(model.name, naming))}`,
    id: column(idField.name),
    columns: Object.fromEntries(fields.map((field) => [field, column(field)])),
    placeholder: provider === "postgresql" ? "$" : "?",
  };
}
