import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { InputError } from "../errors.js";
import { parseMigrateStatus, type MigrateStatus } from "./migrate-status.js";
import { pathArgs, resolveProjectPaths, type PrismaProject, type ResolvedProjectPaths } from "./project-paths.js";
import { analyzePrismaFailure } from "./prisma-errors.js";
import { prismaFailure, runPrisma, type PrismaRunResult } from "./run-prisma.js";
import { readDatasourceProvider } from "./schema-provider.js";

/**
 * One typed function per prisma command backant uses. Every function passes --config and --schema
 * explicitly (where the command accepts them), runs prisma non-interactively through runPrisma, and
 * throws CommandFailure when prisma fails. Note on Prisma 7: db push, migrate dev and migrate reset
 * no longer run generators or the seed script, so there is nothing to skip.
 */

function run(project: PrismaProject, paths: ResolvedProjectPaths, args: string[], extra: { input?: string; usesSchemaEngine?: boolean; acceptExitCodes?: number[] } = {}) {
  return runPrisma({
    projectDir: paths.dir,
    args,
    schemaPath: paths.schema,
    ...(project.env === undefined ? {} : { env: project.env }),
    ...(project.output === undefined ? {} : { output: project.output }),
    ...(project.timeoutMs === undefined ? {} : { timeoutMs: project.timeoutMs }),
    ...extra,
  });
}

export interface DbPushOptions {
  /** Apply even when Prisma warns that data will be lost. */
  acceptDataLoss: boolean;
  /** Drop everything first, then push. */
  forceReset: boolean;
}

export async function dbPush(project: PrismaProject, options: DbPushOptions): Promise<PrismaRunResult> {
  const paths = resolveProjectPaths(project);
  const flags = [...(options.acceptDataLoss ? ["--accept-data-loss"] : []), ...(options.forceReset ? ["--force-reset"] : [])];
  return run(project, paths, ["db", "push", ...pathArgs(paths, true), ...flags]);
}

export interface MigrateDevOptions {
  /** Migration name (Prisma slugifies it: "add phone" -> add_phone). */
  name: string;
  /** Write the migration without applying it, for review. */
  createOnly: boolean;
}

export interface MigrateDevResult {
  run: PrismaRunResult;
  /** Folder name of the migration written by this run (e.g. 20261125193232_init), if any. */
  createdMigration: string | undefined;
  /** Migrations applied by this run (pending ones first, then the new one). */
  appliedMigrations: string[];
}

export async function migrateDev(project: PrismaProject, options: MigrateDevOptions): Promise<MigrateDevResult> {
  if (options.name.trim() === "") throw new InputError("A migration needs a name.", { code: "BAD_MIGRATION_NAME", hint: 'Give a short description, e.g. "add phone".' });
  const paths = resolveProjectPaths(project);
  const result = await run(project, paths, ["migrate", "dev", ...pathArgs(paths, true), "--name", options.name, ...(options.createOnly ? ["--create-only"] : [])]);
  const stdout = stripVTControlCharacters(result.stdout);
  // Prisma first applies pending migrations ("have been applied:"), then creates the new one:
  // "created and applied from new schema changes:" or, with --create-only, "without applying it <name>".
  const pendingApplied = migrationNamesIn(section(stdout, "have been applied:", ["created and applied", "without applying it"]));
  const createdAndApplied = migrationNamesIn(section(stdout, "created and applied from new schema changes:", []));
  const createdOnly = /without applying it\s+(\d{14}_\S*)/.exec(stdout)?.[1];
  return {
    run: result,
    createdMigration: createdOnly ?? createdAndApplied.at(-1),
    appliedMigrations: [...pendingApplied, ...createdAndApplied],
  };
}

export interface DraftMigrationOptions {
  /** Migration name (slugified as Prisma does: "add phone" -> add_phone). */
  name: string;
  /** Migrations folder, relative to the project (must match prisma.config.ts); default prisma/migrations. */
  migrationsDir?: string;
  /** Write a migration even when the schema matches the migrations (Prisma's --create-only does). */
  allowEmpty: boolean;
}

export interface DraftMigrationResult {
  run: PrismaRunResult;
  /** Folder name of the written migration; undefined when there was nothing to write. */
  createdMigration: string | undefined;
  sql: string;
}

/**
 * What `migrate dev --create-only` does, without its prompt: the SQL from the migrations folder to
 * the schema (`migrate diff --from-migrations --to-schema --script`), written as a new migration
 * folder and not applied. Prisma 7.10's migrate dev refuses to create a migration that has
 * data-loss warnings when nobody can confirm, even with --create-only; migrate diff never asks.
 */
export async function draftMigration(project: PrismaProject, options: DraftMigrationOptions): Promise<DraftMigrationResult> {
  const slug = slugifyMigrationName(options.name);
  if (slug === "") throw new InputError(`"${options.name}" is not usable as a migration name.`, { code: "BAD_MIGRATION_NAME", hint: 'Use letters and digits, e.g. "add phone".' });
  const paths = resolveProjectPaths(project);
  const migrationsDir = path.resolve(paths.dir, options.migrationsDir ?? path.join("prisma", "migrations"));
  const existing = existsSync(migrationsDir) ? readdirSync(migrationsDir).filter((entry) => /^\d{14}_/.test(entry)).sort() : [];
  const diff = await migrateDiff(project, {
    from: existing.length > 0 ? { kind: "migrations", path: migrationsDir } : { kind: "empty" },
    to: { kind: "schema", path: paths.schema },
    script: true,
    exitCode: true,
  });
  if (!diff.hasChanges && !options.allowEmpty) return { run: diff.run, createdMigration: undefined, sql: "" };

  const folder = `${nextMigrationTimestamp(existing)}_${slug}`;
  mkdirSync(path.join(migrationsDir, folder), { recursive: true });
  writeFileSync(path.join(migrationsDir, folder, "migration.sql"), diff.diff);
  const lockFile = path.join(migrationsDir, "migration_lock.toml");
  const provider = readDatasourceProvider(paths.schema);
  if (!existsSync(lockFile) && provider) {
    writeFileSync(lockFile, `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`);
  }
  return { run: diff.run, createdMigration: folder, sql: diff.diff };
}

/** Prisma's migration folder names: lower case words joined by "_", at most 200 characters. */
export function slugifyMigrationName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
}

/** UTC yyyymmddhhmmss, as Prisma names folders, kept after the newest existing one. */
function nextMigrationTimestamp(existing: readonly string[]): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  let stamp = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const newest = existing.at(-1)?.slice(0, 14);
  if (newest !== undefined && stamp <= newest) stamp = String(BigInt(newest) + 1n);
  return stamp;
}

export interface MigrateDeployResult {
  run: PrismaRunResult;
  appliedMigrations: string[];
}

export async function migrateDeploy(project: PrismaProject): Promise<MigrateDeployResult> {
  const paths = resolveProjectPaths(project);
  const result = await run(project, paths, ["migrate", "deploy", ...pathArgs(paths, true)]);
  return { run: result, appliedMigrations: migrationNamesIn(section(stripVTControlCharacters(result.stdout), "have been applied:", [])) };
}

export interface MigrateStatusResult {
  run: PrismaRunResult;
  status: MigrateStatus;
  /** Prisma's own exit code: 0 up to date, 1 anything else (pending, failed, diverged, not managed). */
  exitCode: 0 | 1;
}

/** Never throws for "not up to date": that is an answer (exit 1); throws for real errors (P1001...). */
export async function migrateStatus(project: PrismaProject): Promise<MigrateStatusResult> {
  const paths = resolveProjectPaths(project);
  const result = await run(project, paths, ["migrate", "status", ...pathArgs(paths, true)], { acceptExitCodes: [1] });
  const status = parseMigrateStatus(result.stdout, result.stderr, result.exitCode);
  // exit 1 without a recognisable state is a real failure (P1001, a bad schema, ...)
  if (status === undefined) throw prismaFailure(result, analyzePrismaFailure(result.stdout, result.stderr, result.exitCode));
  return { run: result, status, exitCode: result.exitCode === 0 ? 0 : 1 };
}

export interface MigrateResetOptions {
  /** Required when nobody can confirm (always, for backant): without it Prisma refuses. */
  force: boolean;
}

export async function migrateReset(project: PrismaProject, options: MigrateResetOptions): Promise<PrismaRunResult> {
  const paths = resolveProjectPaths(project);
  return run(project, paths, ["migrate", "reset", ...pathArgs(paths, true), ...(options.force ? ["--force"] : [])]);
}

/** One side of `migrate diff`. */
export type DiffSource =
  | { kind: "empty" }
  /** a schema file or folder (datamodel) */
  | { kind: "schema"; path: string }
  /** a migrations folder (needs a shadow database on non-SQLite databases) */
  | { kind: "migrations"; path: string }
  /** the database at the config file's datasource url */
  | { kind: "config-datasource" };

export interface MigrateDiffOptions {
  from: DiffSource;
  to: DiffSource;
  /** SQL script instead of a human summary. */
  script: boolean;
  /** Exit 2 when there are differences; the result then says hasChanges. */
  exitCode: boolean;
  /** Write the diff to this file instead of stdout. */
  output?: string;
}

export interface MigrateDiffResult {
  run: PrismaRunResult;
  /** The diff (SQL with script: true), empty when written to `output`. */
  diff: string;
  /** Known only with exitCode: true (Prisma exits 2 on changes, 0 on none). */
  hasChanges: boolean | undefined;
}

export async function migrateDiff(project: PrismaProject, options: MigrateDiffOptions): Promise<MigrateDiffResult> {
  const paths = resolveProjectPaths(project);
  const args = [
    "migrate",
    "diff",
    ...pathArgs(paths, false),
    ...diffSourceArgs("from", options.from, paths.dir),
    ...diffSourceArgs("to", options.to, paths.dir),
    ...(options.script ? ["--script"] : []),
    ...(options.exitCode ? ["--exit-code"] : []),
    ...(options.output === undefined ? [] : ["--output", path.resolve(paths.dir, options.output)]),
  ];
  const result = await run(project, paths, args, options.exitCode ? { acceptExitCodes: [2] } : {});
  return {
    run: result,
    diff: result.stdout,
    hasChanges: options.exitCode ? result.exitCode === 2 : undefined,
  };
}

function diffSourceArgs(side: "from" | "to", source: DiffSource, dir: string): string[] {
  switch (source.kind) {
    case "empty":
      return [`--${side}-empty`];
    case "config-datasource":
      return [`--${side}-config-datasource`];
    case "schema":
      return [`--${side}-schema`, path.resolve(dir, source.path)];
    case "migrations":
      return [`--${side}-migrations`, path.resolve(dir, source.path)];
  }
}

/** Mark a migration as applied (baseline, hotfix) or rolled back (after a failed one). */
export type MigrateResolveOptions = { applied: string } | { rolledBack: string };

export async function migrateResolve(project: PrismaProject, options: MigrateResolveOptions): Promise<PrismaRunResult> {
  const paths = resolveProjectPaths(project);
  const flag = "applied" in options ? ["--applied", options.applied] : ["--rolled-back", options.rolledBack];
  return run(project, paths, ["migrate", "resolve", ...pathArgs(paths, true), ...flag]);
}

/** Run SQL against the config's datasource: a file, or text sent on stdin. */
export type DbExecuteOptions = { file: string } | { sql: string };

export async function dbExecute(project: PrismaProject, options: DbExecuteOptions): Promise<PrismaRunResult> {
  const paths = resolveProjectPaths(project);
  // db execute takes no --schema: the datasource comes from the config file
  if ("file" in options) return run(project, paths, ["db", "execute", ...pathArgs(paths, false), "--file", path.resolve(paths.dir, options.file)]);
  return run(project, paths, ["db", "execute", ...pathArgs(paths, false), "--stdin"], { input: options.sql });
}

export interface DbPullOptions {
  /** Print the introspected schema instead of overwriting the schema file. */
  print: boolean;
  /** Overwrite the schema file even if it has content Prisma would otherwise keep. */
  force: boolean;
}

export async function dbPull(project: PrismaProject, options: DbPullOptions): Promise<PrismaRunResult> {
  const paths = resolveProjectPaths(project);
  return run(project, paths, ["db", "pull", ...pathArgs(paths, true), ...(options.print ? ["--print"] : []), ...(options.force ? ["--force"] : [])]);
}

export interface GenerateOptions {
  /** Only these generator blocks (by name); all when omitted. */
  generators?: readonly string[];
}

export async function generate(project: PrismaProject, options: GenerateOptions = {}): Promise<PrismaRunResult> {
  const paths = resolveProjectPaths(project);
  const generatorArgs = (options.generators ?? []).flatMap((name) => ["--generator", name]);
  return run(project, paths, ["generate", ...pathArgs(paths, true), ...generatorArgs], { usesSchemaEngine: false });
}

export async function validate(project: PrismaProject): Promise<PrismaRunResult> {
  const paths = resolveProjectPaths(project);
  return run(project, paths, ["validate", ...pathArgs(paths, true)], { usesSchemaEngine: false });
}

/** Migration folder names (timestamp_name) listed in Prisma's tree output. */
function migrationNamesIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\b(\d{14}_[\w-]*)\//g)].map((match) => match[1] ?? ""))];
}

/** The text after `heading` up to the first of `ends` (or the end). */
function section(text: string, heading: string, ends: readonly string[]): string {
  const start = text.indexOf(heading);
  if (start < 0) return "";
  const rest = text.slice(start + heading.length);
  const stops = ends.map((end) => rest.indexOf(end)).filter((index) => index >= 0);
  return stops.length === 0 ? rest : rest.slice(0, Math.min(...stops));
}
