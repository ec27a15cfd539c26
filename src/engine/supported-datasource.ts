import type { Datasource } from "./datasource.js";
import { parseDatasourceUrl } from "./datasource.js";
import { EngineError, errorMessage } from "./errors.js";
import { mysqlRefusal } from "./mysql-refusal.js";

/** The datasources the wasm engine has a driver adapter for. */
export type SupportedDatasource = Extract<Datasource, { provider: "sqlite" | "postgres" }>;

/**
 * Turns a datasource URL into one this engine can serve, or the error the user should see. Kept
 * apart from the session so that `cli <subcommand>` does not load the driver adapters.
 */
export function supportedDatasource(url: string, cwd: string): SupportedDatasource {
  let datasource: Datasource;
  try {
    datasource = parseDatasourceUrl(url, cwd);
  } catch (error) {
    throw new EngineError(`The provided database string is invalid. ${errorMessage(error)}`, "P1013");
  }
  if (datasource.provider === "mysql") throw mysqlRefusal();
  if (datasource.provider === "unsupported") {
    throw new EngineError(
      `The provided database string is invalid. The scheme \`${datasource.scheme}:\` is not supported by backant's offline schema engine (file:, postgresql:).`,
      "P1013",
    );
  }
  return datasource;
}
