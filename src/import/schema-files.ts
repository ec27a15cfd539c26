import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors.js";

/**
 * The files of a Prisma schema given by path: one schema file, or a schema folder (Prisma's
 * multi-file schemas, `prisma/schema/*.prisma`, subfolders included), as [name, text] pairs sorted
 * by path, names relative to where the command runs.
 */
export function readSchemaFiles(target: string, cwd: string): Array<[string, string]> {
  const shown = (file: string) => path.relative(cwd, file) || file;
  if (!existsSync(target)) throw new InputError(`No schema to import: ${target} does not exist.`, { code: "NO_SCHEMA", hint: "Name the schema file or folder (backant import path/to/schema.prisma), or use --from-database." });
  if (!statSync(target).isDirectory()) return [[shown(target), readFileSync(target, "utf8")]];
  const files = readdirSync(target, { recursive: true, encoding: "utf8" })
    .filter((entry) => entry.endsWith(".prisma"))
    .sort()
    .map((entry): [string, string] => [shown(path.join(target, entry)), readFileSync(path.join(target, entry), "utf8")]);
  if (files.length === 0) throw new InputError(`${shown(target)} holds no .prisma files.`, { code: "NO_SCHEMA", hint: "Point at a schema file, or at a folder of .prisma files." });
  return files;
}
