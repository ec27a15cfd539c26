// Issue 11, point 4: `create-backant NAME --from-schema FILE` (and --from-database URL) gives a whole
// layered API for every model of an existing schema: it type-checks, passes its own generated tests,
// and serves CRUD on the existing database without changing its tables. One corpus schema by
// default (SQLite), four PostgreSQL ones with BACKANT_E2E_EXTRA=1 (below). Installs reuse the
// installed base projects (test/support).
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import Database from "libsql";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { importPrismaSchema } from "../../src/import/import-schema.js";
import { introspectDatabase } from "../../src/import/introspect-database.js";
import { printModelFiles } from "../../src/import/model-code.js";
import { planProjectFiles } from "../../src/scaffold/project-files.js";
import type { Provider } from "../../src/project/config.js";
import { EMPTY_MIGRATION, diffSchemas } from "../support/engine-diff.js";
import { ensureBaseProject, writeProjectFiles } from "../support/generated-project.js";
import { repoRoot } from "../support/paths.js";
import { createPgDatabase, dropPgDatabase, pgUrl, uniqueDatabaseName, withPgClient } from "../support/postgres.js";
import { cleanEnv } from "../support/processes.js";
import { removeDir } from "../support/scratch.js";
import { call, startServer, stopServer } from "../templates/project-checks.js";

const withoutUrls = (text: string) => text.replace(/^(\s*)(url|directUrl)(\s*=.*)$/gm, "$1");
const corpus = (name: string) => withoutUrls(readFileSync(path.join(repoRoot, "test/import/corpus", name, "schema.prisma"), "utf8"));

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  // BACKANT_KEEP_E2E=1 keeps the projects and databases for a look after a failure.
  if (process.env.BACKANT_KEEP_E2E) return;
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The existing database: the original schema's tables, made by Prisma's engine (as `prisma db push` would). */
async function existingDatabase(provider: Provider, schema: string, dir: string): Promise<string> {
  const sql = await diffSchemas(provider as "sqlite" | "postgresql", null, schema);
  if (provider === "sqlite") {
    const file = path.join(dir, "legacy.db");
    const db = new Database(file);
    db.exec(sql);
    db.close();
    return `file:${file}`;
  }
  const name = uniqueDatabaseName("bk_imp_");
  await createPgDatabase(name);
  cleanups.push(() => dropPgDatabase(name), () => dropPgDatabase(`${name}_test`));
  await withPgClient(pgUrl(name), (client) => client.query(sql));
  return pgUrl(name);
}

const run = (dir: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  execa(process.execPath, args, { cwd: dir, env: cleanEnv(env), reject: false, all: true, timeout: 15 * 60_000 });

/** One model of each schema to create, read and delete a row of, over HTTP, on the existing database. */
const crud = {
  "umami-postgresql": { path: "user", id: "id", body: { id: "2f4c6e5a-1b3d-4e8f-9a7b-0c1d2e3f4a5b", username: "ada", password: "secret", role: "admin" } },
  ghostfolio: { path: "property", id: "key", body: { key: "e2e", value: "on" } },
  "epic-stack": { path: "user", id: "id", body: { email: "ada@example.com", username: "ada" } },
} as const;

// The PostgreSQL schemas (umami: relationMode = "prisma", decimals at scale 4; ghostfolio: enums and
// foreign keys; hoppscotch; linkwarden) run with BACKANT_E2E_EXTRA=1, about two minutes each here,
// to keep `npm test` under 20 minutes; epic-stack (SQLite) runs by default. A generated PostgreSQL
// project's every type, enums and foreign keys are in test/templates/related-models.test.ts, and
// `backant import` from a PostgreSQL database in test/cli/import.test.ts.
describe.each([
  ...(process.env.BACKANT_E2E_EXTRA
    ? ([["umami-postgresql", "postgresql"], ["ghostfolio", "postgresql"], ["hoppscotch", "postgresql"], ["linkwarden", "postgresql"]] as const)
    : []),
  ["epic-stack", "sqlite"],
] as const)("create-backant --from-schema %s", (fixture, provider) => {
  it("installs, type-checks, passes its own tests and serves CRUD on the existing database without changing it", async () => {
    const original = corpus(fixture);
    const dir = mkdtempSync(path.join(repoRoot, ".tmp", `bk-import-${fixture}-`));
    cleanups.push(() => removeDir(dir));
    const databaseUrl = await existingDatabase(provider, original, dir);

    const schema = importPrismaSchema(original, `${fixture}/schema.prisma`);
    const files = await planProjectFiles({ name: `${fixture}-api`, db: provider, backantDependency: `file:${repoRoot}`, imported: { schema, files: printModelFiles(schema), databaseUrl } });
    await writeProjectFiles(dir, files);
    symlinkSync(path.join(await ensureBaseProject(provider), "node_modules"), path.join(dir, "node_modules"), "dir");
    const models = schema.models.filter((m) => !m.ignore).map((m) => m.name);
    expect(files.filter((f) => f.path.startsWith("src/routes/") && f.path.endsWith(".route.ts") && f.path !== "src/routes/health.route.ts")).toHaveLength(models.length);

    const typecheck = await run(dir, ["node_modules/prisma/build/index.js", "generate"]);
    expect(typecheck.exitCode, typecheck.all).toBe(0);
    const tsc = await run(dir, ["node_modules/typescript/bin/tsc", "--noEmit"]);
    expect(tsc.exitCode, tsc.all).toBe(0);

    const tests = await run(dir, ["node_modules/vitest/vitest.mjs", "run"], { DATABASE_URL: databaseUrl });
    expect(tests.exitCode, tests.all).toBe(0);
    // a test file per model, and the app's health and openapi tests
    expect(stripVTControlCharacters(tests.all ?? "")).toMatch(new RegExp(`Test Files\\s+${models.length + 2} passed`));

    // The generated tests ran on a test database of their own: the existing one is as it was.
    const before = await introspectDatabase(databaseUrl, provider);
    expect(await diffSchemas(provider as "sqlite" | "postgresql", original, before)).toMatch(EMPTY_MIGRATION);

    const build = await run(dir, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"]);
    expect(build.exitCode, build.all).toBe(0);
    const server = await startServer(dir, [process.execPath, "dist/server.js"], { DATABASE_URL: databaseUrl, NODE_ENV: "production" });
    try {
      for (const model of models) {
        const kebab = model.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/_/g, "-").toLowerCase();
        const list = await call(`${server.url}/${kebab}?pageSize=5`, "GET");
        expect(list.status, `${model}: ${JSON.stringify(list.json)}`).toBe(200);
        expect(list.json).toMatchObject({ page: 1, pageSize: 5, data: [] });
      }
      // The extra schemas (BACKANT_E2E_EXTRA) are not given a row to write.
      const one = (crud as Record<string, { path: string; id: string; body: Record<string, unknown> }>)[fixture];
      if (one) {
        const created = await call(`${server.url}/${one.path}`, "POST", one.body);
        expect(created.status, JSON.stringify(created.json)).toBe(201);
        expect(created.json).toMatchObject(one.body);
        const key = encodeURIComponent(String(created.json[one.id]));
        expect(await call(`${server.url}/${one.path}/${key}`, "GET")).toEqual({ status: 200, json: created.json });
        expect((await call(`${server.url}/${one.path}?pageSize=5`, "GET")).json.data).toEqual([created.json]);
        expect((await call(`${server.url}/${one.path}/${key}`, "DELETE")).status).toBe(204);
        expect((await call(`${server.url}/${one.path}/${key}`, "GET")).status).toBe(404);
      }
    } finally {
      await stopServer(server);
    }
    const after = await introspectDatabase(databaseUrl, provider);
    expect(after).toBe(before);

    // The first migration only baselines the existing database: recorded as applied, nothing run.
    const migrate = await run(dir, [path.join(repoRoot, "bin/backant.js"), "migrate", "init"], { DATABASE_URL: databaseUrl });
    expect(migrate.exitCode, migrate.all).toBe(0);
    expect(migrate.all).toMatch(/recorded \d+_init as applied without running it \(baseline\)/);
    expect(await introspectDatabase(databaseUrl, provider)).toBe(after);
    writeFileSync(path.join(dir, "done"), "");
  }, 20 * 60_000);
});
