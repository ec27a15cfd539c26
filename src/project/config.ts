import { readFileSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors.js";

export const PROVIDERS = ["postgresql", "sqlite", "mysql"] as const;
export type Provider = (typeof PROVIDERS)[number];

export interface ProjectConfig {
  provider: Provider;
  /** Relative to the project directory. */
  modelsDir: string;
  /** Relative to the project directory. */
  schemaPath: string;
}

export const DEFAULT_PROJECT_CONFIG: Readonly<ProjectConfig> = Object.freeze({
  provider: "sqlite",
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
    modelsDir: relativePath(config.modelsDir, "modelsDir", DEFAULT_PROJECT_CONFIG.modelsDir, file),
    schemaPath: relativePath(config.schemaPath, "schemaPath", DEFAULT_PROJECT_CONFIG.schemaPath, file),
  };
}

function relativePath(value: unknown, key: string, fallback: string, file: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || value.trim() === "")
    throw new InputError(`"backant.${key}" in ${file} must be a non-empty path, got ${JSON.stringify(value)}.`, { code: "BAD_PROJECT_CONFIG", hint: `Remove "backant.${key}" to use "${fallback}", or set it to a path relative to the project.` });
  return value;
}
