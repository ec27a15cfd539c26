import { spawn, type ChildProcess } from "node:child_process";

/**
 * Children that must not outlive backant, however backant ends. backant runs some children in
 * their own process group (npm install during create, the dev server), so that one signal stops
 * the child and everything it started; but then nothing stops them when backant itself is killed
 * with SIGKILL, or crashes: an install went on into a removed folder, and a dev server kept its
 * port for 45 minutes. Node has no prctl(PR_SET_PDEATHSIG), so a watchdog does it: a tiny node
 * process, detached, reading a pipe from backant. The kernel closes the pipe when backant ends,
 * whatever ends it; the watchdog then sends SIGTERM to every process group it was told about,
 * SIGKILL to those still there after a grace period, removes the paths it was told about (a
 * staging folder), and exits. backant tells it, one line each: `+group PGID`, `-group PGID`,
 * `+path ABSOLUTE`, `-path ABSOLUTE`.
 */

/** Seconds between SIGTERM and SIGKILL once backant is gone (a dev server's graceful shutdown). */
const GRACE_MS = 5_000;

// Plain JavaScript run with `node -e`, so it works from dist/ and from src/ (tests) alike.
const WATCHDOG_SOURCE = `
process.title = "backant-watchdog";
const { existsSync, rmSync } = require("node:fs");
const groups = new Set();
const paths = new Set();
// A terminal's Ctrl-C or hang-up is for backant; the watchdog waits for the pipe.
process.on("SIGINT", () => {});
process.on("SIGHUP", () => {});
let buffered = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffered += chunk;
  let newline;
  while ((newline = buffered.indexOf("\\n")) >= 0) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    const space = line.indexOf(" ");
    const command = line.slice(0, space);
    const value = line.slice(space + 1);
    if (command === "+group") groups.add(Number(value));
    else if (command === "-group") groups.delete(Number(value));
    else if (command === "+path") paths.add(value);
    else if (command === "-path") paths.delete(value);
  }
});
const alive = (group) => {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
};
const signal = (group, name) => {
  try {
    process.kill(-group, name);
  } catch {}
};
// A process that just died may leave files being closed or written for a moment (an rm then
// meets ENOTEMPTY, or a late write makes the folder again): the paths are removed until they have
// stayed away for a second, for at most 20 seconds.
const finish = (attempt = 0, absentSince = 0) => {
  for (const path of paths) {
    try {
      rmSync(path, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
    } catch {}
  }
  const absent = ![...paths].some((path) => existsSync(path));
  if (absent && absentSince >= 4) process.exit(0);
  if (attempt >= 80) process.exit(0);
  setTimeout(() => finish(attempt + 1, absent ? absentSince + 1 : 0), 250);
};
process.stdin.on("close", () => {
  for (const group of groups) signal(group, "SIGTERM");
  const started = Date.now();
  const poll = setInterval(() => {
    const left = [...groups].filter(alive);
    if (left.length > 0 && Date.now() - started < ${GRACE_MS}) return;
    for (const group of left) signal(group, "SIGKILL");
    clearInterval(poll);
    // The killed processes may still be closing files in the paths for a moment.
    setTimeout(() => finish(), left.length > 0 ? 200 : 0);
  }, 50);
});
`;

class ChildGuard {
  private watchdog: ChildProcess | undefined;

  private send(line: string): void {
    if (this.watchdog === undefined) {
      // cwd "/": the watchdog must not hold the project's folder (a test, an unmount, Windows' locks).
      const watchdog = spawn(process.execPath, ["-e", WATCHDOG_SOURCE], { cwd: "/", detached: true, stdio: ["pipe", "ignore", "ignore"] });
      // Neither the watchdog nor its pipe may keep backant's event loop alive.
      watchdog.unref();
      (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      // A watchdog that failed to start (or died) must not crash backant: the children run unguarded.
      watchdog.on("error", () => undefined);
      watchdog.stdin?.on("error", () => undefined);
      this.watchdog = watchdog;
    }
    this.watchdog.stdin?.write(line + "\n");
  }

  /** Stop this process group (a child spawned with detached: true; its pid) when backant ends. */
  watchGroup(pgid: number): void {
    this.send(`+group ${pgid}`);
  }

  releaseGroup(pgid: number): void {
    if (this.watchdog !== undefined) this.send(`-group ${pgid}`);
  }

  /** Remove this path (recursively) when backant ends without removing it itself. */
  watchPath(absolutePath: string): void {
    this.send(`+path ${absolutePath}`);
  }

  releasePath(absolutePath: string): void {
    if (this.watchdog !== undefined) this.send(`-path ${absolutePath}`);
  }
}

let guard: ChildGuard | undefined;

/** The process's one watchdog (started on first use). */
export function childGuard(): ChildGuard {
  return (guard ??= new ChildGuard());
}
