import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { parseFieldSpecs, type FieldSpec } from "../../src/scaffold/field-spec.js";
import { fieldCode, renderModelSource } from "../../src/scaffold/model-source.js";

const plain = { optional: false, list: false, unique: false, index: false };

const good: Array<[string, FieldSpec]> = [
  ["title:string", { kind: "scalar", name: "title", type: "string", ...plain }],
  ["title:string(200)", { kind: "scalar", name: "title", type: "string", length: 200, ...plain }],
  ["body:text", { kind: "scalar", name: "body", type: "text", ...plain }],
  ["qty:int", { kind: "scalar", name: "qty", type: "int", ...plain }],
  ["views:bigint", { kind: "scalar", name: "views", type: "bigint", ...plain }],
  ["ratio:float", { kind: "scalar", name: "ratio", type: "float", ...plain }],
  ["total:decimal", { kind: "scalar", name: "total", type: "decimal", ...plain }],
  ["total:decimal(10,2)", { kind: "scalar", name: "total", type: "decimal", precision: 10, scale: 2, ...plain }],
  ["total:decimal( 12 , 0 )", { kind: "scalar", name: "total", type: "decimal", precision: 12, scale: 0, ...plain }],
  ["paid:boolean", { kind: "scalar", name: "paid", type: "boolean", ...plain }],
  ["paidAt:datetime", { kind: "scalar", name: "paidAt", type: "datetime", ...plain }],
  ["day:date", { kind: "scalar", name: "day", type: "date", ...plain }],
  ["meta:json", { kind: "scalar", name: "meta", type: "json", ...plain }],
  ["file:bytes", { kind: "scalar", name: "file", type: "bytes", ...plain }],
  ["token:uuid", { kind: "scalar", name: "token", type: "uuid", ...plain }],
  ["slug:cuid", { kind: "scalar", name: "slug", type: "cuid", ...plain }],
  ["note:text?", { kind: "scalar", name: "note", type: "text", ...plain, optional: true }],
  ["note?:text", { kind: "scalar", name: "note", type: "text", ...plain, optional: true }],
  ["note:text:optional", { kind: "scalar", name: "note", type: "text", ...plain, optional: true }],
  ["tags:string[]", { kind: "scalar", name: "tags", type: "string", ...plain, list: true }],
  ["email:string(120):unique", { kind: "scalar", name: "email", type: "string", length: 120, ...plain, unique: true }],
  ["email:string(120)?:unique:index", { kind: "scalar", name: "email", type: "string", length: 120, ...plain, optional: true, unique: true, index: true }],
  ["views:int:index", { kind: "scalar", name: "views", type: "int", ...plain, index: true }],
  ["views:int:default(0)", { kind: "scalar", name: "views", type: "int", ...plain, default: { kind: "value", value: 0 } }],
  ["price:decimal(8,2):default(9.5)", { kind: "scalar", name: "price", type: "decimal", precision: 8, scale: 2, ...plain, default: { kind: "value", value: 9.5 } }],
  ["open:boolean:default(true)", { kind: "scalar", name: "open", type: "boolean", ...plain, default: { kind: "value", value: true } }],
  ["label:string:default(new item)", { kind: "scalar", name: "label", type: "string", ...plain, default: { kind: "value", value: "new item" } }],
  ["seenAt:datetime:default(now)", { kind: "scalar", name: "seenAt", type: "datetime", ...plain, default: { kind: "now" } }],
  ["status:enum(pending,paid)", { kind: "enum", name: "status", values: ["pending", "paid"], ...plain }],
  ["status:enum(pending, paid):default(paid)", { kind: "enum", name: "status", values: ["pending", "paid"], ...plain, default: "paid" }],
  ["roles:enum(admin,user)[]", { kind: "enum", name: "roles", values: ["admin", "user"], ...plain, list: true }],
  ["customer:belongsTo(Users)", { kind: "relation", name: "customer", relation: "belongsTo", target: "Users", optional: false, unique: false, index: false }],
  ["customer:belongsTo(Users)?", { kind: "relation", name: "customer", relation: "belongsTo", target: "Users", optional: true, unique: false, index: false }],
  ["profile:hasOne(Profiles)", { kind: "relation", name: "profile", relation: "hasOne", target: "Profiles", optional: false, unique: false, index: false }],
  ["lines:hasMany(OrderLines)", { kind: "relation", name: "lines", relation: "hasMany", target: "OrderLines", optional: false, unique: false, index: false }],
  ["labels:manyToMany(Labels)", { kind: "relation", name: "labels", relation: "manyToMany", target: "Labels", optional: false, unique: false, index: false }],
  ["id:id", { kind: "id", name: "id", strategy: "int" }],
  ["id:id(bigint)", { kind: "id", name: "id", strategy: "bigint" }],
  ["id:id(uuid)", { kind: "id", name: "id", strategy: "uuid" }],
  ["publishedAt:createdAt", { kind: "timestamp", name: "publishedAt", type: "createdAt" }],
  ["editedAt:updatedAt", { kind: "timestamp", name: "editedAt", type: "updatedAt" }],
  ["email:string:email", { kind: "scalar", name: "email", type: "string", ...plain, validations: [{ name: "email" }] }],
  ["site:text?:url", { kind: "scalar", name: "site", type: "text", ...plain, optional: true, validations: [{ name: "url" }] }],
  ["handle:string(30):minLength(3):maxLength(20)", { kind: "scalar", name: "handle", type: "string", length: 30, ...plain, validations: [{ name: "minLength", value: 3 }, { name: "maxLength", value: 20 }] }],
  ["age:int:min(13):max(130)", { kind: "scalar", name: "age", type: "int", ...plain, validations: [{ name: "min", value: 13 }, { name: "max", value: 130 }] }],
  ["score:float:min(-1.5)", { kind: "scalar", name: "score", type: "float", ...plain, validations: [{ name: "min", value: -1.5 }] }],
];

describe("validation modifiers", () => {
  it.each([
    ["age:int:email", /:email applies to string and text fields, not int/],
    ["name:string:min(1)", /:min applies to int and float fields, not string/],
    ["price:decimal(10,2):max(5)", /:max applies to int and float fields, not decimal/],
    ["age:int:min", /write :min\(n\)/],
    ["age:int:min(ten)", /:min\(n\) needs a number, got "ten"/],
    ["name:string:minLength(-1)", /the length of :minLength\(n\)/],
    ["name:string:email(x)", /":email" takes no arguments/],
    ["status:enum(a,b):email", /:email applies to string, text, int and float fields/],
    ["name:string:emaill", /did you mean ":email"/],
  ])("refuses %s", (text, message) => {
    expect(() => parseFieldSpecs(text)).toThrow(message);
  });

  it("renders them as the model DSL's methods, which the model then carries", () => {
    const [spec] = parseFieldSpecs("handle:string(30)?:unique:minLength(3):email");
    expect(fieldCode("Users", spec as FieldSpec)).toBe("t.string(30).optional().unique().minLength(3).email()");
  });
});

describe("parseFieldSpecs", () => {
  it.each(good)("parses %s", (text, expected) => {
    expect(parseFieldSpecs(text)).toEqual([expected]);
  });

  it("splits on whitespace and commas outside parentheses", () => {
    const specs = parseFieldSpecs("  title:string\n status:enum(a, b),total:decimal(10,2)\tnote:text? ");
    expect(specs.map((spec) => spec.name)).toEqual(["title", "status", "total", "note"]);
  });

  it("parses the brief's example in one go", () => {
    const text =
      "title:string total:decimal(10,2) status:enum(pending,paid) note:text? customer:belongsTo(Users) tags:string[] email:string(120):unique views:int:index";
    expect(parseFieldSpecs(text)).toHaveLength(8);
  });

  it("gives no fields for an empty string", () => {
    expect(parseFieldSpecs("   ")).toEqual([]);
  });

  const bad: Array<[string, RegExp]> = [
    ["title", /Malformed field spec "title": missing the type: write title:string/],
    ["title:", /Malformed field spec "title:": missing the type after ":"/],
    [":string", /Malformed field spec ":string": expected a field name/],
    ["title:strin", /Unknown type "strin" in field spec "title:strin"\. Did you mean "string"\?/],
    ["title:varchar", /Unknown type "varchar"/],
    ["total:decimal(10,", /Malformed field spec "total:decimal\(10,": missing "\)"/],
    ["total:decimal(10)", /decimal takes precision and scale/],
    ["total:decimal(2,5)", /the scale of decimal\(P,S\) cannot exceed its precision/],
    ["total:decimal(99,2)", /at most 65/],
    ["title:string(abc)", /the length of string\(N\) must be a whole number, not "abc"/],
    ["title:string(0)", /the length of string\(N\) must be at least 1/],
    ["qty:int(4)", /int takes no arguments/],
    ["title:string)", /unexpected "\)"/],
    ["status:enum", /an enum needs its values/],
    ["status:enum()", /an enum needs its values/],
    ["status:enum(a,a)", /enum value "a" is given twice/],
    ["status:enum(a-b)", /enum value "a-b" is not an identifier/],
    ["status:enum(a,b):default(c)", /the default "c" is not one of the enum values/],
    ["customer:belongsTo", /belongsTo needs the related model/],
    ["customer:belongsTo(users)", /the related model "users" is not a PascalCase model name/],
    ["customers:belongsTo(Users)[]", /belongsTo cannot be a list/],
    ["lines:hasMany(Lines)?", /apply to belongsTo only/],
    ["tags:string[]?", /a list cannot be optional/],
    ["tags:string?[]", /write "\[\]" before "\?"/],
    ["note?:text?", /"\?" given twice/],
    ["email:string:uniq", /unknown modifier ":uniq" \(did you mean ":unique"\?\)/],
    ["email:string:unique(1)", /":unique" takes no arguments/],
    ["email:string:", /missing a modifier after ":"/],
    ["qty:int:default(abc)", /the default of an int must be an integer/],
    ["open:boolean:default(yes)", /true or false/],
    ["at:datetime:default(yesterday)", /can only be now/],
    ["meta:json:default(1)", /cannot take :default/],
    ["id:id(serial)", /id takes one of int, bigint, uuid, cuid/],
    ["Title:string", /Invalid field name "Title".*camelCase.*did you mean "title"/],
    ["first_name:string", /Invalid field name "first_name".*did you mean "firstName"/],
    ["title:string title:text", /Duplicate field "title" in --fields/],
    ["title:string#", /unexpected "#"/],
    // A row's field named like Object.prototype's members meets the prototype in the generated code.
    ["constructor:string", /"constructor".*Object\.prototype/],
    ["toString:string", /Object\.prototype/],
    ["valueOf:int", /Object\.prototype/],
    ["__proto__:string", /field names are camelCase identifiers/],
    // The list route's paging keys cannot be filters.
    ["page:int", /uses \?page for paging and sorting/],
    ["pageSize:int", /\?pageSize/],
    ["sort:string", /\?sort/],
    ["order:string", /\?order/],
    ["sort:enum(a,b)", /\?sort/],
    ["a".repeat(64) + ":string", /column name would be 64 characters long/],
  ];

  it.each(bad)("refuses %s", (text, message) => {
    let thrown: unknown;
    try {
      parseFieldSpecs(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).exitCode).toBe(2);
    expect((thrown as InputError).message).toMatch(message);
  });
});

describe("fieldCode", () => {
  const cases: Array<[string, string]> = [
    ["title:string", "t.string()"],
    ["title:string(200)", "t.string(200)"],
    ["total:decimal(10,2)", "t.decimal(10, 2)"],
    ["note:text?", "t.text().optional()"],
    ["tags:string[]", "t.list(t.string())"],
    ["email:string(120):unique", "t.string(120).unique()"],
    ["views:int:index:default(0)", "t.int().index().default(0)"],
    ["status:enum(pending,paid):default(pending)", 't.enum("OrdersStatus", ["pending", "paid"]).default("pending")'],
    ["customer:belongsTo(Users)", 't.belongsTo("Users")'],
    ["customer:belongsTo(Users)?", 't.belongsTo("Users", { optional: true })'],
    ["lines:hasMany(OrderLines)", 't.hasMany("OrderLines")'],
    ["token:uuid:unique", "t.string().default(uuid()).unique()"],
    ["seenAt:datetime?:default(now)", "t.datetime().optional().default(now())"],
    ['label:string:default("hello")', 't.string().default("hello")'],
    ["id:id(cuid)", 't.id("cuid")'],
  ];
  it("gives belongsTo the key type of a target whose id is not an Int", () => {
    const [spec] = parseFieldSpecs("owner:belongsTo(Accounts)?");
    expect(fieldCode("Orders", spec as FieldSpec, { Accounts: "string" })).toBe('t.belongsTo("Accounts", { optional: true, keyType: "string" })');
  });

  it.each(cases)("renders %s as %s", (text, code) => {
    const [spec] = parseFieldSpecs(text);
    expect(fieldCode("Orders", spec as FieldSpec)).toBe(code);
  });
});

describe("renderModelSource", () => {
  it("adds id, createdAt and updatedAt around the given fields and imports what the code uses", () => {
    const source = renderModelSource("Orders", parseFieldSpecs("token:uuid status:enum(a,b) at:datetime:default(now)"));
    expect(source).toBe(
      [
        'import { model, t, now, uuid } from "backant/model";',
        "",
        'export default model("Orders", {',
        "  id: t.id(),",
        "  token: t.string().default(uuid()),",
        '  status: t.enum("OrdersStatus", ["a", "b"]),',
        "  at: t.datetime().default(now()),",
        "  createdAt: t.createdAt(),",
        "  updatedAt: t.updatedAt(),",
        "});",
        "",
      ].join("\n"),
    );
  });

  it("uses the given id in place of the default one", () => {
    const source = renderModelSource("Tags", parseFieldSpecs("label:string id:id(uuid)"));
    expect(source).toContain('  id: t.id("uuid"),\n  label: t.string(),\n');
    expect(source.match(/ id: /g)).toHaveLength(1);
  });
});
