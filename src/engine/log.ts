import { appendFileSync } from "node:fs";
import type { EngineError } from "./errors.js";

/** Appends a line to $BACKANT_ENGINE_LOG (off when unset): what the CLI sent and what came back. */
export function traceLine(kind: string, text: string): void {
  const file = process.env["BACKANT_ENGINE_LOG"];
  if (!file) return;
  try {
    appendFileSync(file, `${new Date().toISOString()} [${process.pid}] ${kind} ${text}\n`);
  } catch {
    // A debug log must never break the engine.
  }
}

type Level = "INFO" | "WARN" | "ERROR";

/**
 * One log line on stderr in the format of the native engine's tracing subscriber. In `cli` mode the
 * Prisma CLI skips the first stderr line and parses every other line as JSON, so only these go there.
 */
export function logLine(level: Level, fields: Record<string, unknown>, target = "schema_engine"): void {
  const line = JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target });
  traceLine("STDERR", line);
  process.stderr.write(line + "\n");
}

/** The ERROR line with which the native engine reports a failed `cli` command or a start-up failure. */
export function logEngineError(error: EngineError): void {
  logLine("ERROR", { is_panic: false, error_code: error.errorCode ?? "", message: error.message }, "schema_engine::logger");
}
