import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { handleSignalsHere } from "../process-exit.js";
import { execa, type ResultPromise } from "execa";
import { CommandFailure, InputError, Interrupted, type InterruptSignal } from "../errors.js";
import { childGuard } from "../process/child-guard.js";
import { removeOnExit, sweepStale, tempName } from "../process/temp-paths.js";

/**
 * Creates a project folder all-or-nothing: every file is written into a staging folder beside the
 * target, dependencies are installed there, and only then is the folder renamed into place. A
 * failure at any step, SIGINT or SIGTERM removes the staging folder, so the target never exists
 * half-made. Child processes run in their own process group so an interrupt can stop all of them
 * (npm and its install scripts) before the folder is removed.
 */

export interface StagedFile {
  /** Relative to the project, forward slashes. */
  path: string;
  content: string;
}

export interface StagedCopy {
  /** Relative to the project. */
  path: string;
  /** Absolute path of the file to copy. */
  from: string;
}

export interface StagedStep {
  /** Shown while the step runs, e.g. "Installing dependencies (npm install)". */
  title: string;
  command: string;
  args: string[];
  /** Reads the child's output lines and answers when what it is doing changed (npm-progress.ts). */
  status?: () => (line: string) => StepStatus | undefined;
  /** Lines asked for only for the status (npm's --loglevel=info): kept out of --verbose and of a failure's output. */
  hide?: RegExp;
}

export interface StepStatus {
  /** The stage, for one line of plain output when it changes: "resolving the dependency tree", "running esbuild@0.28.2 postinstall script (node install.js)". */
  stage: string;
  /** The stage and its latest detail, for a spinner line: "resolving the dependency tree: fastify". */
  text: string;
}

export interface Progress {
  start(title: string): void;
  /** What the running step is doing now, read from its output. */
  status(status: StepStatus): void;
  succeed(title: string, ms: number): void;
  fail(title: string): void;
  /** A line of a child's output (only with --verbose). */
  output(line: string): void;
}

export interface StagedCreate {
  /** Absolute path of the project folder to create. */
  target: string;
  files: StagedFile[];
  copies: StagedCopy[];
  /** Run in order inside the staging folder (npm install, prisma generate). */
  steps: StagedStep[];
  /** --force: the target may exist with other files in it (never overwritten). */
  allowExisting: boolean;
  env: NodeJS.ProcessEnv;
  verbose: boolean;
  progress: Progress;
  /** Last, in the staging folder, once the steps succeeded (git init): its files move with it. */
  finish?: (stagingDir: string) => Promise<void>;
}

export interface StagedResult {
  steps: Array<{ title: string; ms: number }>;
}

/** Files and folders of the target that the plan would overwrite (relative paths). */
export function clashesIn(target: string, relativePaths: readonly string[]): string[] {
  if (!existsSync(target)) return [];
  return relativePaths.filter((file) => existsSync(path.join(target, file)));
}

/** Whether the folder is missing or has nothing in it. */
export function isMissingOrEmpty(folder: string): boolean {
  return !existsSync(folder) || (statSync(folder).isDirectory() && readdirSync(folder).length === 0);
}

export async function createStaged(request: StagedCreate): Promise<StagedResult> {
  const parent = path.dirname(request.target);
  mkdirSync(parent, { recursive: true });
  // Staging folders of runs that were killed (SIGKILL, a power cut) before they could clean up.
  sweepStale(parent, stagingPrefix(request.target));
  const staging = path.join(parent, tempName(stagingPrefix(request.target)));
  const interrupt = new InterruptWatch();
  // Last resort if the process ends some other way (an uncaught error in a library callback).
  const keep = removeOnExit(staging);
  // And if it is killed outright, the watchdog removes the folder (after stopping npm).
  const guard = request.steps.length > 0 ? childGuard() : undefined;
  guard?.watchPath(staging);
  try {
    mkdirSync(staging);
    for (const file of request.files) {
      const full = path.join(staging, file.path);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, file.content);
    }
    for (const copy of request.copies) {
      const full = path.join(staging, copy.path);
      mkdirSync(path.dirname(full), { recursive: true });
      copyFileSync(copy.from, full);
    }
    interrupt.check();

    const steps: StagedResult["steps"] = [];
    for (const step of request.steps) {
      const started = performance.now();
      request.progress.start(step.title);
      try {
        await runStep(step, staging, request, interrupt);
      } catch (error) {
        request.progress.fail(step.title);
        throw error;
      }
      const ms = Math.round(performance.now() - started);
      request.progress.succeed(step.title, ms);
      steps.push({ title: step.title, ms });
    }
    interrupt.check();
    await request.finish?.(staging);
    interrupt.check();
    moveIntoPlace(staging, request.target, request.allowExisting);
    return { steps };
  } finally {
    interrupt.dispose();
    rmSync(staging, { recursive: true, force: true });
    keep();
    guard?.releasePath(staging);
  }
}

/** `.<name>.backant-staging-`: the staging folders of a target, followed by their pid (temp-paths.ts). */
const stagingPrefix = (target: string): string => `.${path.basename(target)}.backant-staging-`;

/** Turns SIGINT/SIGTERM into a cancellation the steps observe, instead of an exit that skips clean-up. */
class InterruptWatch {
  signal: InterruptSignal | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly handler = (signal: InterruptSignal) => {
    this.signal = signal;
    for (const listener of this.listeners) listener();
  };

  private readonly release = handleSignalsHere();

  constructor() {
    process.on("SIGINT", this.handler);
    process.on("SIGTERM", this.handler);
  }

  onInterrupt(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.signal) listener();
    return () => this.listeners.delete(listener);
  }

  check(): void {
    if (this.signal) {
      throw new Interrupted(`Interrupted (${this.signal}); the project was not created and nothing was left behind.`, { signal: this.signal });
    }
  }

  dispose(): void {
    process.removeListener("SIGINT", this.handler);
    process.removeListener("SIGTERM", this.handler);
    this.release();
  }
}

async function runStep(step: StagedStep, cwd: string, request: StagedCreate, interrupt: InterruptWatch): Promise<void> {
  const tail: string[] = [];
  const child: ResultPromise = execa(step.command, step.args, {
    cwd,
    env: request.env,
    extendEnv: false,
    preferLocal: true,
    localDir: cwd,
    stdin: "ignore",
    all: true,
    buffer: false,
    reject: false,
    // Its own process group, so an interrupt stops npm and every install script it started.
    detached: true,
  });
  const stopWatching = interrupt.onInterrupt(() => killGroup(child.pid));
  // Its own process group does not die with us: the watchdog stops it if we are killed outright.
  if (child.pid !== undefined) childGuard().watchGroup(child.pid);
  child.all?.setEncoding("utf8");
  const interpret = step.status?.();
  let partial = "";
  child.all?.on("data", (chunk: string) => {
    const lines = (partial + chunk).split(/\r?\n/);
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const status = interpret?.(line);
      if (status) request.progress.status(status);
      if (step.hide?.test(line)) continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (request.verbose) request.progress.output(line);
    }
  });
  let result;
  try {
    result = await child;
  } finally {
    stopWatching();
    if (child.pid !== undefined) childGuard().releaseGroup(child.pid);
  }
  if (partial) {
    tail.push(partial);
    if (request.verbose) request.progress.output(partial);
  }
  interrupt.check();
  if (result.failed) {
    const how = result.exitCode === undefined ? (result.signal ? `killed by ${result.signal}` : result.shortMessage) : `exit ${result.exitCode}`;
    // npm's own stack frames say nothing to the user; its error text does.
    const output = tail.filter((line) => line.trim() !== "" && !/^(npm (error|ERR!))?\s+at /.test(line)).slice(-20).join("\n");
    throw new CommandFailure(
      `${step.title} failed (${[step.command, ...step.args].join(" ")}: ${how}); the project was not created and nothing was left behind.` + (output ? `\n${output}` : ""),
      {
        code: "INSTALL_FAILED",
        hint: "Fix the cause above (network, registry, npm configuration) and run the command again, or pass --no-install to create the project without installing and run `npm install` in it later.",
      },
    );
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    // already gone
  }
  // npm usually exits on SIGTERM at once; a stuck install script must not keep us waiting.
  setTimeout(() => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }, 3000).unref();
}

/**
 * Renames the staging folder onto the target (missing or empty), or with --force moves each entry
 * into an existing folder, never replacing a file (clashes were refused before staging began).
 */
function moveIntoPlace(staging: string, target: string, allowExisting: boolean): void {
  if (isMissingOrEmpty(target)) {
    if (existsSync(target)) rmdirSync(target);
    renameSync(staging, target);
    return;
  }
  if (!allowExisting) throw new InputError(`${target} is not empty.`, { code: "TARGET_NOT_EMPTY" });
  mergeInto(staging, target);
}

function mergeInto(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const destination = path.join(to, entry.name);
    if (!existsSync(destination)) renameSync(source, destination);
    else if (entry.isDirectory() && statSync(destination).isDirectory()) mergeInto(source, destination);
    else throw new CommandFailure(`${destination} appeared while the project was being created; it was not overwritten.`, { code: "CLASH" });
  }
}
