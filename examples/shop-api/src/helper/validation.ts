import { Ajv, type Options } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Two ajv instances instead of Fastify's one:
 * - bodies are JSON and keep their types: `"age": "5"` or `"name": null` on a required string is a
 *   400 (Fastify's default coercion would quietly turn null into "" and 5 into "5");
 * - query strings and URL params are text, so "2" becomes 2 where the schema says integer.
 * Both report every failing field (allErrors) and refuse unknown fields instead of dropping them
 * (removeAdditional: false, where Fastify's default silently removes them).
 */
// verbose: an error carries its schema, whose description the error handler shows for a pattern.
const shared: Options = { removeAdditional: false, allErrors: true, useDefaults: true, verbose: true };
// multipleOfPrecision: a decimal(10, 2) sent as the JSON number 1.15 is a multiple of 0.01, which
// plain floating-point division (1.15 / 0.01 = 114.99999999999999) would deny.
const bodies = addFormats(new Ajv({ ...shared, coerceTypes: false, multipleOfPrecision: 9 }));
const text = addFormats(new Ajv({ ...shared, coerceTypes: "array" }));

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  httpPart === "body" ? depthLimited(bodies.compile(schema)) : finiteOnly(text.compile(schema));

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

/** How deep a body may nest (a json field's value included). */
export const MAX_BODY_DEPTH = 100;

/**
 * A json field takes any JSON, but the Prisma client serializes a value by recursion: a few
 * thousand nested arrays overflowed its stack (a 500). Bodies nesting deeper than MAX_BODY_DEPTH
 * are refused, naming the field; the walk is iterative and skips scalar fields at once.
 */
function depthLimited(validate: Validate): ReturnType<FastifySchemaCompiler<object>> {
  const checked: Validate = (data) => {
    if (!validate(data)) {
      checked.errors = validate.errors;
      return false;
    }
    const field = tooDeep(data);
    checked.errors =
      field === undefined
        ? null
        : [
            {
              instancePath: field === "" ? "" : `/${field}`,
              schemaPath: "",
              keyword: "maxDepth",
              params: {},
              message: `must not nest more than ${MAX_BODY_DEPTH} levels deep`,
            },
          ];
    return field === undefined;
  };
  return checked as ReturnType<FastifySchemaCompiler<object>>;
}

/** The top-level field (or "" for the body itself) whose value nests past MAX_BODY_DEPTH, if any. */
function tooDeep(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  for (const [field, value] of Array.isArray(body) ? [["", body] as const] : Object.entries(body)) {
    if (typeof value !== "object" || value === null) continue;
    const pending: Array<[unknown, number]> = [[value, 2]];
    while (pending.length > 0) {
      const [node, depth] = pending.pop() as [unknown, number];
      if (depth > MAX_BODY_DEPTH) return field;
      for (const child of Object.values(node as object)) if (typeof child === "object" && child !== null) pending.push([child, depth + 1]);
    }
  }
  return undefined;
}

const notFinite = (value: unknown): boolean => typeof value === "number" && !Number.isFinite(value);

/**
 * ajv coerces "Infinity" (and "-Infinity") in a query string or URL to a number, and then skips
 * its range checks for numbers that are not finite: ?page=Infinity passed as an integer and made
 * the list a 500. Query strings and params are one level deep: their numbers are checked here.
 * (JSON bodies cannot hold such numbers.)
 */
function finiteOnly(validate: Validate): ReturnType<FastifySchemaCompiler<object>> {
  const checked: Validate = (data) => {
    if (!validate(data)) {
      checked.errors = validate.errors;
      return false;
    }
    // A plain loop: it runs on every request, and almost every request passes it.
    const values = (data ?? {}) as Record<string, unknown>;
    const bad: string[] = [];
    for (const key in values) {
      const value = values[key];
      if (Array.isArray(value) ? value.some(notFinite) : notFinite(value)) bad.push(key);
    }
    if (bad.length === 0) {
      checked.errors = null;
      return true;
    }
    checked.errors = bad.map((key) => ({ instancePath: `/${key}`, schemaPath: "", keyword: "type", params: {}, message: "must be a finite number" }));
    return false;
  };
  return checked as ReturnType<FastifySchemaCompiler<object>>;
}
