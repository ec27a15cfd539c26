import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { checkModelName, toPascalCase } from "../../src/scaffold/model-name.js";

describe("checkModelName", () => {
  it.each(["Orders", "OrderLines", "A", "Users2", "HTTPLogs"])("accepts %s", (name) => {
    expect(checkModelName(name)).toBe(name);
  });

  const refused: Array<[string, RegExp]> = [
    ["", /The model name is empty/],
    ["  ", /The model name is empty/],
    ["../Orders", /a model name is not a path/],
    ["models/Orders", /a model name is not a path/],
    ["Orders\\X", /a model name is not a path/],
    ["orders", /"orders": it is not PascalCase\. Did you mean "Orders"\?/],
    ["order_lines", /not PascalCase\. Did you mean "OrderLines"\?/],
    ["order-lines", /Did you mean "OrderLines"\?/],
    ["orderLines", /Did you mean "OrderLines"\?/],
    ["Order Lines", /it is not an identifier\. Did you mean "OrderLines"\?/],
    ["1Orders", /it is not an identifier/],
    ["Orders!", /it is not an identifier\. Did you mean "Orders"\?/],
    ["PrismaClient", /"PrismaClient": Prisma reserves it/],
    ["String", /Prisma reserves it/],
    ["DateTime", /Prisma reserves it/],
  ];
  it.each(refused)("refuses %j", (name, message) => {
    expect(() => checkModelName(name)).toThrow(InputError);
    expect(() => checkModelName(name)).toThrow(message);
  });

  it("suggests nothing when no letters are left", () => {
    expect(toPascalCase("__--")).toBe("");
    expect(() => checkModelName("--")).toThrow(/^Invalid model name "--": it is not an identifier\.$/);
  });
});
