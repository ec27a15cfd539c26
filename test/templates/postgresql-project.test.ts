import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject } from "../support/generated-project.js";
import { dropPgDatabase, pgDatabaseNames, pgQuery, pgUrl, uniqueDatabaseName } from "../support/postgres.js";
import { removeDir } from "../support/scratch.js";
import { call, checkDeploymentFiles, exerciseUsers, inProject, runDockerHealthcheck, startServer, stopServer } from "./project-checks.js";

// The generated default project on PostgreSQL: its tests use <db>_test, the server <db>.
describe("generated project on postgresql", () => {
  const database = uniqueDatabaseName("bk_tpl_");
  let dir: string;

  beforeAll(async () => {
    dir = await copyProject("postgresql", { prefix: "bk-tpl-pg", databaseUrl: pgUrl(database) });
  }, 30 * 60_000);

  afterAll(async () => {
    if (dir) removeDir(dir);
    await dropPgDatabase(database);
    await dropPgDatabase(`${database}_test`);
    expect(await pgDatabaseNames([`${database}%`])).toEqual([]);
  });

  it("type-checks", async () => {
    await inProject(dir, "npx", ["tsc", "--noEmit"]);
  }, 10 * 60_000);

  it("passes npm run lint (Biome) as created", async () => {
    await inProject(dir, "npm", ["run", "lint"]);
  }, 10 * 60_000);

  it("passes its own tests on its own test database", async () => {
    await inProject(dir, "npm", ["test"]);
    expect(await pgDatabaseNames([`${database}_test`])).toEqual([`${database}_test`]);
    // every test cleans up after itself... before the next: the last one's rows may stay, the dev database is not touched
    expect(await pgDatabaseNames([database])).toEqual([]);
  }, 10 * 60_000);

  it("serves CRUD over HTTP (tsx) and exits 0 on SIGTERM", async () => {
    await inProject(dir, process.execPath, ["node_modules/prisma/build/index.js", "db", "push"]);
    const server = await startServer(dir, ["node_modules/.bin/tsx", "src/server.ts"], { NODE_ENV: "production" });
    try {
      await exerciseUsers(server.url);
      expect(await runDockerHealthcheck(dir, Number(new URL(server.url).port))).toBe(0);
      // Statements are named, so prepared once per connection. A migration that changes the type of
      // a returned column makes PostgreSQL refuse a statement prepared before it ("cached plan must
      // not change result type") and pg closes that connection. The repositories' reads, named on
      // the adapter's pool (backant/runtime pg-reads), are then sent again through Prisma's adapter,
      // whose statement is prepared anew: every read by id still answers, once per connection
      // through the adapter, then from the pool again.
      const grace = await call(`${server.url}/users?email=grace@example.com`, "GET");
      const id = grace.json.data[0].id;
      for (let i = 0; i < 12; i++) expect((await call(`${server.url}/users/${id}`, "GET")).status).toBe(200);
      await pgQuery(database, "ALTER TABLE users ALTER COLUMN name TYPE varchar(200)");
      const answers: { status: number; name?: string }[] = [];
      for (let i = 0; i < 14; i++) {
        const { status, json } = await call(`${server.url}/users/${id}`, "GET");
        answers.push({ status, name: json.name });
      }
      expect(answers).toEqual(Array.from({ length: 14 }, () => ({ status: 200, name: grace.json.data[0].name })));
      await pgQuery(database, "ALTER TABLE users ALTER COLUMN name TYPE text");
    } finally {
      await stopServer(server);
    }
    const rows = await pgQuery<{ email: string }>(database, "SELECT email FROM users ORDER BY email");
    expect(rows.map((r) => r.email)).toEqual(["grace@example.com", "u0@example.com", "u1@example.com", "u2@example.com"]);
  }, 10 * 60_000);

  it("is live but not ready while its database is missing: /ready 503 over HTTP, the Dockerfile's check fails", async () => {
    // A database of the right server that nobody created: the server starts (pg connects on the first query).
    const missing = uniqueDatabaseName("bk_tpl_missing_");
    const server = await startServer(dir, ["node_modules/.bin/tsx", "src/server.ts"], { NODE_ENV: "production", DATABASE_URL: pgUrl(missing) });
    try {
      expect(await call(`${server.url}/health`, "GET")).toEqual({ status: 200, json: { status: "ok" } });
      expect(await call(`${server.url}/ready`, "GET")).toEqual({ status: 503, json: { statusCode: 503, code: "DATABASE_UNAVAILABLE", message: "The database does not answer" } });
      expect(await runDockerHealthcheck(dir, Number(new URL(server.url).port))).toBe(1);
    } finally {
      await stopServer(server);
    }
    expect(server.output()).toContain("not ready: the database does not answer");
    expect(await pgDatabaseNames([missing])).toEqual([]);
  }, 10 * 60_000);

  it("has the deployment files it promises", () => {
    checkDeploymentFiles(dir, "postgresql");
  });
});
