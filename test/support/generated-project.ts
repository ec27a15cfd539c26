import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { planProjectFiles, type ProjectModelInput } from "../../src/scaffold/project-files.js";
import { projectDependencies } from "../../src/scaffold/project-versions.js";
import type { Provider } from "../../src/project/config.js";
import { repoRoot } from "./paths.js";
import { cleanEnv } from "./processes.js";

/**
 * Generated projects for tests. A real `npm install` of a generated project takes a minute or more
 * here (some 300 packages, with Prisma's), so each database gets one installed base
 * project under .tmp/, keyed by a hash of its dependencies: it is reinstalled only when
 * project-versions.ts changes. Its node_modules/backant is a symlink to this repository, so every
 * test runs the current dist/ (build first). copyProject() gives each test a fresh copy whose
 * node_modules is a symlink to the base's. Only the e2e test installs from the packed tarball.
 */

const tmpRoot = path.join(repoRoot, ".tmp");
const BASE_NAME = "bk-base";

function depsHash(db: Provider): string {
  const { dependencies, devDependencies } = projectDependencies(db, "link");
  delete dependencies.backant;
  return createHash("sha256").update(JSON.stringify({ dependencies, devDependencies, node: process.versions.modules })).digest("hex").slice(0, 12);
}

/** The folder of the installed base project for a database (it may not exist yet). */
export function baseProjectDir(db: Provider): string {
  return path.join(tmpRoot, `base-${db}-${depsHash(db)}`);
}

export async function writeProjectFiles(dir: string, files: ReadonlyArray<{ path: string; content: string }>): Promise<void> {
  for (const file of files) {
    const target = path.join(dir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
}

function linkBackant(nodeModules: string): void {
  rmSync(path.join(nodeModules, "backant"), { recursive: true, force: true });
  symlinkSync(repoRoot, path.join(nodeModules, "backant"), "dir");
  const bin = path.join(nodeModules, ".bin");
  mkdirSync(bin, { recursive: true });
  for (const name of ["backant", "create-backant", "backant-schema-engine"]) {
    rmSync(path.join(bin, name), { force: true });
    symlinkSync(path.join("..", "backant", "bin", `${name}.js`), path.join(bin, name));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Takes a lock folder (mkdir is atomic), so that the two vitest workers never install the same base
 * twice; a lock whose owner died is taken over.
 */
async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSafe(path.join(lockDir, "pid")));
      if (owner && !pidAlive(owner)) rmSync(lockDir, { recursive: true, force: true });
      else await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/**
 * The installed base project of a database: the default project (Users) rendered with
 * planProjectFiles, `npm install`ed once (without backant, which is then linked to this repository),
 * Prisma client generated. Returns its folder.
 */
export async function ensureBaseProject(db: Provider): Promise<string> {
  const dir = baseProjectDir(db);
  const ready = path.join(dir, ".bk-ready");
  if (existsSync(ready)) return dir;
  mkdirSync(tmpRoot, { recursive: true });
  return withLock(`${dir}.lock`, async () => {
    if (existsSync(ready)) return dir;
    rmSync(dir, { recursive: true, force: true });
    const staging = mkdtempSync(`${dir}.staging-`);
    try {
      const files = await planProjectFiles({ name: BASE_NAME, db, backantDependency: `file:${repoRoot}` });
      await writeProjectFiles(staging, files);
      // Install everything but backant from the registry; backant is linked to this checkout below.
      const pkgFile = path.join(staging, "package.json");
      const pkgText = readFileSync(pkgFile, "utf8");
      const pkg = JSON.parse(pkgText) as { dependencies: Record<string, string>; scripts: Record<string, string> };
      delete pkg.dependencies.backant;
      delete pkg.scripts.postinstall;
      writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
      await execa("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: staging, env: cleanEnv(), stdio: "pipe", timeout: 20 * 60_000 });
      writeFileSync(pkgFile, pkgText);
      linkBackant(path.join(staging, "node_modules"));
      await execa(process.execPath, [path.join(staging, "node_modules/prisma/build/index.js"), "generate"], { cwd: staging, env: cleanEnv(), stdio: "pipe" });
      renameSync(staging, dir);
      writeFileSync(ready, new Date().toISOString());
      return dir;
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
  });
}

export interface CopyOptions {
  /** Folder name prefix under .tmp/ (default "bk-project"). */
  prefix?: string;
  /** Render the project with these models instead of the default Users (then `prisma generate` runs). */
  models?: ProjectModelInput[];
  /** Project name in package.json (default: the base's). */
  name?: string;
  /** DATABASE_URL written to the copy's .env (PostgreSQL copies need their own database). */
  databaseUrl?: string;
}

/**
 * A fresh project folder under .tmp/: the project rendered now by planProjectFiles, with
 * node_modules symlinked to the base's installed one and the Prisma client generated. The caller
 * removes it (removeDir).
 */
export async function copyProject(db: Provider, options: CopyOptions = {}): Promise<string> {
  const base = await ensureBaseProject(db);
  const dir = mkdtempSync(path.join(tmpRoot, `${options.prefix ?? "bk-project"}-`));
  // Rendered afresh (the templates may have changed since the base was installed); only
  // node_modules, and the generated Prisma client when the schema is the same, come from the base.
  const files = await planProjectFiles({ name: options.name ?? BASE_NAME, db, backantDependency: `file:${repoRoot}`, models: options.models });
  await writeProjectFiles(dir, files);
  symlinkSync(path.join(base, "node_modules"), path.join(dir, "node_modules"), "dir");
  if (options.databaseUrl) {
    const envFile = path.join(dir, ".env");
    writeFileSync(envFile, readFileSync(envFile, "utf8").replace(/^DATABASE_URL=.*$/m, `DATABASE_URL="${options.databaseUrl}"`));
  }
  const schema = (root: string) => readFileSafe(path.join(root, "prisma/schema.prisma"));
  if (schema(dir) === schema(base)) cpSync(path.join(base, "src/generated"), path.join(dir, "src/generated"), { recursive: true });
  else await execa(process.execPath, [path.join(dir, "node_modules/prisma/build/index.js"), "generate"], { cwd: dir, env: cleanEnv(), stdio: "pipe" });
  return dir;
}
