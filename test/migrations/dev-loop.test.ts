// Issue 13: the dev database follows the models by sync (`backant dev`), and migrations are written
// afterwards. Every order of sync, migrate, rollback and deploy ends with `migrate status` up to
// date, no failed row and the rows kept; a database changed by hand is named, never pushed over.
import { cpSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDERS, SLOW, useMigrationProjects, type MigrationTestProject } from "./project.js";

const USERS = `  id: t.id(),
  email: t.string(120).unique(),`;
const PHONE = `  phone: t.string(30).optional(),`;
const AGE = `  age: t.int().optional(),`;

async function expectUpToDate(p: MigrationTestProject): Promise<void> {
  const status = await p.report(["migrate", "status"]);
  expect(status.exitCode, JSON.stringify(status.json)).toBe(0);
  expect(status.json).toMatchObject({ upToDate: true, pending: [], failed: [], drift: { detected: false } });
  expect((await p.migrationRows()).filter((row) => row.finished_at === null && row.rolled_back_at === null)).toEqual([]);
}

async function ok(p: MigrationTestProject, args: string[]): Promise<Record<string, any>> {
  const run = await p.report(args);
  expect(run.exitCode, `${args.join(" ")}: ${JSON.stringify(run.json)}`).toBe(0);
  return run.json;
}

describe.each(PROVIDERS)("the dev loop on %s: sync first, migrate after", (provider) => {
  const projects = useMigrationProjects();

  it(
    "the issue's sequence: sync, migrate init, add phone, sync, migrate \"add phone\" records it; several synced changes and a partly synced one",
    async () => {
      const p = await projects.create(provider);
      p.writeModel("Users", USERS);
      await ok(p, ["sync"]);
      await ok(p, ["migrate", "init"]);
      await p.exec(`INSERT INTO users (email) VALUES ('ann@x.io')`);

      p.writeModel("Users", `${USERS}\n${PHONE}`);
      await ok(p, ["sync"]);
      await p.exec(`UPDATE users SET phone = '555'`);
      const addPhone = await ok(p, ["migrate", "add phone"]);
      expect(addPhone).toMatchObject({ created: true, applyState: "recorded", applied: [], recorded: [addPhone.migration], caughtUp: false });
      expect(p.read(`prisma/migrations/${addPhone.migration}/migration.sql`)).toMatch(/phone/);
      await expectUpToDate(p);
      expect(await p.query(`SELECT email, phone FROM users`)).toEqual([{ email: "ann@x.io", phone: "555" }]);

      // two synced changes since the last migration, then one more not synced: the rest is applied, all recorded
      p.writeModel("Users", `${USERS}\n${PHONE}\n${AGE}`);
      await ok(p, ["sync"]);
      p.writeModel("Users", `${USERS}\n${PHONE}\n${AGE}\n  nickname: t.string(40).optional(),`);
      await ok(p, ["sync"]);
      p.writeModel("Users", `${USERS}\n${PHONE}\n${AGE}\n  nickname: t.string(40).optional(),\n  bio: t.text().optional(),`);
      const more = await ok(p, ["migrate", "age nickname bio"]);
      expect(more).toMatchObject({ applyState: "recorded", caughtUp: true, recorded: [more.migration] });
      await expectUpToDate(p);
      expect(await p.query(`SELECT email, phone, age, nickname, bio FROM users`)).toEqual([{ email: "ann@x.io", phone: "555", age: null, nickname: null, bio: null }]);

      // the history replays to the same schema on a fresh database
      const devCatalog = await p.catalog();
      const fresh = await projects.create(provider);
      cpSync(p.migrationsDir, fresh.migrationsDir, { recursive: true });
      await ok(fresh, ["migrate", "deploy"]);
      expect(await fresh.catalog()).toEqual(devCatalog);
    },
    SLOW,
  );

  it(
    "rollback then sync, rollback then deploy, --create-only then sync then deploy: up to date, no failed row, rows kept",
    async () => {
      const p = await projects.create(provider);
      p.writeModel("Users", USERS);
      await ok(p, ["migrate", "init"]);
      await p.exec(`INSERT INTO users (email) VALUES ('bob@x.io')`);
      p.writeModel("Users", `${USERS}\n${PHONE}`);
      const phone = (await ok(p, ["migrate", "add phone"])).migration as string;

      // rollback, then the models (still with phone) are synced: the push lands where the migration leads
      expect((await ok(p, ["rollback", "--force"])).rolledBack.map((m: { name: string }) => m.name)).toEqual([phone]);
      const sync = await ok(p, ["sync"]);
      expect(sync.recorded).toEqual([phone]);
      await expectUpToDate(p);
      expect((await ok(p, ["migrate", "deploy"])).applied).toEqual([]);

      // rollback, then deploy: it runs again
      await ok(p, ["rollback", "--force"]);
      expect((await ok(p, ["migrate", "deploy"])).applied).toEqual([phone]);
      await expectUpToDate(p);

      // --create-only, then sync (the dev loop), then deploy: recorded by sync, nothing left to run
      p.writeModel("Users", `${USERS}\n${PHONE}\n${AGE}`);
      const age = (await ok(p, ["migrate", "add age", "--create-only"])).migration as string;
      expect((await ok(p, ["sync"])).recorded).toEqual([age]);
      expect(await ok(p, ["migrate", "deploy"])).toMatchObject({ applied: [], recorded: [] });
      await expectUpToDate(p);

      // --create-only, sync before migrations were compared (a skipped sync), deploy in development records it
      p.writeModel("Users", `${USERS}\n${PHONE}\n${AGE}\n  nickname: t.string(40).optional(),`);
      await ok(p, ["sync"]);
      const nickname = (await ok(p, ["migrate", "add nickname", "--create-only"])).migration as string;
      const deploy = await ok(p, ["migrate", "deploy"]);
      expect(deploy).toMatchObject({ applied: [], recorded: [nickname] });
      await expectUpToDate(p);
      expect(await p.query(`SELECT email FROM users`)).toEqual([{ email: "bob@x.io" }]);
    },
    SLOW,
  );

  it(
    "a dev database changed by hand: migrate names what the models do not explain, writes the migration, changes nothing; resolve --applied records it",
    async () => {
      const p = await projects.create(provider);
      p.writeModel("Users", USERS);
      await ok(p, ["migrate", "init"]);
      await p.exec(`INSERT INTO users (email) VALUES ('cy@x.io')`);
      await p.exec(`CREATE TABLE audit_log (id INTEGER PRIMARY KEY, note TEXT)`);
      await p.exec(`INSERT INTO audit_log (id, note) VALUES (1, 'kept')`);
      p.writeModel("Users", `${USERS}\n${PHONE}`);
      await p.exec(`ALTER TABLE users ADD COLUMN phone ${provider === "sqlite" ? "TEXT" : "VARCHAR(30)"}`);
      const catalog = await p.catalog();
      const rows = await p.migrationRows();

      const drifted = await p.backant(["migrate", "add phone"]);
      expect(drifted.exitCode, drifted.stderr).toBe(1);
      expect(drifted.stdout).toMatch(/neither the models nor the migrations explain/);
      expect(drifted.stdout).toMatch(/^  table audit_log$/m);
      expect(drifted.stdout).toMatch(/backant migrate resolve --applied \d{14}_add_phone/);
      expect(drifted.stdout).toMatch(/backant reset/);
      const name = p.migrations().at(-1) as string;
      expect(name).toMatch(/_add_phone$/);
      expect(existsSync(path.join(p.migrationsDir, name, "migration.sql"))).toBe(true);
      expect(await p.catalog()).toEqual(catalog);
      expect(await p.migrationRows()).toEqual(rows);
      expect(await p.query(`SELECT note FROM audit_log`)).toEqual([{ note: "kept" }]);

      // the user checked: users.phone is what the migration adds
      const resolved = await ok(p, ["migrate", "resolve", "--applied", name]);
      expect(resolved).toMatchObject({ marked: "applied", migration: name });
      const status = await p.report(["migrate", "status"]);
      expect(status.json.pending).toEqual([]);
      expect(status.json.drift.summary).toEqual(["+ table audit_log"]);
      await p.exec(`DROP TABLE audit_log`);
      await expectUpToDate(p);
      expect(await p.query(`SELECT email, phone FROM users`)).toEqual([{ email: "cy@x.io", phone: null }]);

      // resolve refuses what it cannot do: exit 2, nothing changed
      const before = await p.migrationRows();
      for (const args of [["migrate", "resolve"], ["migrate", "resolve", "--applied", "nope"], ["migrate", "resolve", "--applied", name], ["migrate", "resolve", "--rolled-back", name]]) {
        const refused = await p.backant(args);
        expect(refused.exitCode, `${args.join(" ")}: ${refused.stderr}`).toBe(2);
        expect(refused.stderr.trim().split("\n").length, refused.stderr).toBeLessThanOrEqual(2);
      }
      expect(await p.migrationRows()).toEqual(before);
    },
    SLOW,
  );
});
