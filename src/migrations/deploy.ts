import { stripVTControlCharacters } from "node:util";
import { CommandFailure } from "../errors.js";
import { migrateDeploy } from "../prisma/commands.js";
import type { MigrationProject } from "./migration-project.js";

export interface DeployResult {
  applied: string[];
}

/**
 * `prisma migrate deploy`: applies the pending migrations in order, never asks anything (Prisma's
 * deploy has no prompt and runs under the advisory migration lock, so two deploys at once apply
 * each migration once). A failure names the migration that failed and what to do about it.
 */
export async function deployMigrations(project: MigrationProject): Promise<DeployResult> {
  try {
    const result = await migrateDeploy(project.prisma);
    return { applied: result.appliedMigrations };
  } catch (error) {
    throw namedDeployFailure(error);
  }
}

/** Prisma's deploy failure, rewritten to start with the failing migration's name. */
export function namedDeployFailure(error: unknown): unknown {
  if (!(error instanceof CommandFailure)) return error;
  const output = stripVTControlCharacters(`${String(error.details?.stdout ?? "")}\n${String(error.details?.stderr ?? "")}`);
  const failedNow = /Migration name: (\S+)/.exec(output)?.[1];
  const failedBefore = /The `([^`]+)` migration started at [^\n]* failed/.exec(output)?.[1];
  const migration = failedNow ?? failedBefore;
  if (migration === undefined) return error;
  const databaseError = /Database error:\s*\n([\s\S]*?)(?:\n\s*\n|$)/.exec(output)?.[1]?.trim();
  const message = failedNow
    ? `Migration ${migration} failed to apply${databaseError ? `: ${databaseError}` : "."} Migrations after it were not applied.`
    : `Migration ${migration} failed in an earlier deploy and is still marked failed; no migration was applied.`;
  return new CommandFailure(message, {
    code: error.code,
    hint: `Fix the database or prisma/migrations/${migration}/migration.sql, then mark it with \`npx prisma migrate resolve --rolled-back ${migration}\` (or --applied if you finished it by hand) and run \`backant migrate deploy\` again.`,
    details: { ...error.details, failedMigration: migration },
    cause: error,
  });
}
