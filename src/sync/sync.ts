import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BackantError, InputError } from "../errors.js";
import type { PrismaOutputMode } from "../prisma/run-prisma.js";
import { readProjectConfig, type ProjectConfig } from "../project/config.js";
import { clientSignature, generatedClientDir, readClientStamp, writeClientStamp } from "./client-stamp.js";
import { openDatabaseState, sha256, syncFingerprint, type DatabaseState } from "./database-state.js";
import { redactUrl, resolveDatabaseTarget, type DatabaseTarget } from "../project/database-target.js";
import { describeChanges, parseDataLossChanges, type DataLossChange } from "./data-loss.js";
import { projectEnv } from "../project/env.js";
import { backantVersion, syncInputsHash } from "./sync-inputs.js";

export interface SyncOptions {
  projectDir: string;
  /** The caller's environment; the project's .env is read under it. */
  env: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Prisma's own output: shown as it runs (inherit) or kept for errors only (capture, default). */
  prismaOutput?: PrismaOutputMode;
  /** Ignore the fingerprint: always render, push and generate. */
  force?: boolean;
  /** Let db push drop data (Prisma's --accept-data-loss): the explicit choice, never the default. */
  acceptDataLoss?: boolean;
  /** Drop everything first (db push --force-reset): `backant reset` without migrations. The caller confirms. */
  forceReset?: boolean;
  /** Only write the schema and generate the client (after `migrate reset` rebuilt the database from migrations). */
  skipPush?: boolean;
}

export interface SyncResult {
  /** Nothing was rendered, pushed or generated: models, database and client matched the last sync. */
  skipped: boolean;
  /** Why the full sync ran (or "up to date"). */
  reason: string;
  provider: ProjectConfig["provider"];
  /** The database, password hidden. */
  database: string;
  schemaPath: string;
  schemaWritten: boolean;
  pushed: boolean;
  generated: boolean;
  schemaHash: string | undefined;
  durationMs: number;
}

interface Context {
  projectDir: string;
  config: ProjectConfig;
  env: NodeJS.ProcessEnv;
  target: DatabaseTarget;
  schemaPath: string;
  inputsHash: string;
}

/**
 * `backant sync`: src/models -> prisma/schema.prisma -> `prisma db push` (never dropping data
 * unless told) -> `prisma generate`. Skipped entirely when the inputs hash, the schema file, the
 * generated client and the database's own fingerprint all agree with the last sync; that check
 * loads only a database driver (see database-state.ts). A change that would lose data throws an
 * InputError (exit 2, SYNC_WOULD_LOSE_DATA) naming the tables and columns; nothing is changed then.
 */
export async function syncProject(options: SyncOptions): Promise<SyncResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const context = prepare(options);
  const base = {
    provider: context.config.provider,
    database: describeTarget(context.target),
    schemaPath: context.schemaPath,
  };

  const check: UpToDate = options.forceReset
    ? { upToDate: false, reason: "reset" }
    : options.force
      ? { upToDate: false, reason: "--force" }
      : await checkUpToDate(context);
  if (check.upToDate) {
    return { ...base, skipped: true, reason: check.reason, schemaWritten: false, pushed: false, generated: false, schemaHash: check.schemaHash, durationMs: elapsed(started) };
  }
  log(options.forceReset ? "Dropping everything and rebuilding the database from the models..." : `Syncing the database with the models (${check.reason})...`);

  // The heavy part is loaded only now: the model loader (jiti), the renderer, Prisma's validator, execa.
  const [{ renderSchemaFromModels }, { applyPlan }, { dbPush, generate }] = await Promise.all([
    import("../scaffold/schema-file.js"),
    import("../scaffold/plan.js"),
    import("../prisma/commands.js"),
  ]);
  if (!existsSync(path.resolve(context.projectDir, context.config.modelsDir))) {
    throw new InputError(`No models folder: ${path.join(context.projectDir, context.config.modelsDir)} does not exist.`, {
      code: "NO_MODELS_DIR",
      hint: "Run backant in the project folder (or point --cwd at it), or add a first model with `backant add-model NAME`.",
    });
  }
  const rendered = await renderSchemaFromModels(context.projectDir, context.config);
  const schemaHash = sha256(rendered.text);
  const project = { dir: context.projectDir, env: context.env, output: options.prismaOutput ?? "capture" };

  let pushed = false;
  const before = options.skipPush || await withState(context.target, async (state) => state !== undefined && (await state.fingerprintMatches(syncFingerprint(schemaHash, await state.catalogHash()))));
  if (!options.skipPush && (!before || options.force || options.forceReset)) {
    // Pushed from a file beside the real one, which is replaced only once the push succeeded:
    // a refused change leaves the schema file, the database and the client as they were.
    const staged = path.join(path.dirname(context.schemaPath), `.schema.backant-sync-${process.pid}.prisma`);
    const createdDir = mkdirSync(path.dirname(staged), { recursive: true });
    writeFileSync(staged, rendered.text);
    try {
      await dbPush({ ...project, schema: staged }, { acceptDataLoss: options.acceptDataLoss === true, forceReset: options.forceReset === true });
    } catch (error) {
      if (createdDir !== undefined) rmSync(createdDir, { recursive: true, force: true });
      throw refusalFor(error, context) ?? error;
    } finally {
      rmSync(staged, { force: true });
    }
    pushed = true;
  }

  const [write] = applyPlan([{ path: context.schemaPath, content: rendered.text, reason: "generated from the model files" }]);
  const schemaWritten = write?.action !== "unchanged";
  if (pushed) {
    try {
      await withState(context.target, async (state) => {
        if (state) await state.writeFingerprint(syncFingerprint(schemaHash, await state.catalogHash()), { schemaHash, backantVersion: backantVersion() });
      });
    } catch (error) {
      // The push itself succeeded; without the record the next sync simply runs in full again.
      log(`Note: could not record the sync in the database (${(error as Error).message}); the next sync will not be skipped.`);
    }
  }

  let generated = false;
  const clientDir = generatedClientDir(rendered.text, context.schemaPath);
  if (clientDir !== undefined) {
    const stamp = readClientStamp(clientDir);
    if (options.force || stamp === undefined || stamp.schemaHash !== schemaHash || stamp.clientSignature !== clientSignature(clientDir)) {
      log("Generating the Prisma client...");
      await generate(project);
      generated = true;
    }
    writeClientStamp(clientDir, { inputsHash: context.inputsHash, schemaHash });
  }
  return { ...base, skipped: false, reason: check.reason, schemaWritten, pushed, generated, schemaHash, durationMs: elapsed(started) };
}

function prepare(options: SyncOptions): Context {
  const projectDir = path.resolve(options.projectDir);
  const config = readProjectConfig(projectDir);
  const env = projectEnv(projectDir, options.env);
  return {
    projectDir,
    config,
    env,
    target: resolveDatabaseTarget(projectDir, config.provider, env),
    schemaPath: path.resolve(projectDir, config.schemaPath),
    inputsHash: syncInputsHash(projectDir, config),
  };
}

type UpToDate = { upToDate: true; reason: string; schemaHash: string } | { upToDate: false; reason: string; schemaHash?: undefined };

/** The fast path: file reads, one stat per generated file, two queries. No Prisma, no model loading. */
async function checkUpToDate(context: Context): Promise<UpToDate> {
  let schemaText: string;
  try {
    schemaText = readFileSync(context.schemaPath, "utf8");
  } catch {
    return { upToDate: false, reason: "no schema file yet" };
  }
  const schemaHash = sha256(schemaText);
  const clientDir = generatedClientDir(schemaText, context.schemaPath);
  const stamp = clientDir === undefined ? undefined : readClientStamp(clientDir);
  if (clientDir === undefined || stamp === undefined) return { upToDate: false, reason: "no record of a previous sync beside the generated client" };
  if (stamp.inputsHash !== context.inputsHash) return { upToDate: false, reason: "the models changed" };
  if (stamp.schemaHash !== schemaHash) return { upToDate: false, reason: "the schema file was changed" };
  if (stamp.clientSignature !== clientSignature(clientDir)) return { upToDate: false, reason: "the generated client was changed or removed" };
  const inDatabase = await withState(context.target, async (state) => {
    if (state === undefined) return "missing" as const;
    return (await state.fingerprintMatches(syncFingerprint(schemaHash, await state.catalogHash()))) ? ("match" as const) : ("differs" as const);
  });
  if (inDatabase === "missing") return { upToDate: false, reason: "the database does not exist yet or cannot be reached" };
  if (inDatabase === "differs") return { upToDate: false, reason: "the database was not synced with this schema, or its tables were changed since" };
  return { upToDate: true, reason: "up to date", schemaHash };
}

async function withState<T>(target: DatabaseTarget, fn: (state: DatabaseState | undefined) => Promise<T>): Promise<T> {
  const state = await openDatabaseState(target);
  try {
    return await fn(state);
  } finally {
    await state?.close();
  }
}

/** Prisma's data-loss refusals, turned into backant's: the tables and columns, and the ways forward. */
function refusalFor(error: unknown, context: Context): InputError | undefined {
  if (!(error instanceof BackantError)) return undefined;
  const kind = error.details?.kind;
  if (kind !== "data-loss-not-accepted" && kind !== "unexecutable-steps") return undefined;
  const changes = parseDataLossChanges(String(error.details?.stdout ?? ""), String(error.details?.stderr ?? ""));
  return syncRefusal(changes, context, error);
}

function syncRefusal(changes: DataLossChange[], context: Context, cause: unknown): InputError {
  const where = describeTarget(context.target);
  const summary = changes.length > 0 ? describeChanges(changes) : "some tables";
  const bullets = changes.map((change) => `  • ${change.message}`).join("\n");
  const unexecutable = changes.some((change) => change.kind === "unexecutable");
  return new InputError(
    `Refused: syncing ${where} with the models would lose data (${summary}). Nothing was changed: the database, prisma/schema.prisma and the client are as they were.\n${bullets}`,
    {
      code: "SYNC_WOULD_LOSE_DATA",
      hint: [
        "Ways forward: `backant reset` (or CLEAR_DB=true for `backant dev`) drops all data and rebuilds the database from the models;",
        '`backant migrate "<what changed>"` writes a migration you can edit to keep the data (copy it to the new column first);',
        unexecutable ? "or give the new required column a default (.default(...)) or make it .optional();" : "`backant sync --accept-data-loss` applies it and loses that data;",
        "or change the models back.",
      ].join(" "),
      details: { database: where, changes },
      cause,
    },
  );
}

function describeTarget(target: DatabaseTarget): string {
  if (target.provider === "sqlite") return `SQLite ${target.filePath}`;
  if (target.provider === "postgres") return `PostgreSQL ${redactUrl(target.url)}`;
  return redactUrl(target.url);
}

const elapsed = (started: number): number => Math.round(performance.now() - started);
