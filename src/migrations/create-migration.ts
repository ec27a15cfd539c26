import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CommandFailure } from "../errors.js";
import { migrateResolve } from "../prisma/commands.js";
import { applyPlan } from "../scaffold/plan.js";
import { planSchemaFile, type SchemaPlan } from "../scaffold/schema-file.js";
import type { Confirm } from "./ask.js";
import { analyzeScript, markScript, type RiskFinding } from "./data-loss.js";
import { deployMigrations } from "./deploy.js";
import { historyStatus } from "./history-status.js";
import { ensureMigrationsTable } from "./migrations-table.js";
import { renderDownMigration } from "./down-migration.js";
import { DOWN_FILE, listMigrations, LOCK_FILE, MIGRATION_FILE, migrationSlug, nextMigrationTimestamp } from "./migration-folders.js";
import { diff, historySource, withSchemaFile, type MigrationProject } from "./migration-project.js";

export interface CreateMigrationOptions {
  message: string;
  /** Apply to the dev database after writing (false: --create-only / --no-apply). */
  apply: boolean;
  /** Apply even when the migration loses data, without asking. */
  acceptDataLoss: boolean;
  /** Asks the user (a TTY); undefined when nobody can be asked. */
  confirm?: Confirm | undefined;
}

export type CreateMigrationResult =
  | { outcome: "no-changes"; pending: string[]; schemaState: string }
  | {
      outcome: "created";
      name: string;
      /** Absolute folder of the new migration. */
      folder: string;
      sql: string;
      downSql: string;
      /** What applying the migration may do to existing rows. */
      warnings: RiskFinding[];
      /** What rolling it back would lose. */
      downDataLoss: RiskFinding[];
      schemaWritten: boolean;
      /** applied: run by migrate deploy; baselined: recorded as applied without running (db push'd database). */
      applyState: "applied" | "baselined" | "not-applied" | "refused-data-loss";
      /** Migrations run (deploy) or recorded as applied (baseline) by this call. */
      applied: string[];
    };

/**
 * `backant migrate "add phone"`: the models are rendered to a schema, the SQL from the migration
 * history to that schema becomes prisma/migrations/<timestamp>_<slug>/migration.sql, the SQL back
 * becomes down.sql beside it (two `migrate diff` runs side by side), and the migration is applied
 * to the dev database with migrate deploy. A database built by db push is found by deploy's P3005
 * and baselined; when it cannot be, what was written is taken back, so the user can fix and re-run.
 */
export async function createMigration(project: MigrationProject, options: CreateMigrationOptions): Promise<CreateMigrationResult> {
  const slug = migrationSlug(options.message);
  const schemaPlan = await planSchemaFile(project.dir);
  // Prisma loads the config's schema file on every command, even when told to diff another one
  if (schemaPlan.state === "missing") applyPlan([schemaPlan.write]);
  const existing = listMigrations(project.migrationsDir);
  const history = historySource(project.migrationsDir, existing.length);

  const { forward, backward } = await withSchemaFile(schemaPlan.text, async (schemaFile) => {
    const [forward, backward] = await Promise.all([
      diff(project, history, { kind: "schema", path: schemaFile }, true),
      diff(project, { kind: "schema", path: schemaFile }, history, true),
    ]);
    return { forward, backward };
  });
  if (!forward.changed) {
    const status = options.apply ? await historyStatus(project) : undefined;
    return { outcome: "no-changes", pending: status?.state === "pending" ? status.pending : [], schemaState: schemaPlan.state };
  }

  const name = `${nextMigrationTimestamp(existing)}_${slug}`;
  const risks = analyzeScript(forward.text, backward.text);
  const sql = markScript(forward.text, risks);
  const down = renderDownMigration(name, backward.text, forward.text);
  const written = writeMigration(project, name, sql, down.text, schemaPlan);

  const created = { outcome: "created" as const, name, folder: written.folder, sql, downSql: down.text, warnings: risks.findings, downDataLoss: down.dataLoss, schemaWritten: schemaPlan.state !== "current" };
  if (!options.apply) return { ...created, applyState: "not-applied", applied: [] };

  const losesData = risks.findings.some((finding) => finding.risk === "data-loss");
  if (losesData && !options.acceptDataLoss) {
    const accepted = options.confirm ? await options.confirm(`Apply ${name} to the dev database? It loses data (see the warnings above).`) : false;
    if (!accepted) return { ...created, applyState: "refused-data-loss", applied: [] };
  }
  try {
    const deployed = await deployMigrations(project);
    return { ...created, applyState: "applied", applied: deployed.applied };
  } catch (error) {
    // P3005: the database has tables but no _prisma_migrations (db push)
    if (!(error instanceof CommandFailure)) throw error;
    if (error.code !== "P3005") {
      throw new CommandFailure(`${error.message}\n${name} was written to prisma/migrations; \`backant migrate deploy\` applies it once that is resolved.`, {
        code: error.code,
        ...(error.hint === undefined ? {} : { hint: error.hint }),
        details: { ...error.details, createdMigration: name },
        cause: error,
      });
    }
    const plan = await baselinePlan(project, existing, schemaPlan.text).catch((refusal: unknown) => {
      written.takeBack();
      throw refusal;
    });
    await ensureMigrationsTable(project);
    if (plan === "baseline") {
      // the database already has this schema: record the whole history as applied, run nothing
      const names = [...existing, name];
      for (const migration of names) await migrateResolve(project.prisma, { applied: migration });
      return { ...created, applyState: "baselined", applied: names };
    }
    for (const migration of existing) await migrateResolve(project.prisma, { applied: migration });
    const deployed = await deployMigrations(project);
    return { ...created, applyState: "applied", applied: [...existing, ...deployed.applied] };
  }
}

/** Writes the migration folder (and the schema file, the lock file); takeBack() removes what it added. */
function writeMigration(project: MigrationProject, name: string, sql: string, downSql: string, schemaPlan: SchemaPlan) {
  const folder = path.join(project.migrationsDir, name);
  const lock = path.join(project.migrationsDir, LOCK_FILE);
  const madeDir = !existsSync(project.migrationsDir);
  const madeLock = !existsSync(lock);
  const previousSchema = schemaPlan.state === "stale" ? readFileSync(schemaPlan.schemaPath, "utf8") : undefined;
  if (schemaPlan.state === "stale") applyPlan([schemaPlan.write]);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, MIGRATION_FILE), sql);
  writeFileSync(path.join(folder, DOWN_FILE), downSql);
  if (madeLock) writeFileSync(lock, `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${project.config.provider}"\n`);
  return {
    folder,
    takeBack() {
      rmSync(madeDir ? project.migrationsDir : folder, { recursive: true, force: true });
      if (madeLock && !madeDir) rmSync(lock, { force: true });
      if (previousSchema !== undefined) writeFileSync(schemaPlan.schemaPath, previousSchema);
    },
  };
}

/**
 * Prisma's db push -> migrate trap (prisma/orm#8249): a database built by db push has no
 * _prisma_migrations table, deploy refuses it (P3005) and migrate dev wants to reset it. When it
 * matches the models, every migration (the new one too) is recorded as applied (migrate resolve
 * --applied, Prisma's documented baseline); when it matches the migrations before the new one,
 * those are recorded and the new one is deployed; otherwise the refusal says what differs.
 */
async function baselinePlan(project: MigrationProject, existing: string[], schemaText: string): Promise<"baseline" | "baseline-history"> {
  const toModels = await withSchemaFile(schemaText, (schemaFile) => diff(project, { kind: "config-datasource" }, { kind: "schema", path: schemaFile }, false));
  if (!toModels.changed) return "baseline";
  if (existing.length > 0) {
    const toHistory = await diff(project, { kind: "migrations", path: project.migrationsDir }, { kind: "config-datasource" }, false);
    if (!toHistory.changed) return "baseline-history";
  }
  throw new CommandFailure(
    "The dev database was built without migrations (db push) and does not match the models, so it cannot be baselined: recording the new migration as applied would hide these differences. Nothing was written.\n" +
      `From the database to the models:\n${indent(toModels.text.trim())}`,
    {
      code: "BASELINE_MISMATCH",
      hint: "Bring the database to the models first (`backant sync`, or `backant reset` on a development database) and re-run `backant migrate`; or write the migration without applying it (--no-apply).",
      details: { differences: toModels.text },
    },
  );
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
