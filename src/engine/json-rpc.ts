import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { EngineError, JsonRpcErrorObject } from "./errors.js";
import { toJsonRpcError } from "./errors.js";
import { traceLine } from "./log.js";

type RequestId = string | number | null;

export interface JsonRpcRequest {
  id: RequestId | undefined;
  method: string;
  params: unknown;
}

export type JsonRpcResponse =
  | { jsonrpc: "2.0"; id: RequestId; result: unknown }
  | { jsonrpc: "2.0"; id: RequestId; error: JsonRpcErrorObject };

export type ParsedMessage =
  | { kind: "request"; request: JsonRpcRequest }
  | { kind: "response"; id: RequestId; error: unknown }
  | { kind: "ignored" }
  | { kind: "invalid"; response: JsonRpcResponse };

/** Parses one line: a request, a message to ignore (a response to us, a blank line), or an error to answer. */
export function parseMessage(line: string): ParsedMessage {
  if (line.trim() === "") return { kind: "ignored" };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: "invalid", response: { jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } } };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "invalid", response: { jsonrpc: "2.0", id: null, error: { code: -32600, message: "Invalid request" } } };
  }
  const message = value as Record<string, unknown>;
  const rawId = message["id"];
  const id: RequestId | undefined = typeof rawId === "string" || typeof rawId === "number" || rawId === null ? rawId : undefined;
  if (typeof message["method"] !== "string") {
    if ("result" in message || "error" in message) return { kind: "response", id: id ?? null, error: message["error"] };
    return { kind: "invalid", response: { jsonrpc: "2.0", id: id ?? null, error: { code: -32600, message: "Invalid request" } } };
  }
  return { kind: "request", request: { id, method: message["method"], params: message["params"] } };
}

export interface RpcHandlers {
  /** Whether a method exists; unknown methods are answered with -32601 without touching the engine. */
  has(method: string): boolean;
  call(method: string, params: unknown): Promise<unknown>;
  toError(error: unknown): EngineError;
}

/**
 * JSON-RPC 2.0 over stdio, one JSON object a line. Requests are answered by id; they run one at a
 * time in arrival order because the wasm engine is a single-threaded object that must not be
 * re-entered while one of its calls awaits the database.
 */
export class JsonRpcServer {
  private queue: Promise<void> = Promise.resolve();
  private nextOutgoingId = 1;
  private readonly pending = new Map<RequestId, { resolve: () => void; reject: (error: Error) => void }>();

  constructor(
    private readonly handlers: RpcHandlers,
    private readonly output: Writable,
  ) {}

  /** Serves until `input` ends; resolves once every request received has been answered. */
  serve(input: Readable): Promise<void> {
    const lines = createInterface({ input, crlfDelay: Infinity });
    lines.on("line", (line) => this.receive(line));
    return new Promise((resolve) => {
      lines.on("close", () => {
        void this.queue.then(resolve);
      });
    });
  }

  receive(line: string): void {
    traceLine("REQ", line);
    const parsed = parseMessage(line);
    if (parsed.kind === "ignored") return;
    if (parsed.kind === "response") {
      const waiting = this.pending.get(parsed.id);
      this.pending.delete(parsed.id);
      if (parsed.error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(`The Prisma CLI rejected a request: ${JSON.stringify(parsed.error)}`));
      return;
    }
    if (parsed.kind === "invalid") {
      this.send(parsed.response);
      return;
    }
    const { request } = parsed;
    this.queue = this.queue.then(() => this.handle(request));
  }

  /**
   * Asks the CLI to print text on its stdout: the native engine's `print` request, which is how
   * `migrate diff` output reaches the user (and `--output` files, which the CLI captures).
   */
  print(content: string): Promise<void> {
    const id = this.nextOutgoingId++;
    const done = new Promise<void>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const line = JSON.stringify({ jsonrpc: "2.0", id, method: "print", params: { content } });
    traceLine("OUT", line);
    this.output.write(line + "\n");
    return done;
  }

  private async handle(request: JsonRpcRequest): Promise<void> {
    let response: JsonRpcResponse;
    const id = request.id ?? null;
    if (!this.handlers.has(request.method)) {
      response = { jsonrpc: "2.0", id, error: { code: -32601, message: "Method not found" } };
    } else {
      try {
        const result = await this.handlers.call(request.method, request.params ?? {});
        response = { jsonrpc: "2.0", id, result: result ?? null };
      } catch (error) {
        response = { jsonrpc: "2.0", id, error: toJsonRpcError(this.handlers.toError(error)) };
      }
    }
    // A notification (no id) gets no answer.
    if (request.id !== undefined) this.send(response);
  }

  private send(response: JsonRpcResponse): void {
    const line = JSON.stringify(response);
    traceLine("RES", line);
    this.output.write(line + "\n");
  }
}
