import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { removeOnExit, sweepStale, tempName } from "../process/temp-paths.js";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { EngineTarget, SchemaEngineClient } from "./client.js";
import { clientOver } from "./client.js";
import { EngineError } from "./errors.js";

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  printed: string[];
}

/**
 * The same typed client over JSON-RPC on stdio to a schema engine binary: Prisma's native
 * `schema-engine` (MySQL, BACKANT_ENGINE=native), or any binary speaking its interface. One JSON
 * object a line each way; the engine's `print` requests (how diff output comes back) are answered
 * and their text kept for the call that caused them; its stderr carries log lines, kept for errors.
 */
export function openRpcEngine(binary: string, target: EngineTarget): SchemaEngineClient {
  // The binary reads its schema files from disk: the texts go to a private temp folder, named after
  // this process so that one left by a killed run is swept by the next.
  sweepStale(os.tmpdir(), "backant-engine-");
  const dir = path.join(os.tmpdir(), tempName("backant-engine-"));
  mkdirSync(dir);
  const keepUntilClosed = removeOnExit(dir);
  const files = target.schema.map((file, index) => {
    const written = path.join(dir, `${index}-${path.basename(file.path) || "schema.prisma"}`);
    writeFileSync(written, file.content);
    return written;
  });
  const datasource = JSON.stringify({ url: target.url, ...(target.shadowDatabaseUrl ? { shadowDatabaseUrl: target.shadowDatabaseUrl } : {}) });
  const child: ChildProcess = spawn(binary, [...(files.length > 0 ? ["--datamodels", ...files] : []), "--datasource", datasource], {
    cwd: target.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const pending = new Map<number, Pending>();
  const stderrTail: string[] = [];
  let nextId = 1;
  let current: Pending | undefined;
  let exited: Error | undefined;

  const send = (message: unknown) => child.stdin?.write(`${JSON.stringify(message)}\n`);
  createInterface({ input: child.stdout! }).on("line", (line) => {
    if (line.trim() === "") return;
    let message: { id?: number | string | null; method?: string; params?: { content?: string }; result?: unknown; error?: { message?: string; data?: { message?: string; error_code?: string; meta?: Record<string, unknown> | null; is_panic?: boolean } } };
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof message.method === "string") {
      // A request from the engine: `print` is the only one it makes.
      if (message.method === "print" && current) current.printed.push(message.params?.content ?? "");
      send({ jsonrpc: "2.0", id: message.id ?? null, result: {} });
      return;
    }
    const waiting = typeof message.id === "number" ? pending.get(message.id) : undefined;
    if (!waiting) return;
    pending.delete(message.id as number);
    if (message.error) {
      const data = message.error.data;
      waiting.reject(new EngineError(data?.message ?? message.error.message ?? "The schema engine failed.", data?.error_code, data?.meta ?? undefined, data?.is_panic === true));
    } else {
      waiting.resolve(message.result);
    }
  });
  createInterface({ input: child.stderr! }).on("line", (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
  });
  const died = new Promise<void>((resolve) => {
    const fail = (reason: string) => {
      exited = new EngineError(`The schema engine (${binary}) ${reason}.${stderrTail.length > 0 ? `\n${stderrTail.join("\n")}` : ""}`);
      for (const waiting of pending.values()) waiting.reject(exited);
      pending.clear();
      resolve();
    };
    child.once("error", (error) => fail(`could not be started: ${error.message}`));
    child.once("exit", (code, signal) => fail(`exited (${signal ?? `code ${code}`})`));
  });

  // Calls one at a time, as the CLI makes them: `print` output belongs to the call in flight.
  let queue: Promise<unknown> = Promise.resolve();
  const callPrinting = (method: string, params: Record<string, unknown>): Promise<{ result: unknown; printed: string }> => {
    const run = () =>
      new Promise<{ result: unknown; printed: string }>((resolve, reject) => {
        if (exited) return reject(exited);
        const id = nextId++;
        const entry: Pending = { resolve: (result) => resolve({ result, printed: entry.printed.join("\n") }), reject, printed: [] };
        pending.set(id, entry);
        current = entry;
        send({ jsonrpc: "2.0", id, method, params });
      });
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };
  return clientOver(
    {
      kind: "json-rpc",
      call: callPrinting,
      async close() {
        await queue;
        child.stdin?.end();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await died;
        clearTimeout(timer);
        rmSync(dir, { recursive: true, force: true });
        keepUntilClosed();
      },
    },
    target,
  );

}
