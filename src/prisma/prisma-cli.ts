import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export interface PrismaCli {
  /** Absolute path of prisma/build/index.js. */
  path: string;
  version: string;
  /** project: the project's own pinned prisma; backant: the copy backant depends on (fallback). */
  source: "project" | "backant";
  /** Set when the fallback was used, for the run result and --report. */
  note?: string;
}

/**
 * The prisma CLI a project pins (resolved from the project folder, as `npx prisma` would), else
 * the one backant itself depends on, so that a project without prisma installed yet still works.
 */
export function resolvePrismaCli(projectDir: string): PrismaCli {
  const fromProject = tryResolve(createRequire(path.join(path.resolve(projectDir), "package.json")));
  if (fromProject) return { ...fromProject, source: "project" };
  const fromBackant = tryResolve(createRequire(import.meta.url));
  if (!fromBackant) throw new Error("backant's own prisma dependency is missing; reinstall backant");
  return {
    ...fromBackant,
    source: "backant",
    note: `prisma is not installed in ${projectDir}; used backant's prisma ${fromBackant.version}`,
  };
}

function tryResolve(require: NodeJS.Require): { path: string; version: string } | undefined {
  try {
    const packageJson = require.resolve("prisma/package.json");
    const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string };
    return { path: path.join(path.dirname(packageJson), "build", "index.js"), version };
  } catch {
    return undefined;
  }
}
