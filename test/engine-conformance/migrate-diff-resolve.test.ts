import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { USER, USER_WITH_PHONE } from "../support/prisma-models.js";
import { PROVIDERS, datasourceBlock, useProjects, type ConformanceProject, type Provider } from "./harness.js";

const USER_TABLE = `CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY, "email" TEXT NOT NULL);\n`;
// The models USER_TABLE stands for, so that a diff between them is only what a test adds.
const USER_AS_SQL = `
model User {
  id    Int    @id
  email String
}
`;
const USER_AS_SQL_WITH_PHONE = `
model User {
  id    Int     @id
  email String
  phone String?
}
`;
/** PostgreSQL scripts made from a migrations directory name the schema: "public"."User". */
const ADD_PHONE = /ALTER TABLE (?:"public"\.)?"User" ADD COLUMN +"phone" TEXT;/;

/** A schema file outside prisma/, for --from-schema / --to-schema. */
function schemaFile(p: ConformanceProject, name: string, provider: Provider, models: string): string {
  const file = path.join(p.dir, "prisma", name);
  fs.writeFileSync(file, `${datasourceBlock(provider)}\n${models.trim()}\n`);
  return path.relative(p.dir, file);
}

/** Deploys a migration 20240102000000_half whose first statement succeeds and whose second fails. */
async function deployFailingHalfWay(p: ConformanceProject): Promise<void> {
  p.writeMigration("20240101000000_init", USER_TABLE);
  p.writeMigration("20240102000000_half", `CREATE TABLE "Half" ("id" INTEGER NOT NULL PRIMARY KEY);\nCREATE TABLE "User" ("id" INTEGER);\n`);
  expect((await p.prisma(["migrate", "deploy"])).exitCode).toBe(1);
}

describe.each(PROVIDERS)("migrate diff on %s", (provider) => {
  const projects = useProjects();

  it("schema to schema: --script prints the ALTER; --exit-code gives 2 for changes and 0 for none", async () => {
    const p = await projects.create(provider, USER);
    const a = schemaFile(p, "a.prisma", provider, USER);
    const b = schemaFile(p, "b.prisma", provider, USER_WITH_PHONE);

    const script = await p.prismaOk(["migrate", "diff", "--from-schema", a, "--to-schema", b, "--script"]);
    expect(script.stdout).toMatch(/ALTER TABLE "User" ADD COLUMN +"phone" TEXT;/);

    const changed = await p.prisma(["migrate", "diff", "--from-schema", a, "--to-schema", b, "--exit-code"]);
    expect(changed.exitCode).toBe(2);
    expect(changed.stdout).toMatch(/\[\+\] Added column `phone`/);

    const same = await p.prisma(["migrate", "diff", "--from-schema", a, "--to-schema", a, "--exit-code"]);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toMatch(/No difference detected/);

    // From nothing to the schema: the whole CREATE TABLE.
    const fromEmpty = await p.prismaOk(["migrate", "diff", "--from-empty", "--to-schema", b, "--script"]);
    expect(fromEmpty.stdout).toMatch(/CREATE TABLE "User"/);
    // migrate diff never writes to the database.
    expect(await p.db.tables()).toEqual([]);
  });

  it("database to schema: --from-config-datasource --to-schema --script", async () => {
    const p = await projects.create(provider, USER);
    await p.prismaOk(["db", "push"]);
    const b = schemaFile(p, "b.prisma", provider, USER_WITH_PHONE);

    const run = await p.prisma(["migrate", "diff", "--from-config-datasource", "--to-schema", b, "--script", "--exit-code"]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(/ALTER TABLE "User" ADD COLUMN +"phone" TEXT;/);
    expect((await p.db.columns("User")).map((c) => c.name)).not.toContain("phone");

    const same = await p.prisma(["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--exit-code"]);
    expect(same.exitCode).toBe(0);
  });

  it("migrations to schema, with no shadow database configured: the engine makes (and removes) its own", async () => {
    const p = await projects.create(provider, USER_AS_SQL_WITH_PHONE);
    p.writeMigration("20240101000000_init", USER_TABLE);
    const run = await p.prisma([
      "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--script", "--exit-code",
    ]);
    expect(run.output).not.toMatch(/External error id#/);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(ADD_PHONE);
    // The migrations were replayed on a shadow database, never on the main one.
    expect(await p.db.tables()).toEqual([]);
  });

  it("migrations to schema, with shadowDatabaseUrl in the config: that database is used and left empty", async () => {
    const p = await projects.create(provider, USER_AS_SQL_WITH_PHONE);
    const shadowUrl = await p.newDatabase();
    p.writeConfig({ url: p.url, shadowDatabaseUrl: shadowUrl });
    p.writeMigration("20240101000000_init", USER_TABLE);
    const run = await p.prisma([
      "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--script", "--exit-code",
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(ADD_PHONE);
    expect(await p.db.tables()).toEqual([]);
    expect(await p.catalog(shadowUrl).tables()).toEqual([]);
  });
});

describe.each(PROVIDERS)("migrate resolve on %s", (provider) => {
  const projects = useProjects();

  /**
   * resolve needs an existing database: Prisma checks it can connect first, and a SQLite file
   * that does not exist is P1003 there (PostgreSQL test databases exist from the start).
   */
  async function projectWithEmptyDatabase() {
    const p = await projects.create(provider, USER_AS_SQL);
    if (provider === "sqlite") await p.db.execute("SELECT 1");
    return p;
  }

  it("--applied records a migration as applied without running it", async () => {
    const p = await projectWithEmptyDatabase();
    p.writeMigration("20240101000000_init", USER_TABLE);
    p.writeMigration("20240102000000_posts", `CREATE TABLE "Post" ("id" INTEGER NOT NULL PRIMARY KEY);\n`);
    await p.prismaOk(["migrate", "resolve", "--applied", "20240101000000_init"]);

    const rows = await p.db.migrationRows();
    expect(rows.map((r) => [r.migration_name, r.finished_at !== null, r.applied_steps_count])).toEqual([
      ["20240101000000_init", true, 0],
    ]);
    expect(await p.db.tables()).toEqual(["_prisma_migrations"]);

    // deploy now runs only the other one.
    await p.prismaOk(["migrate", "deploy"]);
    expect(await p.db.tables()).toEqual(["Post", "_prisma_migrations"]);
  });

  it("--rolled-back marks a failed migration; the next deploy retries it (fixed) and succeeds", async () => {
    const p = await projects.create(provider, USER);
    await deployFailingHalfWay(p);

    await p.prismaOk(["migrate", "resolve", "--rolled-back", "20240102000000_half"]);
    let rows = await p.db.migrationRows();
    expect(rows[1]?.migration_name).toBe("20240102000000_half");
    expect(rows[1]?.rolled_back_at).not.toBeNull();

    // Undo the half that ran, fix the migration, deploy again.
    // (On PostgreSQL the failed script ran as one implicit transaction, so there is nothing to undo.)
    await p.db.execute(`DROP TABLE IF EXISTS "Half"`);
    p.writeMigration("20240102000000_half", `CREATE TABLE "Half" ("id" INTEGER NOT NULL PRIMARY KEY);\n`);
    await p.prismaOk(["migrate", "deploy"]);
    rows = await p.db.migrationRows();
    const half = rows.filter((r) => r.migration_name === "20240102000000_half");
    // The rolled-back attempt stays in the history; a new, finished row is added.
    expect(half.map((r) => [r.rolled_back_at !== null, r.finished_at !== null])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(await p.db.tables()).toContain("Half");
    expect((await p.prisma(["migrate", "status"])).exitCode).toBe(0);
  });

  it("--applied on a migration that failed, after fixing the database by hand, recovers", async () => {
    const p = await projects.create(provider, USER);
    await deployFailingHalfWay(p);

    await p.prismaOk(["migrate", "resolve", "--applied", "20240102000000_half"]);
    const rows = await p.db.migrationRows();
    const half = rows.filter((r) => r.migration_name === "20240102000000_half");
    expect(half.some((r) => r.finished_at !== null)).toBe(true);
    const status = await p.prisma(["migrate", "status"]);
    expect(status.exitCode).toBe(0);
    expect(status.output).toMatch(/Database schema is up to date!/);
    expect((await p.prisma(["migrate", "deploy"])).exitCode).toBe(0);
  });

  it("--applied for a name that is not a migration folder fails and records nothing", async () => {
    const p = await projectWithEmptyDatabase();
    p.writeMigration("20240101000000_init", USER_TABLE);
    const run = await p.prisma(["migrate", "resolve", "--applied", "20240101000000_nope"]);
    expect(run.exitCode).toBe(1);
    expect(run.output).toMatch(/P3017/);
    expect(await p.db.migrationRows()).toEqual([]);
  });
});
