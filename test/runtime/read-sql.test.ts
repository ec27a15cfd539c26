import { describe, expect, it } from "vitest";
import { model, t } from "../../src/model/index.js";
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
      { name: "id", type: "int", list: false },
      { name: "unitPrice", type: "decimal", list: false },
      { name: "note", type: "text", list: false },
      { name: "orderId", type: "int", list: false },
      { name: "label", type: "string", list: false },
      { name: "createdAt", type: "datetime", list: false },
      { name: "updatedAt", type: "datetime", list: false },
    ]);
    const Users = model("Users", { id: t.id("uuid"), tags: t.list(t.string()) });
    expect(readSqlOf(Users, "postgresql", [{ name: "teamsId", keyType: "bigint", optional: true }])!.fields).toEqual([
      { name: "id", type: "string", list: false },
      { name: "tags", type: "string", list: true },
      { name: "teamsId", type: "bigint", list: false },
    ]);
  });

  it("leaves a model with an enum list to the Prisma API (PostgreSQL sends enum arrays as unparsed text)", () => {
    const Events = model("Events", { id: t.id(), payload: t.json(), kinds: t.list(t.enum("Kind", ["a", "b"])) });
    expect(readSqlOf(Events, "postgresql")).toBeNull();
    expect(readSqlOf(model("Events", { id: t.id(), payload: t.json() }), "sqlite")).not.toBeNull();
  });
});
