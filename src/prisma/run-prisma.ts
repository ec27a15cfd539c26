import { existsSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { CommandFailure } from "../errors.js";
import { applyEngineSelection, selectEngine, type EngineSelection } from "./engine-selection.js";
import { analyzePrismaFailure, type PrismaFailureInfo, type PrismaFailureKind } from "./prisma-errors.js";
import { resolvePrismaCli, type PrismaCli } from "./prisma-cli.js";
import { readDatasourceProvider } from "./schema-provider.js";

/** inherit: Prisma's output goes to the terminal (and is captured too); capture: kept only in the result. */
export type PrismaOutputMode = "inherit" | "capture";

export interface RunPrismaOptions {
  /** The project folder: the cwd of prisma, and where its prisma CLI is resolved from. */
  projectDir: string;
  /** Arguments after `prisma`, e.g. ["migrate", "deploy", "--config", "/abs/prisma.config.ts"]. */
  args: readonly string[];
  /** Base environment for prisma (default: process.env); the engine selection is applied on top. */
  env?: NodeJS.ProcessEnv;
  output?: PrismaOutputMode;
  /** Text written to prisma's stdin (db execute --stdin); otherwise stdin is closed. */
  input?: string;
  /** Kill prisma after this long; a prompt that slipped through must not hang backant. */
  timeoutMs?: number;
  /**
   * The schema the command works on. When its provider is mysql and the offline engine is
   * selected, the run is refused before prisma starts (the wasm engine has no MySQL connector).
   */
  schemaPath?: string;
  /** False for commands that never start the schema engine (generate, validate): no MySQL check. */
  usesSchemaEngine?: boolean;
  /** Exit codes that are answers, not failures (migrate status: 1 = not up to date). */
  acceptExitCodes?: readonly number[];
}

export interface PrismaRunResult {
  /** e.g. "prisma migrate dev" */
  command: string;
  args: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  engine: EngineSelection;
  cli: PrismaCli;
}

export const DEFAULT_PRISMA_TIMEOUT_MS = 5 * 60_000;

/**
 * Runs the project's prisma CLI (`node <project>/node_modules/prisma/build/index.js ...args`) with
 * the selected schema engine, never interactively: stdin is closed (or fed `input`) and CI is set,
 * so every prompt Prisma would show becomes one of its non-interactive refusals, which are turned
 * into a CommandFailure that says what to do. Throws CommandFailure for a failed command (code =
 * Prisma's P-code when it printed one), InputError for an invalid BACKANT_ENGINE.
 */
export async function runPrisma(options: RunPrismaOptions): Promise<PrismaRunResult> {
  const projectDir = path.resolve(options.projectDir);
  const baseEnv = options.env ?? process.env;
  const output = options.output ?? "capture";
  const timeoutMs = options.timeoutMs ?? DEFAULT_PRISMA_TIMEOUT_MS;
  const engine = await selectEngine(projectDir, baseEnv);
  const args = [...options.args];
  const firstFlag = args.findIndex((arg) => arg.startsWith("-"));
  const command = ["prisma", ...(firstFlag < 0 ? args : args.slice(0, firstFlag))].join(" ");

  if (options.usesSchemaEngine !== false && engine.kind === "offline" && options.schemaPath && existsSync(options.schemaPath)) {
    const provider = readDatasourceProvider(options.schemaPath);
    if (provider === "mysql") throw mysqlNeedsNativeEngine(command, options.schemaPath);
  }

  const cli = resolvePrismaCli(projectDir);
  const env = { ...applyEngineSelection(baseEnv, engine), ...nonInteractiveEnv(output) };
  const started = performance.now();
  const result = await execa(process.execPath, [cli.path, ...args], {
    cwd: projectDir,
    env,
    extendEnv: false,
    ...(options.input === undefined ? { stdin: "ignore" as const } : { input: options.input }),
    stdout: output === "inherit" ? ["inherit", "pipe"] : "pipe",
    stderr: output === "inherit" ? ["inherit", "pipe"] : "pipe",
    timeout: timeoutMs,
    reject: false,
    stripFinalNewline: false,
  });
  const durationMs = Math.round(performance.now() - started);
  const run: PrismaRunResult = {
    command,
    args,
    exitCode: result.exitCode ?? -1,
    stdout: String(result.stdout ?? ""),
    stderr: String(result.stderr ?? ""),
    durationMs,
    engine,
    cli,
  };

  if (result.timedOut) {
    throw prismaFailure(run, { kind: "timeout", prismaCode: undefined, message: `${command} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.` });
  }
  if (run.exitCode === 0 || options.acceptExitCodes?.includes(run.exitCode)) return run;
  throw prismaFailure(run, analyzePrismaFailure(run.stdout, run.stderr, run.exitCode));
}

/**
 * Prisma asks questions only when stdin is a TTY and no CI variable is set (its isInteractive:
 * stdin.isTTY && TERM !== "dumb" && !isCi()); both are ruled out here. Update checks and
 * telemetry are switched off because they reach out to the network, which is often absent where
 * the offline engine is used.
 */
function nonInteractiveEnv(output: PrismaOutputMode): NodeJS.ProcessEnv {
  return {
    CI: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
    ...(output === "capture" ? { NO_COLOR: "1", FORCE_COLOR: "0" } : {}),
  };
}

const HINTS: Record<PrismaFailureKind, string | undefined> = {
  "prisma-error": undefined,
  "migrate-dev-non-interactive":
    "The change loses data and migrate dev cannot ask for confirmation without a terminal, not even with --create-only. Write the migration for review without applying it (backant's draftMigration: prisma migrate diff --from-migrations --to-schema --script), check its SQL, then apply it with migrate deploy; or, on a development database, run backant reset.",
  "migrate-dev-needs-reset":
    "The development database no longer matches the migration history (drift, or an applied migration was edited). Run backant reset to rebuild it (all data is lost), or restore the edited migration.",
  "unexecutable-steps":
    "Create the migration with --create-only (backant migrate --create-only), edit its SQL (e.g. add a default or backfill), then apply it.",
  "reset-needs-force": "Resetting drops all data; pass --force to confirm (backant reset --force).",
  "data-loss-not-accepted": "The push would drop data. Re-run with --accept-data-loss if that is intended, or write a migration instead.",
  "ai-consent-required": "Prisma refuses destructive commands started by an AI agent until the user explicitly consents; ask the user.",
  "engine-download":
    "Prisma could not download its native schema engine. Unset BACKANT_ENGINE (or set BACKANT_ENGINE=wasm) to use backant's offline engine, or allow access to binaries.prisma.sh once.",
  timeout: "Prisma may be waiting for something (a locked database, a prompt). Re-run with the output shown to see where it stops.",
};

const CODES: Record<PrismaFailureKind, string> = {
  "prisma-error": "PRISMA_FAILED",
  "migrate-dev-non-interactive": "MIGRATE_DEV_NEEDS_CONFIRMATION",
  "migrate-dev-needs-reset": "MIGRATE_DEV_NEEDS_RESET",
  "unexecutable-steps": "MIGRATION_NOT_EXECUTABLE",
  "reset-needs-force": "RESET_NEEDS_FORCE",
  "data-loss-not-accepted": "DATA_LOSS_NOT_ACCEPTED",
  "ai-consent-required": "PRISMA_AI_CONSENT_REQUIRED",
  "engine-download": "ENGINE_DOWNLOAD_FAILED",
  timeout: "PRISMA_TIMEOUT",
};

/** A CommandFailure for a finished (or killed) prisma run. `code` is Prisma's P-code when known. */
export function prismaFailure(run: PrismaRunResult, info: PrismaFailureInfo): CommandFailure {
  const hint = HINTS[info.kind];
  return new CommandFailure(`${run.command} failed: ${info.message}`, {
    code: info.prismaCode ?? CODES[info.kind],
    ...(hint === undefined ? {} : { hint }),
    details: {
      kind: info.kind,
      prismaCode: info.prismaCode,
      prismaMessage: info.message,
      command: run.command,
      args: run.args,
      exitCode: run.exitCode,
      durationMs: run.durationMs,
      engine: run.engine.kind,
      stdout: run.stdout,
      stderr: run.stderr,
    },
  });
}

function mysqlNeedsNativeEngine(command: string, schemaPath: string): CommandFailure {
  return new CommandFailure(
    `${command} was not started: this project uses MySQL (${schemaPath}), and MySQL needs Prisma's native schema engine; backant's offline engine covers only SQLite and PostgreSQL.`,
    {
      code: "MYSQL_NEEDS_NATIVE_ENGINE",
      hint: "Set BACKANT_ENGINE=native and allow one download of the engine from Prisma's servers (binaries.prisma.sh): network access is needed once.",
      details: { command, schemaPath, provider: "mysql", spawned: false },
    },
  );
}
