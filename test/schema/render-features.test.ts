// What the model DSL says beyond the basics (issue 11), each rendered and accepted by Prisma.
import { describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import { dbgenerated, enumType, model, nanoid, now, t, uuid } from "../../src/model/index.js";
import type { ModelDef } from "../../src/model/model-def.js";
import { buildModelSet, checkModelSet, type ModelSetOptions } from "../../src/schema/model-set.js";
import type { Provider } from "../../src/project/config.js";
import { renderPrismaSchema, renderPrismaSchemaWithOrigins, type RenderOptions } from "../../src/schema/render-prisma.js";
import { validatePrismaSchema, validateRenderedSchema } from "../../src/schema/validate-prisma.js";

const setOf = (models: ModelDef[], options: ModelSetOptions = {}) => buildModelSet(models.map((m) => ({ model: m, file: `src/models/${m.name}.model.ts` })), options);

function render(models: ModelDef[], provider: Provider, options: ModelSetOptions & Omit<RenderOptions, "provider"> = {}): string {
  const text = renderPrismaSchema(setOf(models, options), { provider, ...options });
  validatePrismaSchema(text);
  return text;
}

/** The lines of one block (model or enum), trimmed, without blank lines. */
function block(schema: string, header: string): string[] {
  const start = schema.indexOf(`${header} {`);
  expect(start, `${header} in\n${schema}`).toBeGreaterThanOrEqual(0);
  const body = schema.slice(start, schema.indexOf("\n}", start));
  return body.split("\n").slice(1).map((l) => l.trim().replace(/\s+/g, " ")).filter(Boolean);
}

describe("project naming", () => {
  const models = [model("OrderLines", { id: t.id(), unitPrice: t.decimal(10, 2), order: t.belongsTo("Orders") }), model("Orders", { id: t.id(), lines: t.hasMany("OrderLines"), status: t.enum("OrderStatus", ["open"]) })];

  test("snake_case (default) maps tables, columns and enums", () => {
    const schema = render(models, "postgresql");
    expect(block(schema, "model OrderLines")).toEqual(expect.arrayContaining(['unitPrice Decimal @map("unit_price") @db.Decimal(10, 2)', '@@map("order_lines")']));
    expect(block(schema, "enum OrderStatus")).toContain('@@map("order_status")');
  });

  test("as-written keeps every name as written: no @map, no @@map", () => {
    const schema = render(models, "postgresql", { naming: "as-written" });
    expect(schema).not.toMatch(/@@?map/);
  });

  test("an explicit enum database name wins over the naming, and values can have their own", () => {
    const Kind = enumType("Kind", ["ROUND_ROBIN", "MANAGED"], { map: "kinds", values: { ROUND_ROBIN: "roundRobin" }, doc: "How hosts are chosen" });
    const schema = render([model("Events", { id: t.id(), kind: t.enum(Kind).default("MANAGED") })], "postgresql", { naming: "as-written" });
    expect(schema).toContain('/// How hosts are chosen\nenum Kind {\n  ROUND_ROBIN @map("roundRobin")\n  MANAGED\n\n  @@map("kinds")\n}');
  });

  test("an enum used with two definitions is refused, naming the file", () => {
    const a = model("A", { id: t.id(), k: t.enum(enumType("K", ["x"], { map: "k1" })) });
    const b = model("B", { id: t.id(), k: t.enum(enumType("K", ["x"], { map: "k2" })) });
    expect(() => checkModelSet(setOf([a, b]), "postgresql")).toThrow(/src\/models\/B\.model\.ts: field "k" of model B: enum "K" is declared with other options/);
  });
});

describe("keys", () => {
  test("foreign keys get an index unless the project turns it off", () => {
    const models = [model("Posts", { id: t.id(), author: t.belongsTo("Users") }), model("Users", { id: t.id() })];
    expect(block(render(models, "postgresql"), "model Posts")).toContain("@@index([authorId])");
    expect(block(render(models, "postgresql", { foreignKeyIndexes: false }), "model Posts").join("\n")).not.toContain("@@index");
  });

  test("a string id without a default, and a model with no primary key but a unique key", () => {
    const schema = render([model("Tokens", { token: t.string().id(), note: t.text().optional() }), model("Settings", { key: t.string(40).unique(), value: t.json() })], "postgresql");
    expect(block(schema, "model Tokens")).toContain("token String @id");
    expect(block(schema, "model Settings")).toContain('key String @unique @db.VarChar(40)');
    expect(() => checkModelSet(setOf([model("Loose", { a: t.string() })]), "sqlite")).toThrow(/no primary key/);
  });

  test("names, sort orders, index types and operator classes", () => {
    const m = model(
      "Docs",
      {
        id: t.uuid().id({ map: "docs_pk" }).default(uuid(7)),
        slug: t.string(80).unique({ map: "docs_slug_uq" }),
        body: t.json().index({ type: "Gin", ops: "JsonbPathOps" }),
        title: t.text(),
        createdAt: t.datetime().native("Timestamptz", 6).default(now()),
      },
      {
        unique: [{ fields: ["title", "createdAt"], name: "titleAt", map: "docs_title_at" }],
        indexes: [{ fields: [{ field: "createdAt", sort: "desc" }], map: "docs_recent" }, { fields: [{ field: "title", ops: "gin_trgm_ops" }], type: "Gin" }],
      },
    );
    const lines = block(render([m], "postgresql", { naming: "as-written" }), "model Docs");
    expect(lines).toEqual([
      'id String @id(map: "docs_pk") @default(uuid(7)) @db.Uuid',
      'slug String @unique(map: "docs_slug_uq") @db.VarChar(80)',
      "body Json",
      "title String @db.Text",
      "createdAt DateTime @default(now()) @db.Timestamptz(6)",
      '@@unique([title, createdAt], name: "titleAt", map: "docs_title_at")',
      '@@index([createdAt(sort: Desc)], map: "docs_recent")',
      '@@index([title(ops: raw("gin_trgm_ops"))], type: Gin)',
      "@@index([body(ops: JsonbPathOps)], type: Gin)",
    ]);
  });

  test("MySQL full-text indexes and prefix lengths", () => {
    const m = model("Links", { id: t.id(), url: t.text(), key: t.string(190) }, { fulltext: [["key", "url"]], indexes: [{ fields: [{ field: "url", length: 100 }] }] });
    expect(block(render([m], "mysql", { naming: "as-written" }), "model Links")).toEqual(expect.arrayContaining(["@@fulltext([key, url])", "@@index([url(length: 100)])"]));
  });
});

describe("relations over declared foreign keys", () => {
  test("a declared FK field, an optional relation over a required FK, a constraint name, PascalCase relation fields", () => {
    const users = model("User", { id: t.uuid().id(), posts: t.hasMany("Post"), Drafts: t.hasMany("Post", { relationName: "drafts" }) });
    const posts = model("Post", {
      id: t.id(),
      authorId: t.uuid().map("author_id"),
      author: t.belongsTo("User", { foreignKey: "authorId", onDelete: "cascade", map: "post_author_fk" }),
      draftOf: t.uuid(),
      DraftUser: t.belongsTo("User", { foreignKey: "draftOf", optional: true, relationName: "drafts" }),
    });
    const schema = render([users, posts], "postgresql", { naming: "as-written", foreignKeyIndexes: false });
    expect(block(schema, "model Post")).toEqual([
      "id Int @id @default(autoincrement())",
      'authorId String @map("author_id") @db.Uuid',
      'author User @relation(fields: [authorId], references: [id], onDelete: Cascade, map: "post_author_fk")',
      "draftOf String @db.Uuid",
      'DraftUser User? @relation("drafts", fields: [draftOf], references: [id])',
    ]);
  });

  test("composite foreign keys referencing a composite unique key", () => {
    const owner = model("Owner", { tenant: t.string(), code: t.string(), items: t.hasMany("Item") }, { id: ["tenant", "code"] });
    const item = model("Item", { id: t.id(), tenant: t.string(), code: t.string(), owner: t.belongsTo("Owner", { foreignKey: ["tenant", "code"], references: ["tenant", "code"] }) });
    expect(block(render([owner, item], "sqlite", { naming: "as-written" }), "model Item")).toContain("owner Owner @relation(fields: [tenant, code], references: [tenant, code])");
  });

  test("a required relation over an optional FK, and a missing FK field, are refused", () => {
    const users = model("User", { id: t.id(), posts: t.hasMany("Post") });
    const optionalFk = model("Post", { id: t.id(), authorId: t.int().optional(), author: t.belongsTo("User", { foreignKey: "authorId" }) });
    expect(() => checkModelSet(setOf([users, optionalFk]), "sqlite")).toThrow(/field "author" of model Post: is required, but its foreign key "authorId" is optional\. Add optional: true/);
    const missing = model("Post", { id: t.id(), author: t.belongsTo("User", { foreignKey: ["authorId"] }) });
    expect(() => checkModelSet(setOf([users, missing]), "sqlite")).toThrow(/names the foreign key field "authorId", which the model does not declare/);
  });

  test("a hasOne with a FK made unique by the unique option: one constraint, not a clash with itself", () => {
    const users = model("Users", { id: t.id(), profile: t.hasOne("Profiles") });
    const profiles = model("Profiles", { id: t.id(), user: t.belongsTo("Users") }, { unique: [["user"]] });
    expect(block(render([users, profiles], "sqlite"), "model Profiles")).toEqual(["id Int @id @default(autoincrement())", "user Users @relation(fields: [userId], references: [id])", 'userId Int @map("user_id")', "@@unique([userId])", '@@map("profiles")']);
  });
});

describe("types, defaults, documentation, ignore, schemas, datasource and generator", () => {
  test("native types, Unsupported, default functions, docs and @ignore", () => {
    const m = model(
      "Search",
      {
        id: t.string().id().default(dbgenerated("gen_random_uuid()")).native("Uuid"),
        code: t.char(2).default("US"),
        short: t.string().default(nanoid(10)).doc("A short id\nfor links"),
        vector: t.unsupported("tsvector").optional(),
        legacy: t.int().optional().ignore(),
      },
      { doc: "Full-text search rows", schema: "search" },
    );
    const schema = render([m], "postgresql", { naming: "as-written", datasource: { relationMode: "prisma", schemas: ["public", "search"] }, generator: { previewFeatures: ["nativeDistinct"] } });
    expect(schema).toContain('datasource db {\n  provider     = "postgresql"\n  relationMode = "prisma"\n  schemas      = ["public", "search"]\n}');
    expect(schema).toContain('  output          = "../src/generated/prisma"\n  previewFeatures = ["nativeDistinct"]\n}');
    expect(schema).toContain("/// Full-text search rows\nmodel Search {");
    expect(block(schema, "model Search")).toEqual([
      'id String @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid',
      'code String @default("US") @db.Char(2)',
      "/// A short id",
      "/// for links",
      "short String @default(nanoid(10))",
      'vector Unsupported("tsvector")?',
      "legacy Int? @ignore",
      '@@schema("search")',
    ]);
  });

  test("a raw attribute Prisma refuses is reported against the model file and field, exit 2", () => {
    const m = model("Orders", { id: t.id(), code: t.string().attr("@db.Nope(3)") });
    const rendered = renderPrismaSchemaWithOrigins(setOf([m]), { provider: "postgresql" });
    let caught: unknown;
    try {
      validateRenderedSchema(rendered);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).exitCode).toBe(2);
    expect((caught as InputError).message).toMatch(/^src\/models\/Orders\.model\.ts: field "code" of model Orders: Prisma refuses the schema it gives: .*Nope/);
  });
});
