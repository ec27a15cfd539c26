import type { ScalarType } from "../model/model-def.js";
import type { ReadField, ReadSql } from "./read-sql.js";

/**
 * Reads by id and unfiltered pages, sent through the driver adapter Prisma's client is connected
 * through (its public SqlQueryable interface: queryRaw), not through the client. The client's part
 * of such a read (its request pipeline, the raw-query serializer and deserializer) was about a fifth
 * of the generated API's CPU on a read by id (bench/README.md); here the adapter's rows are turned
 * into the values the client gives (Date, BigInt, Decimal, Uint8Array, parsed JSON) by the model's
 * field types, known when the server starts. Writes, filters, counts and ?include= stay on the
 * Prisma API.
 */

/** The adapter's argument types (ArgType of @prisma/driver-adapter-utils). */
interface ArgType {
  scalarType: "int" | "bigint" | "string";
  arity: "scalar";
}

/** What the reads need of a connected driver adapter (SqlQueryable of @prisma/driver-adapter-utils). */
export interface SqlQueries {
  queryRaw(query: { sql: string; args: unknown[]; argTypes: ArgType[] }): Promise<{ rows: unknown[][] }>;
}

interface ConnectedAdapter extends SqlQueries {
  dispose(): Promise<void>;
}

interface AdapterFactory {
  connect(): Promise<ConnectedAdapter>;
}

const queriesOfClient = new WeakMap<object, SqlQueries>();

/**
 * Creates the Prisma client on `factory` (a driver adapter factory such as PrismaPg) and keeps the
 * adapter the client connects through, so that sqlReader can query it: the same pool (PostgreSQL)
 * or the same connection and lock (SQLite: a read waits for an open transaction, as the client's
 * own queries do). A read before the client has connected connects it; after $disconnect the next
 * read connects it again.
 */
export function readThroughAdapter<F extends AdapterFactory, C extends { $connect(): Promise<void> }>(factory: F, createClient: (factory: F) => C): C {
  let connected: ConnectedAdapter | undefined;
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = () => {
      if (connected === adapter) connected = undefined;
      return dispose();
    };
    connected = adapter;
    return adapter;
  };
  const client = createClient(factory);
  queriesOfClient.set(client, {
    async queryRaw(query) {
      if (connected === undefined) await client.$connect();
      return (connected as ConnectedAdapter).queryRaw(query);
    },
  });
  return client;
}

export interface SqlReader<Row> {
  find(id: unknown): Promise<Row | null>;
  /**
   * The ORDER BY of a page sorted as Prisma's `orderBy` list says (field: "asc" | "desc" terms, the
   * id when there is none), or undefined when a term is anything else (the page then goes through
   * the Prisma API).
   */
  orderBy(orderBy: unknown): string | undefined;
  page(orderBy: string, take: number, skip: number): Promise<Row[]>;
}

/** The class of the client's Decimal values (Prisma.Decimal of the generated client). */
export type DecimalClass = new (value: string | number) => unknown;

type Convert = (value: unknown) => unknown;

const toNumber: Convert = (value) => (typeof value === "number" ? value : Number(value));
// Both adapters give date-times as ISO 8601 text ("...+00:00"), SQLite's also as epoch milliseconds.
const toDate: Convert = (value) => new Date(value as string | number);
// PostgreSQL: true/false; SQLite: its integer, which the adapter gives as digits.
const toBoolean: Convert = (value) => value === true || value === 1 || value === "1" || value === 1n;
// PostgreSQL's json and jsonb come as their text; SQLite gives a stored JSON number as a number.
const toJsonValue: Convert = (value) => (typeof value === "string" ? JSON.parse(value) : value);
const toBytes: Convert = (value) =>
  ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : new Uint8Array(value as ArrayBuffer | number[]);

function converterOf(type: ScalarType, Decimal: DecimalClass): Convert | null {
  switch (type) {
    case "int":
    case "float":
      return toNumber;
    case "bigint":
      return (value) => BigInt(value as string | number | bigint);
    case "decimal":
      return (value) => new Decimal(value as string | number);
    case "boolean":
      return toBoolean;
    case "datetime":
    case "date":
      return toDate;
    case "json":
      return toJsonValue;
    case "bytes":
      return toBytes;
    default:
      return null;
  }
}

/** A field's value from the driver -> the client's, null and all; null when the driver's is the client's (strings, enums). */
function fieldConverter(field: ReadField, Decimal: DecimalClass): Convert | null {
  const convert = converterOf(field.type, Decimal);
  if (field.list) {
    // The client reads a NULL list (a list column without a default, left out of a create) as [].
    if (convert === null) return (value) => value ?? [];
    return (value) => (value === null || value === undefined ? [] : (value as unknown[]).map((item) => (item === null ? null : convert(item))));
  }
  return convert === null ? null : (value) => (value === null || value === undefined ? null : convert(value));
}

/** Array rows in SELECT order -> the client's row objects. */
function rowsConverter<Row>(fields: readonly ReadField[], Decimal: DecimalClass): (rows: unknown[][]) => Row[] {
  const names = fields.map((f) => f.name);
  const converters = fields.map((f) => fieldConverter(f, Decimal));
  return (rows) =>
    rows.map((values) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) {
        const convert = converters[i];
        row[names[i] as string] = convert ? convert(values[i]) : (values[i] ?? null);
      }
      return row as Row;
    });
}

const ARG_TYPES: Partial<Record<ScalarType, ArgType>> = {
  int: { scalarType: "int", arity: "scalar" },
  bigint: { scalarType: "bigint", arity: "scalar" },
};
const STRING_ARG: ArgType = { scalarType: "string", arity: "scalar" };
const PAGE_ARGS: ArgType[] = [ARG_TYPES.int as ArgType, ARG_TYPES.int as ArgType];

/**
 * The reader of one model on `client`, or undefined when the client was not created through
 * readThroughAdapter (the repository then reads through the Prisma API).
 */
export function sqlReader<Row>(client: object, sql: ReadSql, Decimal: DecimalClass): SqlReader<Row> | undefined {
  const queries = queriesOfClient.get(client);
  if (queries === undefined) return undefined;
  const p = (n: number): string => (sql.placeholder === "$" ? `$${n}` : "?");
  const findSql = `${sql.select} WHERE ${sql.id} = ${p(1)} LIMIT 1`;
  const idField = sql.fields.find((f) => f.name === sql.idField);
  const idArg = [ARG_TYPES[idField?.type ?? "string"] ?? STRING_ARG];
  // A BigInt id goes as its digits: both adapters bind those to a bigint column.
  const idValue = idField?.type === "bigint" ? (id: unknown) => String(id) : (id: unknown) => id;
  const toRows = rowsConverter<Row>(sql.fields, Decimal);
  return {
    async find(id) {
      const { rows } = await queries.queryRaw({ sql: findSql, args: [idValue(id)], argTypes: idArg });
      return toRows(rows)[0] ?? null;
    },
    orderBy(orderBy) {
      const terms: string[] = [];
      const list = orderBy === undefined ? [{ [sql.idField]: "asc" }] : [orderBy].flat();
      for (const entry of list as Array<Record<string, unknown>>) {
        const entries = typeof entry === "object" && entry !== null ? Object.entries(entry) : [];
        if (entries.length !== 1) return undefined;
        const [field, direction] = entries[0] as [string, unknown];
        const column = sql.columns[field];
        if (column === undefined || (direction !== "asc" && direction !== "desc")) return undefined;
        terms.push(`${column} ${direction === "desc" ? "DESC" : "ASC"}`);
      }
      return terms.length > 0 ? terms.join(", ") : undefined;
    },
    async page(orderBy, take, skip) {
      const { rows } = await queries.queryRaw({ sql: `${sql.select} ORDER BY ${orderBy} LIMIT ${p(1)} OFFSET ${p(2)}`, args: [take, skip], argTypes: PAGE_ARGS });
      return toRows(rows);
    },
  };
}
