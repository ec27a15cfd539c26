import { createRequire } from "node:module";
import { CommandFailure, InputError } from "../errors.js";
import type { ModelEntry } from "./model-set.js";

interface PrismaSchemaWasm {
  get_dmmf(params: string): string;
  validate(params: string): void;
  format(schema: string, params: string): string;
}

let wasm: PrismaSchemaWasm | undefined;

/** Loaded on first use: instantiating the module costs ~15 ms, which commands that never validate should not pay. */
export function prismaSchemaWasm(): PrismaSchemaWasm {
  if (wasm) return wasm;
  // The glue reports Rust panics through this global; without it a panic surfaces as an unrelated TypeError.
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message: string) => { lastPanic = message; } };
  // The package is CommonJS and loads its .wasm with fs, so require() it rather than import it.
  wasm = createRequire(import.meta.url)("@prisma/prisma-schema-wasm") as PrismaSchemaWasm;
  return wasm;
}

let lastPanic: string | undefined;

/** Prisma's own error text for a wasm failure (its errors carry a JSON payload with message and error_code). */
function prismaMessage(error: unknown): { message: string; code: string | undefined } {
  const raw = error instanceof Error ? error.message : String(error);
  try {
    const parsed = JSON.parse(raw) as { message?: string; error_code?: string };
    if (typeof parsed.message === "string") return { message: parsed.message, code: parsed.error_code };
  } catch {
    // not JSON: a panic or a glue error
  }
  return { message: lastPanic ?? raw, code: undefined };
}

/**
 * Validates schema text in-process with Prisma's own parser and validator (the same code the
 * prisma CLI's `validate` runs), so no process is spawned. Throws CommandFailure with Prisma's text.
 */
export function validatePrismaSchema(text: string, fileName = "schema.prisma"): void {
  const engine = prismaSchemaWasm();
  try {
    engine.validate(JSON.stringify({ prismaSchema: [[fileName, text]], noColor: true }));
  } catch (error) {
    const { message, code } = prismaMessage(error);
    throw new CommandFailure(`Prisma rejected the generated schema:\n${message.trimEnd()}`, {
      code: "PRISMA_SCHEMA_INVALID",
      hint: "This is a backant bug unless a model uses .attr() or the attributes option; check those raw attributes first.",
      details: { prismaErrorCode: code, prismaMessage: message },
      cause: error,
    });
  }
}

/** Runs Prisma's formatter (`prisma format`) in-process. */
export function formatPrismaSchema(text: string): string {
  return prismaSchemaWasm().format(text, JSON.stringify({ textDocument: { uri: "file:/schema.prisma" }, options: { tabSize: 2, insertSpaces: true } }));
}

/** Where a line of rendered schema text came from (render-prisma's origins). */
interface Origin {
  model: ModelEntry;
  field?: string;
}

/**
 * Validates rendered schema text; when Prisma refuses a line that a model file's raw input made
 * (.attr(), .native(), the attributes option, a default or name Prisma checks itself), the error
 * names that model file and field and exits 2, like backant's own checks. Lines backant made from
 * checked input stay a CommandFailure (a backant bug).
 */
export function validateRenderedSchema(rendered: { text: string; origins: ReadonlyArray<Origin | null> }, fileName = "schema.prisma"): void {
  try {
    validatePrismaSchema(rendered.text, fileName);
  } catch (error) {
    if (!(error instanceof CommandFailure)) throw error;
    const message = String(error.details?.prismaMessage ?? "");
    const line = Number(new RegExp(`-->\\s+${fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+)`).exec(message)?.[1] ?? NaN);
    const origin = Number.isInteger(line) ? rendered.origins[line - 1] : undefined;
    if (!origin) throw error;
    const problem = /error: (?:Error (?:validating|parsing attribute "[^"]*"): )?(.*)/.exec(message)?.[1]?.trim() ?? message.split("\n")[0];
    const schemaLine = rendered.text.split("\n")[line - 1]?.trim().replace(/\s+/g, " ") ?? "";
    const where = origin.field === undefined ? `model ${origin.model.name}` : `field "${origin.field}" of model ${origin.model.name}`;
    const fix = "Fix the raw attribute, native type or option of that field (see the generated line above), then run the command again.";
    throw new InputError(`${origin.model.file}: ${where}: Prisma refuses the schema it gives: ${problem} (generated line: ${schemaLine}) ${fix}`, {
      code: "PRISMA_REFUSED_MODEL",
      hint: fix,
      details: { file: origin.model.file, model: origin.model.name, ...(origin.field === undefined ? {} : { field: origin.field }), prismaMessage: message, schemaLine },
      cause: error,
    });
  }
}
