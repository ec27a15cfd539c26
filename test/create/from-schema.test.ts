import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "libsql";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";
import { useScratchDirs } from "../support/scratch.js";
import { expectCreateRefused, runCreate } from "./run.js";

const scratch = useScratchDirs("create-import");
const epicStack = readFileSync(path.join(repoRoot, "test/import/corpus/epic-stack/schema.prisma"), "utf8");

describe("create-backant --from-schema / --from-database", () => {
  it("--from-schema: model files, route, service, repository and test for every model, and the schema's options", async () => {
    const parent = scratch({ "schema.prisma": epicStack });
    const run = await runCreate(["legacy-api", "--from-schema", "schema.prisma", "--no-install", "--yes"], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    const dir = path.join(parent, "legacy-api");
    for (const model of ["User", "Note", "NoteImage", "UserImage", "Password", "Session", "Permission", "Role", "Verification", "Connection", "Passkey"]) {
      expect(existsSync(path.join(dir, `src/models/${model}.model.ts`)), model).toBe(true);
      const kebab = model.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
      for (const file of [`src/routes/${kebab}.route.ts`, `src/services/${kebab}.service.ts`, `src/repositories/${kebab}.repository.ts`, `test/${kebab}.test.ts`]) expect(existsSync(path.join(dir, file)), file).toBe(true);
    }
    expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).backant).toEqual({ provider: "sqlite", naming: "as-written", foreignKeyIndexes: false, generator: { previewFeatures: ["typedSql"] } });
    expect(readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8")).toMatch(/^model Permission \{/m);
    expect(run.stdout).toMatch(/the first migration only baselines the existing database/);
  });

  it("--from-database: introspects, and the project's DATABASE_URL points at that database", async () => {
    const parent = scratch({});
    const db = new Database(path.join(parent, "shop.db"));
    db.exec(`CREATE TABLE "Product" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "title" TEXT NOT NULL, "price" DECIMAL NOT NULL);`);
    db.close();
    const run = await runCreate(["shop-api", "--from-database", "file:./shop.db", "--no-install", "--yes", "--report"], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, db: "sqlite", models: ["Product"], imported: { source: "database", naming: "as-written" } });
    expect(readFileSync(path.join(parent, "shop-api/.env"), "utf8")).toContain(`DATABASE_URL="file:${path.join(parent, "shop.db")}"`);
  });

  it("gives no API to models the Prisma Client cannot serve (@@ignore, a required Unsupported column)", async () => {
    const schema = `datasource db {\n  provider = "postgresql"\n}\n\nmodel Doc {\n  id Int @id\n  title String\n}\n\nmodel Search {\n  id Int @id\n  vec Unsupported("tsvector")\n}\n\nmodel Legacy {\n  id Int @id\n\n  @@ignore\n}\n`;
    const parent = scratch({ "schema.prisma": schema });
    const run = await runCreate(["docs-api", "--from-schema", "schema.prisma", "--no-install", "--yes"], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    const dir = path.join(parent, "docs-api");
    expect(existsSync(path.join(dir, "src/routes/doc.route.ts"))).toBe(true);
    expect(existsSync(path.join(dir, "src/routes/search.route.ts"))).toBe(false);
    expect(existsSync(path.join(dir, "src/routes/legacy.route.ts"))).toBe(false);
    expect(readFileSync(path.join(dir, "src/models/Search.model.ts"), "utf8")).toContain('vec: t.unsupported("tsvector"),');
    expect(readFileSync(path.join(dir, "src/models/Legacy.model.ts"), "utf8")).toContain("ignore: true,");
  });

  it("refuses a --db other than the schema's, and --from-schema with --spec", async () => {
    const parent = scratch({ "schema.prisma": epicStack });
    await expectCreateRefused(["legacy-api", "--from-schema", "schema.prisma", "--db", "postgresql", "--yes", "--no-install"], parent, /--db postgresql does not match the imported sqlite schema/);
    await expectCreateRefused(["legacy-api", "--from-schema", "schema.prisma", "--spec", "{}", "--yes"], parent, /mutually exclusive|conflict/i);
    await expectCreateRefused(["legacy-api", "--from-schema", "missing.prisma", "--yes"], parent, /missing\.prisma does not exist/);
    writeFileSync(path.join(parent, "health.prisma"), 'datasource db {\n  provider = "sqlite"\n}\nmodel Health {\n  id Int @id\n}\n');
    await expectCreateRefused(["legacy-api", "--from-schema", "health.prisma", "--yes", "--no-install"], parent, /model name "Health": the generated project already uses "health" \(\/health\)/);
    writeFileSync(path.join(parent, "twins.prisma"), 'datasource db {\n  provider = "sqlite"\n}\nmodel UserRole {\n  id Int @id\n}\nmodel user_role {\n  id Int @id\n}\n');
    await expectCreateRefused(["legacy-api", "--from-schema", "twins.prisma", "--yes", "--no-install"], parent, /Models UserRole and user_role would both be served at \/user-role/);
  });
});
