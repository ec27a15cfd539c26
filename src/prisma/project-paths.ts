import { existsSync } from "node:fs";
import path from "node:path";
import type { PrismaOutputMode } from "./run-prisma.js";

/** Where a command runs and how. Paths may be relative to `dir`. */
export interface PrismaProject {
  dir: string;
  /** Prisma schema file or folder; default prisma/schema.prisma. */
  schema?: string;
  /** prisma.config.ts; default <dir>/prisma.config.ts when it exists. */
  config?: string;
  env?: NodeJS.ProcessEnv;
  output?: PrismaOutputMode;
  timeoutMs?: number;
}

export interface ResolvedProjectPaths {
  dir: string;
  schema: string;
  config: string | undefined;
}

export function resolveProjectPaths(project: PrismaProject): ResolvedProjectPaths {
  const dir = path.resolve(project.dir);
  const schema = path.resolve(dir, project.schema ?? path.join("prisma", "schema.prisma"));
  const defaultConfig = path.join(dir, "prisma.config.ts");
  const config = project.config !== undefined ? path.resolve(dir, project.config) : existsSync(defaultConfig) ? defaultConfig : undefined;
  return { dir, schema, config };
}

/** `--config <file>` and, where the command takes it, `--schema <file>`: always explicit. */
export function pathArgs(paths: ResolvedProjectPaths, withSchema: boolean): string[] {
  return [...(paths.config ? ["--config", paths.config] : []), ...(withSchema ? ["--schema", paths.schema] : [])];
}
