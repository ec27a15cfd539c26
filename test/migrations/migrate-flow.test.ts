// The common model changes, each through `backant migrate`, on a database holding rows: the rows a
// change does not touch survive it, down.sql is marked where undoing loses data, and rollback then
// deploy lands on the same catalog (rollback alone on the catalog from before the migration).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDERS, SLOW, useMigrationProjects, type MigrationTestProject } from "./project.js";

const USERS_V0 = `  id: t.id(),
  email: t.string(120).unique(),
  name: t.string().optional(),`;
const PHONE = `  phone: t.string(30).optional(),`;
const NAME_REQUIRED = `  name: t.string().default("anonymous"),`;
const MOBILE_MAPPED = `  mobile: t.string(30).optional().map("phone"),`;
const POSTS = `  id: t.id(),
  title: t.string(200),
  author: t.belongsTo("Users", { onDelete: "cascade" }),`;

function downSql(p: MigrationTestProject, name: string): string {
  return readFileSync(path.join(p.migrationsDir, name, "down.sql"), "utf8");
}

function upSql(p: MigrationTestProject, name: string): string {
  return readFileSync(path.join(p.migrationsDir, name, "migration.sql"), "utf8");
}

async function emails(p: MigrationTestProject): Promise<Array<{ email: string; name: string | null }>> {
  return p.query(`SELECT email, name FROM users ORDER BY email`);
}

/** Rollback (refused first when down.sql loses data), then deploy: the catalog goes back, then forward again. */
async function roundTrip(p: MigrationTestProject, name: string, before: unknown, after: unknown, losesData: boolean): Promise<void> {
  const rowsBefore = await p.migrationRows();
  if (losesData) {
    const refused = await p.backant(["rollback"]);
    expect(refused.exitCode, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/loses data/);
    expect(await p.catalog()).toEqual(after);
    expect(await p.migrationRows()).toEqual(rowsBefore);
  }
  const rollback = await p.report(["rollback", ...(losesData ? ["--force"] : [])]);
  expect(rollback.exitCode, JSON.stringify(rollback.json)).toBe(0);
  expect(rollback.json.rolledBack.map((m: { name: string }) => m.name)).toEqual([name]);
  expect(await p.catalog()).toEqual(before);
  expect((await p.migrationRows()).map((r) => r.migration_name)).not.toContain(name);

  const deploy = await p.report(["migrate", "deploy"]);
  expect(deploy.exitCode, JSON.stringify(deploy.json)).toBe(0);
  expect(deploy.json.applied).toEqual([name]);
  expect(await p.catalog()).toEqual(after);
}

describe.each(PROVIDERS)("backant migrate through the common model changes on %s", (provider) => {
  const projects = useMigrationProjects();

  it(
    "add a column, make one required with a default, rename via .map(), add a relation, drop a column",
    async () => {
      const p = await projects.create(provider);
      p.writeModel("Users", USERS_V0);

      // init: SQL printed, both files written, applied
      const init = await p.backant(["migrate", "init"]);
      expect(init.exitCode, init.stderr).toBe(0);
      expect(init.stdout).toMatch(/CREATE TABLE "users"/);
      expect(init.stdout).toMatch(/Applied to the dev database: \d{14}_init\./);
      const [initName] = p.migrations();
      expect(initName).toMatch(/^\d{14}_init$/);
      expect(downSql(p, initName as string)).toMatch(/-- backant:data-loss drops table "users"/);
      await p.exec(`INSERT INTO users (email, name) VALUES ('ann@x.io', 'Ann'), ('bob@x.io', 'Bob')`);
      const users = await emails(p);
      let before = await p.catalog();

      // 1. add a column
      p.writeModel("Users", `${USERS_V0}\n${PHONE}`);
      const addPhone = await p.report(["migrate", "add phone"]);
      expect(addPhone.exitCode, JSON.stringify(addPhone.json)).toBe(0);
      expect(addPhone.json).toMatchObject({ created: true, applyState: "applied" });
      const phoneName = addPhone.json.migration as string;
      expect(phoneName).toMatch(/^\d{14}_add_phone$/);
      expect(addPhone.json.warnings.filter((w: { risk: string }) => w.risk === "data-loss")).toEqual([]);
      expect(downSql(p, phoneName)).toMatch(/-- backant:data-loss drops column "phone" of table "users"/);
      expect(await emails(p)).toEqual(users);
      let after = await p.catalog();
      await p.exec(`UPDATE users SET phone = '555-0100' WHERE email = 'ann@x.io'`);
      await roundTrip(p, phoneName, before, after, true);
      expect(await emails(p)).toEqual(users);
      await p.exec(`UPDATE users SET phone = '555-0100' WHERE email = 'ann@x.io'`);
      before = after;

      // 2. make a column required, with a default: undoing it loses nothing
      p.writeModel("Users", `${USERS_V0.replace("  name: t.string().optional(),", NAME_REQUIRED)}\n${PHONE}`);
      const required = await p.report(["migrate", "name required"]);
      expect(required.exitCode, JSON.stringify(required.json)).toBe(0);
      const requiredName = required.json.migration as string;
      // PostgreSQL's SET NOT NULL gets an UPDATE filling NULLs with the default first; SQLite's rebuild copies them with coalesce(name, default)
      expect(required.json.warnings).toEqual([]);
      expect(required.json.downDataLoss).toEqual([]);
      expect(downSql(p, requiredName)).not.toMatch(/^-- backant:data-loss/m);
      expect(await emails(p)).toEqual(users);
      expect(await p.query(`SELECT phone FROM users WHERE email = 'ann@x.io'`)).toEqual([{ phone: "555-0100" }]);
      after = await p.catalog();
      await roundTrip(p, requiredName, before, after, false);
      expect(await p.query(`SELECT phone FROM users WHERE email = 'ann@x.io'`)).toEqual([{ phone: "555-0100" }]);
      before = after;

      // 3. rename the field, keep the column (.map): no migration at all
      p.writeModel("Users", `${USERS_V0.replace("  name: t.string().optional(),", NAME_REQUIRED)}\n${MOBILE_MAPPED}`);
      const rename = await p.backant(["migrate", "rename phone to mobile"]);
      expect(rename.exitCode, rename.stderr).toBe(0);
      expect(rename.stdout).toMatch(/No changes/);
      expect(p.migrations()).toEqual([initName, phoneName, requiredName]);
      expect(await p.query(`SELECT phone FROM users WHERE email = 'ann@x.io'`)).toEqual([{ phone: "555-0100" }]);

      // 4. add a related model
      p.writeModel("Posts", POSTS);
      const posts = await p.report(["migrate", "add posts"]);
      expect(posts.exitCode, JSON.stringify(posts.json)).toBe(0);
      const postsName = posts.json.migration as string;
      expect(upSql(p, postsName)).toMatch(/FOREIGN KEY/);
      expect(downSql(p, postsName)).toMatch(/-- backant:data-loss drops table "posts"/);
      await p.exec(`INSERT INTO posts (title, author_id) SELECT 'hello', id FROM users WHERE email = 'bob@x.io'`);
      after = await p.catalog();
      await roundTrip(p, postsName, before, after, true);
      expect(await emails(p)).toEqual(users);
      await p.exec(`INSERT INTO posts (title, author_id) SELECT 'hello', id FROM users WHERE email = 'bob@x.io'`);
      before = after;

      // 5. drop a column: not applied without consent when nobody can be asked, then deployed
      p.writeModel("Users", USERS_V0.replace("  name: t.string().optional(),", NAME_REQUIRED));
      const drop = await p.report(["migrate", "drop mobile"]);
      expect(drop.exitCode).toBe(1);
      expect(drop.json).toMatchObject({ created: true, applyState: "refused-data-loss" });
      const dropName = drop.json.migration as string;
      expect(drop.json.warnings).toContainEqual(expect.objectContaining({ risk: "data-loss", column: "phone" }));
      expect(upSql(p, dropName)).toMatch(/-- backant:data-loss drops column "phone"/);
      expect(downSql(p, dropName)).not.toMatch(/^-- backant:data-loss/m);
      expect(await p.catalog()).toEqual(before);
      const deploy = await p.report(["migrate", "deploy"]);
      expect(deploy.json.applied).toEqual([dropName]);
      after = await p.catalog();
      expect(after).not.toEqual(before);
      await roundTrip(p, dropName, before, after, false);

      expect(await emails(p)).toEqual(users);
      expect(await p.query(`SELECT title FROM posts`)).toEqual([{ title: "hello" }]);
      const status = await p.report(["migrate", "status"]);
      expect(status.exitCode, JSON.stringify(status.json)).toBe(0);
      expect(status.json).toMatchObject({ upToDate: true, pending: [], applied: [initName, phoneName, requiredName, postsName, dropName] });
    },
    SLOW,
  );
});
