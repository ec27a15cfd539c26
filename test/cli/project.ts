import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";

/** Test helpers: temporary projects under .tmp/ (so `node_modules` resolves to the repository's) and the built CLI. */

export const repoRoot = path.resolve(import.meta.dirname, "../..");
export const cliBin = path.join(repoRoot, "bin/backant.js");

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/backant.js ...args` in `cwd`, as a user would (no colour, no TTY). */
export async function runCli(args: string[], cwd: string): Promise<CliRun> {
  if (!existsSync(path.join(repoRoot, "dist/cli/main.js"))) throw new Error("dist/ is missing: run `npm run build` before these tests.");
  const result = await execa("node", [cliBin, ...args], {
    cwd,
    reject: false,
    env: { NO_COLOR: "1", FORCE_COLOR: "0", DEBUG: "" },
    stdin: "ignore",
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Creates a project folder with the given files (paths relative to it). */
export function makeProject(files: Record<string, string>): string {
  const tmp = path.join(repoRoot, ".tmp");
  mkdirSync(tmp, { recursive: true });
  const dir = mkdtempSync(path.join(tmp, "cli-"));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file and folder under `dir` with the sha256 of its bytes (folders map to "dir"). */
export function snapshotTree(dir: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const full = path.join(dir, entry);
    snapshot[entry] = statSync(full).isDirectory() ? "dir" : createHash("sha256").update(readFileSync(full)).digest("hex");
  }
  return snapshot;
}

export const sqlitePackageJson = JSON.stringify({ name: "fixture", private: true, type: "module", backant: { provider: "sqlite" } }, null, 2) + "\n";

export const usersModel = `import { model, t } from "backant/model";

export default model("Users", {
  id: t.id(),
  email: t.string(120).unique(),
  name: t.string().optional(),
  createdAt: t.createdAt(),
  updatedAt: t.updatedAt(),
});
`;

export const postsModel = `import { model, t } from "backant/model";

export default model("Posts", {
  id: t.id(),
  title: t.string(200),
  body: t.text().optional(),
  author: t.belongsTo("Users", { onDelete: "cascade" }),
  createdAt: t.createdAt(),
  updatedAt: t.updatedAt(),
});
`;
