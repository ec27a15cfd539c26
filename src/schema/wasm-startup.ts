import v8 from "node:v8";

/**
 * Prisma's schema validator is 3 MB of wasm. By default V8 compiles it with its baseline compiler
 * (Liftoff) and then compiles the hot functions again with its optimizing compiler (TurboFan) on
 * background threads. A CLI run that validates one schema pays for that second compile and exits
 * before it pays off: measured on 2 cores, `backant schema` on 20 models took 0.67 s of CPU by
 * default and 0.42 s with Liftoff only (see bench/README.md). Call this once, before the validator
 * is loaded, from a command that runs in its own short-lived process; never from a long-running
 * process (dev watcher, test runner), which is better served by optimized code.
 */
export function preferBaselineWasmCompiler(): void {
  v8.setFlagsFromString("--liftoff-only");
}
