import { recordSync, sha256 } from "../database/metadata.js";
import { openProjectDatabase } from "../database/project-database.js";
import type { ProjectContext } from "../project/context.js";
import { applyPendingMigrations } from "../migrations/apply.js";
import { readMigrations } from "../migrations/migration-folders.js";
import { syncInputsHash } from "./sync-inputs.js";
import { generateClientIfNeeded } from "./sync.js";
import { runSeed } from "./seed.js";

export interface ResetOptions {
  log?: (line: string) => void;
  allowProduction: boolean;
  /** The seed's output: shown (inherit) or kept for errors (capture). */
  output?: "inherit" | "capture";
}

export interface ResetResult {
  /** models: the models' schema pushed; migrations: prisma/migrations applied. */
  rebuiltFrom: "models" | "migrations";
  migrations: string[];
  database: string;
  seeded: boolean;
  durationMs: number;
}

/**
 * `backant reset` and CLEAR_DB=true: drop everything in the database and rebuild it, from the
 * migrations when prisma/migrations holds any (so it matches what production gets), else from the
 * models; then regenerate the client if needed and run the seed when one is configured. The caller
 * has confirmed; the production guard runs here, against the environment and the database's mark.
 * An allowed reset rebuilds the database in this environment, so it records this environment.
 */
export async function resetProject(context: ProjectContext, options: ResetOptions): Promise<ResetResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const migrations = readMigrations(context.paths.migrations);
  const { planSchemaFile } = await import("../scaffold/schema-file.js");
  const plan = await planSchemaFile(context.dir);
  const schema = [{ path: context.paths.schema, content: plan.text }];
  const database = await openProjectDatabase(context, { create: true });
  try {
    await database.authorize({ action: "backant reset (drops every table and all data)", allowProduction: options.allowProduction });
    const engine = await database.engine(schema);
    log(migrations.length > 0 ? `Dropping everything and re-applying ${migrations.length} migration${migrations.length === 1 ? "" : "s"}...` : "Dropping everything and rebuilding the database from the models...");
    await engine.reset();
    if (migrations.length > 0) {
      await applyPendingMigrations(database.connection, migrations);
    } else {
      await engine.schemaPush({ schema, force: true });
      const { applyPlan } = await import("../scaffold/plan.js");
      applyPlan([plan.write]);
      await recordSync(database.connection, sha256(plan.text));
    }
    await database.recordEnvironment({ overwrite: true });
  } finally {
    await database.close();
  }
  // The client follows the models; after a rebuild from migrations, the next sync pushes what they lack.
  await generateClientIfNeeded(context, plan.text, sha256(plan.text), syncInputsHash(context.dir, context.config), false, log);
  const seed = await runSeed(context, { output: options.output ?? "capture", required: false });
  if (seed.configured) log("Seeded the database.");
  return {
    rebuiltFrom: migrations.length > 0 ? "migrations" : "models",
    migrations: migrations.map((migration) => migration.name),
    database: database.description,
    seeded: seed.configured,
    durationMs: Math.round(performance.now() - started),
  };
}
