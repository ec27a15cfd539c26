import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { repoRoot } from "../support/paths.js";
import { runNode } from "../support/processes.js";
import { snapshotTree } from "../cli/project.js";

/** Test helpers for create-backant: the built bin, run as a user would (no colour, no TTY). */

export const createBin = path.join(repoRoot, "bin/create-backant.js");

export interface CreateRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runCreate(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CreateRun> {
  if (!existsSync(path.join(repoRoot, "dist/cli/main.js"))) throw new Error("dist/ is missing: run `npm run build` before these tests.");
  const result = await runNode(createBin, args, { cwd, env: { NO_COLOR: "1", FORCE_COLOR: "0", DEBUG: "", ...env }, stdin: "ignore" });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Staging folders a create may leave beside its target (it must never leave one). */
export function stagingLeftovers(parent: string): string[] {
  return readdirSync(parent).filter((entry) => entry.includes(".backant-staging-"));
}

/**
 * Runs a create that must be refused as bad input, plainly and with --report: exit 2, the message,
 * no stack trace, and the parent folder byte-for-byte as before.
 */
export async function expectCreateRefused(args: string[], parent: string, message: RegExp): Promise<CreateRun> {
  const before = snapshotTree(parent);
  const run = await runCreate(args, parent);
  expect(run.exitCode, run.stderr).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(snapshotTree(parent)).toEqual(before);

  const report = await runCreate([...args, "--report"], parent);
  expect(report.exitCode).toBe(2);
  expect(JSON.parse(report.stdout)).toMatchObject({ ok: false, error: { exitCode: 2 } });
  expect(snapshotTree(parent)).toEqual(before);
  return run;
}
