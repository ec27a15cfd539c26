import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Jiti } from "jiti";
import { InputError } from "../errors.js";
import { isModel } from "../model/model.js";
import { isEnumType } from "../model/enum-type.js";
import { buildModelSet, type ModelSet } from "./model-set.js";
import { DEFAULT_PROJECT_CONFIG, type Naming } from "../project/config.js";

export const MODEL_FILE_SUFFIX = ".model.ts";
/** The models folder's shared enum module: every enumType it exports is part of the schema, used by a field or not. */
export const ENUMS_FILE = "enums.ts";

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
  /** The project's naming and foreign-key index choice (package.json "backant"); defaults as there. */
  naming?: Naming;
  foreignKeyIndexes?: boolean;
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
  // Shared modules (an enums module ...) imported by several model files: read and encoded once.
  const modules = new Map<string, string | null>();
  for (const name of files) {
    const file = path.join(modelsDir, name);
    const label = toPosix(path.relative(projectDir, file)) || name;
    let loaded: unknown;
    try {
      const given = sources.get(name);
      loaded = await importModelFile(given ?? readFileSync(file, "utf8"), file, modelEntry, modules, () =>
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
  const enums = await loadEnumsFile(projectDir, modelsDir, modelEntry, modules, viaJiti);
  return buildModelSet(entries, { naming: options.naming, foreignKeyIndexes: options.foreignKeyIndexes, ...(enums ? { enums } : {}) });
}

/** The enumTypes exported by the models folder's enums.ts, or undefined when there is no such file. */
async function loadEnumsFile(projectDir: string, modelsDir: string, modelEntry: string, modules: Map<string, string | null>, viaJiti: () => Promise<Jiti>) {
  const file = path.join(modelsDir, ENUMS_FILE);
  if (!existsSync(file)) return undefined;
  const label = toPosix(path.relative(projectDir, file)) || ENUMS_FILE;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await importModelFile(readFileSync(file, "utf8"), file, modelEntry, modules, () => viaJiti().then((loader) => loader.import(file)))) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`${label}: the enum module failed to load: ${message}`, { code: "MODEL_FILE_ERROR", hint: `Fix ${label} so it compiles and runs, then try again.`, details: { file: label }, cause: error });
  }
  return Object.values(loaded ?? {})
    .filter(isEnumType)
    .map((e) => {
      const plain = e.map === null && Object.keys(e.valueMaps).length === 0 && e.schema === null && e.doc === null;
      return { name: e.name, values: [...e.values], file: label, options: plain ? null : { map: e.map, valueMaps: { ...e.valueMaps }, schema: e.schema, doc: e.doc } };
    });
}

let directImports = 0;

const BACKANT_MODEL_IMPORT = /\bfrom\s*(["'])backant\/model\1/g;
/** Static imports and re-exports of relative modules: `from "./enums.js"`, `import "./x"`. */
const RELATIVE_IMPORT = /(\bfrom\s*|\bimport\s*)(["'])(\.{1,2}\/[^"'\n]+)\2/g;

/** A data: URL distinct per evaluation: Node caches a data: module for the process. */
function dataUrl(source: string): string {
  return `data:text/javascript;base64,${Buffer.from(`${source}\n// ${++directImports}`).toString("base64")}`;
}

/** The file a relative specifier names: `./enums.js` is `./enums.ts` in a TypeScript project, as tsc resolves it. */
function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const target = path.resolve(path.dirname(fromFile), specifier);
  const candidates = /\.[cm]?js$/.test(target) ? [target.replace(/\.([cm]?)js$/, ".$1ts"), target] : [target, `${target}.ts`, `${target}.js`, path.join(target, "index.ts")];
  return candidates.find((c) => existsSync(c) && !/\.d\.ts$/.test(c));
}

/**
 * The source with `backant/model` and relative imports pointed at URLs Node can import from a
 * data: module (a data: module has no folder to resolve "./enums.js" against), or null when a
 * relative import cannot be followed (a missing file, a cycle): jiti loads those.
 */
function directSource(source: string, file: string, modelEntry: string, modules: Map<string, string | null>): string | null {
  const entryUrl = JSON.stringify(pathToFileURL(modelEntry).href);
  let failed = false;
  const rewritten = source
    .replace(BACKANT_MODEL_IMPORT, () => `from ${entryUrl}`)
    .replace(RELATIVE_IMPORT, (whole, keyword: string, _quote: string, specifier: string) => {
      const url = moduleUrl(file, specifier, modelEntry, modules);
      if (url === null) failed = true;
      return url === null ? whole : `${keyword}${JSON.stringify(url)}`;
    });
  return failed ? null : rewritten;
}

function moduleUrl(fromFile: string, specifier: string, modelEntry: string, modules: Map<string, string | null>): string | null {
  const target = resolveRelative(fromFile, specifier);
  if (target === undefined) return null;
  if (modules.has(target)) return modules.get(target) ?? null; // null while in progress: a cycle
  modules.set(target, null);
  const direct = directSource(readFileSync(target, "utf8"), target, modelEntry, modules);
  const url = direct === null ? null : dataUrl(direct);
  modules.set(target, url);
  return url;
}

/**
 * Loads one model file's text. What backant generates, and most hand-written model files, is plain
 * JavaScript whose imports are `backant/model` and modules beside it (a shared enums module): Node
 * imports that directly (data: URLs, the imports pointed at the model entry and at the modules'
 * own data: URLs), so neither jiti nor its TypeScript transform (Babel: ~0.2 s to load, and a
 * transform per file path, which a staging copy never finds in jiti's cache) is needed. Anything
 * else (TypeScript syntax, other imports, a file that throws) goes through jiti, which gives
 * exactly the result and the errors it always did.
 */
async function importModelFile(source: string, file: string, modelEntry: string, modules: Map<string, string | null>, viaJiti: () => Promise<unknown>): Promise<unknown> {
  // Run from source (tests), the model entry is TypeScript, which Node does not import.
  if (/\bbackant\/model\b/.test(source) && !/\.[cm]?ts$/.test(modelEntry)) {
    const direct = directSource(source, file, modelEntry, modules);
    if (direct !== null) {
      try {
        const loaded: unknown = await import(dataUrl(direct));
        loaderCounts.direct++;
        return loaded;
      } catch {
        // jiti loads it, or reports the real problem
      }
    }
  }
  loaderCounts.jiti++;
  return viaJiti();
}

/** How many files each path loaded in this process (for tests and benchmarks). */
export const loaderCounts = { direct: 0, jiti: 0 };
