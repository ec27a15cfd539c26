import { createRequire } from "node:module";
import type * as Pg from "pg";
import { loading } from "../database/drivers.js";
import type { PgConnectionFields } from "./datasource.js";

let loadedPg: typeof Pg | undefined;

/** pg, loaded on first use: modules that import this one for quoteIdentifier do not load it. */
function pgModule(): typeof Pg {
  loadedPg ??= loading("postgresql", requirePg);
  return loadedPg;
}

/**
 * pg, required rather than imported (a CommonJS package imported from ESM is lexed for its exports
 * first). At load pg asks whether it runs in a Cloudflare Worker by constructing a `Response`; on
 * Node 20 the first touch of globalThis.Response loads Node's whole fetch implementation (undici):
 * about 30 ms, as much as pg itself, in every command that opens PostgreSQL (a no-op sync included).
 * Response is hidden while pg loads, so pg takes Node's sockets as it would anyway, and put back as
 * it was (still lazy, for whoever uses fetch).
 */
function requirePg(): typeof Pg {
  const response = Object.getOwnPropertyDescriptor(globalThis, "Response");
  if (!response?.configurable) return createRequire(import.meta.url)("pg") as typeof Pg;
  Object.defineProperty(globalThis, "Response", { value: undefined, configurable: true, writable: true });
  try {
    return createRequire(import.meta.url)("pg") as typeof Pg;
  } finally {
    Object.defineProperty(globalThis, "Response", response);
  }
}

/** OID of PostgreSQL's internal single-byte `"char"` type (pg_class.relkind, pg_constraint.contype ...). */
const INTERNAL_CHAR_OID = 18;
const TEXT_OID = 25;

interface RowDescription {
  fields: Array<{ dataTypeID: number }>;
}

function isRowDescription(message: unknown): message is RowDescription {
  return typeof message === "object" && message !== null && Array.isArray((message as { fields?: unknown }).fields);
}

/**
 * The schema engine's catalog queries return `"char"` columns, which @prisma/adapter-pg cannot map
 * ("Column type 'char' could not be deserialized"). The value is a one-character string either way,
 * so each row description is retyped to `text` before the client hands it to the query. The listener
 * is attached per connection of pools this engine creates, so no other pg user in the process is
 * affected (the prototype patched pg.Query.prototype globally instead).
 */
function retypeInternalChar(message: unknown): void {
  if (!isRowDescription(message)) return;
  for (const field of message.fields) {
    if (field.dataTypeID === INTERNAL_CHAR_OID) field.dataTypeID = TEXT_OID;
  }
}

function poolConfig(fields: PgConnectionFields): Pg.PoolConfig {
  return {
    host: fields.host,
    port: fields.port,
    user: fields.user,
    password: fields.password,
    database: fields.database,
    ssl: fields.ssl,
    connectionTimeoutMillis: fields.connectionTimeoutMillis ?? 10_000,
    application_name: fields.applicationName ?? "backant-schema-engine",
    // One connection, as the native engine uses: Prisma's migration lock is a session-level
    // pg_advisory_lock, so the lock, the migration and the unlock must run on the same session;
    // with a pool of several, the unlock can land on another connection and release nothing.
    max: 1,
  };
}

/**
 * A pg.Pool for the engine's driver adapter, built from explicit fields rather than a
 * connectionString (adapter-pg spreads the pool config and overrides `database` for shadow
 * databases, which a connectionString would silently win over).
 */
export function createEnginePool(fields: PgConnectionFields, schema: string): Pg.Pool {
  const pg = pgModule();
  const pool = new pg.Pool(poolConfig(fields));
  pool.on("connect", (client) => {
    if (client instanceof pg.Client) client.connection.prependListener("rowDescription", retypeInternalChar);
    // Queued before any query of the pool's user, so it takes effect first (errors surface there too).
    if (schema !== "public") void client.query(searchPathStatement(schema)).catch(() => undefined);
  });
  // An idle client losing its server must not crash the engine; the next query reports the error.
  pool.on("error", () => undefined);
  return pool;
}

/**
 * Unqualified names (the engine's `_prisma_migrations` bootstrap, user scripts in `db execute`) must
 * land in the datasource's `?schema=`, as with the native engine, which sets the search path too.
 */
export function searchPathStatement(schema: string): string {
  return `SET search_path TO ${quoteIdentifier(schema)}`;
}

/** A single connected client for administrative statements (CREATE/DROP DATABASE, checks). */
export async function connectClient(fields: PgConnectionFields): Promise<Pg.Client> {
  const client = new (pgModule().Client)({ ...poolConfig(fields), max: undefined } as Pg.ClientConfig);
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

/** Runs `work` with a short-lived client and always closes it. */
export async function withClient<T>(
  fields: PgConnectionFields,
  work: (client: Pg.Client) => Promise<T>,
  schema = "public",
): Promise<T> {
  const client = await connectClient(fields);
  try {
    if (schema !== "public") await client.query(searchPathStatement(schema));
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
