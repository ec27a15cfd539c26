import { randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * Temporary files and folders (staging folders, temp files renamed over their targets) carry the
 * pid of the process that made them, so that:
 * - the process removes them on any exit it lives through (an error, Ctrl-C through the entry
 *   point's process.exit), with removeOnExit;
 * - after one it does not live through (SIGKILL, a power cut), the next run in the same folder
 *   removes those whose process is gone (sweepStale), and never one a live process still uses.
 */

/** `<prefix><pid>-<8 hex>`: the name of a temporary path owned by this process. */
export function tempName(prefix: string, suffix = ""): string {
  return `${prefix}${process.pid}-${randomBytes(4).toString("hex")}${suffix}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the entries of `dir` named `<prefix><pid>-<hex><suffix>` whose process is gone. Returns
 * what it removed. A folder that cannot be read is left alone (the command reports its own errors).
 */
export function sweepStale(dir: string, prefix: string, suffix = ""): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith(suffix)) continue;
    const match = /^(\d+)-[0-9a-f]{8}$/.exec(entry.slice(prefix.length, entry.length - suffix.length));
    if (!match || Number(match[1]) === process.pid || pidAlive(Number(match[1]))) continue;
    try {
      rmSync(path.join(dir, entry), { recursive: true, force: true });
      removed.push(entry);
    } catch {
      // another run is sweeping it, or it is not ours to remove: left for later
    }
  }
  return removed;
}

const pending = new Set<string>();
let hooked = false;

/**
 * Removes the path when the process exits before `dispose()` is called (process.exit after Ctrl-C,
 * an uncaught error). Returns `dispose`, to call once the path is gone or kept on purpose.
 */
export function removeOnExit(target: string): () => void {
  pending.add(target);
  if (!hooked) {
    hooked = true;
    process.on("exit", () => {
      for (const entry of pending) rmSync(entry, { recursive: true, force: true });
    });
  }
  return () => pending.delete(target);
}
