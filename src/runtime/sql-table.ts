import { randomUUID } from "node:crypto";
import type { ScalarType } from "../model/model-def.js";
import { pgPoolReads } from "./pg-reads.js";
import type { ReadField, ReadSql } from "./read-sql.js";

/**
 * Creates, reads by id and pages (unfiltered, filtered by comparisons, keyset cursors), sent through the driver adapter Prisma's client is
 * connected through (its public SqlQueryable interface: queryRaw), not through the client: the
 * client's part of such a query (its request pipeline, query planning, serializers) was most of the
 * generated API's CPU per request (bench/README.md). The SQL is the one the client sends (an INSERT
 * with the values it fills in itself, RETURNING the row); the adapter's values are turned into the
 * client's (Date, BigInt, Decimal, Uint8Array, parsed JSON) by the model's field types, known when
 * the server starts, and the adapter's errors into the client's (P2002, P2003, ...). Updates,
 * deletes, counts, ?include= and the filters in, contains and startsWith stay on the Prisma API.
 * Reads may be answered beside the adapter, with its values: on SQLite by the project's client
 * (readsOf), on PostgreSQL on the adapter's pool (pg-reads.ts).
 */

/** The adapter's argument types (ArgType of @prisma/driver-adapter-utils). */
interface ArgType {
  scalarType: "int" | "bigint" | "float" | "decimal" | "boolean" | "enum" | "string" | "datetime" | "bytes";
  arity: "scalar";
}

/** What the table needs of a connected driver adapter (SqlQueryable of @prisma/driver-adapter-utils). */
export interface SqlQueries {
  queryRaw(query: { sql: string; args: unknown[]; argTypes: ArgType[] }): Promise<{ rows: unknown[][] }>;
}

interface ConnectedAdapter extends SqlQueries {
  dispose(): Promise<void>;
  provider?: unknown;
  underlyingDriver?: () => unknown;
}

interface AdapterFactory {
  connect(): Promise<ConnectedAdapter>;
  /**
   * Optional: what answers the table's reads (SELECTs) on the connected adapter, when the factory
   * can answer them more cheaply than the adapter's queryRaw with the same result (the generated
   * SQLite project's PreparedLibSql does). When not given: for Prisma's pg adapter, its pool
   * (pg-reads.ts); for any other, the adapter itself.
   */
  readsOf?(adapter: ConnectedAdapter): SqlQueries;
}

/** Where a table sends its reads and its writes. */
interface TableQueries {
  reads: SqlQueries;
  writes: SqlQueries;
}

const queriesOfClient = new WeakMap<object, TableQueries>();

/**
 * Creates the Prisma client on `factory` (a driver adapter factory such as PrismaPg) and keeps the
 * adapter the client connects through, so that sqlTable can query it: the same pool (PostgreSQL)
 * or the same connection and lock (SQLite: a read waits for an open transaction, as the client's
 * own queries do). A read before the client has connected connects it; after $disconnect the next
 * read connects it again.
 */
export function readThroughAdapter<F extends AdapterFactory, C extends { $connect(): Promise<void> }>(factory: F, createClient: (factory: F) => C): C {
  let connected: TableQueries | undefined;
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const queries = { reads: factory.readsOf?.(adapter) ?? pgPoolReads(adapter) ?? adapter, writes: adapter };
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = () => {
      if (connected === queries) connected = undefined;
      return dispose();
    };
    connected = queries;
    return adapter;
  };
  const client = createClient(factory);
  // Not async: once connected, a query adds no promise of its own to the adapter's.
  const via =
    (side: keyof TableQueries): SqlQueries["queryRaw"] =>
    (query) =>
      connected === undefined ? client.$connect().then(() => (connected as TableQueries)[side].queryRaw(query)) : connected[side].queryRaw(query);
  queriesOfClient.set(client, { reads: { queryRaw: via("reads") }, writes: { queryRaw: via("writes") } });
  return client;
}

export interface SqlTable<Row> {
  find(id: unknown): Promise<Row | null>;
  /**
   * A page as Prisma's findMany({ where, orderBy, take, skip }) reads it, or null when `where` or
   * `orderBy` holds anything but what lists send (field comparisons gt, gte, lt, lte, equals, joined
   * by AND and OR; field: "asc" | "desc" sorts): the Prisma API then reads the page.
   */
  page(options: { where?: unknown; orderBy?: unknown; take: number; skip: number }): Promise<Row[]> | null;
  /** The created row; null when this table cannot insert `data` itself (the Prisma API then does). */
  insert(data: Record<string, unknown>): Promise<Row> | null;
}

/** The class of the client's Decimal values (Prisma.Decimal of the generated client). */
export type DecimalClass = new (value: string | number) => unknown;

/** What the table needs of the generated client's Prisma namespace: its Decimal and its error class. */
export interface PrismaNamespace {
  Decimal: DecimalClass;
  PrismaClientKnownRequestError: new (message: string, info: { code: string; clientVersion: string; meta?: Record<string, unknown> }) => Error;
  prismaVersion: { client: string };
}

type Convert = (value: unknown) => unknown;

const toNumber: Convert = (value) => (typeof value === "number" ? value : Number(value));
// Both adapters give date-times as ISO 8601 text ("...+00:00"), SQLite's also as epoch milliseconds.
// (Reading that text digit by digit was 2.4x faster per value but made no difference per request:
// 0.995x of the CPU on a page of 20, 10 rounds; bench/README.md.)
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

const arg = (scalarType: ArgType["scalarType"]): ArgType => ({ scalarType, arity: "scalar" });
const ARG_TYPES: Partial<Record<ScalarType, ArgType>> = {
  int: arg("int"),
  bigint: arg("bigint"),
  float: arg("float"),
  decimal: arg("decimal"),
  boolean: arg("boolean"),
  enum: arg("enum"),
  datetime: arg("datetime"),
  date: arg("datetime"),
  bytes: arg("bytes"),
};
const STRING_ARG = arg("string");
const PAGE_ARGS: ArgType[] = [arg("int"), arg("int")];

// BigInt and Decimal values go as their digits: both adapters bind those to the column's type.
const argValueOf = (type: ScalarType): ((value: unknown) => unknown) =>
  type === "bigint" || type === "decimal" ? (value) => (value === null ? null : String(value)) : (value) => value;

/** The adapter's error kinds a write can meet, as the client reports them (Prisma's error codes). */
const ERROR_CODES: Record<string, string> = {
  UniqueConstraintViolation: "P2002",
  ForeignKeyConstraintViolation: "P2003",
  RestrictViolation: "P2003",
  LengthMismatch: "P2000",
  NullConstraintViolation: "P2011",
  ValueOutOfRange: "P2020",
  InvalidInputValue: "P2007",
};

/** A driver adapter's error as the client would throw it (its class, code and meta); anything else unchanged. */
function asClientError(error: unknown, prisma: PrismaNamespace, modelName: string): unknown {
  const kind = (error as { name?: unknown; cause?: { kind?: unknown } } | null)?.cause?.kind;
  const code = (error as { name?: unknown } | null)?.name === "DriverAdapterError" && typeof kind === "string" ? ERROR_CODES[kind] : undefined;
  if (code === undefined) return error;
  const meta: Record<string, unknown> = { modelName, driverAdapterError: error };
  return new prisma.PrismaClientKnownRequestError(`${kind} on ${modelName}`, { code, clientVersion: prisma.prismaVersion.client, meta });
}

const COMPARISONS: Record<string, string> = { equals: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" };

/**
 * Prisma's `where` as SQL, for the shapes list requests send (listRequestParser: filters and the
 * keyset seek): { field: { equals | gt | gte | lt | lte: value } } objects, AND and OR lists of
 * them. `comparison(field, operator, value)` binds the value and gives "column >= $n"; undefined for a field
 * it does not know. "" for an empty where; undefined for anything else (null values, in, contains,
 * NOT, relations), which the Prisma API then reads.
 */
function whereSql(where: unknown, comparison: (field: string, operator: string, value: unknown) => string | undefined): string | undefined {
  if (typeof where !== "object" || where === null || Array.isArray(where)) return undefined;
  const terms: string[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (key === "AND" || key === "OR") {
      if (!Array.isArray(value)) return undefined;
      const parts: string[] = [];
      for (const part of value) {
        const text = whereSql(part, comparison);
        if (text === undefined || (text === "" && key === "OR")) return undefined;
        if (text !== "") parts.push(`(${text})`);
      }
      if (parts.length > 0) terms.push(parts.length === 1 ? (parts[0] as string) : `(${parts.join(` ${key} `)})`);
      continue;
    }
    if (typeof value !== "object" || value === null || value instanceof Date || Array.isArray(value)) return undefined;
    for (const [op, operand] of Object.entries(value)) {
      const sqlOp = COMPARISONS[op];
      if (sqlOp === undefined || operand === null || operand === undefined) return undefined;
      const term = comparison(key, sqlOp, operand);
      if (term === undefined) return undefined;
      terms.push(term);
    }
  }
  return terms.join(" AND ");
}

/** At most this many INSERT texts (one per set of fields a create names) are kept per table. */
const MAX_INSERT_TEXTS = 64;

/**
 * The SQL table of one model on `client`, or undefined when the client was not created through
 * readThroughAdapter (the repository then uses the Prisma API for everything). `modelName` is the
 * client's name of the model, for its errors.
 */
export function sqlTable<Row>(client: object, sql: ReadSql, prisma: PrismaNamespace, modelName: string): SqlTable<Row> | undefined {
  const queries = queriesOfClient.get(client);
  if (queries === undefined) return undefined;
  const p = (n: number): string => (sql.placeholder === "$" ? `$${n}` : "?");
  const findSql = `${sql.select} WHERE ${sql.id} = ${p(1)} LIMIT 1`;
  const toRows = rowsConverter<Row>(sql.fields, prisma.Decimal);
  const fieldByName = new Map(sql.fields.map((f) => [f.name, { ...f, argType: ARG_TYPES[f.type] ?? STRING_ARG, value: argValueOf(f.type) }]));
  const id = fieldByName.get(sql.idField);
  const idArgTypes = [id?.argType ?? STRING_ARG];
  const generated = sql.fields.filter((f) => f.onCreate !== null);
  /** Prisma's orderBy list (field: "asc" | "desc" terms) as an ORDER BY, or undefined for any other term. */
  const orderSql = (orderBy: unknown): string | undefined => {
    // Loops, no entries arrays: it runs for every page.
    let text = "";
    for (const entry of Array.isArray(orderBy) ? (orderBy as unknown[]) : [orderBy]) {
      if (typeof entry !== "object" || entry === null) return undefined;
      let term: string | undefined;
      for (const field in entry) {
        const direction = (entry as Record<string, unknown>)[field];
        if (term !== undefined || !Object.hasOwn(sql.columns, field) || (direction !== "asc" && direction !== "desc")) return undefined;
        term = `${sql.columns[field]} ${direction === "desc" ? "DESC" : "ASC"}`;
      }
      if (term === undefined) return undefined;
      text = text === "" ? term : `${text}, ${term}`;
    }
    return text === "" ? undefined : text;
  };
  // Pages without ?sort come in primary-key order (listRequestParser always sends one; other callers may not).
  const idOrder = orderSql({ [sql.idField]: "asc" });
  const insertTexts = new Map<string, string>();
  const insertText = (names: string[]): string => {
    const key = names.join(",");
    let text = insertTexts.get(key);
    if (text === undefined) {
      const columns = names.map((name) => sql.columns[name]).join(", ");
      text =
        names.length === 0
          ? `INSERT INTO ${sql.table} DEFAULT VALUES RETURNING ${sql.returning}`
          : `INSERT INTO ${sql.table} (${columns}) VALUES (${names.map((_, i) => p(i + 1)).join(", ")}) RETURNING ${sql.returning}`;
      if (insertTexts.size < MAX_INSERT_TEXTS) insertTexts.set(key, text);
    }
    return text;
  };
  return {
    find(value) {
      return queries.reads.queryRaw({ sql: findSql, args: [id ? id.value(value) : value], argTypes: idArgTypes }).then(({ rows }) => toRows(rows)[0] ?? null);
    },
    page({ where, orderBy, take, skip }) {
      const order = orderBy === undefined ? idOrder : orderSql(orderBy);
      const args: unknown[] = [];
      const argTypes: ArgType[] = [];
      const condition = where === undefined ? "" : whereSql(where, (name, operator, operand) => {
        const field = fieldByName.get(name);
        if (field === undefined || field.list) return undefined;
        args.push(field.value(operand));
        argTypes.push(field.argType);
        return `${sql.columns[name]} ${operator} ${p(args.length)}`;
      });
      if (order === undefined || condition === undefined) return null;
      args.push(take, skip);
      argTypes.push(...PAGE_ARGS);
      const text = `${sql.select}${condition === "" ? "" : ` WHERE ${condition}`} ORDER BY ${order} LIMIT ${p(args.length - 1)} OFFSET ${p(args.length)}`;
      return queries.reads.queryRaw({ sql: text, args, argTypes }).then(({ rows }) => toRows(rows));
    },
    insert(data) {
      if (!sql.insertable) return null;
      const names: string[] = [];
      const args: unknown[] = [];
      const argTypes: ArgType[] = [];
      for (const name in data) {
        const value = data[name];
        if (value === undefined) continue;
        const field = fieldByName.get(name);
        if (field === undefined) return null;
        names.push(name);
        args.push(field.value(value));
        argTypes.push(field.argType);
      }
      // What the client fills in itself when the data leaves it out: one timestamp for now() and
      // @updatedAt, a v4 UUID for uuid() (the SQL the client sends, seen in its query log).
      let now: Date | undefined;
      for (const field of generated) {
        if (data[field.name] !== undefined) continue;
        names.push(field.name);
        if (field.onCreate === "uuid") {
          args.push(randomUUID());
          argTypes.push(STRING_ARG);
        } else {
          now ??= new Date();
          args.push(now);
          argTypes.push(ARG_TYPES.datetime as ArgType);
        }
      }
      return queries.writes.queryRaw({ sql: insertText(names), args, argTypes }).then(
        ({ rows }) => toRows(rows)[0] as Row,
        (error: unknown) => {
          throw asClientError(error, prisma, modelName);
        },
      );
    },
  };
}
