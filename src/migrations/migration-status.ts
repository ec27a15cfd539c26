import { existsSync } from "node:fs";
import { historyStatus, type HistoryStatus } from "./history-status.js";
import { downPath, listMigrations, withMigrationSubset } from "./migration-folders.js";
import { diff, ensureSchemaFile, historySource, withSchemaFile, type Diff, type MigrationProject } from "./migration-project.js";

export interface MigrationStatusReport {
  /** Prisma's view of the history (up-to-date, pending, failed, diverged, not-managed), or no-database. */
  state: HistoryStatus["state"];
  local: string[];
  applied: string[];
  pending: string[];
  failed: string[];
  /** Applied in the database, missing from prisma/migrations. */
  missingLocally: string[];
  /** The database differs from what its applied migrations produce (changed by hand or by db push); undefined when not checked. */
  drift: Diff | undefined;
  /** The models differ from what all migrations produce (a `backant migrate` is due); undefined without models. */
  modelsAhead: Diff | undefined;
  /** Migrations without a down.sql (rollback refuses them without --force). */
  missingDown: string[];
  upToDate: boolean;
}

/**
 * Where the database stands against prisma/migrations and the models. Prisma's `migrate status`
 * gives the history (applied, pending, failed); it does not compare schemas, so drift (database vs.
 * the migrations it applied) and models ahead (models vs. all migrations) are `migrate diff
 * --exit-code` runs. All three start together, the drift check assuming every migration is
 * applied (the usual answer); when status says some are pending it is redone against the others.
 */
export async function migrationStatus(project: MigrationProject): Promise<MigrationStatusReport> {
  const local = listMigrations(project.migrationsDir);
  const schemaText = await ensureSchemaFile(project);
  const driftAgainst = (applied: string[]) =>
    withMigrationSubset(project.migrationsDir, applied, (dir) => diff(project, historySource(dir, applied.length), { kind: "config-datasource" }, false));
  // failing is not an answer yet: only status says whether the database is there and managed
  const optimisticDrift = driftAgainst(local).catch(() => undefined);
  const [status, modelsAhead] = await Promise.all([
    historyStatus(project),
    schemaText === undefined ? undefined : withSchemaFile(schemaText, (schemaFile) => diff(project, historySource(project.migrationsDir, local.length), { kind: "schema", path: schemaFile }, false)),
  ]);

  const pending = status.state === "no-database" ? local : "pending" in status ? status.pending : [];
  const failed = status.state === "failed" ? status.failed : [];
  const missingLocally = status.state === "diverged" ? status.missingLocally : [];
  const managed = status.state === "up-to-date" || status.state === "pending";
  const applied = managed || status.state === "failed" ? local.filter((name) => !pending.includes(name) && !failed.includes(name)) : [];
  let drift = await optimisticDrift;
  if (managed && (applied.length !== local.length || drift === undefined)) drift = await driftAgainst(applied);
  if (!managed) drift = undefined;
  const missingDown = local.filter((name) => !existsSync(downPath(project.migrationsDir, name)));
  return {
    state: status.state,
    local,
    applied,
    pending,
    failed,
    missingLocally,
    drift,
    modelsAhead,
    missingDown,
    upToDate: status.state === "up-to-date" && drift?.changed !== true && modelsAhead?.changed !== true,
  };
}
