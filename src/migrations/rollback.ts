import { assessChange, dataLossMarkersIn } from "../database/changes.js";
import { clearSyncFingerprint } from "../database/metadata.js";
import { driverDatasource, openProjectDatabase } from "../database/project-database.js";
import { CommandFailure, InputError } from "../errors.js";
import type { ProjectContext } from "../project/context.js";
import type { DestructiveGrant } from "../project/production-guard.js";
import type { Confirm } from "./ask.js";
import { historyState } from "./history.js";
import { withHistoryDatabase } from "./history-database.js";
import { migrationList, readMigrations, type LocalMigration } from "./migration-folders.js";
import { renderDownMigration } from "./migration-text.js";
import { deleteRows, readMigrationRows } from "./migrations-table.js";
import type { DatabaseConnection } from "../database/connection.js";

export type RollbackTarget = { kind: "last" } | { kind: "steps"; steps: number } | { kind: "to"; name: string } | { kind: "base" };

export interface RollbackOptions {
  target: RollbackTarget;
  /** Run down.sql files that lose data, and make the missing ones from the history. */
  force: boolean;
  allowProduction: boolean;
  /** Asks before losing data when there is a terminal and no --force. */
  confirm?: Confirm | undefined;
}

export interface RolledBackMigration {
  name: string;
  /** "file": its down.sql; "generated": no down.sql, made from the history (--force). */
  down: "file" | "generated";
  /** What running it lost (its data-loss markers). */
  dataLoss: string[];
}

export interface RollbackResult {
  database: string;
  /** Newest first, the order they ran in. */
  rolledBack: RolledBackMigration[];
  /** The newest migration still applied afterwards. */
  current: string | undefined;
  transactional: boolean;
}

/**
 * `backant rollback`: runs the down.sql of the newest applied migrations, newest first, and deletes
 * their rows from _prisma_migrations, all in one transaction (PostgreSQL and SQLite have
 * transactional DDL), so a failing statement leaves the database as it was. Afterwards the
 * rolled-back migrations are pending again and `migrate deploy` re-applies them. It is destructive:
 * refusals (production, data loss without --force, a missing down.sql) happen before anything runs.
 */
export async function rollback(context: ProjectContext, options: RollbackOptions): Promise<RollbackResult> {
  const local = readMigrations(context.paths.migrations);
  const database = await openProjectDatabase(context);
  try {
    const state = historyState(local, await readMigrationRows(database.connection));
    if (state.failed.length > 0) {
      throw new CommandFailure(`The database has a failed migration (${state.failed.join(", ")}); roll back only from a clean state. Nothing was changed.`, {
        code: "FAILED_MIGRATION_IN_DATABASE",
        hint: `Undo what the failed migration did, mark it with \`backant migrate resolve --rolled-back ${state.failed[0] ?? "NAME"}\`, then roll back.`,
        details: { failed: state.failed },
      });
    }
    if (state.missingLocally.length > 0) {
      throw new CommandFailure(`The database's migration history differs from prisma/migrations (${state.missingLocally.join(", ")} applied but missing locally). Nothing was changed.`, {
        code: "MIGRATION_HISTORY_DIVERGED",
        hint: "Restore the missing migration folders (e.g. from git) before rolling back.",
        details: { missingLocally: state.missingLocally, pending: state.pending },
      });
    }
    const chosen = selectMigrations(state.applied, options.target);
    const current = state.applied[state.applied.length - chosen.length - 1];
    if (chosen.length === 0) return { database: database.description, rolledBack: [], current, transactional: true };

    const grant = await database.authorize({ action: `backant rollback (runs the down.sql of ${chosen.join(", ")})`, allowProduction: options.allowProduction });
    const byName = new Map(local.map((migration) => [migration.name, migration]));
    const missing = chosen.filter((name) => byName.get(name)?.down === undefined);
    if (missing.length > 0 && !options.force) {
      throw new InputError(`No down.sql for ${missing.join(", ")}, so ${missing.length === 1 ? "it" : "they"} cannot be rolled back safely. Nothing was changed.`, {
        code: "DOWN_SQL_MISSING",
        hint: "Write the down.sql by hand, or re-run with --force to have backant compute it from the migration history (a schema diff; data in dropped columns is not restored).",
        details: { missing },
      });
    }

    const downs: Array<RolledBackMigration & { sql: string }> = [];
    for (const name of chosen) {
      const migration = byName.get(name) as LocalMigration;
      const sql = migration.down ?? (await generatedDown(context, local, name));
      downs.push({ name, down: migration.down === undefined ? "generated" : "file", dataLoss: dataLossMarkersIn(sql), sql });
    }

    const losing = downs.filter((down) => down.dataLoss.length > 0);
    if (losing.length > 0 && !options.force) {
      const summary = losing.map((down) => `${down.name}: ${down.dataLoss.join("; ")}`).join("\n  ");
      const accepted = options.confirm ? await options.confirm(`Rolling back loses data:\n  ${summary}\nRoll back anyway?`) : false;
      if (!accepted) {
        throw new InputError(`Rolling back loses data, so nothing was changed:\n  ${summary}`, {
          code: "ROLLBACK_LOSES_DATA",
          hint: "Back up what you need, then re-run with --force; or edit the down.sql to keep the data (and remove its backant:data-loss markers).",
          details: { dataLoss: losing.map(({ name, dataLoss }) => ({ migration: name, dataLoss })) },
        });
      }
    }

    try {
      await runDowns(database.connection, downs, grant);
    } catch (error) {
      throw new CommandFailure(
        `Rollback failed: ${error instanceof Error ? error.message.replace(/^db error: /, "") : String(error)}\nThe transaction was rolled back: the database and its migration history are as before.`,
        { code: "ROLLBACK_FAILED", hint: "Fix the down.sql that failed (the error names the statement), then re-run.", details: { migrations: chosen }, cause: error },
      );
    }
    await clearSyncFingerprint(database.connection);
    return { database: database.description, rolledBack: downs.map(({ sql: _sql, ...rest }) => rest), current, transactional: true };
  } finally {
    await database.close();
  }
}

/**
 * The down scripts and the row deletes in one transaction. SQLite: foreign keys are switched off
 * around the transaction (PRAGMA foreign_keys is ignored inside one; Prisma's table rebuilds expect
 * it off) and checked before the commit.
 */
async function runDowns(connection: DatabaseConnection, downs: ReadonlyArray<{ name: string; sql: string }>, _grant: DestructiveGrant): Promise<void> {
  const sqlite = connection.datasource.provider === "sqlite";
  if (sqlite) await connection.execute("PRAGMA foreign_keys = OFF");
  await connection.execute(sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  try {
    for (const down of downs) {
      await connection.execute(down.sql);
      await deleteRows(connection, [down.name]);
    }
    if (sqlite) {
      const violations = await connection.query<{ table: string }>("PRAGMA foreign_key_check");
      if (violations.length > 0) throw new Error(`FOREIGN KEY constraint failed in table ${violations[0]?.table} (${violations.length} rows)`);
    }
    await connection.execute("COMMIT");
  } catch (error) {
    await connection.execute("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    if (sqlite) await connection.execute("PRAGMA foreign_keys = ON").catch(() => undefined);
  }
}

/** The migrations to undo, newest first. Bad targets are InputErrors. */
export function selectMigrations(applied: readonly string[], target: RollbackTarget): string[] {
  const newestFirst = [...applied].reverse();
  switch (target.kind) {
    case "base":
      return newestFirst;
    case "last":
    case "steps": {
      const steps = target.kind === "last" ? 1 : target.steps;
      if (!Number.isInteger(steps) || steps < 1) throw new InputError(`--steps must be a whole number of at least 1, got ${steps}.`, { code: "BAD_ROLLBACK_STEPS" });
      if (applied.length === 0) throw new InputError("No migration is applied to this database: nothing to roll back.", { code: "NOTHING_TO_ROLL_BACK", hint: "Check DATABASE_URL; `backant migrate status` shows what is applied." });
      if (steps > applied.length) {
        throw new InputError(`--steps ${steps} asks for more than the ${applied.length} applied ${applied.length === 1 ? "migration" : "migrations"}. Nothing was changed.`, {
          code: "BAD_ROLLBACK_STEPS",
          hint: "Use `backant rollback base` to undo every migration.",
        });
      }
      return newestFirst.slice(0, steps);
    }
    case "to": {
      const matches = applied.filter((name) => name === target.name || name.slice(15) === target.name);
      if (matches.length !== 1) {
        throw new InputError(`--to ${target.name}: ${matches.length === 0 ? "no applied migration has that name" : `several migrations match (${matches.join(", ")})`}. Nothing was changed.`, {
          code: "BAD_ROLLBACK_TARGET",
          hint: `Name one of the applied migrations: ${applied.join(", ") || "(none)"}; it stays applied, the ones after it are rolled back.`,
        });
      }
      return newestFirst.slice(0, newestFirst.indexOf(matches[0] as string));
    }
  }
}

/**
 * A down script for a migration without down.sql (--force): a scratch database with the history
 * up to the migration; the engine diffs it to what the migrations before it produce.
 */
async function generatedDown(context: ProjectContext, local: readonly LocalMigration[], name: string): Promise<string> {
  const index = local.findIndex((migration) => migration.name === name);
  const through = local.slice(0, index + 1);
  const before = local.slice(0, index);
  return withHistoryDatabase(driverDatasource(context), through, [], context.dir, async (history) => {
    const afterCatalog = await history.catalog();
    const list = migrationList(context.paths.migrations, [...before], context.config.provider);
    const back = await history.engine.diff({ kind: "database" }, before.length > 0 ? { kind: "migrations", list } : { kind: "empty" }, { script: true });
    await history.connection.execute(back.text);
    const beforeCatalog = await history.catalog();
    return renderDownMigration(name, back.text, assessChange(afterCatalog, beforeCatalog, { provider: context.config.provider }));
  });
}
