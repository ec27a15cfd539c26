import type { EngineTarget, SchemaEngineClient, SchemaFile } from "./client.js";
import { clientOver } from "./client.js";
import { METHODS } from "./methods.js";
import { parseDatasourceUrl } from "./datasource.js";
import { EngineSession } from "./session.js";

function datasourceOnly(url: string, cwd: string): SchemaFile {
  const provider = parseDatasourceUrl(url, cwd).provider === "postgres" ? "postgresql" : "sqlite";
  return { path: "datasource.prisma", content: `datasource db {\n  provider = "${provider}"\n}\n` };
}

/**
 * The wasm schema engine in this process, behind the same method handlers the offline engine
 * binary serves to the Prisma CLI (src/engine/methods.ts, with every repair of the wasm engine's
 * gaps), so backant's commands and `npx prisma` see one engine. No process is started: a command
 * pays for loading the wasm module once (about 60 ms here), not for Prisma's CLI (about 1.5 s).
 */
export function openInProcessEngine(given: EngineTarget, log: (line: string) => void = () => undefined): SchemaEngineClient {
  // The engine reads the database's kind from a datasource block: a scratch database opened without
  // the project's schema gets a minimal one (without it the wasm engine traps on a database diff).
  const target = given.schema.some((file) => /datasource\s+\w+\s*\{/.test(file.content)) ? given : { ...given, schema: [...given.schema, datasourceOnly(given.url, given.cwd)] };
  const session = new EngineSession(
    target.schema.map((file) => [file.path, file.content] as const),
    { url: target.url, ...(target.shadowDatabaseUrl ? { shadowDatabaseUrl: target.shadowDatabaseUrl } : {}) },
    target.cwd,
    log,
  );
  // The wasm engine is one object that must not be re-entered while a call awaits the database.
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  /** Runs one method; `printed` collects what it asked the host to print (diff's output). */
  const callPrinting = (method: keyof typeof METHODS, params: Record<string, unknown>): Promise<{ result: unknown; printed: string }> => {
    const run = async (): Promise<{ result: unknown; printed: string }> => {
      if (closed) throw new Error("The schema engine was closed.");
      const handler = METHODS[method];
      if (!handler) throw new Error(`Unknown schema engine method ${method}`);
      const printed: string[] = [];
      const host = { print: async (content: string) => void printed.push(content) };
      try {
        return { result: await handler(session, params, host), printed: printed.join("\n") };
      } catch (error) {
        throw session.toEngineError(error);
      } finally {
        await session.afterRequest();
      }
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };
  return clientOver(
    {
      kind: "in-process",
      call: (method, params) => callPrinting(method as keyof typeof METHODS, params),
      async close() {
        if (closed) return;
        await queue;
        closed = true;
        await session.dispose();
      },
    },
    target,
  );

}
