import { describe, expectTypeOf, test } from "vitest";
import { enumType, model, t, now, type DecimalValue, type InferRow, type JsonValue } from "../../src/model/index.js";

/**
 * Type-level tests: checked by `npm run typecheck` (tsc over test/). The @ts-expect-error lines
 * fail the type check if the DSL ever accepts them, so the inference can fail in both directions.
 */
const Orders = model("Orders", {
  id: t.id(),
  title: t.string(200),
  body: t.text().optional(),
  qty: t.int(),
  views: t.bigint(),
  ratio: t.float(),
  total: t.decimal(10, 2),
  paid: t.boolean(),
  paidAt: t.datetime().optional(),
  day: t.date(),
  meta: t.json(),
  file: t.bytes().optional(),
  status: t.enum("OrderStatus", ["pending", "paid"]).default("pending"),
  tags: t.list(t.string()),
  customer: t.belongsTo("Users", { onDelete: "cascade" }),
  seller: t.belongsTo("Users", { relationName: "OrderSeller", optional: true, keyType: "string", foreignKey: "sellerUuid" }),
  big: t.belongsTo("Accounts", { keyType: "bigint" }).optional(),
  lines: t.hasMany("OrderLines"),
  profile: t.hasOne("Profiles"),
  labels: t.manyToMany("Labels"),
  createdAt: t.createdAt(),
  updatedAt: t.updatedAt(),
});

type Order = InferRow<typeof Orders>;

describe("InferRow", () => {
  test("maps every field kind to its row type", () => {
    expectTypeOf<Order>().toEqualTypeOf<{
      id: number;
      title: string;
      body: string | null;
      qty: number;
      views: bigint;
      ratio: number;
      total: DecimalValue;
      paid: boolean;
      paidAt: Date | null;
      day: Date;
      meta: JsonValue;
      file: Uint8Array | null;
      status: "pending" | "paid";
      tags: string[];
      customerId: number;
      sellerUuid: string | null;
      bigId: bigint | null;
      createdAt: Date;
      updatedAt: Date;
    }>();
  });

  test("id strategies", () => {
    const U = model("Users", { id: t.id("uuid") });
    const C = model("Labels", { id: t.id("cuid") });
    const B = model("Accounts", { id: t.id("bigint") });
    expectTypeOf<InferRow<typeof U>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<InferRow<typeof C>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<InferRow<typeof B>>().toEqualTypeOf<{ id: bigint }>();
  });

  test("a belongsTo over declared foreign key fields adds no column; shared enums and .id() keep their types", () => {
    const Role = enumType("Role", ["USER", "ADMIN"], { map: "role" });
    const Posts = model("Posts", {
      slug: t.string().id(),
      authorId: t.uuid().optional(),
      author: t.belongsTo("Users", { foreignKey: "authorId", optional: true }),
      tenant: t.string(),
      code: t.int(),
      owner: t.belongsTo("Owners", { foreignKey: ["tenant", "code"], references: ["tenant", "code"] }),
      role: t.enum(Role).default("USER"),
      vector: t.unsupported("tsvector").optional(),
    });
    expectTypeOf<InferRow<typeof Posts>>().toEqualTypeOf<{ slug: string; authorId: string | null; tenant: string; code: number; role: "USER" | "ADMIN" }>();
  });

  test("relations other than belongsTo are not columns", () => {
    // @ts-expect-error hasMany adds nothing to the row
    expectTypeOf<Order["lines"]>().toBeNever();
    expectTypeOf<Order>().not.toHaveProperty("lines");
    expectTypeOf<Order>().not.toHaveProperty("customer");
  });

  test("defaults are typed by the field", () => {
    t.int().default(3);
    t.datetime().default(now());
    t.enum("S", ["a", "b"]).default("b");
    // @ts-expect-error an enum default must be one of its values
    t.enum("S", ["a", "b"]).default("c");
    // @ts-expect-error a string is not an int default
    t.int().default("3");
    t.decimal(10, 2).default("9.99");
    t.bigint().default(10n);
    t.datetime().default("2024-01-01T00:00:00Z");
    // Never called: t.list() would throw at run time too.
    const listOfOptional = () =>
      // @ts-expect-error t.list takes a builder without .optional()
      t.list(t.int().optional());
    void listOfOptional;
    // @ts-expect-error InferRow of something that is not a model is never usable as a row
    const notARow: InferRow<{ name: string }> = { name: "x" };
    void notARow;
  });
});
