import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Argv } from "yargs";
import pc from "picocolors";
import { BackantError, InputError, INTERRUPT_EXIT_CODES, type ExitCode, type InterruptSignal } from "../errors.js";
import type { BackantCommand, CommandContext, CommandResult } from "./command.js";
import { runExitCleanups, signalsHandledElsewhere } from "../process-exit.js";
import { systemErrorOf } from "./system-errors.js";
import { printResult } from "./print-result.js";
import { backantVersion } from "../version.js";

export interface MainIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal: colors only go to one. */
  stderrIsTTY?: boolean;
}

const defaultIo = (): MainIo => ({
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
});

/**
 * picocolors' own detection turns colors on whenever CI is set, even into a pipe or a log file;
 * we decide ourselves: NO_COLOR wins, FORCE_COLOR forces, otherwise only a terminal gets colors.
 */
function colorsFor(io: MainIo) {
  const enabled = !io.env.NO_COLOR && (Boolean(io.env.FORCE_COLOR && io.env.FORCE_COLOR !== "0") || io.stderrIsTTY === true);
  return pc.createColors(enabled);
}

export interface EntryOptions {
  /** The bin already asked the fast path (dist/cli/fast-path.cjs), which had no answer. */
  fastPathTried?: boolean;
}

interface Outcome {
  name: string;
  result?: CommandResult;
  error?: unknown;
}

/**
 * The one entry point: parses argv, runs one command, prints its result or error, and returns the
 * exit code (0 ok, 1 failure, 2 bad usage or input). Nothing below it prints or exits.
 */
export async function main(argv: string[], io: MainIo = defaultIo(), scriptName = "backant", options: EntryOptions = {}): Promise<ExitCode> {
  const wantsReport = argv.includes("--report");
  const outcome: Outcome = { name: "" };
  const context: CommandContext = {
    cwd: io.cwd,
    env: io.env,
    report: wantsReport,
    log: (line) => {
      if (!wantsReport) io.stderr(line + "\n");
    },
  };

  // `backant sync` with nothing to do is the command `backant dev` and editors run all day: answered
  // without loading the argument parser or any other command (see fast-path.ts). bin/backant.js
  // asks the bundled fast path before it loads this module, and says so.
  const quick = argv[0] === "sync" && !options.fastPathTried ? await (await import("./fast-path.js")).fastPath(argv, context) : undefined;
  if (quick) {
    outcome.name = quick.name;
    outcome.result = quick.result;
    return printResult(outcome.name, quick.result, wantsReport, io.stdout);
  }

  const parser = await buildParser(argv, scriptName);
  let helpText = "";
  let usageError: string | undefined;
  let parsed: Record<string, unknown> | undefined;
  try {
    await parser.parseAsync(argv, {}, (err: Error | undefined, args: Record<string, unknown>, output: string) => {
      if (err) usageError = err.message;
      helpText = output;
      parsed = args;
    });
  } catch (error) {
    if (usageError === undefined) outcome.error = error;
  }
  if (usageError === undefined && !helpText && outcome.error === undefined && parsed) await runCommand(parsed, context, outcome);

  if (usageError !== undefined && outcome.error === undefined) {
    const given = parsed?._ as unknown[] | undefined;
    outcome.error = await usageErrorOf(usageError, given?.[0] === undefined ? undefined : String(given[0]), scriptName);
    // No command at all: the whole help is the answer (it lists the commands). For anything else
    // (a typo, an unknown option) the one-paragraph error says what to do; 30 lines of help would bury it.
    if (given?.length === 0 && !wantsReport) {
      // yargs appends the message to the help text; print the help alone, the message comes below.
      const help = helpText.endsWith(usageError) ? helpText.slice(0, -usageError.length).trimEnd() : helpText;
      if (help) io.stderr(help + "\n\n");
    }
  } else if (helpText && outcome.result === undefined && outcome.error === undefined) {
    // --help or --version: yargs produced the text; print it and succeed.
    io.stdout(helpText + "\n");
    return 0;
  }

  if (outcome.error !== undefined) return printError(outcome.error, outcome.name, wantsReport, io);
  if (outcome.result === undefined) return 0;
  return printResult(outcome.name, outcome.result, wantsReport, io.stdout);
}

/** The commands are run by runCommand once parsing is done (see noHelpCache). */
async function buildParser(argv: string[], scriptName: string): Promise<Argv> {
  const [{ default: yargs }, { commands }] = await Promise.all([import("yargs"), import("./commands/index.js")]);
  let parser = yargs(argv)
    .scriptName(scriptName)
    .usage(`${scriptName} <command> [options]`)
    .option("report", { type: "boolean", default: false, describe: "Print one JSON object on stdout instead of human output" })
    .option("cwd", { type: "string", describe: "Project folder to act on (default: the current folder)" })
    .strict()
    .demandCommand(1, "Name a command.")
    .exitProcess(false)
    .help()
    .alias("h", "help")
    .version(backantVersion())
    .wrap(Math.min(100, process.stdout.columns ?? 100));

  // Only the command being run is declared (its builder runs, its options are known): the others'
  // builders and yargs' bookkeeping for them cost every command's start. Without a known command
  // name first (`backant --help`, a typo), all are declared, for the help and the suggestions.
  const named = (commands as Array<BackantCommand<any>>).filter((command) => commandName(command) === argv[0]);
  for (const command of named.length > 0 ? named : (commands as Array<BackantCommand<any>>)) {
    parser = parser.command(
      command.command,
      command.describe,
      (y: Argv) => {
        let built = command.builder(y);
        // `create-backant` is `backant new`: its help shows `create-backant [name]`, not `create-backant new [name]`.
        if (scriptName !== "backant" && argv[0] === commandName(command)) built = built.usage(`${scriptName} ${command.command.split(" ").slice(1).join(" ")}`.trim());
        for (const [line, what] of command.examples) built = built.example(line, what);
        return built;
      },
    );
  }
  return noHelpCache(parser);
}

/**
 * After running a command's handler, yargs renders the whole help text in case it is asked for
 * later (cacheHelpMessage): ~0.1 s of CPU in every command, most of it string-width and cliui.
 * Nothing here asks for it later (--help and usage errors render their own), so it is skipped.
 */
function noHelpCache(parser: Argv): Argv {
  const internal = parser as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = internal.getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === "function") usage.cacheHelpMessage = () => {};
  return parser;
}

const commandName = (command: BackantCommand<any>): string => command.command.split(" ")[0] ?? command.command;

/**
 * The InputError for a usage error yargs reported. A word that is no command gets our own
 * "Did you mean ...?" (closestMatch counts a swapped pair of letters as one typo: sycn -> sync,
 * which yargs' suggestion, plain Levenshtein, only finds by luck of its threshold); an error inside
 * a known command points at that command's help.
 */
async function usageErrorOf(message: string, first: string | undefined, scriptName: string): Promise<InputError> {
  const [{ commands }, { closestMatch }] = await Promise.all([import("./commands/index.js"), import("../scaffold/closest-match.js")]);
  const names = (commands as Array<BackantCommand<any>>).map(commandName);
  if (first !== undefined && !names.includes(first)) {
    const suggestion = closestMatch(first, names);
    return new InputError(`Unknown command "${first}".${suggestion ? ` Did you mean ${suggestion}?` : ""}`, {
      code: "USAGE",
      hint: `Run \`${scriptName} --help\` to see the commands.`,
      ...(suggestion ? { details: { suggestion } } : {}),
    });
  }
  // create-backant is the `new` command: its own help is `create-backant --help`.
  const helpCommand = first === undefined || scriptName !== "backant" ? `${scriptName} --help` : `${scriptName} ${first} --help`;
  return new InputError(message, { code: "USAGE", hint: `Run \`${helpCommand}\` to see ${first === undefined ? "the commands and their options" : "its options"}.` });
}

async function runCommand(args: Record<string, unknown>, context: CommandContext, outcome: Outcome): Promise<void> {
  const { commands } = await import("./commands/index.js");
  const command = (commands as Array<BackantCommand<any>>).find((candidate) => commandName(candidate) === String((args._ as unknown[] | undefined)?.[0]));
  if (!command) return;
  outcome.name = commandName(command);
  try {
    const cwd = typeof args.cwd === "string" ? projectFolder(context.cwd, args.cwd) : context.cwd;
    outcome.result = await command.run(args, { ...context, cwd });
  } catch (error) {
    outcome.error = error;
  }
}

function projectFolder(base: string, option: string): string {
  const folder = path.resolve(base, option);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new InputError(`--cwd ${option}: no such folder (${folder}).`, { code: "BAD_CWD", hint: "Point --cwd at the project folder." });
  }
  return folder;
}

function printError(error: unknown, commandName: string, report: boolean, io: MainIo): ExitCode {
  const known = error instanceof BackantError ? error : systemErrorOf(error);
  const exitCode: ExitCode = known?.exitCode ?? 1;
  const message = known?.message ?? `Unexpected error: ${firstLine(error)}`;
  const hint = known ? known.hint : "This is a bug in backant: run the command again with DEBUG=1 to see where it happened, and report it.";
  if (report) {
    io.stdout(
      JSON.stringify({
        ok: false,
        command: commandName || undefined,
        error: { code: known?.code ?? "INTERNAL", message, hint, exitCode, ...(known?.details ? { details: known.details } : {}) },
      }) + "\n",
    );
    return exitCode;
  }
  const colors = colorsFor(io);
  let text = `${colors.red("error")} ${message}\n`;
  // Many messages already end with their fix (modelError writes "problem. fix."); print it once.
  if (hint && !message.includes(hint)) text += `${hint}\n`;
  // Stacks help us, not users: only under DEBUG (DESIGN.md), even for errors we did not anticipate.
  if (io.env.DEBUG) text += `${colors.dim((error instanceof Error && error.stack) || "")}\n`;
  io.stderr(text);
  return exitCode;
}

/** The first line of an unexpected error's message (some libraries put their whole output in it). */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n").find((part) => part.trim() !== "") ?? (error instanceof Error ? error.name : "unknown");
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}

/**
 * What bin/backant.js and bin/create-backant.js run: main() with the process's own terminal, and
 * the signals. A command that handles SIGINT/SIGTERM itself (create's staging stops npm and
 * removes its folder; dev stops its server) has its own listener and decides how it ends; for any
 * other, the first Ctrl-C or SIGTERM prints one line and ends the process with 130 or 143, and
 * process.exit runs the "exit" listeners that remove temporary files (src/scaffold/temp-paths.ts).
 */
export async function runInShell(argv: string[], scriptName = "backant", options: EntryOptions = {}): Promise<void> {
  const io = defaultIo();
  let exiting: Promise<void> | undefined;
  const onSignal = (signal: InterruptSignal) => {
    if (signalsHandledElsewhere() || exiting) return;
    io.stderr(`\n${colorsFor(io).red("error")} Interrupted (${signal}); stopped.\n`);
    // Scratch databases dropped, database sessions closed (PostgreSQL rolls their open transaction
    // back), the project lock released: then exit.
    exiting = runExitCleanups().finally(() => process.exit(INTERRUPT_EXIT_CODES[signal]));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // A failure outside any awaited call (a Rust panic of the wasm engine surfaces as an uncaught
  // RuntimeError from a callback) still ends as one message and exit 1, cleanups run.
  const onCrash = (error: unknown) => {
    if (exiting) return;
    const code = printError(error, argv[0] ?? "", argv.includes("--report"), io);
    exiting = runExitCleanups().finally(() => process.exit(code));
  };
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
  let code: number;
  try {
    code = await main(argv, io, scriptName, options);
    // A signal that arrived while synchronous work blocked the event loop (an SQLite statement)
    // is delivered now, and wins: Ctrl-C exits 130 even when the work it interrupted completed.
    // Signals are read in the loop's poll phase: two turns make sure one poll phase has passed.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    // Interrupted: the exit code is the signal's, once the cleanups ran (process.exit inside).
    if (exiting) await exiting;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("uncaughtException", onCrash);
    process.off("unhandledRejection", onCrash);
  }
  process.exitCode = code;
  // A command is over once main returns; the in-process schema engine leaves timers of its own
  // (60 s) that must not keep the process alive. Exit once stdout and stderr are flushed.
  await new Promise<void>((resolve) => process.stdout.write("", () => process.stderr.write("", () => resolve())));
  process.exit(code);
}
