import type { KeyType, ModelDef, ScalarFieldDef, ScalarType } from "../model/model-def.js";
import { databaseName } from "../schema/naming.js";
import { columnsOf, type ExtraForeignKey } from "./columns.js";

/**
 * The SELECT a generated repository sends through Prisma's driver adapter for reads by id and
 * unfiltered pages, and its INSERT for creates (see sql-table.ts and bench/README.md). It is built at run
 * time from the model file the project imports, with the same table and column names the schema
 * renderer gives (.map(), @@map, snake_case), so renaming a column with .map() and syncing or
 * migrating never leaves a repository selecting a column that is gone.
 */
export interface ReadSql {
  /** `SELECT <every column AS its field> FROM <table>` */
  select: string;
  /** The primary-key column, quoted. */
  id: string;
  /** The primary key's field. */
  idField: string;
  /** Field name -> quoted column, for ORDER BY. */
  columns: Record<string, string>;
  /** Bound parameters: "$" for PostgreSQL ($1, $2), "?" for SQLite and MySQL. */
  placeholder: "$" | "?";
  /** The selected fields in SELECT order, with the type that says how a driver's value becomes the client's. */
  fields: ReadField[];
  /** The table, quoted (with its schema when the model names one). */
  table: string;
  /** The SELECT's column list, for an INSERT's RETURNING. */
  returning: string;
  /**
   * Whether a create can be one INSERT ... RETURNING sent as the Prisma client would send it: false
   * when a value needs what only the client does (cuid() and other default functions of its own,
   * json's null forms) or a list column.
   */
  insertable: boolean;
}

export interface ReadField {
  name: string;
  type: ScalarType;
  list: boolean;
  /** What the client fills in on create when the data leaves the field out: now() and @updatedAt, uuid(). */
  onCreate: "now" | "uuid" | null;
}

/** Default functions the database evaluates: a create leaves their columns out, as the client does. */
const DATABASE_DEFAULTS = new Set(["dbgenerated", "sequence", "autoincrement"]);

function clientOnlyValues(field: ScalarFieldDef): boolean {
  if (field.list || field.type === "json") return true;
  const kind = field.default?.kind;
  return kind === "cuid" || (kind === "call" && !DATABASE_DEFAULTS.has((field.default as { name: string }).name));
}

function onCreateOf(field: ScalarFieldDef): ReadField["onCreate"] {
  if (field.updatedAt || field.default?.kind === "now") return "now";
  return field.default?.kind === "uuid" ? "uuid" : null;
}

const KEY_TYPES: Record<KeyType, ScalarType> = { int: "int", bigint: "bigint", string: "string" };

export type SqlProvider = "postgresql" | "sqlite" | "mysql";

/**
 * null when the model has no single-field id (composite keys read through the Prisma API), or an
 * enum whose values the database stores under other names (the client translates them), or an enum
 * list (PostgreSQL sends an enum array as unparsed text, "{a,b}", which the driver adapter leaves as
 * it is). `naming` is the project's (package.json "backant.naming"): the names of tables and
 * columns that the model does not set itself.
 */
export function usesReadSql(model: ModelDef): boolean {
  if (model.id !== null) return false;
  return !model.fields.some((f) => f.kind === "scalar" && f.type === "enum" && (f.list || Object.keys(f.enumOptions?.valueMaps ?? {}).length > 0));
}

export function readSqlOf(model: ModelDef, provider: SqlProvider, extraForeignKeys: readonly ExtraForeignKey[] = [], naming: "snake_case" | "as-written" = "snake_case"): ReadSql | null {
  if (!usesReadSql(model)) return null;
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
  const keyTypes = new Map<string, KeyType>();
  for (const f of model.fields) if (f.kind === "relation" && f.relation === "belongsTo") keyTypes.set(f.foreignKey ?? `${f.name}Id`, f.keyType ?? "int");
  for (const fk of extraForeignKeys) keyTypes.set(fk.name, fk.keyType);
  const readFields = fields.map((name): ReadField => {
    const scalar = model.fields.find((f) => f.kind === "scalar" && f.name === name);
    if (scalar?.kind === "scalar") return { name, type: scalar.type, list: scalar.list, onCreate: onCreateOf(scalar) };
    return { name, type: KEY_TYPES[keyTypes.get(name) ?? "int"], list: false, onCreate: null };
  });
  const list = fields.map((field) => ((columnOf.get(field) ?? field) === field ? quote(field) : `${column(field)} AS ${quote(field)}`));
  const table = `${model.schema ? `${quote(model.schema)}.` : ""}${quote(model.table ?? databaseName(model.name, naming))}`;
  return {
    select: `SELECT ${list.join(", ")} FROM ${table}`,
    id: column(idField.name),
    idField: idField.name,
    columns: Object.fromEntries(fields.map((field) => [field, column(field)])),
    placeholder: provider === "postgresql" ? "$" : "?",
    fields: readFields,
    table,
    returning: list.join(", "),
    insertable: !model.fields.some((f) => f.kind === "scalar" && !f.ignore && f.type !== "unsupported" && clientOnlyValues(f)),
  };
}
