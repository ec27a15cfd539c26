import { describe, expect, test } from "vitest";
import { model, t, now, uuid, cuid, autoincrement, isModel, enumType, nanoid, dbgenerated, ulid } from "../../src/model/index.js";

describe("field builders", () => {
  test("are immutable: a modifier returns a new builder and leaves the original alone", () => {
    const name = t.string(100);
    const optionalName = name.optional().unique().map("full_name").index().attr("@db.Char(100)");
    expect(name.spec).toMatchObject({ optional: false, unique: false, column: null, index: false, attributes: [] });
    expect(optionalName.spec).toMatchObject({ optional: true, unique: true, column: "full_name", index: true, attributes: ["@db.Char(100)"] });
    expect(Object.isFrozen(name.spec)).toBe(true);
    expect(() => ((name.spec as { optional: boolean }).optional = true)).toThrow(TypeError);
  });

  test("one builder shared by two models gives independent plain data", () => {
    const money = t.decimal(10, 2).default("0.00");
    const a = model("Orders", { id: t.id(), total: money });
    const b = model("Invoices", { id: t.id(), total: money.optional() });
    expect(a.fields[1]).toMatchObject({ name: "total", optional: false });
    expect(b.fields[1]).toMatchObject({ name: "total", optional: true });
  });

  test("id strategies", () => {
    expect(t.id().spec).toMatchObject({ type: "int", id: "int", default: { kind: "autoincrement" } });
    expect(t.id("bigint").spec).toMatchObject({ type: "bigint", id: "bigint" });
    expect(t.id("uuid").spec).toMatchObject({ type: "string", id: "uuid", default: { kind: "uuid" } });
    expect(t.id("cuid").spec).toMatchObject({ type: "string", id: "cuid", default: { kind: "cuid" } });
    expect(() => t.id("serial" as never)).toThrow(/t\.id\(\) takes/);
  });

  test("defaults are stored as JSON-safe data", () => {
    expect(t.datetime().default(now()).spec.default).toEqual({ kind: "now" });
    expect(t.string().default(uuid()).spec.default).toEqual({ kind: "uuid" });
    expect(t.string().default(cuid()).spec.default).toEqual({ kind: "cuid" });
    expect(t.int().default(autoincrement()).spec.default).toEqual({ kind: "autoincrement" });
    expect(t.bigint().default(9007199254740993n).spec.default).toEqual({ kind: "literal", value: "9007199254740993" });
    expect(t.datetime().default(new Date(Date.UTC(2024, 0, 2))).spec.default).toEqual({ kind: "literal", value: "2024-01-02T00:00:00.000Z" });
    expect(t.json().default({ a: [1, null] }).spec.default).toEqual({ kind: "json", value: '{"a":[1,null]}' });
    expect(t.list(t.int()).default([1, 2]).spec.default).toEqual({ kind: "literal", value: [1, 2] });
    expect(() => t.int().default(Number.NaN)).toThrow(/finite/);
    expect(() => t.string().default(null as never)).toThrow(/\.optional\(\)/);
  });

  test("argument errors say what is expected", () => {
    expect(() => t.string(0)).toThrow(/positive integer/);
    expect(() => t.decimal(5, 7)).toThrow(/scale/);
    expect(() => t.decimal(undefined, 2)).toThrow(/precision/);
    expect(() => t.enum("S", [] as never)).toThrow(/non-empty/);
    expect(() => t.list(t.int().unique() as never)).toThrow(/plain scalar builder/);
    expect(() => t.string().attr("db.Text")).toThrow(/starting with "@"/);
    expect(() => t.belongsTo("")).toThrow(/target model name/);
  });
});

describe("builders for existing schemas", () => {
  test("keys, native types, docs and default functions are plain data", () => {
    expect(t.string().id({ map: "pk" }).spec).toMatchObject({ id: "manual", default: null, idOptions: { map: "pk", sort: null, length: null, clustered: null } });
    expect(t.id("uuid").id().spec.id).toBe("uuid");
    expect(t.string().unique({ map: "uq", length: 10 }).spec.uniqueOptions).toEqual({ map: "uq", sort: null, length: 10, clustered: null });
    expect(t.json().index({ type: "Gin", ops: "JsonbPathOps" }).spec.indexOptions).toEqual({ map: null, sort: null, length: null, clustered: null, type: "Gin", ops: "JsonbPathOps" });
    expect(t.datetime().native("Timestamptz", 6).spec.native).toEqual({ name: "Timestamptz", args: [6] });
    expect(t.uuid().spec.native).toEqual({ name: "Uuid", args: [] });
    expect(t.string().doc("a\nb").ignore().spec).toMatchObject({ doc: "a\nb", ignore: true });
    expect(t.datetime().updatedAt().spec.updatedAt).toBe(true);
    expect(t.string().default(uuid(7)).spec.default).toEqual({ kind: "call", name: "uuid", args: [7] });
    expect(t.string().default(nanoid()).spec.default).toEqual({ kind: "call", name: "nanoid", args: [] });
    expect(t.string().default(ulid()).spec.default).toEqual({ kind: "call", name: "ulid", args: [] });
    expect(t.string().default(dbgenerated("gen_random_uuid()")).spec.default).toEqual({ kind: "call", name: "dbgenerated", args: ["gen_random_uuid()"] });
  });

  test("enumType carries database names; t.enum(type) copies them", () => {
    const Kind = enumType("Kind", ["A", "B"], { map: "kinds", values: { A: "a" }, schema: "s", doc: "d" });
    expect(t.enum(Kind).spec).toMatchObject({ enumName: "Kind", enumValues: ["A", "B"], enumOptions: { map: "kinds", valueMaps: { A: "a" }, schema: "s", doc: "d" } });
    expect(t.enum(enumType("Plain", ["x"])).spec.enumOptions).toBeNull();
  });

  test("belongsTo over declared fields, and model keys with options", () => {
    expect(t.belongsTo("Users", { foreignKey: "userId" }).spec).toMatchObject({ foreignKey: "userId", fields: null, references: null });
    expect(t.belongsTo("Owners", { foreignKey: ["a", "b"], references: ["x", "y"], map: "fk" }).spec).toMatchObject({ foreignKey: null, fields: ["a", "b"], references: ["x", "y"], map: "fk" });
    const m = model("Posts", { a: t.int(), b: t.string() }, { id: { fields: ["a", "b"], name: "ab", map: "posts_pk" }, indexes: [{ fields: [{ field: "b", sort: "desc" }], type: "Hash" }], unique: [["b"]], fulltext: [["b"]], schema: "s", doc: "d", ignore: true });
    expect(m).toMatchObject({ id: ["a", "b"], unique: [["b"]], indexes: [], schema: "s", doc: "d", ignore: true });
    expect(m.keys.map((k) => k.kind)).toEqual(["id", "index", "fulltext"]);
  });

  test("argument errors say what is expected", () => {
    expect(() => t.int().native("")).toThrow(/native type name/);
    expect(() => t.string().unique({ sort: "up" } as never)).toThrow(/"asc" or "desc"/);
    expect(() => t.json().index({ type: "Fast" } as never)).toThrow(/BTree, Hash, Gist, Gin, SpGist, Brin/);
    expect(() => enumType("K", ["a"], { values: { b: "x" } as never })).toThrow(/maps "b", which is not one of its values/);
    expect(() => t.belongsTo("Users", { foreignKey: [] })).toThrow(/non-empty list/);
    expect(() => model("P", { a: t.int() }, { id: { fields: [] } })).toThrow(/fields must not be empty/);
    expect(() => t.unsupported("")).toThrow(/tsvector/);
    expect(() => nanoid(1)).toThrow(/from 2 to 255/);
    expect(() => uuid(5 as never)).toThrow(/4 or 7/);
  });
});

describe("model()", () => {
  test("returns frozen plain data that survives JSON", () => {
    const m = model(
      "Orders",
      { id: t.id(), status: t.enum("OrderStatus", ["open", "done"]).default("open"), customer: t.belongsTo("Users", { onDelete: "cascade", optional: true }) },
      { table: "orders", unique: [["customer", "status"]], indexes: [["status"]], attributes: ['@@schema("sales")'] },
    );
    expect(isModel(m)).toBe(true);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    expect(Object.isFrozen(m) && Object.isFrozen(m.fields[0]) && Object.isFrozen(m.unique[0])).toBe(true);
    expect(m).toMatchObject({ kind: "backant.model", name: "Orders", table: "orders", id: null, unique: [["customer", "status"]], attributes: ['@@schema("sales")'] });
    expect(m.fields.map((f) => f.name)).toEqual(["id", "status", "customer"]);
    expect(m.fields[2]).toMatchObject({ kind: "relation", relation: "belongsTo", target: "Users", onDelete: "cascade", optional: true, foreignKey: null });
  });

  test("refuses fields that are not builders, naming the field", () => {
    expect(() => model("Orders", { id: t.id(), total: 5 } as never)).toThrow(/field "total" is not a t\.\* builder/);
    expect(() => model("Orders", { id: t.id() }, { indexes: [[1]] } as never)).toThrow(/indexes\[0\]/);
  });
});
