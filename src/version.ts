import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let ownVersion: string | undefined;

/** backant's own version (package.json): part of every hash of something backant derives, since its output may change with it. */
export function backantVersion(): string {
  if (ownVersion !== undefined) return ownVersion;
  // dist/version.js and src/version.ts both sit one level below the package root
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "package.json");
  ownVersion = (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  return ownVersion;
}
