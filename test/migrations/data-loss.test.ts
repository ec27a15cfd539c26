// The SQL reading behind migrate's warnings and down.sql's markers, on scripts as Prisma 7.10's
// `migrate diff --script` writes them, and the pieces of rollback that need no database.
import { describe, expect, it } from "vitest";
import { analyzeScript, dataLossMarkersIn, markScript } from "../../src/migrations/data-loss.js";
import { renderDownMigration } from "../../src/migrations/down-migration.js";
import { migrationSlug, nextMigrationTimestamp } from "../../src/migrations/migration-folders.js";
import { rollbackScript, selectMigrations } from "../../src/migrations/rollback.js";
import { splitSqlStatements } from "../../src/migrations/sql-statements.js";

const findings = (script: string, opposite?: string) => analyzeScript(script, opposite).findings.map(({ risk, table, column }) => ({ risk, table, column }));

describe("analyzeScript on PostgreSQL scripts", () => {
  it("drops, type changes and required columns", () => {
    const up = `-- DropIndex
DROP INDEX "User_email_key";

-- AlterTable
ALTER TABLE "User" DROP COLUMN "bio",
ADD COLUMN     "age" INTEGER NOT NULL,
ADD COLUMN     "nick" TEXT NOT NULL DEFAULT 'x',
ALTER COLUMN "email" SET DATA TYPE INTEGER,
ALTER COLUMN "name" SET NOT NULL;

-- DropTable
DROP TABLE "Post";

-- CreateIndex
CREATE UNIQUE INDEX "User_nick_key" ON "User"("nick");
`;
    expect(findings(up)).toEqual([
      { risk: "data-loss", table: "User", column: "bio" },
      { risk: "may-fail", table: "User", column: "age" },
      { risk: "data-loss", table: "User", column: "email" },
      { risk: "may-fail", table: "User", column: "name" },
      { risk: "data-loss", table: "Post", column: undefined },
      { risk: "may-fail", table: "User", column: undefined },
    ]);
  });

  it("adding nullable columns, new tables and their indexes, and dropping constraints lose nothing", () => {
    const up = `ALTER TABLE "users" ADD COLUMN "phone" VARCHAR(30);
CREATE TABLE "posts" ("id" SERIAL NOT NULL, "author_id" INTEGER NOT NULL, CONSTRAINT "posts_pkey" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "posts_title_key" ON "posts"("title");
ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "posts" DROP CONSTRAINT "posts_author_id_fkey";
DROP INDEX "posts_title_key";
`;
    expect(findings(up)).toEqual([]);
  });
});

describe("SET NOT NULL with a new default in the same migration", () => {
  const fill = `-- backant: fill NULLs with the new default before SET NOT NULL`;

  it("PostgreSQL: an UPDATE fills the NULLs before the ALTER TABLE, which is not marked may-fail", () => {
    const up = `-- AlterTable\nALTER TABLE "users" ALTER COLUMN "phone" SET NOT NULL,\nALTER COLUMN "phone" SET DEFAULT 'un  known';\n`;
    const risks = analyzeScript(up);
    expect(risks.findings).toEqual([]);
    expect(markScript(up, risks)).toBe(
      `-- AlterTable\n${fill}\nUPDATE "users" SET "phone" = 'un  known' WHERE "phone" IS NULL;\n\nALTER TABLE "users" ALTER COLUMN "phone" SET NOT NULL,\nALTER COLUMN "phone" SET DEFAULT 'un  known';\n`,
    );
  });

  it("PostgreSQL: the default may come in another statement; schema-qualified tables keep their schema", () => {
    const up = `ALTER TABLE "app"."users" ALTER COLUMN "age" SET NOT NULL;\nALTER TABLE "app"."users" ALTER COLUMN "age" SET DEFAULT 18;\n`;
    expect(findings(up)).toEqual([]);
    expect(markScript(up, analyzeScript(up))).toMatch(/^-- backant: fill NULLs[^\n]*\nUPDATE "app"\."users" SET "age" = 18 WHERE "age" IS NULL;\n\nALTER TABLE "app"\."users" ALTER COLUMN "age" SET NOT NULL;/);
  });

  it("keeps may-fail where NOT NULL comes without a default, or the default is another column's", () => {
    const up = `ALTER TABLE "users" ALTER COLUMN "name" SET NOT NULL,\nALTER COLUMN "phone" SET DEFAULT 'x';\nALTER TABLE "posts" ALTER COLUMN "name" SET DEFAULT 'y';\n`;
    const risks = analyzeScript(up);
    expect(risks.findings.map(({ risk, table, column }) => ({ risk, table, column }))).toEqual([{ risk: "may-fail", table: "users", column: "name" }]);
    expect(risks.fills).toEqual([]);
    expect(markScript(up, risks)).not.toMatch(/UPDATE/);
  });

  it("MySQL: MODIFY ... NOT NULL DEFAULT gets the UPDATE, backticks kept", () => {
    const up = "ALTER TABLE `users` MODIFY `phone` VARCHAR(30) NOT NULL DEFAULT 'unknown';\n";
    expect(markScript(up, analyzeScript(up))).toBe(`${fill}\nUPDATE \`users\` SET \`phone\` = 'unknown' WHERE \`phone\` IS NULL;\n\n${up}`);
    expect(analyzeScript("ALTER TABLE `users` MODIFY `phone` VARCHAR(30) NULL DEFAULT 'x';").fills).toEqual([]);
  });

  it("SQLite: the rebuild (which copies with coalesce) is left as it was", () => {
    const up = `CREATE TABLE "new_users" ("id" INTEGER NOT NULL PRIMARY KEY, "phone" TEXT NOT NULL DEFAULT 'unknown');
INSERT INTO "new_users" ("id", "phone") SELECT "id", coalesce("phone", 'unknown') AS "phone" FROM "users";
DROP TABLE "users";
ALTER TABLE "new_users" RENAME TO "users";
`;
    const risks = analyzeScript(up, `CREATE TABLE "new_users" ("id" INTEGER NOT NULL PRIMARY KEY, "phone" TEXT);`);
    expect(risks.fills).toEqual([]);
    expect(markScript(up, risks)).not.toMatch(/UPDATE|fill NULLs/);
  });
});

describe("analyzeScript on SQLite scripts", () => {
  const rebuildWithoutBio = `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "age" INTEGER NOT NULL
);
INSERT INTO "new_User" ("email", "id") SELECT "email", "id" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`;
  const rebuildBack = `CREATE TABLE "new_User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "bio" TEXT
);
INSERT INTO "new_User" ("email", "id") SELECT "email", "id" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
`;

  it("a rebuild loses the columns the other direction's rebuild names and the copy leaves out", () => {
    expect(findings(rebuildWithoutBio, rebuildBack)).toEqual([
      { risk: "may-fail", table: "User", column: "age" },
      { risk: "data-loss", table: "User", column: "bio" },
    ]);
    // the way back drops "age"
    expect(findings(rebuildBack, rebuildWithoutBio)).toEqual([{ risk: "data-loss", table: "User", column: "age" }]);
  });

  it("a column the other direction adds back is one this rebuild drops", () => {
    expect(findings(rebuildWithoutBio, `ALTER TABLE "User" ADD COLUMN "bio" TEXT;`)).toContainEqual({ risk: "data-loss", table: "User", column: "bio" });
  });

  it("a dropped table outside a rebuild loses its rows; re-created unique indexes of a rebuild are not new", () => {
    expect(findings(`PRAGMA foreign_keys=off;\nDROP TABLE "posts";\nPRAGMA foreign_keys=on;\n`)).toEqual([{ risk: "data-loss", table: "posts", column: undefined }]);
  });
});

describe("markers", () => {
  it("go right above the statement, after its comment, and are read back from down.sql", () => {
    const script = `-- AlterTable\nALTER TABLE "users" DROP COLUMN "phone";\n`;
    const marked = markScript(script, analyzeScript(script));
    expect(marked).toBe(`-- AlterTable\n-- backant:data-loss drops column "phone" of table "users"\nALTER TABLE "users" DROP COLUMN "phone";\n`);
    const down = renderDownMigration("20260101000000_add_phone", script, `ALTER TABLE "users" ADD COLUMN "phone" TEXT;`);
    expect(down.text).toMatch(/^-- down\.sql of 20260101000000_add_phone/);
    expect(dataLossMarkersIn(down.text)).toEqual([`drops column "phone" of table "users"`]);
    expect(renderDownMigration("x", "", "").text).toMatch(/Nothing to undo/);
  });

  it("statements split on semicolons outside strings, identifiers and comments", () => {
    const statements = splitSqlStatements(`-- a;b\nINSERT INTO "t;x" VALUES ('a;''b');\n/* c; */ SELECT 1;`);
    expect(statements.map((s) => s.code)).toEqual([`INSERT INTO "t;x" VALUES ('a;''b')`, "SELECT 1"]);
  });
});

describe("rollback pieces", () => {
  const applied = ["20260101000000_init", "20260102000000_add_phone", "20260103000000_add_posts"];

  it("selects the newest first", () => {
    expect(selectMigrations(applied, { kind: "last" })).toEqual(["20260103000000_add_posts"]);
    expect(selectMigrations(applied, { kind: "steps", steps: 2 })).toEqual(["20260103000000_add_posts", "20260102000000_add_phone"]);
    expect(selectMigrations(applied, { kind: "to", name: "init" })).toEqual(["20260103000000_add_posts", "20260102000000_add_phone"]);
    expect(selectMigrations(applied, { kind: "to", name: "20260103000000_add_posts" })).toEqual([]);
    expect(selectMigrations(applied, { kind: "base" })).toEqual([...applied].reverse());
    expect(() => selectMigrations(applied, { kind: "steps", steps: 0 })).toThrow(/at least 1/);
    expect(() => selectMigrations(applied, { kind: "steps", steps: 4 })).toThrow(/more than the 3/);
    expect(() => selectMigrations([], { kind: "last" })).toThrow(/nothing to roll back/);
  });

  it("wraps the down scripts and the history rows in one transaction", () => {
    const sqlite = rollbackScript("sqlite", [{ name: "20260103000000_add_posts", sql: `DROP TABLE "posts";` }]);
    expect(sqlite).toBe(`PRAGMA foreign_keys=OFF;\nBEGIN;\n-- rollback 20260103000000_add_posts\nDROP TABLE "posts";\nDELETE FROM "_prisma_migrations" WHERE "migration_name" = '20260103000000_add_posts';\nCOMMIT;\nPRAGMA foreign_keys=ON;\n`);
    expect(rollbackScript("postgresql", [{ name: "a", sql: "SELECT 1;" }])).toMatch(/^BEGIN;\n[\s\S]*\nCOMMIT;\n$/);
  });

  it("migration folder names", () => {
    expect(migrationSlug("Add phoneNumber to Users!")).toBe("add_phone_number_to_users");
    expect(() => migrationSlug("???")).toThrow(/not usable/);
    expect(nextMigrationTimestamp([], new Date(Date.UTC(2026, 10, 25, 21, 5, 9)))).toBe("20261125210509");
    expect(nextMigrationTimestamp(["20991231235959_x"], new Date(Date.UTC(2026, 10, 25)))).toBe("20991231235960");
  });
});
