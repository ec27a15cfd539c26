import { defineCommand } from "../command.js";

/** `backant seed`: the project's seed command (prisma.config.ts migrations.seed). */
export const seedCommand = defineCommand<Record<string, never>>({
  command: "seed",
  describe: "Run the project's seed (prisma.config.ts migrations.seed, e.g. tsx prisma/seed.ts) against the development database",
  examples: [
    ["backant seed", "run prisma/seed.ts with the project's tsx"],
    ["backant seed --report", "one JSON object; the seed's output is kept out of stdout"],
  ],
  builder: (y) => y,
  run: async (_options, context) => {
    const [{ resolveProject }, { runSeed }] = await Promise.all([import("../../project/context.js"), import("../../sync/seed.js")]);
    const project = resolveProject(context.cwd, context.env);
    const result = await runSeed(project, { output: context.report ? "capture" : "inherit", required: true });
    return { lines: [`Seeded the database in ${(result.durationMs / 1000).toFixed(1)} s.`], data: { seeded: true, command: result.command, durationMs: result.durationMs } };
  },
});
