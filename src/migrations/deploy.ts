import { clearSyncFingerprint } from "../database/metadata.js";
import { CommandFailure } from "../errors.js";
import { recordSyncedMigrations } from "./synced-history.js";
import { openProjectDatabase } from "../database/project-database.js";
import type { ProjectContext } from "../project/context.js";
import { applyPendingMigrations, type AppliedMigration } from "./apply.js";
import { readMigrations } from "./migration-folders.js";

export interface DeployResult {
  database: string;
  applied: AppliedMigration[];
  /** Development only: pending migrations the database already had (synced), recorded without running. */
  recorded: string[];
  /** True when every migration applied committed together with its _prisma_migrations row. */
  atomic: boolean;
}

/**
 * `backant migrate deploy`: applies the pending migrations in order, each in one transaction with
 * its _prisma_migrations row, and never asks anything. A database that does not exist yet is
 * created (an SQLite file, a PostgreSQL database), as Prisma's deploy does. The environment is
 * recorded in the database: a deploy with NODE_ENV=production marks it production for the guard.
 * Outside production, pending migrations whose changes the database already has (synced by
 * `backant dev` after a rollback or a --create-only) are recorded instead of run (synced-history.ts);
 * in production every pending migration runs, as Prisma's deploy does.
 */
export async function deployMigrations(context: ProjectContext): Promise<DeployResult> {
  const local = readMigrations(context.paths.migrations);
  const database = await openProjectDatabase(context, { create: true });
  try {
    const production = await database.isProduction();
    const recorded = production ? [] : await recordSyncedMigrations(context, database.connection, local);
    const outcome = await applyPendingMigrations(database.connection, local).catch((error: unknown) => {
      throw production ? error : inDevelopment(error);
    });
    await database.recordEnvironment();
    // The tables changed under the dev sync's fingerprint: the next sync looks again.
    if (outcome.applied.length > 0) await clearSyncFingerprint(database.connection);
    return { database: database.description, applied: outcome.applied, recorded, atomic: outcome.applied.every((migration) => migration.atomic) };
  } finally {
    await database.close();
  }
}

/**
 * A migration that fails on a development database, which `backant dev` and `sync` keep following
 * the models: after a rollback then a sync of other changes, it may hold part of what a pending
 * migration does, so the migration trips on its own change ("already exists"). `backant migrate`
 * compares the database with each point of the history and reconciles it; say so.
 */
function inDevelopment(error: unknown): unknown {
  if (!(error instanceof CommandFailure) || error.code !== "MIGRATION_FAILED" || error.details?.["atomic"] !== true) return error;
  return new CommandFailure(error.message, {
    code: error.code,
    hint: `${error.hint} In development the database follows the models through \`backant sync\` and may already hold part of it: \`backant migrate\` records what it holds and brings it the rest of the way (\`backant reset\` rebuilds it from the migrations).`,
    details: error.details,
    cause: error.cause,
  });
}
