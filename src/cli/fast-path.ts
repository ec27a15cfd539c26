import path from "node:path";
import type { ExitCode } from "../errors.js";
import { resolveProject } from "../project/context.js";
import { skippedSync } from "../sync/sync.js";
import type { CommandContext, CommandResult } from "./command.js";
import { syncOutput } from "./commands/sync.js";
import { printResult } from "./print-result.js";

/**
 * `backant sync` when nothing changed: the check needs the project context, a few file reads and
 * one database query, while the argument parser and the other commands' modules cost more than
 * that to load. A plain `sync` (with at most --cwd and --report) is answered here when it has
 * nothing to do; anything else (other options, --help, work to do, an error) goes to the full
 * entry point, which reports it as usual.
 *
 * The build also bundles this module, with what it imports and the pg driver, into one CommonJS
 * file (dist/cli/fast-path.cjs, see scripts/bundle-fast-path.mjs) that bin/backant.js asks first:
 * Node's loading of some forty separate files (ES module resolution, pg's CommonJS tree) cost
 * more than the check itself.
 */
export async function fastPath(argv: readonly string[], context: CommandContext): Promise<{ name: string; result: CommandResult } | undefined> {
  if (argv[0] !== "sync") return undefined;
  let cwd = context.cwd;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--report") continue;
    if (arg === "--cwd" && argv[i + 1] !== undefined) {
      cwd = path.resolve(context.cwd, argv[++i] as string);
      continue;
    }
    if (arg.startsWith("--cwd=")) {
      cwd = path.resolve(context.cwd, arg.slice("--cwd=".length));
      continue;
    }
    return undefined;
  }
  try {
    const result = await skippedSync(resolveProject(cwd, context.env));
    if (result === undefined) return undefined;
    return { name: "sync", result: syncOutput(result) };
  } catch {
    // The full path runs the same checks and reports whatever went wrong.
    return undefined;
  }
}

/** What bin/backant.js runs first: the exit code when the fast path answered, else undefined. */
export async function runFastPath(argv: readonly string[]): Promise<ExitCode | undefined> {
  const report = argv.includes("--report");
  const quick = await fastPath(argv, { cwd: process.cwd(), env: process.env, report, log: () => undefined });
  if (quick === undefined) return undefined;
  return printResult(quick.name, quick.result, report, (text) => process.stdout.write(text));
}
