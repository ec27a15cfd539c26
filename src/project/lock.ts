import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CommandFailure } from "../errors.js";
import { acquireLockFolder } from "../lock-folder.js";
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
  const lockPath = path.join(projectDir, LOCK_NAME);
  const waitMs = options.waitMs ?? 60_000;
  const held = await acquireLockFolder(projectDir, { lockfilePath: lockPath, waitMs, pollMs: 200 });
  if (!held) {
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
  const owner: Owner = { pid: process.pid, command: options.command, startedAt: new Date().toISOString() };
  try {
    writeFileSync(path.join(lockPath, "owner.json"), JSON.stringify(owner));
  } catch {
    // only the message of a waiting command is poorer without it
  }
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
