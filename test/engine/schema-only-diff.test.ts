// Point 5 of issue 11: the offline engine diffs two PostgreSQL schema files without a database, as
// Prisma's native engine does. The schema-only adapter must give the same SQL as the same engine
// connected to a real server, and refuse anything that needs one.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schemaOnlyPostgresFactory } from "../../src/engine/schema-only-adapter.js";
import { createWasmEngine } from "../../src/engine/wasm-engine.js";
import { EMPTY_MIGRATION, postgresFactory, schemaDiffer } from "../support/engine-diff.js";
import { repoRoot } from "../support/paths.js";
import { createPgDatabase, dropPgDatabase, pgUrl, uniqueDatabaseName } from "../support/postgres.js";
import { useScratchDirs } from "../support/scratch.js";
import { runPrisma } from "./helpers.js";

const withoutUrls = (text: string) => text.replace(/^(\s*)(url|directUrl)(\s*=.*)$/gm, "$1");
const corpus = (name: string) => withoutUrls(readFileSync(path.join(repoRoot, "test/import/corpus", name, "schema.prisma"), "utf8"));

/** A second version of a schema: one model more, one column more, an index changed. */
function edited(schema: string): string {
  return `${schema.replace(/(model User \{\n)/, "$1  nickname String? @db.VarChar(40)\n").replace("@@index([createdAt])", "@@index([createdAt(sort: Desc)])")}\nmodel Note {\n  id   Int    @id @default(autoincrement())\n  text String\n}\n`;
}

const MULTI_SCHEMA = `datasource db {
  provider = "postgresql"
  schemas  = ["public", "billing"]
}

enum Plan {
  free
  pro

  @@schema("billing")
}

model Account {
  id    String @id @db.Uuid
  email String @unique
  subs  Subscription[]

  @@schema("public")
}

model Subscription {
  id        Int     @id @default(autoincrement())
  plan      Plan    @default(free)
  accountId String  @db.Uuid
  account   Account @relation(fields: [accountId], references: [id], onDelete: Cascade)

  @@index([accountId])
  @@schema("billing")
}
`;

describe("PostgreSQL schema-file diffs without a database", () => {
  const database = uniqueDatabaseName("bk_imp_");
  beforeAll(() => createPgDatabase(database));
  afterAll(() => dropPgDatabase(database));

  const cases: Array<[string, string | null, string | null]> = [];
  for (const name of ["umami-postgresql", "documenso", "ghostfolio", "rallly"]) {
    const schema = corpus(name);
    cases.push([`${name}: from nothing`, null, schema], [`${name}: to nothing`, schema, null]);
  }
  const umami = corpus("umami-postgresql");
  cases.push(["umami-postgresql: edited", umami, edited(umami)], ["umami-postgresql: edited back", edited(umami), umami], ["multiple schemas", null, MULTI_SCHEMA]);

  it.each(cases)("%s: the same SQL as with a server", async (_label, from, to) => {
    const offline = await schemaDiffer("postgresql");
    const online = await schemaDiffer("postgresql", postgresFactory(pgUrl(database)));
    try {
      const sql = await offline.diff(from, to);
      expect(sql).not.toMatch(EMPTY_MIGRATION);
      expect(sql).toBe(await online.diff(from, to));
    } finally {
      offline.free();
      online.free();
    }
  });

  it("an edit shows up as the SQL for it", async () => {
    const offline = await schemaDiffer("postgresql");
    try {
      const sql = await offline.diff(umami, edited(umami));
      expect(sql).toMatch(/CREATE TABLE "Note"/);
      expect(sql).toMatch(/ADD COLUMN\s+"nickname" VARCHAR\(40\)/);
      expect(sql).toMatch(/CREATE INDEX .* DESC/);
    } finally {
      offline.free();
    }
  });

  it("refuses what needs a database, saying so", async () => {
    const engine = await createWasmEngine([["schema.prisma", MULTI_SCHEMA]], bindMigrationAwareSqlAdapterFactory(schemaOnlyPostgresFactory()), () => {});
    try {
      await expect(engine.schemaPush({ schema: { files: [{ path: "schema.prisma", content: MULTI_SCHEMA }] }, force: false, filters: { externalTables: [], externalEnums: [] } })).rejects.toThrow();
    } finally {
      engine.free();
    }
  });
});

describe("prisma migrate diff --from-schema --to-schema through the offline engine, no datasource", () => {
  const scratch = useScratchDirs("schema-only-cli");
  it("prints the SQL with no datasource configured at all (nothing it could connect to)", async () => {
    const dir = scratch({});
    const umami = corpus("umami-postgresql");
    writeFileSync(path.join(dir, "a.prisma"), umami);
    writeFileSync(path.join(dir, "b.prisma"), edited(umami));
    writeFileSync(path.join(dir, "prisma.config.ts"), `import { defineConfig } from "prisma/config";\nexport default defineConfig({ schema: "a.prisma" });\n`);
    const run = await runPrisma(dir, ["migrate", "diff", "--from-schema", "a.prisma", "--to-schema", "b.prisma", "--script"]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ADD COLUMN\s+"nickname" VARCHAR\(40\)/);
  });
});
