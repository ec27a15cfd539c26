import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { BackantError, InputError } from "../errors.js";
import { childGuard } from "../process/child-guard.js";
import type { ProjectContext } from "../project/context.js";
import { isEnabledFlag } from "../project/env.js";
import { guardEnvironment } from "../project/production-guard.js";
import { resolveProject } from "../project/context.js";
import { withProjectLock } from "../project/lock.js";
import { resetProject } from "./reset.js";
import { skippedSync, syncProject } from "./sync.js";

export interface DevOptions {
  log: (line: string) => void;
  /** --allow-production: CLEAR_DB may reset a production database. */
  allowProduction: boolean;
  /** The server entry, relative to the project; default src/server.ts. */
  entry?: string;
  /** Stops the loop (the CLI wires SIGINT/SIGTERM to it). */
  signal: AbortSignal;
  /** Milliseconds of quiet before a burst of file events is acted on. */
  debounceMs?: number;
}

export interface DevSummary {
  /** Server starts, the first one included. */
  starts: number;
  /** Syncs after a model change (the start-up sync not counted). */
  resyncs: number;
  /** Syncs that were refused or failed; the server kept running the previous code. */
  refusedSyncs: number;
  clearedAtStart: boolean;
}

const STOP_GRACE_MS = 5_000;
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * `backant dev`: sync (or, with CLEAR_DB=true, reset), then run the project's server with its tsx
 * (`node --import tsx src/server.ts`) and restart it when a file under src/ changes. A change under
 * the models folder re-syncs first; when that sync is refused (data loss) or fails, the running
 * server is left alone and the reason is printed. Resolves once `signal` aborts and the server
 * has stopped.
 */
export async function runDev(context: ProjectContext, options: DevOptions): Promise<DevSummary> {
  const projectDir = context.dir;
  const log = options.log;
  const entry = path.resolve(projectDir, options.entry ?? path.join("src", "server.ts"));
  if (!existsSync(entry)) {
    throw new InputError(`No server to run: ${entry} does not exist.`, { code: "NO_SERVER_ENTRY", hint: "Run backant dev in a generated project (or point --cwd at it), or pass --entry with the server file." });
  }
  const summary: DevSummary = { starts: 0, resyncs: 0, refusedSyncs: 0, clearedAtStart: false };

  if (isEnabledFlag(context.env.CLEAR_DB)) {
    const request = { action: "CLEAR_DB=true (drops every table and all data at start-up)", allowProduction: options.allowProduction };
    guardEnvironment(context.environment, request);
    log("CLEAR_DB=true: dropping everything and rebuilding the database...");
    await withProjectLock(projectDir, { command: "dev (CLEAR_DB)" }, () => resetProject(context, { log, allowProduction: options.allowProduction, output: "inherit" }));
    summary.clearedAtStart = true;
  } else {
    await syncOrReport(context, log, summary, false);
  }
  if (options.signal.aborted) return summary;

  const server = new ServerProcess(projectDir, entry, context.shellEnv, log);
  server.start();
  summary.starts++;

  const { watch } = await import("chokidar");
  const modelsDir = context.paths.models;
  const ignoredDirs = [path.join(projectDir, "src", "generated"), path.join(projectDir, "node_modules")];
  const watcher = watch([path.join(projectDir, "src"), path.join(projectDir, ".env")], {
    ignoreInitial: true,
    ignored: (file) => ignoredDirs.some((dir) => file === dir || file.startsWith(dir + path.sep)),
  });

  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let cycle: Promise<void> = Promise.resolve();
  const onChange = (file: string) => {
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = pending;
      pending = new Set();
      // One cycle at a time: changes made during a sync or restart wait for the next one.
      cycle = cycle.then(() => (options.signal.aborted ? undefined : handleChanges(batch)));
    }, options.debounceMs ?? 150);
  };
  watcher.on("all", (event, file) => {
    if (context.env.DEBUG) log(`watch: ${event} ${path.relative(projectDir, file)}`);
    onChange(file);
  });
  // Out of inotify watches, a folder removed under us...: say so, instead of silently missing changes.
  watcher.on("error", (error) => log(`File watching failed: ${error instanceof Error ? error.message : String(error)}`));

  const handleChanges = async (files: Set<string>) => {
    const shown = [...files].map((file) => path.relative(projectDir, file)).join(", ");
    // .env may point DATABASE_URL elsewhere: sync too (the fast path makes that cheap when it did not).
    const envFile = path.join(projectDir, ".env");
    const modelsChanged = [...files].some((file) => file === modelsDir || file.startsWith(modelsDir + path.sep) || file === envFile);
    if (modelsChanged) {
      log(`Changed: ${shown}; syncing before the restart...`);
      summary.resyncs++;
      const synced = await syncOrReport(context, log, summary, true);
      if (!synced) return;
    } else {
      log(`Changed: ${shown}; restarting the server...`);
    }
    await server.stop();
    if (options.signal.aborted) return;
    server.start();
    summary.starts++;
  };

  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    else options.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  clearTimeout(timer);
  await watcher.close();
  await cycle.catch(() => undefined);
  await server.stop();
  return summary;
}

/** Syncs; a refusal or failure is printed (and counted) instead of thrown. Returns true when synced. */
async function syncOrReport(initial: ProjectContext, log: (line: string) => void, summary: DevSummary, serverRunning: boolean): Promise<boolean> {
  try {
    // .env may have changed (DATABASE_URL): the context is resolved again for every sync.
    const context = resolveProject(initial.dir, initial.shellEnv);
    const result = (await skippedSync(context)) ?? (await withProjectLock(context.dir, { command: "dev (sync)" }, () => syncProject(context, { log })));
    log(
      result.skipped
        ? `Database and client up to date (${result.durationMs} ms).`
        : `Synced the database (${[result.executedSteps > 0 ? "changed" : "", result.generated ? "client generated" : ""].filter(Boolean).join(", ") || "already matched"}, ${(result.durationMs / 1000).toFixed(1)} s)${result.recorded.length > 0 ? `; recorded ${result.recorded.join(", ")} as applied (the database has what ${result.recorded.length === 1 ? "it does" : "they do"})` : ""}.`,
    );
    return true;
  } catch (error) {
    summary.refusedSyncs++;
    const message = error instanceof Error ? error.message : String(error);
    const hint = error instanceof BackantError && error.hint ? `\n${error.hint}` : "";
    log(`Sync ${error instanceof InputError ? "refused" : "failed"}: ${message}${hint}`);
    log(serverRunning ? "The server keeps running the previous version; fix the models (or choose a way forward above) and save again." : "Starting the server on the database as it is; fix the models and save to sync again.");
    return false;
  }
}

/**
 * The project's server as a child process in its own process group, so a terminal's Ctrl-C reaches
 * it once, through us. Being in its own group, it would outlive a backant killed outright (SIGKILL,
 * a crash): the watchdog of process/child-guard.ts stops the group then, whatever killed us.
 */
class ServerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly projectDir: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    // --import tsx resolves from the working directory: the project's own tsx.
    const child = spawn(process.execPath, ["--import", "tsx", this.entry], { cwd: this.projectDir, env: this.env, stdio: "inherit", detached: true });
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        if (this.child === child) {
          this.child = undefined;
          this.log(`Server exited (${signal ?? `code ${code}`}); waiting for changes...`);
        }
        resolve();
      });
      child.once("error", (error) => {
        this.log(`Could not start the server: ${error.message}`);
        resolve();
      });
    });
    liveChildren.add(child);
    const pid = child.pid;
    if (pid !== undefined) childGuard().watchGroup(pid);
    child.once("exit", () => {
      liveChildren.delete(child);
      if (pid !== undefined) childGuard().releaseGroup(pid);
    });
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      // backant itself dies (an uncaught error, process.exit): its detached servers must not linger.
      process.once("exit", () => {
        for (const live of liveChildren) live.kill("SIGKILL");
      });
    }
  }

  /** SIGTERM (the server's graceful shutdown), SIGKILL after a grace period. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    this.child = undefined;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(killer);
  }
}
