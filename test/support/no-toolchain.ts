import { mkdtempSync, realpathSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execaSync } from "execa";

/**
 * A PATH holding only node, npm, npx, git and sh: no compiler, make or python, as on a machine with
 * nothing but Node. An install that needs to compile a native addon fails under it (node-gyp finds
 * no python or make) instead of compiling quietly; the generated project must install without.
 */
export function pathWithoutToolchain(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bk-no-toolchain-"));
  for (const tool of ["node", "npm", "npx", "git", "sh"]) {
    const found = execaSync("sh", ["-c", `command -v ${tool}`]).stdout.trim();
    symlinkSync(tool === "node" ? process.execPath : realpathSync(found), path.join(dir, tool));
  }
  return dir;
}
