import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CommandFailure } from "../errors.js";
import { migrateDiff, type DiffSource } from "../prisma/commands.js";
import type { PrismaProject } from "../prisma/project-paths.js";
import { applyPlan } from "../scaffold/plan.js";
import { planSchemaFile } from "../scaffold/schema-file.js";
import { readProjectConfig, type ProjectConfig } from "../project/config.js";
import { MIGRATIONS_DIR } from "./migration-folders.js";

/** The project a migration command acts on: where things are and how prisma is run there. */
export interface MigrationProject {
  dir: string;
  config: ProjectConfig;
  /** Absolute path of prisma/migrations. */
  migrationsDir: string;
  /** For src/prisma's functions: prisma output captured, the command's environment. */
  prisma: PrismaProject;
}

export function migrationProject(dir: string, env: NodeJS.ProcessEnv): MigrationProject {
  const config = readProjectConfig(dir);
  return {
    dir,
    config,
    migrationsDir: path.join(dir, MIGRATIONS_DIR),
    prisma: { dir, schema: config.schemaPath, env, output: "capture" },
  };
}

/** Writes schema text to a temporary file for `--to-schema`/`--from-schema`, removed when `fn` settles. */
export async function withSchemaFile<T>(text: string, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "backant-schema-"));
  try {
    const file = path.join(dir, "schema.prisma");
    writeFileSync(file, text);
    return await fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Diff {
  changed: boolean;
  /** SQL script (script: true) or Prisma's summary of the differences. */
  text: string;
}

/** `prisma migrate diff --exit-code`, answered as {changed, text}. */
export async function diff(project: MigrationProject, from: DiffSource, to: DiffSource, script: boolean): Promise<Diff> {
  const result = await migrateDiff(project.prisma, { from, to, script, exitCode: true });
  if (result.hasChanges === undefined) throw new CommandFailure("prisma migrate diff gave no answer.", { code: "DIFF_FAILED" });
  return { changed: result.hasChanges, text: result.hasChanges ? result.diff : "" };
}

/** The migrations folder as a diff side: the folder, or the empty schema when it holds no migration. */
export function historySource(dir: string, count: number): DiffSource {
  return count > 0 ? { kind: "migrations", path: dir } : { kind: "empty" };
}

/**
 * Prisma loads the config's schema file on every command, even one that diffs another schema: a
 * fresh clone without prisma/schema.prisma gets it rendered from the models (what `backant schema`
 * writes). Returns the rendered text when there are models.
 */
export async function ensureSchemaFile(project: MigrationProject): Promise<string | undefined> {
  if (!existsSync(path.resolve(project.dir, project.config.modelsDir))) return undefined;
  const plan = await planSchemaFile(project.dir);
  if (plan.state === "missing") applyPlan([plan.write]);
  return plan.text;
}
