import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { model, t } from "../../src/model/index.js";
import { idFromParam, includeSelect, jsonRowConverter, listRequestParser, parseQueryString, prismaInputConverter, resourceSchemas, rowToJson, scalarSelect, type ListQuery } from "../../src/runtime/index.js";

// ajv-formats comes with fastify (its ajv compiler uses it): the same formats the generated app checks.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** ajv configured as the generated app configures Fastify's: unknown fields are errors, not dropped. */
function validator(schema: object, part: "body" | "query" = "body") {
  // As the generated app: bodies are not coerced (null stays null, 5 is not "5"); query strings and params are.
  const ajv = new Ajv({ removeAdditional: false, allErrors: true, coerceTypes: part === "body" ? false : "array", useDefaults: true, ...(part === "body" ? { multipleOfPrecision: 9 } : {}) });
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
    expect(parse({ page: 2, pageSize: 10, order: "asc", total: false, email: "a@example.com" } as ListQuery)).toMatchObject({
      page: 2,
      pageSize: 10,
      total: false,
      where: { email: { equals: "a@example.com" } },
      orderBy: [{ id: "asc" }],
      include: undefined,
    });
    // the id breaks ties, so rows with the same name keep one order across pages
    expect(parse({ page: 1, pageSize: 20, order: "desc", sort: "name", total: true } as ListQuery)).toMatchObject({ orderBy: [{ name: "desc" }, { id: "desc" }], where: {}, total: true });
  });

  it("orders a model with a composite @@id by its key (in the key's order, which its index backs), and breaks ties of a sort with it", () => {
    const Memberships = model(
      "Memberships",
      { role: t.string(20), userId: t.int(), teamId: t.int(), joinedAt: t.datetime() },
      { id: ["teamId", "userId"] },
    );
    const parse = listRequestParser(resourceSchemas(Memberships).columns);
    expect(parse({ page: 1, pageSize: 20, order: "asc", total: false } as ListQuery).orderBy).toEqual([{ teamId: "asc" }, { userId: "asc" }]);
    expect(parse({ page: 1, pageSize: 20, order: "desc", sort: "role", total: false } as ListQuery).orderBy).toEqual([{ role: "desc" }, { teamId: "desc" }, { userId: "desc" }]);
    expect(parse({ page: 1, pageSize: 20, order: "asc", sort: "userId", total: false } as ListQuery).orderBy).toEqual([{ userId: "asc" }, { teamId: "asc" }]);
    // without any key, the first sortable column, as before
    const Logs = model("Logs", { line: t.text(), at: t.datetime() }, { ignore: false });
    expect(listRequestParser(resourceSchemas(Logs).columns)({ page: 1, pageSize: 20, order: "asc", total: false } as ListQuery).orderBy).toEqual([{ line: "asc" }]);
  });
});

describe("idFromParam", () => {
  it("turns a bigint id's digits into a BigInt and leaves other ids alone", () => {
    expect(idFromParam<bigint>(resourceSchemas(model("Big", { id: t.id("bigint") })).columns)("9007199254740993")).toBe(9007199254740993n);
    expect(idFromParam<number>(resourceSchemas(Users).columns)(7)).toBe(7);
  });
});

describe("keyset pagination (?after=)", () => {
  const parse = listRequestParser(resourceSchemas(Users).columns);
  const base = { page: 1, pageSize: 2, order: "asc", total: false } as ListQuery;

  it("continues after the last row's id, or its (sort value, id), in the list's direction", () => {
    const byId = parse(base);
    const after = byId.cursorOf!({ id: 7, name: "Ada" });
    expect(parse({ ...base, after }).where).toEqual({ id: { gt: 7 } });
    expect(parse({ ...base, order: "desc", after }).where).toEqual({ id: { lt: 7 } });
    const at = new Date("2024-05-01T10:00:00.000Z");
    const cursor = parse({ ...base, sort: "createdAt" }).cursorOf!({ id: 7, createdAt: at });
    expect(parse({ ...base, sort: "createdAt", after: cursor, name: "Ada" } as ListQuery).where).toEqual({
      AND: [{ name: { equals: "Ada" } }, { OR: [{ createdAt: { gt: "2024-05-01T10:00:00.000Z" } }, { createdAt: { equals: "2024-05-01T10:00:00.000Z" }, id: { gt: 7 } }] }],
    });
  });

  it("refuses a cursor it did not write, a cursor with ?page=, and a sort on a nullable field, as 400s", () => {
    const error = (query: Partial<ListQuery>) => {
      try {
        parse({ ...base, ...query } as ListQuery);
      } catch (e) {
        return { statusCode: (e as { statusCode?: number }).statusCode, code: (e as { code?: string }).code, message: (e as Error).message };
      }
      return null;
    };
    expect(error({ after: "not-a-cursor" })).toMatchObject({ statusCode: 400, code: "BAD_CURSOR", message: expect.stringContaining("is not a cursor of this list") });
    expect(error({ after: Buffer.from(JSON.stringify([1, 2])).toString("base64url") })).toMatchObject({ code: "BAD_CURSOR" });
    // forged values of the wrong form: 400s here, never a query the database refuses
    const forged = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString("base64url");
    for (const values of [["a"], [1.5], [null], [{}], [2 ** 60]]) expect(error({ after: forged(values) }), JSON.stringify(values)).toMatchObject({ code: "BAD_CURSOR" });
    for (const values of [["yesterday", 1], [1, 1]]) expect(error({ sort: "createdAt", after: forged(values) }), JSON.stringify(values)).toMatchObject({ code: "BAD_CURSOR" });
    expect(error({ sort: "createdAt", after: forged(["2024-05-01T10:00:00.000Z", 3]) })).toBeNull();
    const uuids = listRequestParser(resourceSchemas(model("Tags", { id: t.id("uuid"), label: t.string() })).columns);
    expect(() => uuids({ ...base, after: forged(["not-a-uuid"]) })).toThrow(/is not a cursor of this list/);
    expect(uuids({ ...base, after: forged(["6f1c1c1e-8f3a-4c1e-9b9a-0d6a3b2c1d0e"]) }).where).toEqual({ id: { gt: "6f1c1c1e-8f3a-4c1e-9b9a-0d6a3b2c1d0e" } });
    expect(error({ after: parse(base).cursorOf!({ id: 1 }), page: 2 })).toMatchObject({ code: "BAD_CURSOR", message: expect.stringContaining("do not go together") });
    expect(error({ sort: "bio", after: "x" })).toMatchObject({ code: "BAD_CURSOR", message: expect.stringContaining("never null") });
    expect(parse({ ...base, sort: "bio" }).cursorOf).toBeNull();
  });

  it("converts bigint and calendar-date cursors back to the client's values", () => {
    const Events = model("Events", { id: t.id("bigint"), day: t.date() });
    const p = listRequestParser(resourceSchemas(Events).columns);
    const cursor = p({ ...base, sort: "day" }).cursorOf!({ id: 9007199254740993n, day: new Date("2024-05-01T00:00:00.000Z") });
    expect(p({ ...base, sort: "day", after: cursor }).where).toEqual({ OR: [{ day: { gt: new Date("2024-05-01T00:00:00.000Z") } }, { day: { equals: new Date("2024-05-01T00:00:00.000Z") }, id: { gt: 9007199254740993n } }] });
  });
});

describe("filter operators", () => {
  const Orders = model("Orders", {
    id: t.id(),
    total: t.decimal(10, 2),
    quantity: t.int(),
    status: t.enum("Status", ["pending", "paid", "shipped"]),
    note: t.text().optional(),
    big: t.bigint(),
    day: t.date(),
    paid: t.boolean(),
    customer: t.belongsTo("Customers"),
  });
  const s = resourceSchemas(Orders);
  const check = validator(s.listQuery, "query");

  it("offers each type its operators, checked against the column's type", () => {
    const props = Object.keys((s.listQuery as { properties: object }).properties);
    expect(props).toEqual(expect.arrayContaining(["total[gte]", "total[lt]", "total[in]", "quantity[gt]", "status[in]", "note[contains]", "note[startsWith]", "day[lte]", "customerId[in]"]));
    // no order on enums and booleans, no substrings on numbers
    for (const absent of ["status[gt]", "paid[in]", "paid[gt]", "quantity[contains]", "status[contains]"]) expect(props).not.toContain(absent);
    // "total" is the count control, yet sorts and takes operators
    expect((s.listQuery as { properties: { total: object } }).properties.total).toMatchObject({ type: "boolean" });
    expect((s.listQuery as { properties: { sort: { enum: string[] } } }).properties.sort.enum).toContain("total");

    expect(check({ "total[gte]": "10", "quantity[lt]": "5", "status[in]": ["paid", "shipped"], "note[contains]": "gift" })).toMatchObject({ ok: true, value: { "quantity[lt]": 5 } });
    expect(check({ "total[gte]": "ten" }).errors).toContain("/total[gte]:pattern:");
    expect(check({ "quantity[gt]": "1.5" }).errors).toContain("/quantity[gt]:type:");
    expect(check({ "status[in]": ["paid", "lost"] }).errors).toContain("/status[in]/1:enum:");
    expect(check({ "day[gt]": "May" }).errors).toContain("/day[gt]:format:");
    expect(check({ "total[near]": "1" }).errors).toContain(":additionalProperties:total[near]");
  });

  it("turns operators into Prisma's where, with values converted like bodies", () => {
    const parse = listRequestParser(s.columns);
    const query = { page: 1, pageSize: 20, order: "asc", total: false, "total[gte]": "10", "total[lt]": "20.5", "big[in]": ["1", "2"], "day[lte]": "2024-05-01", "note[startsWith]": "gi", status: "paid" } as unknown as ListQuery;
    expect(parse(query).where).toEqual({
      total: { gte: "10", lt: "20.5" },
      big: { in: [1n, 2n] },
      day: { lte: new Date("2024-05-01T00:00:00.000Z") },
      note: { startsWith: "gi" },
      status: { equals: "paid" },
    });
  });

  it("splits ?include= and ?field[in]= lists at commas, and repeated keys too", () => {
    expect(parseQueryString("include=customer,lines&status[in]=paid,shipped&note=a,b&page=2")).toEqual({ include: ["customer", "lines"], "status[in]": ["paid", "shipped"], note: "a,b", page: "2" });
    expect(parseQueryString("status%5Bin%5D=paid&status%5Bin%5D=shipped")).toEqual({ "status[in]": ["paid", "shipped"] });
    expect(parseQueryString("q=a+b%20c")).toEqual({ q: "a b c" });
  });
});

describe("?include=", () => {
  const Customers = model("Customers", { id: t.id("bigint"), email: t.string(), credit: t.decimal(8, 2) });
  const Lines = model("Lines", { id: t.id(), qty: t.int() });
  const Orders = model("Orders", { id: t.id(), customer: t.belongsTo("Customers", { keyType: "bigint" }) });
  const s = resourceSchemas(Orders, { relations: { customer: { model: Customers, list: false }, lines: { model: Lines, list: true, foreignKeys: [{ name: "orderId", keyType: "int", optional: false }] } } });

  it("takes the model's relations only, naming them in the error", () => {
    const check = validator(s.listQuery, "query");
    expect(check({ include: ["customer", "lines"] }).ok).toBe(true);
    expect(check({ include: ["owner"] }).errors).toContain("/include/0:enum:");
    expect(validator(s.getQuery, "query")({ include: ["lines"] }).ok).toBe(true);
    expect(validator(s.getQuery, "query")({ include: ["x"] }).ok).toBe(false);
    expect(validator(resourceSchemas(Lines).getQuery, "query")({ include: ["x"] }).errors).toContain(":additionalProperties:include");
  });

  it("selects the related rows' columns, lists in id order, and converts them for JSON", () => {
    expect(includeSelect(s.relations, ["customer", "lines"])).toEqual({
      customer: { select: { id: true, email: true, credit: true } },
      lines: { select: { id: true, qty: true, orderId: true }, orderBy: { id: "asc" } },
    });
    expect(includeSelect(s.relations, undefined)).toBeUndefined();
    const toJson = rowToJson(s.columns, s.relations);
    const credit = { toFixed: (d: number) => (3).toFixed(d), toString: () => "3" };
    expect(toJson({ id: 1, customerId: 7n, customer: { id: 7n, email: "a@b.c", credit } })).toEqual({ id: 1, customerId: "7", customer: { id: "7", email: "a@b.c", credit: "3.00" } });
    expect(toJson({ id: 1, customerId: 7n, customer: null })).toEqual({ id: 1, customerId: "7", customer: null });
  });

  it("describes included rows in the row schema, not required", () => {
    const row = s.row as { properties: Record<string, { type: unknown; items?: unknown }>; required: string[] };
    expect(row.properties.customer!.type).toEqual(["object", "null"]);
    expect(row.properties.lines!.type).toBe("array");
    expect(row.required).not.toContain("customer");
  });
});

describe("decimals in bodies", () => {
  const check = validator(resourceSchemas(model("Prices", { id: t.id(), amount: t.decimal(6, 2), whole: t.decimal(4, 0) })).createBody);

  it("take JSON numbers that fit the column as well as strings", () => {
    for (const amount of [1.15, 0.1, 9999.99, -9999.99, 12, "12.50"]) expect(check({ amount, whole: 1 }).errors, String(amount)).toEqual([]);
    expect(check({ amount: 1.155, whole: 1 }).errors).toContain("/amount:multipleOf:");
    expect(check({ amount: 10000, whole: 1 }).errors).toContain("/amount:exclusiveMaximum:");
    expect(check({ amount: 1, whole: 1.5 }).errors).toContain("/whole:multipleOf:");
    expect(check({ amount: true, whole: 1 }).errors).toContain("/amount:type:");
  });
});

describe("field validations from the model", () => {
  const Signups = model("Signups", {
    id: t.id(),
    handle: t.string(30).minLength(3).pattern(/^[a-z0-9_]+$/),
    email: t.string().email(),
    site: t.text().url().optional(),
    age: t.int().min(13).max(130),
    score: t.float().min(0),
  });
  const s = resourceSchemas(Signups);
  const check = validator(s.createBody);
  const good = { handle: "ada_l", email: "ada@example.com", site: "https://example.com", age: 36, score: 0 };

  it("checks bodies against them", () => {
    expect(check(good).errors).toEqual([]);
    expect(check({ ...good, handle: "ab" }).errors).toContain("/handle:minLength:");
    expect(check({ ...good, handle: "x".repeat(31) }).errors).toContain("/handle:maxLength:");
    expect(check({ ...good, handle: "Ada!" }).errors).toContain("/handle:pattern:");
    expect(check({ ...good, email: "ada" }).errors).toContain("/email:format:");
    expect(check({ ...good, site: "example" }).errors).toContain("/site:format:");
    expect(check({ ...good, site: null }).errors).toEqual([]);
    expect(check({ ...good, age: 12 }).errors).toContain("/age:minimum:");
    expect(check({ ...good, age: 131 }).errors).toContain("/age:maximum:");
    expect(check({ ...good, score: -0.5 }).errors).toContain("/score:minimum:");
    expect(validator(s.updateBody)({ age: 5 }).errors).toContain("/age:minimum:");
  });

  it("shows them in the body schemas (the OpenAPI document), not in filters", () => {
    const props = (s.createBody as { properties: Record<string, Record<string, unknown>> }).properties;
    expect(props.handle).toMatchObject({ minLength: 3, maxLength: 30, pattern: "^[a-z0-9_]+$" });
    expect(props.email).toMatchObject({ format: "email" });
    expect(props.age).toMatchObject({ minimum: 13, maximum: 130 });
    // a filter may search for part of a value
    expect(validator(s.listQuery, "query")({ "handle[contains]": "a" }).ok).toBe(true);
  });

  it("are refused on fields they cannot apply to, and when contradictory", () => {
    expect(() => t.int().email()).toThrow(/\.email\(\) applies to string, text fields, not int/);
    expect(() => t.string().min(1)).toThrow(/\.min\(\) applies to int, float fields/);
    expect(() => t.decimal(10, 2).max(5)).toThrow(/applies to int, float fields, not decimal/);
    expect(() => t.string().minLength(5).maxLength(2)).toThrow(/minLength 5 is above maxLength 2/);
    expect(() => t.string().pattern(/a/i)).toThrow(/cannot keep the flags/);
    expect(() => t.string().pattern("(")).toThrow(/invalid regular expression/);
    expect(() => t.int().min(Number.NaN)).toThrow(/finite number/);
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
