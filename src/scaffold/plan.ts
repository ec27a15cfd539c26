import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CommandFailure } from "../errors.js";
import { sweepStale, tempName } from "../process/temp-paths.js";

/**
 * Plan-then-apply (STYLE.md): a command first builds the list of writes it means to make, checks
 * the whole result, and only then touches the disk. `--dry-run` prints the plan instead.
 */
export interface PlannedWrite {
  /** Absolute path of the file to write. */
  path: string;
  content: string;
  /** Why the file is written, shown by --dry-run and in --report. */
  reason: string;
}

export type WriteAction = "create" | "overwrite" | "unchanged";

export interface AppliedWrite {
  path: string;
  reason: string;
  action: WriteAction;
}

/** What applying a write would do to the file on disk now. */
export function writeAction(write: PlannedWrite): WriteAction {
  if (!existsSync(write.path)) return "create";
  return readFileSync(write.path).equals(Buffer.from(write.content, "utf8")) ? "unchanged" : "overwrite";
}

/**
 * Applies a plan atomically per file and all-or-nothing for the set as far as a filesystem allows:
 * every new content goes to a temporary file next to its target first; only when all of them are
 * written are they renamed over their targets. A failure before the renames removes the temporary
 * files and any folder this call created, leaving the tree as it was. Files whose bytes would not
 * change are left alone (no new mtime, no watcher churn).
 */
export function applyPlan(plan: PlannedWrite[]): AppliedWrite[] {
  const results = plan.map((write) => ({ write, action: writeAction(write) }));
  const pending = results.filter((entry) => entry.action !== "unchanged");
  // Temp files a killed run (SIGKILL, power cut) left beside these targets.
  for (const { write } of pending) sweepStale(path.dirname(write.path), `.${path.basename(write.path)}.`, ".tmp");
  const createdDirs: string[] = [];
  const staged: Array<{ temp: string; target: string }> = [];
  try {
    for (const { write } of pending) {
      const dir = path.dirname(write.path);
      const firstCreated = makeDirs(dir);
      if (firstCreated !== undefined) createdDirs.push(firstCreated);
      const temp = path.join(dir, tempName(`.${path.basename(write.path)}.`, ".tmp"));
      // Listed before the write: a write that fails half-way (ENOSPC) has already created the file.
      staged.push({ temp, target: write.path });
      writeFileSync(temp, write.content, { flag: "wx" });
    }
  } catch (error) {
    for (const { temp } of staged) removeQuietly(temp);
    // The folders were created by this call and hold nothing but our removed temp files.
    for (const dir of createdDirs.reverse()) rmSync(dir, { recursive: true, force: true });
    throw new CommandFailure(`Could not write ${describeError(error)}; nothing was changed.`, { code: "WRITE_FAILED", cause: error });
  }
  for (const { temp, target } of staged) renameSync(temp, target);
  return results.map(({ write, action }) => ({ path: write.path, reason: write.reason, action }));
}

/** The clean-up after a failed write must not replace that failure with its own (ENOTDIR under a file). */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // it was never created
  }
}

/**
 * mkdirSync(dir, { recursive: true }) one level at a time: Node's recursive mkdir reports ENOENT on
 * a read-only file system, which sent users looking for a missing folder instead of EROFS.
 * Returns the first folder it created, like mkdirSync.
 */
function makeDirs(dir: string): string | undefined {
  const missing: string[] = [];
  for (let at = dir; !existsSync(at); at = path.dirname(at)) missing.unshift(at);
  for (const folder of missing) mkdirSync(folder);
  return missing[0];
}

function describeError(error: unknown): string {
  if (error instanceof Error && "path" in error) return `${String((error as { path: unknown }).path)} (${error.message})`;
  return error instanceof Error ? error.message : String(error);
}
