import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { repoRoot } from "../support/paths.js";
import { runNode } from "../support/processes.js";

/** Test helpers: the built CLI, snapshots of project trees, and model files for fixtures. */

export const cliBin = path.join(repoRoot, "bin/backant.js");

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/backant.js ...args` in `cwd`, as a user would (no colour, no TTY). */
export async function runCli(args: string[], cwd: string): Promise<CliRun> {
  if (!existsSync(path.join(repoRoot, "dist/cli/main.js"))) throw new Error("dist/ is missing: run `npm run build` before these tests.");
  const result = await runNode(cliBin, args, {
    cwd,
    env: { NO_COLOR: "1", FORCE_COLOR: "0", DEBUG: "" },
    stdin: "ignore",
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
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

/**
 * Runs a command that must be refused as bad input, plainly and with --report: exit 2, the
 * message, no stack trace, and nothing on disk changed by either run.
 */
export async function expectRefused(args: string[], dir: string, message: RegExp): Promise<void> {
  const before = snapshotTree(dir);
  const run = await runCli(args, dir);
  expect(run.exitCode, run.stderr).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(snapshotTree(dir)).toEqual(before);

  const report = await runCli([...args, "--report"], dir);
  expect(report.exitCode).toBe(2);
  expect(JSON.parse(report.stdout)).toMatchObject({ ok: false, error: { exitCode: 2 } });
  expect(snapshotTree(dir)).toEqual(before);
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
