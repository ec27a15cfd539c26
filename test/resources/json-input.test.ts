import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDepth, jsonTextProblems } from "../../src/scaffold/json-input.js";

describe("jsonTextProblems", () => {
  it("finds nothing in what JSON.stringify writes (no duplicate keys), whatever the strings hold", () => {
    const keys = fc.string().filter((key) => key !== "__proto__");
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.jsonValue({ maxDepth: 0 }), fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(keys, tie("node"), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), (json, pretty) => {
        const text = JSON.stringify(json, null, pretty ? 2 : undefined);
        expect(jsonTextProblems(text, 1000)).toEqual([]);
        expect(jsonDepth(JSON.parse(text))).toBe(jsonDepth(json));
      }),
      { numRuns: 300 },
    );
  });

  it("names each duplicate key by its path, however the key is escaped", () => {
    expect(jsonTextProblems('{"a": {"b": 1, "\\u0062": 2}, "c": [{"d": 1}, {"d": 1, "d": 2}]}').map((p) => p.path)).toEqual(["a.b", "c[1].d"]);
    expect(jsonTextProblems('{"x y": 1, "x y": 2}')[0]?.path).toBe('["x y"]');
  });

  it("names __proto__ keys, and the first place nesting passes the limit", () => {
    expect(jsonTextProblems('[{"__proto__": {}}]')).toEqual([{ path: "[0].__proto__", message: expect.stringMatching(/"__proto__" key is not allowed/) }]);
    expect(jsonTextProblems("[[[]]]", 2)).toEqual([{ path: "[0][0]", message: "nested more than 2 levels deep; flatten it" }]);
    expect(jsonTextProblems("[[]]", 2)).toEqual([]);
  });
});
