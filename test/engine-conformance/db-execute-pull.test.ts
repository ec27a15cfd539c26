import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDERS, datasourceBlock, stackLines, useProjects } from "./harness.js";

const NO_MODELS = "";

describe.each(PROVIDERS)("db execute on %s", (provider) => {
  const projects = useProjects();

  it("--file runs a multi-statement script", async () => {
    const p = await projects.create(provider, NO_MODELS);
    fs.writeFileSync(
      path.join(p.dir, "prisma/script.sql"),
      `CREATE TABLE "Note" ("id" INTEGER PRIMARY KEY, "body" TEXT NOT NULL);\nINSERT INTO "Note" ("id", "body") VALUES (1, 'one'), (2, 'two');\n`,
    );
    const run = await p.prismaOk(["db", "execute", "--file", "prisma/script.sql"]);
    expect(run.output).toMatch(/Script executed successfully/);
    expect(await p.db.query(`SELECT id, body FROM "Note" ORDER BY id`)).toEqual([
      { id: 1, body: "one" },
      { id: 2, body: "two" },
    ]);
  });

  it("--stdin runs the script read from standard input", async () => {
    const p = await projects.create(provider, NO_MODELS);
    await p.prismaOk(["db", "execute", "--stdin"], {
      input: `CREATE TABLE "Piped" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "Piped" ("id") VALUES (7);\n`,
    });
    expect(await p.db.query(`SELECT id FROM "Piped"`)).toEqual([{ id: 7 }]);
  });

  it("an invalid statement fails with the database's own error text", async () => {
    const p = await projects.create(provider, NO_MODELS);
    const run = await p.prisma(["db", "execute", "--stdin"], { input: `SELECT * FROM "does_not_exist";\n` });
    expect(run.exitCode).toBe(1);
    expect(run.output).not.toMatch(/External error/);
    expect(run.output).toMatch(provider === "sqlite" ? /no such table: does_not_exist/ : /relation "does_not_exist" does not exist/);
    expect(stackLines(run.output)).toEqual([]);
  });

  it("a script that fails part-way keeps what ran before the failure (no implicit transaction on SQLite)", async () => {
    const p = await projects.create(provider, NO_MODELS);
    const run = await p.prisma(["db", "execute", "--stdin"], {
      input: `CREATE TABLE "Before" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "Nope" VALUES (1);\n`,
    });
    expect(run.exitCode).toBe(1);
    // PostgreSQL runs a multi-statement simple query as one implicit transaction: all or nothing.
    // SQLite runs the statements one by one: the first one's table stays.
    expect(await p.db.tables()).toEqual(provider === "sqlite" ? ["Before"] : []);
  });
});

describe.each(PROVIDERS)("db pull on %s", (provider) => {
  const projects = useProjects();

  it("introspects a table made with raw SQL into a model with its columns, written to the schema", async () => {
    const p = await projects.create(provider, NO_MODELS);
    await p.db.execute(
      `CREATE TABLE "customer" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "nickname" TEXT, "born" ${provider === "sqlite" ? "DATETIME" : "TIMESTAMP(3)"});
       CREATE UNIQUE INDEX "customer_name_key" ON "customer" ("name");`,
    );
    await p.prismaOk(["db", "pull"]);
    const schema = fs.readFileSync(p.schemaPath, "utf8");
    expect(schema).toMatch(/model customer \{/);
    expect(schema).toMatch(/\n\s+id\s+Int\s+@id/);
    expect(schema).toMatch(/\n\s+name\s+String\s+@unique/);
    expect(schema).toMatch(/\n\s+nickname\s+String\?/);
    expect(schema).toMatch(/\n\s+born\s+DateTime\?/);
    // pull reads, it does not change the database.
    expect(await p.db.tables()).toEqual(["customer"]);
  });

  it("--print prints the schema and leaves the file alone", async () => {
    const p = await projects.create(provider, NO_MODELS);
    await p.db.execute(`CREATE TABLE "tag" ("id" INTEGER NOT NULL PRIMARY KEY, "label" TEXT NOT NULL)`);
    const before = fs.readFileSync(p.schemaPath, "utf8");
    const run = await p.prismaOk(["db", "pull", "--print"]);
    expect(run.stdout).toMatch(/model tag \{[^}]*label\s+String/);
    expect(fs.readFileSync(p.schemaPath, "utf8")).toBe(before);
  });

  it("an empty database is refused with P4001", async () => {
    const p = await projects.create(provider, NO_MODELS);
    const run = await p.prisma(["db", "pull"]);
    expect(run.exitCode).toBe(1);
    expect(run.output).toMatch(/P4001/);
    expect(fs.readFileSync(p.schemaPath, "utf8")).toBe(`${datasourceBlock(provider)}\n\n`);
  });
});
