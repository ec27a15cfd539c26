import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPgDatabase, dropPgDatabase, pgDatabaseNames, PG_SERVER, uniqueDatabaseName } from "../support/postgres.js";
import { useScratchDirs } from "../support/scratch.js";
import { expectCreateRefused, runCreate } from "./run.js";

/**
 * create-backant --database-url against the real PostgreSQL on 127.0.0.1:5432: the URL is checked by
 * connecting before anything is written (here with --no-install; the check comes before the install
 * in the same code path, see the install test), and a refusal leaves the folder as it was.
 */

const scratch = useScratchDirs("h14-dburl");
const made: string[] = [];
afterAll(async () => {
  for (const name of made) await dropPgDatabase(name);
  expect(await pgDatabaseNames(["bk_h14cli_%"])).toEqual([]);
});

describe("create-backant --database-url", () => {
  it("refuses a server that does not answer: exit 2, the URL without its password, nothing written", async () => {
    const parent = scratch({ "keep.txt": "kept\n" });
    const run = await expectCreateRefused(["pg-api", "--db", "postgresql", "--database-url", "postgresql://postgres:s3cret@127.0.0.1:1/pg_api", "--yes", "--no-install"], parent, /Could not connect to postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/pg_api: Can't reach database server/);
    expect(run.stderr).not.toContain("s3cret");
  });

  it("refuses credentials the server rejects (a role that does not exist)", async () => {
    const parent = scratch({});
    await expectCreateRefused(["pg-api", "--db", "postgresql", "--database-url", `postgresql://bk_h14cli_nobody@127.0.0.1:5432/postgres`, "--yes", "--no-install"], parent, /Could not connect to .*Authentication failed/);
  });

  it("refuses what is not a PostgreSQL URL, and a URL for another database", async () => {
    const parent = scratch({});
    await expectCreateRefused(["pg-api", "--db", "postgresql", "--database-url", "mysql://root@localhost/x", "--yes", "--no-install"], parent, /starts with postgresql:\/\//);
    await expectCreateRefused(["pg-api", "--database-url", `${PG_SERVER}/x`, "--yes", "--no-install"], parent, /--database-url is for PostgreSQL projects; this one is sqlite/);
  });

  it("writes a reachable URL to .env, and to the committed files only without its password", async () => {
    const parent = scratch({});
    const database = uniqueDatabaseName("bk_h14cli_");
    made.push(database);
    await createPgDatabase(database);
    const url = `postgresql://postgres:pw@127.0.0.1:5432/${database}`;
    const run = await runCreate(["pg-api", "--db", "postgresql", "--database-url", url, "--yes", "--no-install", "--report"], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: true, db: "postgresql", database: { url: `postgresql://postgres:***@127.0.0.1:5432/${database}`, exists: true } });
    // The compose file's server is not needed: the next steps do not send the user there.
    expect(report.next.join("\n")).not.toMatch(/docker compose/);
    const dir = path.join(parent, "pg-api");
    expect(readFileSync(path.join(dir, ".env"), "utf8")).toContain(`DATABASE_URL="${url}"`);
    expect(readFileSync(path.join(dir, ".env.example"), "utf8")).toContain(`DATABASE_URL="postgresql://postgres:PASSWORD@127.0.0.1:5432/${database}"`);
    expect(readFileSync(path.join(dir, "test/database-url.ts"), "utf8")).not.toContain(":pw@");
  });

  it("accepts a reachable server whose database does not exist yet (npm run dev creates it), and creates nothing on it", async () => {
    const parent = scratch({});
    const database = uniqueDatabaseName("bk_h14cli_");
    const run = await runCreate(["pg-api", "--db", "postgresql", "--database-url", `${PG_SERVER}/${database}`, "--yes", "--no-install", "--report"], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ database: { exists: false } });
    expect(existsSync(path.join(parent, "pg-api/.env"))).toBe(true);
    expect(await pgDatabaseNames([database])).toEqual([]);
  });
});
