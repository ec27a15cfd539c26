import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";
import { useScratchDirs } from "../support/scratch.js";
import { snapshotTree, sqlitePackageJson, usersModel } from "./project.js";

/**
 * Ctrl-C in a command that does not handle signals itself: the entry point (runInShell) says so
 * once, exits 130 (SIGTERM 143), and the exit hooks remove the command's temporary folder. A model
 * file that never finishes loading holds add-model at the moment its staging copy exists.
 */
const scratch = useScratchDirs("interrupt");
const cliBin = path.join(repoRoot, "bin/backant.js");
const HANGING_MODEL = `import { model, t } from "backant/model";\nawait new Promise(() => setInterval(() => {}, 1000));\nexport default model("Slow", { id: t.id() });\n`;
const staging = (dir: string) => readdirSync(dir).filter((entry) => entry.startsWith(".backant-staging-"));

describe("interrupting a command", () => {
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    it(`${signal}: exit ${code}, said once, the staging copy removed, the project unchanged`, async () => {
      const dir = scratch({ "package.json": sqlitePackageJson, "src/models/Users.model.ts": usersModel, "src/models/Slow.model.ts": HANGING_MODEL });
      const before = snapshotTree(dir);
      const child = execa(process.execPath, [cliBin, "add-model", "Orders", "--fields", "title:string"], { cwd: dir, env: { NO_COLOR: "1" }, reject: false });
      await expect.poll(() => staging(dir).length, { timeout: 60_000 }).toBe(1);
      child.kill(signal);
      const result = await child;
      expect(result.exitCode, result.stderr).toBe(code);
      expect(result.stderr.match(/Interrupted/g), result.stderr).toHaveLength(1);
      expect(result.stderr).toContain(`Interrupted (${signal})`);
      expect(staging(dir)).toEqual([]);
      expect(snapshotTree(dir)).toEqual(before);
    });
  }

  it("SIGKILL leaves the staging copy, and the next run sweeps it", async () => {
    const dir = scratch({ "package.json": sqlitePackageJson, "src/models/Users.model.ts": usersModel, "src/models/Slow.model.ts": HANGING_MODEL });
    const child = execa(process.execPath, [cliBin, "add-model", "Orders", "--fields", "title:string"], { cwd: dir, env: { NO_COLOR: "1" }, reject: false });
    await expect.poll(() => staging(dir).length, { timeout: 60_000 }).toBe(1);
    child.kill("SIGKILL");
    await child;
    expect(staging(dir)).toHaveLength(1);
    writeFileSync(path.join(dir, "src/models/Slow.model.ts"), `import { model, t } from "backant/model";\nexport default model("Slow", { id: t.id() });\n`);
    const next = await execa(process.execPath, [cliBin, "add-model", "Orders", "--fields", "title:string"], { cwd: dir, env: { NO_COLOR: "1" }, reject: false });
    expect(next.exitCode, next.stderr).toBe(0);
    expect(staging(dir)).toEqual([]);
  });
});
