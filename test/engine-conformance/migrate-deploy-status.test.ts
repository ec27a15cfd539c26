import { describe, expect, it } from "vitest";
import { USER } from "../support/prisma-models.js";
import { PROVIDERS, stackLines, useProjects, type ConformanceProject } from "./harness.js";

const USER_TABLE = `CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY, "email" TEXT NOT NULL);\n`;

/** A migration whose first statement succeeds and whose second fails (the table exists twice). */
const HALF_FAILING = `CREATE TABLE "Half" ("id" INTEGER NOT NULL PRIMARY KEY);\nCREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY);\n`;

function deployed(p: ConformanceProject) {
  return p.db.migrationRows().then((rows) => rows.map((r) => r.migration_name));
}

describe.each(PROVIDERS)("migrate deploy and status on %s", (provider) => {
  const projects = useProjects();

  it("deploys two migrations written by migrate dev to a second, fresh database", async () => {
    const p = await projects.create(provider, USER);
    await p.prismaOk(["migrate", "dev", "--name", "init"]);
    p.writeModels(`${USER}\nmodel Post {\n  id Int @id @default(autoincrement())\n  title String\n}`);
    await p.prismaOk(["migrate", "dev", "--name", "posts"]);
    const names = p.migrationNames();
    expect(names).toHaveLength(2);

    const second = await p.newDatabase();
    p.writeConfig({ url: second });
    const run = await p.prismaOk(["migrate", "deploy"]);
    expect(run.output).toMatch(/2 migrations found/);

    const db = p.catalog(second);
    expect(await db.tables()).toEqual(["Post", "User", "_prisma_migrations"]);
    const rows = await db.migrationRows();
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    expect(rows.every((r) => r.finished_at !== null && r.rolled_back_at === null && r.logs === null)).toBe(true);
  });

  it("deploy with nothing pending changes nothing and says so", async () => {
    const p = await projects.create(provider, USER);
    p.writeMigration("20240101000000_init", USER_TABLE);
    await p.prismaOk(["migrate", "deploy"]);
    const before = await p.db.migrationRows();
    const run = await p.prismaOk(["migrate", "deploy"]);
    expect(run.output).toMatch(/No pending migrations to apply/);
    expect(await p.db.migrationRows()).toEqual(before);
  });

  it("status: up to date exits 0", async () => {
    const p = await projects.create(provider, USER);
    p.writeMigration("20240101000000_init", USER_TABLE);
    await p.prismaOk(["migrate", "deploy"]);
    const run = await p.prisma(["migrate", "status"]);
    expect(run.exitCode).toBe(0);
    expect(run.output).toMatch(/Database schema is up to date!/);
  });

  it("status: a pending migration exits 1 and is named", async () => {
    const p = await projects.create(provider, USER);
    p.writeMigration("20240101000000_init", USER_TABLE);
    await p.prismaOk(["migrate", "deploy"]);
    p.writeMigration("20240102000000_add_name", `ALTER TABLE "User" ADD COLUMN "name" TEXT;\n`);

    const run = await p.prisma(["migrate", "status"]);
    expect(run.exitCode).toBe(1);
    expect(run.output).toMatch(/Following migration have not yet been applied:\s*\n20240102000000_add_name/);
    // status only reads.
    expect((await p.db.columns("User")).map((c) => c.name)).not.toContain("name");
    expect(await deployed(p)).toEqual(["20240101000000_init"]);
  });

  it("a migration failing half-way: recorded as failed with logs; deploy then refuses (P3009); status names it", async () => {
    const p = await projects.create(provider, USER);
    p.writeMigration("20240101000000_init", USER_TABLE);
    p.writeMigration("20240102000000_half", HALF_FAILING);

    const run = await p.prisma(["migrate", "deploy"]);
    expect(run.exitCode).toBe(1);
    // Prisma's own error for a migration that fails to apply, with the database's words.
    expect(run.output).toMatch(/P3018/);
    expect(run.output).toMatch(/Migration name: 20240102000000_half/);
    expect(run.output).toMatch(/already exists/);
    expect(run.output).not.toMatch(/External error id#/);
    expect(stackLines(run.output)).toEqual([]);

    const rows = await p.db.migrationRows();
    expect(rows.map((r) => r.migration_name)).toEqual(["20240101000000_init", "20240102000000_half"]);
    const failed = rows[1]!;
    expect(failed.finished_at).toBeNull();
    expect(failed.rolled_back_at).toBeNull();
    expect(failed.logs).toMatch(/already exists/);
    // Prisma does not wrap a migration in a transaction; it sends the script as one batch. SQLite
    // runs the statements one by one, so the first statement's table stays; PostgreSQL runs a
    // multi-statement simple query as one implicit transaction, so nothing of it stays.
    if (provider === "sqlite") expect(await p.db.tables()).toContain("Half");
    else expect(await p.db.tables()).not.toContain("Half");

    const again = await p.prisma(["migrate", "deploy"]);
    expect(again.exitCode).toBe(1);
    expect(again.output).toMatch(/P3009/);
    expect(again.output).toMatch(/20240102000000_half/);

    const status = await p.prisma(["migrate", "status"]);
    expect(status.exitCode).toBe(1);
    expect(status.output).toMatch(/Following migration have failed:\s*\n20240102000000_half/);
  });

  it("drift: status does not look for it; migrate diff from the migrations to the database finds it (exit 2)", async () => {
    const p = await projects.create(provider, USER);
    p.writeMigration("20240101000000_init", USER_TABLE);
    await p.prismaOk(["migrate", "deploy"]);
    await p.db.execute(`ALTER TABLE "User" ADD COLUMN "sneaky" TEXT`);

    // Prisma 7's status asks the engine for the history without a shadow database, so drift
    // made outside migrations is not detected: it still says "up to date".
    const status = await p.prisma(["migrate", "status"]);
    expect(status.exitCode).toBe(0);
    expect(status.output).toMatch(/Database schema is up to date!/);

    const diff = await p.prisma([
      "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-config-datasource", "--script", "--exit-code",
    ]);
    expect(diff.exitCode).toBe(2);
    expect(diff.stdout).toMatch(/ALTER TABLE (?:"public"\.)?"User" ADD COLUMN +"sneaky" TEXT/);
  });

  it("drift: migrate dev detects it and, with no one to ask, refuses to reset", async () => {
    const p = await projects.create(provider, USER);
    await p.prismaOk(["migrate", "dev", "--name", "init"]);
    await p.db.execute(`INSERT INTO "User" ("email") VALUES ('a@x.io')`);
    await p.db.execute(`ALTER TABLE "User" ADD COLUMN "sneaky" TEXT`);

    const run = await p.prisma(["migrate", "dev", "--name", "next"]);
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toMatch(/Drift detected/);
    expect(run.output).toMatch(/sneaky/);
    // Nothing was reset: the row and the drifted column are still there.
    expect(await p.db.query(`SELECT email FROM "User"`)).toEqual([{ email: "a@x.io" }]);
    expect((await p.db.columns("User")).map((c) => c.name)).toContain("sneaky");
    expect(p.migrationNames()).toHaveLength(1);
  });
});

describe.each(PROVIDERS)("migrate reset on %s", (provider) => {
  const projects = useProjects();

  it("--force empties the database and reapplies the migrations", async () => {
    const p = await projects.create(provider, USER);
    await p.prismaOk(["migrate", "dev", "--name", "init"]);
    await p.db.execute(`INSERT INTO "User" ("email") VALUES ('a@x.io')`);
    await p.db.execute(`CREATE TABLE "Outside" ("id" INTEGER PRIMARY KEY)`);
    const [before] = await p.db.migrationRows();

    await p.prismaOk(["migrate", "reset", "--force"]);

    expect(await p.db.tables()).toEqual(["User", "_prisma_migrations"]);
    expect(await p.db.query(`SELECT * FROM "User"`)).toEqual([]);
    const rows = await p.db.migrationRows();
    expect(rows.map((r) => r.migration_name)).toEqual(p.migrationNames());
    // A new row, not the old one kept: the history was rebuilt.
    expect(rows[0]?.finished_at).not.toBeNull();
    expect(rows[0]?.finished_at).not.toEqual(before?.finished_at);
  });

  it("without --force and without a terminal, refuses and changes nothing", async () => {
    const p = await projects.create(provider, USER);
    await p.prismaOk(["migrate", "dev", "--name", "init"]);
    await p.db.execute(`INSERT INTO "User" ("email") VALUES ('a@x.io')`);
    const run = await p.prisma(["migrate", "reset"]);
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toMatch(/--force/);
    expect(await p.db.query(`SELECT email FROM "User"`)).toEqual([{ email: "a@x.io" }]);
  });
});
