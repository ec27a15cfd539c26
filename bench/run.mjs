// Runs every benchmark of this folder, one after the other (they would skew each other side by
// side), passing the arguments on (--write replaces each one's section of bench/README.md).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
for (const script of ["schema.mjs", "engine.mjs", "scaffold.mjs", "workflow.mjs", "import.mjs", "throughput.mjs"]) {
  console.error(`\n== ${script}`);
  const result = spawnSync(process.execPath, [path.join(here, script), ...process.argv.slice(2)], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
