import type { IdStrategy, KeyType, ScalarFieldDef } from "../model/model-def.js";

/** A JSON Schema object (draft-07 subset as Fastify's ajv and @fastify/swagger read it). */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * How each scalar type travels as JSON, both ways. The choices follow what the Prisma 7 client
 * returns and what JSON can carry without losing information:
 * - bigint: a string of digits. JSON numbers are doubles in every JavaScript client, so ids above
 *   2^53 would silently change; strings keep them exact (the same choice as Stripe and Twitter ids).
 * - decimal: a string ("12.50" in, Decimal.toString() out), never a double, for the same reason.
 * - datetime: an ISO 8601 date-time string; date: "YYYY-MM-DD".
 * - json: any JSON value; bytes: base64.
 */
export function valueSchema(field: Pick<ScalarFieldDef, "type" | "length" | "enumValues" | "id"> & { native?: ScalarFieldDef["native"] }): JsonSchema {
  switch (field.type) {
    case "string":
      if (field.id === "uuid" || field.native?.name === "Uuid") return { type: "string", format: "uuid" };
      return field.length === null ? { type: "string" } : { type: "string", maxLength: field.length };
    case "text":
      return { type: "string" };
    case "int":
      // Prisma's Int is a signed 32-bit column on every provider.
      return { type: "integer", minimum: -2147483648, maximum: 2147483647 };
    case "bigint":
      return { type: "string", pattern: "^-?[0-9]{1,19}$" };
    case "float":
      return { type: "number" };
    case "decimal":
      return { type: "string", pattern: "^-?[0-9]+(\\.[0-9]+)?$" };
    case "boolean":
      return { type: "boolean" };
    case "datetime":
      return { type: "string", format: "date-time" };
    case "date":
      return { type: "string", format: "date" };
    case "json":
      return {};
    case "bytes":
      return { type: "string", contentEncoding: "base64" };
    case "enum":
      return { type: "string", enum: [...(field.enumValues ?? [])] };
    case "unsupported":
      // Never in a row or a body: the Prisma Client cannot read or write the column.
      return {};
  }
}

/** The JSON shape of a key column (id or foreign key) of the given key type. */
export function keySchema(keyType: KeyType | IdStrategy): JsonSchema {
  switch (keyType) {
    case "int":
      return { type: "integer", minimum: -2147483648, maximum: 2147483647 };
    case "bigint":
      return { type: "string", pattern: "^-?[0-9]{1,19}$" };
    case "uuid":
      return { type: "string", format: "uuid" };
    case "cuid":
    case "string":
    case "manual":
      return { type: "string", minLength: 1 };
  }
}

/** The same value schema, accepting null too (optional columns are NULL in the row). */
export function nullable(schema: JsonSchema): JsonSchema {
  if (Object.keys(schema).length === 0) return schema; // "any" already admits null
  const type = schema.type;
  const widened: JsonSchema = { ...schema, type: Array.isArray(type) ? [...type, "null"] : [type, "null"] };
  if (Array.isArray(schema.enum)) widened.enum = [...schema.enum, null];
  return widened;
}
