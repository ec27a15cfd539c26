import { existsSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../errors.js";
import { resolvePrismaCli } from "./prisma-cli.js";

/**
 * Which schema engine the prisma CLI runs. Prisma 7 needs its native `schema-engine` binary for
 * every db/migrate command and downloads it from binaries.prisma.sh when it is missing; backant's
 * offline engine (bin/backant-schema-engine.js, wasm engine + driver adapters) stands in when that
 * download is not possible. See /work/shared/notes/offline-engine.md.
 */
export const ENGINE_CHOICES = ["auto", "wasm", "native"] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

export type EngineSelection =
  | {
      kind: "offline";
      /** Absolute path of backant's engine, given to Prisma as PRISMA_SCHEMA_ENGINE_BINARY. */
      binary: string;
      choice: EngineChoice;
      reason: string;
    }
  | {
      kind: "native";
      /** Where the native binary is, when known; undefined means Prisma will download it. */
      binary: string | undefined;
      source: NativeEngineSource;
      choice: EngineChoice;
      reason: string;
    };

/**
 * env: the user set PRISMA_SCHEMA_ENGINE_BINARY (their choice, used as is);
 * engines-dir: Prisma already downloaded it next to @prisma/engines;
 * cache: Prisma's download cache holds it, and Prisma copies it from there without the network;
 * download: nothing on disk, Prisma will fetch it (BACKANT_ENGINE=native only).
 */
export type NativeEngineSource = "env" | "engines-dir" | "cache" | "download";

const ENGINE_ENV = "PRISMA_SCHEMA_ENGINE_BINARY";
/** Prisma still honours the old name and prints a deprecation warning. */
const DEPRECATED_ENGINE_ENV = "PRISMA_MIGRATION_ENGINE_BINARY";

/** Reads BACKANT_ENGINE; unset or empty means auto. */
export function parseEngineChoice(value: string | undefined): EngineChoice {
  if (value === undefined || value.trim() === "") return "auto";
  const normalized = value.trim().toLowerCase();
  if ((ENGINE_CHOICES as readonly string[]).includes(normalized)) return normalized as EngineChoice;
  throw new InputError(`BACKANT_ENGINE must be one of ${ENGINE_CHOICES.join(", ")}; got "${value}".`, {
    code: "BAD_ENGINE_CHOICE",
    hint: "Unset BACKANT_ENGINE (auto), or set it to wasm (backant's offline engine) or native (Prisma's own engine).",
    details: { value },
  });
}

/** Absolute path of backant's offline engine (bin/backant-schema-engine.js of this package). */
export function offlineEngineBinary(): string {
  // dist/prisma/engine-selection.js and src/prisma/engine-selection.ts both sit two levels below the package root
  const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
  return path.join(packageRoot, "bin", "backant-schema-engine.js");
}

export interface NativeEngineLocation {
  binary: string | undefined;
  source: Exclude<NativeEngineSource, "download">;
}

/**
 * Finds a native schema engine that Prisma would use without downloading anything. Mirrors
 * Prisma 7.10: the CLI (prisma/build/cli.js) calls `ensureNeededBinariesExist` from @prisma/engines
 * before db/migrate/generate/validate/format; that downloads `schema-engine-<binaryTarget>` into the
 * @prisma/engines folder unless (a) PRISMA_SCHEMA_ENGINE_BINARY names an existing file, (b) the file
 * is already there and its `--version` contains the engines commit, or (c) Prisma's cache
 * (`$XDG_CACHE_HOME/prisma` or `~/.cache/prisma`, then `master/<commit>/<target>/schema-engine`)
 * holds it with its `.sha256` file, in which case it is copied over.
 */
export async function findNativeSchemaEngine(projectDir: string, env: NodeJS.ProcessEnv): Promise<NativeEngineLocation | undefined> {
  const fromEnv = env[ENGINE_ENV] || env[DEPRECATED_ENGINE_ENV];
  if (fromEnv) return { binary: path.resolve(projectDir, fromEnv), source: "env" };

  const engines = locateEnginesPackage(projectDir);
  if (!engines) return undefined;
  const target = await engines.binaryTarget();
  const fileName = `schema-engine-${target}${target === "windows" ? ".exe" : ""}`;

  const inEnginesDir = path.join(engines.dir, fileName);
  if (existsSync(inEnginesDir) && (await reportsVersion(inEnginesDir, engines.version))) {
    return { binary: inEnginesDir, source: "engines-dir" };
  }

  const cacheRoot = prismaCacheRoot(env);
  const cached = path.join(cacheRoot, "master", engines.version, target, "schema-engine");
  if (existsSync(cached) && existsSync(`${cached}.sha256`)) return { binary: cached, source: "cache" };
  return undefined;
}

/** Picks the engine for a prisma run. Throws InputError for an invalid BACKANT_ENGINE. */
export async function selectEngine(projectDir: string, env: NodeJS.ProcessEnv): Promise<EngineSelection> {
  const choice = parseEngineChoice(env.BACKANT_ENGINE);
  const offline = offlineEngineBinary();
  const userBinary = env[ENGINE_ENV] || env[DEPRECATED_ENGINE_ENV];

  if (choice === "wasm") {
    return { kind: "offline", binary: offline, choice, reason: "BACKANT_ENGINE=wasm" };
  }
  // A variable that already points at backant's own engine (e.g. exported by a previous run) is
  // not a user's native engine.
  const userChoseOffline = userBinary !== undefined && userBinary !== "" && samePath(path.resolve(projectDir, userBinary), offline);

  if (choice === "native") {
    if (userBinary && !userChoseOffline) {
      return { kind: "native", binary: path.resolve(projectDir, userBinary), source: "env", choice, reason: `BACKANT_ENGINE=native; ${ENGINE_ENV} set by the user` };
    }
    const found = await findNativeSchemaEngine(projectDir, withoutEngineEnv(env));
    if (found) return { kind: "native", ...found, choice, reason: `BACKANT_ENGINE=native; Prisma's engine found (${found.source})` };
    return { kind: "native", binary: undefined, source: "download", choice, reason: "BACKANT_ENGINE=native; Prisma will download its engine" };
  }

  if (userChoseOffline) return { kind: "offline", binary: offline, choice, reason: `${ENGINE_ENV} already points at backant's engine` };
  const found = await findNativeSchemaEngine(projectDir, env);
  if (found) {
    const reason = found.source === "env" ? `${ENGINE_ENV} set by the user` : `Prisma's native engine is on disk (${found.source})`;
    return { kind: "native", ...found, choice, reason };
  }
  return { kind: "offline", binary: offline, choice, reason: "no native schema engine on disk" };
}

/**
 * The environment for the prisma child process. BACKANT_ENGINE is passed on resolved (native or
 * wasm) so the project's prisma.config.ts, which sets PRISMA_SCHEMA_ENGINE_BINARY itself unless
 * BACKANT_ENGINE=native, agrees with the choice made here.
 */
export function applyEngineSelection(env: NodeJS.ProcessEnv, selection: EngineSelection): NodeJS.ProcessEnv {
  if (selection.kind === "offline") {
    const next = withoutEngineEnv(env);
    next[ENGINE_ENV] = selection.binary;
    next.BACKANT_ENGINE = "wasm";
    return next;
  }
  const next = selection.source === "env" ? { ...env } : withoutEngineEnv(env);
  next.BACKANT_ENGINE = "native";
  return next;
}

function withoutEngineEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const next = { ...env };
  delete next[ENGINE_ENV];
  delete next[DEPRECATED_ENGINE_ENV];
  return next;
}

interface EnginesPackage {
  dir: string;
  /** Engines commit hash (@prisma/engines-version), the folder name in Prisma's cache. */
  version: string;
  binaryTarget: () => Promise<string>;
}

/** @prisma/engines as the project's prisma CLI resolves it (its download folder). */
function locateEnginesPackage(projectDir: string): EnginesPackage | undefined {
  const cli = resolvePrismaCli(projectDir);
  const fromCli = createRequire(cli.path);
  let enginesPackageJson: string;
  try {
    enginesPackageJson = fromCli.resolve("@prisma/engines/package.json");
  } catch {
    return undefined;
  }
  const fromEngines = createRequire(enginesPackageJson);
  const { enginesVersion } = fromEngines("@prisma/engines-version") as { enginesVersion: string };
  return {
    dir: path.dirname(enginesPackageJson),
    version: enginesVersion,
    binaryTarget: async () => {
      const platform = fromEngines("@prisma/get-platform") as { getBinaryTargetForCurrentPlatform: () => Promise<string> };
      return platform.getBinaryTargetForCurrentPlatform();
    },
  };
}

/** Prisma's download cache folder (fetch-engine's getRootCacheDir on Linux and macOS; APPDATA on Windows). */
function prismaCacheRoot(env: NodeJS.ProcessEnv): string {
  if (process.platform === "win32" && env.APPDATA) return path.join(env.APPDATA, "Prisma");
  return env.XDG_CACHE_HOME ? path.join(env.XDG_CACHE_HOME, "prisma") : path.join(os.homedir(), ".cache", "prisma");
}

/** Same test Prisma applies before deciding to re-download: `<binary> --version` names the commit. */
async function reportsVersion(binary: string, commit: string): Promise<boolean> {
  try {
    // execa is loaded here, not at the top: every command that opens the engine imports this module.
    const { execa } = await import("execa");
    const result = await execa(binary, ["--version"], { timeout: 10_000, stdin: "ignore", reject: false });
    return result.exitCode === 0 && String(result.stdout).includes(commit);
  } catch {
    return false;
  }
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}
