import fs from "node:fs";

export interface LockFolderOptions {
  /** The lock folder's path. */
  lockfilePath: string;
  /** How long to wait for another holder before giving up. */
  waitMs: number;
  /** How often to look again while another process holds it. */
  pollMs: number;
}

/**
 * Takes a lock folder (proper-lockfile: refreshed while held, taken over when not refreshed for
 * 20 s, its owner being dead), waiting while another process holds it. Resolves to the release
 * function, or to undefined when the folder was still held after `waitMs`: each caller says in its
 * own words who holds what. Errors other than "held" (a full or read-only disk) fail at once.
 */
export async function acquireLockFolder(target: string, options: LockFolderOptions): Promise<(() => Promise<void>) | undefined> {
  const lockfile = (await import("proper-lockfile")).default;
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    try {
      return await lockfile.lock(target, {
        lockfilePath: options.lockfilePath,
        stale: 20_000,
        // Waiting is done here, for a held lock only.
        retries: 0,
        realpath: false,
        // A long synchronous step (a big migration on SQLite) can delay a refresh; losing the lock
        // then must not crash the process that holds it.
        onCompromised: () => undefined,
        // A lock folder may hold a file of its holder's (the project lock's owner.json);
        // proper-lockfile removes folders with rmdir, which refuses a non-empty one.
        fs: {
          ...fs,
          rmdir: (folder: string, callback: (error: NodeJS.ErrnoException | null) => void) => fs.rm(folder, { recursive: true, force: true }, callback),
          rmdirSync: (folder: string) => fs.rmSync(folder, { recursive: true, force: true }),
        },
      });
    } catch (error) {
      if ((error as { code?: string }).code !== "ELOCKED") throw error;
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
  }
}
