import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { model, t } from "../../src/model/index.js";
import { jsonRowConverter, listRequestParser, prismaInputConverter, resourceSchemas, scalarSelect, type ListQuery } from "../../src/runtime/index.js";

// ajv-formats comes with fastify (its ajv compiler uses it): the same formats the generated app checks.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** ajv configured as the generated app configures Fastify's: unknown fields are errors, not dropped. */
function validator(schema: object, part: "body" | "query" = "body") {
  // As the generated app: bodies are not coerced (null stays null, 5 is not "5"); query strings and params are.
  const ajv = new Ajv({ removeAdditional: false, allErrors: true, coerceTypes: part === "body" ? false : "array", useDefaults: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (value: unknown) => {
    const copy = structuredClone(value);
    const ok = validate(copy);
    return { ok, value: copy, errors: (validate.errors ?? []).map((e) => `${e.instancePath}:${e.keyword}:${(e.params as Record<string, string>).missingProperty ?? (e.params as Record<string, string>).additionalProperty ?? ""}`) };
  };
}

const Users = model("Users", {
  id: t.id(),
  email: t.string(120).unique(),
  name: t.string(),
  bio: t.text().optional(),
  age: t.int().optional(),
  active: t.boolean().default(true),
  createdAt: t.createdAt(),
  updatedAt: t.updatedAt(),
});

const Everything = model("Everything", {
  id: t.id("uuid"),
  big: t.bigint(),
  price: t.decimal(10, 2),
  ratio: t.float(),
  at: t.datetime(),
  day: t.date(),
  data: t.json(),
  blob: t.bytes(),
  status: t.enum("Status", ["draft", "live"]).default("draft"),
  owner: t.belongsTo("Users"),
  reviewer: t.belongsTo("Users", { optional: true, foreignKey: "checkedBy", relationName: "Reviews" }),
  account: t.belongsTo("Accounts", { keyType: "string" }),
  tags: t.list(t.string()),
  children: t.hasMany("Children"),
});

describe("resourceSchemas: create bodies", () => {
  const s = resourceSchemas(Users);
  const check = validator(s.createBody);

  it("accepts a body with the required fields and fills defaults for nothing else", () => {
    const result = check({ email: "a@example.com", name: "Ada" });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.value).toEqual({ email: "a@example.com", name: "Ada" });
  });

  it("requires fields without defaults and names each missing one", () => {
    const result = check({});
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual(expect.arrayContaining([":required:email", ":required:name"]));
  });

  it("refuses unknown fields, relation fields and managed fields", () => {
    expect(check({ email: "a@example.com", name: "A", nickname: "x" }).errors).toContain(":additionalProperties:nickname");
    // autoincrement ids and @updatedAt are set by the database and the client
    expect(check({ email: "a@example.com", name: "A", id: 3 }).errors).toContain(":additionalProperties:id");
    expect(check({ email: "a@example.com", name: "A", updatedAt: "2024-01-01T00:00:00Z" }).errors).toContain(":additionalProperties:updatedAt");
    // createdAt is the server's too: a client could backdate rows
    expect(check({ email: "a@example.com", name: "A", createdAt: "2024-01-01T00:00:00Z" }).errors).toContain(":additionalProperties:createdAt");
    expect(validator(s.updateBody)({ createdAt: "2024-01-01T00:00:00Z" }).errors).toContain(":additionalProperties:createdAt");
  });

  it("checks types, lengths and nulls", () => {
    expect(check({ email: "x".repeat(121), name: "A" }).errors).toContain("/email:maxLength:");
    expect(check({ email: "a@example.com", name: "A", age: 1.5 }).errors).toContain("/age:type:");
    expect(check({ email: "a@example.com", name: "A", age: 2 ** 31 }).errors).toContain("/age:maximum:");
    expect(check({ email: "a@example.com", name: "A", bio: null, age: null }).ok).toBe(true);
    expect(check({ email: null, name: "A" }).ok).toBe(false);
  });
});

describe("resourceSchemas: update bodies, params and lists", () => {
  const s = resourceSchemas(Users);

  it("makes every field optional, needs at least one, and refuses the id", () => {
    const check = validator(s.updateBody);
    expect(check({ name: "B" }).ok).toBe(true);
    expect(check({}).errors).toEqual([":minProperties:"]);
    expect(check({ id: 2 }).errors).toContain(":additionalProperties:id");
    expect(check({ nope: 1 }).errors).toContain(":additionalProperties:nope");
  });

  it("types the id param per strategy", () => {
    expect(validator(s.params!, "query")({ id: "12" })).toMatchObject({ ok: true, value: { id: 12 } });
    expect(validator(s.params!, "query")({ id: "x" }).ok).toBe(false);
    const uuid = validator(resourceSchemas(Everything).params!, "query");
    expect(uuid({ id: "6f1c1c1e-8f3a-4c1e-9b9a-0d6a3b2c1d0e" }).ok).toBe(true);
    expect(uuid({ id: "12" }).ok).toBe(false);
  });

  it("validates the list query: page size cap, sort fields, order, filters", () => {
    const check = validator(s.listQuery, "query");
    expect(check({})).toMatchObject({ ok: true, value: { page: 1, pageSize: 20, order: "asc", total: false } });
    expect(check({ pageSize: "101" }).errors).toContain("/pageSize:maximum:");
    expect(check({ page: "0" }).errors).toContain("/page:minimum:");
    // "1e308" is a whole number to JSON Schema: the bound keeps the OFFSET one a database takes
    for (const page of ["1e308", "999999999999999999", "1000001"]) expect(check({ page }).errors, page).toContain("/page:maximum:");
    expect(check({ page: "1000000" }).ok).toBe(true);
    expect(check({ sort: "email", order: "desc", email: "a@example.com", active: "true" })).toMatchObject({ ok: true, value: { sort: "email", active: true } });
    expect(check({ sort: "password" }).errors).toContain("/sort:enum:");
    expect(check({ order: "sideways" }).errors).toContain("/order:enum:");
    expect(check({ color: "red" }).errors).toContain(":additionalProperties:color");
  });

  it("describes rows and pages", () => {
    expect(s.row).toMatchObject({ required: ["id", "email", "name", "bio", "age", "active", "createdAt", "updatedAt"] });
    expect(s.listResponse).toMatchObject({ required: ["data", "page", "pageSize", "hasMore"] });
    expect(s.idField).toBe("id");
    expect(scalarSelect(s.columns)).toEqual({ id: true, email: true, name: true, bio: true, age: true, active: true, createdAt: true, updatedAt: true });
  });
});

describe("resourceSchemas: every scalar type and foreign keys", () => {
  const s = resourceSchemas(Everything);
  const good = {
    big: "9007199254740993",
    price: "12.50",
    ratio: 0.25,
    at: "2024-05-01T10:00:00.000Z",
    day: "2024-05-01",
    data: { any: ["json", 1, null] },
    blob: Buffer.from("hi").toString("base64"),
    ownerId: 1,
    accountId: "acc_1",
    tags: ["a", "b"],
  };

  it("accepts honest JSON forms of every type", () => {
    const result = validator(s.createBody)(good);
    expect(result.errors).toEqual([]);
  });

  it("includes foreign keys (foreignKey names them, keyType types them), not relation fields", () => {
    const props = Object.keys((s.createBody as { properties: object }).properties);
    expect(props).toEqual(expect.arrayContaining(["ownerId", "checkedBy", "accountId"]));
    expect(props).not.toContain("owner");
    expect(props).not.toContain("children");
    expect((s.createBody as { required: string[] }).required).toEqual(expect.arrayContaining(["ownerId", "accountId"]));
    expect((s.createBody as { required: string[] }).required).not.toContain("checkedBy");
    // a uuid id may be given by the client, not required
    expect((s.createBody as { required: string[] }).required).not.toContain("id");
  });

  it("refuses values of the wrong form", () => {
    const check = validator(s.createBody);
    expect(check({ ...good, price: "12,50" }).errors).toContain("/price:pattern:");
    expect(check({ ...good, big: "1e3" }).errors).toContain("/big:pattern:");
    // what the column holds without overflow or rounding: decimal(10, 2), a signed 64-bit bigint
    for (const price of ["123456789012.999", "123456789.5", "1.999", ".5", "1."]) expect(check({ ...good, price }).errors, price).toContain("/price:pattern:");
    for (const price of ["12345678.99", "-0.5", "007.10", "3.5000"]) expect(check({ ...good, price }).errors, price).toEqual([]);
    for (const big of ["9223372036854775808", "-9223372036854775809", "99999999999999999999"]) expect(check({ ...good, big }).errors, big).toContain("/big:pattern:");
    for (const big of ["9223372036854775807", "-9223372036854775808", "0"]) expect(check({ ...good, big }).errors, big).toEqual([]);
    expect(check({ ...good, day: "2024-05-01T00:00:00Z" }).errors).toContain("/day:format:");
    expect(check({ ...good, at: "yesterday" }).errors).toContain("/at:format:");
    expect(check({ ...good, status: "archived" }).errors).toContain("/status:enum:");
    expect(check({ ...good, tags: "a" }).errors).toContain("/tags:type:");
    expect(check({ ...good, ratio: "0.5" }).errors).toContain("/ratio:type:");
  });

  it("leaves json and bytes out of filters and sorting", () => {
    const query = s.listQuery as { properties: Record<string, unknown> & { sort: { enum: string[] } } };
    expect(query.properties.sort.enum).not.toContain("data");
    expect(query.properties.sort.enum).not.toContain("blob");
    expect(query.properties.sort.enum).not.toContain("tags");
    expect(query.properties.sort.enum).toContain("ownerId");
  });

  it("adds generated foreign keys the scaffold passes in", () => {
    const Children = model("Children", { id: t.id(), name: t.string() });
    const withFk = resourceSchemas(Children, { foreignKeys: [{ name: "everythingId", keyType: "string", optional: true }] });
    expect(Object.keys((withFk.createBody as { properties: object }).properties)).toEqual(["name", "everythingId"]);
  });
});

describe("converters", () => {
  const s = resourceSchemas(Everything);

  it("turns JSON values into what the Prisma client takes", () => {
    const toPrisma = prismaInputConverter(s.columns);
    const out = toPrisma({ big: "9007199254740993", day: "2024-05-01", at: "2024-05-01T10:00:00.000Z", blob: "aGk=", price: "1.50", ownerId: 1 });
    expect(out.big).toBe(9007199254740993n);
    expect(out.day).toEqual(new Date("2024-05-01T00:00:00.000Z"));
    expect(out.at).toBe("2024-05-01T10:00:00.000Z");
    expect(Buffer.from(out.blob as unknown as Uint8Array).toString()).toBe("hi");
    expect(out.price).toBe("1.50");
  });

  it("costs nothing for models without such columns", () => {
    const body = { email: "a@example.com" };
    expect(prismaInputConverter(resourceSchemas(Users).columns)(body)).toBe(body);
    expect(jsonRowConverter(resourceSchemas(Users).columns)).toBeNull();
  });

  it("writes calendar dates and bytes as JSON", () => {
    const toJson = jsonRowConverter(s.columns)!;
    expect(toJson({ day: new Date("2024-05-01T00:00:00.000Z"), blob: new Uint8Array([104, 105]), big: 1n })).toEqual({ day: "2024-05-01", blob: "aGk=", big: "1" });
    // a Decimal-like value keeps the column's scale
    expect(toJson({ price: { toFixed: (d: number) => (3.5).toFixed(d), toString: () => "3.5" } })).toMatchObject({ price: "3.50" });
  });

  it("splits a list query into where, orderBy and the page", () => {
    const parse = listRequestParser(resourceSchemas(Users).columns);
    expect(parse({ page: 2, pageSize: 10, order: "asc", total: false, email: "a@example.com" } as ListQuery)).toEqual({
      page: 2,
      pageSize: 10,
      total: false,
      where: { email: "a@example.com" },
      orderBy: { id: "asc" },
    });
    expect(parse({ page: 1, pageSize: 20, order: "desc", sort: "name", total: true } as ListQuery)).toMatchObject({ orderBy: { name: "desc" }, where: {}, total: true });
  });
});

describe("decimal and bigint patterns", () => {
  it("take exactly the decimals a decimal(p, s) column holds without rounding or overflow", async () => {
    const fc = (await import("fast-check")).default;
    const { decimalPattern } = await import("../../src/runtime/json-types.js");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.stringMatching(/^-?[0-9]{1,24}(\.[0-9]{1,24})?$/), (p, rawScale, text) => {
        const scale = Math.min(rawScale, p);
        const [whole = "", fraction = ""] = text.replace(/^-/, "").split(".");
        const fits = whole.replace(/^0+(?=.)/, "").replace(/^0$/, "").length <= p - scale && fraction.replace(/0+$/, "").length <= scale;
        expect(new RegExp(decimalPattern(p, scale), "u").test(text), `${text} in decimal(${p},${scale})`).toBe(fits);
      }),
      { numRuns: 500 },
    );
  });

  it("takes exactly the signed 64-bit integers", async () => {
    const fc = (await import("fast-check")).default;
    const { BIGINT_PATTERN } = await import("../../src/runtime/json-types.js");
    const pattern = new RegExp(BIGINT_PATTERN, "u");
    const near = fc.oneof(fc.bigInt(), fc.bigInt({ min: 2n ** 63n - 1000n, max: 2n ** 63n + 1000n }), fc.bigInt({ min: -(2n ** 63n) - 1000n, max: -(2n ** 63n) + 1000n }));
    fc.assert(
      fc.property(near, (value) => {
        expect(pattern.test(String(value)), String(value)).toBe(value >= -(2n ** 63n) && value < 2n ** 63n);
      }),
      { numRuns: 1000 },
    );
  });
});
