import { builtinModules } from "node:module";
import slugify from "@sindresorhus/slugify";
import { InputError } from "../errors.js";
import { shortened } from "./name-rules.js";

/**
 * The name given to `create-backant NAME` becomes both the folder and the package.json "name", so
 * it must satisfy npm's rules for new packages and be a plain folder name on every OS.
 */

/**
 * Names npm refuses to install a dependency under ("Refusing to install package with name X under
 * a package also called X"): a project named like one of its own dependencies cannot install.
 */
const PROJECT_DEPENDENCY_NAMES = [
  "backant",
  "fastify",
  "prisma",
  "zod",
  "typescript",
  "tsx",
  "vitest",
  "pg",
  "mariadb",
  "better-sqlite3",
  "libsql",
  "pino",
  "pino-pretty",
  "dotenv",
];

/** Device names Windows will not use as a folder name, whatever the extension. */
const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

const NPM_NAME = /^[a-z0-9][a-z0-9._~-]*$/;

const hint = 'Use lowercase letters, digits and "-", e.g. "shop-api"; the project goes to a new folder of that name.';

/** Returns the name when it can be a new project (folder and npm package); throws InputError saying why not. */
export function checkProjectName(raw: string): string {
  const name = raw;
  const refuse = (problem: string, extraHint?: string): never => {
    throw new InputError(`Invalid project name ${shortened(raw)}: ${problem}.`, { code: "BAD_PROJECT_NAME", hint: extraHint ?? hint });
  };
  if (name.trim() === "") refuse("the name is empty");
  // Refused, not trimmed: the folder and the package get exactly the name that was typed.
  if (name.trim() !== name) refuse("it starts or ends with white space", `${hint} Remove the spaces around the name.`);
  if (name === "." || name === "..") refuse(`"${name}" is a folder reference, not a name`);
  if (/[/\\]/.test(name)) {
    refuse(
      'a project name is not a path (no "/" or "\\")',
      `${hint} To create it elsewhere, run the command in the parent folder or pass --cwd PARENT.`,
    );
  }
  if (name.length > 214) refuse("npm package names are at most 214 characters");
  if (name.startsWith(".") || name.startsWith("_")) refuse(`npm package names cannot start with "${name[0]}"`);
  if (name !== name.toLowerCase()) refuse("npm package names are lowercase", `${hint} Try "${suggestion(name)}".`);
  if (!NPM_NAME.test(name)) {
    const suggested = suggestion(name);
    refuse("npm package names hold only lowercase letters, digits and - . _ ~", suggested ? `${hint} Try "${suggested}".` : hint);
  }
  if (name === "node_modules" || name === "favicon.ico") refuse("npm reserves it");
  const bare = name.startsWith("node:") ? name.slice(5) : name;
  if (builtinModules.includes(bare)) refuse(`"${name}" is a Node.js core module`, `${hint} Try "${name}-api".`);
  if (PROJECT_DEPENDENCY_NAMES.includes(name)) {
    refuse(`the project depends on a package of that name, and npm cannot install a package into one of the same name`, `${hint} Try "${name}-api".`);
  }
  if (WINDOWS_DEVICE_NAMES.test(name)) refuse("Windows reserves it as a device name", `${hint} Try "${name}-api".`);
  return name;
}

function suggestion(name: string): string {
  return slugify(name);
}
