import { acquireLockFolder } from "../lock-folder.js";
import { EngineError } from "./errors.js";

/**
 * Serialises the engine's writes to the migration history of one SQLite file across processes.
 *
 * Prisma's engine serialises concurrent `migrate deploy` on PostgreSQL with an advisory lock; SQLite
 * has none, and the native engine relies on its one connection holding the write lock through the
 * apply. Behind @prisma/adapter-libsql each transaction runs on a connection of its own, so a second
 * engine could read the history between another's transactions and apply a migration that was
 * already being applied, which then failed and was recorded as failed (P3009; about one run in
 * three with four `prisma migrate deploy` at once). Every engine process of backant takes this lock
 * first (a lock folder beside the database, src/lock-folder.ts), so the others wait, then read a
 * history with nothing pending.
 */
const WAIT_MS = 60_000;

export async function withSqliteApplyLock<T>(filePath: string, work: () => Promise<T>): Promise<T> {
  const lockfilePath = `${filePath}.migrate-lock`;
  const release = await acquireLockFolder(filePath, { lockfilePath, waitMs: WAIT_MS, pollMs: 100 });
  if (!release) {
    throw new EngineError(`SQLite database ${filePath} is locked: another migration run held ${lockfilePath} for ${WAIT_MS / 1000} s. If none is running, remove that folder.`);
  }
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}
