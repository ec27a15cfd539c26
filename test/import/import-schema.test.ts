import { describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import { importPrismaSchema } from "../../src/import/import-schema.js";
import { printModelFiles } from "../../src/import/model-code.js";

const ds = (provider: string, extra = "") => `datasource db {\n  provider = "${provider}"\n${extra}}\n`;

describe("importPrismaSchema", () => {
  test("chooses the naming that needs the fewest explicit names", () => {
    const snake = importPrismaSchema(`${ds("postgresql")}model OrderLine {\n  id Int @id\n  unitPrice Int @map("unit_price")\n  @@map("order_line")\n}\n`);
    expect(snake.naming).toBe("snake_case");
    expect(snake.models[0]).toMatchObject({ table: null, fields: [{ name: "id", column: null }, { name: "unitPrice", column: null }] });
    const written = importPrismaSchema(`${ds("postgresql")}model OrderLine {\n  id Int @id\n  unitPrice Int\n}\n`);
    expect(written.naming).toBe("as-written");
  });

  test("carries datasource and generator options, and says what it leaves out", () => {
    const schema = importPrismaSchema(
      `${ds("mysql", '  url = env("DATABASE_URL")\n  referentialIntegrity = "prisma"\n')}generator client {\n  provider = "prisma-client-js"\n  previewFeatures = ["relationJoins", "referentialIntegrity"]\n  binaryTargets = ["native"]\n}\ngenerator zod {\n  provider = "zod-prisma"\n}\n// a comment\nmodel A {\n  id Int @id\n}\n`,
    );
    expect(schema.datasource).toEqual({ relationMode: "prisma", schemas: [] });
    expect(schema.generator).toEqual({ previewFeatures: ["relationJoins"], binaryTargets: ["native"] });
    expect(schema.notes.join("\n")).toMatch(/datasource url: not in the schema with Prisma 7/);
    expect(schema.notes.join("\n")).toMatch(/generator zod: not carried over/);
    expect(schema.notes.join("\n")).toMatch(/referentialIntegrity are not preview features of Prisma 7/);
    expect(schema.notes.join("\n")).toMatch(/1 line\(s\) with \/\/ comments/);
  });

  test("@@index(name: ...) is the database name; a single field without brackets; a Json default kept as written", () => {
    const schema = importPrismaSchema(`${ds("sqlite")}model A {\n  id Int @id\n  b Int\n  j Json @default("{ }")\n  @@index([b], name: "a_b")\n  @@index(b)\n}\n`);
    expect(schema.models[0]!.keys).toEqual([{ kind: "index", fields: [{ name: "b", sort: null, length: null, ops: null }], name: null, map: "a_b", type: null, clustered: null }]);
    expect(schema.models[0]!.indexes).toEqual([["b"]]);
    expect(printModelFiles(schema).get("A.model.ts")).toContain('j: t.json().attr("@default(\\"{ }\\")"),');
  });

  test("refuses what backant cannot carry, naming the block (exit 2)", () => {
    const refused = (text: string, says: RegExp) => {
      let caught: unknown;
      try {
        importPrismaSchema(text, "legacy.prisma");
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InputError);
      expect((caught as InputError).exitCode).toBe(2);
      expect((caught as InputError).message).toMatch(says);
    };
    refused(`${ds("mongodb")}model A {\n  id String @id @map("_id") @db.ObjectId\n}\n`, /legacy\.prisma: the datasource provider is "mongodb"/);
    refused(`${ds("postgresql")}generator client {\n  provider = "prisma-client"\n  previewFeatures = ["views"]\n}\nview V {\n  id Int @unique\n}\n`, /view V: is a view block/);
    refused(`${ds("postgresql")}model A {\n  id Int @id\n  b Nope\n}\n`, /legacy\.prisma is not a valid Prisma schema/);
    refused(`${ds("mysql")}generator client {\n  provider = "prisma-client"\n  previewFeatures = ["shardKeys"]\n}\nmodel A {\n  id Int @id\n  region String @shardKey\n}\n`, /A\.region: uses @shardKey/);
  });
});
