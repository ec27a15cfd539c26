import { defineCommand } from "../command.js";
import { ALLOW_PRODUCTION_FLAG } from "../../project/production-guard.js";

interface DevOptions {
  entry?: string;
  allowProduction?: boolean;
}

/** `backant dev` (the generated `npm run dev`): sync, serve with reload, re-sync on model changes. */
export const devCommand = defineCommand<DevOptions>({
  command: "dev",
  describe: "Sync the dev database with the models, run src/server.ts, restart on changes (re-syncing when a model changes)",
  examples: [
    ["backant dev", "sync, then `node --import tsx src/server.ts`, restarted on every change under src/"],
    ["CLEAR_DB=true backant dev", "drop and rebuild the database (then seed) before starting; refused in production"],
    ["backant dev --entry src/main.ts", "another server entry"],
  ],
  builder: (y) =>
    y
      .option("entry", { type: "string", describe: "Server entry file, relative to the project (default src/server.ts)" })
      .option(ALLOW_PRODUCTION_FLAG, { type: "boolean", describe: "Let CLEAR_DB=true reset a production database (NODE_ENV=production, or a database marked production)" }),
  run: async (options, context) => {
    const [{ resolveProject }, { runDev }] = await Promise.all([import("../../project/context.js"), import("../../sync/dev-server.js")]);
    const project = resolveProject(context.cwd, context.env);
    const controller = new AbortController();
    let stoppedBy: "SIGINT" | "SIGTERM" | undefined;
    const stop = (signal: "SIGINT" | "SIGTERM") => {
      stoppedBy ??= signal;
      controller.abort();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    const { handleSignalsHere } = await import("../../process-exit.js");
    const release = handleSignalsHere();
    try {
      const summary = await runDev(project, {
        log: (line: string) => context.log(`[backant] ${line}`),
        allowProduction: options.allowProduction === true,
        signal: controller.signal,
        ...(options.entry === undefined ? {} : { entry: options.entry }),
      });
      // Stopped with Ctrl-C (or SIGTERM): the server was stopped cleanly, and the exit code says how it ended, as everywhere.
      const exitCode = stoppedBy === "SIGINT" ? 130 : stoppedBy === "SIGTERM" ? 143 : 0;
      return { lines: [`Stopped${stoppedBy ? ` (${stoppedBy})` : ""}: ${summary.starts} server start${summary.starts === 1 ? "" : "s"}, ${summary.resyncs} re-sync${summary.resyncs === 1 ? "" : "s"}.`], data: { ...summary }, exitCode };
    } finally {
      release();
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    }
  },
});
