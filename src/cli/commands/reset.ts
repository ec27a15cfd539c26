import { defineCommand } from "../command.js";
import { InputError, Interrupted } from "../../errors.js";
import { ALLOW_PRODUCTION_FLAG } from "../../project/production-guard.js";

interface ResetOptions {
  force?: boolean;
  allowProduction?: boolean;
}

/** `backant reset` (CLEAR_DB): drop everything in the dev database, rebuild it, seed it. */
export const resetCommand = defineCommand<ResetOptions>({
  command: "reset",
  describe: "Drop everything in the development database and rebuild it from the migrations or the models, then seed it",
  examples: [
    ["backant reset", "asks first (in a terminal), then drops, rebuilds and seeds"],
    ["backant reset --force", "no question: for scripts and CI (required when not in a terminal)"],
    ["NODE_ENV=production backant reset --force --allow-production", "the explicit override of the production guard"],
  ],
  builder: (y) =>
    y
      .option("force", { type: "boolean", describe: "Do not ask; required when not run in a terminal" })
      .option(ALLOW_PRODUCTION_FLAG, { type: "boolean", describe: "Allow it in production (NODE_ENV=production, or a database marked production)" }),
  run: async (options, context) => {
    const [{ resolveProject }, { guardEnvironment }, { describeDatabase }] = await Promise.all([
      import("../../project/context.js"),
      import("../../project/production-guard.js"),
      import("../../project/database-target.js"),
    ]);
    const project = resolveProject(context.cwd, context.env);
    const action = { action: "backant reset (drops every table and all data)", allowProduction: options.allowProduction === true };
    guardEnvironment(project.environment, action);
    const database = describeDatabase(project.database());

    if (!options.force) {
      const interactive = !context.report && process.stdin.isTTY === true && process.stderr.isTTY === true;
      if (!interactive) {
        throw new InputError(`Refused: backant reset drops every table and all data in ${database}, and there is no terminal to confirm it. Nothing was changed.`, {
          code: "RESET_NEEDS_FORCE",
          hint: "Re-run with --force if that is what you want (backant reset --force).",
          details: { database },
        });
      }
      const prompts = await import("@clack/prompts");
      const answer = await prompts.confirm({ message: `Drop every table and all data in ${database} and rebuild it?`, initialValue: false });
      if (prompts.isCancel(answer)) throw new Interrupted("Interrupted at the question; nothing was changed.");
      if (answer !== true) {
        return { lines: ["Reset cancelled; nothing was changed."], data: { reset: false, cancelled: true, database }, exitCode: 1 };
      }
    }

    // A short-lived process: Liftoff-only compiles Prisma's validator faster than it would pay off (not in backant dev).
    (await import("../../schema/wasm-startup.js")).preferBaselineWasmCompiler();
    const [{ withProjectLock }, { resetProject }] = await Promise.all([import("../../project/lock.js"), import("../../sync/reset.js")]);
    const result = await withProjectLock(project.dir, { command: "reset" }, () =>
      resetProject(project, { log: context.log, allowProduction: options.allowProduction === true, output: context.report ? "capture" : "inherit" }),
    );
    const from = result.rebuiltFrom === "migrations" ? `${result.migrations.length} migration${result.migrations.length === 1 ? "" : "s"}` : "the models";
    return {
      lines: [`Reset ${result.database}: rebuilt from ${from}${result.seeded ? ", seeded" : " (no seed configured)"} in ${(result.durationMs / 1000).toFixed(1)} s.`],
      data: { reset: true, ...result },
    };
  },
});
