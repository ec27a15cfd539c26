import type { Argv } from "yargs";

/**
 * The contract every command module follows (STYLE.md: commands return results, one entry point
 * prints). A command reads its typed options, does its work through the core modules, and returns
 * what happened; it never writes to process.stdout or calls process.exit itself.
 */
export interface CommandContext {
  /** Folder the command acts on (the user's project). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when --report was given: human output is suppressed, one JSON object is printed. */
  report: boolean;
  /** Progress lines for humans (stderr); silent under --report. */
  log: (line: string) => void;
}

export interface CommandResult {
  /** Lines printed to stdout for humans. */
  lines: string[];
  /** Data merged into the --report JSON object. */
  data: Record<string, unknown>;
  /** Non-zero when the command ran correctly but reports a failed check (schema --check). */
  exitCode?: 0 | 1 | 130 | 143;
  /** Raw text for stdout, printed as is even under --report's absence (schema --stdout). */
  raw?: string;
}

export interface BackantCommand<Options = Record<string, unknown>> {
  /** yargs command string, e.g. "add-model <name>". */
  command: string;
  describe: string;
  /** Examples shown in --help: [command line, what it does]. */
  examples: Array<[string, string]>;
  builder: (yargs: Argv) => Argv;
  run: (options: Options, context: CommandContext) => Promise<CommandResult>;
}

/** Helps command modules keep their option type attached to the object literal. */
export function defineCommand<Options>(command: BackantCommand<Options>): BackantCommand<Options> {
  return command;
}
