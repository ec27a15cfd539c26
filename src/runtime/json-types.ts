import type { FieldValidation, IdStrategy, KeyType, ScalarFieldDef } from "../model/model-def.js";

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
export function valueSchema(field: Pick<ScalarFieldDef, "type" | "length" | "enumValues" | "id"> & Partial<Pick<ScalarFieldDef, "precision" | "scale">> & { native?: ScalarFieldDef["native"] }): JsonSchema {
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
      return { type: "string", pattern: BIGINT_PATTERN, description: BIGINT_DESCRIPTION };
    case "float":
      // Prisma writes a double near Number.MAX_VALUE with 16 significant digits, rounded up past
      // what PostgreSQL's double precision holds ("out of range", a 500): 1e308 is far enough.
      return { type: "number", minimum: -1e308, maximum: 1e308 };
    case "decimal":
      return { type: "string", pattern: decimalPattern(field.precision ?? null, field.scale ?? null), description: decimalDescription(field.precision ?? null, field.scale ?? null) };
    case "boolean":
      return { type: "boolean" };
    case "datetime":
      return { type: "string", format: "date-time", pattern: NOT_BEFORE_YEAR_2, description: "a date and time (ISO 8601, e.g. \"2024-05-01T10:00:00Z\") from the year 2 on" };
    case "date":
      return { type: "string", format: "date", pattern: NOT_BEFORE_YEAR_2, description: "a date (YYYY-MM-DD) from the year 2 on" };
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

/**
 * What a request body may send for the field: its value schema, with the model's validations
 * (.minLength(), .email() ...) added, and decimals also as JSON numbers. A decimal number must fit
 * the column as the string form does (digits before the point, and multipleOf for the scale: the
 * body ajv runs with multipleOfPrecision, so 1.15 counts as a multiple of 0.01).
 */
export function inputSchema(field: Parameters<typeof valueSchema>[0] & { validation?: FieldValidation | null }): JsonSchema {
  const schema = valueSchema(field);
  if (field.type === "decimal") {
    const p = field.precision ?? null;
    const s = p === null ? 30 : (field.scale ?? 0);
    const limit = 10 ** ((p ?? 65) - s);
    Object.assign(schema, {
      type: ["string", "number"],
      exclusiveMinimum: -limit,
      exclusiveMaximum: limit,
      ...(s <= 15 ? { multipleOf: 10 ** -s } : {}),
      description: `${String(schema.description).replace("a decimal number as a string", "a decimal number, as a string or a JSON number")}`,
    });
  }
  const v = field.validation;
  if (!v) return schema;
  if (v.minLength !== null) schema.minLength = v.minLength;
  if (v.maxLength !== null) schema.maxLength = typeof schema.maxLength === "number" ? Math.min(schema.maxLength, v.maxLength) : v.maxLength;
  if (v.minimum !== null) schema.minimum = typeof schema.minimum === "number" ? Math.max(schema.minimum, v.minimum) : v.minimum;
  if (v.maximum !== null) schema.maximum = typeof schema.maximum === "number" ? Math.min(schema.maximum, v.maximum) : v.maximum;
  if (v.pattern !== null) {
    schema.pattern = v.pattern;
    // The error handler shows a pattern's description; a regex alone says little to a client.
    schema.description = `text matching the pattern ${v.pattern}`;
  }
  if (v.format !== null) schema.format = v.format;
  return schema;
}

/** The JSON shape of a key column (id or foreign key) of the given key type. */
export function keySchema(keyType: KeyType | IdStrategy): JsonSchema {
  switch (keyType) {
    case "int":
      return { type: "integer", minimum: -2147483648, maximum: 2147483647 };
    case "bigint":
      return { type: "string", pattern: BIGINT_PATTERN, description: BIGINT_DESCRIPTION };
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

/**
 * A regular expression source for the decimal integers from 0 up to `max` (no sign, no leading
 * zeros): shorter numbers, then for each digit of `max` the numbers that share its digits before
 * and have a smaller one there, then `max` itself.
 */
function upTo(max: bigint): string {
  const digits = max.toString();
  const alternatives = [`0`];
  if (digits.length > 1) alternatives.push(`[1-9][0-9]{0,${digits.length - 2}}`);
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[i]);
    const lowest = i === 0 ? 1 : 0;
    if (digit - 1 < lowest) continue;
    const rest = digits.length - i - 1;
    alternatives.push(`${digits.slice(0, i)}[${lowest}-${digit - 1}]${rest > 0 ? `[0-9]{${rest}}` : ""}`);
  }
  alternatives.push(digits);
  return alternatives.join("|");
}

/**
 * A 64-bit signed integer as digits: -9223372036854775808 to 9223372036854775807. "[0-9]{1,19}"
 * let 9999999999999999999 through to the database (a 500: out of range); leading zeros are fine.
 */
export const BIGINT_PATTERN = `^(?:0*(?:${upTo(2n ** 63n - 1n)})|-0*(?:${upTo(2n ** 63n)}))$`;

/**
 * The date formats take the year 0000, which PostgreSQL refuses (there is no year 0: a 500), and
 * 0001 with a time zone can fall into it once in UTC; nobody stores those years.
 */
export const NOT_BEFORE_YEAR_2 = "^(?!000[01]-)";

/** What BIGINT_PATTERN means, for the docs page and for a 400's message (a regex says nothing to a client). */
export const BIGINT_DESCRIPTION = "a whole number from -9223372036854775808 to 9223372036854775807, as a string of digits";

/** What decimalPattern(p, s) means, in words. */
export function decimalDescription(precision: number | null, scale: number | null): string {
  const p = precision ?? 65;
  const s = precision === null ? 30 : (scale ?? 0);
  const whole = p - s > 0 ? `at most ${p - s} digit${p - s === 1 ? "" : "s"} before the point` : "no digits but 0 before the point";
  return `a decimal number as a string, ${whole} and at most ${s} after it (e.g. "${p - s >= 2 ? "12" : p - s === 1 ? "1" : "0"}${s > 0 ? "." + "5".padEnd(s, "0") : ""}")`;
}

/**
 * decimal(p, s) as a string the column holds without rounding or overflow: at most p - s digits
 * before the point and s after (trailing zeros beyond the scale change nothing and are allowed).
 * PostgreSQL refused more integer digits with a 500 (numeric field overflow); SQLite stored them
 * rounded (123456789012.999 became 123456789013.00). Without precision Prisma makes the column
 * Decimal(65, 30).
 */
export function decimalPattern(precision: number | null, scale: number | null): string {
  const p = precision ?? 65;
  const s = precision === null ? 30 : (scale ?? 0);
  const whole = p - s > 0 ? `0*[0-9]{1,${p - s}}` : "0+";
  const fraction = s > 0 ? `(\\.[0-9]{1,${s}}0*)?` : "(\\.0+)?";
  return `^-?${whole}${fraction}$`;
}
