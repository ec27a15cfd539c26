import type { ExitCode } from "../errors.js";
import type { CommandResult } from "./command.js";

/** Prints a command's result: its lines for humans, or one JSON object under --report. */
export function printResult(name: string, result: CommandResult, report: boolean, stdout: (text: string) => void): ExitCode {
  const exitCode = result.exitCode ?? 0;
  if (report) {
    stdout(JSON.stringify({ ok: exitCode === 0, command: name, ...result.data }) + "\n");
  } else {
    if (result.raw !== undefined) stdout(result.raw);
    if (result.lines.length > 0) stdout(result.lines.join("\n") + "\n");
  }
  return exitCode;
}
