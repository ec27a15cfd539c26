import { defineCommand } from "../command.js";

/** `backant seed`: the project's seed, through Prisma's seed configuration (prisma.config.ts migrations.seed). */
export const seedCommand = defineCommand<Record<string, never>>({
  command: "seed",
  describe: "Run the project's seed (prisma.config.ts migrations.seed, e.g. tsx prisma/seed.ts) against the development database",
  examples: [
    ["backant seed", "run prisma/seed.ts through `prisma db seed`"],
    ["backant seed --report", "one JSON object; the seed's output is kept out of stdout"],
  ],
  builder: (y) => y,
  run: async (_options, context) => {
    const { noSeedConfigured, runSeed } = await import("../../sync/seed.js");
    const result = await runSeed({ projectDir: context.cwd, env: context.env, output: context.report ? "capture" : "inherit" });
    if (!result.configured) throw noSeedConfigured(context.cwd);
    return { lines: [`Seeded the database in ${(result.durationMs / 1000).toFixed(1)} s.`], data: { seeded: true, durationMs: result.durationMs } };
  },
});
