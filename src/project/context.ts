import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors.js";
import { readProjectConfig, type ProjectConfig } from "./config.js";
import { resolveDatabaseTarget, type DatabaseTarget } from "./database-target.js";
import { projectEnv } from "./env.js";

/** The files and folders of a project, absolute. */
export interface ProjectPaths {
  models: string;
  schema: string;
  migrations: string;
  prismaConfig: string;
  envFile: string;
  seed: string;
}

/** Where NODE_ENV (the environment a command acts in) was read from. */
export interface EnvironmentName {
  /** Lower-cased and trimmed; "development" when NODE_ENV is unset. */
  name: string;
  source: "shell" | ".env" | "default";
}

/**
 * Everything a project command needs to know about the project, resolved once at the top of the
 * command and passed down (create-astro's Context): nothing below the CLI reads package.json, .env
 * or DATABASE_URL again.
 */
export interface ProjectContext {
  readonly dir: string;
  readonly config: ProjectConfig;
  readonly paths: ProjectPaths;
  /** The shell's variables over the project's .env (the shell wins, as prisma.config.ts does it). */
  readonly env: NodeJS.ProcessEnv;
  /** The shell's variables alone (children such as the dev server get them and read .env themselves). */
  readonly shellEnv: NodeJS.ProcessEnv;
  readonly environment: EnvironmentName;
  /** The development database named by DATABASE_URL; throws NO_DATABASE_URL / BAD_DATABASE_URL when it cannot. */
  database(): DatabaseTarget;
}

export const MIGRATIONS_DIR = path.join("prisma", "migrations");

/**
 * A backant project is a folder whose package.json has a "backant" key (what create-backant
 * writes). Commands that read or change a project refuse to run anywhere else (exit 2), so a
 * mistyped --cwd or a command run one folder too high writes nothing.
 */
export function resolveProject(cwd: string, shellEnv: NodeJS.ProcessEnv): ProjectContext {
  const dir = path.resolve(cwd);
  requireProjectFolder(dir);
  const config = readProjectConfig(dir);
  const env = projectEnv(dir, shellEnv);
  const paths: ProjectPaths = {
    models: path.resolve(dir, config.modelsDir),
    schema: path.resolve(dir, config.schemaPath),
    migrations: path.join(dir, MIGRATIONS_DIR),
    prismaConfig: path.join(dir, "prisma.config.ts"),
    envFile: path.join(dir, ".env"),
    seed: path.join(dir, "prisma", "seed.ts"),
  };
  let database: DatabaseTarget | undefined;
  return {
    dir,
    config,
    paths,
    env,
    shellEnv,
    environment: environmentName(shellEnv, env),
    database: () => (database ??= resolveDatabaseTarget(dir, config.provider, env)),
  };
}

/** NODE_ENV of the shell, else of .env, else development. */
export function environmentName(shellEnv: NodeJS.ProcessEnv, env: NodeJS.ProcessEnv): EnvironmentName {
  const shell = shellEnv.NODE_ENV?.trim();
  if (shell) return { name: shell.toLowerCase(), source: "shell" };
  const fromFile = env.NODE_ENV?.trim();
  if (fromFile) return { name: fromFile.toLowerCase(), source: ".env" };
  return { name: "development", source: "default" };
}

function requireProjectFolder(dir: string): void {
  const manifest = path.join(dir, "package.json");
  let hasKey = false;
  if (existsSync(manifest) && statSync(manifest).isFile()) {
    try {
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as unknown;
      hasKey = typeof pkg === "object" && pkg !== null && "backant" in pkg;
    } catch {
      // readProjectConfig reports the JSON error with its position
      hasKey = true;
    }
  }
  if (hasKey) return;
  throw new InputError(`${dir} is not a backant project: ${existsSync(manifest) ? "its package.json has no \"backant\" key" : "it has no package.json"}. Nothing was changed.`, {
    code: "NOT_A_PROJECT",
    hint: "Run the command in a project made by create-backant (or point --cwd at one); `npx create-backant my-api` makes a new one.",
    details: { dir },
  });
}
