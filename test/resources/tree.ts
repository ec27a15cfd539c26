import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { runCli } from "../cli/project.js";

/**
 * Every file, folder and symlink under `dir` with the sha256 of its bytes. Symlinks are recorded,
 * never followed: a generated project's node_modules links to an installed base whose
 * node_modules/backant links back to this repository.
 */
export function snapshotProject(dir: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative)).sort()) {
      const child = relative ? `${relative}/${entry}` : entry;
      const full = path.join(dir, child);
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) snapshot[child] = `link -> ${readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        snapshot[child] = "dir";
        walk(child);
      } else snapshot[child] = createHash("sha256").update(readFileSync(full)).digest("hex");
    }
  };
  walk("");
  return snapshot;
}

/** As test/cli's expectRefused, for a generated project: exit 2, the message, no stack, every byte unchanged. */
export async function expectRefusedInProject(args: string[], dir: string, message: RegExp): Promise<void> {
  const before = snapshotProject(dir);
  const run = await runCli(args, dir);
  expect(run.exitCode, run.stderr).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(snapshotProject(dir)).toEqual(before);

  const report = await runCli([...args, "--report"], dir);
  expect(report.exitCode).toBe(2);
  expect(JSON.parse(report.stdout)).toMatchObject({ ok: false, error: { exitCode: 2 } });
  expect(snapshotProject(dir)).toEqual(before);
}
