import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { execa, type ResultPromise } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { dropPgDatabase, pgDatabaseNames, pgUrl, uniqueDatabaseName } from "../support/postgres.js";
import { createBin, stagingLeftovers } from "../create/run.js";
import { addModelAndRecheck } from "../resources/added-model-checks.js";
import { pathWithoutToolchain } from "../support/no-toolchain.js";

/**
 * The real thing, once per database (PostgreSQL only with BACKANT_E2E_ALL=1, to keep `npm test` in
 * its budget: the install from the tarball is the same code path, about two and a half minutes
 * more, and the PostgreSQL project's own install, type-check, tests and server are run by
 * test/templates/postgresql-project.test.ts on every `npm test`): `create-backant NAME --yes` with npm install (backant comes
 * from the packed tarball in vendor/), then the project's own typecheck and tests, then its built
 * server answering a create and a get over HTTP. The project lives under the OS temp folder, not
 * under the repository's .tmp/: from there Node and TypeScript would resolve anything the project
 * forgot to depend on from the repository's node_modules, and this test is about the project
 * installing on its own.
 */

const made: string[] = [];
const databases: string[] = [];
afterAll(async () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  for (const name of databases) await dropPgDatabase(name);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The shell's environment without variables that would point the project at other databases or engines. */
function projectEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["DATABASE_URL", "TEST_DATABASE_URL", "PRISMA_SCHEMA_ENGINE_BINARY", "BACKANT_ENGINE", "NODE_ENV", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID"]) delete env[key];
  return { ...env, NO_COLOR: "1", CI: "1", ...extra };
}

async function waitForHealth(base: string, server: ResultPromise): Promise<void> {
  let exited = false;
  void server.finally(() => (exited = true));
  for (let attempt = 0; attempt < 600; attempt++) {
    if (exited) throw new Error(`the server exited before answering:\n${(await server).all}`);
    try {
      const response = await fetch(`${base}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server did not answer /health");
}

const cases = [
  // SQLite's driver installs from the registry's prebuilt binaries: the install runs with no compiler on PATH.
  {
    db: "sqlite" as const,
    extra: (): Record<string, string> => {
      const bin = pathWithoutToolchain();
      made.push(bin);
      return { PATH: bin };
    },
  },
  {
    db: "postgresql" as const,
    extra: (): Record<string, string> => {
      const dev = uniqueDatabaseName("bk_new_");
      databases.push(dev, `${dev}_test`);
      return { DATABASE_URL: pgUrl(dev), TEST_DATABASE_URL: pgUrl(`${dev}_test`) };
    },
  },
];

describe.each(cases)("create-backant with npm install ($db)", ({ db, extra }) => {
  it("installs from the packed tarball, type-checks, passes its own tests, and serves a create and a get", { timeout: 1_800_000 }, async (context) => {
    if (db === "postgresql" && !process.env.BACKANT_E2E_ALL) context.skip("the PostgreSQL install from the tarball runs with BACKANT_E2E_ALL=1 (see the header)");
    const parent = mkdtempSync(path.join(os.tmpdir(), "bk-new-e2e-"));
    made.push(parent);
    const env = projectEnv(extra());

    const created = await execa(process.execPath, [createBin, "e2e-api", "--yes", "--db", db, "--report"], { cwd: parent, env, reject: false, stdin: "ignore" });
    expect(created.exitCode, created.stderr + created.stdout).toBe(0);
    const report = JSON.parse(created.stdout);
    expect(report).toMatchObject({ ok: true, db, installed: true, dependency: { backant: "file:vendor/backant-0.1.0.tgz", source: "local" } });
    expect(stagingLeftovers(parent)).toEqual([]);
    const dir = path.join(parent, "e2e-api");

    // backant came from the vendored tarball, not from the repository.
    const lock = JSON.parse(readFileSync(path.join(dir, "package-lock.json"), "utf8"));
    expect(lock.packages["node_modules/backant"].resolved).toBe("file:vendor/backant-0.1.0.tgz");
    expect(readdirSync(path.join(dir, "src/generated/prisma"))).toContain("client.ts");
    // Only its own database's driver: backant takes the drivers as optional peers, from the project.
    const installed = (name: string) => existsSync(path.join(dir, "node_modules", name));
    expect({ libsql: installed("libsql"), "better-sqlite3": installed("better-sqlite3"), pg: installed("pg") }).toEqual({ libsql: db === "sqlite", "better-sqlite3": false, pg: db === "postgresql" });

    const run = (command: string, args: string[]) => execa(command, args, { cwd: dir, env, reject: false, all: true, stdin: "ignore" });
    const typecheck = await run("npm", ["run", "typecheck"]);
    expect(typecheck.exitCode, typecheck.all).toBe(0);
    const tests = await run("npm", ["test"]);
    expect(tests.exitCode, tests.all).toBe(0);
    expect(tests.all).toMatch(/Tests\s+\d+ passed/);

    // The development database gets the schema (created if missing), then the built server runs.
    const push = await run("npx", ["prisma", "db", "push"]);
    expect(push.exitCode, push.all).toBe(0);
    const build = await run("npm", ["run", "build"]);
    expect(build.exitCode, build.all).toBe(0);

    const port = await freePort();
    const server = execa("node", ["dist/server.js"], { cwd: dir, env: { ...env, PORT: String(port), HOST: "127.0.0.1" }, reject: false, all: true, stdin: "ignore" });
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitForHealth(base, server);
      const createdRow = await fetch(`${base}/users`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "ada@example.com", name: "Ada" }) });
      expect(createdRow.status).toBe(201);
      const row = (await createdRow.json()) as { id: number; email: string; name: string };
      expect(row).toMatchObject({ email: "ada@example.com", name: "Ada" });
      const fetched = await fetch(`${base}/users/${row.id}`);
      expect(fetched.status).toBe(200);
      expect(await fetched.json()).toMatchObject({ id: row.id, email: "ada@example.com", name: "Ada" });
    } finally {
      server.kill("SIGTERM");
      const stopped = await server;
      // Graceful shutdown: the server exits 0 on SIGTERM.
      expect(stopped.exitCode, stopped.all).toBe(0);
    }
    // Point 7: add a model with the installed backant, and repeat the checks.
    await addModelAndRecheck(dir, env);
    if (db === "postgresql") expect(await pgDatabaseNames(["bk_new_%"])).toEqual(expect.arrayContaining(databases.slice(-2)));
  });
});
