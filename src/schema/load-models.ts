import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Jiti } from "jiti";
import { InputError } from "../errors.js";
import { isModel } from "../model/model.js";
import { buildModelSet, type ModelSet } from "./model-set.js";
import { DEFAULT_PROJECT_CONFIG } from "../project/config.js";

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
  /**
   * Model files given as text, keyed by file name ("Orders.model.ts"): added to the folder's files,
   * or read instead of the file of that name. They load as if they stood in the models folder.
   */
  sources?: ReadonlyMap<string, string>;
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
  const sources = options.sources ?? new Map<string, string>();
  const files = [...new Set([...listModelFiles(modelsDir), ...sources.keys()])].sort();
  const modelEntry = modelEntryFor(projectDir);
  let jiti: Jiti | undefined;
  // Loaded only for a file Node cannot import as it is (see importModelFile).
  const viaJiti = async () =>
    (jiti ??= (await import("jiti")).createJiti(import.meta.url, {
      alias: { "backant/model": modelEntry },
      // Fresh evaluation on every call: a long-running process (dev watcher, tests) must see edits.
      moduleCache: false,
      interopDefault: false,
    }));
  const entries = [];
  for (const name of files) {
    const file = path.join(modelsDir, name);
    const label = toPosix(path.relative(projectDir, file)) || name;
    let loaded: unknown;
    try {
      const given = sources.get(name);
      loaded = await importModelFile(given ?? readFileSync(file, "utf8"), modelEntry, () =>
        viaJiti().then((loader) => (given === undefined ? loader.import(file) : loader.evalModule(given, { filename: file, async: true }))),
      );
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

let directImports = 0;

/**
 * Loads one model file's text. What backant generates, and most hand-written model files, is plain
 * JavaScript whose only import is `backant/model`: Node imports that directly (a data: URL, the
 * import pointed at the model entry), so neither jiti nor its TypeScript transform (Babel: ~0.2 s to
 * load, and a transform per file path, which a staging copy never finds in jiti's cache) is needed.
 * Anything else (TypeScript syntax, other imports, a file that throws) goes through jiti, which
 * gives exactly the result and the errors it always did.
 */
async function importModelFile(source: string, modelEntry: string, viaJiti: () => Promise<unknown>): Promise<unknown> {
  const direct = source.replace(/\bfrom\s*(["'])backant\/model\1/, () => `from ${JSON.stringify(pathToFileURL(modelEntry).href)}`);
  // Run from source (tests), the model entry is TypeScript, which Node does not import.
  if (direct !== source && !/\.[cm]?ts$/.test(modelEntry)) {
    // A distinct URL per load: Node caches a data: module for the process, a model file is evaluated afresh.
    const url = `data:text/javascript;base64,${Buffer.from(`${direct}\n// ${++directImports}`).toString("base64")}`;
    try {
      return await import(url);
    } catch {
      // jiti loads it, or reports the real problem
    }
  }
  return viaJiti();
}
