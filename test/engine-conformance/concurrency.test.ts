// Several `migrate deploy` at once against one database, as when replicas of an app each run
// migrations on start-up. Prisma's engine serialises them: on PostgreSQL with an advisory lock
// (pg_advisory_lock(72707369)) taken before it reads _prisma_migrations, so the first applies
// everything and the others wait, then find nothing pending.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { USER } from "../support/prisma-models.js";
import { useProjects, type ConformanceProject } from "./harness.js";

function writeMigrations(p: ConformanceProject, count: number): string[] {
  const names: string[] = [];
  p.writeMigration("20240101000000_init", `CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY, "email" TEXT NOT NULL);\n`);
  names.push("20240101000000_init");
  for (let i = 1; i < count; i++) {
    const name = `2024010100${String(i).padStart(4, "0")}_t${i}`;
    p.writeMigration(name, `CREATE TABLE "T${i}" ("id" INTEGER NOT NULL PRIMARY KEY);\nINSERT INTO "T${i}" ("id") VALUES (1);\n`);
    names.push(name);
  }
  return names;
}

async function expectEachAppliedOnce(p: ConformanceProject, names: string[]): Promise<void> {
  const rows = await p.db.migrationRows();
  expect(rows.map((r) => r.migration_name).sort()).toEqual(names);
  expect(rows.every((r) => r.finished_at !== null && r.rolled_back_at === null && r.logs === null)).toBe(true);
  // Each migration's INSERT ran once: a double run would show two rows or a failed migration.
  for (let i = 1; i < names.length; i++) {
    const [row] = await p.db.query<{ n: number | string }>(`SELECT count(*) AS n FROM "T${i}"`);
    expect(Number(row?.n)).toBe(1);
  }
}

describe("concurrent migrate deploy on postgresql", () => {
  const projects = useProjects();

  it.each([2, 4])("%i deploys at once: all succeed, each migration applied exactly once", async (n) => {
    const p = await projects.create("postgresql", USER);
    const names = writeMigrations(p, 6);
    const runs = await Promise.all(Array.from({ length: n }, () => p.prisma(["migrate", "deploy"])));
    for (const run of runs) {
      expect(run.output).not.toMatch(/Error/);
      expect(run.exitCode).toBe(0);
    }
    // Exactly the runs that found work applied it; the rest found nothing to do.
    const appliers = runs.filter((r) => /The following migration\(s\) have been applied/.test(r.output));
    const idle = runs.filter((r) => /No pending migrations to apply/.test(r.output));
    expect(appliers.length + idle.length).toBe(n);
    expect(appliers.length).toBeGreaterThanOrEqual(1);
    await expectEachAppliedOnce(p, names);
  });
});

describe("concurrent migrate deploy on sqlite", () => {
  const projects = useProjects();

  // SQLite has no advisory locks. backant's engine takes a lock folder beside the database file
  // (src/engine/sqlite-apply-lock.ts) before it writes the history, so the others wait and then
  // find nothing pending, as on PostgreSQL. Without it, behind @prisma/adapter-libsql (a connection
  // per transaction), about one run in three recorded a migration as failed (P3009).
  it("4 deploys at once: all succeed, each migration applied exactly once", async () => {
    const p = await projects.create("sqlite", USER);
    await p.db.execute("SELECT 1");
    const names = writeMigrations(p, 6);
    const runs = await Promise.all([0, 1, 2, 3].map(() => p.prisma(["migrate", "deploy"])));
    for (const run of runs) {
      expect(run.output).not.toMatch(/Error/);
      expect(run.exitCode).toBe(0);
    }
    const appliers = runs.filter((r) => /The following migration\(s\) have been applied/.test(r.output));
    const idle = runs.filter((r) => /No pending migrations to apply/.test(r.output));
    expect(appliers.length).toBe(1);
    expect(idle.length).toBe(3);
    // The lock folder is gone once the last deploy ended.
    const leftovers = [p.dir, path.join(p.dir, "prisma")].flatMap((dir) => readdirSync(dir).filter((name) => name.endsWith(".migrate-lock")));
    expect(leftovers).toEqual([]);
    await expectEachAppliedOnce(p, names);
  });
});
