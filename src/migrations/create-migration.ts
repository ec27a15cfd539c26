import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describeDifferences, readCatalog, sameCatalog, serverVersion, type Catalog } from "../database/catalog.js";
import { writeCachedCatalog } from "./catalog-cache.js";
import { assessChange, markerLines, type RiskFinding } from "../database/changes.js";
import { isSyncedWith, recordSync, sha256 } from "../database/metadata.js";
import { driverDatasource, openProjectDatabase, type ProjectDatabase } from "../database/project-database.js";
import type { SchemaFile } from "../engine/client.js";
import { CommandFailure, InputError } from "../errors.js";
import type { ProjectContext } from "../project/context.js";
import { applyPlan } from "../scaffold/plan.js";
import { planSchemaFile, type SchemaPlan } from "../scaffold/schema-file.js";
import type { Confirm } from "./ask.js";
import { applyPendingMigrations, runAtomically, withMigrationLock } from "./apply.js";
import { renderDownMigration, renderUpMigration } from "./migration-text.js";
import { historyState } from "./history.js";
import { withHistoryDatabase } from "./history-database.js";
import { migrationSlug } from "./migration-slug.js";
import { DOWN_FILE, LOCK_FILE, lockFileText, MIGRATION_FILE, migrationChecksum, nextMigrationTimestamp, readMigrations, type LocalMigration } from "./migration-folders.js";
import { ensureMigrationsTable, readMigrationRows } from "./migrations-table.js";
import { heldHistoryPrefix, isEmptyCatalog, recordApplied, recordPendingRows, unexplainedObjects } from "./synced-history.js";

export interface CreateMigrationOptions {
  message: string;
  /** Apply to the dev database after writing (false: --create-only / --no-apply). */
  apply: boolean;
  /** Apply even when the migration loses data, without asking (still subject to the production guard). */
  acceptDataLoss: boolean;
  allowProduction: boolean;
  /** Asks the user (a TTY); undefined when nobody can be asked. */
  confirm?: Confirm | undefined;
}

/**
 * applied: the migration ran on the dev database; recorded: the dev database already had its
 * changes (synced by `backant dev`/`sync`, or built by db push) and it was recorded as applied
 * without running; not-applied: --create-only; refused-data-loss: it loses data and nobody agreed;
 * drifted: the dev database was changed in ways neither the models nor the history explain (by
 * hand), so it was left alone (the objects are named in `drift`).
 */
export type ApplyState = "applied" | "recorded" | "not-applied" | "refused-data-loss" | "drifted";

export type CreateMigrationResult =
  | ({ outcome: "no-changes"; pending: string[] } & Reconciled)
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
      applyState: ApplyState;
      /** Migrations run on the dev database by this call. */
      applied: string[];
      /** Migrations recorded as applied without running (the database already had them). */
      recorded: string[];
      /** The dev database held part of the changes (synced earlier): the rest of the way was applied, then the migrations recorded. */
      caughtUp: boolean;
      /** With applyState "drifted": what the dev database holds that the models and the history do not explain. */
      drift: string[];
      /** With applyState "refused-data-loss" on a dev database synced part of the way: what catching it up would lose (not what the migration itself does). */
      devDataLoss?: string[];
    };

/**
 * `backant migrate "add phone"`. The migrations are applied to a scratch database; the engine diffs
 * it against the models both ways (migration.sql and down.sql); the new script is run there too, and
 * the catalogs before and after say what it does to existing rows (markers in both files, the NULL
 * fill of a column made required with a default). Then the dev database is reconciled with the
 * history, whatever state `backant dev` left it in (see synced-history.ts):
 * - it already has the models' schema (synced by `backant dev`, or built by db push): the migration
 *   is recorded as applied without running, as are unrecorded earlier ones (Prisma's baseline);
 * - it is where (part of) the history leaves it: what it lacks runs (atomically), after the usual
 *   data-loss consent and production guard;
 * - it holds objects neither the models nor the history explain (DDL by hand): they are named and
 *   the database is left alone, the migration written all the same;
 * - it is somewhere else (synced to an earlier version of the models): just the remaining
 *   difference runs (with the same consent when it loses data), then the migrations are recorded.
 */
export async function createMigration(context: ProjectContext, options: CreateMigrationOptions): Promise<CreateMigrationResult> {
  const slug = migrationSlug(options.message);
  const schemaPlan = await planSchemaFile(context.dir);
  const schema: SchemaFile[] = [{ path: schemaPlan.schemaPath, content: schemaPlan.text }];
  // The schema file as the last sync left it (migrate rewrites it): with the fingerprint that sync
  // recorded in the database, it tells a database synced from earlier models from one changed by hand.
  const lastSyncedSchema = existsSync(schemaPlan.schemaPath) ? readFileSync(schemaPlan.schemaPath, "utf8") : undefined;
  const local = readMigrations(context.paths.migrations);
  const main = driverDatasource(context);

  const drafted = await withHistoryDatabase(main, local, schema, context.dir, async (history) => {
    const before = await history.catalog();
    const server = await serverVersion(history.connection);
    const forward = await history.engine.diff({ kind: "database" }, { kind: "schema", files: schema }, { script: true });
    if (!forward.changed) return { before, after: before, server, forward: undefined, backward: "" };
    const backward = await history.engine.diff({ kind: "schema", files: schema }, { kind: "database" }, { script: true });
    await history.connection.execute(forward.text);
    const after = await history.catalog();
    return { before, after, forward: forward.text, backward: backward.text, server };
  });

  if (drafted.forward === undefined) {
    // Nothing to write. The dev database is reconciled all the same: pending migrations it already
    // has are recorded, the ones it lacks run, changes synced from earlier models are caught up.
    if (!options.apply || local.length === 0) return { outcome: "no-changes", pending: [], applyState: "recorded", applied: [], recorded: [], caughtUp: false, drift: [] };
    writeCachedCatalog(context.dir, { provider: context.config.provider, server: drafted.server, migrations: local }, drafted.before);
    const history = { target: drafted.before, known: new Map([[local.length, drafted.before]]), explanations: [drafted.before] };
    const outcome = await applyToDevDatabase(context, local, history, schemaPlan, lastSyncedSchema, options, []);
    const unresolved = outcome.applyState === "drifted" || outcome.applyState === "refused-data-loss";
    return { outcome: "no-changes", pending: unresolved ? await pendingIn(context, local) : [], ...outcome };
  }
  const forward = drafted.forward;

  const provider = context.config.provider;
  const schemaName = main.provider === "postgres" ? main.schema : undefined;
  const up = assessChange(drafted.before, drafted.after, { provider, ...(schemaName ? { schema: schemaName } : {}) });
  const down = assessChange(drafted.after, drafted.before, { provider, ...(schemaName ? { schema: schemaName } : {}) });
  const name = `${nextMigrationTimestamp(local.map((migration) => migration.name))}_${slug}`;
  const sql = renderUpMigration(forward, up);
  const downSql = renderDownMigration(name, drafted.backward, down);
  const written = writeMigration(context, name, sql, downSql, schemaPlan);
  const created = {
    outcome: "created" as const,
    name,
    folder: written.folder,
    sql,
    downSql,
    warnings: up.findings,
    downDataLoss: down.findings.filter((finding) => finding.risk === "data-loss"),
    schemaWritten: schemaPlan.state !== "current",
  };
  if (!options.apply) return { ...created, applyState: "not-applied", applied: [], recorded: [], caughtUp: false, drift: [] };

  const migration: LocalMigration = { name, sql, checksum: migrationChecksum(sql), down: downSql };
  // What status will ask next: the history's schema before and after, and the models' (the same).
  const cacheKey = { provider, server: drafted.server, migrations: [...local, migration] };
  writeCachedCatalog(context.dir, { ...cacheKey, migrations: local }, drafted.before);
  writeCachedCatalog(context.dir, cacheKey, drafted.after);
  writeCachedCatalog(context.dir, { ...cacheKey, schemaText: schemaPlan.text }, drafted.after);
  try {
    const history = {
      target: drafted.after,
      known: new Map([
        [local.length, drafted.before],
        [local.length + 1, drafted.after],
      ]),
      explanations: [drafted.before, drafted.after],
    };
    const outcome = await applyToDevDatabase(context, [...local, migration], history, schemaPlan, lastSyncedSchema, options, up.findings);
    return { ...created, ...outcome };
  } catch (error) {
    // Refused by the production guard: nothing may stay behind, not even the files.
    if (error instanceof InputError && error.code === "PRODUCTION_REFUSED") {
      written.takeBack();
      throw error;
    }
    if (error instanceof InputError || error instanceof CommandFailure) {
      throw withNote(error, `${name} was written to prisma/migrations; \`backant migrate deploy\` applies it once that is resolved.`, name);
    }
    throw error;
  }
}

/** The schemas the history goes through, as far as the caller built them. */
interface HistorySchemas {
  /** After every migration (the new one included): what the models produce. */
  target: Catalog;
  /** Catalogs of prefixes of the migrations, by length. */
  known: ReadonlyMap<number, Catalog>;
  /** Schemas a dev database may hold objects of without them being drift: before and after the new migration. */
  explanations: Catalog[];
}

async function applyToDevDatabase(
  context: ProjectContext,
  migrations: LocalMigration[],
  history: HistorySchemas,
  schemaPlan: SchemaPlan,
  lastSyncedSchema: string | undefined,
  options: CreateMigrationOptions,
  findings: RiskFinding[],
): Promise<Reconciled> {
  const newest = migrations.at(-1) as LocalMigration;
  const database = await openProjectDatabase(context, { create: true });
  try {
    const current = await readCatalog(database.connection);
    const state = historyState(migrations, await readMigrationRows(database.connection));
    if (state.failed.length > 0) {
      throw new CommandFailure(`The dev database has a failed migration (${state.failed.join(", ")}); it was not changed.`, {
        code: "FAILED_MIGRATION_IN_DATABASE",
        hint: `Undo what ${state.failed[0]} did and mark it with \`backant migrate resolve --rolled-back ${state.failed[0]}\`, or rebuild the dev database with \`backant reset\`.`,
        details: { failed: state.failed },
      });
    }

    // Which schema of the history the database holds: after the new migration (the change was
    // synced by `backant dev`), before it, or after some earlier pending one (rollback then sync).
    const held = isEmptyCatalog(current) ? 0 : await heldHistoryPrefix(context, database.connection, migrations, state.pending, current, history.known);
    if (held === migrations.length) {
      const recorded = await recordApplied(database.connection, migrations, current);
      await afterChange(database, schemaPlan);
      return { applyState: "recorded", applied: [], recorded, caughtUp: false, drift: [] };
    }

    /** The usual consent before data is lost: the production guard, then --accept-data-loss or a yes. */
    const consented = async (losses: readonly RiskFinding[]): Promise<boolean> => {
      if (!losses.some((finding) => finding.risk === "data-loss")) return true;
      await database.authorize({ action: `applying ${newest.name} (it loses data)`, allowProduction: options.allowProduction });
      if (options.acceptDataLoss) return true;
      return options.confirm ? options.confirm(`Apply ${newest.name} to the dev database? It loses data (see the warnings above).`) : false;
    };

    if (held !== undefined) {
      // The database is where (part of) the history leaves it: the rest runs, the new migration last.
      if (!(await consented(findings))) return { applyState: "refused-data-loss", applied: [], recorded: [], caughtUp: false, drift: [] };
      const recorded = await recordApplied(database.connection, migrations.slice(0, held), current);
      const outcome = await applyPendingMigrations(database.connection, migrations);
      await afterChange(database, schemaPlan);
      return { applyState: "applied", applied: outcome.applied.map((applied) => applied.name), recorded, caughtUp: false, drift: [] };
    }

    // Neither. A database exactly as backant's last sync left it was synced to an earlier version of
    // the models (some changes synced, some not, some undone in the models since). Otherwise what the
    // models and the history do not explain (changed by hand) is named and left alone: changing the
    // database to the models would undo it. Then just the remaining difference runs, with the NULL
    // fills of columns made required, in one transaction that also records the migrations, and only
    // if the database then holds exactly the migrations' schema.
    const synced = lastSyncedSchema !== undefined && (await isSyncedWith(database.connection, sha256(lastSyncedSchema)));
    const drift = synced ? [] : unexplainedObjects(current, history.explanations);
    if (drift.length > 0) return { applyState: "drifted", applied: [], recorded: [], caughtUp: false, drift };
    const schema = [{ path: schemaPlan.schemaPath, content: schemaPlan.text }];
    const engine = await database.engine(schema);
    const remaining = await engine.diff({ kind: "database" }, { kind: "schema", files: schema }, { script: true });
    const schemaName = database.datasource.provider === "postgres" ? database.datasource.schema : undefined;
    const rest = assessChange(current, history.target, { provider: context.config.provider, ...(schemaName ? { schema: schemaName } : {}) });
    if (!(await consented(rest.findings))) {
      const devDataLoss = rest.findings.filter((finding) => finding.risk === "data-loss").map((finding) => finding.message);
      return { applyState: "refused-data-loss", applied: [], recorded: [], caughtUp: false, drift: [], devDataLoss };
    }
    const sql = renderUpMigration(remaining.text, rest);
    let recorded: string[] = [];
    try {
      await ensureMigrationsTable(database.connection);
      await withMigrationLock(database.connection, () =>
        runAtomically(database.connection, async () => {
          await database.connection.execute(sql);
          const reached = await readCatalog(database.connection);
          if (!sameCatalog(reached, history.target)) {
            throw new Error(`it does not reach the migrations' schema:\n${describeDifferences(history.target, reached).map((line) => `  ${line}`).join("\n")}`);
          }
          recorded = await recordPendingRows(database.connection, migrations);
          return true;
        }),
      );
    } catch (error) {
      throw new CommandFailure(`The dev database (${database.description}) held part of the model changes; bringing it the rest of the way failed, so nothing was changed: ${(error as Error).message.replace(/^db error: /, "")}`, {
        code: "DEV_DATABASE_CATCH_UP_FAILED",
        hint: "Rebuild the dev database from the migrations with `backant reset` (its data is lost), or fix the rows it trips on and run `backant migrate deploy`.",
        details: { sql },
        cause: error,
      });
    }
    await afterChange(database, schemaPlan);
    return { applyState: "recorded", applied: [], recorded, caughtUp: true, drift: [] };
  } finally {
    await database.close();
  }
}

type Reconciled = { applyState: ApplyState; applied: string[]; recorded: string[]; caughtUp: boolean; drift: string[]; devDataLoss?: string[] };

/** The migrations still pending in the dev database. */
async function pendingIn(context: ProjectContext, local: readonly LocalMigration[]): Promise<string[]> {
  const database = await openProjectDatabase(context);
  try {
    return historyState(local, await readMigrationRows(database.connection)).pending;
  } finally {
    await database.close();
  }
}

/** The dev database now has the models' schema: remember it for sync's fast path, and the environment. */
async function afterChange(database: ProjectDatabase, schemaPlan: SchemaPlan): Promise<void> {
  await database.recordEnvironment();
  await recordSync(database.connection, sha256(schemaPlan.text));
}

/** Writes the migration folder (and the schema file, the lock file); takeBack() removes what it added. */
function writeMigration(context: ProjectContext, name: string, sql: string, downSql: string, schemaPlan: SchemaPlan) {
  const dir = context.paths.migrations;
  const folder = path.join(dir, name);
  const lock = path.join(dir, LOCK_FILE);
  const madeDir = !existsSync(dir);
  const madeLock = !existsSync(lock);
  const previousSchema = schemaPlan.state === "stale" ? readFileSync(schemaPlan.schemaPath, "utf8") : undefined;
  applyPlan([schemaPlan.write]);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, MIGRATION_FILE), sql);
  writeFileSync(path.join(folder, DOWN_FILE), downSql);
  if (madeLock) writeFileSync(lock, lockFileText(context.config.provider));
  return {
    folder,
    takeBack() {
      rmSync(madeDir ? dir : folder, { recursive: true, force: true });
      if (madeLock && !madeDir) rmSync(lock, { force: true });
      if (previousSchema !== undefined) writeFileSync(schemaPlan.schemaPath, previousSchema);
    },
  };
}

function withNote(error: InputError | CommandFailure, note: string, name: string): InputError | CommandFailure {
  const options = { code: error.code, ...(error.hint === undefined ? {} : { hint: error.hint }), details: { ...error.details, createdMigration: name }, cause: error };
  return error instanceof InputError ? new InputError(`${error.message}\n${note}`, options) : new CommandFailure(`${error.message}\n${note}`, options);
}

export { markerLines };
