import path from "node:path";
import { InputError } from "../../errors.js";
import { ALLOW_PRODUCTION_FLAG } from "../../project/production-guard.js";
import type { ProjectContext } from "../../project/context.js";
import { defineCommand, type CommandContext, type CommandResult } from "../command.js";

export interface MigrateOptions {
  message?: string;
  createOnly: boolean;
  apply: boolean;
  acceptDataLoss: boolean;
  allowProduction: boolean;
  applied?: string;
  rolledBack?: string;
}

const ACTIONS = ["deploy", "status", "resolve"] as const;

/** `backant migrate "add phone"`, `backant migrate deploy`, `backant migrate status`. */
export const migrateCommand = defineCommand<MigrateOptions>({
  command: "migrate [message]",
  describe: "Write a migration from the model changes (with down.sql) and apply it; `migrate deploy` / `migrate status` for production and CI",
  examples: [
    ['backant migrate "add phone"', "write prisma/migrations/<timestamp>_add_phone/{migration,down}.sql and apply it to the dev database"],
    ['backant migrate "drop legacy" --create-only', "write the migration for review (edit it, then `backant migrate deploy`)"],
    ["backant migrate deploy", "apply pending migrations (production, CI): never asks; exit 1 naming a failed migration"],
    ["backant migrate status", "applied, pending and failed migrations, drift, models not yet migrated; exit 1 unless up to date"],
    ["backant migrate resolve --applied NAME", "record NAME as applied without running it (the database already has its changes); --rolled-back NAME clears a failed one"],
  ],
  builder: (y) =>
    y
      .positional("message", { type: "string", describe: 'What the migration does ("add phone"), or deploy / status' })
      .option("create-only", { type: "boolean", default: false, describe: "Write the migration without applying it" })
      .option("apply", { type: "boolean", default: true, describe: "Apply the new migration to the dev database (--no-apply: same as --create-only)" })
      .option("accept-data-loss", { type: "boolean", default: false, describe: "Apply a migration that loses data without asking" })
      .option("applied", { type: "string", describe: "With resolve: the migration to record as applied without running it" })
      .option("rolled-back", { type: "string", describe: "With resolve: the failed migration to mark rolled back" })
      .option(ALLOW_PRODUCTION_FLAG, { type: "boolean", default: false, describe: "With --accept-data-loss: allow it in production (NODE_ENV=production, or a database marked production)" }),
  run: async (options, context) => {
    const { resolveProject } = await import("../../project/context.js");
    const message = options.message?.trim() ?? "";
    const project = resolveProject(context.cwd, context.env);
    if (message === "deploy") return deployCommand(project);
    if (message === "status") return statusCommand(project);
    if (message === "resolve") return resolve(project, options);
    return createMigrationInProject(project, message, options, context);
  },
});

/** `backant migrate "message"` once the project is resolved (also the MCP server's migrate_create tool). */
export async function createMigrationInProject(project: ProjectContext, message: string, options: MigrateOptions, context: CommandContext): Promise<CommandResult> {
  if (message === "") {
    throw new InputError("Say what the migration does, or name an action.", {
      code: "MIGRATION_MESSAGE_MISSING",
      hint: `Run backant migrate "add phone" to write a migration, or backant migrate ${ACTIONS.join(" | ")}.`,
    });
  }
  if (options.acceptDataLoss) {
    const { guardEnvironment } = await import("../../project/production-guard.js");
    guardEnvironment(project.environment, { action: `backant migrate "${message}" --accept-data-loss (applies a migration that loses data)`, allowProduction: options.allowProduction });
  }
  (await import("../../schema/wasm-startup.js")).preferBaselineWasmCompiler();
  const { withProjectLock } = await import("../../project/lock.js");
  return withProjectLock(project.dir, { command: `migrate "${message}"` }, () => createMigrationCommand(project, message, options, context));
}

type Project = ProjectContext;

async function createMigrationCommand(project: Project, message: string, options: MigrateOptions, context: CommandContext): Promise<CommandResult> {
  const [{ createMigration }, { terminalConfirm }] = await Promise.all([import("../../migrations/create-migration.js"), import("../../migrations/ask.js")]);
  const apply = options.apply && !options.createOnly;
  const result = await createMigration(project, { message, apply, acceptDataLoss: options.acceptDataLoss, allowProduction: options.allowProduction, confirm: terminalConfirm(context.report) });
  const shown = (file: string) => path.relative(project.dir, file) || file;
  const recordedNote = (names: string[]) => `recorded ${names.join(", ")} as applied without running ${names.length === 1 ? "it" : "them"}`;

  if (result.outcome === "no-changes") {
    const lines = ["No changes: the models match the migrations; nothing written."];
    let exitCode: 0 | 1 = 0;
    if (result.applied.length > 0) lines.push(`Applied to the dev database: ${result.applied.join(", ")}.`);
    if (result.caughtUp) lines.push("The dev database was synced with earlier models: brought it to these.");
    if (result.recorded.length > 0) lines.push(`The dev database already had their schema: ${recordedNote(result.recorded)}.`);
    if (result.applyState === "drifted") {
      exitCode = 1;
      lines.push(...handMadeDrift("The dev database", result.drift), "Undo them by hand, or rebuild the dev database with `backant reset` (its data is lost).");
    }
    if (result.applyState === "refused-data-loss") {
      exitCode = 1;
      lines.push(`The dev database was synced with earlier models; bringing it to these loses data nobody confirmed (${(result.devDataLoss ?? []).join("; ")}): re-run with --accept-data-loss, or \`backant sync --accept-data-loss\`.`);
    }
    if (result.pending.length > 0) lines.push(`${result.pending.length} pending ${plural(result.pending.length, "migration")} not applied to the dev database yet.`);
    return {
      lines,
      exitCode,
      data: { action: "create", created: false, applyState: result.applyState, applied: result.applied, pending: result.pending, recorded: result.recorded, caughtUp: result.caughtUp, drift: result.drift, exitCode },
    };
  }

  const lines = [`Created ${shown(path.join(result.folder, "migration.sql"))}:`, "", ...result.sql.trimEnd().split("\n").map((line) => `  ${line}`), ""];
  const dataLoss = result.warnings.filter((w) => w.risk === "data-loss");
  const mayFail = result.warnings.filter((w) => w.risk === "may-fail");
  if (dataLoss.length > 0) lines.push("Data loss when applied:", ...dataLoss.map((w) => `  ! ${w.message}`));
  if (mayFail.length > 0) lines.push("May fail on existing rows:", ...mayFail.map((w) => `  ! ${w.message}`));
  lines.push(
    result.downDataLoss.length === 0
      ? `Wrote ${shown(path.join(result.folder, "down.sql"))} (rollback loses no data).`
      : `Wrote ${shown(path.join(result.folder, "down.sql"))}; rolling back loses data: ${result.downDataLoss.map((w) => w.message).join("; ")}.`,
  );
  if (result.schemaWritten) lines.push(`Updated ${project.config.schemaPath} from the models.`);
  const recorded = result.recorded.length > 0 ? `; ${recordedNote(result.recorded)}` : "";

  let exitCode: 0 | 1 = 0;
  switch (result.applyState) {
    case "applied":
      lines.push(`Applied to the dev database: ${result.applied.join(", ")}${recorded}.`);
      break;
    case "recorded":
      lines.push(
        result.caughtUp
          ? `The dev database already had part of these changes (synced earlier): applied the rest, then ${recordedNote(result.recorded)}.`
          : `The dev database already has these changes (synced by \`backant dev\`, built by db push, or imported): ${recordedNote(result.recorded)} (baseline).`,
      );
      break;
    case "drifted":
      exitCode = 1;
      lines.push(
        ...handMadeDrift("Not applied: the dev database", result.drift),
        "Ways forward (nothing is lost unless said):",
        "  - undo those changes by hand (or add them to the models and migrate again), then `backant migrate deploy`;",
        `  - once you have checked that the database has what ${result.name} does, \`backant migrate resolve --applied ${result.name}\` records it;`,
        "  - `backant reset` rebuilds the dev database from the migrations (its data is lost).",
      );
      break;
    case "not-applied":
      lines.push("Not applied. Review or edit the SQL (and down.sql), then run `backant migrate deploy`.");
      break;
    case "refused-data-loss":
      exitCode = 1;
      lines.push(
        result.devDataLoss && result.devDataLoss.length > 0
          ? `Not applied: the dev database was synced with earlier models, and bringing it to these loses data nobody confirmed (${result.devDataLoss.join("; ")}). \`backant sync --accept-data-loss\` brings it there and records ${result.name}; or re-run with --accept-data-loss.`
          : `Not applied: ${result.name} loses data and nobody confirmed it. Review the SQL, then run \`backant migrate deploy\` (or re-run with --accept-data-loss next time).`,
      );
      break;
  }
  return {
    lines,
    exitCode,
    data: {
      action: "create",
      created: true,
      migration: result.name,
      folder: result.folder,
      sql: result.sql,
      downSql: result.downSql,
      warnings: result.warnings,
      downDataLoss: result.downDataLoss,
      schemaWritten: result.schemaWritten,
      applyState: result.applyState,
      applied: result.applied,
      recorded: result.recorded,
      caughtUp: result.caughtUp,
      drift: result.drift,
      ...(result.devDataLoss ? { devDataLoss: result.devDataLoss } : {}),
      exitCode,
    },
  };
}

export async function deployCommand(project: Project): Promise<CommandResult> {
  const { deployMigrations } = await import("../../migrations/deploy.js");
  const result = await deployMigrations(project);
  const names = result.applied.map((migration) => migration.name);
  const lines: string[] = [];
  if (result.recorded.length > 0) lines.push(`${result.database} already had what ${result.recorded.join(", ")} ${result.recorded.length === 1 ? "does" : "do"} (synced): recorded as applied without running.`);
  if (result.applied.length > 0) {
    lines.push(
      `Applied ${result.applied.length} ${plural(result.applied.length, "migration")} to ${result.database}, each in one transaction with its record:`,
      ...result.applied.map((migration) => `  ${migration.name}${migration.atomic ? "" : ` (not atomic: ${migration.nonAtomicReason})`}`),
    );
  } else if (result.recorded.length === 0) lines.push(`No pending migrations: ${result.database} is up to date.`);
  return { lines, data: { action: "deploy", database: result.database, applied: names, recorded: result.recorded, atomic: result.atomic, nonAtomic: result.applied.filter((m) => !m.atomic).map((m) => m.name), exitCode: 0 } };
}

async function resolve(project: Project, options: MigrateOptions): Promise<CommandResult> {
  const applied = options.applied?.trim();
  const rolledBack = options.rolledBack?.trim();
  if ((applied ? 1 : 0) + (rolledBack ? 1 : 0) !== 1) {
    throw new InputError("Say which migration to resolve, and how: one of --applied NAME or --rolled-back NAME.", {
      code: "RESOLVE_WHAT",
      hint: "backant migrate resolve --applied 20261202070836_add_phone (its changes are already in the database), or --rolled-back NAME (a failed one, undone by hand).",
    });
  }
  const [{ resolveMigration }, { withProjectLock }] = await Promise.all([import("../../migrations/resolve.js"), import("../../project/lock.js")]);
  const result = await withProjectLock(project.dir, { command: "migrate resolve" }, () => resolveMigration(project, applied ? { applied } : { rolledBack: rolledBack as string }));
  const lines =
    result.marked === "applied"
      ? [`Recorded ${result.migration} as applied to ${result.database}, without running it${result.wasFailed ? " (its failed attempt is kept as rolled back)" : ""}.`]
      : [`Marked the failed ${result.migration} as rolled back in ${result.database}: \`backant migrate deploy\` runs it again.`];
  return { lines, data: { action: "resolve", ...result, exitCode: 0 } };
}

export async function statusCommand(project: Project): Promise<CommandResult> {
  const { migrationStatus } = await import("../../migrations/status.js");
  const report = await migrationStatus(project);
  const lines: string[] = [];
  const list = (title: string, names: string[]) => {
    if (names.length > 0) lines.push(`${title} (${names.length}):`, ...names.map((name) => `  ${name}`));
  };
  const last = report.applied.at(-1);
  lines.push(`${report.local.length} ${plural(report.local.length, "migration")} in prisma/migrations; ${report.applied.length} applied to ${report.database}${last ? ` (last: ${last})` : ""}.`);
  list("Pending", report.pending);
  list("Failed", report.failed);
  list("Applied in the database but missing from prisma/migrations", report.missingLocally);
  list("Applied, but migration.sql was edited since", report.edited);
  if (report.state === "no-database") lines.push("The database does not exist yet: `backant migrate deploy` creates it and applies the migrations.");
  if (report.state === "not-managed") lines.push("The database has no migration history (built by db push?): run `backant migrate` in development to baseline it.");
  if (report.drift && report.drift.length > 0) lines.push("Drift: the database differs from what its applied migrations produce:", ...report.drift.map((line) => `  ${line}`));
  if (report.modelsAhead && report.modelsAhead.length > 0) lines.push('Models not yet in a migration (run `backant migrate "..."`):', ...report.modelsAhead.map((line) => `  ${line}`));
  if (report.missingDown.length > 0) lines.push(`Without down.sql (rollback needs --force): ${report.missingDown.join(", ")}.`);
  lines.push(report.upToDate ? "Up to date." : "Not up to date.");
  const exitCode = report.upToDate ? 0 : 1;
  return {
    lines,
    exitCode,
    data: {
      action: "status",
      state: report.state,
      database: report.database,
      upToDate: report.upToDate,
      migrations: report.local,
      applied: report.applied,
      pending: report.pending,
      failed: report.failed,
      missingLocally: report.missingLocally,
      edited: report.edited,
      drift: report.drift === undefined ? null : { detected: report.drift.length > 0, summary: report.drift },
      modelsAhead: report.modelsAhead === undefined ? null : { detected: report.modelsAhead.length > 0, summary: report.modelsAhead },
      missingDown: report.missingDown,
      exitCode,
    },
  };
}

/** What a dev database holds that neither the models nor the migrations explain, one object a line. */
function handMadeDrift(subject: string, drift: readonly string[]): string[] {
  return [`${subject} holds changes that neither the models nor the migrations explain (made by hand?), so it was left as it is:`, ...drift.map((line) => `  ${line}`)];
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
