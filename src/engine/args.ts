/** The datasource the Prisma CLI passes with `--datasource '{json}'` (from prisma.config.ts). */
export interface DatasourceArg {
  url?: string;
  shadowDatabaseUrl?: string;
}

export const CLI_SUBCOMMANDS = ["can-connect-to-database", "create-database", "drop-database"] as const;
export type CliSubcommand = (typeof CLI_SUBCOMMANDS)[number];

export type EngineInvocation =
  | { kind: "version" }
  | { kind: "help" }
  | { kind: "cli"; subcommand: CliSubcommand; datasource: DatasourceArg }
  | { kind: "rpc"; datamodels: string[]; datasource: DatasourceArg };

export class UsageError extends Error {}

function parseDatasource(json: string): DatasourceArg {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new UsageError(`--datasource must be a JSON object, got: ${json}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError("--datasource must be a JSON object with a url");
  }
  const record = value as Record<string, unknown>;
  const datasource: DatasourceArg = {};
  for (const key of ["url", "shadowDatabaseUrl"] as const) {
    const field = record[key];
    if (field === undefined || field === null) continue;
    if (typeof field !== "string") throw new UsageError(`--datasource ${key} must be a string`);
    datasource[key] = field;
  }
  return datasource;
}

/**
 * Parses the native schema engine's command line: `[--datamodels <file>...] [--datasource <json>]
 * [--enabled-preview-features <list>] [--extension-types <json>] [cli <subcommand>]`, `--version`.
 * `--datamodels` may be repeated (Prisma passes it once per file) or take several files.
 */
export function parseEngineArgs(argv: readonly string[]): EngineInvocation {
  const datamodels: string[] = [];
  let datasource: DatasourceArg = {};
  let subcommand: string | undefined;
  let cli = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [flag, inlineValue] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const takeValue = (): string => {
      if (inlineValue !== undefined) return inlineValue;
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      i++;
      return next;
    };
    if (flag === "--version" || flag === "-V") return { kind: "version" };
    if (flag === "--help" || flag === "-h") return { kind: "help" };
    if (cli) {
      if (subcommand !== undefined) throw new UsageError(`Unexpected argument: ${arg}`);
      subcommand = arg;
      continue;
    }
    switch (flag) {
      case "--datamodels":
      case "--datamodel":
      case "-d": {
        datamodels.push(takeValue());
        while (i + 1 < argv.length && !(argv[i + 1] ?? "").startsWith("-") && argv[i + 1] !== "cli") datamodels.push(argv[++i] ?? "");
        break;
      }
      case "--datasource":
        datasource = parseDatasource(takeValue());
        break;
      case "--enabled-preview-features":
      case "--extension-types":
        // Accepted for compatibility; the wasm engine reads preview features from the schema itself.
        takeValue();
        break;
      case "cli":
        cli = true;
        break;
      default:
        throw new UsageError(`Unknown argument: ${arg}`);
    }
  }
  if (cli) {
    if (subcommand === undefined) throw new UsageError(`cli needs a subcommand: ${CLI_SUBCOMMANDS.join(", ")}`);
    if (!(CLI_SUBCOMMANDS as readonly string[]).includes(subcommand)) {
      throw new UsageError(`Unknown cli subcommand: ${subcommand} (expected ${CLI_SUBCOMMANDS.join(", ")})`);
    }
    return { kind: "cli", subcommand: subcommand as CliSubcommand, datasource };
  }
  return { kind: "rpc", datamodels, datasource };
}

export const ENGINE_HELP = `backant-schema-engine: Prisma's schema engine interface on @prisma/schema-engine-wasm (SQLite, PostgreSQL)

USAGE:
    backant-schema-engine [--datamodels <FILE>...] [--datasource <JSON>]      JSON-RPC server on stdio
    backant-schema-engine --datasource <JSON> cli <SUBCOMMAND>

SUBCOMMANDS:
    can-connect-to-database    Does the database connection string work?
    create-database            Create an empty database defined in the configuration string.
    drop-database              Drop the database.

ENVIRONMENT:
    BACKANT_ENGINE_LOG=<file>  append every request, response and log line to <file>
`;
