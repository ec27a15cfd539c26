import type { ModelDef } from "../model/model-def.js";
import { bodySchemaOf, columnsOf, rowSchemaOf, type Column, type ExtraForeignKey, type FilterOperator } from "./columns.js";
import { keySchema, type JsonSchema } from "./json-types.js";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/**
 * The last page a list route serves. ?page=1e308 passed "integer" (1e308 is a whole number) and
 * became an OFFSET no database takes (SQLite: SQLITE_MISMATCH, a 500; PostgreSQL answered "page
 * 1e+308"). A million pages of MAX_PAGE_SIZE rows keeps every OFFSET within a 32-bit integer and
 * far past any list a client pages through (deep offsets scan every skipped row anyway).
 */
export const MAX_PAGE = 1_000_000;
/** Query-string keys that are not filters; a model field with one of these names cannot be filtered on. */
export const LIST_CONTROL_KEYS = ["page", "pageSize", "sort", "order", "total", "include", "after"] as const;
/** The list route's query syntax in one paragraph, for the OpenAPI document. */
export const LIST_QUERY_HELP =
  "Pages with ?page= and ?pageSize=, sorts with ?sort=<field>&order=asc|desc, counts with ?total=true. " +
  "Filters: ?<field>=<value> (equals), ?<field>[gt|gte|lt|lte]=<value>, ?<field>[in]=a,b (or the key repeated), " +
  "?<field>[contains|startsWith]=<text>; several filters all apply. ?include=<relation>,... loads related rows (one level). " +
  "?after=<next> continues from the `next` cursor of the previous page (keyset pagination: stable under inserts, as fast on the last page as on the first).";
/** How many values one `?field[in]=a,b,c` filter takes: each becomes a bound parameter. */
export const MAX_IN_VALUES = 100;

/** A relation of the model that ?include= can load: the related model, and whether it holds many rows. */
export interface RelationOption {
  model: ModelDef;
  /** hasMany and manyToMany: an array of rows; belongsTo and hasOne: one row or null. */
  list: boolean;
  /** Foreign keys the schema renderer generates on the related model. */
  foreignKeys?: readonly ExtraForeignKey[];
}

export interface ResourceSchemaOptions {
  /** Foreign keys the schema renderer generates on this model (see ExtraForeignKey). */
  foreignKeys?: readonly ExtraForeignKey[];
  /** The relations ?include= may name, by relation field name (one level: their own relations are not offered). */
  relations?: Readonly<Record<string, RelationOption>>;
}

/** A relation as the runtime loads it: the related rows' columns, in the same select every read uses. */
export interface IncludedRelation {
  list: boolean;
  columns: Column[];
  /** Prisma's nested select (with a stable order for lists). */
  select: { select: Record<string, true>; orderBy?: Record<string, "asc"> };
}

/** The JSON Schemas of one model's CRUD routes; the same objects feed ajv, fast-json-stringify and OpenAPI. */
export interface ResourceSchemas {
  /** `{ id }` typed per the id strategy; null when the model has a composite or no id. */
  params: JsonSchema | null;
  listQuery: JsonSchema;
  /** `?include=` of GET /:id (an empty object schema when the model offers no relation). */
  getQuery: JsonSchema;
  createBody: JsonSchema;
  updateBody: JsonSchema;
  row: JsonSchema;
  listResponse: JsonSchema;
  /** The model's columns (scalar fields and foreign keys), for the repository's select and the converters. */
  columns: Column[];
  /** Name of the single-field primary key, or null. */
  idField: string | null;
  /** The relations ?include= may load, by name. */
  relations: Record<string, IncludedRelation>;
}

function objectOf(properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema {
  return { type: "object", properties, additionalProperties: false, ...extra };
}

/**
 * Derives every request and response schema of a model's CRUD routes from the model object the
 * project imports (`import Users from "../models/Users.model.js"`), so validation, serialization
 * and the OpenAPI document can never disagree with the model file.
 */
export function resourceSchemas(model: ModelDef, options: ResourceSchemaOptions = {}): ResourceSchemas {
  const columns = columnsOf(model, options.foreignKeys);
  const idColumn = columns.find((c) => c.id);
  const controlKeys = new Set<string>(LIST_CONTROL_KEYS);

  const relations: Record<string, IncludedRelation> = {};
  for (const [name, option] of Object.entries(options.relations ?? {})) {
    const related = columnsOf(option.model, option.foreignKeys);
    const order = related.find((c) => c.id)?.name;
    relations[name] = { list: option.list, columns: related, select: { select: selectOf(related), ...(option.list && order ? { orderBy: { [order]: "asc" as const } } : {}) } };
  }
  const relationNames = Object.keys(relations);

  const rowProperties: Record<string, JsonSchema> = {};
  for (const column of columns) rowProperties[column.name] = rowSchemaOf(column);
  // Related rows appear only when ?include= asks for them, so they are not required.
  for (const [name, relation] of Object.entries(relations)) {
    const related = objectOf(Object.fromEntries(relation.columns.map((c) => [c.name, rowSchemaOf(c)])), { required: relation.columns.map((c) => c.name) });
    rowProperties[name] = relation.list ? { type: "array", items: related } : { ...related, type: ["object", "null"] };
  }
  const row = objectOf(rowProperties, { required: columns.map((c) => c.name) });

  const writable = columns.filter((c) => !c.managed);
  const createProperties: Record<string, JsonSchema> = {};
  for (const column of writable) createProperties[column.name] = bodySchemaOf(column);
  const required = writable.filter((c) => !c.optionalOnCreate).map((c) => c.name);
  const createBody = objectOf(createProperties, required.length > 0 ? { required } : {});

  const updateProperties: Record<string, JsonSchema> = {};
  // Changing a primary key through PATCH would break every reference to the row: not offered.
  for (const column of writable) if (!column.id) updateProperties[column.name] = bodySchemaOf(column);
  const updateBody = objectOf(updateProperties, { minProperties: 1 });

  // A field named like a list control (total) sorts and takes ?total[gte]=, but ?total= is the control.
  const filterable = columns.filter((c) => c.filterable);
  const queryProperties: Record<string, JsonSchema> = {
    page: { type: "integer", minimum: 1, maximum: MAX_PAGE, default: 1 },
    pageSize: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
    order: { type: "string", enum: ["asc", "desc"], default: "asc" },
    total: { type: "boolean", default: false, description: "Also count the matching rows (one more query)." },
  };
  if (idColumn) queryProperties.after = { type: "string", minLength: 1, maxLength: 1000, description: "The `next` cursor of the previous page: keyset pagination, stable under inserts (instead of ?page=)." };
  if (filterable.length > 0) queryProperties.sort = { type: "string", enum: filterable.map((c) => c.name), description: `The field to sort by: ${filterable.map((c) => c.name).join(", ")}.` };
  const include: Record<string, JsonSchema> = relationNames.length > 0 ? { include: includeSchema(relationNames) } : {};
  Object.assign(queryProperties, include);
  // Filters: ?field=value (equals), ?field[op]=value; the query string parser (parseQueryString)
  // splits ?field[in]=a,b into a list. Each is a property of its own, so ajv checks every value
  // against the column's type and the OpenAPI document lists them.
  for (const column of filterable) {
    if (!controlKeys.has(column.name)) queryProperties[column.name] = { ...column.schema, description: `Rows whose ${column.name} equals this value.` };
    for (const op of column.operators) queryProperties[`${column.name}[${op}]`] = operatorSchema(column, op);
  }
  const listQuery = objectOf(queryProperties);
  const getQuery = objectOf(include);

  const listResponse = objectOf(
    {
      data: { type: "array", items: row },
      page: { type: "integer" },
      pageSize: { type: "integer" },
      hasMore: { type: "boolean" },
      next: { type: ["string", "null"], description: "Pass as ?after= for the next page (null on the last page, or when the sort field may be null)." },
      total: { type: "integer" },
    },
    { required: ["data", "page", "pageSize", "hasMore"] },
  );

  const params = idColumn ? objectOf({ id: idKeySchema(model, idColumn) }, { required: ["id"] }) : null;
  return { params, listQuery, getQuery, createBody, updateBody, row, listResponse, columns, idField: idColumn?.name ?? null, relations };
}

function selectOf(columns: readonly Column[]): Record<string, true> {
  const select: Record<string, true> = {};
  for (const column of columns) select[column.name] = true;
  return select;
}

function includeSchema(names: string[]): JsonSchema {
  return {
    type: "array",
    items: { type: "string", enum: names },
    uniqueItems: true,
    description: `Related rows to load with each row, comma-separated (one level): ${names.join(", ")}.`,
  };
}

const OPERATOR_WORDS: Record<FilterOperator, string> = {
  gt: "is greater than",
  gte: "is greater than or equal to",
  lt: "is less than",
  lte: "is less than or equal to",
  in: "is one of these comma-separated values",
  contains: "contains this text",
  startsWith: "starts with this text",
};

function operatorSchema(column: Column, op: FilterOperator): JsonSchema {
  const description = `Rows whose ${column.name} ${OPERATOR_WORDS[op]}.`;
  if (op === "in") return { type: "array", items: column.schema, minItems: 1, maxItems: MAX_IN_VALUES, description };
  // Text operators take any text: a part of a value need not be a valid value (an email's domain).
  if (op === "contains" || op === "startsWith") return { type: "string", minLength: 1, description };
  return { ...column.schema, description };
}

function idKeySchema(model: ModelDef, column: Column): JsonSchema {
  const field = model.fields.find((f) => f.name === column.name);
  return field && field.kind === "scalar" && field.id !== null && field.id !== "manual" ? keySchema(field.id) : column.schema;
}
