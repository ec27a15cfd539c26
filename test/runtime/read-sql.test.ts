import { describe, expect, it } from "vitest";
import { enumType, model, t } from "../../src/model/index.js";
import { readSqlOf } from "../../src/runtime/read-sql.js";

describe("readSqlOf", () => {
  const OrderLines = model("OrderLines", {
    id: t.id(),
    unitPrice: t.decimal(10, 2),
    note: t.text().optional(),
    order: t.belongsTo("Orders"),
    label: t.string().map("line_label"),
    createdAt: t.createdAt(),
    updatedAt: t.updatedAt(),
  });

  it("selects every column under its field name, in each database's quoting", () => {
    const pg = readSqlOf(OrderLines, "postgresql")!;
    expect(pg.select).toBe(
      'SELECT "id", "unit_price" AS "unitPrice", "note", "order_id" AS "orderId", "line_label" AS "label", "created_at" AS "createdAt", "updated_at" AS "updatedAt" FROM "order_lines"',
    );
    expect(pg.id).toBe('"id"');
    expect(pg.placeholder).toBe("$");
    const mysql = readSqlOf(OrderLines, "mysql")!;
    expect(mysql.select.startsWith("SELECT `id`, `unit_price` AS `unitPrice`")).toBe(true);
    expect(mysql.columns.unitPrice).toBe("`unit_price`");
    expect(readSqlOf(OrderLines, "sqlite")!.placeholder).toBe("?");
  });

  it("follows a .map() rename and a @@map table, and adds generated foreign keys", () => {
    const Users = model("Users", { id: t.id("uuid"), name: t.string().map("full_name") }, { table: "people" });
    const sql = readSqlOf(Users, "postgresql", [{ name: "teamsId", keyType: "int", optional: true }])!;
    expect(sql.select).toBe('SELECT "id", "full_name" AS "name", "teams_id" AS "teamsId" FROM "people"');
    expect(sql.columns.name).toBe('"full_name"');
  });

  it("gives none for a composite key (those reads stay on the Prisma API)", () => {
    const Pairs = model("Pairs", { a: t.int(), b: t.int() }, { id: ["a", "b"] });
    expect(readSqlOf(Pairs, "sqlite")).toBeNull();
  });

  it("gives each selected field its type, foreign keys theirs", () => {
    const sql = readSqlOf(OrderLines, "sqlite")!;
    expect(sql.idField).toBe("id");
    expect(sql.fields).toEqual([
      { name: "id", type: "int", list: false, onCreate: null },
      { name: "unitPrice", type: "decimal", list: false, onCreate: null },
      { name: "note", type: "text", list: false, onCreate: null },
      { name: "orderId", type: "int", list: false, onCreate: null },
      { name: "label", type: "string", list: false, onCreate: null },
      { name: "createdAt", type: "datetime", list: false, onCreate: "now" },
      { name: "updatedAt", type: "datetime", list: false, onCreate: "now" },
    ]);
    expect(sql.table).toBe('"order_lines"');
    expect(sql.returning).toBe(sql.select.slice("SELECT ".length, -' FROM "order_lines"'.length));
    expect(sql.insertable).toBe(true);
    const Users = model("Users", { id: t.id("uuid"), tags: t.list(t.string()) });
    const users = readSqlOf(Users, "postgresql", [{ name: "teamsId", keyType: "bigint", optional: true }])!;
    expect(users.fields).toEqual([
      { name: "id", type: "string", list: false, onCreate: "uuid" },
      { name: "tags", type: "string", list: true, onCreate: null },
      { name: "teamsId", type: "bigint", list: false, onCreate: null },
    ]);
    // a list column is the client's to write
    expect(users.insertable).toBe(false);
  });

  it("leaves creates to the client where it computes values itself: cuid(), default functions of its own, json", () => {
    const insertable = (fields: Parameters<typeof model>[1]) => readSqlOf(model("Things", fields), "postgresql")!.insertable;
    expect(insertable({ id: t.id(), n: t.int().default(3), at: t.createdAt(), at2: t.updatedAt() })).toBe(true);
    expect(insertable({ id: t.id("cuid") })).toBe(false);
    expect(insertable({ id: t.id(), data: t.json().optional() })).toBe(false);
  });

  it("leaves a model with an enum list or mapped enum values to the Prisma API", () => {
    const Events = model("Events", { id: t.id(), payload: t.json(), kinds: t.list(t.enum("Kind", ["a", "b"])) });
    expect(readSqlOf(Events, "postgresql")).toBeNull();
    const Mapped = enumType("Mapped", ["a", "b"], { values: { a: "A_IN_DB" } });
    expect(readSqlOf(model("Events", { id: t.id(), kind: t.enum(Mapped) }), "sqlite")).toBeNull();
    expect(readSqlOf(model("Events", { id: t.id(), kind: t.enum(enumType("Plain", ["a", "b"])) }), "sqlite")).not.toBeNull();
    expect(readSqlOf(model("Events", { id: t.id(), payload: t.json() }), "sqlite")).not.toBeNull();
  });
});
