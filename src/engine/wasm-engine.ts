import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import type { ErrorCapturingSqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

export type { SchemaEngine };

/** The part of the wasm-bindgen glue module (schema_engine_bg.js) this engine uses. */
interface WasmGlue {
  __wbg_set_wasm(exports: WasmExports): void;
  SchemaEngine: typeof SchemaEngine;
}

type WasmExports = Record<string, unknown>;

/** The slice of the WebAssembly global used here (TypeScript declares it only in the DOM lib). */
interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, object>): Promise<{ exports: WasmExports }>;
}

const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

interface PanicRegistry {
  set_message(message: string): void;
}

declare global {
  // Read by the wasm-bindgen glue (`global.PRISMA_WASM_PANIC_REGISTRY.set_message`) when Rust panics.
  var PRISMA_WASM_PANIC_REGISTRY: PanicRegistry | undefined;
}

let lastPanicMessage: string | undefined;

/** The message of the last Rust panic, consumed once. Set just before the wasm trap surfaces as an error. */
export function takePanicMessage(): string | undefined {
  const message = lastPanicMessage;
  lastPanicMessage = undefined;
  return message;
}

let glue: Promise<WasmGlue> | undefined;

/**
 * Instantiates @prisma/schema-engine-wasm the way its own entry (schema_engine.js) does, but by hand:
 * that entry imports the .wasm file as an ES module, which Node 20 cannot do.
 */
function loadGlue(): Promise<WasmGlue> {
  glue ??= (async () => {
    // Without a registry the glue's panic hook itself throws and the panic message is lost.
    globalThis.PRISMA_WASM_PANIC_REGISTRY = {
      set_message(message: string) {
        lastPanicMessage = message;
      },
    };
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const module = (await import(pathToFileURL(gluePath).href)) as WasmGlue;
    const compiled = await wasmApi.compile(readFileSync(gluePath.replace(/\.js$/, ".wasm")));
    const instance = await wasmApi.instantiate(compiled, { "./schema_engine_bg.js": module });
    module.__wbg_set_wasm(instance.exports);
    const start = instance.exports["__wbindgen_start"];
    if (typeof start === "function") (start as () => void)();
    return module;
  })();
  return glue;
}

/**
 * Starts loading and compiling the wasm module now (V8 compiles it off the main thread), so that a
 * command which will need the engine after other work (sync renders the models first) finds it ready.
 */
export function preloadWasmEngine(): void {
  void loadGlue().catch(() => undefined);
}

/** A wasm schema engine bound to one driver adapter factory (the engine cannot switch databases). */
export async function createWasmEngine(
  datamodels: Array<[string, string]>,
  adapterFactory: ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void,
): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadGlue();
  return SchemaEngine.new({ datamodels: datamodels.length > 0 ? datamodels : undefined }, log, adapterFactory);
}
