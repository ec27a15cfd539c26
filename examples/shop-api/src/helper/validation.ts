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
const bodies = addFormats(new Ajv({ ...shared, coerceTypes: false }));
const text = addFormats(new Ajv({ ...shared, coerceTypes: "array" }));

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === "body" ? bodies : text).compile(schema) as ReturnType<FastifySchemaCompiler<object>>;
