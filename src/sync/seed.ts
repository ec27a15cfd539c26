import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { InputError } from "../errors.js";
import { resolveProjectPaths } from "../prisma/project-paths.js";
import type { PrismaOutputMode, PrismaRunResult } from "../prisma/run-prisma.js";
import { projectEnv } from "../project/env.js";

export interface SeedOptions {
  projectDir: string;
  env: NodeJS.ProcessEnv;
  output?: PrismaOutputMode;
}

export interface SeedResult {
  /** False when prisma.config.ts has no migrations.seed. */
  configured: boolean;
  durationMs: number;
  run: PrismaRunResult;
}

/**
 * Runs the project's seed through Prisma's seed configuration (`prisma db seed`, which runs
 * prisma.config.ts' migrations.seed command). The project's node_modules/.bin folders go first on
 * PATH, as under `npm run`, so a seed command such as `tsx prisma/seed.ts` finds the project's tsx.
 * A seed that fails throws CommandFailure (exit 1) with Prisma's output.
 */
export async function runSeed(options: SeedOptions): Promise<SeedResult> {
  const { runPrisma } = await import("../prisma/run-prisma.js");
  const paths = resolveProjectPaths({ dir: options.projectDir });
  refuseMissingSeedFile(paths.dir, paths.config);
  const env = withProjectBins(paths.dir, projectEnv(paths.dir, options.env));
  const run = await runPrisma({
    projectDir: paths.dir,
    args: ["db", "seed", ...(paths.config ? ["--config", paths.config] : [])],
    env,
    output: options.output ?? "capture",
    usesSchemaEngine: false,
  });
  const configured = !/No seed command configured/.test(stripVTControlCharacters(run.stdout + run.stderr));
  return { configured, durationMs: run.durationMs, run };
}

/**
 * The generated prisma.config.ts seeds with `tsx prisma/seed.ts`: with the file deleted, tsx died
 * with ERR_MODULE_NOT_FOUND and its stack trace. Said plainly instead (exit 2), before anything runs.
 */
function refuseMissingSeedFile(projectDir: string, config: string | undefined): void {
  const seedFile = path.join(projectDir, "prisma", "seed.ts");
  if (config === undefined || existsSync(seedFile) || !readFileSync(config, "utf8").includes("prisma/seed.ts")) return;
  throw new InputError(`The seed command in prisma.config.ts runs prisma/seed.ts, which does not exist (${seedFile}).`, {
    code: "SEED_FILE_MISSING",
    hint: "Restore prisma/seed.ts (e.g. git checkout prisma/seed.ts), or point migrations.seed in prisma.config.ts at your seed script.",
  });
}

/** `backant seed` wants a seed; reset only runs one when there is one. */
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
