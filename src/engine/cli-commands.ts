import type { CliSubcommand, DatasourceArg } from "./args.js";
import { createDatabase, dropDatabase, ensureCanConnect } from "./database-admin.js";
import { EngineError, errorMessage } from "./errors.js";
import { logEngineError, logLine } from "./log.js";
import { supportedDatasource } from "./supported-datasource.js";

/**
 * `cli <subcommand>`: one administrative command, reported the way the native engine does. The
 * first stderr line is a start-up line the Prisma CLI skips; a failure is one ERROR line with
 * `fields.error_code` and `fields.message` and exit code 1.
 */
export async function runCliCommand(subcommand: CliSubcommand, datasourceArg: DatasourceArg, commit: string, cwd: string): Promise<number> {
  logLine("INFO", { message: "Starting schema engine CLI", git_hash: commit }, "schema_engine");
  try {
    if (!datasourceArg.url) throw new EngineError("The datasource URL is missing. Set `datasource.url` in prisma.config.ts.", "P1012");
    const datasource = supportedDatasource(datasourceArg.url, cwd);
    let message: string;
    switch (subcommand) {
      case "can-connect-to-database":
        await ensureCanConnect(datasource);
        message = "Connection successful";
        break;
      case "create-database":
        message = `Database '${await createDatabase(datasource)}' was successfully created.`;
        break;
      case "drop-database":
        await dropDatabase(datasource);
        message = "The database was successfully dropped.";
        break;
    }
    logLine("INFO", { message }, "schema_engine::commands");
    return 0;
  } catch (error) {
    const engineError = error instanceof EngineError ? error : new EngineError(errorMessage(error));
    logEngineError(engineError);
    return 1;
  }
}
