import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../..");
export const prismaCli = path.join(repoRoot, "node_modules/prisma/build/index.js");
/** The built offline engine (tests run after `npm run build`, as `npm test` does). */
export const enginePath = path.join(repoRoot, "bin/backant-schema-engine.js");
