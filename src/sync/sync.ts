import { readFileSync } from "node:fs";
import type { Catalog } from "../database/catalog.js";
import { driverDatasource, openExisting } from "../database/connection.js";
import { isSyncedWith, recordSync, sha256 } from "../database/metadata.js";
import { InputError } from "../errors.js";
import type { ProjectContext } from "../project/context.js";
import { describeDatabase } from "../project/database-target.js";
import type { Provider } from "../project/config.js";
import { clientSignature, generatedClientDir, readClientStamp, writeClientStamp } from "./client-stamp.js";
import { syncInputsHash } from "./sync-inputs.js";

export interface SyncOptions {
  log?: (line: string) => void;
  /** Ignore the fingerprint: always render, push and generate. */
  force?: boolean;
  /** Let the push drop data (db push --accept-data-loss): the explicit choice, never the default; guarded in production. */
  acceptDataLoss?: boolean;
  allowProduction?: boolean;
}

export interface SyncResult {
  /** Nothing was rendered, pushed or generated: models, database and client matched the last sync. */
  skipped: boolean;
  /** Why the full sync ran (or "up to date"). */
  reason: string;
  provider: Provider;
  /** The database, password hidden. */
  database: string;
  schemaPath: string;
  schemaWritten: boolean;
  /** The schema was pushed (false when the database was already synced with it and only the client was missing). */
  pushed: boolean;
  /** Steps the engine executed (0 when the database already matched). */
  executedSteps: number;
  generated: boolean;
  /** Pending migrations the push left the database holding exactly (after a rollback or a --create-only), recorded as applied. */
  recorded: string[];
  /** How the client was generated: in this process with Prisma's generator, or by `prisma generate`. */
  generation?: "in-process" | "prisma generate";
  schemaHash: string | undefined;
  durationMs: number;
}

/** A table or columns the push would remove, or columns it would make required (their NULLs make it fail). */
export interface DroppedData {
  table: string;
  /** Empty when the whole table goes. */
  columns: string[];
  change: "dropped" | "made required";
}

/**
 * `backant sync`: src/models -> prisma/schema.prisma -> the dev database (the engine's schema push,
 * never dropping data unless told) -> the Prisma client. Skipped entirely when the inputs hash, the
 * schema file, the generated client and the database's own fingerprint all agree with the last sync;
 * that check opens only a database driver. A change that would lose data is refused (InputError,
 * exit 2, SYNC_WOULD_LOSE_DATA) with the engine's warnings and the tables and columns it would drop;
 * the engine applies nothing then, and the schema file and client are left as they were.
 */
export async function syncProject(context: ProjectContext, options: SyncOptions = {}): Promise<SyncResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const datasource = driverDatasource(context);
  const inputsHash = syncInputsHash(context.dir, context.config);
  const base = { provider: context.config.provider, database: describeDatabase(datasource), schemaPath: context.paths.schema };

  const check = options.force ? { upToDate: false as const, reason: "--force" } : await checkUpToDate(context, inputsHash);
  if (check.upToDate) {
    return { ...base, skipped: true, reason: check.reason, schemaWritten: false, pushed: false, executedSteps: 0, generated: false, recorded: [], schemaHash: check.schemaHash, durationMs: elapsed(started) };
  }
  log(`Syncing the database with the models (${check.reason})...`);

  // The heavy part is loaded only now. The schema engine's wasm compiles in the background and
  // Prisma's client generator loads in a worker thread while the models are rendered and pushed.
  const [{ preloadWasmEngine }, { startEarlyGenerator }] = await Promise.all([import("../engine/wasm-engine.js"), import("./generate-client.js")]);
  preloadWasmEngine();
  const early = startEarlyGenerator(context);
  try {
    const [{ planSchemaFile }, { applyPlan }] = await Promise.all([import("../scaffold/schema-file.js"), import("../scaffold/plan.js")]);
    const plan = await planSchemaFile(context.dir);
    const schema = [{ path: context.paths.schema, content: plan.text }];
    const schemaHash = sha256(plan.text);

    const { openProjectDatabase } = await import("../database/project-database.js");
    const database = await openProjectDatabase(context, { create: true });
    let executedSteps = 0;
    let pushed = false;
    let recorded: string[] = [];
    try {
      // The client alone may be what changed: a database already synced with this schema (and not
      // changed since) is not pushed again, which spares loading the engine.
      const inSync = !options.force && (await isSyncedWith(database.connection, schemaHash));
      if (!inSync) {
        const engine = await database.engine(schema);
        let push = await engine.schemaPush({ schema, force: false });
        if (push.unexecutable.length > 0 || (push.warnings.length > 0 && !options.acceptDataLoss)) {
          throw refusal(database.description, push.warnings, push.unexecutable, await droppedData(database.connection, plan.text), options.acceptDataLoss === true);
        }
        if (push.warnings.length > 0) {
          await database.authorize({ action: "backant sync --accept-data-loss (drops the columns and tables named by the warnings)", allowProduction: options.allowProduction === true });
          log(`Accepted data loss: ${push.warnings.join(" ")}`);
          push = await engine.schemaPush({ schema, force: true });
        }
        executedSteps = push.executedSteps;
        pushed = true;
        // The migrations and the dev database stay reconciled: a push that lands exactly where
        // pending migrations lead (a rolled-back one synced again) records them, so the next
        // deploy or migrate does not run them on top of their own changes.
        try {
          const { readMigrations } = await import("../migrations/migration-folders.js");
          const local = readMigrations(context.paths.migrations);
          if (local.length > 0) {
            const { recordSyncedMigrations } = await import("../migrations/synced-history.js");
            recorded = await recordSyncedMigrations(context, database.connection, local);
          }
        } catch (error) {
          // The push is done; an unreadable migration folder is for migrate and status to report.
          log(`Note: the migrations were not compared with the database (${(error as Error).message}).`);
        }
      }
      applyPlan([plan.write]);
      await database.recordEnvironment();
      if (pushed) {
        try {
          await recordSync(database.connection, schemaHash);
        } catch (error) {
          // The push itself succeeded; without the record the next sync simply runs in full again.
          log(`Note: could not record the sync in the database (${(error as Error).message}); the next sync will not be skipped.`);
        }
      }
    } finally {
      await database.close();
    }
    const generation = await generateClientIfNeeded(context, plan.text, schemaHash, inputsHash, options.force === true, log, early);
    return {
      ...base,
      skipped: false,
      reason: check.reason,
      schemaWritten: plan.state !== "current",
      pushed,
      executedSteps,
      generated: generation !== undefined,
      recorded,
      ...(generation ? { generation } : {}),
      schemaHash,
      durationMs: elapsed(started),
    };
  } catch (error) {
    early?.cancel();
    throw error;
  }
}

/** Generates the client when it is missing, stale or was changed (returns how), and stamps it either way. */
export async function generateClientIfNeeded(
  context: ProjectContext,
  schemaText: string,
  schemaHash: string,
  inputsHash: string,
  force: boolean,
  log: (line: string) => void,
  early?: import("./generate-client.js").EarlyGenerator,
): Promise<import("./generate-client.js").GenerationPath | undefined> {
  const clientDir = generatedClientDir(schemaText, context.paths.schema);
  if (clientDir === undefined) {
    early?.cancel();
    return undefined;
  }
  const stamp = readClientStamp(clientDir);
  let generated: import("./generate-client.js").GenerationPath | undefined;
  if (force || stamp === undefined || stamp.schemaHash !== schemaHash || stamp.clientSignature !== clientSignature(clientDir)) {
    log("Generating the Prisma client...");
    const { generateClient } = await import("./generate-client.js");
    generated = await generateClient(context, early);
  } else {
    early?.cancel();
  }
  writeClientStamp(clientDir, { inputsHash, schemaHash });
  return generated;
}

/** The result of a sync that has nothing to do, or undefined when there is something to do. */
export async function skippedSync(context: ProjectContext): Promise<SyncResult | undefined> {
  const started = performance.now();
  const datasource = driverDatasource(context);
  const check = await checkUpToDate(context, syncInputsHash(context.dir, context.config));
  if (!check.upToDate) return undefined;
  const base = { provider: context.config.provider, database: describeDatabase(datasource), schemaPath: context.paths.schema };
  return { ...base, skipped: true, reason: check.reason, schemaWritten: false, pushed: false, executedSteps: 0, generated: false, recorded: [], schemaHash: check.schemaHash, durationMs: elapsed(started) };
}

type UpToDate = { upToDate: true; reason: string; schemaHash: string } | { upToDate: false; reason: string; schemaHash?: undefined };

/** The fast path: file reads, one stat per generated file, two queries. No engine, no model loading. */
async function checkUpToDate(context: ProjectContext, inputsHash: string): Promise<UpToDate> {
  let schemaText: string;
  try {
    schemaText = readFileSync(context.paths.schema, "utf8");
  } catch {
    return { upToDate: false, reason: "no schema file yet" };
  }
  const schemaHash = sha256(schemaText);
  const clientDir = generatedClientDir(schemaText, context.paths.schema);
  const stamp = clientDir === undefined ? undefined : readClientStamp(clientDir);
  if (clientDir === undefined || stamp === undefined) return { upToDate: false, reason: "no record of a previous sync beside the generated client" };
  if (stamp.inputsHash !== inputsHash) return { upToDate: false, reason: "the models changed" };
  if (stamp.schemaHash !== schemaHash) return { upToDate: false, reason: "the schema file was changed" };
  if (stamp.clientSignature !== clientSignature(clientDir)) return { upToDate: false, reason: "the generated client was changed or removed" };
  const connection = await openExisting(driverDatasource(context)).catch(() => undefined);
  if (connection === undefined) return { upToDate: false, reason: "the database does not exist yet or cannot be reached" };
  try {
    if (!(await isSyncedWith(connection, schemaHash))) return { upToDate: false, reason: "the database was not synced with this schema, or its tables were changed since" };
  } finally {
    await connection.close();
  }
  return { upToDate: true, reason: "up to date", schemaHash };
}

/**
 * The tables and columns the models no longer have, read from the database's catalog and from
 * Prisma's own view of the rendered schema (its DMMF: table and column names after @@map/@map).
 */
async function droppedData(connection: import("../database/connection.js").DatabaseConnection, schemaText: string): Promise<DroppedData[]> {
  const { readCatalog } = await import("../database/catalog.js");
  const catalog: Catalog = await readCatalog(connection);
  const { prismaSchemaWasm } = await import("../schema/validate-prisma.js");
  const dmmf = JSON.parse(prismaSchemaWasm().get_dmmf(JSON.stringify({ prismaSchema: schemaText }))) as {
    datamodel: { models: Array<{ name: string; dbName: string | null; fields: Array<{ name: string; kind: string; dbName?: string | null; isRequired: boolean; isList: boolean }> }> };
  };
  const wanted = new Map(
    dmmf.datamodel.models.map((model) => [model.dbName ?? model.name, new Map(model.fields.filter((field) => field.kind !== "object").map((field) => [field.dbName ?? field.name, field]))]),
  );
  const changes: DroppedData[] = [];
  for (const [table, info] of Object.entries(catalog.tables)) {
    const fields = wanted.get(table);
    if (fields === undefined) {
      changes.push({ table, columns: [], change: "dropped" });
      continue;
    }
    const gone = Object.keys(info.columns).filter((column) => !fields.has(column));
    if (gone.length > 0) changes.push({ table, columns: gone, change: "dropped" });
    const required = Object.entries(info.columns)
      .filter(([column, current]) => !current.notNull && fields.get(column)?.isRequired === true && fields.get(column)?.isList !== true)
      .map(([column]) => column);
    if (required.length > 0) changes.push({ table, columns: required, change: "made required" });
  }
  return changes;
}

function refusal(where: string, warnings: string[], unexecutable: string[], dropped: DroppedData[], accepted: boolean): InputError {
  const named = dropped
    .map((item) => (item.columns.length === 0 ? `table ${item.table}` : item.columns.map((column) => `${item.table}.${column}${item.change === "made required" ? " made required" : ""}`).join(", ")))
    .join("; ");
  const bullets = [...warnings, ...unexecutable].map((line) => `  • ${line}`).join("\n");
  const what = unexecutable.length > 0 && warnings.length === 0 ? "cannot be applied to the rows there" : "would lose data";
  return new InputError(
    `Refused: syncing ${where} with the models ${what}${named ? ` (${named})` : ""}. Nothing was changed: the database, prisma/schema.prisma and the client are as they were.\n${bullets}`,
    {
      code: "SYNC_WOULD_LOSE_DATA",
      hint: [
        "Ways forward: `backant reset` (or CLEAR_DB=true for `backant dev`) drops all data and rebuilds the database from the models;",
        '`backant migrate "<what changed>"` writes a migration you can edit to keep the data (copy it to the new column first);',
        unexecutable.length > 0 ? "give the new required column a default (.default(...)) or make it .optional();" : accepted ? "" : "`backant sync --accept-data-loss` applies it and loses that data;",
        "or change the models back.",
      ]
        .filter(Boolean)
        .join(" "),
      details: { database: where, warnings, unexecutable, changes: dropped },
    },
  );
}

const elapsed = (started: number): number => Math.round(performance.now() - started);

