import type { DiffTarget } from "@prisma/schema-engine-wasm";
import { schemaEngineCommit } from "../prisma/versions.js";
import type { DiffSide, EngineTarget, SchemaEngineClient, SchemaFile } from "./client.js";
import { NO_FILTER } from "./client.js";
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
  const callPrinting = <T>(method: keyof typeof METHODS, params: Record<string, unknown>): Promise<{ result: T; printed: string }> => {
    const run = async (): Promise<{ result: T; printed: string }> => {
      if (closed) throw new Error("The schema engine was closed.");
      const handler = METHODS[method];
      if (!handler) throw new Error(`Unknown schema engine method ${method}`);
      const printed: string[] = [];
      const host = { print: async (content: string) => void printed.push(content) };
      try {
        return { result: (await handler(session, params, host)) as T, printed: printed.join("\n") };
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
  const call = async <T>(method: keyof typeof METHODS, params: Record<string, unknown>): Promise<T> => (await callPrinting<T>(method, params)).result;
  const files = (schema: SchemaFile[]) => ({ files: schema.map((file) => ({ path: file.path, content: file.content })) });
  const projectSchema = () => ({ ...files(target.schema), configDir: target.cwd });
  const diffTarget = (side: DiffSide): DiffTarget => {
    switch (side.kind) {
      case "empty":
        return { tag: "empty" };
      case "schema":
        return { tag: "schemaDatamodel", ...files(side.files) };
      case "database":
        return { tag: "schemaDatasource", ...projectSchema() };
      case "migrations":
        return { tag: "migrations", ...side.list };
    }
  };

  return {
    kind: "in-process",
    schemaPush: ({ schema, force, filter }) => call("schemaPush", { force, schema: files(schema), filters: filter ?? NO_FILTER }),
    async diff(from, to, { script, filter }) {
      const { result, printed: text } = await callPrinting<{ exitCode: number }>("diff", { from: diffTarget(from), to: diffTarget(to), script, exitCode: true, filters: filter ?? NO_FILTER });
      // --exit-code semantics: 2 when the two sides differ.
      const changed = result.exitCode === 2;
      return { changed, text: changed ? (text.endsWith("\n") ? text : `${text}\n`) : "" };
    },
    evaluateDataLoss: (migrations, schema, filter) => call("evaluateDataLoss", { migrationsList: migrations, schema: files(schema), filters: filter ?? NO_FILTER }),
    createMigration: ({ migrations, schema, name, draft, filter }) =>
      call("createMigration", { migrationsList: migrations, schema: files(schema), migrationName: name, draft, filters: filter ?? NO_FILTER }),
    applyMigrations: (migrations, filter) => call("applyMigrations", { migrationsList: migrations, filters: filter ?? NO_FILTER }),
    devDiagnostic: async (migrations, filter) => (await call<{ action: import("./client.js").DevAction }>("devDiagnostic", { migrationsList: migrations, filters: filter ?? NO_FILTER })).action,
    diagnoseMigrationHistory: (migrations, { optInToShadowDatabase, filter }) =>
      call("diagnoseMigrationHistory", { migrationsList: migrations, optInToShadowDatabase, filters: filter ?? NO_FILTER }),
    markMigrationApplied: async (name, migrations) => void (await call("markMigrationApplied", { migrationName: name, migrationsList: migrations })),
    markMigrationRolledBack: async (name) => void (await call("markMigrationRolledBack", { migrationName: name })),
    reset: async (filter) => void (await call("reset", { filter: filter ?? NO_FILTER })),
    introspect: ({ schema, force, baseDirectoryPath, namespaces }) =>
      call("introspect", { schema: files(schema), force, baseDirectoryPath, compositeTypeDepth: -1, namespaces: namespaces ?? null }),
    executeScript: async (script) => void (await call("dbExecute", { datasourceType: { tag: "schema", ...projectSchema() }, script })),
    ensureConnection: async () => void (await call("ensureConnectionValidity", { datasource: { tag: "Schema", ...files(target.schema) } })),
    createDatabase: async () => (await call<{ databaseName: string }>("createDatabase", { datasource: { tag: "Schema", ...files(target.schema) } })).databaseName,
    version: async () => `schema-engine-cli ${schemaEngineCommit()}`,
    async close() {
      if (closed) return;
      await queue;
      closed = true;
      await session.dispose();
    },
  };
}
