import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

/**
 * The environment a project's commands see: its .env file under the real environment, which wins,
 * exactly as the generated prisma.config.ts does with process.loadEnvFile (which never overrides a
 * variable that is already set). Read with node:util's parseEnv so nothing leaks into process.env.
 */
export function projectEnv(projectDir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = path.join(projectDir, ".env");
  if (!existsSync(file)) return { ...env };
  const fromFile = parseEnv(readFileSync(file, "utf8")) as Record<string, string>;
  return { ...fromFile, ...env };
}

/** CLEAR_DB=true style flags: true, 1, yes, on (any case); anything else is off. */
export function isEnabledFlag(value: string | undefined): boolean {
  return ["true", "1", "yes", "on"].includes((value ?? "").trim().toLowerCase());
}
