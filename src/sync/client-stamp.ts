import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sha256 } from "../database/metadata.js";

/**
 * A stamp beside the generated Prisma client (src/generated/prisma/.backant-sync.json): which model
 * inputs and which schema it was generated from, and a signature of the generated files (names,
 * sizes, mtimes). A deleted, regenerated-by-hand or stale client fails the comparison, and the next
 * sync runs `prisma generate` again. It lives in the client's folder so that deleting the client
 * deletes the stamp, and it is git-ignored with it, so a fresh clone has none.
 */
export interface ClientStamp {
  version: 1;
  inputsHash: string;
  schemaHash: string;
  clientSignature: string;
}

const STAMP_FILE = ".backant-sync.json";

/** The prisma-client generator's output folder named in the schema (relative to the schema file), if any. */
export function generatedClientDir(schemaText: string, schemaPath: string): string | undefined {
  const block = /generator\s+\w+\s*\{([^}]*)\}/.exec(schemaText)?.[1];
  const output = block === undefined ? undefined : /^\s*output\s*=\s*"([^"]+)"/m.exec(block)?.[1];
  return output === undefined ? undefined : path.resolve(path.dirname(schemaPath), output);
}

/** Cheap: one readdir and a stat per top-level file; "missing" when the folder is gone. */
export function clientSignature(dir: string): string {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name !== STAMP_FILE).sort();
  } catch {
    return "missing";
  }
  if (names.length === 0) return "missing";
  const lines = names.map((name) => {
    const stat = statSync(path.join(dir, name));
    return `${name}:${stat.isDirectory() ? "d" : "f"}:${stat.size}:${Math.round(stat.mtimeMs)}`;
  });
  return sha256(lines.join("\n"));
}

export function readClientStamp(dir: string): ClientStamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(path.join(dir, STAMP_FILE), "utf8")) as Partial<ClientStamp>;
    if (stamp.version !== 1 || typeof stamp.inputsHash !== "string" || typeof stamp.schemaHash !== "string" || typeof stamp.clientSignature !== "string") return undefined;
    return stamp as ClientStamp;
  } catch {
    return undefined;
  }
}

export function writeClientStamp(dir: string, stamp: Omit<ClientStamp, "version" | "clientSignature">): void {
  mkdirSync(dir, { recursive: true });
  const full: ClientStamp = { version: 1, ...stamp, clientSignature: clientSignature(dir) };
  writeFileSync(path.join(dir, STAMP_FILE), JSON.stringify(full, null, 2) + "\n");
}
