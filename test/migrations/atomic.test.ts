// Issue 10 point 4: each migration commits together with its _prisma_migrations row or not at all.
// A statement failing in the middle is covered in deploy.test.ts; here a slow migration (PostgreSQL:
// pg_sleep; SQLite: a long query) is interrupted by SIGINT, SIGTERM or SIGKILL. Afterwards the
// database is either untouched with the migration pending, or (SQLite, whose statements cannot be
// interrupted) fully migrated with its row: never half of it, never a failed row. Status agrees and
// the next deploy succeeds.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pgQuery } from "../support/postgres.js";
import { PROVIDERS, SLOW, useMigrationProjects, type MigrationTestProject } from "./project.js";

const SIGNALS = [
  ["SIGINT", 130],
  ["SIGTERM", 143],
  ["SIGKILL", null],
] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function slowStatement(provider: string): string {
  return provider === "postgresql"
    ? "SELECT pg_sleep(2);"
    : "SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT x FROM c);";
}

async function tableExists(p: MigrationTestProject, name: string): Promise<boolean> {
  const rows = await p.query(p.provider === "sqlite" ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name = '${name}'` : `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename = '${name}'`);
  return rows.length > 0;
}

describe.each(PROVIDERS)("atomic migrations on %s", (provider) => {
  const projects = useMigrationProjects();

  it.each(SIGNALS)(
    "%s during a slow migration leaves it all or nothing, with a consistent history",
    async (signal, exitCode) => {
      const p = await projects.create(provider);
      p.writeModel("Users", `  id: t.id(),\n  email: t.string(120).unique(),`);
      expect((await p.backant(["migrate", "init"])).exitCode).toBe(0);
      const name = "20990101000000_slow";
      const dir = path.join(p.migrationsDir, name);
      const { mkdirSync } = await import("node:fs");
      mkdirSync(dir);
      writeFileSync(path.join(dir, "migration.sql"), `CREATE TABLE "first" ("id" INTEGER NOT NULL PRIMARY KEY);\n${slowStatement(provider)}\nCREATE TABLE "second" ("id" INTEGER NOT NULL PRIMARY KEY);\n`);

      const deploy = p.start(["migrate", "deploy"]);
      if (provider === "postgresql") {
        const database = new URL(p.url).pathname.slice(1);
        await waitFor(async () => (await pgQuery("postgres", `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep%' AND state = 'active'`, [database])).length > 0, "the migration to run");
      } else {
        // the write transaction has begun once the rollback journal exists
        await waitFor(() => existsSync(path.join(p.dir, "dev.db-journal")), "the migration to start");
      }
      deploy.kill(signal);
      const result = await deploy;
      if (exitCode !== null) expect(result.exitCode, String(result.stderr)).toBe(exitCode);
      else expect(result.signal).toBe("SIGKILL");

      if (provider === "postgresql") {
        // the server notices the client is gone (client_connection_check_interval) and rolls back
        const database = new URL(p.url).pathname.slice(1);
        await waitFor(async () => (await pgQuery("postgres", `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep%' AND state = 'active'`, [database])).length === 0, "the interrupted session to end");
      }
      const applied = (await p.migrationRows()).map((row) => row.migration_name);
      const first = await tableExists(p, "first");
      const second = await tableExists(p, "second");
      // all or nothing, and the history says which
      expect([first, second]).toEqual(applied.includes(name) ? [true, true] : [false, false]);
      if (provider === "postgresql") expect(applied).not.toContain(name);
      expect((await p.migrationRows()).every((row) => row.finished_at !== null)).toBe(true);

      const status = await p.report(["migrate", "status"]);
      expect(status.json).toMatchObject({ failed: [], pending: applied.includes(name) ? [] : [name] });
      const again = await p.report(["migrate", "deploy"]);
      expect(again.exitCode, JSON.stringify(again.json)).toBe(0);
      expect(await tableExists(p, "second")).toBe(true);
      expect((await p.report(["migrate", "status"])).json).toMatchObject({ state: "up-to-date", failed: [], pending: [] });
    },
    SLOW,
  );
});
