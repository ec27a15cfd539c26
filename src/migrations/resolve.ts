import { openProjectDatabase } from "../database/project-database.js";
import { InputError } from "../errors.js";
import type { ProjectContext } from "../project/context.js";
import { closestMatch } from "../scaffold/closest-match.js";
import { historyState } from "./history.js";
import { readMigrations } from "./migration-folders.js";
import { insertAppliedRow, markRolledBack, ensureMigrationsTable, readMigrationRows } from "./migrations-table.js";

export type Resolution = { applied: string } | { rolledBack: string };

export interface ResolveResult {
  database: string;
  migration: string;
  /** applied: recorded as applied without running; rolled-back: a failed migration marked rolled back. */
  marked: "applied" | "rolled-back";
  /** It was a failed migration (its failed row is kept as history, marked rolled back). */
  wasFailed: boolean;
}

/**
 * `backant migrate resolve --applied NAME | --rolled-back NAME`: bookkeeping in _prisma_migrations
 * only, as `prisma migrate resolve` does; no migration SQL runs. --applied records a migration whose
 * changes the database already has (checked by the user, e.g. after a drift report); --rolled-back
 * clears a failed migration so that deploy can run it again once its partial changes are undone.
 */
export async function resolveMigration(context: ProjectContext, resolution: Resolution): Promise<ResolveResult> {
  const name = "applied" in resolution ? resolution.applied : resolution.rolledBack;
  const local = readMigrations(context.paths.migrations);
  const migration = local.find((candidate) => candidate.name === name);
  if (!migration) {
    const suggestion = closestMatch(name, local.map((candidate) => candidate.name));
    throw new InputError(`There is no migration ${JSON.stringify(name)} in prisma/migrations. Nothing was changed.`, {
      code: "MIGRATION_NOT_FOUND",
      hint: suggestion ? `Did you mean ${suggestion}?` : local.length === 0 ? "prisma/migrations has no migrations." : `The newest is ${local.at(-1)?.name}.`,
      details: { migration: name },
    });
  }
  const database = await openProjectDatabase(context);
  try {
    const state = historyState(local, await readMigrationRows(database.connection));
    const wasFailed = state.failed.includes(name);
    if ("applied" in resolution) {
      if (state.applied.includes(name)) {
        throw new InputError(`${name} is already applied to ${database.description}. Nothing was changed.`, { code: "MIGRATION_ALREADY_APPLIED", details: { migration: name } });
      }
      await ensureMigrationsTable(database.connection);
      if (wasFailed) await markRolledBack(database.connection, name);
      await insertAppliedRow(database.connection, name, migration.checksum);
      return { database: database.description, migration: name, marked: "applied", wasFailed };
    }
    if (!wasFailed) {
      throw new InputError(`${name} is not a failed migration in ${database.description}; only a failed one can be marked rolled back. Nothing was changed.`, {
        code: "MIGRATION_NOT_FAILED",
        hint: state.applied.includes(name) ? "To undo an applied migration, run `backant rollback`." : "It is pending: `backant migrate deploy` applies it.",
        details: { migration: name },
      });
    }
    await markRolledBack(database.connection, name);
    return { database: database.description, migration: name, marked: "rolled-back", wasFailed };
  } finally {
    await database.close();
  }
}
