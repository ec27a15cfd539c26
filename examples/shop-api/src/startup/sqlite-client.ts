import { fileURLToPath } from "node:url";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import Database from "libsql";

type Config = ConstructorParameters<typeof PrismaLibSql>[0];
type Client = ReturnType<PrismaLibSql["createClient"]>;
type Value = null | string | number | bigint | boolean | ArrayBuffer | Uint8Array | Date;
type Statement = ReturnType<Database.Database["prepare"]>;
type Adapter = Awaited<ReturnType<PrismaLibSql["connect"]>>;
type Queryable = Pick<Adapter, "queryRaw">;
type Query = Parameters<Queryable["queryRaw"]>[0];

/** A statement as Prisma's libsql adapter reads it (@libsql/client's ResultSet, rows as arrays). */
interface Result {
  columns: string[];
  columnTypes: string[];
  rows: unknown[][];
  rowsAffected: number;
  lastInsertRowid: bigint | undefined;
}

interface Prepared {
  statement: Statement;
  /** null: the statement returns no rows (INSERT, UPDATE, DELETE without RETURNING, PRAGMA set). */
  columns: string[] | null;
  columnTypes: string[];
  /** Per column: "date" (DATETIME, TIMESTAMP), "int" (INTEGER and the like) or null, by its declared type. */
  kinds: (ColumnKind | null)[];
  /**
   * The SQL ends in LIMIT 1 (a read by id): at most one row, read with get(), one call into libsql.
   * all() iterates, two calls and a 100-slot buffer per query: in a profile of the read by id that
   * was 33 µs against 18 µs per request.
   */
  single: boolean;
}

/** Statements kept prepared per connection; Prisma's queries come in few shapes, IN lists add some. */
const STATEMENT_CACHE_SIZE = 200;

const BEGIN: Record<string, string> = { write: "BEGIN IMMEDIATE", read: "BEGIN TRANSACTION READONLY", deferred: "BEGIN DEFERRED" };

/**
 * Prisma's libsql adapter (@prisma/adapter-libsql) on a client that keeps its statements prepared.
 *
 * The adapter's own client (@libsql/client) prepares every query again and asks the statement for
 * its columns twice, then builds an object with a property per column for each row, which the adapter
 * turns back into an array: measured, that was 38% of the CPU of a read by id in this API (bench/
 * README.md of backant, "SQLite driver"). This client prepares each SQL text once per connection,
 * reads its columns once and hands rows over as the arrays libsql returns. It answers the calls the
 * adapter makes (execute, executeMultiple, transaction, close) with @libsql/client's values: integers
 * as bigint (its intMode "bigint"), blobs as ArrayBuffer, libsql's own errors (which the adapter maps
 * to Prisma's codes).
 *
 * One connection serves everything, transactions included: the adapter lets nothing else run on the
 * client while a transaction is open. (@libsql/client gives the transaction its connection and opens
 * a new one, which lost the connection's settings, synchronous=NORMAL among them.)
 */
export class PreparedLibSql extends PrismaLibSql {
  private readonly clients = new WeakMap<object, PreparedClient>();
  private created: PreparedClient | undefined;

  override createClient(config: Config): Client {
    const db = new Database(filePath(config.url), { timeout: config.timeout });
    // Fails here, as @libsql/client does, when the file cannot be opened.
    db.prepare("SELECT 1").get([]);
    this.created = new PreparedClient(db);
    return this.created as unknown as Client;
  }

  override connect(): ReturnType<PrismaLibSql["connect"]> {
    // The adapter's constructor takes the client createClient has just made, before connect resolves.
    const connecting = super.connect();
    const client = this.created as PreparedClient;
    return connecting.then((adapter) => {
      this.clients.set(adapter, client);
      return adapter;
    });
  }

  /**
   * The repositories' reads (readThroughAdapter of backant/runtime): the adapter's queryRaw, answered
   * on its client without the adapter's lock and debug log. Those two cost about a fifth of a read
   * by id's CPU in this API (bench/README.md of backant, "throughput"); the client is synchronous,
   * so while no transaction is open no other query can be running. While one is open the adapter
   * answers, and the read waits for the transaction as the Prisma client's own queries do. A read
   * that fails is asked of the adapter again, which reports the error in Prisma's terms.
   */
  readsOf(adapter: Adapter): Queryable {
    const client = this.clients.get(adapter);
    if (client === undefined) return adapter;
    return {
      queryRaw(query) {
        if (client.inTransaction) return adapter.queryRaw(query);
        try {
          return Promise.resolve(client.read(query));
        } catch {
          return adapter.queryRaw(query);
        }
      },
    };
  }
}

/** "file:./dev.db" (relative to the working folder), "file:/abs/dev.db" or "file:///abs/dev.db". */
function filePath(url: string): string {
  if (url.startsWith("file://")) return fileURLToPath(url);
  return decodeURIComponent(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

class PreparedClient {
  closed = false;
  readonly protocol = "file";
  private readonly statements = new Map<string, Prepared>();

  constructor(private readonly db: Database.Database) {}

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  /**
   * A SELECT as Prisma's libsql adapter answers it from queryRaw: its arguments converted as the
   * adapter converts them (timestamps as ISO 8601 text, its default), its rows as the adapter maps
   * them (integers as digits, date-times stored as numbers as ISO 8601 text, blobs as Uint8Array).
   * No column types: backant's tables convert values by the model's field types.
   */
  read(query: Query): { columnNames: string[]; columnTypes: never[]; rows: unknown[][] } {
    const args = query.args.map((arg, i) => toSql(adapterArg(arg, query.argTypes[i]?.scalarType)));
    const { statement, columns, kinds, single } = prepared(this.db, this.statements, query.sql);
    if (columns === null) throw new TypeError("read() runs statements that return rows");
    const rows = readRows(statement, single, args);
    for (const row of rows) adapterRow(row, kinds);
    return { columnNames: columns, columnTypes: [], rows };
  }

  async execute(query: string | { sql: string; args?: Value[] }): Promise<Result> {
    return run(this.db, this.statements, query);
  }

  async executeMultiple(sql: string): Promise<void> {
    try {
      this.db.exec(sql);
    } finally {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
    }
  }

  async transaction(mode = "write"): Promise<PreparedTransaction> {
    this.db.exec(BEGIN[mode] ?? BEGIN.write);
    return new PreparedTransaction(this.db, this.statements);
  }

  close(): void {
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }
}

class PreparedTransaction {
  constructor(
    private readonly db: Database.Database,
    private readonly statements: Map<string, Prepared>,
  ) {}

  get closed(): boolean {
    return !this.db.inTransaction;
  }

  async execute(query: string | { sql: string; args?: Value[] }): Promise<Result> {
    return run(this.db, this.statements, query);
  }

  async executeMultiple(sql: string): Promise<void> {
    this.db.exec(sql);
  }

  async commit(): Promise<void> {
    this.db.exec("COMMIT");
  }

  async rollback(): Promise<void> {
    if (this.db.inTransaction) this.db.exec("ROLLBACK");
  }

  close(): void {
    if (this.db.inTransaction) this.db.exec("ROLLBACK");
  }
}

function prepared(db: Database.Database, statements: Map<string, Prepared>, sql: string): Prepared {
  const cached = statements.get(sql);
  if (cached) return cached;
  const statement = db.prepare(sql);
  statement.safeIntegers(true);
  let columns: string[] | null = null;
  let columnTypes: string[] = [];
  if (statement.reader) {
    statement.raw(true);
    const definitions = statement.columns();
    columns = definitions.map((column) => column.name);
    columnTypes = definitions.map((column) => column.type ?? "");
  }
  const kinds = columnTypes.map((type) => COLUMN_KINDS[type.toUpperCase()] ?? null);
  const entry = { statement, columns, columnTypes, kinds, single: columns !== null && /\bLIMIT 1$/i.test(sql) };
  // The oldest statement goes first (a Map keeps insertion order).
  if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
  statements.set(sql, entry);
  return entry;
}

function run(db: Database.Database, statements: Map<string, Prepared>, query: string | { sql: string; args?: Value[] }): Result {
  const sql = typeof query === "string" ? query : query.sql;
  const args = typeof query === "string" ? [] : (query.args ?? []).map(toSql);
  const { statement, columns, columnTypes, single } = prepared(db, statements, sql);
  if (columns === null) {
    const info = statement.run(args);
    return result([], [], [], info.changes, BigInt(info.lastInsertRowid));
  }
  const rows = readRows(statement, single, args);
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (value instanceof Buffer) row[i] = value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
    }
  }
  return result(columns, columnTypes, rows, 0, undefined);
}

function readRows(statement: Statement, single: boolean, args: unknown[]): unknown[][] {
  if (!single) return statement.all(args) as unknown[][];
  const row = statement.get(args) as unknown[] | undefined;
  return row === undefined ? [] : [row];
}

type ColumnKind = "date" | "int";

/** Declared column types whose values the adapter converts (mapDeclType of @prisma/adapter-libsql). */
const COLUMN_KINDS: Record<string, ColumnKind> = {
  DATETIME: "date",
  TIMESTAMP: "date",
  ...Object.fromEntries(
    ["TINYINT", "SMALLINT", "MEDIUMINT", "INT", "INTEGER", "SERIAL", "INT2", "BIGINT", "UNSIGNED BIG INT", "INT8"].map((type) => [type, "int" as const]),
  ),
};

/** An argument as Prisma's libsql adapter binds it (its mapArg, timestamps in its default iso8601 format). */
function adapterArg(arg: unknown, scalarType: string | undefined): Value {
  if (arg === null || arg === undefined) return null;
  if (typeof arg === "string") {
    if (scalarType === "bigint") return BigInt(arg);
    if (scalarType === "decimal") return Number.parseFloat(arg);
    if (scalarType === "datetime") return new Date(arg).toISOString().replace("Z", "+00:00");
    if (scalarType === "bytes") return Buffer.from(arg, "base64");
  }
  if (arg instanceof Date) return arg.toISOString().replace("Z", "+00:00");
  return arg as Value;
}

/** A row as Prisma's libsql adapter maps it (its mapRow), in place. */
function adapterRow(row: unknown[], kinds: (ColumnKind | null)[]): void {
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    if (value === null || typeof value === "string") continue;
    const kind = kinds[i];
    // libsql gives blobs as Buffers; the adapter, through @libsql/client, as a Uint8Array of its own copy.
    if (value instanceof Uint8Array) row[i] = new Uint8Array(value);
    else if (kind === "date" && (typeof value === "number" || typeof value === "bigint")) row[i] = new Date(Number(value)).toISOString();
    else if (kind === "int" && typeof value === "number" && !Number.isInteger(value)) row[i] = Math.trunc(value);
    else if (typeof value === "bigint") row[i] = value.toString();
  }
}

function result(columns: string[], columnTypes: string[], rows: unknown[][], rowsAffected: number, lastInsertRowid: bigint | undefined): Result {
  return { columns, columnTypes, rows, rowsAffected, lastInsertRowid };
}

/** Arguments as @libsql/client binds them in its intMode "bigint". */
function toSql(value: Value): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) throw new RangeError("Only finite numbers (not Infinity or NaN) can be passed as arguments");
  if (typeof value === "boolean") return value ? 1n : 0n;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError("undefined cannot be passed as argument to the database");
  return value;
}
