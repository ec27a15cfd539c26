import path from "node:path";
import type { CommandContext, CommandResult } from "./command.js";

/**
 * `backant sync` when nothing changed: the check needs the project context, a few file reads and
 * one database query, while the argument parser and the other commands' modules cost more than
 * that to load. A plain `sync` (with at most --cwd and --report) is answered here when it has
 * nothing to do; anything else (other options, --help, work to do, an error) goes to the full
 * entry point, which reports it as usual.
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
    const [{ resolveProject }, { skippedSync }] = await Promise.all([import("../project/context.js"), import("../sync/sync.js")]);
    const result = await skippedSync(resolveProject(cwd, context.env));
    if (result === undefined) return undefined;
    const { syncOutput } = await import("./commands/sync.js");
    return { name: "sync", result: syncOutput(result) };
  } catch {
    // The full path runs the same checks and reports whatever went wrong.
    return undefined;
  }
}
