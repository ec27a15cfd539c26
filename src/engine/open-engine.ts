import { CommandFailure } from "../errors.js";
import { findNativeSchemaEngine, parseEngineChoice } from "../prisma/engine-selection.js";
import type { EngineTarget, SchemaEngineClient } from "./client.js";

/**
 * The schema engine for backant's own commands: the wasm engine in this process (SQLite and
 * PostgreSQL), unless BACKANT_ENGINE=native asks for Prisma's native binary, which is then spoken
 * to over JSON-RPC. The native binary is never downloaded here: Prisma's CLI does that (once, with
 * network access) and backant finds it where Prisma keeps it, or where PRISMA_SCHEMA_ENGINE_BINARY says.
 */
export async function openSchemaEngine(target: EngineTarget, env: NodeJS.ProcessEnv): Promise<SchemaEngineClient> {
  if (parseEngineChoice(env.BACKANT_ENGINE) !== "native") {
    const { openInProcessEngine } = await import("./in-process-client.js");
    return openInProcessEngine(target);
  }
  const found = await findNativeSchemaEngine(target.cwd, env);
  if (!found?.binary) {
    throw new CommandFailure("BACKANT_ENGINE=native, but Prisma's native schema engine is not on this machine, and backant does not download it.", {
      code: "NATIVE_ENGINE_MISSING",
      hint: "Run `npx prisma version` once with network access (Prisma downloads its engine), or set PRISMA_SCHEMA_ENGINE_BINARY to the engine's path; or unset BACKANT_ENGINE to use the engine built into backant.",
    });
  }
  const { openRpcEngine } = await import("./rpc-client.js");
  return openRpcEngine(found.binary, target);
}

