// The typed schema-engine client, method by method, against real SQLite files and PostgreSQL
// databases, through both implementations: the wasm engine in this process, and JSON-RPC over stdio
// to an engine binary (here backant's own engine binary, which speaks Prisma's native interface;
// the same code talks to Prisma's native schema-engine when BACKANT_ENGINE=native).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SchemaEngineClient, SchemaFile } from "../../src/engine/client.js";
import { EngineError } from "../../src/engine/errors.js";
import { openInProcessEngine } from "../../src/engine/in-process-client.js";
import { openRpcEngine } from "../../src/engine/rpc-client.js";
import { migrationChecksum, migrationList, type LocalMigration } from "../../src/migrations/migration-folders.js";
import { enginePath } from "../support/paths.js";
import { dropPgDatabase, pgQuery, pgUrl, uniqueDatabaseName } from "../support/postgres.js";
import { useScratchDirs } from "../support/scratch.js";

type Provider = "sqlite" | "postgresql";
const schema = (provider: Provider, fields: string): SchemaFile[] => [
  { path: "schema.prisma", content: `datasource db {\n  provider = "${provider}"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n${fields}}\n` },
];

const IMPLEMENTATIONS = [
  ["in-process", (target: Parameters<typeof openInProcessEngine>[0]) => openInProcessEngine(target)],
  ["json-rpc", (target: Parameters<typeof openInProcessEngine>[0]) => openRpcEngine(enginePath, target)],
] as const;

describe.each(IMPLEMENTATIONS)("schema engine client (%s)", (_kind, open) => {
  const scratch = useScratchDirs("engine-client");

  describe.each(["sqlite", "postgresql"] as const)("on %s", (provider) => {
    it("answers every method with typed results and typed errors", async () => {
      const dir = scratch();
      mkdirSync(path.join(dir, "migrations"));
      const database = uniqueDatabaseName("bk_eng_");
      const url = provider === "sqlite" ? `file:${path.join(dir, "dev.db")}` : pgUrl(database);
      const rows = (sql: string) => (provider === "sqlite" ? sqliteRows(path.join(dir, "dev.db"), sql) : pgQuery(database, sql));
      const v1 = schema(provider, "");
      const engine: SchemaEngineClient = open({ url, schema: v1, cwd: dir });
      try {
        // connection and creation, with Prisma's codes
        const missing = await engine.ensureConnection().catch((error: unknown) => error);
        expect(missing).toBeInstanceOf(EngineError);
        expect((missing as EngineError).errorCode).toBe("P1003");
        expect(await engine.createDatabase()).toBe(provider === "sqlite" ? "dev.db" : database);
        await engine.ensureConnection();
        expect(await engine.version()).toMatch(/[0-9a-f]{40}/);

        // push: applied; then a drop of data is held back with a warning until forced
        expect(await engine.schemaPush({ schema: v1, force: false })).toMatchObject({ executedSteps: 2, warnings: [], unexecutable: [] });
        const v2 = schema(provider, "  phone String?\n");
        expect((await engine.schemaPush({ schema: v2, force: false })).executedSteps).toBeGreaterThan(0);
        await engine.executeScript(`INSERT INTO "User" ("email", "phone") VALUES ('a@x.io', '555')`);
        const held = await engine.schemaPush({ schema: v1, force: false });
        expect(held.executedSteps).toBe(0);
        expect(held.warnings).toEqual([expect.stringMatching(/phone/)]);
        expect(await rows(`SELECT phone FROM "User"`)).toEqual([{ phone: "555" }]);
        // a required column without a default on a table with rows cannot be executed at all
        const required = await engine.schemaPush({ schema: schema(provider, "  phone String?\n  name String\n"), force: true });
        expect(required.executedSteps).toBe(0);
        expect(required.unexecutable).toEqual([expect.stringMatching(/name/)]);

        // diffs: database, schema, empty, migrations
        expect(await engine.diff({ kind: "database" }, { kind: "schema", files: v2 }, { script: true })).toEqual({ changed: false, text: "" });
        const toV1 = await engine.diff({ kind: "database" }, { kind: "schema", files: v1 }, { script: true });
        expect(toV1.changed).toBe(true);
        expect(toV1.text).toMatch(/DROP COLUMN "phone"|CREATE TABLE "new_User"/);
        const init = await engine.diff({ kind: "empty" }, { kind: "schema", files: v1 }, { script: true });
        expect(init.text).toMatch(/CREATE TABLE "User"/);
        const migrations: LocalMigration[] = [{ name: "20260101000000_init", sql: init.text, checksum: migrationChecksum(init.text), down: undefined }];
        const list = migrationList(path.join(dir, "migrations"), migrations, provider);
        const fromHistory = await engine.diff({ kind: "migrations", list }, { kind: "schema", files: v2 }, { script: true });
        expect(fromHistory.text).toMatch(/phone/);

        // history: reset, apply, diagnose, mark
        await engine.reset();
        expect(await rows(provider === "sqlite" ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'User'` : `SELECT to_regclass('"User"')::text AS name`)).toEqual(provider === "sqlite" ? [] : [{ name: null }]);
        expect(await engine.applyMigrations(list)).toEqual({ appliedMigrationNames: ["20260101000000_init"] });
        expect(await engine.diagnoseMigrationHistory(list, { optInToShadowDatabase: false })).toMatchObject({ failedMigrationNames: [], hasMigrationsTable: true, history: null });
        expect(await engine.devDiagnostic(list)).toEqual({ tag: "createMigration" });

        // the next migration, as migrate dev makes it: its data loss counted against the rows, its script
        await engine.executeScript(`INSERT INTO "User" ("email") VALUES ('a@x.io')`);
        const loss = await engine.evaluateDataLoss(list, schema(provider, "  name String\n"));
        expect(loss.migrationSteps).toBeGreaterThan(0);
        expect(loss.unexecutableSteps).toEqual([expect.objectContaining({ message: expect.stringMatching(/name/), stepIndex: expect.any(Number) })]);
        const created = await engine.createMigration({ migrations: list, schema: v2, name: "add phone", draft: false });
        expect(created.migrationScript).toMatch(/phone/);
        expect((await engine.createMigration({ migrations: list, schema: v1, name: "nothing", draft: false })).migrationScript).toBeNull();
        const second: LocalMigration = { name: "20260102000000_phone", sql: created.migrationScript as string, checksum: migrationChecksum(created.migrationScript as string), down: undefined };
        const both = migrationList(path.join(dir, "migrations"), [...migrations, second], provider);
        expect((await engine.diagnoseMigrationHistory(both, { optInToShadowDatabase: false })).history).toEqual({ diagnostic: "databaseIsBehind", unappliedMigrationNames: [second.name] });
        await engine.markMigrationApplied(second.name, both);
        expect((await engine.diagnoseMigrationHistory(both, { optInToShadowDatabase: false })).history).toBeNull();
        const notFailed = await engine.markMigrationRolledBack(second.name).catch((error: unknown) => error);
        expect(notFailed).toBeInstanceOf(EngineError);

        // introspection: the database as a Prisma schema
        const pulled = await engine.introspect({ schema: v1, force: true, baseDirectoryPath: dir });
        expect(pulled.schema.files[0]?.content).toMatch(/model User \{/);

        // a failing script is an EngineError with the database's message
        const bad = await engine.executeScript(`SELECT * FROM "NoSuchTable"`).catch((error: unknown) => error);
        expect(bad).toBeInstanceOf(EngineError);
        expect((bad as EngineError).message).toMatch(/NoSuchTable/);
      } finally {
        await engine.close();
        if (provider === "postgresql") await dropPgDatabase(database);
      }
    }, 120_000);
  });

  it("reports an unreachable PostgreSQL server as P1001, without a stack in the message", async () => {
    const engine = open({ url: "postgresql://postgres@127.0.0.1:1/bk_eng_unreachable", schema: schema("postgresql", ""), cwd: scratch() });
    try {
      const error = await engine.ensureConnection().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).errorCode).toBe("P1001");
      expect((error as EngineError).message).not.toMatch(/^\s+at /m);
    } finally {
      await engine.close();
    }
  }, 60_000);
});

async function sqliteRows(file: string, sql: string): Promise<unknown[]> {
  const { default: Database } = await import("libsql");
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}
