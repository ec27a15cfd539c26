import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "libsql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgDatabase, dropPgDatabase, pgQuery, pgUrl } from "../support/postgres.js";
import { removeDir, scratchDir } from "../support/scratch.js";
import { engineDatabaseName, RpcEngine, USER_POST_MODELS, writeSchema } from "./helpers.js";

const noFilters = { externalTables: [], externalEnums: [] };

describe("JSON-RPC framing", () => {
  let dir: string;
  let engine: RpcEngine;
  beforeAll(() => {
    dir = scratchDir("engine-rpc-framing");
    const schema = writeSchema(dir, "sqlite", USER_POST_MODELS);
    engine = new RpcEngine(["--datamodels", schema, "--datasource", JSON.stringify({ url: "file:./dev.db" })], { cwd: dir });
  });
  afterAll(async () => {
    await engine.close();
    removeDir(dir);
  });

  it("answers requests sent together by their ids", async () => {
    engine.request(7, "ensureConnectionValidity", { datasource: { tag: "ConnectionString", url: "file:./dev.db" } });
    engine.request(8, "getDatabaseVersion", { datasource: { tag: "ConnectionString", url: "file:./dev.db" } });
    engine.request(9, "noSuchMethod", {});
    const [seven, eight, nine] = await Promise.all([engine.response(7), engine.response(8), engine.response(9)]);
    // The file does not exist yet: the engine says so rather than creating it.
    expect(seven.error?.data?.error_code).toBe("P1003");
    expect(eight.result).toMatch(/^3\.\d+\.\d+/);
    expect(nine.error?.code).toBe(-32601);
  });

  it("answers malformed JSON with a parse error and keeps serving", async () => {
    engine.send("{not json");
    const parseError = await engine.waitFor((message) => message.error?.code === -32700);
    expect(parseError.id).toBeNull();
    const after = await engine.call(10, "getDatabaseVersion", { datasource: { tag: "ConnectionString", url: "file:./dev.db" } });
    expect(after.result).toMatch(/^3\.\d+\.\d+/);
  });

  it("returns the SQLite driver's own error text for a failing dbExecute", async () => {
    const response = await engine.call(11, "dbExecute", { datasourceType: { tag: "url", url: "file:./dev.db" }, script: "SELEC 1;" });
    expect(response.error?.code).toBe(4466);
    expect(response.error?.data?.message).toContain('near "SELEC": syntax error');
    expect(response.error?.data?.message).not.toContain("External error");
  });

  it("exits 0 when the CLI closes stdin", async () => {
    expect(await engine.close()).toBe(0);
  });
});

describe("reset and dbExecute on SQLite", () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir("engine-rpc-sqlite");
  });
  afterAll(() => removeDir(dir));

  it("pushes a schema, then reset drops every table, view, index and trigger", async () => {
    const schema = writeSchema(dir, "sqlite", USER_POST_MODELS);
    const engine = new RpcEngine(["--datamodels", schema, "--datasource", JSON.stringify({ url: "file:./dev.db" })], { cwd: dir });
    try {
      const push = await engine.call(1, "schemaPush", { force: false, schema: { files: [{ path: schema, content: readSchema(schema) }] }, filters: noFilters });
      expect(push.error).toBeUndefined();
      const script = "CREATE VIEW user_emails AS SELECT email FROM User; CREATE TRIGGER t AFTER INSERT ON User BEGIN SELECT 1; END;";
      expect((await engine.call(2, "dbExecute", { datasourceType: { tag: "url", url: "file:./dev.db" }, script })).error).toBeUndefined();
      expect(objects(path.join(dir, "dev.db"))).toEqual(expect.arrayContaining(["User", "Post", "user_emails", "t", "User_email_key"]));

      expect((await engine.call(3, "reset", { filter: noFilters })).error).toBeUndefined();
      expect(objects(path.join(dir, "dev.db"))).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});

describe("PostgreSQL through JSON-RPC", () => {
  const database = engineDatabaseName();
  let dir: string;
  beforeAll(async () => {
    dir = scratchDir("engine-rpc-pg");
    await createPgDatabase(database);
  });
  afterAll(async () => {
    await dropPgDatabase(database);
    removeDir(dir);
  });

  it("reports SQL errors with PostgreSQL's text and resets the schema keeping its grants", async () => {
    const schema = writeSchema(dir, "postgresql", USER_POST_MODELS);
    const url = pgUrl(database);
    const engine = new RpcEngine(["--datamodels", schema, "--datasource", JSON.stringify({ url })], { cwd: dir });
    try {
      const aclBefore = await pgQuery<{ acl: string }>(database, "SELECT nspacl::text AS acl FROM pg_namespace WHERE nspname = 'public'");
      const push = await engine.call(1, "schemaPush", { force: false, schema: { files: [{ path: schema, content: readSchema(schema) }] }, filters: noFilters });
      expect(push.error).toBeUndefined();

      const failing = await engine.call(2, "dbExecute", { datasourceType: { tag: "url", url }, script: 'INSERT INTO "Nope" VALUES (1)' });
      expect(failing.error?.data?.message).toBe('db error: ERROR: relation "Nope" does not exist');

      // A function body holds semicolons: the script must reach PostgreSQL whole.
      const fn = `CREATE FUNCTION bk_one() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;`;
      expect((await engine.call(3, "dbExecute", { datasourceType: { tag: "url", url }, script: fn })).error).toBeUndefined();

      expect((await engine.call(4, "reset", { filter: noFilters })).error).toBeUndefined();
      const tables = await pgQuery(database, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      expect(tables).toEqual([]);
      const aclAfter = await pgQuery<{ acl: string }>(database, "SELECT nspacl::text AS acl FROM pg_namespace WHERE nspname = 'public'");
      expect(aclAfter).toEqual(aclBefore);
    } finally {
      await engine.close();
    }
  });

  it("removes its shadow database when stopped with SIGTERM in the middle of a request", async () => {
    const schema = writeSchema(dir, "postgresql", USER_POST_MODELS);
    const logFile = path.join(dir, "engine.log");
    const engine = new RpcEngine(["--datamodels", schema, "--datasource", JSON.stringify({ url: pgUrl(database) })], {
      cwd: dir,
      env: { BACKANT_ENGINE_LOG: logFile },
    });
    const migrationsList = { baseDir: path.join(dir, "prisma", "migrations"), lockfile: { path: "migration_lock.toml", content: null }, migrationDirectories: [], shadowDbInitScript: "" };
    engine.request(1, "devDiagnostic", { migrationsList, filters: noFilters });
    const pid = engine.child.pid ?? 0;
    const name = await waitForLog(logFile, /SHADOW created pg:(\S+)/);
    expect(name).toMatch(new RegExp(`^prisma_migrate_shadow_db_[0-9a-f]+_${pid}_`));
    engine.child.kill("SIGTERM");
    await new Promise((resolve) => engine.child.once("exit", resolve));
    expect(await pgQuery("postgres", "SELECT 1 FROM pg_database WHERE datname = $1", [name])).toEqual([]);
  });

  it("sweeps the shadow database of an engine killed with SIGKILL", async () => {
    const schema = writeSchema(dir, "postgresql", USER_POST_MODELS);
    const logFile = path.join(dir, "engine-kill.log");
    const migrationsList = { baseDir: path.join(dir, "prisma", "migrations"), lockfile: { path: "migration_lock.toml", content: null }, migrationDirectories: [], shadowDbInitScript: "" };
    const args = ["--datamodels", schema, "--datasource", JSON.stringify({ url: pgUrl(database) })];
    const killed = new RpcEngine(args, { cwd: dir, env: { BACKANT_ENGINE_LOG: logFile } });
    killed.request(1, "devDiagnostic", { migrationsList, filters: noFilters });
    const stale = await waitForLog(logFile, /SHADOW created pg:(\S+)/);
    killed.child.kill("SIGKILL");
    await new Promise((resolve) => killed.child.once("exit", resolve));
    expect(await pgQuery("postgres", "SELECT 1 FROM pg_database WHERE datname = $1", [stale])).toHaveLength(1);

    const next = new RpcEngine(args, { cwd: dir });
    try {
      expect((await next.call(1, "devDiagnostic", { migrationsList, filters: noFilters })).error).toBeUndefined();
    } finally {
      await next.close();
    }
    expect(await pgQuery("postgres", "SELECT 1 FROM pg_database WHERE datname = $1", [stale])).toEqual([]);
  });
});

describe("an engine started without schema or URL", () => {
  it("diffs SQLite schema files and prints the script through the CLI's print request", async () => {
    const engine = new RpcEngine([]);
    try {
      const content = 'datasource db {\n  provider = "sqlite"\n}\nmodel A {\n  id Int @id\n}\n';
      engine.request(1, "diff", { from: { tag: "empty" }, to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content }] }, script: true, exitCode: null, filters: noFilters });
      const print = await engine.waitFor((message) => message.method === "print");
      expect(String((print.params as { content: string }).content)).toContain('CREATE TABLE "A"');
      engine.send({ jsonrpc: "2.0", id: print.id, result: {} });
      expect((await engine.response(1)).result).toEqual({ exitCode: 0, stdout: null });
    } finally {
      await engine.close();
    }
  });
});

describe("MySQL through JSON-RPC", () => {
  it("answers the first request with the refusal and exits 1", async () => {
    const engine = new RpcEngine(["--datasource", JSON.stringify({ url: "mysql://root@127.0.0.1:3306/bk_eng_mysql" })]);
    const response = await engine.call(1, "schemaPush", {});
    expect(response.error?.data).toMatchObject({ is_panic: false, error_code: "P1019" });
    expect(response.error?.data?.message).toContain("BACKANT_ENGINE=native");
    expect(await engine.close()).toBe(1);
  });
});

describe("SQLite shadow databases", () => {
  it("leave no temp file behind", async () => {
    const dir = scratchDir("engine-rpc-sqlite-shadow");
    try {
      const schema = writeSchema(dir, "sqlite", USER_POST_MODELS);
      const engine = new RpcEngine(["--datamodels", schema, "--datasource", JSON.stringify({ url: "file:./dev.db" })], { cwd: dir });
      const migrationsList = { baseDir: path.join(dir, "prisma", "migrations"), lockfile: { path: "migration_lock.toml", content: null }, migrationDirectories: [], shadowDbInitScript: "" };
      const response = await engine.call(1, "devDiagnostic", { migrationsList, filters: noFilters });
      expect(response.result, JSON.stringify(response.error)).toEqual({ action: { tag: "createMigration" } });
      const pid = engine.child.pid;
      await engine.close();
      expect(readdirSync(os.tmpdir()).filter((name) => name.startsWith(`backant-shadow-${pid}-`))).toEqual([]);
      expect(existsSync(path.join(dir, "dev.db-journal"))).toBe(false);
    } finally {
      removeDir(dir);
    }
  });
});

function readSchema(file: string): string {
  return readFileSync(file, "utf8");
}

function objects(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>).map((row) => row.name);
  } finally {
    db.close();
  }
}

/** Polls the engine's trace log until a line matches; the first capture group is returned. */
async function waitForLog(file: string, pattern: RegExp): Promise<string> {
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    const match = pattern.exec(text);
    if (match?.[1]) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
