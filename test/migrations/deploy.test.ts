// backant migrate deploy: two at once apply each migration once; a migration that fails on the
// data is named in the error (exit 1), and, applied in one transaction with its record, leaves the
// database and _prisma_migrations as they were (no failed row): fixed, the next deploy applies it.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readCatalog } from "../../dist/database/catalog.js";
import { driverDatasource, openConnection } from "../../dist/database/connection.js";
import { readMigrations } from "../../dist/migrations/migration-folders.js";
import { recordApplied } from "../../dist/migrations/synced-history.js";
import { resolveProject } from "../../dist/project/context.js";
import { PROVIDERS, SLOW, useMigrationProjects } from "./project.js";

const USERS = `  id: t.id(),
  email: t.string(120).unique(),
  name: t.string().optional(),`;

describe.each(PROVIDERS)("backant migrate deploy on %s", (provider) => {
  const projects = useMigrationProjects();

  it(
    "a deploy that judged the history before another one applied it records nothing twice",
    async () => {
      // The race the concurrent-deploy test can hit only by chance: deploy B reads the history and
      // the catalog, deploy A applies the pending migrations, then B records what it judged the
      // database to hold. Run here step by step, in this process, from dist/.
      const p = await projects.create(provider);
      p.writeModel("Users", USERS);
      const names = [(await p.report(["migrate", "init", "--create-only"])).json.migration as string];
      const context = resolveProject(p.dir, { ...process.env, DATABASE_URL: p.url });
      const local = readMigrations(context.paths.migrations);
      const connection = await openConnection(driverDatasource(context), { create: true });
      try {
        const before = await readCatalog(connection);
        expect((await p.report(["migrate", "deploy"])).json.applied).toEqual(names);
        const after = await readCatalog(connection);
        // Judged before the other deploy: the tables changed since, nothing is recorded.
        expect(await recordApplied(connection, local, before)).toEqual([]);
        // Judged after it: the history, read again under the lock, has nothing pending.
        expect(await recordApplied(connection, local, after)).toEqual([]);
      } finally {
        await connection.close();
      }
      expect((await p.migrationRows()).map((row) => row.migration_name)).toEqual(names);
    },
    SLOW,
  );

  it(
    "two concurrent deploys apply each migration once",
    async () => {
      const p = await projects.create(provider);
      const names: string[] = [];
      p.writeModel("Users", USERS);
      names.push((await p.report(["migrate", "init", "--create-only"])).json.migration);
      p.writeModel("Tags", `  id: t.id(),\n  label: t.string(40).unique(),`);
      names.push((await p.report(["migrate", "add tags", "--create-only"])).json.migration);
      expect(names.every((name) => /^\d{14}_/.test(name))).toBe(true);

      const runs = await Promise.all([p.report(["migrate", "deploy"]), p.report(["migrate", "deploy"])]);
      const winners = runs.filter((run) => run.exitCode === 0);
      // SQLite has no advisory lock: a deploy may give up on the locked file, but never half-apply
      for (const run of runs.filter((r) => r.exitCode !== 0)) expect(JSON.stringify(run.json)).toMatch(/locked|busy/i);
      expect(winners.length).toBeGreaterThanOrEqual(provider === "postgresql" ? 2 : 1);
      expect(winners.flatMap((run) => run.json.applied as string[]).sort()).toEqual(names);
      const rows = await p.migrationRows();
      expect(rows.map((row) => row.migration_name)).toEqual(names);
      expect(rows.every((row) => row.finished_at !== null && row.rolled_back_at === null)).toBe(true);
    },
    SLOW,
  );

  it(
    "a failing migration is named, leaves the database and its history as before, and deploys once fixed",
    async () => {
      const p = await projects.create(provider);
      p.writeModel("Users", USERS);
      const init = (await p.report(["migrate", "init"])).json.migration as string;
      await p.exec(`INSERT INTO users (email) VALUES ('nameless@x.io')`);

      // required without a default over a NULL: the SQL is valid, the data refuses it
      p.writeModel("Users", USERS.replace("t.string().optional()", "t.string()"));
      const draft = await p.report(["migrate", "name required", "--create-only"]);
      expect(draft.json.warnings).toContainEqual(expect.objectContaining({ risk: "may-fail", column: "name" }));
      const failing = draft.json.migration as string;
      // statements before the failing one must not stay behind either
      const file = `prisma/migrations/${failing}/migration.sql`;
      writeFileSync(path.join(p.dir, file), `CREATE TABLE "scratch" ("id" INTEGER NOT NULL PRIMARY KEY);\n${p.read(file)}`);
      p.writeModel("Tags", `  id: t.id(),\n  label: t.string(40),`);
      const later = (await p.report(["migrate", "add tags", "--create-only"])).json.migration as string;
      const before = await p.catalog();

      const deploy = await p.backant(["migrate", "deploy"]);
      expect(deploy.exitCode).toBe(1);
      expect(deploy.stderr).toContain(`Migration ${failing} failed to apply`);
      expect(deploy.stderr).toMatch(/transaction was rolled back/);
      expect(deploy.stderr).not.toMatch(/^\s+at /m);
      expect(await p.catalog()).toEqual(before);
      expect((await p.migrationRows()).map((row) => row.migration_name)).toEqual([init]);

      const status = await p.report(["migrate", "status"]);
      expect(status.exitCode).toBe(1);
      expect(status.json).toMatchObject({ state: "pending", failed: [], pending: [failing, later] });

      await p.exec(`UPDATE users SET name = 'Nameless' WHERE name IS NULL`);
      const fixed = await p.report(["migrate", "deploy"]);
      expect(fixed.exitCode, JSON.stringify(fixed.json)).toBe(0);
      expect(fixed.json).toMatchObject({ applied: [failing, later], atomic: true });
      expect((await p.report(["migrate", "status"])).json).toMatchObject({ state: "up-to-date", pending: [] });
    },
    SLOW,
  );
});
