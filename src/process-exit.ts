/**
 * Cleanups that must run when a command is interrupted (Ctrl-C, SIGTERM, a closed terminal): scratch
 * databases dropped, database sessions closed (PostgreSQL then rolls back their open transaction),
 * temp files removed. Code that creates such a thing registers its removal and unregisters it once
 * done. The entry point calls runExitCleanups from its signal handlers, before it exits.
 */
type Cleanup = () => Promise<unknown> | unknown;

const cleanups = new Set<Cleanup>();

/** Registers `cleanup` for an interrupted exit; the returned function unregisters it. */
export function onExit(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

/** Runs every registered cleanup (newest first), giving them at most `timeoutMs` together. */
export async function runExitCleanups(timeoutMs = 4_000): Promise<void> {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  const all = (async () => {
    for (const cleanup of pending) {
      try {
        await cleanup();
      } catch {
        // best effort: the process is going away
      }
    }
  })();
  await Promise.race([all, timeout]);
  clearTimeout(timer);
}
