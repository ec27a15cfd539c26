import fs, { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CommandFailure } from "../errors.js";
import { onExit } from "../process-exit.js";

/**
 * One backant command at a time changes a project: two `add-model`s at once each read
 * prisma/schema.prisma and src/routes/index.ts, and the second write lost the first one's model.
 * Every command that writes project files takes this lock (proper-lockfile: a lock folder beside
 * the project's files, refreshed while held, taken over when its owner died) and waits for it;
 * after `waitMs` it gives up with the name of the command holding it. The lock is released when the
 * command ends, also when it is interrupted.
 */
export const LOCK_NAME = ".backant-lock";

export interface LockOptions {
  /** What the command is, for the message another command shows while waiting ("add-model Orders"). */
  command: string;
  /** How long to wait for another command to finish; default 60 s. */
  waitMs?: number;
}

interface Owner {
  pid: number;
  command: string;
  startedAt: string;
}

export async function withProjectLock<T>(projectDir: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const lockfile = (await import("proper-lockfile")).default;
  const lockPath = path.join(projectDir, LOCK_NAME);
  const waitMs = options.waitMs ?? 60_000;
  let release: (() => Promise<void>) | undefined;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      release = await lockfile.lock(projectDir, {
        lockfilePath: lockPath,
        // Refreshed every stale/2; a lock not refreshed for this long belongs to a dead process.
        stale: 20_000,
        // Waiting is done below, for a held lock only: a full or read-only disk fails at once.
        retries: 0,
        realpath: false,
        // A long synchronous step (a big migration on SQLite) can delay a refresh; losing the lock
        // then must not crash the command that holds it.
        onCompromised: () => undefined,
        // The lock folder holds owner.json (who holds it); proper-lockfile removes folders with
        // rmdir, which refuses a non-empty one, so removal takes the file with it.
        fs: {
          ...fs,
          rmdir: (target: string, callback: (error: NodeJS.ErrnoException | null) => void) => fs.rm(target, { recursive: true, force: true }, callback),
          rmdirSync: (target: string) => fs.rmSync(target, { recursive: true, force: true }),
        },
      });
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== "ELOCKED") throw error;
      if (Date.now() >= deadline) {
        const owner = readOwner(lockPath);
        throw new CommandFailure(
          `Another backant command${owner ? ` (${owner.command}, pid ${owner.pid}, started ${owner.startedAt})` : ""} is changing this project, and it did not finish within ${Math.round(waitMs / 1000)} s. Nothing was changed.`,
          {
            code: "PROJECT_LOCKED",
            hint: `Wait for it to finish and run the command again. If no backant command is running, remove the ${LOCK_NAME} folder in ${projectDir}.`,
            details: { owner },
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const owner: Owner = { pid: process.pid, command: options.command, startedAt: new Date().toISOString() };
  try {
    writeFileSync(path.join(lockPath, "owner.json"), JSON.stringify(owner));
  } catch {
    // only the message of a waiting command is poorer without it
  }
  const held = release;
  const unregister = onExit(() => held().catch(() => undefined));
  try {
    return await work();
  } finally {
    unregister();
    await held().catch(() => undefined);
  }
}

function readOwner(lockPath: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(path.join(lockPath, "owner.json"), "utf8")) as Owner;
  } catch {
    return undefined;
  }
}
