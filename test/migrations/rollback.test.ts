// backant rollback on a database with rows: every refusal leaves the database and its history as
// they were; a failing down.sql is rolled back as a whole; --to, --force with a missing down.sql,
// and base each land on the catalog the earlier migrations produce, and deploy moves forward again.
import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDERS, SLOW, useMigrationProjects, type MigrationTestProject } from "./project.js";

const USERS = `  id: t.id(),
  email: t.string(120).unique(),`;
const PHONE = `  phone: t.string(30).optional(),`;
const POSTS = `  id: t.id(),
  title: t.string(200),
  author: t.belongsTo("Users", { onDelete: "cascade" }),`;

async function created(p: MigrationTestProject, message: string): Promise<string> {
  const run = await p.report(["migrate", message, "--create-only"]);
  expect(run.exitCode, JSON.stringify(run.json)).toBe(0);
  return run.json.migration as string;
}

/** Runs a rollback that must be refused with exit 2 and `code`, and checks that nothing changed. */
async function expectRefused(p: MigrationTestProject, args: string[], code: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const catalog = await p.catalog();
  const rows = await p.migrationRows();
  const run = await p.report(["rollback", ...args], env);
  expect(run.exitCode, JSON.stringify(run.json)).toBe(2);
  expect(run.json.error.code).toBe(code);
  expect(await p.catalog()).toEqual(catalog);
  expect(await p.migrationRows()).toEqual(rows);
}

describe.each(PROVIDERS)("backant rollback on %s", (provider) => {
  const projects = useMigrationProjects();

  it(
    "refuses in production, past the history, without down.sql and before losing data; runs in one transaction; --to, --force and base",
    async () => {
      const p = await projects.create(provider);
      p.writeModel("Users", USERS);
      const init = await created(p, "init");
      p.writeModel("Users", `${USERS}\n${PHONE}`);
      const phone = await created(p, "add phone");
      p.writeModel("Posts", POSTS);
      const posts = await created(p, "add posts");
      const deployed = await p.report(["migrate", "deploy"]);
      expect(deployed.json.applied).toEqual([init, phone, posts]);
      await p.exec(`INSERT INTO users (email, phone) VALUES ('ann@x.io', '555')`);
      await p.exec(`INSERT INTO posts (title, author_id) SELECT 'hello', id FROM users`);
      const full = await p.catalog();

      await expectRefused(p, [], "PRODUCTION_REFUSED", { NODE_ENV: "production" });
      await expectRefused(p, ["--steps", "4"], "BAD_ROLLBACK_STEPS");
      await expectRefused(p, ["--to", "20000101000000_nope"], "BAD_ROLLBACK_TARGET");

      const postsDown = path.join(p.migrationsDir, posts, "down.sql");
      renameSync(postsDown, `${postsDown}.bak`);
      await expectRefused(p, [], "DOWN_SQL_MISSING");
      renameSync(`${postsDown}.bak`, postsDown);
      await expectRefused(p, [], "ROLLBACK_LOSES_DATA");

      // a down.sql that fails after dropping the table: the whole rollback is undone
      const original = readFileSync(postsDown, "utf8");
      appendFileSync(postsDown, `\nDROP TABLE "no_such_table";\n`);
      const failed = await p.report(["rollback", "--force"]);
      expect(failed.exitCode).toBe(1);
      expect(failed.json.error.code).toBe("ROLLBACK_FAILED");
      expect(await p.catalog()).toEqual(full);
      expect((await p.migrationRows()).map((r) => r.migration_name)).toEqual([init, phone, posts]);
      expect(await p.query(`SELECT title FROM posts`)).toEqual([{ title: "hello" }]);
      writeFileSync(postsDown, original);

      // --to keeps init applied; production needs the override
      const to = await p.report(["rollback", "--to", init, "--force", "--allow-production"], { NODE_ENV: "production" });
      expect(to.exitCode, JSON.stringify(to.json)).toBe(0);
      expect(to.json.rolledBack.map((m: { name: string }) => m.name)).toEqual([posts, phone]);
      expect((await p.migrationRows()).map((r) => r.migration_name)).toEqual([init]);
      const afterInit = await p.catalog();
      expect(await p.query(`SELECT email FROM users`)).toEqual([{ email: "ann@x.io" }]);

      const again = await p.report(["migrate", "deploy"]);
      expect(again.json.applied).toEqual([phone, posts]);
      expect(await p.catalog()).toEqual(full);

      // no down.sql: --force computes it from the history
      rmSync(postsDown);
      const generated = await p.report(["rollback", "--force"]);
      expect(generated.exitCode, JSON.stringify(generated.json)).toBe(0);
      expect(generated.json.rolledBack).toEqual([expect.objectContaining({ name: posts, down: "generated" })]);
      expect(await p.query(provider === "sqlite" ? `SELECT name FROM sqlite_master WHERE name = 'posts'` : `SELECT to_regclass('public.posts') AS name`)).toEqual(
        provider === "sqlite" ? [] : [{ name: null }],
      );
      writeFileSync(postsDown, original);
      await p.report(["migrate", "deploy"]);
      expect(await p.catalog()).toEqual(full);

      // base: everything undone, then everything re-applied
      const base = await p.report(["rollback", "base", "--force"]);
      expect(base.json.rolledBack.map((m: { name: string }) => m.name)).toEqual([posts, phone, init]);
      expect(await p.migrationRows()).toEqual([]);
      const empty = await p.catalog();
      expect(empty).not.toEqual(afterInit);
      expect(JSON.stringify(empty)).not.toMatch(/users|posts/);
      const redeploy = await p.report(["migrate", "deploy"]);
      expect(redeploy.json.applied).toEqual([init, phone, posts]);
      expect(await p.catalog()).toEqual(full);
    },
    SLOW,
  );
});
