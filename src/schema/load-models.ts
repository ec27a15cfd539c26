import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createJiti } from "jiti";
import { InputError } from "../cli/errors.js";
import { isModel } from "../model/model.js";
import { buildModelSet, type ModelSet } from "./model-set.js";
import { DEFAULT_PROJECT_CONFIG } from "./project-config.js";

export const MODEL_FILE_SUFFIX = ".model.ts";

/** This package's DSL entry: dist/model/index.js when built, src/model/index.ts when run from source (tests). */
function ownModelEntry(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of ["../model/index.js", "../model/index.ts"]) {
    const file = path.resolve(here, candidate);
    if (existsSync(file)) return file;
  }
  throw new Error(`backant is installed incompletely: no model entry next to ${here}`);
}

/**
 * Where `backant/model` points for model files in this project: the project's own backant (so its
 * models and its installed version agree), else this package. Resolved through node_modules only,
 * because a package self-reference would pick up a stale dist/ of backant's own repository.
 */
function modelEntryFor(projectDir: string): string {
  let dir = path.resolve(projectDir);
  for (;;) {
    const pkg = path.join(dir, "node_modules", "backant", "package.json");
    if (existsSync(pkg)) {
      try {
        return createRequire(pkg).resolve("backant/model");
      } catch {
        break; // an installed backant without the model entry: use ours
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return ownModelEntry();
}

export interface LoadModelsOptions {
  /** Relative to projectDir; default "src/models". */
  modelsDir?: string;
}

/** Lists `*.model.ts` files in a models directory, sorted, so output never depends on readdir order. */
export function listModelFiles(modelsDir: string): string[] {
  if (!existsSync(modelsDir)) return [];
  return readdirSync(modelsDir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(MODEL_FILE_SUFFIX))
    .map((e) => e.name)
    .sort();
}

const toPosix = (p: string): string => p.split(path.sep).join("/");

/**
 * Loads every model file of a project (TypeScript, no build step) into a ModelSet. A file that
 * does not compile, throws, or does not default-export a model gives an InputError naming it.
 */
export async function loadModelSet(projectDir: string, options: LoadModelsOptions = {}): Promise<ModelSet> {
  const modelsDirRel = options.modelsDir ?? DEFAULT_PROJECT_CONFIG.modelsDir;
  const modelsDir = path.resolve(projectDir, modelsDirRel);
  const files = listModelFiles(modelsDir);
  const jiti = createJiti(import.meta.url, {
    alias: { "backant/model": modelEntryFor(projectDir) },
    // Fresh evaluation on every call: a long-running process (dev watcher, tests) must see edits.
    moduleCache: false,
    interopDefault: false,
  });
  const entries = [];
  for (const name of files) {
    const file = path.join(modelsDir, name);
    const label = toPosix(path.relative(projectDir, file)) || name;
    let loaded: unknown;
    try {
      loaded = await jiti.import(file);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new InputError(`${label}: the model file failed to load: ${message}`, {
        code: "MODEL_FILE_ERROR",
        hint: `Fix ${label} so it compiles and runs, then try again.`,
        details: { file: label },
        cause: error,
      });
    }
    const model = (loaded as { default?: unknown } | undefined)?.default;
    if (!isModel(model))
      throw new InputError(`${label}: the model file must default-export a model: export default model("${name.slice(0, -MODEL_FILE_SUFFIX.length)}", { ... }).`, {
        code: "NOT_A_MODEL",
        hint: `Add "export default model(...)" to ${label}, using model and t from "backant/model".`,
        details: { file: label },
      });
    entries.push({ model, file: label });
  }
  return buildModelSet(entries);
}
