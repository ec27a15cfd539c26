import { describe, expect, it } from "vitest";
import { BackantError } from "../../src/errors.js";
import { kebabCase } from "../../src/scaffold/resource-context.js";
import { checkHttpMethod, checkRouteName } from "../../src/scaffold/route-name.js";

describe("checkRouteName", () => {
  it("gives the URL segment, identifier and method suffix of every spelling", () => {
    expect(checkRouteName("team_members")).toMatchObject({ kebab: "team-members", camel: "teamMembers", pascal: "TeamMembers" });
    expect(checkRouteName("teamMembers")).toMatchObject({ kebab: "team-members", camel: "teamMembers", pascal: "TeamMembers" });
    expect(checkRouteName("order-stats")).toMatchObject({ kebab: "order-stats", camel: "orderStats", pascal: "OrderStats" });
  });

  it("names a model's route as the generated project does, so add-subroute finds it", () => {
    for (const model of ["Users", "OrderLines", "HTTPLogs", "Line2Items", "V2Orders"]) expect(checkRouteName(model).kebab, model).toBe(kebabCase(model));
  });

  it.each([
    ["", /empty/],
    ["a/b", /not a path/],
    ["..", /not a path/],
    ["a b", /letters and digits/],
    ["-a", /letters and digits/],
    ["a--b", /letters and digits/],
    ["9lives", /letters and digits/],
    ["new", /reserved word/],
    ["Delete", /reserved word/],
    ["health", /already uses "health" \(\/health\)/],
    ["ready", /already uses "ready" \(\/ready\)/],
    ["docs", /already uses "docs"/],
    [" reports", /starts or ends with white space/],
    ["reports ", /starts or ends with white space/],
    ["a".repeat(64), /64 characters long; at most 63/],
    ["__proto__", /letters and digits/],
    ["constructor", /reserved word/],
  ])("refuses %j", (raw, message) => {
    let error: unknown;
    try {
      checkRouteName(raw);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BackantError);
    expect((error as BackantError).exitCode).toBe(2);
    expect((error as BackantError).message).toMatch(message);
  });

  it("takes a subroute named like a path the app uses, under its route", () => {
    expect(checkRouteName("health", "subroute").kebab).toBe("health");
  });
});

describe("checkHttpMethod", () => {
  it("takes the five methods in any case and refuses others", () => {
    expect(["get", "Post", "PUT", "patch", "delete"].map(checkHttpMethod)).toEqual(["GET", "POST", "PUT", "PATCH", "DELETE"]);
    expect(() => checkHttpMethod("HEAD")).toThrow(/Unknown HTTP method "HEAD"/);
  });
});
