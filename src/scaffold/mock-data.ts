import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors.js";
import { jsonTextProblems } from "./json-input.js";

/**
 * `--mock` of add-route and add-subroute (BackAnt's `--mock <json>`): a JSON value given inline or
 * as a file path, which the generated service returns until real logic replaces it, and from whose
 * shape the route's response schema is derived (so the docs page shows it and Fastify serialises
 * it fast).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

const mockHint = `Give --mock a JSON value, e.g. --mock '[{"id": 1, "name": "Alice"}]' or --mock '{"status": "ok"}', or the path of a .json file.`;

/**
 * Reads `--mock`: valid JSON is taken as is; otherwise, an existing file (relative to `cwd`) is
 * read and parsed. Throws InputError for anything else, and for JSON the generator must not take
 * (duplicate keys, "__proto__" keys, nesting deeper than MAX_JSON_DEPTH: see json-input.ts).
 */
export function parseMock(raw: string, cwd: string): JsonValue {
  const inline = tryParse(raw);
  if (inline.ok) return checked(raw, inline.value, "--mock");
  const file = path.resolve(cwd, raw);
  if (raw.trim() !== "" && existsSync(file) && statSync(file).isFile()) {
    const text = readFileSync(file, "utf8");
    const fromFile = tryParse(text);
    if (fromFile.ok) return checked(text, fromFile.value, raw);
    throw new InputError(`The mock file ${raw} is not valid JSON: ${fromFile.error}.`, { code: "BAD_MOCK", hint: mockHint });
  }
  throw new InputError(`--mock is neither valid JSON (${inline.error}) nor a file.`, { code: "BAD_MOCK", hint: mockHint });
}

function tryParse(text: string): { ok: true; value: JsonValue } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function checked(text: string, value: JsonValue, source: string): JsonValue {
  const problems = jsonTextProblems(text);
  if (problems.length === 0) return value;
  const lines = problems.map((problem) => `  ${problem.path || "(top level)"}: ${problem.message}`);
  throw new InputError(`The mock data of ${source} cannot be used; nothing was written:\n${lines.join("\n")}`, {
    code: "BAD_MOCK",
    hint: "Fix each listed path and run the command again.",
    details: { problems },
  });
}

/**
 * The JSON Schema of a value's shape: objects list their properties (required when every sample
 * has them), arrays the merged shape of their items, numbers are integers when every sample is one.
 */
export function schemaOfValue(value: JsonValue): JsonSchema {
  if (value === null) return { type: "null" };
  if (Array.isArray(value)) {
    const items = value.map(schemaOfValue).reduce<JsonSchema | undefined>((merged, next) => (merged ? mergeSchemas(merged, next) : next), undefined);
    return { type: "array", items: items ?? {} };
  }
  switch (typeof value) {
    case "boolean":
      return { type: "boolean" };
    case "number":
      return { type: Number.isInteger(value) ? "integer" : "number" };
    case "string":
      return { type: "string" };
    default: {
      const properties: Record<string, JsonSchema> = {};
      for (const [key, child] of Object.entries(value)) properties[key] = schemaOfValue(child);
      return { type: "object", properties, required: Object.keys(value) };
    }
  }
}

/** One schema that both samples satisfy. */
export function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  if (a.type === "object" && b.type === "object") {
    const properties: Record<string, JsonSchema> = { ...a.properties };
    for (const [key, schema] of Object.entries(b.properties ?? {})) {
      const existing = properties[key];
      properties[key] = existing ? mergeSchemas(existing, schema) : schema;
    }
    const required = (a.required ?? []).filter((key) => (b.required ?? []).includes(key));
    return { type: "object", properties, required };
  }
  if (a.type === "array" && b.type === "array") {
    const items = isEmpty(a.items) ? b.items : isEmpty(b.items) ? a.items : mergeSchemas(a.items ?? {}, b.items ?? {});
    return { type: "array", items: items ?? {} };
  }
  const numeric = new Set(["integer", "number"]);
  if (typeof a.type === "string" && typeof b.type === "string" && numeric.has(a.type) && numeric.has(b.type)) return { type: "number" };
  if (isPrimitive(a) && isPrimitive(b)) {
    const types = [...new Set([...[a.type ?? []].flat(), ...[b.type ?? []].flat()])];
    if (types.includes("number")) return { type: types.filter((type) => type !== "integer") };
    return { type: types };
  }
  // fast-json-stringify writes a value with the first alternative it matches, and an object
  // matches any object schema: keep one alternative per kind (object, array, scalars), each merged.
  const alternatives: JsonSchema[] = [];
  for (const schema of [...(a.anyOf ?? [a]), ...(b.anyOf ?? [b])]) {
    const same = alternatives.findIndex((other) => kindOf(other) === kindOf(schema));
    if (same < 0) alternatives.push(schema);
    else alternatives[same] = mergeSchemas(alternatives[same] as JsonSchema, schema);
  }
  return alternatives.length === 1 ? (alternatives[0] as JsonSchema) : { anyOf: alternatives };
}

function kindOf(schema: JsonSchema): "object" | "array" | "scalar" | "any" {
  if (schema.type === "object" || schema.type === "array") return schema.type;
  return isPrimitive(schema) ? "scalar" : "any";
}

function isEmpty(schema: JsonSchema | undefined): boolean {
  return schema === undefined || Object.keys(schema).length === 0;
}

/** A schema that is only a type (or a list of non-container types). */
function isPrimitive(schema: JsonSchema): boolean {
  const keys = Object.keys(schema);
  if (keys.length !== 1 || keys[0] !== "type") return false;
  return [schema.type].flat().every((type) => type !== "object" && type !== "array");
}

/**
 * `value` as TypeScript source in the style Prettier would give it: identifier keys unquoted, a
 * value that fits on one line kept there, otherwise one entry a line with trailing commas.
 * Continuation lines are indented by `indent` (the column the value starts at).
 */
export function sourceOf(value: unknown, indent: string, width = 100): string {
  const flat = flatSourceOf(value);
  if ((indent.length + flat.length <= width && !breaksAlways(value)) || value === null || typeof value !== "object") return flat;
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => inner + sourceOf(item, inner, width) + ",").join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([key, child]) => `${inner}${keySource(key)}: ${sourceOf(child, inner, width)},`).join("\n")}\n${indent}}`;
}

/**
 * Prettier (and Biome, which the generated project lints with) print an array of several objects
 * with several keys each, or of several arrays of several items, one item a line, however short.
 */
function breaksAlways(value: unknown): boolean {
  if (!Array.isArray(value) || value.length < 2) return false;
  const several = (item: unknown): boolean => item !== null && typeof item === "object" && Object.keys(item).length > 1;
  return value.every((item) => several(item) && Array.isArray(item) === Array.isArray(value[0]));
}

function flatSourceOf(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(flatSourceOf).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length === 0 ? "{}" : `{ ${entries.map(([key, child]) => `${keySource(key)}: ${flatSourceOf(child)}`).join(", ")} }`;
}

/** A `__proto__` key is written computed: as a plain key it would set the prototype instead. */
const keySource = (key: string): string =>
  key === "__proto__" ? `[${JSON.stringify(key)}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
