import type { KeyType, ModelDef, ScalarFieldDef } from "../model/model-def.js";
import { inputSchema, keySchema, nullable, valueSchema, type JsonSchema } from "./json-types.js";

/**
 * A foreign key the model file does not declare: the schema renderer adds one to a model when
 * another model says `t.hasMany("ThisModel")` and this model has no matching belongsTo. The
 * scaffold knows those from the whole model set and passes them to resourceSchemas.
 */
export interface ExtraForeignKey {
  name: string;
  keyType: KeyType;
  optional: boolean;
}

/** What a JSON value must be turned into before Prisma accepts it (and back for the response). */
/**
 * Columns whose JSON form differs from the client's value: bigint (BigInt <-> digits), decimal
 * (Decimal -> string on the way out; the client takes strings in), date (Date <-> "YYYY-MM-DD"),
 * bytes (Uint8Array <-> base64). datetime needs none: the client takes ISO 8601 strings, and
 * fast-json-stringify writes Date objects.
 */
export type Conversion = "bigint" | "decimal" | "date" | "bytes" | null;

/** One column of the row, as the API sees it. */
export interface Column {
  name: string;
  /** The value's schema, without null: what rows hold and filters compare with. */
  schema: JsonSchema;
  /** What a request body may send, without null: the value schema plus the model's validations (decimals also as numbers). */
  input: JsonSchema;
  /** NULL allowed: an .optional() field or an optional foreign key. */
  nullable: boolean;
  /** May be left out of a create body: nullable, a default, a uuid/cuid id, @updatedAt. */
  optionalOnCreate: boolean;
  /** Never accepted in a body: an autoincrement id, @updatedAt (the client sets it), createdAt (the database does). */
  managed: boolean;
  /** The single-field primary key. */
  id: boolean;
  /**
   * Position in a composite primary key (@@id), from 0: lists without ?sort come in the key's
   * order, which its index backs, and the key breaks ties of a ?sort.
   */
  compositeKey?: number;
  /** Usable in ?field=value and ?sort=field: single values that compare meaningfully. */
  filterable: boolean;
  /** The filter operators ?field[op]= takes besides equality (empty when not filterable). */
  operators: FilterOperator[];
  conversion: Conversion;
  /** decimal(p, s): the scale, so "3.50" leaves as "3.50" like the column holds it, not "3.5". */
  scale: number | null;
}

const NOT_FILTERABLE = new Set<ScalarFieldDef["type"]>(["json", "bytes"]);

/** The operators of `?field[op]=value`; equality is `?field=value`. */
export const FILTER_OPERATORS = ["gt", "gte", "lt", "lte", "in", "contains", "startsWith"] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

const ORDERED: FilterOperator[] = ["gt", "gte", "lt", "lte", "in"];
const TEXT: FilterOperator[] = ["in", "contains", "startsWith"];

/** What each type compares with: order for numbers and dates, substrings for text, membership for the rest. */
function operatorsOf(field: ScalarFieldDef): FilterOperator[] {
  if (field.list || NOT_FILTERABLE.has(field.type)) return [];
  switch (field.type) {
    case "int":
    case "bigint":
    case "float":
    case "decimal":
    case "datetime":
    case "date":
      return ORDERED;
    case "string":
    case "text":
      // A uuid column (PostgreSQL's uuid type) has no substring search.
      return field.id === "uuid" || field.native?.name === "Uuid" ? ["in"] : TEXT;
    case "enum":
      return ["in"];
    default:
      return [];
  }
}

function conversionOf(type: ScalarFieldDef["type"]): Conversion {
  switch (type) {
    case "bigint":
      return "bigint";
    case "decimal":
      return "decimal";
    case "date":
      return "date";
    case "bytes":
      return "bytes";
    default:
      return null;
  }
}

/**
 * The row's creation time is the server's, like @updatedAt: a client that could send createdAt
 * could backdate rows. It is what t.createdAt() declares (a required datetime defaulting to now())
 * under the name every generated model gives it, Rails' created_at convention; another datetime
 * defaulting to now() (publishedAt) stays the client's to set.
 */
function isCreatedAt(field: ScalarFieldDef): boolean {
  return field.name === "createdAt" && field.type === "datetime" && field.default?.kind === "now" && !field.optional && !field.list;
}

function scalarColumn(field: ScalarFieldDef): Column {
  const value = valueSchema(field);
  const schema = field.list ? { type: "array", items: value } : value;
  const input = field.list ? { type: "array", items: inputSchema(field) } : inputSchema(field);
  const autoIncrement = field.default?.kind === "autoincrement";
  return {
    name: field.name,
    schema,
    input,
    nullable: field.optional,
    // A t.id() key is generated; a .id() key without a default is the caller's to give.
    optionalOnCreate: field.optional || field.default !== null || field.updatedAt || (field.id !== null && field.id !== "manual"),
    managed: (field.id !== null && autoIncrement) || field.updatedAt || isCreatedAt(field),
    id: field.id !== null,
    filterable: !field.list && !NOT_FILTERABLE.has(field.type),
    operators: operatorsOf(field),
    conversion: conversionOf(field.type),
    scale: field.type === "decimal" ? field.scale : null,
  };
}

function keyColumn(name: string, keyType: KeyType, optional: boolean): Column {
  return {
    name,
    schema: keySchema(keyType),
    input: keySchema(keyType),
    nullable: optional,
    optionalOnCreate: optional,
    managed: false,
    id: false,
    filterable: true,
    operators: keyType === "string" ? ["in"] : ORDERED,
    conversion: keyType === "bigint" ? "bigint" : null,
    scale: null,
  };
}

/**
 * The model's columns in declaration order: scalar fields, and the foreign key of each belongsTo
 * in place of the relation field (`${field}Id` unless foreignKey is set). hasOne, hasMany and
 * manyToMany hold no column on this side and are left out.
 */
export function columnsOf(model: ModelDef, extraForeignKeys: readonly ExtraForeignKey[] = []): Column[] {
  const columns: Column[] = [];
  for (const field of model.fields) {
    // Unsupported and @ignore columns are not in the Prisma Client, so not in the API either.
    if (field.kind === "scalar") {
      if (field.type !== "unsupported" && !field.ignore) columns.push(scalarColumn(field));
    } else if (field.relation === "belongsTo" && field.fields === null && !declaresScalar(model, field.foreignKey)) columns.push(keyColumn(field.foreignKey ?? `${field.name}Id`, field.keyType ?? "int", field.optional));
  }
  for (const fk of extraForeignKeys) if (!columns.some((c) => c.name === fk.name)) columns.push(keyColumn(fk.name, fk.keyType, fk.optional));
  const key = compositeKeyColumns(model);
  return key.length === 0 ? columns : columns.map((c) => (key.includes(c.name) ? { ...c, compositeKey: key.indexOf(c.name) } : c));
}

/** The columns of a composite @@id, in the key's order (a relation name stands for its foreign keys). */
function compositeKeyColumns(model: ModelDef): string[] {
  return (model.id ?? []).flatMap((name) => {
    const field = model.fields.find((f) => f.name === name);
    if (field?.kind !== "relation") return [name];
    return field.fields ?? [field.foreignKey ?? `${field.name}Id`];
  });
}

/** A belongsTo whose foreignKey names a declared scalar uses that scalar as its column. */
function declaresScalar(model: ModelDef, name: string | null): boolean {
  return name !== null && model.fields.some((f) => f.kind === "scalar" && f.name === name);
}

export function rowSchemaOf(column: Column): JsonSchema {
  return column.nullable ? nullable(column.schema) : column.schema;
}

/** The column in a create or update body: its input schema, null allowed when the column is nullable. */
export function bodySchemaOf(column: Column): JsonSchema {
  return column.nullable ? nullable(column.input) : column.input;
}
