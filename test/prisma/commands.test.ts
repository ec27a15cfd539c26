import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CommandFailure } from "../../src/errors.js";
import {
  dbExecute,
  dbPull,
  dbPush,
  draftMigration,
  generate,
  migrateDeploy,
  migrateDev,
  migrateDiff,
  migrateReset,
  migrateResolve,
  migrateStatus,
  validate,
} from "../../src/prisma/commands.js";
import { USER, USER_WITH_BIO } from "../support/prisma-models.js";
import { useProjects, type TestProject } from "./project.js";

const POST = `
model Post {
  id    Int    @id @default(autoincrement())
  title String
}
`;

function migrationFolders(p: TestProject): string[] {
  const dir = path.join(p.dir, "prisma", "migrations");
  return existsSync(dir) ? readdirSync(dir).filter((name) => /^\d{14}_/.test(name)).sort() : [];
}

async function appliedMigrations(p: TestProject): Promise<Array<{ name: string; finished: boolean; rolledBack: boolean }>> {
  const rows = await p.query<{ migration_name: string; finished_at: unknown; rolled_back_at: unknown }>(
    `SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name`,
  );
  return rows.map((row) => ({ name: row.migration_name, finished: row.finished_at !== null, rolledBack: row.rolled_back_at !== null }));
}

async function failureOf(promise: Promise<unknown>): Promise<CommandFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CommandFailure);
  return error as CommandFailure;
}

describe.each(["sqlite", "postgresql"] as const)("prisma commands on %s (offline engine)", (provider) => {
  const projects = useProjects();

  it("dbPush creates tables; refuses data loss unless acceptDataLoss", async () => {
    const p = await projects.create(provider, USER_WITH_BIO);
    const push = await dbPush(p.project, { acceptDataLoss: false, forceReset: false });
    expect(push.engine.kind).toBe("offline");
    expect(push.args).toContain("--schema");
    expect(push.args).toContain("--config");
    expect(await p.columns("User")).toEqual(["id", "email", "bio"]);
    await p.query(`INSERT INTO "User" (email, bio) VALUES ('a@x.io', 'keep')`);

    p.writeSchema(USER);
    const refused = await failureOf(dbPush(p.project, { acceptDataLoss: false, forceReset: false }));
    expect(refused.details?.kind).toBe("data-loss-not-accepted");
    expect(refused.code).toBe("DATA_LOSS_NOT_ACCEPTED");
    expect(await p.columns("User")).toContain("bio");

    await dbPush(p.project, { acceptDataLoss: true, forceReset: false });
    expect(await p.columns("User")).toEqual(["id", "email"]);
  });

  it("dbPush forceReset drops the data", async () => {
    const p = await projects.create(provider, USER);
    await dbPush(p.project, { acceptDataLoss: false, forceReset: false });
    await p.query(`INSERT INTO "User" (email) VALUES ('a@x.io')`);
    await dbPush(p.project, { acceptDataLoss: false, forceReset: true });
    expect(await p.query(`SELECT * FROM "User"`)).toEqual([]);
  });

  it("migrateDev applies a new migration; createOnly writes one without applying; status and deploy agree", async () => {
    const p = await projects.create(provider, USER);
    const init = await migrateDev(p.project, { name: "init", createOnly: false });
    expect(migrationFolders(p)).toEqual([init.createdMigration]);
    expect(init.createdMigration).toMatch(/^\d{14}_init$/);
    expect(init.appliedMigrations).toEqual([init.createdMigration]);
    expect(await p.tables()).toContain("User");
    expect(await appliedMigrations(p)).toEqual([{ name: init.createdMigration, finished: true, rolledBack: false }]);

    const upToDate = await migrateStatus(p.project);
    expect(upToDate.exitCode).toBe(0);
    expect(upToDate.status).toEqual({ state: "up-to-date", migrationCount: 1 });

    p.writeSchema(USER + POST);
    const draft = await migrateDev(p.project, { name: "add post", createOnly: true });
    expect(draft.createdMigration).toMatch(/^\d{14}_add_post$/);
    expect(draft.appliedMigrations).toEqual([]);
    expect(readFileSync(path.join(p.dir, "prisma", "migrations", String(draft.createdMigration), "migration.sql"), "utf8")).toMatch(/CREATE TABLE "Post"/);
    expect(await p.tables()).not.toContain("Post");

    const pending = await migrateStatus(p.project);
    expect(pending.exitCode).toBe(1);
    expect(pending.status).toEqual({ state: "pending", migrationCount: 2, pending: [draft.createdMigration] });

    const deploy = await migrateDeploy(p.project);
    expect(deploy.appliedMigrations).toEqual([draft.createdMigration]);
    expect(await p.tables()).toContain("Post");
    expect((await appliedMigrations(p)).map((m) => m.name)).toEqual([init.createdMigration, draft.createdMigration]);
  });

  it("migrateDiff: empty -> schema as a script; config datasource vs schema with exitCode", async () => {
    const p = await projects.create(provider, USER);
    const script = await migrateDiff(p.project, { from: { kind: "empty" }, to: { kind: "schema", path: "prisma/schema.prisma" }, script: true, exitCode: false });
    expect(script.diff).toMatch(/CREATE TABLE "User"/);
    expect(script.hasChanges).toBeUndefined();

    const before = await migrateDiff(p.project, { from: { kind: "config-datasource" }, to: { kind: "schema", path: "prisma/schema.prisma" }, script: true, exitCode: true });
    expect(before.hasChanges).toBe(true);
    await dbPush(p.project, { acceptDataLoss: false, forceReset: false });
    const after = await migrateDiff(p.project, { from: { kind: "config-datasource" }, to: { kind: "schema", path: "prisma/schema.prisma" }, script: true, exitCode: true });
    expect(after.hasChanges).toBe(false);

    await migrateDiff(p.project, { from: { kind: "empty" }, to: { kind: "schema", path: "prisma/schema.prisma" }, script: true, exitCode: false, output: "out.sql" });
    expect(readFileSync(path.join(p.dir, "out.sql"), "utf8")).toMatch(/CREATE TABLE "User"/);
  });

  it("migrateDiff from a migrations folder", async () => {
    const p = await projects.create(provider, USER);
    await migrateDev(p.project, { name: "init", createOnly: false });
    p.writeSchema(USER + POST);
    const diff = await migrateDiff(p.project, { from: { kind: "migrations", path: "prisma/migrations" }, to: { kind: "schema", path: "prisma/schema.prisma" }, script: true, exitCode: true });
    expect(diff.hasChanges).toBe(true);
    expect(diff.diff).toMatch(/CREATE TABLE "Post"/);
    expect(diff.diff).not.toMatch(/CREATE TABLE "User"/);
  });

  it("migrateResolve marks a migration applied (baseline) and a failed one rolled back", async () => {
    const p = await projects.create(provider, USER);
    const init = await migrateDev(p.project, { name: "init", createOnly: true });
    const name = String(init.createdMigration);
    // baseline: the table already exists (made by hand), the migration is only recorded
    await dbExecute(p.project, { file: path.join("prisma", "migrations", name, "migration.sql") });
    await migrateResolve(p.project, { applied: name });
    expect(await appliedMigrations(p)).toEqual([{ name, finished: true, rolledBack: false }]);

    p.writeSchema(USER + POST);
    const broken = await migrateDev(p.project, { name: "broken", createOnly: true });
    const brokenName = String(broken.createdMigration);
    writeFileSync(path.join(p.dir, "prisma", "migrations", brokenName, "migration.sql"), `CREATE TABLE "Post" (id INTEGER);\nTHIS IS NOT SQL;\n`);
    const failed = await failureOf(migrateDeploy(p.project));
    expect(failed.code).toBe("P3018");
    const status = await migrateStatus(p.project);
    expect(status.status).toEqual({ state: "failed", migrationCount: 2, failed: [brokenName] });

    await migrateResolve(p.project, { rolledBack: brokenName });
    expect((await appliedMigrations(p)).find((m) => m.name === brokenName)?.rolledBack).toBe(true);
  });

  it("dbExecute runs SQL from stdin and from a file", async () => {
    const p = await projects.create(provider, USER);
    await dbPush(p.project, { acceptDataLoss: false, forceReset: false });
    await dbExecute(p.project, { sql: `INSERT INTO "User" (email) VALUES ('stdin@x.io');` });
    writeFileSync(path.join(p.dir, "seed.sql"), `INSERT INTO "User" (email) VALUES ('file@x.io');`);
    await dbExecute(p.project, { file: "seed.sql" });
    expect((await p.query<{ email: string }>(`SELECT email FROM "User" ORDER BY email`)).map((r) => r.email)).toEqual(["file@x.io", "stdin@x.io"]);
  });

  it("migrateReset with force drops data and re-applies migrations", async () => {
    const p = await projects.create(provider, USER);
    const init = await migrateDev(p.project, { name: "init", createOnly: false });
    await p.query(`INSERT INTO "User" (email) VALUES ('a@x.io')`);
    await migrateReset(p.project, { force: true });
    expect(await p.query(`SELECT * FROM "User"`)).toEqual([]);
    expect((await appliedMigrations(p)).map((m) => m.name)).toEqual([init.createdMigration]);
  });

  it("dbPull prints the introspected schema", async () => {
    const p = await projects.create(provider, USER);
    await dbPush(p.project, { acceptDataLoss: false, forceReset: false });
    const pull = await dbPull(p.project, { print: true, force: false });
    expect(pull.stdout).toMatch(/model User \{/);
    expect(pull.stdout).toMatch(/email\s+String\s+@unique/);
  });
});

describe("prisma commands that never start the schema engine", () => {
  const projects = useProjects();

  it("validate accepts a good schema and reports P1012 for a bad one; generate writes the client", async () => {
    const p = await projects.create("sqlite", USER);
    expect((await validate(p.project)).stdout).toMatch(/is valid/);
    const gen = await generate(p.project);
    expect(gen.exitCode).toBe(0);
    expect(existsSync(path.join(p.dir, "src", "generated", "prisma", "client.ts"))).toBe(true);

    p.writeSchema(`model User {\n  id Int @id\n  owner Nope\n}\n`);
    const invalid = await failureOf(validate(p.project));
    expect(invalid.code).toBe("P1012");
    expect(invalid.message).toMatch(/Nope/);
  });
});

describe.each(["sqlite", "postgresql"] as const)("migrate dev without a terminal on %s", (provider) => {
  const projects = useProjects();

  it("data-loss warnings: fails fast with MIGRATE_DEV_NEEDS_CONFIRMATION, even with createOnly; draftMigration is the way through", async () => {
    const p = await projects.create(provider, USER_WITH_BIO);
    await migrateDev(p.project, { name: "init", createOnly: false });
    await p.query(`INSERT INTO "User" (email, bio) VALUES ('a@x.io', 'keep')`);
    p.writeSchema(USER);
    const failure = await failureOf(migrateDev(p.project, { name: "drop bio", createOnly: false }));
    expect(failure.code).toBe("MIGRATE_DEV_NEEDS_CONFIRMATION");
    expect(failure.details?.kind).toBe("migrate-dev-non-interactive");
    expect(failure.message).toMatch(/bio/);
    expect(failure.hint).toMatch(/migrate diff/);
    expect(failure.hint).toMatch(/backant reset/);
    expect(migrationFolders(p)).toHaveLength(1);
    expect(await p.columns("User")).toContain("bio");

    // Prisma 7.10 refuses here even with --create-only ...
    const createOnly = await failureOf(migrateDev(p.project, { name: "drop bio", createOnly: true }));
    expect(createOnly.code).toBe("MIGRATE_DEV_NEEDS_CONFIRMATION");
    // ... what the hint says works: draft the migration, review, deploy
    const draft = await draftMigration(p.project, { name: "drop bio", allowEmpty: false });
    expect(draft.createdMigration).toMatch(/^\d{14}_drop_bio$/);
    expect(draft.sql).toMatch(provider === "sqlite" ? /DROP TABLE "User"/ : /DROP COLUMN "bio"/);
    expect(migrationFolders(p)).toHaveLength(2);
    expect(await p.columns("User")).toContain("bio");
    expect((await migrateDeploy(p.project)).appliedMigrations).toEqual([draft.createdMigration]);
    expect(await p.columns("User")).toEqual(["id", "email"]);
    // nothing left to write
    expect((await draftMigration(p.project, { name: "again", allowEmpty: false })).createdMigration).toBeUndefined();
  });

  it("an edited applied migration (reset needed): fails with MIGRATE_DEV_NEEDS_RESET instead of prompting", async () => {
    const p = await projects.create(provider, USER);
    const init = await migrateDev(p.project, { name: "init", createOnly: false });
    const sql = path.join(p.dir, "prisma", "migrations", String(init.createdMigration), "migration.sql");
    writeFileSync(sql, `${readFileSync(sql, "utf8")}\n-- edited after it was applied\n`);
    const failure = await failureOf(migrateDev(p.project, { name: "next", createOnly: false }));
    expect(failure.code).toBe("MIGRATE_DEV_NEEDS_RESET");
    expect(failure.details?.exitCode).toBe(130);
    expect(failure.message).toMatch(/modified after it was applied|We need to reset/);
    expect(failure.hint).toMatch(/backant reset/);
  });

  it("drift (a table made outside migrations): fails with MIGRATE_DEV_NEEDS_RESET", async () => {
    const p = await projects.create(provider, USER);
    await migrateDev(p.project, { name: "init", createOnly: false });
    await p.query(`CREATE TABLE "Stray" (id INTEGER PRIMARY KEY)`);
    const failure = await failureOf(migrateDev(p.project, { name: "next", createOnly: false }));
    expect(failure.code).toBe("MIGRATE_DEV_NEEDS_RESET");
    expect(failure.message).toMatch(/Drift detected|Stray/);
  });

  it("migrateReset without force is refused by Prisma (no prompt) as RESET_NEEDS_FORCE", async () => {
    const p = await projects.create(provider, USER);
    await migrateDev(p.project, { name: "init", createOnly: false });
    await p.query(`INSERT INTO "User" (email) VALUES ('a@x.io')`);
    const failure = await failureOf(migrateReset(p.project, { force: false }));
    expect(failure.code).toBe("RESET_NEEDS_FORCE");
    expect((await p.query(`SELECT * FROM "User"`)).length).toBe(1);
  });
});
