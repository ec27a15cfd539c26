import { InputError } from "../../errors.js";
import { defineCommand } from "../command.js";
import { ALLOW_PRODUCTION_FLAG } from "../../project/production-guard.js";

interface RollbackOptions {
  target?: string;
  steps?: number;
  to?: string;
  force: boolean;
  allowProduction: boolean;
}

/** `backant rollback [base] [--steps N | --to NAME] [--force]`: undo applied migrations with their down.sql. */
export const rollbackCommand = defineCommand<RollbackOptions>({
  command: "rollback [target]",
  describe: "Undo the last applied migration (or several) by running its down.sql; `migrate deploy` re-applies it",
  examples: [
    ["backant rollback", "undo the last applied migration"],
    ["backant rollback --steps 2", "undo the last two, newest first"],
    ["backant rollback --to 20261125120000_init", "undo every migration after init (init stays applied)"],
    ["backant rollback base --force", "undo all migrations, even those whose down.sql loses data"],
  ],
  builder: (y) =>
    y
      .positional("target", { type: "string", describe: "base: undo every applied migration" })
      .option("steps", { type: "number", describe: "Undo the last N applied migrations" })
      .option("to", { type: "string", describe: "Undo the migrations applied after NAME (folder name, or its part after the timestamp)" })
      .option("force", { type: "boolean", default: false, describe: "Run down.sql files that lose data without asking; compute missing down.sql files from the history" })
      .option(ALLOW_PRODUCTION_FLAG, { type: "boolean", default: false, describe: "Allow it in production (NODE_ENV=production, or a database marked production)" })
      .conflicts("steps", "to"),
  run: async (options, context) => {
    const [{ resolveProject }, { guardEnvironment }] = await Promise.all([import("../../project/context.js"), import("../../project/production-guard.js")]);
    const project = resolveProject(context.cwd, context.env);
    guardEnvironment(project.environment, { action: "backant rollback (runs down.sql files)", allowProduction: options.allowProduction });
    const target = rollbackTarget(options);
    const [{ rollback }, { terminalConfirm }] = await Promise.all([import("../../migrations/rollback.js"), import("../../migrations/ask.js")]);
    const result = await rollback(project, { target, force: options.force, allowProduction: options.allowProduction, confirm: terminalConfirm(context.report) });
    const data = { database: result.database, rolledBack: result.rolledBack, current: result.current ?? null, transactional: result.transactional, exitCode: 0 };
    if (result.rolledBack.length === 0) return { lines: [`Nothing to roll back${result.current ? `: ${result.current} is the last applied migration` : ""}.`], data };
    const lines = [
      `Rolled back ${result.rolledBack.length} ${result.rolledBack.length === 1 ? "migration" : "migrations"}${result.transactional ? " in one transaction" : ""}:`,
      ...result.rolledBack.map((m) => `  ${m.name}${m.down === "generated" ? " (down.sql computed from the history)" : ""}${m.dataLoss.length > 0 ? ` - lost: ${m.dataLoss.join("; ")}` : ""}`),
      result.current ? `The database is now at ${result.current}.` : "No migration is applied now.",
      "`backant migrate deploy` applies them again.",
    ];
    return { lines, data };
  },
});

function rollbackTarget(options: RollbackOptions): import("../../migrations/rollback.js").RollbackTarget {
  if (options.target !== undefined && options.target !== "base") {
    throw new InputError(`Unknown rollback target "${options.target}".`, { code: "BAD_ROLLBACK_TARGET", hint: "Use `backant rollback` (last), `--steps N`, `--to NAME` or `base` (all)." });
  }
  if (options.target === "base") {
    if (options.steps !== undefined || options.to !== undefined) throw new InputError("`base` undoes every migration; do not combine it with --steps or --to.", { code: "BAD_ROLLBACK_TARGET" });
    return { kind: "base" };
  }
  if (options.steps !== undefined) return { kind: "steps", steps: options.steps };
  if (options.to !== undefined) {
    if (options.to.trim() === "") throw new InputError("--to needs a migration name.", { code: "BAD_ROLLBACK_TARGET" });
    return { kind: "to", name: options.to.trim() };
  }
  return { kind: "last" };
}
