import type { SqlQueries } from "./sql-table.js";

/**
 * The repositories' reads on PostgreSQL, sent on the pool Prisma's pg adapter queries
 * (PrismaPgAdapter.underlyingDriver()), with the rows in the form the adapter's queryRaw gives them.
 *
 * The adapter's queryRaw builds a type-parser closure per query (so pg copies the query's config),
 * records a debug entry, maps every argument and the column types of every result: about 3% of the
 * CPU of a page of 20 in the generated API (bench/README.md of backant). Reads here send the same
 * SQL as named statements, with parsers that give each column type the adapter's value, built once.
 *
 * Only results whose columns all have one of those types are answered here: the first time a SQL
 * text returns any other type (json, bytea, arrays, time, timestamptz, money, ...), it is read again
 * through the adapter, as is every later read of that text. A failed read is also sent again through
 * the adapter, so that its error is the adapter's (a SELECT changes nothing; sending it twice is safe).
 */

/** What pg.Pool offers that this needs. */
interface PgPool {
  query(config: { name?: string; text: string; values: unknown[]; rowMode: "array"; types: TypeParsers }): Promise<{ rows: unknown[][]; fields: { dataTypeID: number }[] }>;
}

interface TypeParsers {
  getTypeParser(oid: number, format?: string): (text: string) => unknown;
}

type Query = Parameters<SqlQueries["queryRaw"]>[0];

const asText = (value: string): string => value;
const integer = (value: string): number => Number.parseInt(value, 10);
const PG_TRUE = new Set(["TRUE", "t", "true", "y", "yes", "on", "1"]);

/**
 * Per type oid, the value Prisma's pg adapter gives for the column's text: pg's own parsers where
 * the adapter keeps them (pg-types: booleans, int2/int4 as numbers, int8 as its digits, floats),
 * the adapter's where it has its own (numeric and date as text, timestamp as ISO 8601 text in UTC).
 * User-defined types (enums, from oid 16384 on) stay text, as the adapter leaves them.
 */
const PARSERS = new Map<number, (text: string) => unknown>([
  [16, (value) => PG_TRUE.has(value)], // bool
  [20, asText], // int8: the adapter gives the digits; the table makes the BigInt
  [21, integer], // int2
  [23, integer], // int4
  [700, Number.parseFloat], // float4
  [701, Number.parseFloat], // float8
  [1700, asText], // numeric
  [25, asText], // text
  [1042, asText], // char(n)
  [1043, asText], // varchar(n)
  [2950, asText], // uuid
  [1082, asText], // date
  // timestamp (without time zone) holds UTC; the adapter's normalize_timestamp
  [1114, (value) => `${value.replace(" ", "T")}+00:00`],
]);
const FIRST_USER_OID = 16384;
const TYPES: TypeParsers = { getTypeParser: (oid) => PARSERS.get(oid) ?? asText };
const answeredHere = (field: { dataTypeID: number }): boolean => PARSERS.has(field.dataTypeID) || field.dataTypeID >= FIRST_USER_OID;

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** UTC "YYYY-MM-DD HH:MM:SS[.mmm]": the adapter's formatDateTime. */
function dateTimeText(date: Date): string {
  const ms = date.getUTCMilliseconds();
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ""}`;
}

/** An argument as the adapter binds it (its mapArg, for the scalar arguments the table sends). */
function adapterArg(arg: unknown, argType: Query["argTypes"][number] | undefined): unknown {
  if (arg === null || arg === undefined) return null;
  if (typeof arg === "string" && argType?.scalarType === "datetime") return dateTimeText(new Date(arg));
  if (arg instanceof Date) return dateTimeText(arg);
  if (typeof arg === "string" && argType?.scalarType === "bytes") return Buffer.from(arg, "base64");
  if (ArrayBuffer.isView(arg)) return new Uint8Array(arg.buffer, arg.byteOffset, arg.byteLength);
  return arg;
}

/** At most this many statement names; further SQL texts (filters in many combinations) run unnamed. */
const MAX_NAMED_STATEMENTS = 500;
/** At most this many SQL texts remembered as the adapter's to answer. */
const MAX_ADAPTER_TEXTS = 500;

// One name per SQL text for the whole process: a connection keeps what it prepared under a name,
// and a name must always stand for the same text (pg refuses another), across adapters too.
const statementNames = new Map<string, string>();
function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    // Not the project's own names (its statementNameGenerator's, for the adapter's queries).
    name = `backant_read_${statementNames.size}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** The reads for `adapter`, or undefined when it is not Prisma's pg adapter. */
export function pgPoolReads(adapter: SqlQueries & { provider?: unknown; underlyingDriver?: () => unknown }): SqlQueries | undefined {
  if (adapter.provider !== "postgres" || typeof adapter.underlyingDriver !== "function") return undefined;
  const pool = adapter.underlyingDriver() as PgPool;
  if (typeof pool?.query !== "function") return undefined;
  const adapterTexts = new Set<string>();
  const viaAdapter = (query: Query): ReturnType<SqlQueries["queryRaw"]> => {
    if (adapterTexts.size < MAX_ADAPTER_TEXTS) adapterTexts.add(query.sql);
    return adapter.queryRaw(query);
  };
  return {
    queryRaw(query) {
      if (adapterTexts.has(query.sql)) return adapter.queryRaw(query);
      const values = query.args.map((arg, i) => adapterArg(arg, query.argTypes[i]));
      return pool.query({ name: statementName(query.sql), text: query.sql, values, rowMode: "array", types: TYPES }).then(
        (result) => (result.fields.every(answeredHere) ? { rows: result.rows } : viaAdapter(query)),
        () => adapter.queryRaw(query),
      );
    },
  };
}
