import { CommandFailure, InputError } from "../errors.js";
import type { Provider } from "../schema/project-config.js";

/**
 * The Prisma schema of a live database, as `prisma db pull` writes it, from the offline engine
 * in-process (Prisma's wasm schema engine behind backant's engine session). One function so the
 * typed engine client can take over its body.
 *
 * PostgreSQL and SQLite only: the wasm engine cannot drive MySQL (see notes/offline-engine.md).
 */
export async function introspectDatabase(url: string, provider: Provider, cwd: string = process.cwd()): Promise<string> {
  if (provider === "mysql")
    throw new InputError("backant's offline engine cannot introspect MySQL databases (Prisma's wasm engine refuses MySQL).", {
      code: "IMPORT_MYSQL_DATABASE",
      hint: "Run `BACKANT_ENGINE=native npx prisma db pull` (Prisma's native engine), then `backant import prisma/schema.prisma`.",
    });
  const [{ EngineSession }, { METHODS }, { EngineError }] = await Promise.all([import("../engine/session.js"), import("../engine/methods.js"), import("../engine/errors.js")]);
  const session = new EngineSession([], { url }, cwd, () => {});
  const schema = `datasource db {\n  provider = ${JSON.stringify(provider)}\n}\n`;
  try {
    const result = (await METHODS.introspect!(session, { schema: { files: [{ path: "schema.prisma", content: schema }] }, baseDirectoryPath: cwd, force: true, compositeTypeDepth: -1, namespaces: null }, {
      print: async () => {},
    })) as { schema: { files: Array<{ content: string }> } };
    const text = result.schema.files.map((f) => f.content).join("\n");
    if (!/^\s*(model|view)\s/m.test(text)) throw new CommandFailure("The database has no tables to import.", { code: "IMPORT_EMPTY_DATABASE", hint: "Point the URL at the database that holds the tables (for PostgreSQL, ?schema=NAME for a schema other than public)." });
    return text;
  } catch (error) {
    if (error instanceof CommandFailure || error instanceof InputError) throw error;
    const engineError = error instanceof EngineError ? error : session.toEngineError(error);
    if (engineError.errorCode === "P4001")
      throw new CommandFailure("The database has no tables to import.", { code: "IMPORT_EMPTY_DATABASE", hint: "Point the URL at the database that holds the tables (for PostgreSQL, ?schema=NAME for a schema other than public).", cause: error });
    throw new CommandFailure(`Could not introspect the database: ${engineError.message}`, {
      code: "IMPORT_INTROSPECTION_FAILED",
      hint: "Check that the database URL is right and the server is reachable.",
      details: { prismaErrorCode: engineError.errorCode },
      cause: error,
    });
  } finally {
    await session.dispose();
  }
}
