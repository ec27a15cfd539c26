import { existsSync, readFileSync } from "node:fs";
import { CommandFailure, InputError } from "../errors.js";
import { dbExecute } from "../prisma/commands.js";
import type { Provider } from "../project/config.js";
import type { Confirm } from "./ask.js";
import { historyStatus } from "./history-status.js";
import { dataLossMarkersIn } from "./data-loss.js";
import { renderDownMigration } from "./down-migration.js";
import { downPath, listMigrations, readMigrationSql, withMigrationSubset } from "./migration-folders.js";
import { diff, ensureSchemaFile, historySource, type MigrationProject } from "./migration-project.js";

export type RollbackTarget = { kind: "last" } | { kind: "steps"; steps: number } | { kind: "to"; name: string } | { kind: "base" };

export interface RollbackOptions {
  target: RollbackTarget;
  /** Run down.sql files that lose data, and make the missing ones from the history. */
  force: boolean;
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
  /** Newest first, the order they ran in. */
  rolledBack: RolledBackMigration[];
  /** The newest migration still applied afterwards. */
  current: string | undefined;
  transactional: boolean;
}

/**
 * `backant rollback`: runs the down.sql of the newest applied migrations, newest first, and deletes
 * their rows from _prisma_migrations, all in one script sent through `prisma db execute`: inside
 * one transaction on PostgreSQL and SQLite (both have transactional DDL), so a failing statement
 * leaves the database as it was. Afterwards the rolled-back migrations are pending again and
 * `migrate deploy` re-applies them. Refusals (exit 2) happen before anything is run.
 */
export async function rollback(project: MigrationProject, options: RollbackOptions): Promise<RollbackResult> {
  await ensureSchemaFile(project);
  const local = listMigrations(project.migrationsDir);
  const status = await historyStatus(project);
  if (status.state === "failed") {
    throw new CommandFailure(`The database has a failed migration (${status.failed.join(", ")}); roll back only from a clean state. Nothing was changed.`, {
      code: "FAILED_MIGRATION_IN_DATABASE",
      hint: `Undo what the failed migration did, mark it with \`npx prisma migrate resolve --rolled-back ${status.failed[0] ?? "NAME"}\`, then roll back.`,
      details: { failed: status.failed },
    });
  }
  if (status.state === "diverged") {
    throw new CommandFailure(`The database's migration history differs from prisma/migrations${status.missingLocally.length > 0 ? ` (${status.missingLocally.join(", ")} applied but missing locally)` : ""}. Nothing was changed.`, {
      code: "MIGRATION_HISTORY_DIVERGED",
      hint: "Restore the missing migration folders (e.g. from git) before rolling back.",
      details: { missingLocally: status.missingLocally, pending: status.pending },
    });
  }
  const pending = status.state === "pending" ? status.pending : [];
  const applied = status.state === "not-managed" || status.state === "no-database" ? [] : local.filter((name) => !pending.includes(name));
  const chosen = selectMigrations(applied, options.target);
  const current = applied[applied.length - chosen.length - 1];
  if (chosen.length === 0) return { rolledBack: [], current, transactional: true };

  const missing = chosen.filter((name) => !existsSync(downPath(project.migrationsDir, name)));
  if (missing.length > 0 && !options.force) {
    throw new InputError(`No down.sql for ${missing.join(", ")}, so ${missing.length === 1 ? "it" : "they"} cannot be rolled back safely. Nothing was changed.`, {
      code: "DOWN_SQL_MISSING",
      hint: "Write the down.sql by hand, or re-run with --force to have backant compute it from the migration history (a schema diff; data in dropped columns is not restored).",
      details: { missing },
    });
  }

  const downs: Array<RolledBackMigration & { sql: string }> = [];
  for (const name of chosen) {
    const file = downPath(project.migrationsDir, name);
    const sql = existsSync(file) ? readFileSync(file, "utf8") : await generatedDown(project, local, name);
    downs.push({ name, down: existsSync(file) ? "file" : "generated", dataLoss: dataLossMarkersIn(sql), sql });
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

  const provider = project.config.provider;
  try {
    await dbExecute(project.prisma, { sql: rollbackScript(provider, downs) });
  } catch (error) {
    const transactional = provider !== "mysql";
    throw new CommandFailure(
      `Rollback failed: ${error instanceof Error ? error.message : String(error)}\n${transactional ? "The transaction was rolled back: the database and its migration history are as before." : "MySQL commits each DDL statement: check the database, some statements may have run."}`,
      { code: "ROLLBACK_FAILED", hint: "Fix the down.sql that failed (the error names the statement), then re-run.", details: { migrations: chosen }, cause: error },
    );
  }
  return { rolledBack: downs.map(({ sql: _sql, ...rest }) => rest), current, transactional: provider !== "mysql" };
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
 * The script run by db execute. SQLite: foreign keys are switched off before the transaction
 * (PRAGMA foreign_keys is ignored inside one), as Prisma's own table rebuilds expect.
 */
export function rollbackScript(provider: Provider, downs: ReadonlyArray<{ name: string; sql: string }>): string {
  const parts: string[] = [];
  for (const { name, sql } of downs) {
    parts.push(`-- rollback ${name}`, sql.trim(), `DELETE FROM ${quoteIdent(provider, "_prisma_migrations")} WHERE ${quoteIdent(provider, "migration_name")} = '${name.replace(/'/g, "''")}';`);
  }
  const body = parts.join("\n");
  if (provider === "sqlite") return `PRAGMA foreign_keys=OFF;\nBEGIN;\n${body}\nCOMMIT;\nPRAGMA foreign_keys=ON;\n`;
  if (provider === "postgresql") return `BEGIN;\n${body}\nCOMMIT;\n`;
  return `${body}\n`;
}

function quoteIdent(provider: Provider, name: string): string {
  return provider === "mysql" ? `\`${name}\`` : `"${name}"`;
}

/** A down script for a migration without down.sql: the history up to it -> the history before it. */
async function generatedDown(project: MigrationProject, local: readonly string[], name: string): Promise<string> {
  const index = local.indexOf(name);
  const through = local.slice(0, index + 1);
  const before = local.slice(0, index);
  const backward = await withMigrationSubset(project.migrationsDir, through, (throughDir) =>
    withMigrationSubset(project.migrationsDir, before, (beforeDir) => diff(project, historySource(throughDir, through.length), historySource(beforeDir, before.length), true)),
  );
  return renderDownMigration(name, backward.text, readMigrationSql(project.migrationsDir, name)).text;
}
