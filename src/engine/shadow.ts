import { randomBytes, createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { openPostgresAdapter, openSqliteAdapter, overrideAdapter } from "./adapters.js";
import type { PgConnectionFields } from "./datasource.js";
import { parseDatasourceUrl, withDatabase } from "./datasource.js";
import { EngineError } from "./errors.js";
import { adminClientFor, removeSqliteFiles } from "./database-admin.js";
import { traceLine } from "./log.js";
import { resetPostgresSchemas, resetSqliteFile } from "./reset.js";
import { quoteIdentifier } from "./postgres-connection.js";
import type { SupportedDatasource } from "./supported-datasource.js";

/**
 * Shadow databases live only for one engine request. Every one created is registered here and
 * removed when its adapter is disposed, when the request ends, and when the process is told to stop;
 * SIGKILL cannot be caught, so names carry the engine's pid and a later engine sweeps the ones whose
 * process is gone.
 */
export class ShadowDatabases {
  private readonly live = new Map<string, () => Promise<void>>();

  constructor(
    private readonly main: SupportedDatasource,
    private readonly shadowDatabaseUrl: string | undefined,
    private readonly cwd: string,
  ) {}

  /** Creates (or, for a configured shadowDatabaseUrl, empties) a shadow database and connects to it. */
  async open(): Promise<SqlDriverAdapter> {
    if (this.shadowDatabaseUrl) return this.openConfigured(this.shadowDatabaseUrl);
    return this.main.provider === "sqlite" ? this.openSqliteTemp() : this.openPostgresTemp(this.main.connection, this.main.schema);
  }

  /** Removes every shadow database still alive. Safe to call more than once. */
  async removeAll(): Promise<void> {
    const removals = [...this.live.values()];
    this.live.clear();
    await Promise.allSettled(removals.map((remove) => remove()));
  }

  /** Synchronous last resort for process exit: temp files only (a database needs a connection). */
  removeFilesNow(): void {
    for (const key of this.live.keys()) if (key.startsWith("file:")) removeSqliteFiles(key.slice(5));
  }

  private track(key: string, remove: () => Promise<void>, adapter: SqlDriverAdapter): SqlDriverAdapter {
    let removed: Promise<void> | undefined;
    traceLine("SHADOW", `created ${key}`);
    const removeOnce = () => (removed ??= remove().then(() => traceLine("SHADOW", `removed ${key}`)));
    this.live.set(key, removeOnce);
    return overrideAdapter(adapter, {
      dispose: async () => {
        this.live.delete(key);
        await removeOnce();
      },
    });
  }

  private async openSqliteTemp(): Promise<SqlDriverAdapter> {
    sweepStaleSqliteShadows();
    // A file, not :memory:, so that the engine's separate connections see the same database.
    const filePath = path.join(os.tmpdir(), `${SQLITE_PREFIX}${process.pid}-${randomBytes(6).toString("hex")}.db`);
    const adapter = await openSqliteAdapter(filePath);
    return this.track(`file:${filePath}`, async () => {
      await adapter.dispose().catch(() => undefined);
      removeSqliteFiles(filePath);
    }, adapter);
  }

  private async openPostgresTemp(main: PgConnectionFields, schema: string): Promise<SqlDriverAdapter> {
    const tag = hostTag();
    await sweepStalePostgresShadows(main, tag);
    const name = `${PG_PREFIX}${tag}_${process.pid}_${randomBytes(6).toString("hex")}`;
    await adminClientFor(main, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
    const drop = () => adminClientFor(main, (client) => dropDatabase(client, name)).then(() => undefined);
    let adapter: SqlDriverAdapter;
    try {
      adapter = await openPostgresAdapter(withDatabase(main, name), schema);
    } catch (error) {
      await drop().catch(() => undefined);
      throw error;
    }
    // The pool must be closed before the database is dropped, or PostgreSQL refuses: "being accessed by other users".
    return this.track(`pg:${name}`, async () => {
      await adapter.dispose().catch(() => undefined);
      await drop();
    }, adapter);
  }

  /** A shadowDatabaseUrl from the config belongs to the user: empty it before and after, never drop it. */
  private async openConfigured(url: string): Promise<SqlDriverAdapter> {
    const shadow = parseDatasourceUrl(url, this.cwd);
    if (shadow.provider !== this.main.provider) {
      throw new EngineError(`The shadow database URL must use the same database provider as the datasource (${this.main.provider}).`);
    }
    if (shadow.url === this.main.url) {
      throw new EngineError("The shadow database you configured appears to be the same as the main database. Please specify another shadow database.", "P3014");
    }
    if (shadow.provider === "sqlite") {
      resetSqliteFile(shadow.filePath, []);
      const adapter = await openSqliteAdapter(shadow.filePath);
      return this.track(`configured:${shadow.filePath}`, async () => {
        await adapter.dispose().catch(() => undefined);
        resetSqliteFile(shadow.filePath, []);
      }, adapter);
    }
    if (shadow.provider !== "postgres") throw new EngineError("Unsupported shadow database URL.");
    const schemas = [shadow.schema];
    await resetPostgresSchemas(shadow.connection, schemas);
    const adapter = await openPostgresAdapter(shadow.connection, shadow.schema);
    return this.track(`configured:${shadow.url}`, async () => {
      await adapter.dispose().catch(() => undefined);
      await resetPostgresSchemas(shadow.connection, schemas);
    }, adapter);
  }
}

const PG_PREFIX = "prisma_migrate_shadow_db_";
const SQLITE_PREFIX = "backant-shadow-";

/** Distinguishes this machine's shadow databases from another machine's on a shared server. */
function hostTag(): string {
  return createHash("sha256").update(os.hostname()).digest("hex").slice(0, 8);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sweepStaleSqliteShadows(): void {
  const pattern = new RegExp(`^${SQLITE_PREFIX}(\\d+)-[0-9a-f]+\\.db$`);
  let names: string[];
  try {
    names = readdirSync(os.tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (pid && pid !== process.pid && !isProcessAlive(pid)) removeSqliteFiles(path.join(os.tmpdir(), name));
  }
}

async function sweepStalePostgresShadows(main: PgConnectionFields, tag: string): Promise<void> {
  const pattern = new RegExp(`^${PG_PREFIX}${tag}_(\\d+)_[0-9a-f]+$`);
  await adminClientFor(main, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1",
      [`${PG_PREFIX}${tag}\\_%`],
    );
    for (const { datname } of rows) {
      const pid = Number(pattern.exec(datname)?.[1]);
      if (pid && pid !== process.pid && !isProcessAlive(pid)) await dropDatabase(client, datname).catch(() => undefined);
    }
  }).catch(() => undefined);
}

async function dropDatabase(client: { query: (sql: string) => Promise<unknown> }, name: string): Promise<void> {
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  } catch (error) {
    // WITH (FORCE) exists from PostgreSQL 13 on.
    if ((error as { code?: string }).code !== "42601") throw error;
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
  }
}

/** A throwaway database beside the main one (same server), named and swept like shadow databases. */
export interface ScratchDatabase {
  url: string;
  datasource: SupportedDatasource;
  /** Drops it (PostgreSQL) or deletes its files (SQLite); safe to call more than once. */
  remove(): Promise<void>;
}

/**
 * For backant's migration work (the schema a migration history produces, the catalog before and
 * after a change): an empty database of the main one's kind. Its name carries this process's pid,
 * so a scratch database left by a killed process is swept by the next one, as shadow databases are.
 */
export async function createScratchDatabase(main: SupportedDatasource): Promise<ScratchDatabase> {
  if (main.provider === "sqlite") {
    sweepStaleSqliteShadows();
    const filePath = path.join(os.tmpdir(), `${SQLITE_PREFIX}${process.pid}-${randomBytes(6).toString("hex")}.db`);
    let removed = false;
    return {
      url: `file:${filePath}`,
      datasource: { provider: "sqlite", url: `file:${filePath}`, filePath },
      remove: async () => {
        if (removed) return;
        removed = true;
        removeSqliteFiles(filePath);
      },
    };
  }
  const tag = hostTag();
  await sweepStalePostgresShadows(main.connection, tag);
  const name = `${PG_PREFIX}${tag}_${process.pid}_${randomBytes(6).toString("hex")}`;
  await adminClientFor(main.connection, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  const url = new URL(main.url);
  url.pathname = `/${encodeURIComponent(name)}`;
  const datasource = parseDatasourceUrl(url.toString()) as Extract<SupportedDatasource, { provider: "postgres" }>;
  let removal: Promise<void> | undefined;
  return {
    url: url.toString(),
    datasource: { ...datasource, connection: withDatabase(main.connection, name) },
    remove: () => (removal ??= adminClientFor(main.connection, (client) => dropDatabase(client, name)).then(() => undefined)),
  };
}
