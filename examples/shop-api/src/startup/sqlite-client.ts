import { fileURLToPath } from "node:url";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import Database from "libsql";

type Config = ConstructorParameters<typeof PrismaLibSql>[0];
type Client = ReturnType<PrismaLibSql["createClient"]>;
type Value = null | string | number | bigint | boolean | ArrayBuffer | Uint8Array | Date;
type Statement = ReturnType<Database.Database["prepare"]>;

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
  override createClient(config: Config): Client {
    const db = new Database(filePath(config.url), { timeout: config.timeout });
    // Fails here, as @libsql/client does, when the file cannot be opened.
    db.prepare("SELECT 1").get([]);
    return new PreparedClient(db) as unknown as Client;
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
  const entry = { statement, columns, columnTypes };
  // The oldest statement goes first (a Map keeps insertion order).
  if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
  statements.set(sql, entry);
  return entry;
}

function run(db: Database.Database, statements: Map<string, Prepared>, query: string | { sql: string; args?: Value[] }): Result {
  const sql = typeof query === "string" ? query : query.sql;
  const args = typeof query === "string" ? [] : (query.args ?? []).map(toSql);
  const { statement, columns, columnTypes } = prepared(db, statements, sql);
  if (columns === null) {
    const info = statement.run(args);
    return result([], [], [], info.changes, BigInt(info.lastInsertRowid));
  }
  const rows = statement.all(args) as unknown[][];
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (value instanceof Buffer) row[i] = value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
    }
  }
  return result(columns, columnTypes, rows, 0, undefined);
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
