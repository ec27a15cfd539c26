import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { BackantError, InputError } from "../errors.js";
import { loadModelSet, MODEL_FILE_SUFFIX } from "../schema/load-models.js";
import { PROVIDERS, type Provider } from "../project/config.js";
import { renderPrismaSchema } from "../schema/render-prisma.js";
import { validatePrismaSchema } from "../schema/validate-prisma.js";
import { snakeCase } from "../schema/naming.js";
import { closestMatch } from "./closest-match.js";
import { jsonDepth, jsonTextProblems, MAX_JSON_DEPTH } from "./json-input.js";
import { fieldSpecSyntax, parseFieldSpec, splitSpecs, type FieldSpec } from "./field-spec.js";
import { checkModelName } from "./model-name.js";
import { renderModelSource, type TargetKeyTypes } from "./model-source.js";
import { checkProjectName } from "./project-name.js";
import { removeOnExit, sweepStale, tempName } from "../process/temp-paths.js";
import { checkRouteName, HTTP_METHODS, type HttpMethod, type RouteName } from "./route-name.js";
import { methodNameFor } from "./route-templates.js";

/**
 * The JSON spec of `create-backant --spec`: BackAnt's spec (routes with methods, subroutes and mock
 * data) extended with models whose fields use the `backant add-model --fields` syntax. The whole
 * spec is checked before anything is written and every problem is reported with its JSON path, so
 * one run shows everything to fix. The format is documented in README.md ("The project spec").
 */


export interface SubrouteSpec {
  /** kebab-case path segment under its route: /reports/daily. */
  name: string;
  method: HttpMethod;
  /** JSON the generated handler returns until real logic replaces it; undefined when not given. */
  mock?: unknown;
}

export interface RouteSpec {
  /** kebab-case path: /reports. */
  name: string;
  methods: HttpMethod[];
  mock?: unknown;
  subroutes: SubrouteSpec[];
}

export interface ProjectSpec {
  name?: string;
  db?: Provider;
  /** Model file sources (src/models/<Name>.model.ts) keyed by model name, in spec order. */
  models: Record<string, string>;
  /** The parsed fields of each model, keyed like `models`. */
  fields: Record<string, FieldSpec[]>;
  routes: RouteSpec[];
}

export interface SpecProblem {
  /** JSON path of the offending value, e.g. "models.Orders.fields.total" or "routes.reports.methods[1]". */
  path: string;
  message: string;
}

/** The model every project gets when no spec names models (CONTRACT.md: Users, email unique, name). */
export const DEFAULT_MODEL_FIELDS: Readonly<Record<string, string>> = { Users: "email:string:unique name:string" };

const method = z.enum(HTTP_METHODS, { error: `expected one of ${HTTP_METHODS.join(", ")}` });

const subrouteSchema = z.strictObject({
  method: method.optional(),
  mock: z.unknown().optional(),
  description: z.string().optional(),
});

const routeSchema = z.strictObject({
  methods: z.array(method).min(1, { error: "give at least one method" }).optional(),
  method: method.optional(),
  mock: z.unknown().optional(),
  description: z.string().optional(),
  subroutes: z.record(z.string(), subrouteSchema).optional(),
});

const fieldsSchema = z.union([z.string(), z.record(z.string(), z.string({ error: 'expected the field\'s type as a string, e.g. "string(120):unique"' }))], {
  error: 'expected a field-spec string ("email:string:unique name:string") or an object of field name to type ({"total": "decimal(10,2)"})',
});

const modelSchema = z.strictObject({
  fields: fieldsSchema.optional(),
  description: z.string().optional(),
});

const specSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string({ error: "expected the project name as a string" }).optional(),
  description: z.string().optional(),
  db: z.enum(PROVIDERS, { error: `expected one of ${PROVIDERS.join(", ")}` }).optional(),
  models: z.record(z.string(), modelSchema).optional(),
  routes: z.record(z.string(), routeSchema).optional(),
});

type RawSpec = z.infer<typeof specSchema>;

/**
 * How deep a spec may nest: a subroute's mock starts 5 levels down (spec, routes, route,
 * subroutes, subroute) and may itself nest MAX_JSON_DEPTH levels.
 */
const MAX_SPEC_DEPTH = MAX_JSON_DEPTH + 5;

/**
 * Reads `--spec FILE|JSON`: a value that starts with "{" is JSON text, anything else a file path
 * relative to `cwd`. Returns the parsed JSON (not yet checked) and what JSON.parse let through but
 * a spec must not hold (duplicate keys, "__proto__" keys: json-input.ts), for parseSpec to list
 * with the rest. A spec nested too deep for the checks to walk is refused here.
 */
export function readSpecInput(value: string, cwd: string): { source: string; json: unknown; problems: SpecProblem[] } {
  const trimmed = value.trim();
  const inline = trimmed.startsWith("{") || trimmed.startsWith("[");
  const source = inline ? "--spec" : path.resolve(cwd, trimmed);
  let text = trimmed;
  if (!inline) {
    if (!existsSync(source) || !statSync(source).isFile()) {
      throw new InputError(`--spec ${value}: no such file (${source}).`, {
        code: "SPEC_NOT_FOUND",
        hint: 'Give the path of a JSON spec file, or the JSON itself: --spec \'{"models": {"Orders": {"fields": "total:decimal(10,2)"}}}\'.',
      });
    }
    text = readFileSync(source, "utf8");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`The spec (${inline ? "given inline" : source}) is not valid JSON: ${(error as Error).message}.`, {
      code: "SPEC_NOT_JSON",
      hint: "Fix the JSON syntax (double-quoted keys and strings, no trailing commas), then try again.",
      details: { problems: [{ path: "", message: (error as Error).message }] },
    });
  }
  const problems = jsonTextProblems(text, MAX_SPEC_DEPTH);
  if (problems.some((problem) => problem.message.startsWith("nested more than"))) throw specError(problems, inline ? "given with --spec" : path.relative(cwd, source) || source);
  return { source, json, problems };
}

/**
 * Checks a spec as a whole and returns the project it describes. Throws one InputError listing
 * every problem with its JSON path (details.problems) when anything is wrong; nothing is written
 * anywhere but a temporary folder under the OS temp dir, where the models are loaded as a project
 * would load them to run the schema checks, and which is removed before returning.
 */
export interface ParseSpecOptions {
  /**
   * Also load the models and run the model-set checks and Prisma's validator (default true).
   * `create-backant` turns it off because planning the project runs the same checks once more,
   * for the database finally chosen; it reports their problem with specProblemOf.
   */
  checkModelSet?: boolean;
  /** The database to check the models for; default the spec's "db", else sqlite. */
  provider?: Provider;
  /** Problems readSpecInput found in the text (duplicate keys, "__proto__"), listed with the rest. */
  textProblems?: readonly SpecProblem[];
}

export async function parseSpec(json: unknown, source = "the spec", options: ParseSpecOptions = {}): Promise<ProjectSpec> {
  const problems: SpecProblem[] = [...(options.textProblems ?? [])];
  // Every check below walks the value recursively: a value built in code (not read by
  // readSpecInput) is held to the same depth.
  if (jsonDepth(json) > MAX_SPEC_DEPTH) throw specError([{ path: "", message: `nested more than ${MAX_SPEC_DEPTH} levels deep; flatten it` }], source);
  const parsed = specSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ path: jsonPath(issue.path), message: zodMessage(issue, json) });
  }
  // Check what can be checked in the parts that have the right shape, so one run lists everything.
  const raw = (parsed.success ? parsed.data : partialSpec(json)) as RawSpec;

  let name: string | undefined;
  if (typeof raw.name === "string") {
    try {
      name = checkProjectName(raw.name);
    } catch (error) {
      problems.push({ path: "name", message: messageOf(error) });
    }
  }

  const modelEntries = raw.models === undefined ? Object.entries(DEFAULT_MODEL_FIELDS).map(([model, fields]) => [model, { fields }] as const) : Object.entries(raw.models);
  const modelNames = modelEntries.map(([model]) => model);
  const fields: Record<string, FieldSpec[]> = {};
  for (const [model, body] of modelEntries) {
    const at = `models${segment(model)}`;
    try {
      checkModelName(model);
    } catch (error) {
      problems.push({ path: at, message: messageOf(error) });
      continue;
    }
    const sameButCase = modelNames.find((other) => other !== model && other.toLowerCase() === model.toLowerCase());
    if (sameButCase) problems.push({ path: at, message: `model ${model} differs from model ${sameButCase} only in letter case (their files would clash on case-insensitive file systems)` });
    if (typeof body !== "object" || body === null) continue;
    fields[model] = parseModelFields(model, (body as { fields?: unknown }).fields, at, modelNames, problems);
  }

  const routes = parseRoutes(raw.routes, modelNames, problems);
  const db = typeof raw.db === "string" && (PROVIDERS as readonly string[]).includes(raw.db) ? raw.db : undefined;

  const models: Record<string, string> = {};
  if (problems.length === 0) {
    const keyTypes = keyTypesOf(fields);
    for (const [model, specs] of Object.entries(fields)) models[model] = renderModelSource(model, specs, keyTypes);
    if (options.checkModelSet !== false) await checkModelSources(models, options.provider ?? db ?? "sqlite", problems);
  }
  if (problems.length > 0) throw specError(inDocumentOrder(problems, json), source);
  return { ...(name === undefined ? {} : { name }), ...(db === undefined ? {} : { db }), models, fields, routes };
}

/** The default project's models (no --spec). */
export async function defaultProjectSpec(): Promise<ProjectSpec> {
  return parseSpec({});
}

/** One InputError listing every problem, one per line, with its JSON path. */
export function specError(problems: SpecProblem[], source: string): InputError {
  const lines = problems.map((problem) => `  ${problem.path || "(top level)"}: ${problem.message}`);
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return new InputError(`The spec (${source}) has ${count}; nothing was written:\n${lines.join("\n")}`, {
    code: "BAD_SPEC",
    hint: `Fix each listed path and run the command again (add --dry-run to check the spec without creating anything). The format is described in README.md, "The project spec". Fields: ${fieldSpecSyntax}`,
    details: { problems },
  });
}

function parseModelFields(model: string, raw: unknown, at: string, modelNames: string[], problems: SpecProblem[]): FieldSpec[] {
  const entries: Array<{ path: string; token: string }> = [];
  if (raw === undefined) {
    // A model with only its automatic fields (id, createdAt, updatedAt).
  } else if (typeof raw === "string") {
    try {
      for (const token of splitSpecs(raw)) entries.push({ path: `${at}.fields`, token });
    } catch (error) {
      problems.push({ path: `${at}.fields`, message: messageOf(error) });
    }
  } else if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    for (const [field, type] of Object.entries(raw)) {
      if (typeof type === "string") entries.push({ path: `${at}.fields${segment(field)}`, token: `${field}:${type}` });
    }
  } else {
    return [];
  }

  const specs: FieldSpec[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    let spec: FieldSpec;
    try {
      spec = parseFieldSpec(entry.token);
    } catch (error) {
      problems.push({ path: entry.path, message: messageOf(error) });
      continue;
    }
    const problem = automaticFieldProblem(spec) ?? relationProblem(spec, modelNames);
    if (seen.has(spec.name)) problems.push({ path: entry.path, message: `field "${spec.name}" is given twice` });
    else if (problem) problems.push({ path: entry.path, message: problem });
    else specs.push(spec);
    seen.add(spec.name);
  }
  return specs;
}

/** add-model's rules for the fields every model gets by itself. */
function automaticFieldProblem(spec: FieldSpec): string | undefined {
  if (spec.name === "id" && spec.kind !== "id") return 'field "id" is added to every model; leave it out, or choose its kind with "id:id(uuid)" or "id:id(cuid)"';
  if (spec.kind === "id" && spec.name !== "id") return `field "${spec.name}" cannot be an id: the id field is "id"`;
  if ((spec.name === "createdAt" || spec.name === "updatedAt") && !(spec.kind === "timestamp" && spec.type === spec.name)) {
    return `field "${spec.name}" is added to every model automatically; leave it out`;
  }
  return undefined;
}

function relationProblem(spec: FieldSpec, modelNames: string[]): string | undefined {
  if (spec.kind !== "relation" || modelNames.includes(spec.target)) return undefined;
  const suggestion = closestMatch(spec.target, modelNames);
  return `field "${spec.name}" relates to model ${spec.target}, which the spec does not define` + (suggestion ? ` (did you mean ${suggestion}?)` : ` (models: ${modelNames.join(", ") || "none"})`);
}

/** belongsTo foreign keys follow the target's id kind (t.id("uuid") -> string keys). */
function keyTypesOf(fields: Record<string, FieldSpec[]>): TargetKeyTypes {
  const keyTypes: Record<string, "bigint" | "string"> = {};
  for (const [model, specs] of Object.entries(fields)) {
    const id = specs.find((spec) => spec.kind === "id");
    if (id?.kind !== "id") continue;
    if (id.strategy === "uuid" || id.strategy === "cuid") keyTypes[model] = "string";
    else if (id.strategy === "bigint") keyTypes[model] = "bigint";
  }
  return keyTypes;
}

/** The route path of a model as the generated project mounts it: OrderLines -> order-lines. */
const kebabCase = (name: string): string => snakeCase(name).replace(/_/g, "-");

function parseRoutes(raw: unknown, modelNames: string[], problems: SpecProblem[]): RouteSpec[] {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return [];
  const modelRoutes = new Map(modelNames.map((model) => [kebabCase(model), model]));
  const routes: RouteSpec[] = [];
  for (const [name, body] of Object.entries(raw as Record<string, unknown>)) {
    const at = `routes${segment(name)}`;
    const routeName = routeNameOf(name, "route", at, problems);
    if (routeName !== undefined && routes.some((other) => other.name === routeName.kebab)) {
      problems.push({ path: at, message: `route "${name}" is the same path as an earlier route (/${routeName.kebab})` });
    } else if (routeName !== undefined && modelRoutes.has(routeName.kebab)) {
      problems.push({ path: at, message: `/${routeName.kebab} is already the CRUD route of model ${modelRoutes.get(routeName.kebab)}; choose another name, or add subroutes to it later with backant add-subroute` });
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) continue;
    const route = body as { methods?: unknown; method?: unknown; mock?: unknown; subroutes?: unknown };
    if (route.methods !== undefined && route.method !== undefined) problems.push({ path: at, message: 'give "methods" (a list) or "method", not both' });
    const methods = uniqueMethods(Array.isArray(route.methods) ? route.methods : typeof route.method === "string" ? [route.method] : ["GET"]);
    // Each endpoint becomes a method of the route's service class (GET /reports -> getReports,
    // POST /reports/daily -> createDaily): two endpoints must not need the same one.
    const serviceMethods = new Map<string, string>();
    const claim = (method: string, pascal: string, where: string) => {
      const serviceMethod = methodNameFor(method as HttpMethod, pascal);
      const owner = serviceMethods.get(serviceMethod);
      if (owner !== undefined) problems.push({ path: where, message: `its service method ${serviceMethod}() is already the one of ${owner}; rename the subroute` });
      else serviceMethods.set(serviceMethod, where);
    };
    if (routeName) for (const method of methods) claim(method, routeName.pascal, `${at}.methods`);
    const subroutes: SubrouteSpec[] = [];
    if (typeof route.subroutes === "object" && route.subroutes !== null && !Array.isArray(route.subroutes)) {
      for (const [subName, subBody] of Object.entries(route.subroutes as Record<string, unknown>)) {
        const subAt = `${at}.subroutes${segment(subName)}`;
        const subrouteName = routeNameOf(subName, "subroute", subAt, problems);
        if (subrouteName === undefined || typeof subBody !== "object" || subBody === null) continue;
        const sub = subBody as { method?: unknown; mock?: unknown };
        checkMockDepth(sub, subAt, problems);
        const method = (typeof sub.method === "string" && (HTTP_METHODS as readonly string[]).includes(sub.method) ? sub.method : "GET") as HttpMethod;
        if (subroutes.some((other) => other.name === subrouteName.kebab && other.method === method)) {
          problems.push({ path: subAt, message: `${method} /${routeName?.kebab ?? name}/${subrouteName.kebab} is given twice` });
          continue;
        }
        claim(method, subrouteName.pascal, subAt);
        subroutes.push({ name: subrouteName.kebab, method, ...("mock" in sub ? { mock: sub.mock } : {}) });
      }
    }
    checkMockDepth(route, at, problems);
    if (routeName !== undefined) routes.push({ name: routeName.kebab, methods, ...("mock" in route ? { mock: route.mock } : {}), subroutes });
  }
  return routes;
}

/** add-route's --mock rule: the generated service and response schema are written from the value by recursion. */
function checkMockDepth(body: { mock?: unknown }, at: string, problems: SpecProblem[]): void {
  if ("mock" in body && jsonDepth(body.mock) > MAX_JSON_DEPTH) problems.push({ path: `${at}.mock`, message: `nested more than ${MAX_JSON_DEPTH} levels deep; flatten it` });
}

/** add-route's name rules (kebab-case, camelCase or snake_case); the route is named by its kebab form. */
function routeNameOf(raw: string, what: "route" | "subroute", at: string, problems: SpecProblem[]): RouteName | undefined {
  try {
    return checkRouteName(raw, what);
  } catch (error) {
    problems.push({ path: at, message: messageOf(error) });
    return undefined;
  }
}

function uniqueMethods(values: unknown[]): HttpMethod[] {
  return [...new Set(values.filter((value): value is HttpMethod => (HTTP_METHODS as readonly string[]).includes(value as string)))];
}

/**
 * Runs the model checks and Prisma's validator on the whole model set, through the same loader a
 * project uses, in a temporary folder. The checks stop at their first problem, so this adds at most one.
 */
async function checkModelSources(models: Record<string, string>, provider: Provider, problems: SpecProblem[]): Promise<void> {
  if (Object.keys(models).length === 0) return;
  sweepStale(os.tmpdir(), "backant-spec-");
  const dir = path.join(os.tmpdir(), tempName("backant-spec-"));
  mkdirSync(dir);
  const keep = removeOnExit(dir);
  try {
    const modelsDir = path.join(dir, "src", "models");
    mkdirSync(modelsDir, { recursive: true });
    for (const [model, source] of Object.entries(models)) writeFileSync(path.join(modelsDir, model + MODEL_FILE_SUFFIX), source);
    const set = await loadModelSet(dir);
    validatePrismaSchema(renderPrismaSchema(set, { provider }));
  } catch (error) {
    if (!(error instanceof BackantError)) throw error;
    problems.push(specProblemOf(error));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    keep();
  }
}

/** Sorts problems as their values appear in the spec (a problem with the whole spec first). */
function inDocumentOrder(problems: SpecProblem[], json: unknown): SpecProblem[] {
  const order = new Map<string, number>();
  const visit = (value: unknown, at: string) => {
    order.set(at, order.size);
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${at}[${index}]`));
    else if (typeof value === "object" && value !== null) for (const [name, item] of Object.entries(value)) visit(item, at === "" ? segment(name).replace(/^\./, "") : at + segment(name));
  };
  visit(json, "");
  const rank = (at: string) => {
    for (let prefix = at; ; prefix = prefix.replace(/(\.[^.[]*|\[[^\]]*\])$/, "")) {
      const index = order.get(prefix);
      if (index !== undefined) return index;
      if (prefix === "") return 0;
    }
  };
  return problems.map((problem, index) => ({ problem, index })).sort((a, b) => rank(a.problem.path) - rank(b.problem.path) || a.index - b.index).map(({ problem }) => problem);
}

/**
 * A model-set error (InputError naming a model file, model and field; or Prisma's refusal) as a
 * problem of the spec, at the path of the model or field it names.
 */
export function specProblemOf(error: BackantError): SpecProblem {
  const model = typeof error.details?.model === "string" ? error.details.model : undefined;
  const field = typeof error.details?.field === "string" ? error.details.field : undefined;
  const at = model === undefined ? "models" : `models${segment(model)}` + (field === undefined ? "" : `.fields${segment(field)}`);
  // The loader names files in a temporary folder: the spec's path says where instead.
  const message = error.message.replace(/^(\S*\/)?src\/models\/[^:]+: /, "").replace(new RegExp(`${escapeRegExp(os.tmpdir())}\\S*`, "g"), "");
  return { path: at, message };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The object-shaped parts of an invalid spec, so the per-model and per-route checks still run. */
function partialSpec(json: unknown): Record<string, unknown> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { models: {} };
  const spec = json as Record<string, unknown>;
  const objectOrEmpty = (value: unknown) => (typeof value === "object" && value !== null && !Array.isArray(value) ? value : value === undefined ? undefined : {});
  return { ...spec, name: typeof spec.name === "string" ? spec.name : undefined, models: objectOrEmpty(spec.models), routes: objectOrEmpty(spec.routes) };
}

function zodMessage(issue: z.core.$ZodIssue, json: unknown): string {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `"${k}"`).join(", ");
    const known = Object.keys(specSchema.shape);
    const suggestion = issue.path.length === 0 && issue.keys.length === 1 ? closestMatch(issue.keys[0] as string, known) : undefined;
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}` + (suggestion ? ` (did you mean "${suggestion}"?)` : "");
  }
  if (issue.code === "invalid_value") {
    // "postgres" -> did you mean "postgresql"?
    const given = valueAt(json, issue.path);
    const suggestion = typeof given === "string" ? closestMatch(given, issue.values.map(String)) : undefined;
    return `${issue.message}${typeof given === "string" ? `, not "${given}"` : ""}` + (suggestion ? ` (did you mean "${suggestion}"?)` : "");
  }
  return issue.message;
}

function valueAt(json: unknown, at: readonly PropertyKey[]): unknown {
  let value = json;
  for (const segment of at) value = typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  return value;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** A key as a path segment: `.Orders`, or `["bad/name"]` when it is not identifier-like. */
function segment(name: string): string {
  return IDENTIFIER.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function jsonPath(segments: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of segments) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (typeof segment === "string" && IDENTIFIER.test(segment)) text += (text ? "." : "") + segment;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

function messageOf(error: unknown): string {
  // The field-spec syntax reminder is said once, in the hint, not after every field.
  if (error instanceof BackantError) return (error.message + (error.hint && !error.message.includes(error.hint) ? ` ${error.hint}` : "")).replace(` ${fieldSpecSyntax}`, "");
  return error instanceof Error ? error.message : String(error);
}
