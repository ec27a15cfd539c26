import type { ModelDef } from "../model/model-def.js";
import { columnsOf, rowSchemaOf, type Column, type ExtraForeignKey } from "./columns.js";
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
export const LIST_CONTROL_KEYS = ["page", "pageSize", "sort", "order", "total"] as const;

export interface ResourceSchemaOptions {
  /** Foreign keys the schema renderer generates on this model (see ExtraForeignKey). */
  foreignKeys?: readonly ExtraForeignKey[];
}

/** The JSON Schemas of one model's CRUD routes; the same objects feed ajv, fast-json-stringify and OpenAPI. */
export interface ResourceSchemas {
  /** `{ id }` typed per the id strategy; null when the model has a composite or no id. */
  params: JsonSchema | null;
  listQuery: JsonSchema;
  createBody: JsonSchema;
  updateBody: JsonSchema;
  row: JsonSchema;
  listResponse: JsonSchema;
  /** The model's columns (scalar fields and foreign keys), for the repository's select and the converters. */
  columns: Column[];
  /** Name of the single-field primary key, or null. */
  idField: string | null;
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

  const rowProperties: Record<string, JsonSchema> = {};
  for (const column of columns) rowProperties[column.name] = rowSchemaOf(column);
  const row = objectOf(rowProperties, { required: columns.map((c) => c.name) });

  const writable = columns.filter((c) => !c.managed);
  const createProperties: Record<string, JsonSchema> = {};
  for (const column of writable) createProperties[column.name] = rowSchemaOf(column);
  const required = writable.filter((c) => !c.optionalOnCreate).map((c) => c.name);
  const createBody = objectOf(createProperties, required.length > 0 ? { required } : {});

  const updateProperties: Record<string, JsonSchema> = {};
  // Changing a primary key through PATCH would break every reference to the row: not offered.
  for (const column of writable) if (!column.id) updateProperties[column.name] = rowSchemaOf(column);
  const updateBody = objectOf(updateProperties, { minProperties: 1 });

  const filterable = columns.filter((c) => c.filterable && !controlKeys.has(c.name));
  const queryProperties: Record<string, JsonSchema> = {
    page: { type: "integer", minimum: 1, maximum: MAX_PAGE, default: 1 },
    pageSize: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
    order: { type: "string", enum: ["asc", "desc"], default: "asc" },
    total: { type: "boolean", default: false, description: "Also count the matching rows (one more query)." },
  };
  if (filterable.length > 0) queryProperties.sort = { type: "string", enum: filterable.map((c) => c.name) };
  for (const column of filterable) queryProperties[column.name] = column.schema;
  const listQuery = objectOf(queryProperties);

  const listResponse = objectOf(
    {
      data: { type: "array", items: row },
      page: { type: "integer" },
      pageSize: { type: "integer" },
      hasMore: { type: "boolean" },
      total: { type: "integer" },
    },
    { required: ["data", "page", "pageSize", "hasMore"] },
  );

  const params = idColumn ? objectOf({ id: idKeySchema(model, idColumn) }, { required: ["id"] }) : null;
  return { params, listQuery, createBody, updateBody, row, listResponse, columns, idField: idColumn?.name ?? null };
}

function idKeySchema(model: ModelDef, column: Column): JsonSchema {
  const field = model.fields.find((f) => f.name === column.name);
  return field && field.kind === "scalar" && field.id !== null && field.id !== "manual" ? keySchema(field.id) : column.schema;
}
