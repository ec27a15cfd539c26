import type { DatabaseConnection } from "../database/connection.js";
import { CommandFailure } from "../errors.js";
import { historyState } from "./history.js";
import type { LocalMigration } from "./migration-folders.js";
import { ensureMigrationsTable, failRow, finishRow, insertAppliedRow, insertStartedRow, readMigrationRows } from "./migrations-table.js";
import { transactionControlIn } from "./sql-statements.js";

/** Prisma's migration lock (schema-engine's ADVISORY_LOCK id): backant's deploys and Prisma's exclude each other. */
const PRISMA_ADVISORY_LOCK = 72707369;

export interface AppliedMigration {
  name: string;
  /** True when the script and its _prisma_migrations row committed in one transaction. */
  atomic: boolean;
  /** Why it could not be atomic (the statement that manages transactions itself). */
  nonAtomicReason?: string;
}

export interface ApplyOutcome {
  applied: AppliedMigration[];
}

/**
 * Applies the pending migrations, oldest first, each in one transaction together with its
 * _prisma_migrations row (PostgreSQL and SQLite have transactional DDL): a failing statement, a
 * signal or a killed process leaves the database as it was, with no failed row, where Prisma's own
 * apply leaves a failed row (P3009) and whatever the script did before it failed. A script that
 * manages transactions itself (BEGIN/COMMIT, CREATE INDEX CONCURRENTLY) cannot be wrapped: it is run
 * the way Prisma runs it (row started, script, row finished) and reported as not atomic.
 * Concurrent deploys are serialised by Prisma's own advisory lock (PostgreSQL) or by SQLite's write
 * lock, and each one re-reads the history under the lock, so every migration is applied once.
 */
export async function applyPendingMigrations(connection: DatabaseConnection, local: readonly LocalMigration[]): Promise<ApplyOutcome> {
  if (connection.datasource.provider === "postgres") {
    // The server notices a client that went away (a killed deploy) within a second, even in a long
    // statement, and rolls its transaction back. PostgreSQL 14 and later; older servers ignore it.
    await connection.query("SET client_connection_check_interval = 1000").catch(() => undefined);
  }
  return withMigrationLock(connection, async () => {
    await ensureMigrationsTable(connection);
    const state = historyState(local, await readMigrationRows(connection));
    if (state.failed.length > 0) throw failedBefore(state.failed[0] as string);
    const applied: AppliedMigration[] = [];
    for (const migration of local) {
      if (!state.pending.includes(migration.name)) continue;
      const control = transactionControlIn(migration.sql);
      if (control === undefined) {
        if (await applyAtomically(connection, migration)) applied.push({ name: migration.name, atomic: true });
      } else {
        await applyLikePrisma(connection, migration);
        applied.push({ name: migration.name, atomic: false, nonAtomicReason: `its script runs ${control.split(" ").slice(0, 3).join(" ")} itself` });
      }
    }
    return { applied };
  });
}

/**
 * Runs `work` holding the lock every writer of _prisma_migrations takes: Prisma's advisory lock on
 * PostgreSQL (Prisma's own deploy takes it too). SQLite has none; its writers serialise on the
 * database's write lock (BEGIN IMMEDIATE, see runAtomically) and re-read the history under it.
 */
export async function withMigrationLock<T>(connection: DatabaseConnection, work: () => Promise<T>): Promise<T> {
  if (connection.datasource.provider !== "postgres") return work();
  await connection.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
  try {
    return await work();
  } finally {
    await connection.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
  }
}

/** Returns false when another deploy applied it meanwhile (SQLite: seen under the write lock). */
async function applyAtomically(connection: DatabaseConnection, migration: LocalMigration): Promise<boolean> {
  try {
    return await runAtomically(connection, async () => {
      if (connection.datasource.provider === "sqlite") {
        const done = await connection.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL`, [migration.name]);
        if (done.length > 0) return false;
      }
      await connection.execute(migration.sql);
      await insertAppliedRow(connection, migration.name, migration.checksum);
      return true;
    });
  } catch (error) {
    throw migrationFailed(migration.name, error, true);
  }
}

/**
 * Runs `work` in one transaction: committed when it returns true, rolled back when it returns false
 * or throws. On SQLite, `PRAGMA foreign_keys` is ignored inside a transaction and Prisma's table
 * rebuilds expect foreign keys off (a DROP TABLE of a referenced table would otherwise delete or
 * fail), so they are off for the transaction and checked before the commit instead.
 */
export async function runAtomically(connection: DatabaseConnection, work: () => Promise<boolean>): Promise<boolean> {
  const sqlite = connection.datasource.provider === "sqlite";
  if (sqlite) await connection.execute("PRAGMA foreign_keys = OFF");
  await connection.execute(sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  try {
    if (!(await work())) {
      await connection.execute("ROLLBACK");
      return false;
    }
    if (sqlite) {
      const violations = await connection.query<{ table: string }>("PRAGMA foreign_key_check");
      if (violations.length > 0) throw new Error(`FOREIGN KEY constraint failed in table ${violations[0]?.table} (${violations.length} rows)`);
    }
    await connection.execute("COMMIT");
    return true;
  } catch (error) {
    await connection.execute("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    if (sqlite) await connection.execute("PRAGMA foreign_keys = ON").catch(() => undefined);
  }
}

async function applyLikePrisma(connection: DatabaseConnection, migration: LocalMigration): Promise<void> {
  const id = await insertStartedRow(connection, migration.name, migration.checksum);
  try {
    await connection.execute(migration.sql);
  } catch (error) {
    await failRow(connection, id, errorText(error)).catch(() => undefined);
    throw migrationFailed(migration.name, error, false);
  }
  await finishRow(connection, id);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function migrationFailed(name: string, error: unknown, atomic: boolean): CommandFailure {
  const databaseError = errorText(error).replace(/^db error: /, "");
  return new CommandFailure(
    `Migration ${name} failed to apply: ${databaseError}\n` +
      (atomic
        ? "Its transaction was rolled back: the database and _prisma_migrations are as before, and no migration after it was applied."
        : "It manages its own transactions, so what ran before the error stays, and it is recorded as failed in _prisma_migrations."),
    {
      code: "MIGRATION_FAILED",
      hint: atomic
        ? `Fix prisma/migrations/${name}/migration.sql (or the data it trips on), then run \`backant migrate deploy\` again.`
        : `Undo what ran, mark it with \`backant migrate resolve --rolled-back ${name}\`, fix the script, then deploy again.`,
      details: { failedMigration: name, databaseError, atomic },
      cause: error,
    },
  );
}

function failedBefore(name: string): CommandFailure {
  return new CommandFailure(`Migration ${name} failed in an earlier deploy and is still marked failed in _prisma_migrations; no migration was applied.`, {
    code: "FAILED_MIGRATION_IN_DATABASE",
    hint: `Undo what it did, mark it with \`backant migrate resolve --rolled-back ${name}\` (or --applied if you finished it by hand), then run \`backant migrate deploy\` again.`,
    details: { failedMigration: name },
  });
}
