import type { Column } from "./columns.js";
import { LIST_CONTROL_KEYS } from "./resource-schemas.js";

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
export function jsonRowConverter(columns: readonly Column[]): (<T extends Row>(row: T) => T) | null {
  const converted = columns.filter((c) => c.conversion !== null);
  if (converted.length === 0) return null;
  return (row) => {
    const out: Row = { ...row };
    for (const column of converted) out[column.name] = toJsonValue(column, out[column.name]);
    return out as typeof row;
  };
}

export interface ListQuery {
  page: number;
  pageSize: number;
  sort?: string;
  order: "asc" | "desc";
  total: boolean;
  [filter: string]: unknown;
}

export interface ListRequest {
  page: number;
  pageSize: number;
  /** Whether to count all matching rows too. */
  total: boolean;
  where: Row;
  orderBy: Record<string, "asc" | "desc">;
}

/**
 * Splits a validated list query into Prisma's where/orderBy and the page. Without ?sort the rows
 * come in primary-key order, so pages are stable.
 */
export function listRequestParser(columns: readonly Column[]): (query: ListQuery) => ListRequest {
  const control = new Set<string>(LIST_CONTROL_KEYS);
  const toPrisma = prismaInputConverter(columns);
  // A model without a single id sorts by its first column that sorts meaningfully (not Json or Bytes).
  const defaultSort = columns.find((c) => c.id)?.name ?? columns.find((c) => c.filterable)?.name;
  return (query) => {
    let where: Row = {};
    let filtered = false;
    for (const key in query) {
      if (control.has(key)) continue;
      where[key] = query[key];
      filtered = true;
    }
    if (filtered) where = toPrisma(where);
    const sort = query.sort ?? defaultSort;
    return {
      page: query.page,
      pageSize: query.pageSize,
      total: query.total === true,
      where,
      orderBy: sort === undefined ? {} : { [sort]: query.order ?? "asc" },
    };
  };
}

/** `{ id: true, ... }` for every column: reads never fetch relations, and the SQL names its columns. */
export function scalarSelect(columns: readonly Column[]): Record<string, true> {
  const select: Record<string, true> = {};
  for (const column of columns) select[column.name] = true;
  return select;
}
