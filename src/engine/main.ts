import { createInterface } from "node:readline";
import { schemaEngineCommit } from "../prisma/versions.js";
import { ENGINE_HELP, parseEngineArgs, UsageError, type DatasourceArg } from "./args.js";
import { EngineError, errorMessage, toJsonRpcError } from "./errors.js";
import { JsonRpcServer, parseMessage } from "./json-rpc.js";
import { logEngineError, logLine, traceLine } from "./log.js";

/** How long shutdown may spend removing shadow databases after SIGINT/SIGTERM (the native engine allows 4 s). */
const SHUTDOWN_TIMEOUT_MS = 4000;

function wasmLog(raw: string): void {
  const line = raw.trimEnd();
  traceLine("WASM", line);
  // The CLI collects stderr lines that parse as JSON log records; anything else would only be noise.
  if (line.startsWith("{")) process.stderr.write(line + "\n");
}

/**
 * An engine that cannot start (MySQL, unreadable schema, bad URL) still answers the first request
 * with the error, as the CLI shows the error of a request, then exits 1 with an ERROR log line.
 */
async function failEveryRequest(error: EngineError): Promise<number> {
  logEngineError(error);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    traceLine("REQ", line);
    const parsed = parseMessage(line);
    if (parsed.kind !== "request") continue;
    const response = JSON.stringify({ jsonrpc: "2.0", id: parsed.request.id ?? null, error: toJsonRpcError(error) });
    traceLine("RES", response);
    await new Promise<void>((resolve) => process.stdout.write(response + "\n", () => resolve()));
    return 1;
  }
  return 1;
}

async function serveRpc(datamodels: string[], datasource: DatasourceArg): Promise<number> {
  // Loaded on demand: the Prisma CLI starts the engine for every command, and --version or a
  // `cli` subcommand should not pay for the drivers and the wasm glue.
  const [{ METHODS }, { EngineSession, readDatamodels }] = await Promise.all([import("./methods.js"), import("./session.js")]);
  let session: InstanceType<typeof EngineSession>;
  try {
    session = new EngineSession(readDatamodels(datamodels), datasource, process.cwd(), wasmLog);
  } catch (error) {
    return failEveryRequest(error instanceof EngineError ? error : new EngineError(errorMessage(error)));
  }
  logLine("INFO", { message: "Starting schema engine RPC server", git_hash: schemaEngineCommit() });
  const host = { print: (content: string) => server.print(content) };
  const server: JsonRpcServer = new JsonRpcServer(
    {
      has: (method) => Object.hasOwn(METHODS, method),
      call: async (method, params) => {
        const handler = METHODS[method];
        if (!handler) throw new EngineError(`Unknown method ${method}`);
        const input = typeof params === "object" && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
        try {
          return await handler(session, input, host);
        } finally {
          await session.afterRequest();
        }
      },
      toError: (error) => session.toEngineError(error),
    },
    process.stdout,
  );

  // stdin closing and SIGTERM arrive together when the CLI stops the engine: both wait for one cleanup.
  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      traceLine("STOP", reason);
      const timer = setTimeout(() => {
        session.shadows?.removeFilesNow();
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      await session.dispose();
      clearTimeout(timer);
    })();
    return stopping;
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      void stop(signal).then(() => process.exit(0));
    });
  }
  await server.serve(process.stdin);
  await stop("stdin closed");
  return 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  traceLine("ARGS", JSON.stringify(argv));
  let invocation;
  try {
    invocation = parseEngineArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${ENGINE_HELP}`);
    return 2;
  }
  switch (invocation.kind) {
    case "version":
      process.stdout.write(`schema-engine-cli ${schemaEngineCommit()}\n`);
      return 0;
    case "help":
      process.stdout.write(ENGINE_HELP);
      return 0;
    case "cli": {
      const { runCliCommand } = await import("./cli-commands.js");
      return runCliCommand(invocation.subcommand, invocation.datasource, schemaEngineCommit(), process.cwd());
    }
    case "rpc":
      return serveRpc(invocation.datamodels, invocation.datasource);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // Open pools and sockets would keep the process alive; the CLI waits for the engine to exit.
    process.stdout.write("", () => process.exit(code));
  },
  (error: unknown) => {
    logLine("ERROR", { is_panic: true, message: errorMessage(error) }, "schema_engine::logger");
    process.exit(101);
  },
);
