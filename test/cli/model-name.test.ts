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
    [" Orders", /" Orders": it starts or ends with white space/],
    ["Orders\n", /it starts or ends with white space/],
    ["Health", /already uses "health" \(\/health\)/],
    ["Ready", /already uses "ready" \(\/ready\)/],
    ["Docs", /already uses "docs"/],
    ["__proto__", /it is not an identifier/],
    // The table name is the limit (PostgreSQL cuts identifiers at 63 bytes), and the message stays short.
    ["A".repeat(300), /^Invalid model name "A{40}"\.\.\. \(300 characters\): its table name would be 300 characters long/],
    ["OrderLine" + "s".repeat(54), /64 characters long/],
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
