import path from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { parseSpec, readSpecInput, type SpecProblem } from "../../src/scaffold/spec.js";
import { useScratchDirs } from "../support/scratch.js";

const scratch = useScratchDirs("h2-spec");

async function problemsOf(json: unknown): Promise<SpecProblem[]> {
  try {
    await parseSpec(json);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    return (error as InputError).details?.problems as SpecProblem[];
  }
  throw new Error("the spec was accepted");
}

describe("parseSpec", () => {
  it("turns the README's example into model sources, field specs and routes", async () => {
    const spec = await parseSpec({
      name: "shop-api",
      db: "postgresql",
      models: {
        Customers: { fields: "id:id(uuid) email:string(120):unique name:string" },
        Orders: { fields: { total: "decimal(10,2)", customer: "belongsTo(Customers)" } },
      },
      routes: { reports: { methods: ["GET", "POST"], mock: { total: 3 }, subroutes: { daily: { method: "GET", mock: [] }, monthlySummary: {} } } },
    });
    expect(spec.name).toBe("shop-api");
    expect(spec.db).toBe("postgresql");
    expect(Object.keys(spec.models)).toEqual(["Customers", "Orders"]);
    expect(spec.models.Customers).toContain('id: t.id("uuid")');
    // The foreign key follows the target's uuid id.
    expect(spec.models.Orders).toContain('customer: t.belongsTo("Customers", { keyType: "string" })');
    expect(spec.fields.Orders?.map((field) => field.name)).toEqual(["total", "customer"]);
    expect(spec.routes).toEqual([
      {
        name: "reports",
        methods: ["GET", "POST"],
        mock: { total: 3 },
        subroutes: [
          { name: "daily", method: "GET", mock: [] },
          { name: "monthly-summary", method: "GET" },
        ],
      },
    ]);
  });

  it("gives the default Users model without a models key, and no model for an empty one", async () => {
    expect(Object.keys((await parseSpec({})).models)).toEqual(["Users"]);
    expect(Object.keys((await parseSpec({ models: {} })).models)).toEqual([]);
  });

  it("reads the field string and the field object forms alike", async () => {
    const a = await parseSpec({ models: { Tags: { fields: "label:string(40):unique weight:int?" } } });
    const b = await parseSpec({ models: { Tags: { fields: { label: "string(40):unique", weight: "int?" } } } });
    expect(a.models).toEqual(b.models);
  });

  it("refuses a spec that is not an object", async () => {
    expect(await problemsOf([])).toEqual([{ path: "", message: expect.stringMatching(/expected object/) }]);
    expect(await problemsOf("shop")).toEqual([{ path: "", message: expect.stringMatching(/expected object/) }]);
  });

  it("refuses routes that collide after normalising their names, and endpoints sharing a service method", async () => {
    const problems = await problemsOf({
      models: {},
      routes: {
        "daily-report": {},
        dailyReport: {},
        stats: { methods: ["POST"], subroutes: { stats: { method: "POST" } } },
        both: { methods: ["GET"], method: "POST" },
      },
    });
    expect(problems).toEqual([
      { path: "routes.dailyReport", message: 'route "dailyReport" is the same path as an earlier route (/daily-report)' },
      { path: "routes.stats.subroutes.stats", message: expect.stringMatching(/service method createStats\(\) is already the one of routes\.stats\.methods/) },
      { path: "routes.both", message: 'give "methods" (a list) or "method", not both' },
    ]);
  });

  it("runs the whole-model-set checks (here: MySQL cannot index a text column) for the spec's database", async () => {
    const problems = await problemsOf({ db: "mysql", models: { Notes: { fields: "body:text:unique" } } });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toMatch(/^models\.Notes/);
  });
});

describe("readSpecInput: what JSON.parse lets through", () => {
  it("lists duplicate keys and __proto__ keys with their paths, for parseSpec to report with the rest", async () => {
    const text = '{"models": {"Orders": {"fields": "a:string"}, "Orders": {}, "__proto__": {"fields": "b:string"}}, "routes": {"__proto__": {}, "r": {"mock": {"a": 1, "a": 2}}}}';
    const { json, problems } = readSpecInput(text, "/nowhere");
    expect(problems.map((problem) => problem.path)).toEqual(["models.Orders", "models.__proto__", "routes.__proto__", "routes.r.mock.a"]);
    const error = await parseSpec(json, "spec.json", { textProblems: problems }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).details?.problems).toEqual(expect.arrayContaining(problems));
  });

  it("refuses a spec nested deeper than its checks walk, and a mock nested deeper than 32 levels", async () => {
    const deep = (levels: number) => "[".repeat(levels) + "]".repeat(levels);
    expect(() => readSpecInput(`{"routes": {"r": {"mock": ${deep(3000)}}}}`, "/nowhere")).toThrow(/nested more than 37 levels deep/);
    expect(await problemsOf({ models: {}, routes: { r: { mock: JSON.parse(deep(33)) as unknown } } })).toEqual([{ path: "routes.r.mock", message: "nested more than 32 levels deep; flatten it" }]);
    await expect(parseSpec({ models: {}, routes: { r: { mock: JSON.parse(deep(32)) as unknown } } })).resolves.toMatchObject({ routes: [{ name: "r" }] });
  });

  it("refuses models named like the app's own routes, and fields the generated API cannot carry", async () => {
    const problems = await problemsOf({ models: { Health: {}, Docs: {}, Orders: { fields: { constructor: "string", page: "int" } } } });
    expect(problems.map((problem) => problem.path)).toEqual(["models.Health", "models.Docs", "models.Orders.fields.constructor", "models.Orders.fields.page"]);
  });
});

describe("readSpecInput", () => {
  it("takes inline JSON, or a file relative to the folder", () => {
    expect(readSpecInput(' {"db": "sqlite"} ', "/nowhere")).toEqual({ source: "--spec", json: { db: "sqlite" }, problems: [] });
    const dir = scratch({ "specs/shop.json": '{"name": "shop-api"}' });
    expect(readSpecInput("specs/shop.json", dir)).toEqual({ source: path.join(dir, "specs/shop.json"), json: { name: "shop-api" }, problems: [] });
  });
});
