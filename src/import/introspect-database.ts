import { CommandFailure, InputError } from "../errors.js";
import type { Provider } from "../project/config.js";

/**
 * The Prisma schema of a live database, as `prisma db pull` writes it, from the offline engine
 * through the typed schema-engine client (Prisma's wasm engine, in-process).
 *
 * PostgreSQL and SQLite only: the wasm engine cannot drive MySQL (see notes/offline-engine.md).
 */
export async function introspectDatabase(url: string, provider: Provider, cwd: string = process.cwd()): Promise<string> {
  if (provider === "mysql")
    throw new InputError("backant's offline engine cannot introspect MySQL databases (Prisma's wasm engine refuses MySQL).", {
      code: "IMPORT_MYSQL_DATABASE",
      hint: "Run `BACKANT_ENGINE=native npx prisma db pull` (Prisma's native engine), then `backant import prisma/schema.prisma`.",
    });
  const [{ openInProcessEngine }, { EngineError }] = await Promise.all([import("../engine/in-process-client.js"), import("../engine/errors.js")]);
  const schema = [{ path: "schema.prisma", content: `datasource db {\n  provider = ${JSON.stringify(provider)}\n}\n` }];
  const engine = openInProcessEngine({ url, schema, cwd });
  try {
    const result = await engine.introspect({ schema, baseDirectoryPath: cwd, force: true });
    const text = result.schema.files.map((f) => f.content).join("\n");
    if (!/^\s*(model|view)\s/m.test(text)) throw new CommandFailure("The database has no tables to import.", { code: "IMPORT_EMPTY_DATABASE", hint: "Point the URL at the database that holds the tables (for PostgreSQL, ?schema=NAME for a schema other than public)." });
    return text;
  } catch (error) {
    if (error instanceof CommandFailure || error instanceof InputError) throw error;
    const engineError = error instanceof EngineError ? error : new EngineError(String(error));
    if (engineError.errorCode === "P4001")
      throw new CommandFailure("The database has no tables to import.", { code: "IMPORT_EMPTY_DATABASE", hint: "Point the URL at the database that holds the tables (for PostgreSQL, ?schema=NAME for a schema other than public).", cause: error });
    throw new CommandFailure(`Could not introspect the database: ${engineError.message}`, {
      code: "IMPORT_INTROSPECTION_FAILED",
      hint: "Check that the database URL is right and the server is reachable.",
      details: { prismaErrorCode: engineError.errorCode },
      cause: error,
    });
  } finally {
    await engine.close();
  }
}
