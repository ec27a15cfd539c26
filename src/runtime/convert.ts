import { parse } from "node:querystring";
import type { Column } from "./columns.js";
import { LIST_CONTROL_KEYS, type IncludedRelation } from "./resource-schemas.js";

type Row = Record<string, unknown>;

function toPrismaValue(conversion: Column["conversion"], value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => toPrismaValue(conversion, v));
  switch (conversion) {
    case "bigint":
      return BigInt(value as string | number);
    case "date":
      // A calendar date is stored as midnight UTC, which is what Prisma returns for @db.Date.
      return new Date(`${value as string}T00:00:00.000Z`);
    case "bytes":
      return new Uint8Array(Buffer.from(value as string, "base64"));
    default:
      return value;
  }
}

function toJsonValue(column: Column, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => toJsonValue(column, v));
  switch (column.conversion) {
    case "bigint":
      return String(value);
    case "decimal":
      return column.scale !== null && typeof (value as { toFixed?: unknown }).toFixed === "function" ? (value as { toFixed(d: number): string }).toFixed(column.scale) : String(value);
    case "date":
      return (value as Date).toISOString().slice(0, 10);
    case "bytes":
      return Buffer.from(value as Uint8Array).toString("base64");
    default:
      return value;
  }
}

/**
 * Turns a validated JSON body (or filter) into Prisma input: bigint digits to BigInt, dates to Date,
 * base64 to bytes. Returns the identity function when the model has no such column, so the common
 * case pays nothing.
 */
export function prismaInputConverter(columns: readonly Column[]): <T extends Row>(body: T) => T {
  const converted = columns.filter((c) => c.conversion !== null && c.conversion !== "decimal");
  if (converted.length === 0) return (body) => body;
  return (body) => {
    const out: Row = { ...body };
    for (const column of converted) if (column.name in out) out[column.name] = toPrismaValue(column.conversion, out[column.name]);
    return out as typeof body;
  };
}

/**
 * Turns a row from Prisma into what the response schema serializes. fast-json-stringify writes
 * Date objects as date-times itself; it refuses BigInt and Decimal values for a string (or
 * string-or-null) schema, would write calendar dates in the server's local time zone, and knows
 * nothing of bytes. Returns null when the model has none of those, so most rows are not copied.
 */
export function jsonRowConverter(columns: readonly Column[], relations: Readonly<Record<string, IncludedRelation>> = {}): (<T extends Row>(row: T) => T) | null {
  const converted = columns.filter((c) => c.conversion !== null);
  // Included rows are converted by their own model's columns.
  const nested: Array<[string, <T extends Row>(row: T) => T]> = [];
  for (const [name, relation] of Object.entries(relations)) {
    const convert = jsonRowConverter(relation.columns);
    if (convert) nested.push([name, convert]);
  }
  if (converted.length === 0 && nested.length === 0) return null;
  return (row) => {
    const out: Row = { ...row };
    for (const column of converted) out[column.name] = toJsonValue(column, out[column.name]);
    for (const [name, convert] of nested) {
      const value = out[name];
      if (Array.isArray(value)) out[name] = value.map((item) => convert(item as Row));
      else if (value !== null && value !== undefined) out[name] = convert(value as Row);
    }
    return out as typeof row;
  };
}

/** jsonRowConverter, or the identity when no column needs converting: services call it on every row they return. */
export function rowToJson(columns: readonly Column[], relations: Readonly<Record<string, IncludedRelation>> = {}): <T extends Row>(row: T) => T {
  return jsonRowConverter(columns, relations) ?? ((row) => row);
}

/** Query keys whose value is a comma-separated list: ?include=a,b and every ?field[in]=a,b. */
const isListKey = (key: string): boolean => key === "include" || key.endsWith("[in]");

/**
 * The generated app's query string parser (Fastify's querystringParser): the same decoding as
 * Fastify's default, with the values of list keys (?include=, ?field[in]=) split at commas, so the
 * schema can check each item against the column's type. A repeated key adds values too
 * (?status[in]=paid&status[in]=shipped), which is also the way to pass a value holding a comma.
 */
export function parseQueryString(text: string): Record<string, string | string[]> {
  const parsed = parse(text);
  const query: Record<string, string | string[]> = {};
  for (const key of Object.keys(parsed)) {
    const value = parsed[key] as string | string[];
    query[key] = isListKey(key) ? [value].flat().flatMap((item) => item.split(",")) : value;
  }
  return query;
}

export interface ListQuery {
  page: number;
  pageSize: number;
  sort?: string;
  order: "asc" | "desc";
  total: boolean;
  include?: string[];
  /** A `next` cursor of an earlier page: keyset pagination, instead of ?page=. */
  after?: string;
  [filter: string]: unknown;
}

/** The query of GET /:id. */
export interface GetQuery {
  include?: string[];
}

export interface ListRequest {
  page: number;
  pageSize: number;
  /** Whether to count all matching rows too. */
  total: boolean;
  where: Row;
  /** The sort, then the id to break ties (rows with equal sort values keep one order across pages). */
  orderBy: Array<Record<string, "asc" | "desc">>;
  /**
   * Writes the `next` cursor of a page from its last row (null when the list cannot take cursors:
   * no single id, or a sort on a field that may be null).
   */
  cursorOf: ((row: Row) => string) | null;
  /** The nested selects of the relations ?include= names (undefined without ?include=). */
  include: Record<string, IncludedRelation["select"]> | undefined;
}

/** The nested selects of the named relations (names already checked by the query schema); undefined for none. */
export function includeSelect(relations: Readonly<Record<string, IncludedRelation>>, names: readonly string[] | undefined): Record<string, IncludedRelation["select"]> | undefined {
  if (!names || names.length === 0) return undefined;
  const select: Record<string, IncludedRelation["select"]> = {};
  for (const name of names) {
    const relation = relations[name];
    if (!relation) throw new Error(`includeSelect: unknown relation ${name}`);
    select[name] = relation.select;
  }
  return select;
}

/** `total[gte]` -> ["total", "gte"]; a plain key is equality. */
const OPERATOR_KEY = /^(.+)\[(gt|gte|lt|lte|in|contains|startsWith)\]$/;

/**
 * Splits a validated list query into Prisma's where/orderBy and the page. Without ?sort the rows
 * come in primary-key order (single or composite), so pages are stable and the key's index serves
 * the sort; a ?sort is followed by the key, which breaks its ties.
 */
export function listRequestParser(columns: readonly Column[], relations: Readonly<Record<string, IncludedRelation>> = {}): (query: ListQuery) => ListRequest {
  const control = new Set<string>(LIST_CONTROL_KEYS);
  const conversionOf = new Map(columns.map((c) => [c.name, c.conversion === "decimal" ? null : c.conversion]));
  const byName = new Map(columns.map((c) => [c.name, c]));
  const id = columns.find((c) => c.id);
  // A composite @@id orders the rows by itself (its index backs it, and it is a total order); a
  // model with neither key sorts by its first column that sorts meaningfully (not Json or Bytes).
  const primaryKey = id ? [] : columns.filter((c) => c.compositeKey !== undefined).sort((a, b) => a.compositeKey! - b.compositeKey!);
  const defaultSort = id?.name ?? (primaryKey.length > 0 ? undefined : columns.find((c) => c.filterable)?.name);
  return (query) => {
    const where: Record<string, Row> = {};
    for (const key in query) {
      if (control.has(key)) continue;
      // The query schema admits only `field` and `field[op]` for filterable fields.
      const [field, op] = OPERATOR_KEY.exec(key)?.slice(1) ?? [key, "equals"];
      (where[field!] ??= {})[op!] = toPrismaValue(conversionOf.get(field!) ?? null, query[key]);
    }
    const sort = query.sort ?? defaultSort;
    const order = query.order ?? "asc";
    const orderBy: ListRequest["orderBy"] = sort === undefined ? [] : [{ [sort]: order }];
    if (id && sort !== undefined && sort !== id.name) orderBy.push({ [id.name]: order });
    for (const column of primaryKey) if (column.name !== sort) orderBy.push({ [column.name]: order });
    // Keyset pagination needs a total order: the sort value (never null), then the id.
    const keyset = id !== undefined && sort !== undefined && !byName.get(sort)!.nullable ? { sort: byName.get(sort)!, id } : null;
    let filter: Row = where;
    let page = query.page;
    if (query.after !== undefined) {
      if (!keyset) throw listError("BAD_CURSOR", `?after= needs a sort on a field that is never null${id ? "" : " and a model with a single id"}; ?sort=${sort} is not one`);
      if (page !== 1) throw listError("BAD_CURSOR", "?after= and ?page= do not go together: a cursor says where the page starts");
      const seek = seekWhere(keyset.sort, keyset.id, order, decodeCursor(query.after, keyset.sort, keyset.id));
      filter = Object.keys(where).length === 0 ? seek : { AND: [where, seek] };
      page = 1;
    }
    return {
      page,
      pageSize: query.pageSize,
      total: query.total === true,
      where: filter,
      orderBy,
      cursorOf: keyset ? (row) => encodeCursor(keyset.sort === keyset.id ? [row[keyset.id.name]] : [row[keyset.sort.name], row[keyset.id.name]]) : null,
      include: includeSelect(relations, query.include),
    };
  };
}

/** An error the app answers with its status and code (Fastify's error handler passes 4xx through). */
function listError(code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400, code });
}

/** A row's sort value as JSON: dates as ISO text, bigints and decimals as their digits. */
function cursorValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (value !== null && typeof value === "object") return String(value); // Decimal
  return value;
}

/** Opaque to clients (base64url of a JSON array), so its form can change without breaking them. */
function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values.map(cursorValue))).toString("base64url");
}

function decodeCursor(cursor: string, sort: Column, id: Column): unknown[] {
  const bad = (): never => {
    throw listError("BAD_CURSOR", "?after= is not a cursor of this list: pass the `next` of an earlier page with the same ?sort=");
  };
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return bad();
  }
  const keys = sort === id ? [id] : [sort, id];
  if (!Array.isArray(values) || values.length !== keys.length) return bad();
  return keys.map((column, i) => {
    const value = (values as unknown[])[i];
    // A forged cursor must be a 400 here, not a value the database or Prisma refuses later (a 500).
    if (!fitsColumn(column, value)) return bad();
    return column.conversion === "bigint" ? BigInt(value as string) : column.conversion === "date" ? new Date(value as string) : value;
  });
}

const DIGITS = /^-?[0-9]{1,19}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^-?[0-9]{1,65}(\.[0-9]{1,30})?$/;

/** Whether a cursor value has the form of the column's values, as cursorValue writes them. */
function fitsColumn(column: Column, value: unknown): boolean {
  const schema = column.schema;
  switch (column.conversion) {
    case "bigint":
      return typeof value === "string" && DIGITS.test(value) && BigInt(value) >= -(2n ** 63n) && BigInt(value) < 2n ** 63n;
    case "decimal":
      return typeof value === "string" && DECIMAL.test(value);
    case "date":
      return typeof value === "string" && !Number.isNaN(Date.parse(value));
  }
  if (Array.isArray(schema.enum)) return schema.enum.includes(value);
  switch (schema.type) {
    case "integer":
      return Number.isSafeInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "string":
      if (typeof value !== "string") return false;
      if (schema.format === "uuid") return UUID.test(value);
      return schema.format !== "date-time" || !Number.isNaN(Date.parse(value));
    default:
      return false;
  }
}

/** The rows after the cursor in the list's order: (sort, id) greater (or less, descending) than the cursor's. */
function seekWhere(sort: Column, id: Column, order: "asc" | "desc", values: unknown[]): Row {
  const past = order === "asc" ? "gt" : "lt";
  if (sort === id) return { [id.name]: { [past]: values[0] } };
  return { OR: [{ [sort.name]: { [past]: values[0] } }, { [sort.name]: { equals: values[0] }, [id.name]: { [past]: values[1] } }] };
}

/**
 * The row's id from the URL's (after the params schema): a bigint id arrives as digits and becomes
 * a BigInt; every other id is already what the client takes. The identity for those.
 */
export function idFromParam<Id>(columns: readonly Column[]): (id: string | number) => Id {
  const id = columns.find((c) => c.id);
  if (id?.conversion === "bigint") return (value) => BigInt(value) as Id;
  return (value) => value as Id;
}

/** `{ id: true, ... }` for every column: reads never fetch relations, and the SQL names its columns. */
export function scalarSelect(columns: readonly Column[]): Record<string, true> {
  const select: Record<string, true> = {};
  for (const column of columns) select[column.name] = true;
  return select;
}
