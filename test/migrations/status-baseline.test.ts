// backant migrate status as a CI gate (exit 1 for pending migrations, drift and models ahead), and
// the db push -> migrate baseline (prisma/orm#8249): a pushed database that matches the models gets
// its first migration recorded as applied; one behind the models is brought to them first (never
// losing data), one holding what the models do not explain is named and left alone, the migration written for review.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { snapshotTree } from "../cli/project.js";
import { PROVIDERS, SLOW, useMigrationProjects } from "./project.js";

const USERS = `  id: t.id(),
  email: t.string(120).unique(),
  name: t.string().optional(),`;
const PHONE = `  phone: t.string(30).optional(),`;

describe.each(PROVIDERS)("backant migrate status on %s", (provider) => {
  const projects = useMigrationProjects();

  it(
    "exit 1 with pending migrations, models ahead of the migrations, or drift; exit 0 when up to date",
    async () => {
      const p = await projects.create(provider);
      p.writeModel("Users", USERS);
      const init = await p.report(["migrate", "init", "--create-only"]);
      expect(init.json.applyState).toBe("not-applied");

      const pending = await p.report(["migrate", "status"]);
      expect(pending.exitCode).toBe(1);
      expect(pending.json).toMatchObject({ upToDate: false, pending: [init.json.migration], applied: [] });

      await p.report(["migrate", "deploy"]);
      const upToDate = await p.backant(["migrate", "status"]);
      expect(upToDate.exitCode, upToDate.stdout + upToDate.stderr).toBe(0);
      expect(upToDate.stdout).toMatch(/Up to date\./);

      p.writeModel("Users", `${USERS}\n${PHONE}`);
      const ahead = await p.backant(["migrate", "status"]);
      expect(ahead.exitCode).toBe(1);
      expect(ahead.stdout).toMatch(/Models not yet in a migration/);
      expect(ahead.stdout).toMatch(/phone/);
      expect(ahead.stdout).not.toMatch(/Drift/);

      p.writeModel("Users", USERS);
      await p.exec(`ALTER TABLE users ADD COLUMN nickname TEXT`);
      const drift = await p.report(["migrate", "status"]);
      expect(drift.exitCode).toBe(1);
      expect(drift.json.drift.detected).toBe(true);
      expect(drift.json.drift.summary).toEqual([expect.stringMatching(/^\+ column users\.nickname /)]);
      expect(drift.json.modelsAhead.detected).toBe(false);
      expect(drift.json.pending).toEqual([]);
    },
    SLOW,
  );
});

describe.each(PROVIDERS)("baseline of a db push'd database on %s", (provider) => {
  const projects = useMigrationProjects();

  it(
    "records the first migration as applied when the database matches the models, keeps the rows; brings a database behind the models to them first",
    async () => {
      const p = await projects.create(provider);
      p.writeModel("Users", USERS);
      expect((await p.backant(["schema"])).exitCode).toBe(0);
      const push = await p.prisma(["db", "push"]);
      expect(push.exitCode, push.stderr).toBe(0);
      await p.exec(`INSERT INTO users (email, name) VALUES ('ann@x.io', 'Ann')`);

      const baseline = await p.report(["migrate", "init"]);
      expect(baseline.exitCode, JSON.stringify(baseline.json)).toBe(0);
      expect(baseline.json).toMatchObject({ applyState: "recorded", applied: [], recorded: [baseline.json.migration], caughtUp: false });
      expect((await p.migrationRows()).map((r) => [r.migration_name, r.finished_at !== null])).toEqual([[baseline.json.migration, true]]);
      expect(await p.query(`SELECT email, name FROM users`)).toEqual([{ email: "ann@x.io", name: "Ann" }]);
      expect((await p.report(["migrate", "status"])).exitCode).toBe(0);

      // nothing changed: nothing written
      const before = snapshotTree(path.join(p.dir, "prisma"));
      const same = await p.backant(["migrate", "again"]);
      expect(same.exitCode, same.stderr).toBe(0);
      expect(same.stdout).toMatch(/No changes/);
      expect(snapshotTree(path.join(p.dir, "prisma"))).toEqual(before);

      // a pushed database behind the models: the rest of the way is applied (keeping the rows), then recorded
      const q = await projects.create(provider);
      q.writeModel("Users", USERS);
      await q.backant(["schema"]);
      expect((await q.prisma(["db", "push"])).exitCode).toBe(0);
      await q.exec(`INSERT INTO users (email, name) VALUES ('bob@x.io', 'Bob')`);
      q.writeModel("Users", `${USERS}\n${PHONE}`);
      const caughtUp = await q.report(["migrate", "init"]);
      expect(caughtUp.exitCode, JSON.stringify(caughtUp.json)).toBe(0);
      expect(caughtUp.json).toMatchObject({ applyState: "recorded", caughtUp: true, recorded: [caughtUp.json.migration] });
      expect(await q.query(`SELECT email, name, phone FROM users`)).toEqual([{ email: "bob@x.io", name: "Bob", phone: null }]);
      expect((await q.report(["migrate", "status"])).json).toMatchObject({ upToDate: true, drift: { detected: false } });

      // one holding what neither the models nor the (empty) history explain: named, the migration
      // written for review, the database left alone
      const r = await projects.create(provider);
      r.writeModel("Users", `${USERS}\n${PHONE}`);
      await r.backant(["schema"]);
      expect((await r.prisma(["db", "push"])).exitCode).toBe(0);
      await r.exec(`INSERT INTO users (email, phone) VALUES ('cy@x.io', '555')`);
      r.writeModel("Users", USERS.replace("  name: t.string().optional(),", "  name: t.string(),"));
      const catalog = await r.catalog();
      const refused = await r.backant(["migrate", "init"]);
      expect(refused.exitCode, refused.stderr).toBe(1);
      expect(refused.stdout).toMatch(/neither the models nor the migrations explain/);
      expect(refused.stdout).toMatch(/column users\.phone/);
      expect(refused.stdout).toMatch(/backant reset/);
      expect(await r.catalog()).toEqual(catalog);
      expect(await r.query(`SELECT email, phone FROM users`)).toEqual([{ email: "cy@x.io", phone: "555" }]);
      expect(existsSync(path.join(r.migrationsDir, "migration_lock.toml"))).toBe(true);
    },
    SLOW,
  );
});
