import { readFileSync } from "node:fs";
import type Handlebars from "handlebars";
import { type HttpMethod } from "./route-name.js";
import { schemaOfValue, sourceOf, type JsonValue } from "./mock-data.js";
import { compileTemplate } from "./template-cache.js";

/**
 * The code add-route and add-subroute write, from templates/route/: an endpoint (one Fastify
 * route with its response schema), the service method behind it, and a test that calls it. A
 * route file and its service are an endpoint and a method placed around the marker lines that
 * later add-subroute runs insert above.
 */

const templates = new Map<string, Handlebars.TemplateDelegate>();

function render(name: string, context: object): string {
  let template = templates.get(name);
  if (!template) {
    // The output is TypeScript, not HTML: escaping would corrupt string literals.
    template = compileTemplate(readFileSync(new URL(`../../templates/route/${name}`, import.meta.url), "utf8"));
    templates.set(name, template);
  }
  return template(context);
}

export interface Endpoint {
  method: HttpMethod;
  /** Path inside the route plugin: "/" or "/summary". */
  path: string;
  /** Path from the app's root: "/reports" or "/reports/summary". */
  fullPath: string;
  /** The route's kebab name, the docs tag. */
  tag: string;
  serviceVar: string;
  serviceMethod: string;
  /** The given --mock, or undefined for the default answer. */
  mock: JsonValue | undefined;
  /** The command line that made it, named in comments. */
  generator: string;
}

const takesBody = (method: HttpMethod) => method === "POST" || method === "PUT" || method === "PATCH";
const statusOf = (method: HttpMethod) => (method === "POST" ? 201 : 200);

/** What an endpoint without --mock answers (BackAnt: "Your <name> route is working!"), and its sample for the schema. */
function defaultAnswer(endpoint: Endpoint): { source: string; sample: JsonValue; usesData: boolean } {
  if (!takesBody(endpoint.method)) {
    const sample = { message: `Your ${endpoint.method} ${endpoint.fullPath} endpoint is working!` };
    return { source: sourceOf(sample, "  "), sample, usesData: false };
  }
  const message = `${endpoint.method} ${endpoint.fullPath} received your data.`;
  return { source: `{ message: ${JSON.stringify(message)}, data }`, sample: { message, data: {} }, usesData: true };
}

/** The response schema of an endpoint: the mock's shape; the echoed body of the default answer may be anything. */
function responseSchemaOf(endpoint: Endpoint): object {
  if (endpoint.mock !== undefined) return schemaOfValue(endpoint.mock);
  const answer = defaultAnswer(endpoint);
  const schema = schemaOfValue(answer.sample);
  if (answer.usesData && schema.properties) schema.properties.data = {};
  if (answer.usesData) schema.required = ["message"];
  return schema;
}

/**
 * Fastify sends a string a handler returns as text/plain, as is; a mock that is a JSON string must
 * go through the route's serialiser instead (reply.serialize) to reach the client as JSON.
 */
export function answersString(mock: JsonValue | undefined): boolean {
  return typeof mock === "string";
}

export function methodNameFor(method: HttpMethod, pascal: string): string {
  const verb = { GET: "get", POST: "create", PUT: "replace", PATCH: "update", DELETE: "delete" }[method];
  return verb + pascal;
}

/**
 * The endpoint's OpenAPI operationId, from its method and full path ("GET /reports/monthly-summary"
 * -> getReportsMonthlySummary): the service method's name is unique only within its service, the
 * path is unique in the app, and client generators name their functions after it.
 */
export function operationIdFor(method: HttpMethod, fullPath: string): string {
  const pascal = fullPath
    .split(/[/-]/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
  return methodNameFor(method, pascal);
}

/** The `app.<method>(...)` block of an endpoint, unindented (the marker's indentation is added where it lands). */
export function renderEndpoint(endpoint: Endpoint): string {
  return render("endpoint.ts.hbs", {
    method: endpoint.method.toLowerCase(),
    path: endpoint.path,
    tag: endpoint.tag,
    operationId: operationIdFor(endpoint.method, endpoint.fullPath),
    summary: `${endpoint.method} ${endpoint.fullPath}`,
    status: statusOf(endpoint.method),
    responseSchema: sourceOf(responseSchemaOf(endpoint), "        "),
    takesBody: takesBody(endpoint.method),
    created: statusOf(endpoint.method) === 201,
    stringAnswer: answersString(endpoint.mock),
    plain: !takesBody(endpoint.method) && !answersString(endpoint.mock),
    serviceVar: endpoint.serviceVar,
    serviceMethod: endpoint.serviceMethod,
  }).trimEnd();
}

/** The service method behind an endpoint, unindented. */
export function renderServiceMethod(endpoint: Endpoint): string {
  const answer = endpoint.mock === undefined ? defaultAnswer(endpoint) : { source: sourceOf(endpoint.mock, "  "), usesData: false };
  return render("service-method.ts.hbs", {
    METHOD: endpoint.method,
    fullPath: endpoint.fullPath,
    generator: endpoint.generator,
    serviceMethod: endpoint.serviceMethod,
    takesBody: takesBody(endpoint.method),
    usesData: answer.usesData,
    result: answer.source,
  }).trimEnd();
}

/** A test file that calls the endpoint and expects its answer. */
export function renderEndpointTest(endpoint: Endpoint): string {
  const payload = { example: true };
  const expected: JsonValue =
    endpoint.mock !== undefined
      ? endpoint.mock
      : takesBody(endpoint.method)
        ? { message: `${endpoint.method} ${endpoint.fullPath} received your data.`, data: payload }
        : (defaultAnswer(endpoint).sample as JsonValue);
  return render("endpoint.test.ts.hbs", {
    generator: endpoint.generator,
    METHOD: endpoint.method,
    fullPath: endpoint.fullPath,
    status: statusOf(endpoint.method),
    takesBody: takesBody(endpoint.method),
    payload: sourceOf(payload, "    "),
    expected: sourceOf(expected, "    "),
  });
}

/** Indents every non-empty line but the first (the first lands where the placeholder is). */
export function indentTail(text: string, indent: string): string {
  return text
    .split("\n")
    .map((line, index) => (index === 0 || line === "" ? line : indent + line))
    .join("\n");
}

export function renderRouteFile(context: { kebab: string; raw: string; camel: string; serviceVar: string; serviceClass: string; endpoint: Endpoint }): string {
  return render("route.ts.hbs", { ...context, endpoint: indentTail(renderEndpoint(context.endpoint), "  ") });
}

export function renderServiceFile(context: { kebab: string; raw: string; serviceVar: string; serviceClass: string; endpoint: Endpoint }): string {
  return render("service.ts.hbs", { ...context, method: indentTail(renderServiceMethod(context.endpoint), "  ") });
}
