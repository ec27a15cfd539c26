import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "libsql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropPgDatabase, pgQuery, pgUrl } from "../support/postgres.js";
import { removeDir, scratchDir } from "../support/scratch.js";
import { engineDatabaseName, runPrisma, writeProject } from "./helpers.js";

function sqliteTables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name);
  } finally {
    db.close();
  }
}

const leftoverShadowFiles = () => readdirSync(os.tmpdir()).filter((name) => name.startsWith("backant-shadow-"));

describe("the real prisma CLI through the engine on SQLite", () => {
  let pushDir: string;
  let migrateDir: string;
  beforeAll(() => {
    pushDir = scratchDir("engine-smoke-sqlite-push");
    migrateDir = scratchDir("engine-smoke-sqlite-migrate");
  });
  afterAll(() => {
    removeDir(pushDir);
    removeDir(migrateDir);
  });

  it("db push creates the database file next to prisma.config.ts with the tables", async () => {
    writeProject(pushDir, "sqlite", "file:./dev.db");
    const result = await runPrisma(pushDir, ["db", "push"]);
    expect(result.stdout + result.stderr).toContain("Your database is now in sync with your Prisma schema");
    expect(result.exitCode).toBe(0);
    expect(sqliteTables(path.join(pushDir, "dev.db"))).toEqual(["Post", "User"]);
  });

  it("migrate dev --name init writes the migration, applies it, and leaves no shadow file", async () => {
    writeProject(migrateDir, "sqlite", "file:./dev.db");
    const before = leftoverShadowFiles();
    const result = await runPrisma(migrateDir, ["migrate", "dev", "--name", "init"]);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const migrations = readdirSync(path.join(migrateDir, "prisma", "migrations"));
    expect(migrations.some((name) => /^\d{14}_init$/.test(name))).toBe(true);
    expect(sqliteTables(path.join(migrateDir, "dev.db"))).toEqual(["Post", "User", "_prisma_migrations"]);
    expect(leftoverShadowFiles().filter((name) => !before.includes(name))).toEqual([]);
    expect(readdirSync(migrateDir).filter((name) => name.startsWith("dev.db-"))).toEqual([]);
  });
});

describe("migrate status on a SQLite database without _prisma_migrations", () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir("engine-status-sqlite");
  });
  afterAll(() => removeDir(dir));

  it("says the database is not managed, then lists a pending migration, and creates no table", async () => {
    writeProject(dir, "sqlite", "file:./dev.db");
    expect((await runPrisma(dir, ["db", "push"])).exitCode).toBe(0);
    const unmanaged = await runPrisma(dir, ["migrate", "status"]);
    expect(unmanaged.stdout + unmanaged.stderr).not.toContain("P1014");
    expect(unmanaged.stdout + unmanaged.stderr).toContain("baseline");

    const migration = path.join(dir, "prisma", "migrations", "20260101000000_init");
    mkdirSync(migration, { recursive: true });
    writeFileSync(path.join(migration, "migration.sql"), "SELECT 1;\n");
    writeFileSync(path.join(dir, "prisma", "migrations", "migration_lock.toml"), 'provider = "sqlite"\n');
    const pending = await runPrisma(dir, ["migrate", "status"]);
    expect(pending.exitCode).toBe(1);
    expect(pending.stdout).toContain("20260101000000_init");
    expect(pending.stdout).toContain("not yet been applied");
    // status is read-only: the engine must not have created the migrations table to answer.
    expect(sqliteTables(path.join(dir, "dev.db"))).toEqual(["Post", "User"]);
  });
});

describe("the real prisma CLI through the engine on PostgreSQL", () => {
  const pushDatabase = engineDatabaseName();
  const migrateDatabase = engineDatabaseName();
  let pushDir: string;
  let migrateDir: string;
  beforeAll(() => {
    pushDir = scratchDir("engine-smoke-pg-push");
    migrateDir = scratchDir("engine-smoke-pg-migrate");
  });
  afterAll(async () => {
    await dropPgDatabase(pushDatabase);
    await dropPgDatabase(migrateDatabase);
    removeDir(pushDir);
    removeDir(migrateDir);
  });

  const tables = async (database: string) =>
    (await pgQuery<{ table_name: string }>(database, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")).map(
      (row) => row.table_name,
    );

  it("db push creates the database and the tables", async () => {
    writeProject(pushDir, "postgresql", pgUrl(pushDatabase));
    const result = await runPrisma(pushDir, ["db", "push"]);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(await tables(pushDatabase)).toEqual(["Post", "User"]);
  });

  it("migrate dev --name init applies the migration and drops its shadow database", async () => {
    writeProject(migrateDir, "postgresql", pgUrl(migrateDatabase));
    const result = await runPrisma(migrateDir, ["migrate", "dev", "--name", "init"], { BACKANT_ENGINE_LOG: path.join(migrateDir, "engine.log") });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(await tables(migrateDatabase)).toEqual(["Post", "User", "_prisma_migrations"]);
    const applied = await pgQuery<{ migration_name: string }>(migrateDatabase, "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL");
    expect(applied.map((row) => row.migration_name)).toEqual([expect.stringMatching(/^\d{14}_init$/)]);
    const created = [...readFileSync(path.join(migrateDir, "engine.log"), "utf8").matchAll(/SHADOW created pg:(\S+)/g)].map((match) => match[1]);
    expect(created.length).toBeGreaterThan(0);
    const left = await pgQuery("postgres", "SELECT datname FROM pg_database WHERE datname = ANY($1)", [created]);
    expect(left).toEqual([]);
  });
});
