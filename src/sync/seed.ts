import { existsSync } from "node:fs";
import path from "node:path";
import { CommandFailure, InputError } from "../errors.js";
import type { ProjectContext } from "../project/context.js";

export interface SeedResult {
  /** False when prisma.config.ts has no migrations.seed. */
  configured: boolean;
  command: string | undefined;
  durationMs: number;
}

/**
 * Runs the project's seed: the `migrations.seed` command of prisma.config.ts (what `prisma db seed`
 * runs), read from the config itself rather than from Prisma's output, run in the project folder
 * with its node_modules/.bin first on PATH (as under `npm run`, so `tsx prisma/seed.ts` finds the
 * project's tsx) and the project's environment. A seed that fails throws CommandFailure (exit 1).
 */
export async function runSeed(context: ProjectContext, options: { output: "inherit" | "capture"; required: boolean }): Promise<SeedResult> {
  const started = performance.now();
  const command = await seedCommand(context);
  if (command === undefined) {
    if (options.required) throw noSeedConfigured(context.dir);
    return { configured: false, command, durationMs: 0 };
  }
  refuseMissingSeedFile(context.dir, command);
  const { execaCommand } = await import("execa");
  const result = await execaCommand(command, {
    cwd: context.dir,
    env: withProjectBins(context.dir, context.env),
    extendEnv: false,
    stdin: "ignore",
    stdout: options.output === "inherit" ? ["inherit", "pipe"] : "pipe",
    stderr: options.output === "inherit" ? ["inherit", "pipe"] : "pipe",
    reject: false,
  });
  if (result.failed) {
    const output = `${String(result.stdout ?? "")}\n${String(result.stderr ?? "")}`.trim();
    throw new CommandFailure(`The seed (${command}) failed${result.exitCode === undefined ? "" : ` with exit code ${result.exitCode}`}${output ? `:\n${output.split("\n").slice(-20).join("\n")}` : "."}`, {
      code: "SEED_FAILED",
      hint: "Fix prisma/seed.ts (or the seed command in prisma.config.ts) and run `backant seed` again.",
      details: { command, exitCode: result.exitCode },
    });
  }
  return { configured: true, command, durationMs: Math.round(performance.now() - started) };
}

/** migrations.seed of the project's prisma.config.ts, loaded as Prisma loads it (a TypeScript module). */
async function seedCommand(context: ProjectContext): Promise<string | undefined> {
  if (!existsSync(context.paths.prismaConfig)) return undefined;
  const { createJiti } = await import("jiti");
  let config: unknown;
  try {
    const jiti = createJiti(context.paths.prismaConfig, { interopDefault: true, moduleCache: false });
    config = await jiti.import(context.paths.prismaConfig, { default: true });
  } catch (error) {
    throw new InputError(`prisma.config.ts could not be loaded: ${(error as Error).message.split("\n")[0]}`, {
      code: "BAD_PRISMA_CONFIG",
      hint: "Fix prisma.config.ts (run `npx prisma validate` to see Prisma's view of it).",
      cause: error,
    });
  }
  const seed = (config as { migrations?: { seed?: unknown } } | undefined)?.migrations?.seed;
  return typeof seed === "string" && seed.trim() !== "" ? seed : undefined;
}

/** A seed command that names a script (tsx prisma/seed.ts) whose file is gone: say so instead of a stack from tsx. */
function refuseMissingSeedFile(projectDir: string, command: string): void {
  const script = command.split(/\s+/).find((word) => /\.(c|m)?(t|j)sx?$/.test(word));
  if (script === undefined || existsSync(path.resolve(projectDir, script))) return;
  throw new InputError(`The seed command in prisma.config.ts (${command}) runs ${script}, which does not exist (${path.resolve(projectDir, script)}).`, {
    code: "SEED_FILE_MISSING",
    hint: `Restore ${script} (e.g. git checkout ${script}), or point migrations.seed in prisma.config.ts at your seed script.`,
  });
}

export function noSeedConfigured(projectDir: string): InputError {
  return new InputError(`No seed is configured for ${projectDir}: prisma.config.ts has no migrations.seed command.`, {
    code: "NO_SEED_CONFIGURED",
    hint: 'Add seed: "tsx prisma/seed.ts" to the migrations section of prisma.config.ts and write prisma/seed.ts (upserts, so it can run twice).',
  });
}

function withProjectBins(projectDir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const bins: string[] = [];
  for (let dir = projectDir; ; dir = path.dirname(dir)) {
    bins.push(path.join(dir, "node_modules", ".bin"));
    if (path.dirname(dir) === dir) break;
  }
  const key = Object.keys(env).find((name) => name.toUpperCase() === "PATH") ?? "PATH";
  return { ...env, [key]: [...bins, env[key] ?? ""].filter(Boolean).join(path.delimiter) };
}
