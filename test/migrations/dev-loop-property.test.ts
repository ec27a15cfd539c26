// Issue 13 point 3: random sequences of model changes (add, remove or rename a field, add a model
// with a relation, add an index, change optionality) interleaved with sync, migrate, rollback and
// deploy on the dev database. After every migrate: `migrate status` is up to date, the dev
// database's catalog equals the one `migrate deploy` of all the migrations gives on a fresh
// database, and the rows inserted along the way are still there. After every other step: no failed
// migration, the rows kept, and up to date whenever the models have nothing left to migrate. The commands run in this process, from dist/ (built by
// `npm test`), against real SQLite files and PostgreSQL databases.
import { cpSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../dist/errors.js";
import { createMigration } from "../../dist/migrations/create-migration.js";
import { deployMigrations } from "../../dist/migrations/deploy.js";
import { rollback } from "../../dist/migrations/rollback.js";
import { migrationStatus } from "../../dist/migrations/status.js";
import { resolveProject } from "../../dist/project/context.js";
import { syncProject } from "../../dist/sync/sync.js";
import { PROVIDERS, SLOW, useMigrationProjects, type MigrationTestProject } from "./project.js";

/** Bounded to fit the test budget: each run is a fresh project pair, each step a few engine calls. */
const RUNS = Number(process.env.BACKANT_PROPERTY_RUNS ?? 4);
const MAX_STEPS = 6;

interface Field {
  name: string;
  kind: "string" | "int";
  optional: boolean;
  indexed: boolean;
}

interface World {
  fields: Field[];
  posts: boolean;
}

type Change =
  | { kind: "add"; name: string; type: Field["kind"]; optional: boolean }
  | { kind: "remove"; pick: number }
  | { kind: "rename"; pick: number; name: string }
  | { kind: "add-model" }
  | { kind: "index"; pick: number }
  | { kind: "optionality"; pick: number };

/** rollback+sync leaves the models as they are (the step's change is skipped): the push lands where the migrations lead. */
type Action = "sync" | "migrate" | "sync+migrate" | "rollback+sync" | "deploy" | "nothing";

const NAMES = ["phone", "age", "city", "score", "nickname", "rank"];
const fieldName = fc.constantFrom(...NAMES);
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), name: fieldName, type: fc.constantFrom("string" as const, "int" as const), optional: fc.boolean() }),
  fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("rename" as const), pick: fc.nat(), name: fieldName }),
  fc.constant({ kind: "add-model" as const }),
  fc.record({ kind: fc.constant("index" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("optionality" as const), pick: fc.nat() }),
);
const action = fc.constantFrom<Action>("sync", "migrate", "sync+migrate", "rollback+sync", "deploy", "nothing");
const sequence = fc.array(fc.tuple(change, action), { minLength: 2, maxLength: MAX_STEPS });

function applyChange(world: World, step: Change): World {
  const fields = world.fields.map((field) => ({ ...field }));
  const picked = (pick: number) => fields[pick % Math.max(fields.length, 1)];
  switch (step.kind) {
    case "add":
      if (fields.some((field) => field.name === step.name)) return world;
      return { ...world, fields: [...fields, { name: step.name, kind: step.type, optional: step.optional, indexed: false }] };
    case "remove": {
      const field = picked(step.pick);
      return field ? { ...world, fields: fields.filter((other) => other !== field) } : world;
    }
    case "rename": {
      const field = picked(step.pick);
      if (!field || fields.some((other) => other.name === step.name)) return world;
      field.name = step.name;
      return { ...world, fields };
    }
    case "add-model":
      return { ...world, posts: true };
    case "index": {
      const field = picked(step.pick);
      if (field) field.indexed = true;
      return { ...world, fields };
    }
    case "optionality": {
      const field = picked(step.pick);
      if (field) field.optional = !field.optional;
      return { ...world, fields };
    }
  }
}

/** Required fields get a default, so every change can land on a table holding rows. */
function writeModels(p: MigrationTestProject, world: World): void {
  const lines = world.fields.map((field) => {
    const base = field.kind === "string" ? "t.string(40)" : "t.int()";
    return `  ${field.name}: ${base}${field.optional ? ".optional()" : field.kind === "string" ? '.default("x")' : ".default(0)"}${field.indexed ? ".index()" : ""},`;
  });
  p.writeModel("Users", ["  id: t.id(),", "  email: t.string(120).unique(),", "  name: t.string(80).optional(),", ...lines].join("\n"));
  if (world.posts) p.writeModel("Posts", `  id: t.id(),\n  title: t.string(200),\n  author: t.belongsTo("Users", { onDelete: "cascade" }),`);
}

describe.each(PROVIDERS)("random dev loops on %s", (provider) => {
  const projects = useMigrationProjects();

  it(
    "after every migrate: status up to date, the dev catalog is what deploying the migrations builds, rows kept",
    async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(sequence, async (steps) => {
          run++;
          const p = await projects.create(provider);
          const fresh = await projects.create(provider);
          const env = { DATABASE_URL: p.url, NODE_ENV: "development" };
          const context = () => resolveProject(p.dir, env);
          // The reference database is deployed as production is: every migration runs, nothing is reconciled.
          const freshContext = () => resolveProject(fresh.dir, { DATABASE_URL: fresh.url, NODE_ENV: "production" });
          const migrate = (message: string) => createMigration(context(), { message, apply: true, acceptDataLoss: true, allowProduction: false });
          // A sync may refuse (a column made required over NULLs cannot be pushed; the migration fills
          // them): exit 2, and the database exactly as before.
          const sync = async (label: string): Promise<boolean> => {
            const before = await p.catalog();
            try {
              await syncProject(context(), { acceptDataLoss: true });
              return true;
            } catch (error) {
              expect(error, label).toBeInstanceOf(InputError);
              expect(await p.catalog(), label).toEqual(before);
              return false;
            }
          };
          // After any step: no failed migration, the rows kept; after a sync that left nothing to
          // migrate, everything agrees (the push recorded what pending migrations do).
          const checkStep = async (label: string, synced: boolean) => {
            expect((await p.migrationRows()).filter((row) => row.finished_at === null && row.rolled_back_at === null), label).toEqual([]);
            expect(await p.query(`SELECT email, name FROM users ORDER BY email`), label).toEqual([...rows].sort((a, b) => (a.email < b.email ? -1 : 1)));
            if (!synced) return;
            const status = await migrationStatus(context());
            if (status.modelsAhead?.length === 0) expect(status, label).toMatchObject({ upToDate: true, pending: [] });
          };
          const rows: Array<{ email: string; name: string }> = [];
          const insertRow = async () => {
            const row = { email: `u${rows.length}@x.io`, name: `user ${rows.length}` };
            await p.exec(`INSERT INTO users (email, name) VALUES ('${row.email}', '${row.name}')`);
            rows.push(row);
          };
          const check = async (label: string) => {
            const status = await migrationStatus(context());
            expect(status, label).toMatchObject({ upToDate: true, pending: [], failed: [] });
            cpSync(p.migrationsDir, fresh.migrationsDir, { recursive: true });
            await deployMigrations(freshContext());
            expect(await p.catalog(), label).toEqual(await fresh.catalog());
            expect(await p.query(`SELECT email, name FROM users ORDER BY email`), label).toEqual([...rows].sort((a, b) => (a.email < b.email ? -1 : 1)));
          };

          let world: World = { fields: [], posts: false };
          writeModels(p, world);
          await sync("init");
          await migrate("init");
          await insertRow();
          let migrated = 1;
          // Rollback undoes the newest migration with its down.sql: only meaningful when the dev
          // database is where the migrations leave it (a sync since may have undone that migration).
          let clean = true;
          const trail: string[] = [];
          for (const [index, [step, then]] of [...steps, [{ kind: "add", name: "final", type: "int", optional: true } as Change, "migrate" as Action] as const].entries()) {
            if (then !== "rollback+sync") {
              world = applyChange(world, step);
              writeModels(p, world);
            }
            trail.push(`${then === "rollback+sync" ? "" : `${JSON.stringify(step)} then `}${then}`);
            const label = `run ${run}, step ${index}: ${trail.join(" | ")}`;
            let synced = false;
            if (then === "sync" || then === "sync+migrate") {
              synced = await sync(label);
              clean = false;
            }
            if (then === "rollback+sync" && migrated > 1 && clean) {
              await rollback(context(), { target: { kind: "last" }, force: true, allowProduction: false });
              synced = await sync(label);
              clean = false;
            }
            if (then === "deploy") {
              const before = await p.catalog();
              try {
                await deployMigrations(context());
              } catch (error) {
                // A sync moved the dev database off the migrations' path (a rollback, then a push of
                // other model changes), so it holds part of a pending migration: the deploy fails on
                // it in one transaction, changes nothing and points at `backant migrate`.
                expect(clean, `${label}: ${String(error)}`).toBe(false);
                expect(error, label).toMatchObject({ code: "MIGRATION_FAILED", details: { atomic: true }, hint: expect.stringContaining("backant migrate") });
                expect(await p.catalog(), label).toEqual(before);
              }
            }
            if (then === "migrate" || then === "sync+migrate") {
              const result = await migrate(`step ${index}`);
              expect(result.outcome === "no-changes" || ["applied", "recorded"].includes(result.applyState), `${label}: ${JSON.stringify(result)}`).toBe(true);
              if (result.outcome === "created") migrated++;
              await check(label);
              clean = true;
            } else {
              await checkStep(label, synced);
            }
            await insertRow();
          }
        }),
        { numRuns: RUNS, endOnFailure: true, ...(process.env.BACKANT_PROPERTY_SEED ? { seed: Number(process.env.BACKANT_PROPERTY_SEED) } : {}) },
      );
    },
    SLOW,
  );
});
