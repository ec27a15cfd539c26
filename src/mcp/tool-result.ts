import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { BackantError } from "../errors.js";
import type { CommandResult } from "../cli/command.js";
import { systemErrorOf } from "../cli/system-errors.js";

/**
 * How a command's outcome travels back to an agent: the lines the CLI prints (the same text a
 * person reads) and the --report data as structured content. A failure is a tool error carrying
 * the CLI's one-line message and its hint, never an exception that reaches the transport.
 */
export function commandToolResult(result: CommandResult, extra: Record<string, unknown> = {}): CallToolResult {
  const text = [result.raw ?? "", result.lines.join("\n")].filter((part) => part !== "").join("\n");
  const failed = (result.exitCode ?? 0) !== 0;
  return {
    content: [{ type: "text", text: text === "" ? "Done." : text }],
    structuredContent: { ok: !failed, ...result.data, ...extra },
    ...(failed ? { isError: true } : {}),
  };
}

/** A tool's answer that is data (list models, show a model): JSON text and the same object structured. */
export function dataToolResult(data: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(data, null, 2) }], structuredContent: data };
}

/** The CLI's message for an error (src/cli/main.ts prints the same message and hint), as a tool error. */
export function errorToolResult(error: unknown): CallToolResult {
  const known = error instanceof BackantError ? error : systemErrorOf(error);
  const message = known?.message ?? `Unexpected error: ${firstLine(error)}`;
  const hint = known ? known.hint : "This is a bug in backant: run the same command in a terminal with DEBUG=1 to see where it happened, and report it.";
  const text = hint && !message.includes(hint) ? `${message}\n${hint}` : message;
  return {
    content: [{ type: "text", text }],
    structuredContent: { ok: false, error: { code: known?.code ?? "INTERNAL", message, hint: hint ?? null, ...(known?.details ? { details: jsonSafe(known.details) } : {}) } },
    isError: true,
  };
}

/** Runs a tool's work; whatever it throws comes back as a tool error, so the server keeps serving. */
export async function guardedTool(work: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    if (process.env.DEBUG) process.stderr.write(`${(error instanceof Error && error.stack) || String(error)}\n`);
    return errorToolResult(error);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n").find((part) => part.trim() !== "") ?? (error instanceof Error ? error.name : "unknown");
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}

/** Error details may hold values JSON cannot carry (bigint, cycles): structured content must be JSON. */
function jsonSafe(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value, (_key, item) => (typeof item === "bigint" ? item.toString() : item)));
  } catch {
    return null;
  }
}
