import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { runPrisma } from "../../src/prisma/run-prisma.js";
import { applyEngineSelection, offlineEngineBinary, parseEngineChoice, selectEngine } from "../../src/prisma/engine-selection.js";
import { enginePath, repoRoot } from "../support/paths.js";
import { USER } from "../support/prisma-models.js";
import { cleanEnv } from "../support/processes.js";
import { removeDir, scratchDir } from "../support/scratch.js";
import { schemaText, useProjects } from "./project.js";

const require = createRequire(import.meta.url);
const ENGINES_COMMIT = (require("@prisma/engines-version") as { enginesVersion: string }).enginesVersion;

async function binaryTarget(): Promise<string> {
  const enginesDir = path.dirname(require.resolve("@prisma/engines/package.json"));
  const platform = createRequire(path.join(enginesDir, "package.json"))("@prisma/get-platform") as { getBinaryTargetForCurrentPlatform: () => Promise<string> };
  return platform.getBinaryTargetForCurrentPlatform();
}

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) removeDir(dir);
});

/** A scratch folder removed after the test. */
function tempDir(): string {
  const dir = scratchDir("prisma-engine");
  scratch.push(dir);
  return dir;
}

/**
 * A project with its own copy of prisma and @prisma/engines (hard links, so it is cheap), so that a
 * schema engine can be placed exactly where Prisma 7.10 looks for its downloaded native engine
 * without touching the repository's node_modules, which other test runs share.
 */
function projectWithOwnPrisma(): { dir: string; enginesDir: string } {
  const dir = tempDir();
  const modules = path.join(dir, "node_modules");
  mkdirSync(path.join(modules, "@prisma"), { recursive: true });
  cpSync(path.join(repoRoot, "node_modules", "prisma"), path.join(modules, "prisma"), { recursive: true });
  cpSync(path.join(repoRoot, "node_modules", "@prisma", "engines"), path.join(modules, "@prisma", "engines"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "own-prisma", private: true, type: "module" }));
  return { dir, enginesDir: path.join(modules, "@prisma", "engines") };
}

/**
 * A stand-in for Prisma's native engine that passes Prisma's own check (`--version` names the
 * engines commit) and logs every call; it delegates the real work to backant's engine.
 */
function writeStandInNativeEngine(file: string, log: string): void {
  writeFileSync(
    file,
    `#!/bin/sh\necho "$*" >> "${log}"\nif [ "$1" = "--version" ]; then echo "schema-engine-cli ${ENGINES_COMMIT}"; exit 0; fi\nexec "${process.execPath}" "${enginePath}" "$@"\n`,
  );
  chmodSync(file, 0o755);
}

describe("BACKANT_ENGINE", () => {
  it("accepts auto, wasm and native, and treats unset or empty as auto", () => {
    expect(parseEngineChoice(undefined)).toBe("auto");
    expect(parseEngineChoice("")).toBe("auto");
    expect(parseEngineChoice("wasm")).toBe("wasm");
    expect(parseEngineChoice("Native")).toBe("native");
  });

  it("rejects anything else with an InputError (exit 2) before prisma starts", async () => {
    expect(() => parseEngineChoice("rust")).toThrow(InputError);
    const error = await runPrisma({ projectDir: repoRoot, args: ["--version"], env: cleanEnv({ BACKANT_ENGINE: "turbo" }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).code).toBe("BAD_ENGINE_CHOICE");
  });
});

describe("engine selection", () => {
  it("offline engine path is this package's bin/backant-schema-engine.js", () => {
    expect(offlineEngineBinary()).toBe(enginePath);
  });

  it("auto picks the offline engine when no native engine is on disk, and the runner exports it", async () => {
    const target = await binaryTarget();
    // the premise: this machine never downloaded Prisma's engine
    expect(existsSync(path.join(path.dirname(require.resolve("@prisma/engines/package.json")), `schema-engine-${target}`))).toBe(false);
    const env = cleanEnv({ XDG_CACHE_HOME: tempDir() });
    const selection = await selectEngine(repoRoot, env);
    expect(selection).toMatchObject({ kind: "offline", binary: enginePath, choice: "auto" });
    const childEnv = applyEngineSelection(env, selection);
    expect(childEnv.PRISMA_SCHEMA_ENGINE_BINARY).toBe(enginePath);
    expect(childEnv.BACKANT_ENGINE).toBe("wasm");
  });

  it("auto keeps a PRISMA_SCHEMA_ENGINE_BINARY the user set (user-chosen native engine)", async () => {
    const dir = tempDir();
    const own = path.join(dir, "my-engine");
    writeFileSync(own, "");
    const env = cleanEnv({ PRISMA_SCHEMA_ENGINE_BINARY: own });
    const selection = await selectEngine(repoRoot, env);
    expect(selection).toMatchObject({ kind: "native", source: "env", binary: own });
    expect(applyEngineSelection(env, selection).PRISMA_SCHEMA_ENGINE_BINARY).toBe(own);
  });

  it("wasm overrides a user's PRISMA_SCHEMA_ENGINE_BINARY; native drops one that points at backant's engine", async () => {
    const wasm = await selectEngine(repoRoot, cleanEnv({ BACKANT_ENGINE: "wasm", PRISMA_SCHEMA_ENGINE_BINARY: "/usr/bin/env" }));
    expect(wasm).toMatchObject({ kind: "offline", binary: enginePath });
    const envNative = cleanEnv({ BACKANT_ENGINE: "native", PRISMA_SCHEMA_ENGINE_BINARY: enginePath, XDG_CACHE_HOME: tempDir() });
    const native = await selectEngine(repoRoot, envNative);
    expect(native).toMatchObject({ kind: "native", source: "download", binary: undefined });
    const childEnv = applyEngineSelection(envNative, native);
    expect(childEnv.PRISMA_SCHEMA_ENGINE_BINARY).toBeUndefined();
    expect(childEnv.BACKANT_ENGINE).toBe("native");
  });

  it("auto counts Prisma's download cache (engine + .sha256) as present, since Prisma copies it without the network", async () => {
    const cache = tempDir();
    const target = await binaryTarget();
    const folder = path.join(cache, "prisma", "master", ENGINES_COMMIT, target);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "schema-engine"), "");
    const withoutSha = await selectEngine(repoRoot, cleanEnv({ XDG_CACHE_HOME: cache }));
    expect(withoutSha.kind).toBe("offline");
    writeFileSync(path.join(folder, "schema-engine.sha256"), "0".repeat(64));
    const withSha = await selectEngine(repoRoot, cleanEnv({ XDG_CACHE_HOME: cache }));
    expect(withSha).toMatchObject({ kind: "native", source: "cache", binary: path.join(folder, "schema-engine") });
  });

  it("auto ignores an engine file that would fail Prisma's version check (Prisma would download again)", async () => {
    const { dir, enginesDir } = projectWithOwnPrisma();
    const file = path.join(enginesDir, `schema-engine-${await binaryTarget()}`);
    writeFileSync(file, "");
    chmodSync(file, 0o755);
    const selection = await selectEngine(dir, cleanEnv({ XDG_CACHE_HOME: tempDir() }));
    expect(selection.kind).toBe("offline");
  });

  describe("with a native engine where Prisma downloads it", () => {
    const projects = useProjects();

    it("auto selects it, leaves PRISMA_SCHEMA_ENGINE_BINARY unset, and Prisma runs it without downloading", async () => {
      const { dir, enginesDir } = projectWithOwnPrisma();
      const log = path.join(dir, "native-calls.log");
      const engineFile = path.join(enginesDir, `schema-engine-${await binaryTarget()}`);
      writeStandInNativeEngine(engineFile, log);

      // a regular backant project in that folder
      const base = await projects.create("sqlite", USER);
      cpSync(base.dir, dir, { recursive: true, dereference: false, filter: (src) => !src.includes(`${path.sep}node_modules${path.sep}prisma`) });
      writeFileSync(path.join(dir, "prisma", "schema.prisma"), schemaText("sqlite", USER));
      const env = cleanEnv({ DATABASE_URL: "file:./dev.db", XDG_CACHE_HOME: tempDir() });

      const selection = await selectEngine(dir, env);
      expect(selection).toMatchObject({ kind: "native", source: "engines-dir", binary: engineFile });

      const dev = await runPrisma({ projectDir: dir, args: ["migrate", "dev", "--name", "init"], env });
      expect(dev.exitCode).toBe(0);
      const calls = readFileSync(log, "utf8");
      expect(calls).toMatch(/^--version$/m);
      expect(calls).toMatch(/--datamodels/);
      const status = await runPrisma({ projectDir: dir, args: ["migrate", "status"], env });
      expect(status.stdout).toMatch(/Database schema is up to date/);
    });
  });
});
