import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CommandFailure } from "../../src/errors.js";
import { applyPlan } from "../../src/scaffold/plan.js";
import { useScratchDirs, writeFiles } from "../support/scratch.js";
import { runCli, snapshotTree, sqlitePackageJson, usersModel } from "./project.js";

/**
 * A full disk and a read-only file system, for real: a small tmpfs mounted for the test (root
 * only; elsewhere the tests say they skip). No fs mocks: the kernel answers ENOSPC and EROFS.
 */
const scratch = useScratchDirs("disk");
const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) execFileSync("umount", [dir]);
});

/** A tmpfs of `kib` KiB at a fresh folder, or undefined when this user may not mount. */
function smallDisk(kib: number, options = ""): string | undefined {
  const dir = path.join(scratch(), "disk");
  mkdirSync(dir);
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${kib}k${options ? `,${options}` : ""}`, "tmpfs", dir], { stdio: "ignore" });
  } catch {
    return undefined;
  }
  mounted.push(dir);
  return dir;
}

/** Fills the file system that holds `dir` to the last block. */
function fill(dir: string): void {
  try {
    writeFileSync(path.join(dir, "filler"), Buffer.alloc(1024 * 1024));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  }
}

describe("writes on a full or read-only disk", () => {
  it("applyPlan on a full disk: WRITE_FAILED, and no temp file left (it used to leave a 0-byte .tmp)", (ctx) => {
    const disk = smallDisk(64);
    if (!disk) return ctx.skip("mounting a tmpfs needs root");
    writeFileSync(path.join(disk, "keep.txt"), "keep");
    fill(disk);
    const before = readdirSync(disk).sort();
    let error: unknown;
    try {
      applyPlan([{ path: path.join(disk, "big.txt"), content: "x".repeat(256 * 1024), reason: "r" }]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CommandFailure);
    expect((error as CommandFailure).message).toMatch(/ENOSPC.*nothing was changed/);
    expect(readdirSync(disk).sort()).toEqual(before);
  });

  it("backant add-model on a full disk and backant schema on a read-only one: exit 1, one line naming the problem, no stack", async (ctx) => {
    const disk = smallDisk(512);
    if (!disk) return ctx.skip("mounting a tmpfs needs root");
    writeFiles(disk, { "package.json": sqlitePackageJson, "src/models/Users.model.ts": usersModel });
    fill(disk);
    const before = snapshotTree(disk);
    const full = await runCli(["add-model", "Orders", "--fields", "title:string"], disk);
    expect(full.exitCode, full.stderr).toBe(1);
    expect(full.stderr).toMatch(/^error .*(ENOSPC|no space left)/im);
    expect(full.stderr).not.toMatch(/^\s+at /m);
    expect(snapshotTree(disk)).toEqual(before);

    execFileSync("rm", [path.join(disk, "filler")]);
    execFileSync("mount", ["-o", "remount,ro", disk]);
    const readOnly = await runCli(["schema"], disk);
    expect(readOnly.exitCode, readOnly.stderr).toBe(1);
    expect(readOnly.stderr).toMatch(/^error .*(EROFS|read-only file system)/im);
    expect(readOnly.stderr).not.toMatch(/^\s+at /m);
    expect(readOnly.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
  });
});
