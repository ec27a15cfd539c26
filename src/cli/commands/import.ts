import path from "node:path";
import { InputError } from "../../errors.js";
import { defineCommand, type CommandResult } from "../command.js";
import { countModels } from "./schema.js";

interface ImportOptions {
  schema?: string;
  fromDatabase?: string | boolean;
  force: boolean;
  dryRun: boolean;
}

/** The provider a database URL points to. */
function providerOfUrl(url: string): "postgresql" | "sqlite" | "mysql" | undefined {
  if (/^file:/i.test(url)) return "sqlite";
  const scheme = /^([a-z0-9+.-]+):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === "postgres" || scheme === "postgresql") return "postgresql";
  if (scheme === "mysql" || scheme === "mariadb") return "mysql";
  return undefined;
}

/**
 * `backant import [schema.prisma]` and `backant import --from-database [URL]`: an existing Prisma
 * schema or database as model files (src/models/*.model.ts, enums in src/models/enums.ts) that
 * render to the same database and the same Prisma Client.
 */
export const importCommand = defineCommand<ImportOptions>({
  command: "import [schema]",
  describe: "Write model files (src/models) from an existing Prisma schema or database",
  examples: [
    ["backant import", "import prisma/schema.prisma (or the prisma/schema/ folder) into src/models"],
    ["backant import ../legacy/schema.prisma --dry-run", "list the model files it would write, write nothing"],
    ["backant import ../legacy/prisma/schema", "import a multi-file schema (a folder of .prisma files)"],
    ["backant import --from-database", "introspect the database of DATABASE_URL (.env) and import it"],
    ['backant import --from-database "postgresql://me@localhost:5432/shop"', "introspect that database"],
    ["backant import --force", "write over existing model files"],
  ],
  builder: (y) =>
    y
      .positional("schema", { type: "string", describe: "Prisma schema file, or folder of .prisma files, to import (default: the project's prisma/schema.prisma)" })
      .option("from-database", { type: "string", describe: "Introspect a database instead: its URL, or none for DATABASE_URL (environment, then .env)" })
      .option("force", { type: "boolean", default: false, describe: "Write over existing model files (and switch the project's provider)" })
      .option("dry-run", { type: "boolean", default: false, describe: "Print the planned writes and write nothing" })
      .conflicts("schema", "from-database"),
  run: async (options, context) => {
    (await import("../../schema/wasm-startup.js")).preferBaselineWasmCompiler();
    const [{ planImport }, { applyPlan }, { describeWrites, plannedLines }] = await Promise.all([
      import("../../import/import-project.js"),
      import("../../scaffold/plan.js"),
      import("../../scaffold/plan-summary.js"),
    ]);
    let schemaText: string | Array<[string, string]>;
    let source: string;
    if (options.fromDatabase !== undefined) {
      const { projectEnv } = await import("../../project/env.js");
      const { redactUrl } = await import("../../project/database-target.js");
      const url = typeof options.fromDatabase === "string" && options.fromDatabase !== "" ? options.fromDatabase : projectEnv(context.cwd, context.env).DATABASE_URL?.trim();
      if (!url)
        throw new InputError("--from-database needs a database URL, and DATABASE_URL is not set (neither in the environment nor in .env).", {
          code: "NO_DATABASE_URL",
          hint: 'Give the URL: backant import --from-database "postgresql://user@host:5432/db", or set DATABASE_URL.',
        });
      const provider = providerOfUrl(url);
      if (!provider) throw new InputError(`--from-database: ${redactUrl(url)} is not a PostgreSQL, MySQL or SQLite (file:) URL.`, { code: "BAD_DATABASE_URL", hint: "Give a postgresql://, mysql:// or file: URL." });
      const { introspectDatabase } = await import("../../import/introspect-database.js");
      context.log(`Introspecting ${redactUrl(url)} ...`);
      schemaText = await introspectDatabase(url, provider, context.cwd);
      source = "the database";
    } else {
      const { readProjectConfig } = await import("../../project/config.js");
      const { readSchemaFiles } = await import("../../import/schema-files.js");
      const { existsSync } = await import("node:fs");
      let file = path.resolve(context.cwd, options.schema ?? readProjectConfig(context.cwd).schemaPath);
      // Without an argument, a multi-file schema in prisma/schema/ (Prisma's folder layout) is the schema too.
      if (options.schema === undefined && !existsSync(file) && existsSync(path.join(path.dirname(file), "schema"))) file = path.join(path.dirname(file), "schema");
      const files = readSchemaFiles(file, context.cwd);
      schemaText = files.length === 1 ? files[0]![1] : files;
      source = path.relative(context.cwd, file) || file;
    }
    // Reads the models folder and writes into it: one backant command at a time (a dry run writes nothing).
    const work = async (): Promise<CommandResult> => {
      const plan = await planImport({ projectDir: context.cwd, schemaText, source, force: options.force });
      const shownDir = path.relative(context.cwd, plan.modelsDir) || ".";
      const data = {
        source,
        provider: plan.schema.provider,
        naming: plan.schema.naming,
        models: plan.schema.models.map((m) => m.name),
        enums: plan.schema.enums.map((e) => e.name),
        notes: plan.schema.notes,
        leftInPlace: plan.leftInPlace,
        dryRun: options.dryRun,
      };
      const noteLines = plan.schema.notes.map((note) => `note: ${note}`);
      const leftLines = plan.leftInPlace.map((name) => `left in place: ${shownDir}/${name} (not in the imported schema)`);
      if (options.dryRun) {
        const writes = describeWrites(plan.writes);
        return { lines: [...plannedLines(writes, context.cwd), ...noteLines, ...leftLines], data: { ...data, writes, exitCode: 0 } };
      }
      const applied = applyPlan(plan.writes);
      const lines = [
        ...plannedLines(applied, context.cwd, true),
        ...noteLines,
        ...leftLines,
        `Imported ${countModels(plan.schema.models.length)}${plan.schema.enums.length ? ` and ${plan.schema.enums.length} enum(s)` : ""} from ${source} into ${shownDir} (${plan.schema.provider}, database names ${plan.schema.naming === "as-written" ? "as written" : "in snake_case"}).`,
        "Next: `npx backant schema` writes prisma/schema.prisma from them; it describes the same database, so the first `backant migrate` only baselines it.",
      ];
      return { lines, data: { ...data, writes: applied, exitCode: 0 } };
    };
    if (options.dryRun) return work();
    const { withProjectLock } = await import("../../project/lock.js");
    return withProjectLock(context.cwd, { command: "import" }, work);
  },
});
