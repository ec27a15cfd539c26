import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { dropPgDatabase, pgUrl, uniqueDatabaseName } from "../support/postgres.js";
import { runCreate } from "./run.js";

/**
 * One real `create-backant` with npm install, outside this checkout so that git init runs and nothing resolves from the
 * repository's node_modules. It checks what only a real install shows: the progress lines read
 * from npm, npm 11 finding no unreviewed install scripts (allowScripts), the first commit holding
 * the lockfile, and, after `backant add-model`, plain `tsc --noEmit` passing (the client was
 * regenerated) with nothing but add-model's files changed.
 */

const made: string[] = [];
const databases: string[] = [];
afterAll(async () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  for (const name of databases) await dropPgDatabase(name);
});

/** The shell's environment without what would point the project elsewhere, and no terminal. */
function projectEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["DATABASE_URL", "TEST_DATABASE_URL", "PRISMA_SCHEMA_ENGINE_BINARY", "BACKANT_ENGINE", "NODE_ENV", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID"]) delete env[key];
  return env;
}

describe("create-backant with a real npm install (PostgreSQL)", () => {
  // With BACKANT_E2E_ALL=1, as the PostgreSQL install of test/e2e/create.test.ts: a second real
  // install from the registry costs about 100 s, and `npm test` must stay under 20 minutes.
  it("shows npm's stages, leaves no install script unreviewed, commits the lockfile, and type-checks after add-model", { timeout: 1_800_000 }, async (context) => {
    if (!process.env.BACKANT_E2E_ALL) context.skip("a real PostgreSQL install from the registry runs with BACKANT_E2E_ALL=1");
    const parent = mkdtempSync(path.join(os.tmpdir(), "bk-h14-install-"));
    made.push(parent);
    const database = uniqueDatabaseName("bk_h14cli_");
    databases.push(database, `${database}_test`);
    const env = projectEnv();

    const created = await runCreate(["inst-api", "--db", "postgresql", "--database-url", pgUrl(database), "--yes"], parent, env);
    expect(created.exitCode, created.stderr).toBe(0);
    // Plain lines (no terminal): one a stage, read from npm's own log lines.
    const stages = created.stderr.split("\n");
    const at = (pattern: RegExp) => stages.findIndex((line) => pattern.test(line));
    const order = [
      /^Installing dependencies \(npm install\)\.\.\.$/,
      /^ {2}resolving the dependency tree$/,
      /^ {2}running prisma@7\.10\.0 preinstall script \(node scripts\/preinstall-entry\.js\)$/,
      /^ {2}running @prisma\/engines@7\.10\.0 postinstall script \(/,
      /^ {2}running the project's postinstall script \(prisma generate\)$/,
      /^ {2}added \d+ packages in /,
      /^Installing dependencies \(npm install\): done in [\d.]+ s$/,
      /^Making a git repository \(git init, first commit\): done in/,
    ].map(at);
    expect(order.every((index) => index >= 0), created.stderr).toBe(true);
    expect([...order].sort((a, b) => a - b), created.stderr).toEqual(order);
    // A PostgreSQL project installs no SQLite driver (backant takes the drivers from the project).
    expect(created.stderr).not.toMatch(/better-sqlite3|libsql/);
    // Not one line a package: a few dozen lines at most.
    expect(stages.length, created.stderr).toBeLessThan(40);

    const dir = path.join(parent, "inst-api");
    const run = (command: string, args: string[]) => execa(command, args, { cwd: dir, env, reject: false, all: true, stdin: "ignore" });
    const pending = await run("npm", ["install-scripts", "ls"]);
    expect(pending.exitCode, pending.all).toBe(0);
    expect(pending.all).toMatch(/^No packages with unreviewed install scripts\.$/m);

    expect((await run("git", ["log", "--format=%s"])).stdout).toBe("Initial commit from create-backant");
    expect((await run("git", ["ls-files", "package-lock.json", "vendor"])).stdout.split("\n")).toEqual(["package-lock.json", expect.stringMatching(/^vendor\/backant-.+\.tgz$/)]);
    expect((await run("git", ["status", "--porcelain"])).stdout).toBe("");

    // Point 8: the new model's types exist for plain tsc (and an editor) right after add-model.
    const added = await run("npx", ["backant", "add-model", "Orders", "--fields", "total:decimal(10,2) customer:belongsTo(Users)"]);
    expect(added.exitCode, added.all).toBe(0);
    expect(added.all).toContain("Prisma client regenerated");
    expect(readdirSync(path.join(dir, "src/generated/prisma/models"))).toContain("Orders.ts");
    const tsc = await run("npx", ["tsc", "--noEmit"]);
    expect(tsc.exitCode, tsc.all).toBe(0);
    // The generated client is git-ignored: only add-model's own files changed (with the untouched
    // files of Users, which the relation gives an ?include= and a delete check).
    expect((await run("git", ["status", "--porcelain"])).stdout.split("\n").sort()).toEqual(
      [" M prisma/schema.prisma", " M src/routes/index.ts", " M src/repositories/users.repository.ts", " M src/services/users.service.ts", " M test/users.test.ts", "?? src/models/Orders.model.ts", "?? src/repositories/orders.repository.ts", "?? src/routes/orders.route.ts", "?? src/services/orders.service.ts", "?? test/factories/Orders.factory.ts", "?? test/orders.test.ts"].sort(),
    );
  });
});
