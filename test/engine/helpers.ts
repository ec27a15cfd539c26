import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { enginePath, prismaCli, repoRoot } from "../support/paths.js";
import { pgQuery, uniqueDatabaseName } from "../support/postgres.js";
import { runNode } from "../support/processes.js";

export function engineDatabaseName(): string {
  return uniqueDatabaseName("bk_eng_");
}

export async function shadowDatabasesOfPid(pid: number): Promise<string[]> {
  const rows = await pgQuery<{ datname: string }>(
    "postgres",
    "SELECT datname FROM pg_database WHERE datname ~ $1",
    [`^prisma_migrate_shadow_db_[0-9a-f]+_${pid}_`],
  );
  return rows.map((row) => row.datname);
}

export function runEngine(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return runNode(enginePath, args, {
    cwd: options.cwd ?? repoRoot,
    env: options.env,
    stripFinalNewline: true,
  });
}

/** stderr lines after the first, parsed as the Prisma CLI parses them. */
export function logRecords(stderr: string): Array<{ level: string; target: string; fields: Record<string, unknown> }> {
  return stderr
    .split(/\r?\n/)
    .slice(1)
    .map((line) => JSON.parse(line) as { level: string; target: string; fields: Record<string, unknown> });
}

export interface RpcMessage {
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: { is_panic: boolean; message: string; error_code?: string } };
}

/** The engine as a JSON-RPC server on stdio, as the Prisma CLI drives it. */
export class RpcEngine {
  readonly child: ChildProcessWithoutNullStreams;
  readonly messages: RpcMessage[] = [];
  private readonly waiters: Array<() => void> = [];
  stderr = "";

  constructor(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
    this.child = spawn(process.execPath, [enginePath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, ...options.env },
    });
    this.child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: this.child.stdout }).on("line", (line) => {
      this.messages.push(JSON.parse(line) as RpcMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  send(message: unknown): void {
    this.child.stdin.write((typeof message === "string" ? message : JSON.stringify(message)) + "\n");
  }

  request(id: number, method: string, params: unknown): void {
    this.send({ jsonrpc: "2.0", id, method, params });
  }

  /** Resolves with the first message matching `predicate`, however long the engine takes. */
  async waitFor(predicate: (message: RpcMessage) => boolean): Promise<RpcMessage> {
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      if (this.child.exitCode !== null) throw new Error(`engine exited (${this.child.exitCode}): ${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        this.child.once("exit", () => resolve());
      });
    }
  }

  response(id: number): Promise<RpcMessage> {
    return this.waitFor((message) => message.id === id && message.method === undefined);
  }

  async call(id: number, method: string, params: unknown): Promise<RpcMessage> {
    this.request(id, method, params);
    return this.response(id);
  }

  /** Closes stdin as the CLI does when it is done; resolves with the exit code. */
  close(): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    const exited = new Promise<number | null>((resolve) => this.child.once("exit", (code) => resolve(code)));
    this.child.stdin.end();
    return exited;
  }
}

export function writeSchema(dir: string, provider: "sqlite" | "postgresql", models: string): string {
  const file = path.join(dir, "prisma", "schema.prisma");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `datasource db {\n  provider = "${provider}"\n}\n\n${models}\n`);
  return file;
}

export const USER_POST_MODELS = `model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}`;

/** A Prisma 7 project: schema plus prisma.config.ts with the datasource URL. */
export function writeProject(dir: string, provider: "sqlite" | "postgresql", url: string, models = USER_POST_MODELS): void {
  writeSchema(dir, provider, models);
  writeFileSync(
    path.join(dir, "prisma.config.ts"),
    `import { defineConfig } from "prisma/config";\nexport default defineConfig({ schema: "prisma/schema.prisma", migrations: { path: "prisma/migrations" }, datasource: { url: ${JSON.stringify(url)} } });\n`,
  );
}

/** The real Prisma CLI with this engine, non-interactive. */
export function runPrisma(dir: string, args: string[], env: Record<string, string> = {}) {
  return runNode(prismaCli, args, {
    cwd: dir,
    env: { PRISMA_SCHEMA_ENGINE_BINARY: enginePath, PRISMA_HIDE_UPDATE_MESSAGE: "1", ...env },
  });
}
