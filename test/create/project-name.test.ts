import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { checkProjectName } from "../../src/scaffold/project-name.js";

describe("checkProjectName", () => {
  it.each(["shop-api", "api2", "my.api", "a", "x".repeat(214), "my_api", "tilde~ok"])("accepts %j", (name) => {
    expect(checkProjectName(name)).toBe(name);
  });

  it.each<[string, RegExp]>([
    ["../escape", /not a path/],
    ["apis/shop", /not a path/],
    ["a\\b", /not a path/],
    [".", /folder reference/],
    ["..", /folder reference/],
    ["", /empty/],
    ["   ", /empty/],
    ["Shop-Api", /lowercase/],
    ["shop api", /only lowercase letters/],
    ["shop@api", /only lowercase letters/],
    [".hidden", /cannot start with "\."/],
    ["_private", /cannot start with "_"/],
    ["-dash", /only lowercase letters/],
    ["fs", /Node\.js core module/],
    ["http", /Node\.js core module/],
    ["node_modules", /npm reserves it/],
    ["favicon.ico", /npm reserves it/],
    ["backant", /npm cannot install/],
    ["fastify", /npm cannot install/],
    ["prisma", /npm cannot install/],
    ["con", /Windows reserves it/],
    ["lpt1.api", /Windows reserves it/],
    ["x".repeat(215), /at most 214 characters/],
    [" shop-api", /starts or ends with white space/],
    ["shop-api\t", /starts or ends with white space/],
  ])("refuses %j", (name, message) => {
    let error: unknown;
    try {
      checkProjectName(name);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).message).toMatch(message);
  });

  it("suggests a usable name for a capitalised one", () => {
    expect(() => checkProjectName("My API")).toThrow(InputError);
    try {
      checkProjectName("My API");
    } catch (error) {
      expect((error as InputError).hint).toMatch(/Try "my-api"/);
    }
  });
});
