import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { CommandFailure } from "../errors.js";
import { removeOnExit } from "../process/temp-paths.js";

/**
 * The backant dependency of a generated project. Installed from the registry, the project asks for
 * the same version ("^0.1.0"). Run from a checkout (as in development, or this machine, where
 * backant is not on the registry), the project gets a tarball of this very package in vendor/, so
 * `npm install` and the project's Docker build work without a registry copy of backant.
 */

export interface BackantDependency {
  version: string;
  /** The value for package.json "dependencies.backant". */
  spec: string;
  source: "registry" | "local";
  /** local only: the tarball's path inside the project, e.g. "vendor/backant-0.1.0.tgz". */
  vendorFile?: string;
  /** local only: hash of the package's published files; names the cache entry. */
  contentHash?: string;
  /** This package's folder. */
  packageRoot: string;
}

/** The files `npm pack` puts in the tarball: package.json "files" plus what npm always adds. */
const ALWAYS_PACKED = /^(package\.json|readme(\..*)?|license(\..*)?|licence(\..*)?)$/i;

export function backantPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, "package.json");
    if (existsSync(file) && (JSON.parse(readFileSync(file, "utf8")) as { name?: string }).name === "backant") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`backant is installed incompletely: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Decides the dependency without writing anything (for --dry-run and planning). */
export function planBackantDependency(packageRoot = backantPackageRoot()): BackantDependency {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { version: string; files?: string[] };
  if (packageRoot.split(path.sep).includes("node_modules")) {
    return { version: pkg.version, spec: `^${pkg.version}`, source: "registry", packageRoot };
  }
  const vendorFile = `vendor/backant-${pkg.version}.tgz`;
  return {
    version: pkg.version,
    spec: `file:${vendorFile}`,
    source: "local",
    vendorFile,
    contentHash: contentHash(packageRoot, pkg.files ?? []),
    packageRoot,
  };
}

/** Where packed tarballs are kept between runs: $BACKANT_CACHE_DIR, else $XDG_CACHE_HOME/backant, else ~/.cache/backant. */
export function packCacheDir(env: NodeJS.ProcessEnv): string {
  if (env.BACKANT_CACHE_DIR) return path.join(env.BACKANT_CACHE_DIR, "packs");
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "backant", "packs");
}

/**
 * The tarball of this package for a local dependency, packed with `npm pack` once per content hash
 * and kept in the cache. Concurrent runs each pack into their own folder and rename into place
 * (same bytes either way), so no lock is needed.
 */
export async function packedTarball(dependency: BackantDependency, options: { env: NodeJS.ProcessEnv; cancelSignal?: AbortSignal }): Promise<string> {
  if (dependency.source !== "local" || dependency.contentHash === undefined) throw new Error("packedTarball needs a local dependency");
  const root = dependency.packageRoot;
  if (!existsSync(path.join(root, "dist", "cli", "main.js"))) {
    throw new CommandFailure(`backant's dist/ folder is missing in ${root}, so it cannot be packed for the new project.`, {
      code: "BACKANT_NOT_BUILT",
      hint: `Run \`npm run build\` in ${root}, then try again.`,
    });
  }
  const tarball = cachedTarballPath(dependency, options.env);
  if (existsSync(tarball)) return tarball;
  const cacheDir = path.dirname(tarball);

  const work = path.join(cacheDir, `.pack-${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(work, { recursive: true });
  // Ctrl-C while packing ends the process through the entry point's process.exit: removed then.
  const keep = removeOnExit(work);
  removeAbandonedPackFolders(cacheDir);
  try {
    const result = await execa("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
      cwd: root,
      env: options.env,
      extendEnv: false,
      reject: false,
      stdin: "ignore",
      ...(options.cancelSignal ? { cancelSignal: options.cancelSignal } : {}),
    });
    if (result.isCanceled) throw new CommandFailure("Interrupted while packing backant.", { code: "INTERRUPTED" });
    if (result.exitCode !== 0) {
      throw new CommandFailure(`\`npm pack\` of backant failed (exit ${result.exitCode}):\n${String(result.stderr).trim().split("\n").slice(-15).join("\n")}`, {
        code: "PACK_FAILED",
        hint: `Check that \`npm pack\` works in ${root}.`,
      });
    }
    const packed = readdirSync(work).find((file) => file.endsWith(".tgz"));
    if (!packed) throw new CommandFailure(`\`npm pack\` of backant wrote no tarball into ${work}.`, { code: "PACK_FAILED" });
    renameSync(path.join(work, packed), tarball);
    return tarball;
  } finally {
    rmSync(work, { recursive: true, force: true });
    keep();
  }
}

/** Work folders of runs that died mid-pack (Ctrl-C before the staging began): their pid is gone. */
function removeAbandonedPackFolders(cacheDir: string): void {
  for (const entry of readdirSync(cacheDir)) {
    const pid = Number(/^\.pack-(\d+)-/.exec(entry)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    rmSync(path.join(cacheDir, entry), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Where the tarball of a local dependency is (or will be) cached. */
export function cachedTarballPath(dependency: BackantDependency, env: NodeJS.ProcessEnv): string {
  return path.join(packCacheDir(env), dependency.contentHash ?? "unhashed", `backant-${dependency.version}.tgz`);
}

/** sha256 over the path and bytes of every file npm would pack, in a fixed order. */
function contentHash(root: string, files: string[]): string {
  const hash = createHash("sha256");
  const list = new Set<string>();
  for (const entry of readdirSync(root)) if (ALWAYS_PACKED.test(entry)) list.add(entry);
  for (const entry of files) {
    const full = path.join(root, entry);
    if (!existsSync(full)) continue;
    for (const file of walk(full)) list.add(path.relative(root, file).split(path.sep).join("/"));
  }
  for (const file of [...list].sort()) {
    hash.update(file + "\0");
    hash.update(readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

function walk(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}
