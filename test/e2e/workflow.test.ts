import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "libsql";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject } from "../support/generated-project.js";
import { repoRoot } from "../support/paths.js";
import { createPgDatabase, dropPgDatabase, pgDatabaseNames, pgUrl, uniqueDatabaseName, withPgClient } from "../support/postgres.js";
import { cleanEnv } from "../support/processes.js";
import { removeDir } from "../support/scratch.js";
import { call, startServer, stopServer } from "../templates/project-checks.js";

/**
 * Issue 5 point 7 inside a real generated project (the default Users project, installed): the
 * model changes users make every day, each through `backant sync` on one copy and through
 * `backant migrate` on another, with rows inserted first and compared after every step in the
 * database itself; rollback + deploy back to the same catalog; the production guard; two
 * concurrent deploys. Steps run in order inside each describe (one project each), so a failing
 * step is named by its test.
 */

type Db = "sqlite" | "postgresql";
const SLOW = 20 * 60_000;
const backantBin = path.join(repoRoot, "bin", "backant.js");

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  report: Record<string, any> | undefined;
}

/** The environment of a project command: no engine, database or vitest variables of ours leak in. */
function projectEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = cleanEnv();
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key === "NODE_ENV" || key === "TEST_DATABASE_URL") delete env[key];
  return { ...env, NO_COLOR: "1", FORCE_COLOR: "0", CI: "1", ...extra };
}

/** A generated project with its database: backant runs, SQL, catalogs. */
class Project {
  constructor(
    readonly dir: string,
    readonly db: Db,
    readonly database: string | undefined,
  ) {}

  async backant(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
    const result = await execa(process.execPath, [backantBin, ...args, "--report"], { cwd: this.dir, env: projectEnv(env), extendEnv: false, stdin: "ignore", reject: false, timeout: SLOW });
    let report: Record<string, any> | undefined;
    try {
      report = JSON.parse(String(result.stdout).trim().split("\n").at(-1) ?? "");
    } catch {
      report = undefined;
    }
    return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr), report };
  }

  /** Runs backant and expects an exit code; the output is in the failure message. */
  async expectBackant(args: string[], exitCode: number, env: NodeJS.ProcessEnv = {}): Promise<Run> {
    const run = await this.backant(args, env);
    expect(run.exitCode, `backant ${args.join(" ")} exited ${run.exitCode}, expected ${exitCode}:\n${run.stdout}\n${run.stderr}`).toBe(exitCode);
    return run;
  }

  async inProject(command: string, args: string[]): Promise<void> {
    const result = await execa(command, args, { cwd: this.dir, env: projectEnv(), extendEnv: false, reject: false, all: true, timeout: SLOW });
    expect(result.exitCode, `${command} ${args.join(" ")} failed:\n${result.all}`).toBe(0);
  }

  async query<T = Record<string, unknown>>(sql: string, url = this.url()): Promise<T[]> {
    if (this.db === "sqlite") {
      const db = new Database(path.resolve(this.dir, url.replace(/^file:/, "")), { fileMustExist: true });
      try {
        const statement = db.prepare(sql);
        return (statement.reader ? statement.all() : (statement.run(), [])) as T[];
      } finally {
        db.close();
      }
    }
    return withPgClient(url, async (client) => (await client.query(sql)).rows as T[]);
  }

  url(database = this.database): string {
    return database === undefined ? "file:./dev.db" : pgUrl(database);
  }

  /** Tables, columns (name, type, nullability, default), indexes, foreign keys and constraints, without Prisma's and backant's own tables. */
  async catalog(url = this.url()): Promise<unknown> {
    const own = (name: string) => name === "_prisma_migrations" || name.startsWith("_backant");
    if (this.db === "sqlite") {
      const tables = (await this.query<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`, url)).filter((t) => !own(t.name));
      const catalog: Record<string, unknown> = {};
      for (const { name } of tables) {
        const indexes = await this.query<{ name: string; unique: number }>(`SELECT name, "unique" FROM pragma_index_list('${name}') ORDER BY name`, url);
        catalog[name] = {
          columns: await this.query(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('${name}') ORDER BY name`, url),
          indexes: await Promise.all(indexes.map(async (index) => ({ ...index, columns: (await this.query<{ name: string }>(`SELECT name FROM pragma_index_info('${index.name}') ORDER BY seqno`, url)).map((c) => c.name) }))),
          foreignKeys: await this.query(`SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list('${name}') ORDER BY "from"`, url),
        };
      }
      return catalog;
    }
    const notOwn = `NOT (table_name = '_prisma_migrations' OR table_name LIKE '\\_backant%')`;
    return {
      columns: await this.query(
        `SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' AND ${notOwn} ORDER BY table_name, column_name`,
        url,
      ),
      indexes: await this.query(`SELECT tablename AS table_name, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND ${notOwn.replaceAll("table_name", "tablename")} ORDER BY indexname`, url),
      constraints: await this.query(
        `SELECT * FROM (SELECT conrelid::regclass::text AS table_name, conname, contype, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE connamespace = 'public'::regnamespace) c WHERE ${notOwn} ORDER BY conname`,
        url,
      ),
    };
  }

  async columns(table: string): Promise<string[]> {
    if (this.db === "sqlite") return (await this.query<{ name: string }>(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`)).map((c) => c.name);
    return (await this.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${table}' ORDER BY ordinal_position`)).map((c) => c.column_name);
  }

  /** The columns no step below touches, row by row: they must survive every step. */
  async users(): Promise<unknown[]> {
    return normalise(await this.query(`SELECT id, email, created_at, updated_at FROM users ORDER BY id`));
  }

  async count(table: string, url = this.url()): Promise<number> {
    return Number((await this.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`, url))[0]?.n);
  }

  read(file: string): string {
    return readFileSync(path.join(this.dir, file), "utf8");
  }

  /** Rewrites src/models/Users.model.ts with one edit (the line to replace must be there). */
  editUsers(from: string | RegExp, to: string): void {
    const file = path.join(this.dir, "src/models/Users.model.ts");
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(from);
    writeFileSync(file, text.replace(from, to));
  }

  migrations(): string[] {
    const dir = path.join(this.dir, "prisma/migrations");
    return existsSync(dir) ? readdirSync(dir).filter((name) => /^\d{14}_/.test(name)).sort() : [];
  }
}

/** Dates and bigints as strings, so rows from either driver compare as plain data. */
function normalise(rows: Array<Record<string, unknown>>): unknown[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : typeof v === "bigint" ? String(v) : v])));
}

const USERS = [
  { email: "ada@example.com", name: "Ada" },
  { email: "grace@example.com", name: "Grace" },
  { email: "linus@example.com", name: "Linus" },
];

/** A fresh copy of the installed default project on its own database (PostgreSQL: bk_flow_*, created here). */
async function newProject(db: Db, made: Array<() => Promise<void> | void>): Promise<Project> {
  const database = db === "postgresql" ? uniqueDatabaseName("bk_flow_") : undefined;
  if (database) {
    await createPgDatabase(database);
    // the project's own tests create <database>_test
    made.push(() => dropPgDatabase(`${database}_test`), () => dropPgDatabase(database));
  }
  const dir = await copyProject(db, { prefix: `bk-flow-${db}`, ...(database ? { databaseUrl: pgUrl(database) } : {}) });
  made.push(() => removeDir(dir));
  return new Project(dir, db, database);
}

/** Inserts the users through the project's own HTTP API (tsx src/server.ts), as a user of the app would. */
async function insertUsersOverHttp(project: Project): Promise<void> {
  const server = await startServer(project.dir, ["node_modules/.bin/tsx", "src/server.ts"], projectEnv({ NODE_ENV: "development" }));
  try {
    for (const user of USERS) {
      const created = await call(`${server.url}/users`, "POST", user);
      expect(created.status, JSON.stringify(created.json)).toBe(201);
    }
  } finally {
    await stopServer(server);
  }
}

/** The project's own type-check and tests, after the Prisma client is regenerated from the final schema. */
async function checkProjectStillWorks(project: Project): Promise<void> {
  await project.inProject(process.execPath, ["node_modules/prisma/build/index.js", "generate"]);
  await project.inProject("npx", ["tsc", "--noEmit"]);
  await project.inProject("npm", ["run", "lint"]);
  await project.inProject("npx", ["vitest", "run"]);
}

for (const db of ["sqlite", "postgresql"] as const) {
  describe(`dev sync in a generated ${db} project`, () => {
    const made: Array<() => Promise<void> | void> = [];
    let project: Project;
    let users: unknown[];

    beforeAll(async () => {
      project = await newProject(db, made);
    }, SLOW);
    afterAll(async () => {
      for (const cleanup of made.reverse()) await cleanup();
      if (project?.database) expect(await pgDatabaseNames([`${project.database}%`])).toEqual([]);
    });

    /** Nothing a refused sync could have changed did change. */
    async function expectUnchanged(before: { catalog: unknown; schema: string; users: unknown[] }) {
      expect(await project.catalog()).toEqual(before.catalog);
      expect(project.read("prisma/schema.prisma")).toBe(before.schema);
      expect(await project.users()).toEqual(before.users);
    }
    const snapshot = async () => ({ catalog: await project.catalog(), schema: project.read("prisma/schema.prisma"), users: await project.users() });

    it("syncs the default project and keeps the users created over HTTP", async () => {
      const run = await project.expectBackant(["sync"], 0);
      expect(run.report).toMatchObject({ ok: true, skipped: false, pushed: true });
      await insertUsersOverHttp(project);
      users = await project.users();
      expect(users).toHaveLength(3);
      expect(await project.query(`SELECT email, name FROM users ORDER BY id`)).toEqual(USERS);
      // nothing changed since: skipped
      expect((await project.expectBackant(["sync"], 0)).report).toMatchObject({ skipped: true });
    }, SLOW);

    it("adds an optional column", async () => {
      project.editUsers("  name: t.string(),\n", "  name: t.string(),\n  phone: t.string().optional(),\n");
      expect((await project.expectBackant(["sync"], 0)).report).toMatchObject({ pushed: true });
      expect(await project.columns("users")).toContain("phone");
      expect(await project.users()).toEqual(users);
      expect(await project.query(`SELECT name, phone FROM users ORDER BY id`)).toEqual(USERS.map((u) => ({ name: u.name, phone: null })));
      await project.query(`UPDATE users SET phone = '555-0100' WHERE email = 'ada@example.com'`);
    }, SLOW);

    it("makes the column required with a default: values stay, NULLs get the default (PostgreSQL: refused until they are filled)", async () => {
      project.editUsers("phone: t.string().optional(),", `phone: t.string().default("unknown"),`);
      if (db === "postgresql") {
        // db push on PostgreSQL does not fill the NULLs with the new default (SQLite's table rebuild
        // does): Prisma calls the step unexecutable and backant refuses it, naming the column.
        const before = await snapshot();
        const refused = await project.expectBackant(["sync"], 2);
        expect(refused.report?.error?.code).toBe("SYNC_WOULD_LOSE_DATA");
        expect(refused.report?.error?.message).toMatch(/users\.phone/);
        await expectUnchanged(before);
        // the user fills them, and the same sync goes through
        await project.query(`UPDATE users SET phone = 'unknown' WHERE phone IS NULL`);
      }
      await project.expectBackant(["sync"], 0);
      expect(await project.users()).toEqual(users);
      expect(await project.query(`SELECT name, phone FROM users ORDER BY id`)).toEqual([
        { name: "Ada", phone: "555-0100" },
        { name: "Grace", phone: "unknown" },
        { name: "Linus", phone: "unknown" },
      ]);
    }, SLOW);

    it("refuses a rename through .map() (db push cannot keep the data), naming the column, changing nothing", async () => {
      const before = await snapshot();
      project.editUsers("  name: t.string(),\n", `  name: t.string().map("full_name"),\n`);
      const run = await project.expectBackant(["sync"], 2);
      expect(run.report?.error?.code).toBe("SYNC_WOULD_LOSE_DATA");
      expect(run.report?.error?.message).toContain("full_name");
      await expectUnchanged(before);
      expect(await project.query(`SELECT name FROM users ORDER BY id`)).toEqual(USERS.map((u) => ({ name: u.name })));
      // back to the models the database has: nothing to push
      project.editUsers(`  name: t.string().map("full_name"),\n`, "  name: t.string(),\n");
      expect((await project.expectBackant(["sync"], 0)).report).toMatchObject({ pushed: false });
      await expectUnchanged(before);
    }, SLOW);

    it("adds a related model with add-model (Posts belongsTo Users) and keeps the users", async () => {
      const added = await project.expectBackant(["add-model", "Posts", "--fields", "title:string body:text? author:belongsTo(Users)"], 0);
      expect(added.report?.ok).toBe(true);
      for (const file of ["src/models/Posts.model.ts", "src/routes/posts.route.ts", "src/services/posts.service.ts", "src/repositories/posts.repository.ts", "test/posts.test.ts"]) {
        expect(existsSync(path.join(project.dir, file)), file).toBe(true);
      }
      expect(project.read("src/routes/index.ts")).toContain("posts");
      await project.expectBackant(["sync"], 0);
      expect(await project.columns("posts")).toEqual(expect.arrayContaining(["id", "title", "body", "author_id"]));
      expect(await project.users()).toEqual(users);
      await project.query(`INSERT INTO posts (title, author_id, updated_at) SELECT 'Notes', id, created_at FROM users WHERE email = 'ada@example.com'`);
      // the foreign key is there: a post of nobody is refused by the database
      await expect(project.query(`INSERT INTO posts (title, author_id, updated_at) VALUES ('Orphan', 999999, CURRENT_TIMESTAMP)`)).rejects.toThrow(/foreign key/i);
    }, SLOW);

    it("refuses to drop a column with data until told to (--accept-data-loss), then keeps every other value", async () => {
      const before = await snapshot();
      const posts = await project.query(`SELECT id, title, author_id FROM posts`);
      project.editUsers(`  phone: t.string().default("unknown"),\n`, "");
      const refused = await project.expectBackant(["sync"], 2);
      expect(refused.report?.error?.code).toBe("SYNC_WOULD_LOSE_DATA");
      expect(refused.report?.error?.message).toMatch(/users\.phone/);
      expect(refused.report?.error?.hint).toContain("--accept-data-loss");
      await expectUnchanged(before);
      expect(await project.columns("users")).toContain("phone");

      await project.expectBackant(["sync", "--accept-data-loss"], 0);
      expect(await project.columns("users")).not.toContain("phone");
      expect(await project.users()).toEqual(users);
      expect(await project.query(`SELECT name FROM users ORDER BY id`)).toEqual(USERS.map((u) => ({ name: u.name })));
      expect(await project.query(`SELECT id, title, author_id FROM posts`)).toEqual(posts);
    }, SLOW);

    it("still type-checks and passes its own tests (with the added Posts)", async () => {
      await checkProjectStillWorks(project);
    }, SLOW);

    it("refuses reset in production (exit 2), nothing changed", async () => {
      const before = await snapshot();
      const counts = { users: await project.count("users"), posts: await project.count("posts") };
      const run = await project.expectBackant(["reset", "--force"], 2, { NODE_ENV: "production" });
      expect(run.report?.error?.code).toBe("PRODUCTION_REFUSED");
      expect({ users: await project.count("users"), posts: await project.count("posts") }).toEqual(counts);
      await expectUnchanged(before);
    }, SLOW);
  });
}

for (const db of ["sqlite", "postgresql"] as const) {
  describe(`migrations in a generated ${db} project`, () => {
    const made: Array<() => Promise<void> | void> = [];
    let project: Project;
    let users: unknown[];

    beforeAll(async () => {
      project = await newProject(db, made);
    }, SLOW);
    afterAll(async () => {
      for (const cleanup of made.reverse()) await cleanup();
      if (project?.database) expect(await pgDatabaseNames([`${project.database}%`])).toEqual([]);
    });

    const migrationRows = () => project.query<{ migration_name: string }>(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`).then((rows) => rows.map((r) => r.migration_name));

    /** `backant migrate MESSAGE`: a new folder with migration.sql and down.sql, applied; returns its name. */
    async function migrate(message: string, extra: string[] = []): Promise<{ name: string; run: Run }> {
      const before = project.migrations();
      const run = await project.expectBackant(["migrate", message, ...extra], 0);
      const after = project.migrations();
      expect(after.length).toBe(before.length + 1);
      const name = after.at(-1)!;
      expect(run.report).toMatchObject({ created: true, migration: name, applyState: "applied" });
      for (const file of ["migration.sql", "down.sql"]) expect(existsSync(path.join(project.dir, "prisma/migrations", name, file)), `${name}/${file}`).toBe(true);
      expect(await migrationRows()).toEqual(after);
      return { name, run };
    }

    it("creates the first migration, then keeps rows inserted over HTTP; status is up to date (exit 0)", async () => {
      const { name } = await migrate("init");
      expect(name).toMatch(/^\d{14}_init$/);
      expect(project.read(`prisma/migrations/${name}/migration.sql`)).toMatch(/CREATE TABLE "users"/);
      await insertUsersOverHttp(project);
      users = await project.users();
      expect(users).toHaveLength(3);
      expect((await project.expectBackant(["migrate", "status"], 0)).report).toMatchObject({ upToDate: true, pending: [] });
    }, SLOW);

    it("adds an optional column: status says the models are ahead (exit 1), migrate writes and applies it", async () => {
      project.editUsers("  name: t.string(),\n", "  name: t.string(),\n  phone: t.string().optional(),\n");
      const status = await project.expectBackant(["migrate", "status"], 1);
      expect(status.report).toMatchObject({ upToDate: false, modelsAhead: { detected: true } });
      const { name } = await migrate("add phone");
      expect(name).toMatch(/_add_phone$/);
      expect(project.read(`prisma/migrations/${name}/migration.sql`)).toMatch(/ADD COLUMN "phone"|"phone" TEXT/);
      expect(project.read(`prisma/migrations/${name}/down.sql`)).toMatch(/phone/);
      expect(await project.users()).toEqual(users);
      expect(await project.query(`SELECT name, phone FROM users ORDER BY id`)).toEqual(USERS.map((u) => ({ name: u.name, phone: null })));
      await project.query(`UPDATE users SET phone = '555-0100' WHERE email = 'ada@example.com'`);
      await project.expectBackant(["migrate", "status"], 0);
    }, SLOW);

    it("makes the column required with a default: NULLs get the default, values stay", async () => {
      project.editUsers("phone: t.string().optional(),", `phone: t.string().default("unknown"),`);
      await migrate("phone required");
      expect(await project.users()).toEqual(users);
      expect(await project.query(`SELECT name, phone FROM users ORDER BY id`)).toEqual([
        { name: "Ada", phone: "555-0100" },
        { name: "Grace", phone: "unknown" },
        { name: "Linus", phone: "unknown" },
      ]);
    }, SLOW);

    it("renames a column via .map(): the drafted drop+add is not applied (data loss); edited to a RENAME it keeps the data", async () => {
      const catalog = await project.catalog();
      const applied = await migrationRows();
      project.editUsers("  name: t.string(),\n", `  name: t.string().map("full_name"),\n`);
      const run = await project.expectBackant(["migrate", "rename name to full_name"], 1);
      expect(run.report).toMatchObject({ created: true, applyState: "refused-data-loss" });
      expect(JSON.stringify(run.report?.warnings)).toMatch(/name/);
      expect(await project.catalog()).toEqual(catalog);
      expect(await migrationRows()).toEqual(applied);
      expect(await project.query(`SELECT name FROM users ORDER BY id`)).toEqual(USERS.map((u) => ({ name: u.name })));

      // what the refusal says to do: review (here: rewrite) the SQL, then deploy
      const name = run.report!.migration as string;
      const folder = `prisma/migrations/${name}`;
      writeFileSync(path.join(project.dir, folder, "migration.sql"), `ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";\n`);
      writeFileSync(path.join(project.dir, folder, "down.sql"), `ALTER TABLE "users" RENAME COLUMN "full_name" TO "name";\n`);
      expect((await project.expectBackant(["migrate", "deploy"], 0)).report).toMatchObject({ applied: [name] });
      expect(await project.query(`SELECT full_name FROM users ORDER BY id`)).toEqual(USERS.map((u) => ({ full_name: u.name })));
      expect(await project.users()).toEqual(users);
      // the hand-written migration produces exactly what the models say: no drift, nothing ahead
      expect((await project.expectBackant(["migrate", "status"], 0)).report).toMatchObject({ upToDate: true });
    }, SLOW);

    it("adds a related model with add-model (Posts belongsTo Users) and migrates it", async () => {
      await project.expectBackant(["add-model", "Posts", "--fields", "title:string body:text? author:belongsTo(Users)"], 0);
      await project.expectBackant(["migrate", "status"], 1);
      const { name } = await migrate("add posts");
      expect(project.read(`prisma/migrations/${name}/migration.sql`)).toMatch(/CREATE TABLE "posts"/);
      expect(project.read(`prisma/migrations/${name}/down.sql`)).toMatch(/DROP TABLE (IF EXISTS )?("public"\.)?"posts"/);
      expect(await project.users()).toEqual(users);
      await project.query(`INSERT INTO posts (title, author_id, updated_at) SELECT 'Notes', id, created_at FROM users WHERE email = 'ada@example.com'`);
    }, SLOW);

    it("drops a column: written but not applied without consent (exit 1, nothing changed), then deployed", async () => {
      const catalog = await project.catalog();
      const applied = await migrationRows();
      project.editUsers(`  phone: t.string().default("unknown"),\n`, "");
      const run = await project.expectBackant(["migrate", "drop phone"], 1);
      expect(run.report).toMatchObject({ created: true, applyState: "refused-data-loss" });
      expect(JSON.stringify(run.report?.warnings)).toMatch(/phone/);
      expect(await project.catalog()).toEqual(catalog);
      expect(await migrationRows()).toEqual(applied);
      const name = run.report!.migration as string;
      expect((await project.expectBackant(["migrate", "deploy"], 0)).report).toMatchObject({ applied: [name] });
      expect(await project.columns("users")).not.toContain("phone");
      expect(await project.users()).toEqual(users);
      expect(await project.query(`SELECT full_name FROM users ORDER BY id`)).toEqual(USERS.map((u) => ({ full_name: u.name })));
      expect(await project.count("posts")).toBe(1);
      expect((await project.expectBackant(["migrate", "status"], 0)).report).toMatchObject({ upToDate: true });
    }, SLOW);

    it("rollback then deploy returns to the same catalog", async () => {
      const catalog = await project.catalog();
      const applied = await migrationRows();
      const last = applied.at(-1)!;
      const rolled = await project.expectBackant(["rollback"], 0);
      expect(rolled.report).toMatchObject({ rolledBack: [{ name: last }] });
      expect(await migrationRows()).toEqual(applied.slice(0, -1));
      expect(await project.columns("users")).toContain("phone");
      expect(await project.catalog()).not.toEqual(catalog);
      expect(await project.users()).toEqual(users);
      expect((await project.expectBackant(["migrate", "status"], 1)).report).toMatchObject({ pending: [last] });

      expect((await project.expectBackant(["migrate", "deploy"], 0)).report).toMatchObject({ applied: [last] });
      expect(await project.catalog()).toEqual(catalog);
      expect(await migrationRows()).toEqual(applied);
      expect(await project.users()).toEqual(users);
    }, SLOW);

    it("refuses a rollback whose down.sql loses data without --force, and any rollback in production (exit 2, nothing changed)", async () => {
      const catalog = await project.catalog();
      const applied = await migrationRows();
      const counts = async () => ({ users: await project.count("users"), posts: await project.count("posts") });
      const before = await counts();
      // the last two: drop phone (re-adds it) and add posts (drops posts, which has a row)
      const losing = await project.expectBackant(["rollback", "--steps", "2"], 2);
      expect(losing.report?.error?.code).toBe("ROLLBACK_LOSES_DATA");
      expect(losing.report?.error?.message).toMatch(/posts/);
      expect(await project.catalog()).toEqual(catalog);
      expect(await migrationRows()).toEqual(applied);
      expect(await counts()).toEqual(before);

      const production = await project.expectBackant(["rollback"], 2, { NODE_ENV: "production" });
      expect(production.report?.error?.code).toBe("PRODUCTION_REFUSED");
      const reset = await project.expectBackant(["reset", "--force"], 2, { NODE_ENV: "production" });
      expect(reset.report?.error?.code).toBe("PRODUCTION_REFUSED");
      expect(await project.catalog()).toEqual(catalog);
      expect(await migrationRows()).toEqual(applied);
      expect(await counts()).toEqual(before);
      expect(await project.users()).toEqual(users);
    }, SLOW);

    it("two concurrent `migrate deploy` on a fresh database apply each migration once", async () => {
      const migrations = project.migrations();
      expect(migrations).toHaveLength(6);
      let fresh: string;
      if (db === "postgresql") {
        const database = uniqueDatabaseName("bk_flow_");
        made.push(() => dropPgDatabase(database));
        await createPgDatabase(database);
        fresh = pgUrl(database);
      } else {
        fresh = "file:./fresh.db";
      }
      const runs = await Promise.all([0, 1].map(() => project.backant(["migrate", "deploy"], { DATABASE_URL: fresh })));
      for (const run of runs) expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
      // between them they applied every migration, and no migration twice
      expect(runs.flatMap((run) => run.report?.applied as string[]).sort()).toEqual(migrations);
      const rows = await project.query<{ migration_name: string; finished_at: unknown; rolled_back_at: unknown }>(`SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name`, fresh);
      expect(rows.map((r) => r.migration_name)).toEqual(migrations);
      for (const row of rows) expect(row.finished_at !== null && row.rolled_back_at === null, row.migration_name).toBe(true);
      expect(await project.catalog(fresh)).toEqual(await project.catalog());
    }, SLOW);

    it("still type-checks and passes its own tests", async () => {
      await checkProjectStillWorks(project);
    }, SLOW);
  });
}
