import type { Writable } from "node:stream";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMcpServer, type McpServerOptions } from "./server.js";

/**
 * Serves the MCP server on this process's stdin and stdout until the client closes stdin.
 *
 * Over stdio, stdout is the protocol: one stray line (a console.log in a dependency, a child's
 * output) and the client drops the connection. So the transport gets the real stdout, and for as
 * long as the server runs everything else that writes to process.stdout or console.log/info/debug
 * goes to stderr instead, where clients show it as the server's log.
 */
export async function serveMcpOverStdio(options: Omit<McpServerOptions, "log">): Promise<void> {
  const stdout = process.stdout;
  const protocolWrite = stdout.write.bind(stdout) as (chunk: string) => boolean;
  const protocol = { write: (chunk: string) => protocolWrite(chunk), once: (event: string, listener: () => void) => stdout.once(event, listener) } as unknown as Writable;
  const toStderr = (...args: unknown[]) => (process.stderr.write as (...a: unknown[]) => boolean)(...args);
  stdout.write = toStderr as typeof stdout.write;
  for (const method of ["log", "info", "debug"] as const) console[method] = console.error;

  const server = createMcpServer({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
  const transport = new StdioServerTransport(process.stdin, protocol);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    // The SDK's stdio transport does not end on end of input: the client closing our stdin is the
    // end of the session.
    process.stdin.once("end", () => void server.close().finally(resolve));
    process.stdin.once("close", () => void server.close().finally(resolve));
  });
  await server.connect(transport);
  await closed;
}
