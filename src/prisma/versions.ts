import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/**
 * Version of an installed package. Reads package.json next to the package's resolved entry point
 * because some Prisma packages (schema-engine-wasm) do not export "./package.json".
 */
export function installedVersion(packageName: string): string {
  try {
    return (require(`${packageName}/package.json`) as { version: string }).version;
  } catch {
    // not exported: find it from the entry point below
  }
  let dir = path.dirname(require.resolve(packageName));
  for (;;) {
    const candidate = path.join(dir, "package.json");
    try {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (pkg.name === packageName && pkg.version) return pkg.version;
    } catch {
      // not this folder; keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find package.json of ${packageName}`);
    dir = parent;
  }
}

/** The engine commit hash Prisma's CLI expects, taken from the wasm engine's version suffix. */
export function schemaEngineCommit(): string {
  const version = installedVersion("@prisma/schema-engine-wasm");
  return version.split(".").pop() ?? version;
}
