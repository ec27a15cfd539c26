import { defineCommand, type CommandContext, type CommandResult } from "../command.js";
import { ALLOW_PRODUCTION_FLAG } from "../../project/production-guard.js";

export interface SyncOptions {
  force?: boolean;
  acceptDataLoss?: boolean;
  allowProduction?: boolean;
}

/** `backant sync`: models -> schema -> dev database (schema push, no data loss) -> client; skipped when nothing changed. */
export const syncCommand = defineCommand<SyncOptions>({
  command: "sync",
  describe: "Bring the development database and the Prisma client in line with src/models (skipped when nothing changed)",
  examples: [
    ["backant sync", "render prisma/schema.prisma, push it to the dev database, regenerate the client"],
    ["backant sync --force", "do all of it even when the fingerprint says nothing changed"],
    ["backant sync --report", "one JSON object: skipped or not, why, what ran"],
  ],
  builder: (y) =>
    y
      .option("force", { type: "boolean", describe: "Ignore the fingerprint of the last sync: render, push and generate again" })
      .option("accept-data-loss", { type: "boolean", describe: "Apply a change even when it drops columns or tables with data" })
      .option(ALLOW_PRODUCTION_FLAG, { type: "boolean", describe: "With --accept-data-loss: allow it on a production database" }),
  run: async (options, context) => {
    const { resolveProject } = await import("../../project/context.js");
    return syncInProject(resolveProject(context.cwd, context.env), options, context);
  },
});

/** The command once the project is resolved (also the MCP server's sync tool). */
export async function syncInProject(project: import("../../project/context.js").ProjectContext, options: SyncOptions, context: CommandContext): Promise<CommandResult> {
  const { guardEnvironment } = await import("../../project/production-guard.js");
  if (options.acceptDataLoss) guardEnvironment(project.environment, { action: "backant sync --accept-data-loss (may drop columns and tables with data)", allowProduction: options.allowProduction === true });
  const { skippedSync, syncProject } = await import("../../sync/sync.js");
  // The up-to-date check writes nothing and takes no lock: it is the common case, and the fast one.
  const result =
    (options.force ? undefined : await skippedSync(project)) ??
    (await (await import("../../project/lock.js")).withProjectLock(project.dir, { command: "sync" }, async () => {
      (await import("../../schema/wasm-startup.js")).preferBaselineWasmCompiler();
      return syncProject(project, { log: context.log, force: options.force === true, acceptDataLoss: options.acceptDataLoss === true, allowProduction: options.allowProduction === true });
    }));
  return syncOutput(result);
}

/** What `backant sync` prints (shared with the fast path of src/cli/fast-path.ts). */
export function syncOutput(result: import("../../sync/sync.js").SyncResult): CommandResult {
  const lines = result.skipped
    ? [`Database and client are up to date with the models (${result.database}); nothing to do.`]
    : [
        `Synced ${result.database} with the models (${result.reason}):` +
          ` ${[result.schemaWritten ? "schema written" : "schema unchanged", result.executedSteps > 0 ? "database changed" : "database already matched", result.generated ? "client generated" : "client up to date"].join(", ")}` +
          ` in ${(result.durationMs / 1000).toFixed(1)} s.`,
        ...(result.recorded.length > 0 ? [`The database now has what ${result.recorded.join(", ")} ${result.recorded.length === 1 ? "does" : "do"}: recorded as applied.`] : []),
      ];
  return { lines, data: { ...result } };
}
