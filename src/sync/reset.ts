import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { readProjectConfig } from "../project/config.js";
import type { PrismaOutputMode } from "../prisma/run-prisma.js";
import { redactUrl, resolveDatabaseTarget, type DatabaseTarget } from "../project/database-target.js";
import { projectEnv } from "../project/env.js";
import { runSeed } from "./seed.js";
import { syncProject } from "./sync.js";

export interface ResetOptions {
  projectDir: string;
  env: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Prisma's and the seed's output: shown (inherit) or kept for errors (capture). */
  output?: PrismaOutputMode;
}

export interface ResetResult {
  /** models: db push --force-reset from src/models; migrations: migrate reset (applies prisma/migrations). */
  rebuiltFrom: "models" | "migrations";
  migrations: string[];
  database: string;
  seeded: boolean;
  durationMs: number;
}

/**
 * `backant reset` and CLEAR_DB=true: drop everything in the development database and rebuild it,
 * from the migrations when prisma/migrations holds any (so the database matches what production
 * gets), else from the models; then regenerate the client and run the seed when one is configured.
 * The caller has confirmed and passed the production guard. Prisma's own guard against AI agents
 * (PRISMA_AI_CONSENT_REQUIRED) is passed through, never bypassed.
 */
export async function resetProject(options: ResetOptions): Promise<ResetResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const projectDir = path.resolve(options.projectDir);
  const config = readProjectConfig(projectDir);
  const env = projectEnv(projectDir, options.env);
  const target = resolveDatabaseTarget(projectDir, config.provider, env);
  const migrations = migrationFolders(path.join(projectDir, "prisma", "migrations"));
  const output = options.output ?? "capture";

  if (migrations.length > 0) {
    log(`Dropping everything and re-applying ${migrations.length} migration${migrations.length === 1 ? "" : "s"}...`);
    const { migrateReset } = await import("../prisma/commands.js");
    await migrateReset({ dir: projectDir, env, output }, { force: true });
    // The client follows the models; the next sync (backant dev) pushes what the migrations lack.
    await syncProject({ projectDir, env, log, prismaOutput: output, skipPush: true });
  } else {
    await syncProject({ projectDir, env, log, prismaOutput: output, forceReset: true });
  }

  const seed = await runSeed({ projectDir, env, output });
  if (seed.configured) log("Seeded the database.");
  return {
    rebuiltFrom: migrations.length > 0 ? "migrations" : "models",
    migrations,
    database: describe(target),
    seeded: seed.configured,
    durationMs: Math.round(performance.now() - started),
  };
}

export function describe(target: DatabaseTarget): string {
  if (target.provider === "sqlite") return `SQLite ${target.filePath}`;
  return redactUrl(target.url);
}

function migrationFolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{14}_/.test(entry.name) && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}
