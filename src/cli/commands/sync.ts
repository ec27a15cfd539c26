import { defineCommand } from "../command.js";
import { assertNotProduction } from "../../project/production-guard.js";

interface SyncOptions {
  force?: boolean;
  acceptDataLoss?: boolean;
  allowProduction?: boolean;
}

/** `backant sync`: models -> schema -> dev database (db push, no data loss) -> client; skipped when nothing changed. */
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
      .option("accept-data-loss", { type: "boolean", describe: "Apply a change even when it drops columns or tables with data (Prisma's --accept-data-loss)" })
      .option("allow-production", { type: "boolean", describe: "With --accept-data-loss: allow it when NODE_ENV=production" }),
  run: async (options, context) => {
    if (options.acceptDataLoss) assertNotProduction({ action: "backant sync --accept-data-loss (may drop columns and tables with data)", env: context.env, allowProduction: options.allowProduction });
    // A short-lived process: Liftoff-only compiles Prisma's validator faster than it would pay off (not in backant dev).
    (await import("../../schema/wasm-startup.js")).preferBaselineWasmCompiler();
    const { syncProject } = await import("../../sync/sync.js");
    const result = await syncProject({
      projectDir: context.cwd,
      env: context.env,
      log: context.log,
      force: options.force === true,
      acceptDataLoss: options.acceptDataLoss === true,
    });
    const lines = result.skipped
      ? [`Database and client are up to date with the models (${result.database}); nothing to do.`]
      : [
          `Synced ${result.database} with the models (${result.reason}):` +
            ` ${[result.schemaWritten ? "schema written" : "schema unchanged", result.pushed ? "database pushed" : "database already matched", result.generated ? "client generated" : "client up to date"].join(", ")}` +
            ` in ${(result.durationMs / 1000).toFixed(1)} s.`,
        ];
    return { lines, data: { ...result } };
  },
});
