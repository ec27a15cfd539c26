import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "libsql";
import { describe, expect, it } from "vitest";
import { clientApiOf } from "../support/dmmf.js";
import { EMPTY_MIGRATION, diffSchemas } from "../support/engine-diff.js";
import { repoRoot } from "../support/paths.js";
import { createPgDatabase, dropPgDatabase, pgQuery, pgUrl, uniqueDatabaseName } from "../support/postgres.js";
import { useScratchDirs } from "../support/scratch.js";
import { expectRefused, runCli, snapshotTree, usersModel } from "./project.js";

const scratch = useScratchDirs("import");
const epicStack = readFileSync(path.join(repoRoot, "test/import/corpus/epic-stack/schema.prisma"), "utf8");
const withoutUrls = (text: string) => text.replace(/^(\s*)(url|directUrl)(\s*=.*)$/gm, "$1");

describe("backant import SCHEMA", () => {
  it("writes one model file a model, the project options, and `backant schema` then renders the same schema", async () => {
    const dir = scratch({ "legacy/schema.prisma": epicStack });
    const run = await runCli(["import", "legacy/schema.prisma"], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("created src/models/User.model.ts");
    expect(run.stdout).toMatch(/Imported 11 models from legacy\/schema\.prisma into src\/models \(sqlite, database names as written\)/);
    expect(run.stdout).toMatch(/note: datasource url: not in the schema with Prisma 7/);
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(pkg.backant).toEqual({ provider: "sqlite", naming: "as-written", foreignKeyIndexes: false, generator: { previewFeatures: ["typedSql"] } });
    expect(readFileSync(path.join(dir, "src/models/Note.model.ts"), "utf8")).toMatch(/^import \{ model, t, now \} from "backant\/model";/);

    const schema = await runCli(["schema"], dir);
    expect(schema.exitCode, schema.stderr).toBe(0);
    const rendered = readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8");
    expect(clientApiOf(rendered).datamodel).toEqual(clientApiOf(withoutUrls(epicStack)).datamodel);
    expect(await diffSchemas("sqlite", withoutUrls(epicStack), rendered)).toMatch(EMPTY_MIGRATION);
  });

  it("backant add-model then follows the imported project's naming", async () => {
    const dir = scratch({ "schema.prisma": epicStack });
    expect((await runCli(["import", "schema.prisma"], dir)).exitCode).toBe(0);
    const added = await runCli(["add-model", "Orders", "--fields", "total:decimal(10,2) user:belongsTo(User)"], dir);
    expect(added.exitCode, added.stderr).toBe(0);
    const schema = readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8");
    const orders = schema.slice(schema.indexOf("model Orders {"));
    expect(orders.slice(0, orders.indexOf("\n}"))).not.toMatch(/@@?map/);
    expect(orders).toMatch(/userId +String/);
  });

  it("imports a multi-file schema from its folder", async () => {
    const dir = scratch({});
    cpSync(path.join(repoRoot, "test/import/corpus/rallly-current/schema"), path.join(dir, "prisma/schema"), { recursive: true });
    // Without an argument: prisma/schema.prisma, or else Prisma's prisma/schema/ folder.
    const run = await runCli(["import", "--report"], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    const data = JSON.parse(run.stdout);
    expect(data).toMatchObject({ ok: true, source: "prisma/schema", provider: "postgresql", naming: "snake_case" });
    expect(data.models).toHaveLength(32);
    expect(readFileSync(path.join(dir, "src/models/enums.ts"), "utf8")).toMatch(/export const TimeFormat = enumType\("TimeFormat"/);
  });

  it("--dry-run lists the writes and writes nothing; --report gives one JSON object", async () => {
    const dir = scratch({ "schema.prisma": epicStack });
    const before = snapshotTree(dir);
    const dry = await runCli(["import", "schema.prisma", "--dry-run"], dir);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/create\s+src\/models\/Passkey\.model\.ts/);
    expect(snapshotTree(dir)).toEqual(before);
    const report = await runCli(["import", "schema.prisma", "--dry-run", "--report"], dir);
    const data = JSON.parse(report.stdout);
    expect(data).toMatchObject({ ok: true, command: "import", provider: "sqlite", naming: "as-written", dryRun: true });
    expect(data.models).toContain("Permission");
  });

  it("refuses to overwrite model files without --force (exit 2, nothing written), and writes over them with it", async () => {
    const dir = scratch({ "schema.prisma": epicStack, "src/models/Users.model.ts": usersModel });
    await expectRefused(["import", "schema.prisma"], dir, /src\/models already has model files \(Users\.model\.ts\); nothing was written\.\n.*--force/);
    const forced = await runCli(["import", "schema.prisma", "--force"], dir);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("left in place: src/models/Users.model.ts");
  });

  it("refuses a schema Prisma does not accept, a missing file, and a provider other than the project's", async () => {
    const dir = scratch({ "bad.prisma": 'datasource db {\n  provider = "sqlite"\n}\nmodel A {\n  id Int @id\n  b Nope\n}\n', "package.json": JSON.stringify({ backant: { provider: "postgresql" } }), "good.prisma": epicStack });
    await expectRefused(["import", "bad.prisma"], dir, /bad\.prisma is not a valid Prisma schema:[\s\S]*Nope/);
    await expectRefused(["import", "nothere.prisma"], dir, /No schema to import: .*nothere\.prisma does not exist/);
    await expectRefused(["import", "good.prisma"], dir, /set up for postgresql .* but the schema is a sqlite schema/);
  });

  it("prints each error's fix once", async () => {
    const dir = scratch({ "schema.prisma": epicStack, "src/models/Users.model.ts": usersModel });
    const run = await runCli(["import", "schema.prisma"], dir);
    expect(run.stderr.match(/--force to write the imported models/g)?.length).toBe(1);
  });
});

describe("backant import --from-database", () => {
  it("SQLite: introspects the file of DATABASE_URL (.env) and imports its tables", async () => {
    const dir = scratch({ ".env": 'DATABASE_URL="file:./legacy.db"\n' });
    const db = new Database(path.join(dir, "legacy.db"));
    db.exec(`CREATE TABLE "Author" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, "email" TEXT NOT NULL);
      CREATE UNIQUE INDEX "Author_email_key" ON "Author"("email");
      CREATE TABLE "book" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "title" TEXT NOT NULL, "author_id" INTEGER NOT NULL, "published_at" DATETIME,
        CONSTRAINT "book_author_fk" FOREIGN KEY ("author_id") REFERENCES "Author" ("id") ON DELETE CASCADE ON UPDATE CASCADE);`);
    db.close();
    const run = await runCli(["import", "--from-database"], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Imported 2 models from the database/);
    const book = readFileSync(path.join(dir, "src/models/book.model.ts"), "utf8");
    expect(book).toContain('Author: t.belongsTo("Author", { foreignKey: "author_id", onDelete: "cascade" })');
    const schema = await runCli(["schema"], dir);
    expect(schema.exitCode, schema.stderr).toBe(0);
    // The rendered schema describes the database as it is: no difference with it, either way.
    const rendered = readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8");
    const { introspectDatabase } = await import("../../src/import/introspect-database.js");
    const live = await introspectDatabase("file:./legacy.db", "sqlite", dir);
    expect(await diffSchemas("sqlite", live, rendered)).toMatch(EMPTY_MIGRATION);
    expect(await diffSchemas("sqlite", rendered, live)).toMatch(EMPTY_MIGRATION);
  });

  it("PostgreSQL: introspects the database of a URL; the models render to a schema with no difference to it", async () => {
    const name = uniqueDatabaseName("bk_imp_");
    await createPgDatabase(name);
    try {
      await pgQuery(
        name,
        `CREATE TYPE "order_status" AS ENUM ('pending', 'paid');
         CREATE TABLE "customers" ("id" SERIAL PRIMARY KEY, "email" VARCHAR(120) NOT NULL UNIQUE, "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now());
         CREATE TABLE "orders" ("id" UUID PRIMARY KEY DEFAULT gen_random_uuid(), "customer_id" INTEGER NOT NULL REFERENCES "customers"("id"), "status" "order_status" NOT NULL DEFAULT 'pending', "total" DECIMAL(10,2) NOT NULL, "tags" TEXT[]);
         CREATE INDEX "orders_by_customer" ON "orders"("customer_id", "status");`,
      );
      const dir = scratch({});
      const run = await runCli(["import", "--from-database", pgUrl(name)], dir);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).backant).toMatchObject({ provider: "postgresql", naming: "snake_case" });
      expect(readFileSync(path.join(dir, "src/models/enums.ts"), "utf8")).toContain('export const order_status = enumType("order_status", ["pending", "paid"]);');
      const schema = await runCli(["schema"], dir);
      expect(schema.exitCode, schema.stderr).toBe(0);
      const rendered = readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8");
      // What the database holds, introspected again, against what the models render to.
      const { introspectDatabase } = await import("../../src/import/introspect-database.js");
      const live = await introspectDatabase(pgUrl(name), "postgresql");
      expect(await diffSchemas("postgresql", live, rendered)).toMatch(EMPTY_MIGRATION);
      expect(await diffSchemas("postgresql", rendered, live)).toMatch(EMPTY_MIGRATION);
    } finally {
      await dropPgDatabase(name);
    }
  });

  it("refuses without a URL, and names an unreachable database (exit 1)", async () => {
    const dir = scratch({});
    await expectRefused(["import", "--from-database"], dir, /needs a database URL, and DATABASE_URL is not set/);
    const run = await runCli(["import", "--from-database", "postgresql://postgres@127.0.0.1:1/nothing"], dir);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/Could not introspect the database/);
  });
});
