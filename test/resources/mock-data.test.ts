import fc from "fast-check";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { BackantError } from "../../src/errors.js";
import { answersString } from "../../src/scaffold/route-templates.js";
import { parseMock, schemaOfValue, sourceOf, type JsonValue } from "../../src/scaffold/mock-data.js";
import { repoRoot } from "../support/paths.js";

describe("schemaOfValue", () => {
  it("describes objects, arrays of differing objects, integers and numbers", () => {
    expect(schemaOfValue([{ id: 1, name: "Alice", score: 2 }, { id: 2, name: null, score: 1.5, tags: ["a"] }])).toEqual({
      type: "array",
      items: {
        type: "object",
        properties: {
          id: { type: "integer" },
          name: { type: ["string", "null"] },
          score: { type: "number" },
          tags: { type: "array", items: { type: "string" } },
        },
        required: ["id", "name", "score"],
      },
    });
    expect(schemaOfValue([])).toEqual({ type: "array", items: {} });
    expect(schemaOfValue([1, "a", { b: true }])).toEqual({
      type: "array",
      items: { anyOf: [{ type: ["integer", "string"] }, { type: "object", properties: { b: { type: "boolean" } }, required: ["b"] }] },
    });
  });

  // The schema is the route's response schema: Fastify serialises through it (fast-json-stringify),
  // which drops what it does not describe. Whatever the mock, the client must get it back intact.
  it("lets Fastify's serialiser send any JSON value back unchanged", async () => {
    // fast-json-stringify drops keys named like Object.prototype members ("valueOf", "constructor")
    // from an object inside anyOf (a mixed-type array): its limit, not the schema's, so left out.
    const prototypeKeys = new Set(Object.getOwnPropertyNames(Object.prototype));
    const hasPrototypeKey = (text: string) => [...text.matchAll(/"((?:[^"\\]|\\.)*)":/g)].some((match) => prototypeKeys.has(JSON.parse(`"${match[1]}"`)));
    const json = fc
      .jsonValue({ maxDepth: 3 })
      .map((value) => JSON.stringify(value))
      .filter((text) => !hasPrototypeKey(text))
      .map((text) => JSON.parse(text) as JsonValue);
    await fc.assert(
      fc.asyncProperty(json, async (value) => {
        const app = Fastify();
        // As the generated handler does (see answersString).
        app.get("/", { schema: { response: { 200: schemaOfValue(value) } } }, async (_request, reply) => {
          if (!answersString(value)) return value;
          reply.type("application/json; charset=utf-8");
          return reply.serialize(value);
        });
        const response = await app.inject({ method: "GET", url: "/" });
        await app.close();
        expect(response.statusCode).toBe(200);
        expect(JSON.parse(response.body)).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });
});

describe("sourceOf", () => {
  it("writes the value as TypeScript that evaluates to the same value", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const normal = JSON.parse(JSON.stringify(value)) as unknown;
        expect(new Function(`return (${sourceOf(normal, "  ", 40)});`)()).toEqual(normal);
      }),
    );
    expect(sourceOf({ id: 1, "first-name": "A" }, "")).toBe('{ id: 1, "first-name": "A" }');
  });
});

describe("parseMock", () => {
  it("takes inline JSON, then a file path", () => {
    expect(parseMock('{"a": [1]}', repoRoot)).toEqual({ a: [1] });
    expect(parseMock('"pong"', repoRoot)).toBe("pong");
    expect(parseMock("package.json", repoRoot)).toMatchObject({ name: "backant" });
  });

  it("refuses text that is neither JSON nor a file, and a __proto__ key", () => {
    for (const raw of ["{a", "", "no-such-file.json", '{"__proto__": {"x": 1}}']) {
      let error: unknown;
      try {
        parseMock(raw, repoRoot);
      } catch (caught) {
        error = caught;
      }
      expect(error, raw).toBeInstanceOf(BackantError);
      expect((error as BackantError).exitCode).toBe(2);
    }
  });
});
