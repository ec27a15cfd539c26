import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schemaEngineCommit } from "../../src/prisma/versions.js";
import { dropPgDatabase, pgQuery, pgUrl } from "../support/postgres.js";
import { removeDir, scratchDir } from "../support/scratch.js";
import { engineDatabaseName, logRecords, runEngine } from "./helpers.js";

const cli = (url: string, subcommand: string, cwd?: string) =>
  runEngine(["--datasource", JSON.stringify({ url }), "cli", subcommand], cwd ? { cwd } : {});

function errorRecord(stderr: string) {
  const records = logRecords(stderr);
  return records.find((record) => record.level === "ERROR" && record.target === "schema_engine::logger");
}

describe("engine binary", () => {
  it("prints the engine commit of the installed wasm engine for --version", async () => {
    const result = await runEngine(["--version"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`schema-engine-cli ${schemaEngineCommit()}`);
  });

  it("rejects an unknown argument with usage and exit code 2", async () => {
    const result = await runEngine(["--no-such-flag"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Unknown argument: --no-such-flag");
  });
});

describe("cli subcommands on SQLite", () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir("engine-cli-sqlite");
  });
  afterAll(() => removeDir(dir));

  it("reports a missing file as P1003, creates it relative to the working directory, then drops it", async () => {
    const url = "file:./nested/dev.db";
    const file = path.join(dir, "nested", "dev.db");

    const missing = await cli(url, "can-connect-to-database", dir);
    expect(missing.exitCode).toBe(1);
    expect(errorRecord(missing.stderr)?.fields).toMatchObject({ error_code: "P1003", message: `Database dev.db does not exist at ${file}` });

    const created = await cli(url, "create-database", dir);
    expect(created.exitCode).toBe(0);
    expect(existsSync(file)).toBe(true);

    const connected = await cli(url, "can-connect-to-database", dir);
    expect(connected.exitCode).toBe(0);

    const dropped = await cli(url, "drop-database", dir);
    expect(dropped.exitCode).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it("fails to drop a database file that does not exist", async () => {
    mkdirSync(path.join(dir, "empty"), { recursive: true });
    const result = await cli("file:./empty/none.db", "drop-database", dir);
    expect(result.exitCode).toBe(1);
    expect(errorRecord(result.stderr)?.fields["message"]).toContain("Failed to delete SQLite database");
  });
});

describe("cli subcommands on PostgreSQL", () => {
  const database = engineDatabaseName();
  afterAll(() => dropPgDatabase(database));

  it("reports a missing database as P1003, creates it, connects, drops it", async () => {
    const url = pgUrl(database);

    const missing = await cli(url, "can-connect-to-database");
    expect(missing.exitCode).toBe(1);
    const error = errorRecord(missing.stderr);
    expect(error?.fields).toMatchObject({
      error_code: "P1003",
      message: `Database \`${database}\` does not exist on the database server at \`127.0.0.1:5432\`.`,
    });

    const created = await cli(url, "create-database");
    expect(created.exitCode).toBe(0);
    expect(await pgQuery("postgres", "SELECT 1 FROM pg_database WHERE datname = $1", [database])).toHaveLength(1);

    expect((await cli(url, "can-connect-to-database")).exitCode).toBe(0);

    const again = await cli(url, "create-database");
    expect(again.exitCode).toBe(1);
    expect(errorRecord(again.stderr)?.fields["error_code"]).toBe("P1009");

    const dropped = await cli(url, "drop-database");
    expect(dropped.exitCode).toBe(0);
    expect(await pgQuery("postgres", "SELECT 1 FROM pg_database WHERE datname = $1", [database])).toHaveLength(0);
  });

  it("reports an unreachable server as P1001", async () => {
    const result = await cli("postgresql://postgres@127.0.0.1:1/whatever", "can-connect-to-database");
    expect(result.exitCode).toBe(1);
    expect(errorRecord(result.stderr)?.fields).toMatchObject({
      error_code: "P1001",
      message: "Can't reach database server at `127.0.0.1`:`1`\n\nPlease make sure your database server is running at `127.0.0.1`:`1`.",
    });
  });

  it("reports an unknown role as an authentication failure (P1000)", async () => {
    const result = await cli("postgresql://bk_eng_no_such_role@127.0.0.1:5432/postgres", "can-connect-to-database");
    expect(result.exitCode).toBe(1);
    expect(errorRecord(result.stderr)?.fields["error_code"]).toBe("P1000");
  });
});

describe("MySQL", () => {
  it("is refused before any connection, saying how to use Prisma's native engine", async () => {
    const result = await cli("mysql://root@127.0.0.1:3306/bk_eng_mysql", "create-database");
    expect(result.exitCode).toBe(1);
    const fields = errorRecord(result.stderr)?.fields;
    expect(fields?.["error_code"]).toBe("P1019");
    expect(fields?.["message"]).toContain("BACKANT_ENGINE=native");
  });
});
