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

let ownHandlers = 0;

/**
 * A command that turns SIGINT/SIGTERM into its own orderly stop (create's staging, dev's server)
 * says so here; the entry point then leaves the signal to it instead of exiting. (Counting the
 * process's listeners is not a test: libraries add their own, e.g. proper-lockfile's signal-exit.)
 * Returns the function that hands the signals back.
 */
export function handleSignalsHere(): () => void {
  ownHandlers++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    ownHandlers--;
  };
}

export function signalsHandledElsewhere(): boolean {
  return ownHandlers > 0;
}
