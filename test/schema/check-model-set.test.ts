import { describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import { model, t, now, autoincrement } from "../../src/model/index.js";
import type { ModelDef } from "../../src/model/model-def.js";
import { buildModelSet, checkModelSet } from "../../src/schema/model-set.js";
import type { Provider } from "../../src/project/config.js";
import { renderPrismaSchema } from "../../src/schema/render-prisma.js";
import { validatePrismaSchema } from "../../src/schema/validate-prisma.js";

const fileOf = (m: ModelDef): string => `src/models/${m.name}.model.ts`;
const setOf = (...models: ModelDef[]) => buildModelSet(models.map((m) => ({ model: m, file: fileOf(m) })));
const users = model("Users", { id: t.id(), name: t.string(100) });

/** The refusal must be an InputError (exit 2) naming the file and the field, and say what to do. */
function refusal(models: ModelDef[], provider: Provider, expected: { file: string; field?: string; says: RegExp }): InputError {
  const set = setOf(...models);
  let caught: unknown;
  try {
    checkModelSet(set, provider);
  } catch (error) {
    caught = error;
  }
  expect(caught, "checkModelSet accepted the set").toBeInstanceOf(InputError);
  const error = caught as InputError;
  expect(error.exitCode).toBe(2);
  expect(error.message).toContain(expected.file);
  if (expected.field !== undefined) expect(error.message).toContain(`"${expected.field}"`);
  expect(error.message).toMatch(expected.says);
  expect(error.hint).toBeTruthy();
  // The renderer runs the same checks, so it never writes what checkModelSet refuses.
  expect(() => renderPrismaSchema(set, { provider })).toThrow(InputError);
  return error;
}

describe("checkModelSet accepts", () => {
  test("a valid set on every provider, and Prisma agrees", () => {
    const orders = model("Orders", { id: t.id(), customer: t.belongsTo("Users"), status: t.enum("OrderStatus", ["open", "done"]) });
    for (const provider of ["postgresql", "sqlite", "mysql"] as const) {
      checkModelSet(setOf(users, orders), provider);
      validatePrismaSchema(renderPrismaSchema(setOf(users, orders), { provider }));
    }
  });
});

describe("checkModelSet refuses", () => {
  test("two models with the same name", () => {
    const set = buildModelSet([
      { model: users, file: "src/models/Users.model.ts" },
      { model: users, file: "src/models/Users2.model.ts" },
    ]);
    expect(() => checkModelSet(set, "sqlite")).toThrow(/src\/models\/Users2\.model\.ts: model Users: has the same name as the model in src\/models\/Users\.model\.ts/);
  });

  test("two models with the same table", () => {
    refusal([users, model("People", { id: t.id() }, { table: "users" })], "sqlite", { file: "src/models/Users.model.ts", says: /table "users".*People/ });
  });

  test("a relation to a model that does not exist", () => {
    refusal([model("Orders", { id: t.id(), customer: t.belongsTo("Userz") }), users], "sqlite", { file: "src/models/Orders.model.ts", field: "customer", says: /"Userz"\) points to a model that does not exist.*Users/ });
    refusal([model("Orders", { id: t.id(), tags: t.manyToMany("Tags") })], "sqlite", { file: "src/models/Orders.model.ts", field: "tags", says: /does not exist/ });
  });

  test("unknown fields in composite id, unique and indexes", () => {
    refusal([model("Pairs", { a: t.int(), b: t.int() }, { id: ["a", "c"] })], "sqlite", { file: "src/models/Pairs.model.ts", field: "c", says: /option id.*no such field.*a, b/ });
    refusal([model("Pairs", { id: t.id(), a: t.int() }, { unique: [["a", "zz"]] })], "sqlite", { file: "src/models/Pairs.model.ts", field: "zz", says: /option unique\[0\]/ });
    refusal([model("Pairs", { id: t.id(), a: t.int() }, { indexes: [["a"], ["nope"]] })], "sqlite", { file: "src/models/Pairs.model.ts", field: "nope", says: /option indexes\[1\]/ });
    refusal([model("Pairs", { id: t.id(), a: t.int() }, { indexes: [[]] })], "sqlite", { file: "src/models/Pairs.model.ts", says: /empty list/ });
  });

  test("an enum named like a model", () => {
    refusal([users, model("Orders", { id: t.id(), kind: t.enum("Users", ["a"]) })], "sqlite", { file: "src/models/Orders.model.ts", field: "kind", says: /enum "Users" has the same name as a model/ });
  });

  test("one enum name with two different value lists", () => {
    const a = model("Orders", { id: t.id(), status: t.enum("Status", ["open", "done"]) });
    const b = model("Tasks", { id: t.id(), state: t.enum("Status", ["open", "closed"]) });
    const error = refusal([a, b], "postgresql", { file: "src/models/Tasks.model.ts", field: "state", says: /\[open, closed\].*src\/models\/Orders\.model\.ts.*\[open, done\]/ });
    expect(error.code).toBe("ENUM_MISMATCH");
  });

  test("bad enum values", () => {
    refusal([model("Orders", { id: t.id(), s: t.enum("S", ["in-progress"]) })], "sqlite", { file: "src/models/Orders.model.ts", field: "s", says: /"in-progress" is not an identifier/ });
    refusal([model("Orders", { id: t.id(), s: t.enum("S", ["a", "a"]) })], "sqlite", { file: "src/models/Orders.model.ts", field: "s", says: /twice/ });
  });

  test("an enum whose PostgreSQL type would clash with a table", () => {
    refusal([model("Orders", { id: t.id(), s: t.enum("OrderStatus", ["a"]) }), model("Statuses", { id: t.id() }, { table: "order_status" })], "postgresql", { file: "src/models/Orders.model.ts", field: "s", says: /clashes with the table/ });
  });

  test("two relations between the same models without relationName", () => {
    const orders = model("Orders", { id: t.id(), buyer: t.belongsTo("Users"), seller: t.belongsTo("Users") });
    refusal([orders, users], "sqlite", { file: "src/models/Orders.model.ts", field: "seller", says: /ambiguous.*relationName/ });
  });

  test("two belongsTo pairing with one hasMany", () => {
    const orders = model("Orders", { id: t.id(), buyer: t.belongsTo("Users"), seller: t.belongsTo("Users") });
    const u = model("Users", { id: t.id(), orders: t.hasMany("Orders") });
    refusal([orders, u], "sqlite", { file: "src/models/Orders.model.ts", field: "seller", says: /"buyer" and "seller" both pair with Users\.orders/ });
  });

  test("a hasOne-less pair related both ways without names", () => {
    const a = model("Orders", { id: t.id(), user: t.belongsTo("Users") });
    const b = model("Users", { id: t.id(), lastOrder: t.belongsTo("Orders", { optional: true }) });
    refusal([a, b], "sqlite", { file: "src/models/", says: /related more than once/ });
  });

  test("the same relationName on two relations of one pair", () => {
    const orders = model("Orders", { id: t.id(), buyer: t.belongsTo("Users", { relationName: "X" }), seller: t.belongsTo("Users", { relationName: "X" }) });
    refusal([orders, users], "sqlite", { file: "src/models/Orders.model.ts", field: "seller", says: /relationName "X"/ });
  });

  test("lists on sqlite and mysql", () => {
    const posts = model("Posts", { id: t.id(), tags: t.list(t.string()) });
    refusal([posts], "sqlite", { file: "src/models/Posts.model.ts", field: "tags", says: /sqlite does not support.*t\.json\(\)/ });
    refusal([posts], "mysql", { file: "src/models/Posts.model.ts", field: "tags", says: /mysql does not support/ });
    expect(() => checkModelSet(setOf(posts), "postgresql")).not.toThrow();
    refusal([model("Posts", { id: t.id(), tags: t.list(t.string()).optional() })], "postgresql", { file: "src/models/Posts.model.ts", field: "tags", says: /optional list/ });
  });

  test("names Prisma reserves, and invalid names", () => {
    refusal([model("PrismaClient", { id: t.id() })], "sqlite", { file: "src/models/PrismaClient.model.ts", says: /reserves/ });
    refusal([model("String", { id: t.id() })], "sqlite", { file: "src/models/String.model.ts", says: /reserves/ });
    refusal([model("my-orders", { id: t.id() })], "sqlite", { file: "src/models/my-orders.model.ts", says: /PascalCase/ });
    refusal([model("Orders", { id: t.id(), "my-field": t.int() })], "sqlite", { file: "src/models/Orders.model.ts", field: "my-field", says: /camelCase/ });
    refusal([model("Orders", { id: t.id(), kind: t.enum("Json", ["a"]) })], "sqlite", { file: "src/models/Orders.model.ts", field: "kind", says: /reserved/ });
  });

  test("a field that clashes with a generated foreign key", () => {
    const orders = model("Orders", { id: t.id(), customerId: t.int(), customer: t.belongsTo("Users") });
    refusal([orders, users], "sqlite", { file: "src/models/Orders.model.ts", field: "customerId", says: /foreignKey/ });
  });

  test("a field that clashes with a generated back-relation", () => {
    const orders = model("Orders", { id: t.id(), customer: t.belongsTo("Users") });
    const u = model("Users", { id: t.id(), orders: t.int() });
    refusal([orders, u], "sqlite", { file: "src/models/Orders.model.ts", field: "customer", says: /add the field "orders" there.*Users already has/ });
  });

  test("a generated foreign key that clashes with a field", () => {
    const u = model("Users", { id: t.id(), orders: t.hasMany("Orders") });
    const orders = model("Orders", { id: t.id(), usersId: t.int() });
    refusal([orders, u], "sqlite", { file: "src/models/Users.model.ts", field: "orders", says: /"usersId"/ });
  });

  test("missing, doubled or conflicting primary keys", () => {
    refusal([model("Orders", { name: t.string() })], "sqlite", { file: "src/models/Orders.model.ts", says: /no primary key.*t\.id\(\)/ });
    refusal([model("Orders", { id: t.id(), other: t.id() })], "sqlite", { file: "src/models/Orders.model.ts", field: "other", says: /second t\.id\(\)/ });
    refusal([model("Orders", { id: t.id(), a: t.int() }, { id: ["id", "a"] })], "sqlite", { file: "src/models/Orders.model.ts", field: "id", says: /composite/ });
    refusal([model("Orders", { a: t.int().optional(), b: t.int() }, { id: ["a", "b"] })], "sqlite", { file: "src/models/Orders.model.ts", field: "a", says: /optional/ });
    refusal([model("Orders", { id: t.id().optional() })], "sqlite", { file: "src/models/Orders.model.ts", field: "id", says: /cannot be optional/ });
  });

  test("setNull on a required relation", () => {
    refusal([model("Orders", { id: t.id(), customer: t.belongsTo("Users", { onDelete: "setNull" }) }), users], "sqlite", { file: "src/models/Orders.model.ts", field: "customer", says: /optional: true/ });
  });

  test("setDefault on MySQL", () => {
    refusal([model("Orders", { id: t.id(), customer: t.belongsTo("Users", { onDelete: "setDefault" }) }), users], "mysql", { file: "src/models/Orders.model.ts", field: "customer", says: /InnoDB/ });
  });

  test("relation options on the side without the key", () => {
    refusal([model("Users", { id: t.id(), orders: t.hasMany("Orders", { onDelete: "cascade" } as never) }), model("Orders", { id: t.id() })], "sqlite", { file: "src/models/Users.model.ts", field: "orders", says: /cannot take onDelete.*belongsTo/ });
  });

  test("a keyType that does not match the target's id", () => {
    refusal([model("Orders", { id: t.id(), customer: t.belongsTo("Users", { keyType: "string" }) }), users], "sqlite", { file: "src/models/Orders.model.ts", field: "customer", says: /keyType: "int"/ });
  });

  test("a relation to a model with a composite id", () => {
    const pairs = model("Pairs", { a: t.int(), b: t.int() }, { id: ["a", "b"] });
    refusal([model("Orders", { id: t.id(), pair: t.belongsTo("Pairs") }), pairs], "sqlite", { file: "src/models/Orders.model.ts", field: "pair", says: /composite id/ });
  });

  test("a unique belongsTo paired with a hasMany", () => {
    const p = model("Profiles", { id: t.id(), user: t.belongsTo("Users").unique() });
    const u = model("Users", { id: t.id(), profiles: t.hasMany("Profiles") });
    refusal([p, u], "sqlite", { file: "src/models/Profiles.model.ts", field: "user", says: /t\.hasOne\("Profiles"\)/ });
  });

  test("defaults that do not fit the field", () => {
    const f = "src/models/Orders.model.ts";
    refusal([model("Orders", { id: t.id(), n: t.int().default(now() as never) })], "sqlite", { file: f, field: "n", says: /now\(\) is not a valid default for a int field/ });
    refusal([model("Orders", { id: t.id(), n: t.int().default(1.5) })], "sqlite", { file: f, field: "n", says: /32-bit integer/ });
    refusal([model("Orders", { id: t.id(), s: t.enum("S", ["a", "b"]).default("c" as "a") })], "sqlite", { file: f, field: "s", says: /one of the enum values: a, b/ });
    refusal([model("Orders", { id: t.id(), n: t.int().unique().default(autoincrement()) })], "sqlite", { file: f, field: "n", says: /SQLite only auto-increments the primary key/ });
    refusal([model("Orders", { id: t.id(), n: t.int().default(autoincrement()) })], "mysql", { file: f, field: "n", says: /one auto-increment column/ });
    refusal([model("Orders", { id: t.id("uuid"), n: t.int().default(autoincrement()) })], "mysql", { file: f, field: "n", says: /MySQL requires/ });
    refusal([model("Orders", { id: t.id(), d: t.datetime().default("yesterday" as never) })], "sqlite", { file: f, field: "d", says: /ISO 8601/ });
  });

  test("indexes MySQL cannot build", () => {
    const f = "src/models/Orders.model.ts";
    refusal([model("Orders", { id: t.id(), body: t.text().unique() })], "mysql", { file: f, field: "body", says: /MySQL cannot index text/ });
    refusal([model("Orders", { id: t.id(), meta: t.json() }, { indexes: [["meta"]] })], "mysql", { file: f, field: "meta", says: /MySQL cannot index json/ });
    expect(() => checkModelSet(setOf(model("Orders", { id: t.id(), body: t.text().unique() })), "postgresql")).not.toThrow();
  });

  test("sizes beyond the provider's limits", () => {
    refusal([model("Orders", { id: t.id(), s: t.string(20000) })], "mysql", { file: "src/models/Orders.model.ts", field: "s", says: /t\.text\(\)/ });
    refusal([model("Orders", { id: t.id(), d: t.decimal(70, 2) })], "mysql", { file: "src/models/Orders.model.ts", field: "d", says: /precision 65/ });
  });

  test("the same unique constraint twice", () => {
    refusal([model("Pairs", { id: t.id(), a: t.int(), b: t.int() }, { unique: [["a", "b"], ["a", "b"]] })], "sqlite", { file: "src/models/Pairs.model.ts", field: "a", says: /unique\[1\] \[a, b\] repeats unique\[0\]/ });
    refusal([model("Pairs", { id: t.id(), a: t.int().unique() }, { unique: [["a"]] })], "sqlite", { file: "src/models/Pairs.model.ts", field: "a", says: /repeats \.unique\(\) on "a"/ });
  });

  test("keys and indexes whose database names collide", () => {
    // Prisma names them {table}_{columns}_idx: tables "x_y"+"c" and "x"+"y_c" give the same name.
    const b = model("Bees", { id: t.id(), c: t.int().index() }, { table: "x_y" });
    const c = model("Cees", { id: t.id(), yC: t.int().index() }, { table: "x" });
    refusal([b, c], "sqlite", { file: "src/models/Cees.model.ts", field: "yC", says: /"x_y_c_idx", the same as the index \[c\] of model Bees \(src\/models\/Bees\.model\.ts\)/ });
    // MySQL scopes index names to the table, so the same pair is fine there, and Prisma agrees.
    validatePrismaSchema(renderPrismaSchema(setOf(b, c), { provider: "mysql" }));
    // Names are cut to 63 characters on PostgreSQL, so long look-alike columns collide in one table.
    const long = "averyveryveryverylongcolumnnamethatgoesonandon";
    const m = model("Logs", { id: t.id(), [`${long}One`]: t.int().index(), [`${long}Two`]: t.int().index() }, { table: "some_quite_long_table_name" });
    refusal([m], "postgresql", { file: "src/models/Logs.model.ts", field: `${long}Two`, says: /some_quite_long_table_name_averyveryveryverylongcolumnnamet_idx/ });
    validatePrismaSchema(renderPrismaSchema(setOf(m), { provider: "sqlite" }));
  });

  test("two fields mapped to one column", () => {
    refusal([model("Orders", { id: t.id(), a: t.int().map("x"), b: t.int().map("x") })], "sqlite", { file: "src/models/Orders.model.ts", field: "b", says: /column "x".*"a"/ });
    refusal([model("Orders", { id: t.id(), userId: t.int().map("customer_id"), customer: t.belongsTo("Users") }), users], "sqlite", { file: "src/models/Orders.model.ts", field: "customer", says: /column "customer_id"/ });
  });

  test("a model made by another version of backant/model", () => {
    const old = { ...model("Orders", { id: t.id() }), version: 0 } as ModelDef;
    refusal([old], "sqlite", { file: "src/models/Orders.model.ts", says: /another version/ });
  });
});
