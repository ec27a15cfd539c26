import { readFileSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors.js";

export const PROVIDERS = ["postgresql", "sqlite", "mysql"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** How database names follow from model and field names when no table / .map() is given. */
export const NAMINGS = ["snake_case", "as-written"] as const;
export type Naming = (typeof NAMINGS)[number];

/** A value of a generator option: a string, a list of strings or a boolean (as Prisma's config takes them). */
export type GeneratorValue = string | boolean | string[];

export interface DatasourceOptions {
  /** "prisma" emulates foreign keys in the client (PlanetScale, Vitess); default: real foreign keys. */
  relationMode: "foreignKeys" | "prisma" | null;
  /** PostgreSQL schemas, with models in more than one (models choose with the schema option). */
  schemas: string[];
}

export interface ProjectConfig {
  provider: Provider;
  /** Database names: snake_case of the model and field names (default), or the names as written. */
  naming: Naming;
  /** An index on every foreign key (default true); false for databases designed without them. */
  foreignKeyIndexes: boolean;
  datasource: DatasourceOptions;
  /** More options of the Prisma Client generator (previewFeatures, binaryTargets ...); provider and output are backant's. */
  generator: Record<string, GeneratorValue>;
  /** Relative to the project directory. */
  modelsDir: string;
  /** Relative to the project directory. */
  schemaPath: string;
}

export const DEFAULT_PROJECT_CONFIG: Readonly<ProjectConfig> = Object.freeze({
  provider: "sqlite",
  naming: "snake_case",
  foreignKeyIndexes: true,
  datasource: Object.freeze({ relationMode: null, schemas: [] }) as DatasourceOptions,
  generator: {},
  modelsDir: "src/models",
  schemaPath: "prisma/schema.prisma",
});

export function isProvider(value: unknown): value is Provider {
  return typeof value === "string" && (PROVIDERS as readonly string[]).includes(value);
}

/** Reads the "backant" key of the project's package.json; a missing file or key means all defaults. */
export function readProjectConfig(projectDir: string): ProjectConfig {
  const file = path.join(projectDir, "package.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { ...DEFAULT_PROJECT_CONFIG };
    throw error;
  }
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file} is not valid JSON: ${(error as Error).message}`, { code: "BAD_PACKAGE_JSON", hint: "Fix the JSON syntax of package.json.", cause: error });
  }
  const raw = typeof pkg === "object" && pkg !== null ? (pkg as { backant?: unknown }).backant : undefined;
  if (raw === undefined) return { ...DEFAULT_PROJECT_CONFIG };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new InputError(`The "backant" key of ${file} must be an object, e.g. {"provider": "postgresql"}.`, { code: "BAD_PROJECT_CONFIG", hint: 'Set "backant" to an object such as {"provider": "sqlite"}.' });
  const config = raw as Record<string, unknown>;
  const provider = config.provider ?? DEFAULT_PROJECT_CONFIG.provider;
  if (!isProvider(provider))
    throw new InputError(`Unknown database provider ${JSON.stringify(provider)} in the "backant" key of ${file}.`, {
      code: "BAD_PROVIDER",
      hint: `Set "backant.provider" to one of: ${PROVIDERS.join(", ")}.`,
    });
  return {
    provider,
    naming: namingOf(config.naming, file),
    foreignKeyIndexes: booleanOf(config.foreignKeyIndexes, "foreignKeyIndexes", true, file),
    datasource: datasourceOf(config.datasource, file),
    generator: generatorOf(config.generator, file),
    modelsDir: relativePath(config.modelsDir, "modelsDir", DEFAULT_PROJECT_CONFIG.modelsDir, file),
    schemaPath: relativePath(config.schemaPath, "schemaPath", DEFAULT_PROJECT_CONFIG.schemaPath, file),
  };
}

function badConfig(file: string, key: string, problem: string, fix: string): InputError {
  return new InputError(`"backant.${key}" in ${file} ${problem}`, { code: "BAD_PROJECT_CONFIG", hint: fix });
}

function namingOf(value: unknown, file: string): Naming {
  if (value === undefined) return "snake_case";
  if (typeof value === "string" && (NAMINGS as readonly string[]).includes(value)) return value as Naming;
  throw badConfig(file, "naming", `must be one of ${NAMINGS.join(", ")}, not ${JSON.stringify(value)}.`, 'Set "backant.naming" to "snake_case" (tables and columns in snake_case) or "as-written" (the model and field names).');
}

function booleanOf(value: unknown, key: string, fallback: boolean, file: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value === "boolean") return value;
  throw badConfig(file, key, `must be true or false, not ${JSON.stringify(value)}.`, `Set "backant.${key}" to true or false, or remove it (default ${fallback}).`);
}

function datasourceOf(value: unknown, file: string): DatasourceOptions {
  if (value === undefined) return { relationMode: null, schemas: [] };
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw badConfig(file, "datasource", "must be an object.", 'Use e.g. {"relationMode": "prisma"} or {"schemas": ["public", "auth"]}.');
  const { relationMode, schemas, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw badConfig(file, "datasource", `has unknown keys: ${unknown.join(", ")}.`, 'Use "relationMode" and "schemas"; the connection URL belongs in .env and prisma.config.ts.');
  if (relationMode !== undefined && relationMode !== "prisma" && relationMode !== "foreignKeys")
    throw badConfig(file, "datasource.relationMode", `must be "prisma" or "foreignKeys", not ${JSON.stringify(relationMode)}.`, 'Set it to "prisma" or "foreignKeys", or remove it.');
  if (schemas !== undefined && (!Array.isArray(schemas) || schemas.some((s) => typeof s !== "string" || s === "")))
    throw badConfig(file, "datasource.schemas", "must be a list of schema names.", 'Use e.g. ["public", "auth"].');
  return { relationMode: (relationMode as DatasourceOptions["relationMode"]) ?? null, schemas: [...((schemas as string[] | undefined) ?? [])] };
}

function generatorOf(value: unknown, file: string): Record<string, GeneratorValue> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw badConfig(file, "generator", "must be an object.", 'Use e.g. {"previewFeatures": ["views"]}.');
  const out: Record<string, GeneratorValue> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "provider" || key === "output") throw badConfig(file, `generator.${key}`, "is set by backant (the generated app imports the client from src/generated/prisma).", `Remove "backant.generator.${key}".`);
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) throw badConfig(file, "generator", `has a key that is not an identifier: ${JSON.stringify(key)}.`, "Use Prisma's generator option names.");
    if (typeof v === "string" || typeof v === "boolean" || (Array.isArray(v) && v.every((x) => typeof x === "string"))) out[key] = Array.isArray(v) ? [...v] : v;
    else throw badConfig(file, `generator.${key}`, "must be a string, a boolean or a list of strings.", "Fix the value.");
  }
  return out;
}

function relativePath(value: unknown, key: string, fallback: string, file: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || value.trim() === "")
    throw new InputError(`"backant.${key}" in ${file} must be a non-empty path, got ${JSON.stringify(value)}.`, { code: "BAD_PROJECT_CONFIG", hint: `Remove "backant.${key}" to use "${fallback}", or set it to a path relative to the project.` });
  return value;
}
