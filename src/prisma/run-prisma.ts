import path from "node:path";
import { execa } from "execa";
import { CommandFailure } from "../errors.js";
import { applyEngineSelection, selectEngine } from "./engine-selection.js";
import { resolvePrismaCli } from "./prisma-cli.js";

export interface RunPrismaOptions {
  /** The project folder: the cwd of prisma, and where its prisma CLI is resolved from. */
  projectDir: string;
  /** Arguments after `prisma`, e.g. ["generate", "--config", "/abs/prisma.config.ts"]. */
  args: readonly string[];
  /** Base environment for prisma; the engine selection is applied on top. */
  env: NodeJS.ProcessEnv;
  /** Kill prisma after this long: a prompt that slipped through must not hang backant. */
  timeoutMs?: number;
}

export interface PrismaRunResult {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/**
 * Runs the project's prisma CLI for what is not a schema-engine operation (backant's schema
 * commands talk to the engine in-process): `prisma generate`. Never interactive (stdin closed, CI
 * set), with the engine selection applied so the CLI does not try to download its native engine.
 * A failure is a CommandFailure carrying Prisma's own output; its text is shown, never parsed.
 */
export async function runPrisma(options: RunPrismaOptions): Promise<PrismaRunResult> {
  const projectDir = path.resolve(options.projectDir);
  const engine = await selectEngine(projectDir, options.env);
  const cli = resolvePrismaCli(projectDir);
  const args = [...options.args];
  const firstFlag = args.findIndex((arg) => arg.startsWith("-"));
  const command = ["prisma", ...(firstFlag < 0 ? args : args.slice(0, firstFlag))].join(" ");
  const started = performance.now();
  const result = await execa(process.execPath, [cli.path, ...args], {
    cwd: projectDir,
    env: { ...applyEngineSelection(options.env, engine), CI: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1", NO_COLOR: "1", FORCE_COLOR: "0" },
    extendEnv: false,
    stdin: "ignore",
    timeout: options.timeoutMs ?? 5 * 60_000,
    reject: false,
  });
  const run = { command, exitCode: result.exitCode ?? -1, stdout: String(result.stdout ?? ""), stderr: String(result.stderr ?? ""), durationMs: Math.round(performance.now() - started) };
  if (run.exitCode === 0) return run;
  const output = `${run.stdout}\n${run.stderr}`.trim().split("\n").slice(-15).join("\n");
  throw new CommandFailure(`${command} failed${result.timedOut ? " (timed out)" : ` with exit code ${run.exitCode}`}:\n${output}`, {
    code: "PRISMA_FAILED",
    hint: `Run \`npx ${command}\` in ${projectDir} to see Prisma's full output.`,
    details: { command, exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr },
  });
}
